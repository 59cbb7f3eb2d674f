/**
 * Backups on real SQLite files: the copy made while the counter works, the daily copy and its
 * retention (with a clock the test moves), and restoring from the administration screen's handlers.
 */
import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { expectForbidden, expectRefusal, NOT_AUTHENTICATED_MESSAGE } from '../helpers/refusal';
import { verifyAuditChain, writeAudit, SYSTEM_ACTOR } from '../../electron/core/db/audit';
import { backupsDir, checkRestoreCandidate, onlineBackup } from '../../electron/core/db/backup';
import { openDatabase } from '../../electron/core/db/connection';
import { nextNumber } from '../../electron/core/db/counters';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import { DailyBackupScheduler } from '../../electron/core/modules/backups/scheduler';
import { runDailyBackup } from '../../electron/core/modules/backups/service';
import { ADMIN, createInitializedBackOffice, createTestBackOffice, loginAs, onPostgres, sqliteFile, tempDir, type TestBackOffice } from '../helpers/backoffice';

type Initialized = TestBackOffice & { adminToken: string; officeId: number };
const open: TestBackOffice[] = [];
const scratch: string[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
  for (const dir of scratch.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
async function backOffice(): Promise<Initialized> {
  const t = await createInitializedBackOffice();
  open.push(t);
  return t;
}

/** a copy, read from a duplicate elsewhere so that opening it leaves no trace in the backups folder */
function readCopy(file: string): Knex {
  const dir = tempDir('ventanilla-lectura-');
  scratch.push(dir);
  fs.copyFileSync(file, path.join(dir, path.basename(file)));
  return plain(path.join(dir, path.basename(file)));
}
/** a file opened as it is, to spoil it on purpose */
function plain(file: string): Knex {
  return knexFactory({ client: 'sqlite3', connection: { filename: file }, useNullAsDefault: true });
}
async function usernames(db: Knex): Promise<string[]> {
  return (await db('users').orderBy('username').pluck('username')) as string[];
}

describe.skipIf(onPostgres)('copies while the back office works', () => {
  it('backups.create makes a self-contained copy with the same data, lists it and audits it; only the administrator may', async () => {
    const t = await backOffice();
    const cajero = await loginAs(t, 'cajero');
    for (const name of ['backups.list', 'backups.create'] as const) {
      await expectForbidden(t.call(name, {}, cajero));
    }
    await expectForbidden(t.call('backups.restore', { file: 'x.sqlite' }, cajero));

    const made = await t.ok('backups.create', {}, t.adminToken);
    expect(made).toMatchObject({ kind: 'manual', file: expect.stringMatching(/^manual-\d{4}-\d{2}-\d{2}-\d{6}\.sqlite$/) });
    const overview = await t.ok('backups.list', {}, t.adminToken);
    expect(overview).toMatchObject({ folder: path.join(t.dir, 'backups'), retentionDays: 30, files: [made] });
    // the copy and its manifest (audit anchor, counters, SHA-256): no -wal, -shm or .partial beside it
    expect(fs.readdirSync(overview.folder).sort()).toEqual([made.file, `${made.file}.manifiesto.json`]);
    if (process.platform !== 'win32') {
      expect(fs.statSync(overview.folder).mode & 0o777).toBe(0o700);
      for (const name of fs.readdirSync(overview.folder)) expect(fs.statSync(path.join(overview.folder, name)).mode & 0o777, name).toBe(0o600);
    }

    const file = path.join(overview.folder, made.file);
    expect(made.bytes).toBe(fs.statSync(file).size);
    const copy = readCopy(file);
    expect(await usernames(copy)).toEqual(['admin', 'cajero1']);
    expect(await copy.raw('PRAGMA journal_mode')).toEqual([{ journal_mode: 'delete' }]);
    await copy.destroy();
    expect(await checkRestoreCandidate(file)).toEqual({ schemaVersion: MIGRATIONS.length, pageSize: 4096 });

    const audit = await t.app.db('audit_log').orderBy('id', 'desc').first();
    expect(audit).toMatchObject({ action: 'backup.create', actor: 'admin' });
    expect(JSON.parse(audit.after_json)).toMatchObject({ file: made.file, bytes: made.bytes });

    // a second copy in the same second gets its own name
    const again = await t.ok('backups.create', {}, t.adminToken);
    expect(again.file).not.toBe(made.file);
  });

  it('counter work goes on during a copy, and what it writes meanwhile is in the copy', async () => {
    const t = await createTestBackOffice();
    open.push(t);
    await t.ok('setup.loadDemo', { accounts: 1000 });
    const pages = Number((await t.app.db.raw<{ page_count: number }[]>('PRAGMA page_count'))[0].page_count);
    expect(pages).toBeGreaterThan(500);

    const target = path.join(t.dir, 'copia.sqlite');
    let finished = false;
    const copying = onlineBackup(t.app.db, target, { pagesPerStep: 8 }).finally(() => (finished = true));
    let during = 0;
    while (!finished) {
      await t.app.db.transaction(async (trx) => {
        const n = await nextNumber(trx, 'receipt:CEN:2026');
        await writeAudit(trx, SYSTEM_ACTOR, { action: 'payment.apply', entity: 'receipt', entityId: n });
      });
      if (!finished) during += 1;
    }
    const stats = await copying;
    // the counter did not wait for the whole copy: its transactions ran between the steps (about one per step)
    expect(stats.steps).toBeGreaterThan(50);
    expect(during).toBeGreaterThan(stats.steps / 2);

    const copy = readCopy(target);
    const [{ value }] = await copy('counters').where({ key: 'receipt:CEN:2026' }).select('value');
    expect(Number(value)).toBeGreaterThanOrEqual(1);
    expect(Number(value)).toBeLessThanOrEqual(during);
    // a consistent picture: the audit chain of the copy is whole
    expect(await verifyAuditChain(copy)).toMatchObject({ ok: true });
    await copy.destroy();
  });

  it('writes from another process (which make SQLite start the copy over) do not keep the copy from ending', async () => {
    const t = await createTestBackOffice();
    open.push(t);
    await t.ok('setup.loadDemo', { accounts: 1000 });
    const other = openDatabase({ filename: sqliteFile(t.app) }); // as the CLI would, in its own process
    let outside = 0;
    // another process writes after every step: each write makes SQLite start the copy over
    const stats = await onlineBackup(t.app.db, path.join(t.dir, 'copia.sqlite'), {
      pagesPerStep: 8,
      onProgress: async () => {
        await other('counters').insert({ key: `cli:${outside}`, value: 1 });
        outside += 1;
      },
    });
    await other.destroy();
    // after three restarts the rest went in one step instead of starting over forever
    expect(stats.restarts).toBe(3);
    expect(outside).toBe(4);
    const copy = readCopy(path.join(t.dir, 'copia.sqlite'));
    expect(Number((await copy('counters').where('key', 'like', 'cli:%').count<{ n: number }[]>({ n: '*' }))[0].n)).toBe(4);
    await copy.destroy();
  });
});

describe.skipIf(onPostgres)('the daily copy', () => {
  it('makes one copy per business day (company time zone) and deletes the automatic ones past the retention, never the others', async () => {
    const t = await backOffice();
    const settings = await t.ok('settings.get', {}, t.adminToken);
    await t.ok('settings.update', { ...settings, backupRetentionDays: 3 }, t.adminToken);
    const dir = backupsDir(sqliteFile(t.app));
    const manual = await t.ok('backups.create', {}, t.adminToken);
    const others = [manual.file, 'antes-de-migrar-v1-2026-01-05-080000.sqlite', 'antes-de-restaurar-2026-01-05-090000.sqlite', 'ventanilla-v1-2026-01-05T10-00-00-000Z.sqlite'];
    for (const name of others.slice(1)) fs.copyFileSync(path.join(dir, manual.file), path.join(dir, name));

    let clock = new Date('2026-11-23T03:30:00Z'); // 22:30 of 22 November in Bogotá
    const logs: string[] = [];
    const scheduler = new DailyBackupScheduler(t.app, { now: () => clock, log: (m) => logs.push(m) });
    expect(await scheduler.start()).toEqual({ date: '2026-11-22', created: 'auto-2026-11-22.sqlite', deleted: [] });
    expect(await scheduler.check()).toEqual({ date: '2026-11-22', created: null, deleted: [] });

    const outcomes = [];
    for (const day of [23, 24, 25, 26]) {
      clock = new Date(`2026-11-${day}T15:00:00Z`);
      if (day === 26) {
        // a copy cut short two hours ago is removed; one written to a moment ago (another process) is left alone
        const cut = path.join(dir, 'auto-2026-11-26.sqlite.partial');
        fs.writeFileSync(cut, 'una copia cortada');
        fs.utimesSync(cut, new Date(clock.getTime() - 2 * 3600_000), new Date(clock.getTime() - 2 * 3600_000));
        fs.writeFileSync(path.join(dir, 'manual-2026-11-26-095959.sqlite.partial'), 'una copia en curso');
        fs.utimesSync(path.join(dir, 'manual-2026-11-26-095959.sqlite.partial'), clock, clock);
      }
      outcomes.push(await scheduler.check());
    }
    await scheduler.stop();
    expect(outcomes.map((o) => o?.created)).toEqual(['auto-2026-11-23.sqlite', 'auto-2026-11-24.sqlite', 'auto-2026-11-25.sqlite', 'auto-2026-11-26.sqlite']);
    expect(outcomes.map((o) => o?.deleted)).toEqual([[], [], ['auto-2026-11-22.sqlite'], ['auto-2026-11-23.sqlite']]);
    // each copy the application made keeps its manifest beside it; a deleted copy takes its manifest along
    const kept = ['auto-2026-11-24.sqlite', 'auto-2026-11-25.sqlite', 'auto-2026-11-26.sqlite'];
    expect(fs.readdirSync(dir).sort()).toEqual(
      [...others, `${manual.file}.manifiesto.json`, ...kept, ...kept.map((f) => `${f}.manifiesto.json`), 'manual-2026-11-26-095959.sqlite.partial'].sort(),
    );
    expect(logs).toContain('Copias diarias borradas por antigüedad: auto-2026-11-23.sqlite');
    expect(await checkRestoreCandidate(path.join(dir, 'auto-2026-11-26.sqlite'))).toMatchObject({ schemaVersion: MIGRATIONS.length });

    const audit = await t.app.db('audit_log').where({ action: 'backup.auto' }).orderBy('id');
    expect(audit).toHaveLength(5);
    expect(audit.every((a) => a.actor === 'sistema')).toBe(true);
    expect(JSON.parse(audit[4].after_json)).toEqual({ created: 'auto-2026-11-26.sqlite', deleted: ['auto-2026-11-23.sqlite'], retentionDays: 3 });
    const listed = (await t.ok('backups.list', {}, t.adminToken)).files;
    expect(Object.fromEntries(listed.map((f) => [f.file, f.kind]))).toMatchObject({
      'auto-2026-11-26.sqlite': 'auto',
      [manual.file]: 'manual',
      'antes-de-migrar-v1-2026-01-05-080000.sqlite': 'pre-migration',
      'ventanilla-v1-2026-01-05T10-00-00-000Z.sqlite': 'pre-migration',
      'antes-de-restaurar-2026-01-05-090000.sqlite': 'before-restore',
    });
  });

  it('before the company is set up there is nothing to copy; a failed copy is said, not thrown', async () => {
    const t = await createTestBackOffice();
    open.push(t);
    expect(await runDailyBackup(t.app, new Date('2026-11-22T15:00:00Z'))).toEqual({ date: null, created: null, deleted: [] });
    expect(fs.existsSync(backupsDir(sqliteFile(t.app)))).toBe(false);

    await t.ok('setup.loadDemo', { accounts: 10 });
    fs.writeFileSync(backupsDir(sqliteFile(t.app)), 'un archivo donde debería estar la carpeta');
    const logs: string[] = [];
    const scheduler = new DailyBackupScheduler(t.app, { log: (m) => logs.push(m) });
    expect(await scheduler.start()).toBeNull();
    await scheduler.stop();
    expect(logs).toEqual([expect.stringMatching(/^No se pudo hacer la copia de seguridad diaria: /)]);
  });
});

describe.skipIf(onPostgres)('restoring from the administration screen', () => {
  it('puts the copy back, keeps the current database aside, ends every session and audits it', async () => {
    const t = await backOffice();
    const cajero = await loginAs(t, 'cajero');
    const copy = await t.ok('backups.create', {}, t.adminToken);
    await t.ok('users.create', { fullName: 'Después de la copia', username: 'despues.copia', officeId: t.officeId, role: 'auxiliar', password: 'clave-de-prueba' }, t.adminToken);

    const result = await t.ok('backups.restore', { file: copy.file }, t.adminToken);
    expect(result).toEqual({
      restored: copy.file,
      keptAside: expect.stringMatching(/^antes-de-restaurar-\d{4}-\d{2}-\d{2}-\d{6}\.sqlite$/),
      fromVersion: MIGRATIONS.length,
      schemaVersion: MIGRATIONS.length,
      sessionsEnded: true,
      lost: [],
      carried: {},
      brokenChainAccepted: false,
      // the folder as it is after the restore, for the screen (issue 14, finding 15)
      files: expect.arrayContaining([expect.objectContaining({ file: copy.file }), expect.objectContaining({ kind: 'before-restore' })]),
    });
    for (const token of [t.adminToken, cajero]) {
      await expectRefusal(t.call('users.list', {}, token), 'NOT_AUTHENTICATED', NOT_AUTHENTICATED_MESSAGE);
    }
    const { token } = await t.ok('auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect((await t.ok('users.list', {}, token)).map((u) => u.username).sort()).toEqual(['admin', 'cajero1']);

    const aside = readCopy(path.join(backupsDir(sqliteFile(t.app)), result.keptAside));
    expect(await usernames(aside)).toEqual(['admin', 'cajero1', 'despues.copia']);
    await aside.destroy();

    const audit = await t.app.db('audit_log').where({ action: 'backup.restore' }).first();
    expect(audit).toMatchObject({ actor: 'admin' });
    expect(JSON.parse(audit.after_json)).toMatchObject({ restored: copy.file, keptAside: result.keptAside });
    expect(await verifyAuditChain(t.app.db)).toMatchObject({ ok: true });
    expect((await t.ok('backups.list', {}, token)).files.find((f) => f.file === result.keptAside)?.kind).toBe('before-restore');
    // and the back office keeps working on the restored database
    await t.ok('users.create', { fullName: 'Otra Vez', username: 'otra.vez', officeId: t.officeId, role: 'cajero', password: 'clave-de-prueba' }, token);
  });

  it('refuses, in Spanish and replacing nothing, a file that is not a sound Ventanilla database', async () => {
    const t = await backOffice();
    const dir = backupsDir(sqliteFile(t.app));
    const good = path.join(dir, (await t.ok('backups.create', {}, t.adminToken)).file);
    await t.ok('users.create', { fullName: 'Sigue Aquí', username: 'sigue.aqui', officeId: t.officeId, role: 'cajero', password: 'clave-de-prueba' }, t.adminToken);

    fs.writeFileSync(path.join(dir, 'texto.sqlite'), 'cuenta;titular\n100201;ANA\n'.repeat(200));
    const spoiled = async (name: string, spoil: (db: Knex) => Promise<unknown>) => {
      fs.copyFileSync(good, path.join(dir, name));
      const db = plain(path.join(dir, name));
      await spoil(db);
      await db.destroy();
    };
    await spoiled('ajena.sqlite', async (db) => {
      for (const table of ['knex_migrations', 'knex_migrations_lock']) await db.schema.dropTable(table);
    });
    await spoiled('nueva.sqlite', (db) => db('knex_migrations').insert({ name: '999_del_futuro', batch: 2, migration_time: Date.now() }));
    await spoiled('sin-empresa.sqlite', (db) => db.schema.dropTable('company'));
    // damage: garbage over the pages of the users' table
    fs.copyFileSync(good, path.join(dir, 'danada.sqlite'));
    const probe = readCopy(good);
    const [{ rootpage }] = await probe('sqlite_master').where({ name: 'users' }).select('rootpage');
    await probe.destroy();
    const fd = fs.openSync(path.join(dir, 'danada.sqlite'), 'r+');
    fs.writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, (Number(rootpage) - 1) * 4096);
    fs.closeSync(fd);

    const refusals: [string, RegExp][] = [
      ['texto.sqlite', /^El archivo texto\.sqlite no es una base de datos SQLite\. No se reemplazó nada\.$/],
      ['danada.sqlite', /^El archivo danada\.sqlite está dañado.*\. No se reemplazó nada\.$/],
      ['ajena.sqlite', /^El archivo ajena\.sqlite no es una base de datos de Ventanilla: no tiene el registro de versiones del esquema\. No se reemplazó nada\.$/],
      [
        'nueva.sqlite',
        new RegExp(
          `^El archivo nueva\\.sqlite es de una versión más nueva de Ventanilla \\(esquema ${MIGRATIONS.length + 1}, con «999_del_futuro»; esta versión llega al ${MIGRATIONS.length}\\)\\. Actualice la aplicación antes de restaurarlo\\. No se reemplazó nada\\.$`,
        ),
      ],
      ['sin-empresa.sqlite', /^El archivo sin-empresa\.sqlite no es una base de datos de Ventanilla: no tiene la tabla de la empresa\. No se reemplazó nada\.$/],
      ['no-existe.sqlite', /^No existe el archivo no-existe\.sqlite\. No se reemplazó nada\.$/],
    ];
    for (const [file, message] of refusals) {
      await expectRefusal(t.call('backups.restore', { file }, t.adminToken), 'RULE', message);
    }
    for (const file of ['../ventanilla.sqlite', '/etc/passwd', 'copia.sqlite/../../ventanilla.sqlite']) {
      await expectRefusal(t.call('backups.restore', { file }, t.adminToken), 'VALIDATION', 'Datos inválidos en «file»: Indique el nombre de una copia de la carpeta de copias de seguridad');
    }

    // nothing was replaced, nobody was logged out, nothing was set aside
    expect((await t.ok('users.list', {}, t.adminToken)).map((u) => u.username)).toContain('sigue.aqui');
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('antes-de-restaurar'))).toEqual([]);
    expect(await t.app.db('audit_log').where({ action: 'backup.restore' })).toEqual([]);
  });

  it('a copy from an earlier version is restored and brought up to the current schema', async () => {
    const t = await backOffice();
    const earlier = await backOffice();
    await earlier.ok('users.create', { fullName: 'De la Copia', username: 'de.la.copia', officeId: earlier.officeId, role: 'coordinador', password: 'clave-de-prueba' }, earlier.adminToken);
    // take the copy back to schema 1, the way a file made by the previous version looks
    for (const migration of MIGRATIONS.slice(1).reverse()) {
      await migration.down(earlier.app.db);
      await earlier.app.db('knex_migrations').where({ name: migration.name }).del();
    }
    const name = 'antes-de-migrar-v1-2026-01-05-080000.sqlite';
    await onlineBackup(earlier.app.db, path.join(backupsDir(sqliteFile(t.app)), name));
    expect(await checkRestoreCandidate(path.join(backupsDir(sqliteFile(t.app)), name))).toMatchObject({ schemaVersion: 1 });

    expect(await t.ok('backups.restore', { file: name }, t.adminToken)).toMatchObject({ restored: name, fromVersion: 1, schemaVersion: MIGRATIONS.length });
    const { token } = await t.ok('auth.login', { username: 'de.la.copia', password: 'clave-de-prueba' });
    expect(token).toMatch(/^[0-9a-f]+$/);
    expect(await verifyAuditChain(t.app.db)).toMatchObject({ ok: true });
    expect(await t.app.db('audit_log').whereNull('hash')).toEqual([]);
  });
});
