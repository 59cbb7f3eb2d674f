import { app, session, shell, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../core/host/csp';
import { allowedExternalUrl } from './external-links';

/** the sites a link may open in the system's browser (Administración › Este equipo); none until read */
let externalHosts: readonly string[] = [];

export function setExternalHosts(hosts: readonly string[]): void {
  externalHosts = [...hosts];
}

/** The app's own origin; everything else is outside. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://ventanilla`;

/** Whether a URL belongs to the app (its own scheme, or the dev server while developing). */
export function isAppUrl(url: string): boolean {
  if (url.startsWith(`${APP_ORIGIN}/`)) return true;
  const dev = process.env.ELECTRON_RENDERER_URL;
  return !app.isPackaged && Boolean(dev) && url.startsWith(dev as string);
}

/** Default-deny: CSP on every response, no permissions, no navigation away, no new windows. */
export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // no window opens; only https links to the company's allowed sites go to the system's browser
    if (allowedExternalUrl(url, externalHosts)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
