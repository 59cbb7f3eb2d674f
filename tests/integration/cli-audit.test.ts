/**
 * The admin console for the audit and the database file (issue 12): `audit verify` against the
 * anchors, `audit reconcile`, `restore --dry-run` and `--accept-broken-chain`; `audit verify` and
 * `users list` open the database read-only; Spanish messages for a read-only, locked or
 * non-SQLite file; the data folder 0700 and its files 0600.
 *
 * The commands run in this process (runCliHere) except where the test is about the process itself
 * (another user of the machine, the default data folder).
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../electron/core/db/audit';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import { runCli as runCliInProcess } from '../../electron/core/cli/run';
import { closeBackOffice } from '../../electron/core/backoffice';
import { createInitializedBackOffice, onPostgres, sqliteFile, tempDir, type TestBackOffice } from '../helpers/backoffice';
import { accountWithInvoices, openCashierDesk, payCash } from '../helpers/cashier';
import { CLI_ENTRY, REPO_ROOT, runCliHere } from '../helpers/cli';

const open: TestBackOffice[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
async function backOffice() {
  const t = await createInitializedBackOffice();
  open.push(t);
  return t;
}
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('audit reconcile and the read-only commands (SQLite and PostgreSQL)', () => {
  it('audit reconcile names the edited row with exit code 1, and passes on clean data', async () => {
    const t = await backOffice();
    const desk = await openCashierDesk(t);
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [50_000, 40_000]);
    await payCash(t, desk.token, accountId, 50_000);
    const clean = await runCliHere(['audit', 'reconcile'], t.target);
    expect(clean).toEqual({
      code: 0,
      stdout: 'Conciliación: 2 facturas, 0 cobros, 1 pagos, 0 turnos de caja, 0 movimientos de efectivo y 0 archivos del banco cuadran con sus pagos y con la auditoría.\n',
      stderr: '',
    });

    await t.app.db('invoices').where({ id: invoiceIds[0] }).update({ balance: 50_000 });
    const edited = await runCliHere(['audit', 'reconcile'], t.target);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toBe(
      'Error: La factura 100234-01 (cuenta 100234) tiene saldo $ 50.000, pero lo que debía al ingresar ($ 50.000) menos los pagos vigentes aplicados ($ 50.000) da $ 0.\n',
    );
  });

  it('users list and audit verify open the database read-only: a database one schema behind stays behind, and nothing is written', async () => {
    const t = await backOffice();
    const latest = MIGRATIONS[MIGRATIONS.length - 1].name;
    await t.app.db('knex_migrations').where({ name: latest }).del(); // as if this version were one migration newer
    const before = { audit: await t.app.db('audit_log').count<{ n: number }[]>({ n: '*' }), head: await t.app.db('audit_head').first() };

    const users = await runCliHere(['users', 'list'], t.target);
    expect(users.code).toBe(0);
    expect(users.stdout).toContain('admin');
    expect((await runCliHere(['audit', 'verify'], t.target)).code).toBe(0);

    expect(await t.app.db('knex_migrations').where({ name: latest }).first()).toBeUndefined();
    expect({ audit: await t.app.db('audit_log').count<{ n: number }[]>({ n: '*' }), head: await t.app.db('audit_head').first() }).toEqual(before);
    if (t.app.dbFile) expect(fs.existsSync(path.join(path.dirname(t.app.dbFile), 'backups'))).toBe(false); // no pre-migration copy either
  });
});

describe.skipIf(onPostgres)('audit verify and restore against the anchors (SQLite)', () => {
  it('an emptied audit log fails audit verify against the last backup’s anchor', async () => {
    const t = await backOffice();
    const backup = await runCliHere(['backup', '--json'], t.target);
    expect(backup.code).toBe(0);
    const copy = path.basename(JSON.parse(backup.stdout).file);
    expect((await runCliHere(['audit', 'verify'], t.target)).code).toBe(0);

    await t.app.db('audit_log').del();
    await t.app.db('audit_head').update({ last_id: null, last_hash: GENESIS_HASH, row_count: 0 });
    const file = sqliteFile(t.app);
    const before = sha(file);
    const verify = await runCliHere(['audit', 'verify'], t.target);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/^La cadena dentro del archivo no tiene rupturas \(0 filas\), pero no cumple sus anclas de fuera del archivo\.\nAnclas: 1 revisada \(0 se cumplen, 1 no se cumple\); la más reciente, la copia de seguridad «manual-/);
    expect(verify.stderr).toMatch(new RegExp(`^Error: La auditoría está vacía, pero la copia de seguridad «${copy.replace(/\./g, '\\.')}» \\(.+\\) registró \\d+ filas, hasta la fila \\d+: la vaciaron por fuera de la aplicación\\.\\n$`));
    expect(sha(file)).toBe(before);
  });

  it('restore --dry-run lists the numbers that would be lost; a broken copy needs --accept-broken-chain', async () => {
    const t = await backOffice();
    const desk = await openCashierDesk(t);
    const { accountId } = await accountWithInvoices(t, '100234', [50_000]);
    const copies = tempDir('ventanilla-usb-');
    const copyFile = path.join(copies, 'copia.sqlite');
    expect((await runCliHere(['backup', '--out', copyFile], t.target)).code).toBe(0);
    expect(fs.existsSync(`${copyFile}.manifiesto.json`)).toBe(true);
    await payCash(t, desk.token, accountId, 10_000);
    await payCash(t, desk.token, accountId, 10_000);

    const dry = await runCliHere(['restore', copyFile, '--dry-run'], t.target);
    expect(dry.stderr).toBe('');
    expect(dry.stdout).toContain('Recibos de GAR: GAR-000001 a GAR-000002 (2)\n');
    expect(dry.stdout).toMatch(/No se restauró nada \(--dry-run\)\.\n$/);
    expect(Number((await t.app.db('payments').count<{ n: number }[]>({ n: '*' }))[0].n)).toBe(2);

    // the copy is edited after it was made: its bytes no longer match its manifest
    const spoiled = new sqlite3.Database(copyFile);
    await new Promise<void>((resolve, reject) => spoiled.exec("UPDATE users SET full_name = 'Otro' WHERE username = 'admin'", (e) => (e ? reject(e) : resolve())));
    await new Promise<void>((resolve) => spoiled.close(() => resolve()));
    await closeBackOffice(t.app); // the CLI restores the file with no back office open
    open.splice(0);
    dirs.push(t.dir, copies);
    const refused = await runCliHere(['restore', copyFile], t.target);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'Error: La copia copia.sqlite no pasa la revisión de la auditoría: La copia copia.sqlite cambió después de hecha: su contenido ya no es el que registró su manifiesto (SHA-256). ' +
        'No se reemplazó nada. Si aun así debe restaurarla, un administrador debe confirmarlo expresamente.\n',
    );
    const accepted = await runCliHere(['restore', copyFile, '--accept-broken-chain'], t.target);
    expect(accepted.stderr).toBe('');
    expect(accepted.stdout).toContain('La auditoría de la copia estaba rota y se restauró porque se indicó --accept-broken-chain.');
    expect(accepted.stdout).toContain('  Recibos de GAR: GAR-000001 a GAR-000002 (2)\n');
  });
});

/** the CLI as a child process: another user of the machine, or the app's default data folder */
function cliProcess(args: string[], env: NodeJS.ProcessEnv, uid?: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI_ENTRY, ...args],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, uid, gid: uid },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const NOBODY = 65534;

describe.skipIf(onPostgres)('the database file said in Spanish (SQLite)', () => {
  it('a file that is not SQLite', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = path.join(dir, 'cuentas.sqlite');
    fs.writeFileSync(file, 'cuenta;titular\n100201;ANA\n'.repeat(300));
    const message = `El archivo ${file} no es una base de datos SQLite (puede ser otro tipo de archivo, o estar cifrado o dañado desde el comienzo). Indique el archivo correcto, o restaure una copia de seguridad.`;
    expect(await runCliHere(['migrate'], file)).toMatchObject({ code: 1, stderr: `Error: ${message}\n` });
    expect(await runCliHere(['users', 'list'], file)).toMatchObject({ code: 1, stderr: `Error: ${message}\n` });
    expect(fs.readFileSync(file, 'utf8').startsWith('cuenta;titular')).toBe(true);
  });

  it('a file locked by another program', async () => {
    const t = await backOffice();
    const file = sqliteFile(t.app);
    await closeBackOffice(t.app);
    open.splice(0);
    dirs.push(t.dir);
    // another program holds the database's exclusive lock (an SQLite tool in the middle of a write)
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const sqlite3 = require('sqlite3'); const db = new sqlite3.Database(${JSON.stringify(file)});
         db.exec('PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE counters SET value = value WHERE 1 = 0;', (e) => { if (e) throw e; console.log('held'); });
         setTimeout(() => {}, 600000);`,
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      const locked = await runCliHere(['migrate'], file);
      expect(locked).toMatchObject({
        code: 1,
        stderr: `Error: La base de datos ${file} está bloqueada por otro programa (otra ventana de Ventanilla, la consola o una herramienta de SQLite) y no la soltó en 10 segundos. Cierre ese programa e intente de nuevo; no se cambió nada.\n`,
      });
    } finally {
      holder.kill();
    }
  }, 120_000);

  it.skipIf(!isRoot || process.platform === 'win32')('a file this user cannot write: refused in Spanish; audit verify and users list still read it', async () => {
    const t = await backOffice();
    const file = sqliteFile(t.app);
    await closeBackOffice(t.app);
    open.splice(0);
    dirs.push(t.dir);
    fs.chmodSync(t.dir, 0o755);
    fs.chmodSync(file, 0o644);
    const env = { HOME: '/tmp', VENTANILLA_DATA_DIR: path.join(t.dir, 'otro') };
    const migrate = await cliProcess(['migrate', '--db', file], env, NOBODY);
    expect(migrate).toMatchObject({
      code: 1,
      stderr: `Error: La base de datos ${file} es de solo lectura: este usuario del equipo no puede escribir en el archivo o en su carpeta. Pida que le den permiso de escritura (o ábrala con el usuario dueño del archivo); no se cambió nada.\n`,
    });
    const users = await cliProcess(['users', 'list', '--db', file], env, NOBODY);
    expect(users.stderr).toBe('');
    expect(users.stdout).toContain('admin');
    expect((await cliProcess(['audit', 'verify', '--db', file], env, NOBODY)).code).toBe(0);
  }, 180_000);
});

describe.skipIf(onPostgres || process.platform === 'win32')('the data folder is the user’s alone (SQLite, Linux and macOS)', () => {
  it('the data folder is 0700 and its files 0600: a new one, and an existing one left open', async () => {
    const root = tempDir();
    dirs.push(root);
    const data = path.join(root, 'Ventanilla');
    const env = process.env.VENTANILLA_DATA_DIR;
    process.env.VENTANILLA_DATA_DIR = data;
    const quiet = { out: () => undefined, err: (s: string) => void process.stderr.write(s), errIsTty: false };
    try {
      expect(await runCliInProcess(['seed-demo', '--accounts', '10'], quiet)).toBe(0);
      expect(await runCliInProcess(['backup'], quiet)).toBe(0);
      const modes = () =>
        Object.fromEntries(
          [data, ...fs.readdirSync(data).map((f) => path.join(data, f)), ...fs.readdirSync(path.join(data, 'backups')).map((f) => path.join(data, 'backups', f))].map((f) => [
            path.relative(root, f),
            (fs.statSync(f).mode & 0o777).toString(8),
          ]),
        );
      const made = modes();
      expect(Object.keys(made).sort()).toEqual(
        expect.arrayContaining(['Ventanilla', 'Ventanilla/ventanilla.sqlite', 'Ventanilla/ventanilla.anclas.jsonl', 'Ventanilla/backups']),
      );
      for (const [name, mode] of Object.entries(made)) expect(mode, name).toBe(fs.statSync(path.join(root, name)).isDirectory() ? '700' : '600');

      // an installation from before: folder and files readable by everyone, tightened at the next start
      fs.chmodSync(data, 0o755);
      for (const f of fs.readdirSync(data)) fs.chmodSync(path.join(data, f), fs.statSync(path.join(data, f)).isDirectory() ? 0o755 : 0o644);
      expect(await runCliInProcess(['migrate'], quiet)).toBe(0);
      for (const [name, mode] of Object.entries(modes())) expect(mode, name).toBe(fs.statSync(path.join(root, name)).isDirectory() ? '700' : '600');
    } finally {
      if (env === undefined) delete process.env.VENTANILLA_DATA_DIR;
      else process.env.VENTANILLA_DATA_DIR = env;
    }
  });
});
