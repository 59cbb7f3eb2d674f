/**
 * The screen's own errors (an exception nobody caught, a promise nobody handled) go to the
 * application's log through the back office (`desktop.reportError`), so the administrator finds
 * them in the same file as the main process's and the back office's. At most one per second from
 * here; the back office also limits them.
 */
import { call } from '../api/client';

let last = 0;

function report(message: string, detail: string | undefined): void {
  const now = Date.now();
  if (now - last < 1000) return;
  last = now;
  void call('desktop.reportError', { message: message.slice(0, 1000), detail: detail?.slice(0, 8000), where: location.hash.slice(0, 300) || '/' });
}

export function reportScreenErrors(): void {
  window.addEventListener('error', (event) => report(event.message || 'Error', event.error instanceof Error ? event.error.stack : `${event.filename}:${event.lineno}`));
  window.addEventListener('unhandledrejection', (event) => {
    const reason: unknown = event.reason;
    report(reason instanceof Error ? reason.message : String(reason), reason instanceof Error ? reason.stack : undefined);
  });
}
