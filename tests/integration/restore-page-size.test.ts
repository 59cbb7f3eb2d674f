/**
 * A copy with another page size (issue 21, item 6): SQLite cannot copy it into a live WAL database,
 * and the screen used to answer "restáurelo con: npm run cli -- restore". Now the screen restores it
 * itself with the database closed for a moment (as the CLI does): the copy is in place, the current
 * database is kept aside, every session ends, and the back office goes on working. SQLite only.
 */
import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { describe, expect, it } from 'vitest';
import { backupsDir } from '../../electron/core/db/backup';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import { ADMIN, createInitializedBackOffice, onPostgres, sqliteFile } from '../helpers/backoffice';

/** runs statements on a file with the plain driver, outside the back office */
function exec(file: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (error) => {
      if (error) return reject(error);
      db.exec(sql, (e) => db.close(() => (e ? reject(e) : resolve())));
    });
  });
}

describe.skipIf(onPostgres)('restoring a copy with another page size from the screen', () => {
  it('restores it with the database closed for a moment, keeps the current one aside and ends every session', async () => {
    const t = await createInitializedBackOffice();
    try {
      const copy = await t.ok('backups.create', {}, t.adminToken);
      // the copy, rebuilt with 8 KB pages (the live database has 4 KB ones), as one brought from an
      // earlier version without its manifest (with it, the changed bytes would be refused: issue 12)
      const copyFile = path.join(backupsDir(sqliteFile(t.app)), copy.file);
      await exec(copyFile, 'PRAGMA journal_mode=DELETE; PRAGMA page_size=8192; VACUUM;');
      fs.rmSync(`${copyFile}.manifiesto.json`);
      await t.ok('users.create', { fullName: 'Después de la copia', username: 'despues.copia', officeId: t.officeId, role: 'auxiliar', password: 'clave-de-prueba' }, t.adminToken);

      const result = await t.ok('backups.restore', { file: copy.file }, t.adminToken);
      expect([result.restored, result.sessionsEnded, result.schemaVersion]).toEqual([copy.file, true, MIGRATIONS.length]);
      expect(result.keptAside).toMatch(/^antes-de-restaurar-/);
      // the copy's pages, the copy's people (not the one added after it), and everyone logs in again
      expect((await t.app.db.raw<{ page_size: number }[]>('PRAGMA page_size'))[0].page_size).toBe(8192);
      expect(await t.call('users.list', {}, t.adminToken)).toEqual({ ok: false, error: { code: 'NOT_AUTHENTICATED', message: 'Su sesión terminó. Ingrese de nuevo.' } });
      const { token } = await t.ok('auth.login', { username: ADMIN.username, password: ADMIN.password });
      expect((await t.ok('users.list', {}, token)).map((u) => u.username)).toEqual(['admin']);
      // the back office goes on working on the restored file
      await t.ok('users.create', { fullName: 'Otra Vez', username: 'otra.vez', officeId: t.officeId, role: 'cajero', password: 'clave-de-prueba' }, token);
      expect((await t.ok('backups.list', {}, token)).files.find((f) => f.file === result.keptAside)?.kind).toBe('before-restore');
    } finally {
      await t.close();
    }
  });
});
