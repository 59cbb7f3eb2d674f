import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBackOffice, closeBackOffice } from '../../electron/core/backoffice';
import { LATEST_SCHEMA_VERSION } from '../../electron/core/db/migrate';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import { openDatabase } from '../../electron/core/db/connection';
import { COMPANY, onPostgres, tempDir } from '../helpers/backoffice';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

// about the SQLite file (WAL, foreign keys, the copy before migrating); on PostgreSQL every test's
// fresh database runs the same migrations
describe.skipIf(onPostgres)('migrations', () => {
  it('build an empty file up to the latest schema, with WAL and foreign keys on', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const app = await openBackOffice({ dbFile: path.join(dir, 'v.sqlite') });
    expect(app.migration.applied).toEqual(MIGRATIONS.map((m) => m.name));
    expect(app.migration.backupFile).toBeNull();
    expect(app.migration.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(await app.db.raw('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await app.db.raw('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    await closeBackOffice(app);
  });

  it('re-run on an up-to-date file changes nothing and makes no backup', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = path.join(dir, 'v.sqlite');
    await closeBackOffice(await openBackOffice({ dbFile: file }));
    const again = await openBackOffice({ dbFile: file });
    expect(again.migration.applied).toEqual([]);
    expect(again.migration.backupFile).toBeNull();
    await closeBackOffice(again);
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
  });

  it('a failed migration of an existing file keeps a backup, says so in Spanish, and leaves the data usable', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = path.join(dir, 'v.sqlite');
    const first = await openBackOffice({ dbFile: file });
    await first.db('company').insert({ id: 1, ...{ name: COMPANY.name, nit: COMPANY.nit, gln: COMPANY.gln, country: 'CO', currency: 'COP', time_zone: COMPANY.timeZone }, created_at: 'x' });
    // pretend the first migration never ran: running it again must fail (its tables exist)
    await first.db('knex_migrations').del();
    await closeBackOffice(first);

    await expect(openBackOffice({ dbFile: file })).rejects.toThrow(/No se pudo actualizar la base de datos.*La copia hecha antes de intentarlo está en .*backups/);
    // the copy, and its manifest (its audit anchor, counters and SHA-256) beside it
    const backups = fs.readdirSync(path.join(dir, 'backups')).sort();
    expect(backups).toEqual([expect.stringMatching(/^antes-de-migrar-v0-.*\.sqlite$/), expect.stringMatching(/^antes-de-migrar-v0-.*\.sqlite\.manifiesto\.json$/)]);
    const copy = openDatabase({ filename: path.join(dir, 'backups', backups[0]) });
    expect((await copy('company').first('name')).name).toBe(COMPANY.name);
    await copy.destroy();
    const original = openDatabase({ filename: file });
    expect((await original('company').first('name')).name).toBe(COMPANY.name);
    await original.destroy();
  });
});
