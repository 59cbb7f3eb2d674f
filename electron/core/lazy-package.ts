/**
 * A package loaded on its first use instead of when the back office starts (issue 20, item 5):
 * pdfkit, bwip-js and date-holidays cost ~0.6 s of CPU to load, which the first answer of a door
 * (the login screen's) waited for although no paper nor calendar is needed to show it. They are
 * used from synchronous code (a document is drawn in one go), so they load with Node's `require`
 * (their CommonJS build), once, the first time a paper or a year of holidays is made.
 * Packages used only from async code load with `await import()` where they are used.
 */
import { createRequire } from 'node:module';

const requirePackage = createRequire(import.meta.url);

/** `() => the package`, loading it on the first call. */
export function onFirstUse<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requirePackage(name) as T);
}
