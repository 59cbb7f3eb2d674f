/**
 * Moving the data folder (issue 21, item 2), on real folders and a real SQLite database: the
 * checks of the target (full path, not inside, empty, writable, room, not a network share), then
 * the move done at the next start: the database copied with SQLite's backup API and checked (same
 * audit rows), the other files copied, the record pointing to the new folder, the old database
 * renamed so nothing writes in it; a move that cannot be done leaves everything where it was and
 * says why. Then the handlers of Administración › Este equipo record and cancel a move (with their
 * audit rows) and refuse a bad folder in Spanish, writing nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { recordMove, resolveDataFolder, type DataFolder, type SystemPlaces } from '../../electron/core/data-folder';
import { applyPendingMove, checkMoveTarget } from '../../electron/core/data-folder-move';
import { dispatch } from '../../electron/core/dispatch';
import type { ShareProbe } from '../../electron/core/network-share';
import { ProblemLog, consoleLogger, type Runtime } from '../../electron/core/runtime';
import { keyFileBox } from '../../electron/core/secrets';
import { ADMIN, COMPANY, OFFICE, tempDir } from '../helpers/backoffice';

let root: string;
let sys: SystemPlaces;
let machine: string;
const resolve = () => resolveDataFolder(sys);
const auditRows = async (file: string) => {
  const app = await openBackOffice({ dbFile: file });
  try {
    return Number((await app.db('audit_log').count({ n: '*' }))[0].n);
  } finally {
    await closeBackOffice(app);
  }
};

/** the office's data in the machine folder: an initialized database, an attachment and a backup */
async function officeData(dir: string): Promise<number> {
  const app = await openBackOffice({ dbFile: path.join(dir, 'ventanilla.sqlite') });
  await dispatch(app, 'setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN }, { door: 'test' });
  await closeBackOffice(app);
  fs.mkdirSync(path.join(dir, 'attachments', '2026'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'attachments', '2026', 'carta.pdf'), '%PDF-1.4 carta del peticionario');
  fs.mkdirSync(path.join(dir, 'backups'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'backups', 'auto-2026-11-30.sqlite'), 'copia');
  return auditRows(path.join(dir, 'ventanilla.sqlite'));
}

beforeEach(() => {
  root = tempDir('ventanilla-mover-');
  sys = { platform: 'linux', env: { XDG_CONFIG_HOME: path.join(root, 'config') }, homedir: root };
  machine = path.join(root, 'config', 'Ventanilla');
  fs.mkdirSync(machine, { recursive: true });
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('the target of a move is checked first', () => {
  it('refuses, in Spanish and each with its reason, a relative path, the folder itself or one inside, a folder with files, a file, a disk without room, a network share', async () => {
    const folder = resolve();
    const problemsOf = async (target: string, options = {}) => (await checkMoveTarget(folder, target, options)).problems;
    expect(await problemsOf('datos')).toEqual(['Escriba la ruta completa: por ejemplo /srv/ventanilla.']);
    expect(await problemsOf(machine)).toEqual(['Esa es la carpeta de datos actual.']);
    expect(await problemsOf(path.join(machine, 'sub'))).toEqual(['La carpeta nueva no puede estar dentro de la carpeta de datos actual.']);
    expect(await problemsOf(path.join(root, 'config'))).toEqual(['La carpeta nueva no puede contener la carpeta de datos actual.']);
    fs.mkdirSync(path.join(root, 'llena'));
    fs.writeFileSync(path.join(root, 'llena', 'nota.txt'), 'x');
    expect(await problemsOf(path.join(root, 'llena'))).toEqual(['La carpeta no está vacía: elija una carpeta vacía o una que no exista todavía (se crea al mover).']);
    fs.writeFileSync(path.join(root, 'archivo'), 'x');
    expect(await problemsOf(path.join(root, 'archivo'))).toEqual([`${path.join(root, 'archivo')} es un archivo, no una carpeta.`]);
    fs.writeFileSync(path.join(machine, 'ventanilla.sqlite'), Buffer.alloc(3 * 1024 * 1024));
    expect(await problemsOf(path.join(root, 'nueva'), { freeBytes: () => 10 * 1024 * 1024 })).toEqual([
      'No hay espacio: los datos ocupan 3 MB y en ese disco quedan 10 MB libres.',
    ]);
    const nfs: ShareProbe = { platform: 'linux', mappedDrives: async () => new Map(), realpath: (p) => p, fsType: () => 0x6969 };
    expect(await problemsOf(path.join(root, 'nfs'), { probe: nfs })).toEqual([
      'Es una carpeta de red (NFS): la base de datos SQLite debe quedar en un disco de este equipo. Para varias ventanillas sobre los mismos datos use PostgreSQL (Administración › Base de datos).',
    ]);
  });

  it('accepts an empty or new folder with room, and leaves nothing behind', async () => {
    const check = await checkMoveTarget(resolve(), path.join(root, 'nueva', 'Ventanilla'));
    expect(check).toMatchObject({ ok: true, problems: [], path: path.join(root, 'nueva', 'Ventanilla') });
    expect(check.bytesFree).toBeGreaterThan(check.bytesNeeded);
    expect(fs.existsSync(path.join(root, 'nueva'))).toBe(false);
  });
});

describe('the move, at the next start', () => {
  it('copies everything, checks the copy, points the record to it and renames the old database', async () => {
    const rows = await officeData(machine);
    const target = path.join(root, 'disco-d', 'Ventanilla');
    recordMove(resolve(), target, 'admin');
    expect(resolve().pendingMove).toBe(target);

    const outcome = await applyPendingMove(resolve(), { now: new Date('2026-12-04T15:00:00Z') });
    expect(outcome).toMatchObject({ from: machine, to: target, moved: true, problem: null });
    const after = resolve();
    expect(after).toMatchObject({ dir: target, source: 'movida', previous: machine, pendingMove: null, lastMoveProblem: null });
    // the same database (every audit row), the attachment and the backup, in the new folder
    expect(await auditRows(path.join(target, 'ventanilla.sqlite'))).toBe(rows);
    expect(fs.readFileSync(path.join(target, 'attachments', '2026', 'carta.pdf'), 'utf8')).toBe('%PDF-1.4 carta del peticionario');
    expect(fs.readFileSync(path.join(target, 'backups', 'auto-2026-11-30.sqlite'), 'utf8')).toBe('copia');
    // the old folder is as it was, but its database cannot be opened by mistake under the usual name
    expect(fs.existsSync(path.join(machine, 'ventanilla.sqlite'))).toBe(false);
    expect(fs.existsSync(path.join(machine, 'ventanilla.movida-2026-12-04.sqlite'))).toBe(true);
    expect(fs.existsSync(path.join(machine, 'attachments', '2026', 'carta.pdf'))).toBe(true);
    // a second start does nothing more
    expect(await applyPendingMove(after)).toBeNull();
  });

  it('a target that filled up since the request: nothing moves, the reason is kept for the screen', async () => {
    await officeData(machine);
    const target = path.join(root, 'disco-d');
    recordMove(resolve(), target, 'admin');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'de-otro.txt'), 'alguien la usó');

    const outcome = await applyPendingMove(resolve());
    expect(outcome?.moved).toBe(false);
    expect(outcome?.problem).toBe(
      `No se movió la carpeta de datos a ${target}: La carpeta no está vacía: elija una carpeta vacía o una que no exista todavía (se crea al mover). Se sigue usando ${machine}, sin cambios.`,
    );
    const after = resolve();
    expect(after).toMatchObject({ dir: machine, pendingMove: null, lastMoveProblem: outcome?.problem });
    expect(fs.existsSync(path.join(machine, 'ventanilla.sqlite'))).toBe(true);
    expect(fs.readdirSync(target)).toEqual(['de-otro.txt']);
  });
});

describe('the handlers of Administración › Este equipo', () => {
  async function desktopOffice(folder: DataFolder) {
    const runtime: Runtime = { program: 'navegador', version: '0.1.0', secrets: [keyFileBox(folder.dir)], dataFolder: folder, logFile: null, log: consoleLogger, problems: new ProblemLog() };
    const app = await openBackOffice({ dbFile: path.join(folder.dir, 'ventanilla.sqlite'), runtime });
    await dispatch(app, 'setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN }, { door: 'test' });
    const login = await dispatch(app, 'auth.login', { username: ADMIN.username, password: ADMIN.password }, { door: 'test' });
    if (!login.ok) throw new Error(login.error.message);
    return { app, token: login.data.token };
  }
  const audits = async (app: Awaited<ReturnType<typeof desktopOffice>>['app'], action: string) =>
    (await app.db('audit_log').where({ action }).select('before_json', 'after_json', 'actor')) as { before_json: string; after_json: string; actor: string }[];

  it('record a checked move with an audit row, cancel it with another, and refuse a bad folder in Spanish writing nothing', async () => {
    const { app, token } = await desktopOffice(resolve());
    try {
      const call = (name: 'desktop.moveFolder' | 'desktop.cancelMove' | 'desktop.dataFolder', args: object) => dispatch(app, name, args, { door: 'test', token });
      const status = await call('desktop.dataFolder', {});
      expect(status).toMatchObject({ ok: true, data: { dir: machine, source: 'predeterminada', movable: true, pendingMove: null, canRestart: false } });

      const refused = await call('desktop.moveFolder', { path: machine });
      expect(refused).toEqual({ ok: false, error: { code: 'VALIDATION', message: 'Esa es la carpeta de datos actual.', fields: { path: 'Esa es la carpeta de datos actual.' } } });
      expect(await audits(app, 'desktop.moveFolder')).toEqual([]);
      expect(resolve().pendingMove).toBeNull();

      const target = path.join(root, 'disco-d', 'Ventanilla');
      const moved = await dispatch(app, 'desktop.moveFolder', { path: target }, { door: 'test', token });
      expect(moved).toMatchObject({ ok: true, data: { pendingMove: target } });
      const message = moved.ok ? moved.data.message : '';
      expect(message).toContain(`Los datos se copiarán a ${target} la próxima vez que se abra la aplicación`);
      expect(message).toContain('Cierre la aplicación y ábrala de nuevo.');
      expect(resolve().pendingMove).toBe(target);
      const [row] = await audits(app, 'desktop.moveFolder');
      expect(JSON.parse(row.after_json)).toEqual({ dir: machine, pendingMove: target });
      expect(row.actor).toBe(ADMIN.username);

      expect(await call('desktop.dataFolder', {})).toMatchObject({ ok: true, data: { pendingMove: target } });
      expect(await call('desktop.cancelMove', {})).toMatchObject({ ok: true, data: { pendingMove: null } });
      expect(resolve().pendingMove).toBeNull();
      expect(await audits(app, 'desktop.cancelMove')).toHaveLength(1);
      expect(await call('desktop.cancelMove', {})).toEqual({ ok: false, error: { code: 'RULE', message: 'No hay ningún traslado de la carpeta de datos pendiente.' } });
    } finally {
      await closeBackOffice(app);
    }
  });

  it('a folder fixed by VENTANILLA_DATA_DIR is not moved from the screen', async () => {
    const fixed = resolveDataFolder({ ...sys, env: { ...sys.env, VENTANILLA_DATA_DIR: path.join(root, 'fija') } });
    const { app, token } = await desktopOffice(fixed);
    try {
      expect(await dispatch(app, 'desktop.moveFolder', { path: path.join(root, 'otra') }, { door: 'test', token })).toEqual({
        ok: false,
        error: { code: 'RULE', message: 'La carpeta de datos la fija la variable VENTANILLA_DATA_DIR de este equipo: para cambiarla, cambie la variable.' },
      });
    } finally {
      await closeBackOffice(app);
    }
  });
});
