/**
 * The company's update server for electron-updater's "generic" provider: an HTTP folder on the
 * company's network holding what `npm run package` leaves in release/ (latest.yml, the installer
 * and its .blockmap). No Electron here.
 */
export interface GenericFeed {
  provider: 'generic';
  url: string;
}

/** how often a running app asks the server */
export const CHECK_EVERY_MS = 4 * 60 * 60 * 1000;

/** The feed for a server address (the folder's URL always ends in "/", so latest.yml is found inside it). */
export function genericFeed(url: string): GenericFeed {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('el servidor de actualizaciones debe ser http o https');
  if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
  parsed.search = '';
  parsed.hash = '';
  return { provider: 'generic', url: parsed.toString() };
}
