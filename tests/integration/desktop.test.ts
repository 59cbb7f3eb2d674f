/**
 * The desktop handlers on a real back office, on SQLite and (with VENTANILLA_TEST_PG_URL) on
 * PostgreSQL (issue 21): Acerca de for everyone, the update server and the link sites for the
 * administrator only (saved with an audit row; a bad address refused in Spanish, nothing written),
 * "Reiniciar ahora" where the program can and cannot restart, the administrator's notices (a daily
 * backup that fails), the screen's errors in the log (limited, never forging a line), a database
 * newer than the app said in Spanish without touching it, and a SQLite file on a network share
 * refused before anything is created.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { LATEST_SCHEMA_VERSION } from '../../electron/core/db/migrate';
import { DailyBackupScheduler } from '../../electron/core/modules/backups/scheduler';
import { openDatabase } from '../../electron/core/db/connection';
import { runtimeOf, type Logger } from '../../electron/core/runtime';
import type { ShareProbe } from '../../electron/core/network-share';
import { createInitializedBackOffice, createPgTestDatabase, loginAs, onPostgres, sqliteFile, tempDir, type TestBackOffice } from '../helpers/backoffice';

let t: TestBackOffice & { adminToken: string; officeId: number };
let cashier: string;
const settingsRows = async () => Number((await t.app.db('settings').where('key', 'like', 'desktop.%').count({ n: '*' }))[0].n);
const auditOf = async (action: string) => (await t.app.db('audit_log').where({ action }).select('after_json')) as { after_json: string }[];

beforeAll(async () => {
  t = await createInitializedBackOffice();
  cashier = await loginAs(t, 'cajero');
});
afterAll(async () => {
  await t.close();
});

describe('Acerca de and the desktop settings', () => {
  it('Acerca de answers everyone logged in: version, schema, data folder and database (never its password)', async () => {
    const about = await t.ok('desktop.about', {}, cashier);
    expect(about).toMatchObject({ product: 'Ventanilla', program: 'prueba', schemaVersion: LATEST_SCHEMA_VERSION, dataDir: t.app.dataDir, logFile: null, electron: null });
    expect(about.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(about.database).toEqual(onPostgres ? expect.stringMatching(/^PostgreSQL postgres:\/\/[^:@]+@/) : sqliteFile(t.app));
    expect(about.updates.state).toBe('sin-servidor');
  });

  it('the update server and the link sites: the administrator only; saved with an audit row; a bad address refused in Spanish, nothing written', async () => {
    expect(await t.call('desktop.settings', {}, cashier)).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Su rol no permite esta operación.' } });
    expect(await t.ok('desktop.settings', {}, t.adminToken)).toEqual({ updateUrl: '', externalLinkHosts: [] });
    const before = await settingsRows();
    expect(await t.call('desktop.saveSettings', { updateUrl: 'ftp://servidor/ventanilla', externalLinkHosts: [] }, t.adminToken)).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'Datos inválidos en «updateUrl»: Escriba la dirección del servidor de actualizaciones así: http://servidor/ventanilla/',
        fields: { updateUrl: 'Escriba la dirección del servidor de actualizaciones así: http://servidor/ventanilla/' },
      },
    });
    expect(await t.call('desktop.saveSettings', { updateUrl: '', externalLinkHosts: ['https://www.sui.gov.co/'] }, t.adminToken)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'Datos inválidos en «externalLinkHosts.0»: Escriba solo el nombre del sitio, como www.superservicios.gov.co (o *.gov.co para todos los de ese dominio)' },
    });
    expect(await settingsRows()).toBe(before);
    expect(await auditOf('desktop.settings')).toEqual([]);

    const told = vi.fn();
    runtimeOf(t.app).onDesktopSettings = told;
    const saved = await t.ok('desktop.saveSettings', { updateUrl: ' http://actualizaciones.oficina/ventanilla/ ', externalLinkHosts: ['WWW.Superservicios.gov.co', '*.sui.gov.co', 'www.superservicios.gov.co'] }, t.adminToken);
    expect(saved).toEqual({ updateUrl: 'http://actualizaciones.oficina/ventanilla/', externalLinkHosts: ['www.superservicios.gov.co', '*.sui.gov.co'] });
    expect(await t.ok('desktop.settings', {}, t.adminToken)).toEqual(saved);
    expect(told).toHaveBeenCalledWith(saved);
    const [row] = await auditOf('desktop.settings');
    expect(JSON.parse(row.after_json)).toEqual(saved);
  });
});

describe('restart, notices and the screen’s errors', () => {
  it('a program that cannot restart itself says how; the desktop app restarts after answering', async () => {
    expect(await t.ok('desktop.restart', {}, t.adminToken)).toEqual({
      restarting: false,
      message: 'Esta aplicación no se reinicia sola: ciérrela y ábrala de nuevo para aplicar el cambio.',
    });
    const restart = vi.fn();
    runtimeOf(t.app).restart = restart;
    try {
      expect(await t.ok('desktop.restart', {}, t.adminToken)).toEqual({ restarting: true, message: 'Ventanilla se cierra y se abre de nuevo…' });
      expect(restart).not.toHaveBeenCalled(); // the answer goes first
      await vi.waitFor(() => expect(restart).toHaveBeenCalledTimes(1), { timeout: 2000 });
      expect(await t.call('desktop.restart', {}, cashier)).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Su rol no permite esta operación.' } });
    } finally {
      delete runtimeOf(t.app).restart;
    }
  });

  it.skipIf(onPostgres)('a daily backup that fails is shown to the administrator (SQLite: PostgreSQL backups are the server’s)', async () => {
    const backups = path.join(path.dirname(sqliteFile(t.app)), 'backups');
    fs.rmSync(backups, { recursive: true, force: true });
    fs.writeFileSync(backups, 'un archivo donde debería estar la carpeta');
    const problems = runtimeOf(t.app).problems;
    const scheduler = new DailyBackupScheduler(t.app, { log: () => undefined, onFailure: (m) => problems.add('copia', m) });
    try {
      expect(await scheduler.check()).toBeNull();
    } finally {
      await scheduler.stop();
      fs.rmSync(backups, { force: true });
    }
    const [notice] = await t.ok('desktop.problems', {}, t.adminToken);
    expect(notice).toMatchObject({ kind: 'copia', message: expect.stringMatching(/^No se pudo hacer la copia de seguridad diaria: /) as unknown as string });
    expect(await t.call('desktop.problems', {}, cashier)).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Su rol no permite esta operación.' } });
  });

  it('the screen’s errors reach the log, on one line each (the detail indented), at most 30 a minute', async () => {
    const lines: string[] = [];
    const log: Logger = { info: () => undefined, warn: () => undefined, error: (m) => lines.push(m) };
    const runtime = runtimeOf(t.app);
    const saved = runtime.log;
    runtime.log = log;
    try {
      expect(await t.ok('desktop.reportError', { message: 'Falló\n[2026-12-04 10:00:00.000] [info] línea falsa', detail: 'Error: x\n    at App (main.js:1)', where: '#/caja' })).toEqual({ logged: true });
      expect(lines[0]).toBe('Error en la pantalla (#/caja), usuario sin sesión: Falló ⏎ [2026-12-04 10:00:00.000] [info] línea falsa\n    | Error: x\n    |     at App (main.js:1)');
      for (let i = 0; i < 40; i++) await t.call('desktop.reportError', { message: `error ${i}` }, cashier);
      expect(lines.length).toBe(30);
      expect(lines[1]).toBe('Error en la pantalla, usuario cajero1: error 0');
    } finally {
      runtime.log = saved;
    }
  });
});

describe('a database this app cannot open', () => {
  it('newer than this app (another counter updated it): a Spanish message with the way to update, and nothing touched', async () => {
    const dir = tempDir();
    let drop: (() => Promise<void>) | null = null;
    try {
      const options = onPostgres ? await createPgTestDatabase().then((d) => ((drop = d.drop), { databaseUrl: d.url, dataDir: dir })) : { dbFile: path.join(dir, 'ventanilla.sqlite') };
      const app = await openBackOffice(options);
      await app.db('knex_migrations').insert({ name: '021_de_una_version_futura', batch: 9, migration_time: new Date() });
      await closeBackOffice(app);
      await expect(openBackOffice(options)).rejects.toThrow(
        `La base de datos está en una versión más nueva que esta aplicación: su esquema va en la versión ${LATEST_SCHEMA_VERSION + 1} («021_de_una_version_futura») y esta aplicación llega a la ${LATEST_SCHEMA_VERSION}. No se modificó nada. Actualice Ventanilla en este equipo`,
      );
      // nothing was copied before (no pre-migration backup) nor migrated
      expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
      const db = openDatabase('databaseUrl' in options ? { url: options.databaseUrl } : { filename: options.dbFile });
      try {
        expect(Number((await db('knex_migrations').count({ n: '*' }))[0].n)).toBe(LATEST_SCHEMA_VERSION + 1);
      } finally {
        await db.destroy();
      }
    } finally {
      if (drop) await (drop as () => Promise<void>)();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(onPostgres)('a SQLite file on a network share is refused in Spanish before anything is created', async () => {
    const dir = tempDir();
    try {
      const file = path.join(dir, 'compartida', 'ventanilla.sqlite');
      const nfs: ShareProbe = { platform: 'linux', mappedDrives: async () => new Map(), realpath: (p) => p, fsType: () => 0x6969 };
      await expect(openBackOffice({ dbFile: file, shareProbe: nfs })).rejects.toMatchObject({
        code: 'RULE',
        message: `La base de datos no puede estar en una carpeta de red: ${file} está en NFS. SQLite no funciona bien sobre carpetas compartidas (su modo WAL necesita que todos los programas que la usan estén en el mismo equipo) y los datos se pueden dañar. Use una carpeta de un disco de este equipo; para que varias ventanillas trabajen sobre los mismos datos, use un servidor PostgreSQL (Administración › Base de datos).`,
      });
      expect(fs.existsSync(path.join(dir, 'compartida'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

