/**
 * The web door for the end-to-end tests: a fresh database in a new temporary folder each run,
 * the built renderer from out/web, on port E2E_PORT (tests/e2e/story.ts gives each door its own), key from
 * VENTANILLA_WEB_KEY.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBackOffice, closeBackOffice } from '../../electron/core/backoffice';
import { startHost } from '../../electron/core/host/server';
import { DailyBackupScheduler } from '../../electron/core/modules/backups/scheduler';

// E2E_DB_DIR: a folder the spec chose (a story that must move a date the clock cannot, e.g. a notice's term: workorders.spec.ts)
const dir = process.env.E2E_DB_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-e2e-'));
const app = await openBackOffice({ dbFile: path.join(dir, 'ventanilla.sqlite') });
// as `npm run web` does: the first copy right after the first-start wizard (the hourly scheduler is not started here)
const backups = new DailyBackupScheduler(app);
app.afterSetup = backups.firstCopy;
const host = await startHost({
  app,
  port: Number(process.env.E2E_PORT ?? 5181),
  staticDir: path.resolve('out/web'),
  key: process.env.VENTANILLA_WEB_KEY ?? 'e2e',
});
console.log(`e2e: ${host.url} (base de datos en ${dir})`);

const stop = async () => {
  await host.close();
  await closeBackOffice(app);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
