/**
 * The admin door for backups and the audit chain, as an administrator types it: `backup`, `restore`
 * and `audit verify` in a child process against a database file in a temporary folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import { onPostgres, tempDir } from '../helpers/backoffice';
import { REPO_ROOT, runCli, type CliRun } from '../helpers/cli';

let dir = '';
let dbFile = '';
beforeEach(() => {
  dir = tempDir('ventanilla-cli-backup-');
  dbFile = path.join(dir, 'ventanilla.sqlite');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): Promise<CliRun> {
  return runCli([...args, '--db', dbFile], path.join(dir, 'default'));
}

/** the file as it is, without the back office (no migration, no WAL switch) */
async function withFile<T>(file: string, fn: (db: Knex) => Promise<T>): Promise<T> {
  const db = knexFactory({ client: 'sqlite3', connection: { filename: file }, useNullAsDefault: true });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}
const accountCount = (file: string) => withFile(file, async (db) => Number((await db('accounts').count<{ n: number }[]>({ n: '*' }))[0].n));

// copies and restores of the SQLite file (on PostgreSQL they are pg_dump / pg_restore): SQLite only
describe.skipIf(onPostgres)('npm run cli: backups and the audit chain', () => {
  it('backup --out makes a copy and refuses to overwrite; backup alone writes into backups/', async () => {
    expect((await cli('seed-demo', '--accounts', '20')).code).toBe(0);
    const out = path.join(dir, 'memoria-usb', 'copia.sqlite');
    const made = await cli('backup', '--out', out, '--json');
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ file: out, bytes: fs.statSync(out).size });
    expect(await accountCount(out)).toBe(20);

    expect(await cli('backup', '--out', out)).toMatchObject({ code: 1, stderr: `Error: Ya existe ${out}; indique otro archivo.\n` });

    const plainBackup = await cli('backup');
    expect(plainBackup.code).toBe(0);
    expect(plainBackup.stdout).toMatch(/^Copia de seguridad hecha: .*backups\/manual-\d{4}-\d{2}-\d{2}-\d{6}\.sqlite \([\d,]+ (kB|MB), en [\d,]+ m?s\)\.\n$/);
  });

  it('audit verify passes on a clean chain, and names the row edited behind the application, with exit code 1', async () => {
    await cli('seed-demo', '--accounts', '10');
    const clean = await cli('audit', 'verify');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(
      /^Auditoría íntegra: \d+ filas verificadas, hasta la \d+\.\nAnclas: no se encontró ninguna \(.*\)\.\nConciliación: 60 facturas, 0 cobros, 0 pagos, 0 turnos de caja, 0 movimientos de efectivo y 0 archivos del banco cuadran con sus pagos y con la auditoría\.\n$/,
    );

    const edited = await withFile(dbFile, async (db) => {
      const row = await db('audit_log').where({ action: 'user.create' }).orderBy('id').first('id');
      await db('audit_log').where({ id: row.id }).update({ after_json: JSON.stringify({ role: 'administrador' }) });
      return Number(row.id);
    });
    const tampered = await cli('audit', 'verify');
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toBe(
      `Error: La fila ${edited} de la auditoría fue cambiada: su contenido ya no corresponde a su sello. (${edited - 1} filas anteriores están bien.)\n`,
    );
    const json = await cli('audit', 'verify', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, chain: { ok: false, rowId: edited, reason: 'cambiada' } });

    expect(await cli('audit')).toMatchObject({ code: 2, stderr: 'Error: Indique qué hacer con la auditoría: verify o reconcile. Use --help para ver los comandos.\n' });
  });

  it('restore checks the file, keeps the current database aside and puts the copy back; a bad file replaces nothing', async () => {
    await cli('seed-demo', '--accounts', '20');
    const copy = path.join(dir, 'copia.sqlite');
    await cli('backup', '--out', copy);
    await cli('import-accounts', path.join(REPO_ROOT, 'resources/samples/cuentas.csv'));
    expect(await accountCount(dbFile)).toBe(50);

    const garbage = path.join(dir, 'no-es-copia.sqlite');
    fs.writeFileSync(garbage, 'esto no es una base de datos');
    const refused = await cli('restore', garbage);
    expect(refused).toMatchObject({ code: 1, stderr: 'Error: El archivo no-es-copia.sqlite no es una base de datos SQLite. No se reemplazó nada.\n' });
    expect(await accountCount(dbFile)).toBe(50);
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false); // nothing was set aside either

    const restored = await cli('restore', copy);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const aside = /La base de datos anterior quedó en (.*antes-de-restaurar-[\d-]+\.sqlite)\n/.exec(restored.stdout)?.[1];
    expect(restored.stdout).toMatch(new RegExp(`^Copia restaurada: .*copia\\.sqlite\\nVersión del esquema: ${MIGRATIONS.length}\\.`));
    expect(aside).toBeDefined();
    expect(await accountCount(dbFile)).toBe(20);
    expect(await accountCount(aside!)).toBe(50);
    expect((await cli('audit', 'verify')).code).toBe(0);
    const audit = await withFile(dbFile, (db) => db('audit_log').orderBy('id', 'desc').first());
    expect(audit).toMatchObject({ action: 'backup.restore', actor: 'cli' });

    // by name, from the backups folder: back to the database that was set aside
    expect((await cli('restore', path.basename(aside!))).code).toBe(0);
    expect(await accountCount(dbFile)).toBe(50);
  });

  it('restore works when the current database cannot even be opened: its file is kept aside as it was', async () => {
    await cli('seed-demo', '--accounts', '10');
    const copy = path.join(dir, 'copia.sqlite');
    await cli('backup', '--out', copy);
    fs.writeFileSync(dbFile, 'la base de datos quedó ilegible');
    fs.rmSync(`${dbFile}-wal`, { force: true });
    fs.rmSync(`${dbFile}-shm`, { force: true });

    const restored = await cli('restore', copy, '--json');
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const { keptAside } = JSON.parse(restored.stdout) as { keptAside: string };
    expect(fs.readFileSync(path.join(dir, 'backups', keptAside), 'utf8')).toBe('la base de datos quedó ilegible');
    expect(await accountCount(dbFile)).toBe(10);
    expect((await cli('users', 'list')).code).toBe(0);
  });
});
