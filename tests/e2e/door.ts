/**
 * How an end-to-end door starts (the config's webServer list and story.ts startOwnHost): from the
 * bundle `node electron/build-web-host.mjs --e2e` builds (out/e2e-host/start-host.js, plain
 * JavaScript, as `npm run web` runs out/host/start.js) when it is there and no source is newer;
 * otherwise through tsx, which compiles every source file of the back office in each door at its
 * start. The config's first load (the runner's process, before any door starts: Playwright starts
 * the webServer list before a global setup could run) builds the bundle once when it is missing or
 * older than a source; the workers only read it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUNDLE = path.join(ROOT, 'out/e2e-host/start-host.js');
/** what the bundle is made of: the back office, the shared code and the door itself */
const SOURCES = [path.join(ROOT, 'electron'), path.join(ROOT, 'shared'), path.join(ROOT, 'tests/e2e/start-host.ts')];

/** the newest modification time among the files under `paths` (ms) */
function newestSource(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

function bundleIsFresh(): boolean {
  return fs.existsSync(BUNDLE) && fs.statSync(BUNDLE).mtimeMs >= newestSource(SOURCES);
}

/**
 * Builds the door's bundle when it is missing or stale; once per run (the workers inherit the
 * environment variable the runner's process sets). A failed build leaves the doors on tsx, said once.
 */
export function prepareE2eDoor(): void {
  if (process.env.VENTANILLA_E2E_DOOR_CHECKED) return;
  process.env.VENTANILLA_E2E_DOOR_CHECKED = '1';
  if (bundleIsFresh()) return;
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'electron/build-web-host.mjs'), '--e2e'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (error) {
    console.error(`e2e: no se pudo construir la puerta de las pruebas (${error instanceof Error ? error.message : String(error)}): las puertas arrancan con tsx`);
  }
}

/** the program and arguments that start one door (its port and database come from the environment) */
export function e2eDoor(): { program: string; args: string[] } {
  if (bundleIsFresh()) return { program: process.execPath, args: [BUNDLE] };
  return { program: path.join(ROOT, 'node_modules/.bin/tsx'), args: [path.join(ROOT, 'tests/e2e/start-host.ts')] };
}
