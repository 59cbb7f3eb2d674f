import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importFile } from '../../electron/core/modules/imports/service';
import { createInitializedBackOffice, onPostgres } from '../helpers/backoffice';

let t: Awaited<ReturnType<typeof createInitializedBackOffice>>;
beforeAll(async () => {
  t = await createInitializedBackOffice();
});
afterAll(() => t.close());

// Scratch files are SQLite's staging (PostgreSQL's are TEMP tables the server drops with the connection): SQLite only.
it.skipIf(onPostgres)('an import removes the scratch files that killed imports left behind, and only those', async () => {
  const uploads = path.join(t.dir, 'uploads');
  fs.mkdirSync(uploads, { recursive: true });
  const stale = path.join(uploads, 'aaaaaaaaaaaaaaaa.staging.sqlite');
  const recent = path.join(uploads, 'bbbbbbbbbbbbbbbb.staging.sqlite');
  fs.writeFileSync(stale, 'x'.repeat(1024));
  fs.writeFileSync(recent, 'x');
  const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
  fs.utimesSync(stale, twoHoursAgo, twoHoursAgo);

  const sample = path.resolve('resources/samples/cuentas.csv');
  const result = await importFile(t.app, { userId: null, name: 'prueba', officeId: null }, 'accounts', sample, { commit: false });
  expect(result.fileError).toBeNull();
  expect(fs.existsSync(stale)).toBe(false);
  expect(fs.existsSync(recent)).toBe(true);
});
