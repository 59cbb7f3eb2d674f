/**
 * Backups from the screen (issue 14, finding 15): "Guardar una copia en…" writes a complete copy
 * into a chosen folder (a USB stick), never over a file, refusing a folder that is not there or not
 * a folder with the reason; the removable drives found are offered; and the restore answers with
 * the folder's list as it is after it (the copy kept aside included), for the screen to show.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import sqlite3 from 'sqlite3';
import { createInitializedBackOffice, onPostgres, type TestBackOffice } from '../helpers/backoffice';
import { backupDestinations } from '../../electron/core/modules/backups/copyTo';

type T = TestBackOffice & { adminToken: string; officeId: number };
let t: T;
let usb: string;

beforeEach(async () => {
  t = await createInitializedBackOffice();
  usb = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-usb-'));
});
afterEach(async () => {
  await t.close();
  fs.rmSync(usb, { recursive: true, force: true });
});

/** the company's name as read from a SQLite file (the copy opens on its own) */
function companyIn(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (error) => {
      if (error) return reject(error);
      db.get('SELECT name FROM company', (e: Error | null, row: { name: string }) => {
        db.close();
        return e ? reject(e) : resolve(row.name);
      });
    });
  });
}

describe.skipIf(onPostgres)('Guardar una copia en…', () => {
  it('writes a complete copy into the chosen folder, named with the date and time, and audits it', async () => {
    const saved = await t.ok('backups.saveCopy', { folder: usb }, t.adminToken);
    expect(path.dirname(saved.path)).toBe(usb);
    expect(path.basename(saved.path)).toMatch(/^ventanilla-copia-\d{4}-\d{2}-\d{2}-\d{6}\.sqlite$/);
    expect(fs.statSync(saved.path).size).toBe(saved.bytes);
    expect(await companyIn(saved.path)).toBe((await t.ok('company.get', {}, t.adminToken)).name);
    const audit = await t.app.db('audit_log').where({ action: 'backup.create' }).orderBy('id', 'desc').first('after_json');
    expect(JSON.parse(audit.after_json).file).toBe(saved.path);
    // the backups folder is not where it went
    expect((await t.ok('backups.list', {}, t.adminToken)).files.map((f) => f.file)).not.toContain(path.basename(saved.path));
  });

  it('refuses, with the reason and nothing written, a folder that does not exist, a file, a relative path', async () => {
    const audits = async () => Number((await t.app.db('audit_log').count({ n: '*' }).first())?.n);
    const before = await audits();
    const missing = await t.call('backups.saveCopy', { folder: path.join(usb, 'no-esta') }, t.adminToken);
    expect(missing.ok ? null : missing.error).toMatchObject({
      code: 'VALIDATION',
      message: `La carpeta ${path.join(usb, 'no-esta')} no existe en este equipo: conecte la memoria o revise la ruta.`,
      fields: { folder: 'No existe' },
    });
    const file = path.join(usb, 'nota.txt');
    fs.writeFileSync(file, 'x');
    const notFolder = await t.call('backups.saveCopy', { folder: file }, t.adminToken);
    expect(notFolder.ok ? null : notFolder.error).toMatchObject({ code: 'VALIDATION', message: `${file} es un archivo, no una carpeta.` });
    const relative = await t.call('backups.saveCopy', { folder: 'usb/copias' }, t.adminToken);
    expect(relative.ok ? null : relative.error).toMatchObject({ code: 'VALIDATION', fields: { folder: 'Ruta incompleta' } });
    expect(fs.readdirSync(usb)).toEqual(['nota.txt']);
    expect(await audits()).toBe(before);
  });

  it('only the administrator saves copies', async () => {
    await t.ok('users.create', { fullName: 'Carolina Ruiz', username: 'coord', officeId: t.officeId, role: 'coordinador', password: 'clave-de-prueba' }, t.adminToken);
    const coord = (await t.ok('auth.login', { username: 'coord', password: 'clave-de-prueba' })).token;
    const refused = await t.call('backups.saveCopy', { folder: usb }, coord);
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'FORBIDDEN', message: 'Su rol no permite esta operación.' });
    expect(fs.readdirSync(usb)).toEqual([]);
  });

  it('the restore answers with the folder as it is after it, the copy kept aside included', async () => {
    const made = await t.ok('backups.create', {}, t.adminToken);
    const restored = await t.ok('backups.restore', { file: made.file }, t.adminToken);
    expect(restored.files?.map((f) => f.file)).toEqual(expect.arrayContaining([made.file, restored.keptAside]));
    expect(restored.files?.find((f) => f.file === restored.keptAside)?.kind).toBe('before-restore');
  });
});

describe.runIf(onPostgres)('on PostgreSQL', () => {
  it('the copies are the server\'s: saving one is refused with the reason', async () => {
    const refused = await t.call('backups.saveCopy', { folder: usb }, t.adminToken);
    expect(refused.ok ? null : refused.error.message).toContain('Con PostgreSQL las copias de seguridad se hacen en el servidor con pg_dump');
    expect(fs.readdirSync(usb)).toEqual([]);
  });
});

describe('the drives offered', () => {
  it('lists the writable folders under the mount roots, with their free space; not files', () => {
    const media = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-media-'));
    try {
      fs.mkdirSync(path.join(media, 'KINGSTON'));
      fs.mkdirSync(path.join(media, 'SANDISK'));
      fs.writeFileSync(path.join(media, 'no-soy-memoria.txt'), 'x');
      const found = backupDestinations({ roots: [media, path.join(media, 'no-existe')] });
      expect(found.map((d) => [d.label, d.path])).toEqual([
        ['KINGSTON', path.join(media, 'KINGSTON')],
        ['SANDISK', path.join(media, 'SANDISK')],
      ]);
      expect(found[0].freeBytes).toBeGreaterThan(0);
    } finally {
      fs.rmSync(media, { recursive: true, force: true });
    }
  });
});
