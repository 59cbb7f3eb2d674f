/**
 * The admin door as an administrator uses it: the real command line in a child process, against a
 * database file in a temporary folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeBackOffice, databaseFromEnvironment, openBackOffice } from '../../electron/core/backoffice';
import { dispatch } from '../../electron/core/dispatch';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import type { DemoCredentials, ImportResult, UserRow } from '../../shared/contract';
import { createPgTestDatabase, onPostgres, tempDir } from '../helpers/backoffice';
import { REPO_ROOT, runCli, type CliRun } from '../helpers/cli';

let dir = '';
/** what --db gets: a SQLite file in the folder, or a fresh PostgreSQL database when the suite runs on one */
let dbFile = '';
let dropDatabase: (() => Promise<void>) | null = null;
beforeEach(async () => {
  dir = tempDir('ventanilla-cli-');
  dbFile = path.join(dir, 'ventanilla.sqlite');
  if (onPostgres) ({ url: dbFile, drop: dropDatabase } = await createPgTestDatabase());
});
afterEach(async () => {
  await dropDatabase?.();
  dropDatabase = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

const open = () => openBackOffice(databaseFromEnvironment(dbFile, () => dbFile));

/** `npm run cli -- …args`; the app's default data folder points into the temporary folder too. */
function cli(...args: string[]): Promise<CliRun> {
  return runCli([...args], path.join(dir, 'default'));
}

async function countRows(table: string): Promise<number> {
  const app = await open();
  try {
    return Number((await app.db(table).count<{ n: number }[]>({ n: '*' }))[0].n);
  } finally {
    await closeBackOffice(app);
  }
}

async function canLogIn(username: string, password: string): Promise<boolean> {
  const app = await open();
  try {
    return (await dispatch(app, 'auth.login', { username, password }, { door: 'test' })).ok;
  } finally {
    await closeBackOffice(app);
  }
}

describe('npm run cli', () => {
  it('migrate creates the database, then finds it up to date', async () => {
    const first = await cli('migrate', '--db', dbFile);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Migraciones aplicadas: 001_foundation/);
    if (!onPostgres) expect(fs.existsSync(dbFile)).toBe(true);
    const again = await cli('migrate', '--db', dbFile, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ applied: [], backupFile: null, schemaVersion: MIGRATIONS.length });
  });

  it('seed-demo prints working credentials once; users list shows them', async () => {
    const seeded = await cli('seed-demo', '--accounts', '50', '--json', '--db', dbFile);
    expect(seeded.stderr).toBe('');
    expect(seeded.code).toBe(0);
    const { users, accounts, invoices } = JSON.parse(seeded.stdout) as DemoCredentials & { accounts: number; invoices: number };
    expect(accounts).toBe(50);
    expect(invoices).toBe(300);
    expect(users.map((u) => u.role).sort()).toEqual(['administrador', 'auxiliar', 'cajero', 'coordinador']);
    const cajero = users.find((u) => u.role === 'cajero')!;
    expect(await canLogIn(cajero.username, cajero.password)).toBe(true);

    const listed = await cli('users', 'list', '--json', '--db', dbFile);
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.stdout) as UserRow[];
    expect(rows.map((u) => u.username).sort()).toEqual(users.map((u) => u.username).sort());
    expect(listed.stdout).not.toContain(cajero.password);

    const twice = await cli('seed-demo', '--accounts', '50', '--db', dbFile);
    expect(twice).toMatchObject({ code: 1, stdout: '', stderr: 'Error: La empresa ya está configurada\n' });
  });

  it('users add refuses a bad role in Spanish and creates nothing; a good one gets a one-time password', async () => {
    await cli('seed-demo', '--accounts', '10', '--db', dbFile);
    const bad = await cli('users', 'add', '--username', 'ana.perez', '--name', 'Ana Pérez Suárez', '--role', 'jefe', '--office', 'CEN', '--db', dbFile);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toBe('Error: Rol desconocido «jefe»: use cajero, auxiliar, gestor, coordinador o administrador\n');
    const unknownOffice = await cli('users', 'add', '--username', 'ana.perez', '--name', 'Ana Pérez Suárez', '--role', 'cajero', '--office', 'SUR', '--db', dbFile);
    expect(unknownOffice.code).toBe(1);
    expect(unknownOffice.stderr).toMatch(/^Error: No existe la oficina «SUR»\. Oficinas: CEN, NOR/);
    expect(JSON.parse((await cli('users', 'list', '--json', '--db', dbFile)).stdout)).toHaveLength(4);

    const good = await cli('users', 'add', '--username', 'ana.perez', '--name', 'Ana Pérez Suárez', '--role', 'cajero', '--office', 'NOR', '--json', '--db', dbFile);
    expect(good.code).toBe(0);
    const { user, password } = JSON.parse(good.stdout) as { user: UserRow; password: string };
    expect(user).toMatchObject({ username: 'ana.perez', role: 'cajero', officeName: 'Oficina Norte' });
    expect(await canLogIn('ana.perez', password)).toBe(true);

    const reset = await cli('users', 'reset-password', '--username', 'ana.perez', '--password', 'otra-clave-9', '--db', dbFile);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/Contraseña de ana\.perez restablecida/);
    expect(await canLogIn('ana.perez', password)).toBe(false);
    expect(await canLogIn('ana.perez', 'otra-clave-9')).toBe(true);

    // the CLI's acts are audited in its name
    const app = await open();
    const audit = await app.db('audit_log').whereIn('action', ['user.create', 'user.resetPassword']).where({ entity_id: String(user.id) }).orderBy('id');
    await closeBackOffice(app);
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['user.create', 'cli'],
      ['user.resetPassword', 'cli'],
    ]);
  });

  it('wrong command lines exit with 2, a missing database with 1, both in Spanish', async () => {
    expect(await cli('facturar', '--db', dbFile)).toMatchObject({ code: 2, stderr: 'Error: Comando desconocido: facturar. Use --help para ver los comandos.\n' });
    expect(await cli('migrate', '--cuentas', '3')).toMatchObject({ code: 2, stderr: 'Error: Opción desconocida: --cuentas. Use --help para ver los comandos.\n' });
    const missing = await cli('users', 'list', '--db', path.join(dir, 'no-existe.sqlite'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Error: No existe la base de datos .*no-existe\.sqlite/);
    expect(fs.existsSync(path.join(dir, 'no-existe.sqlite'))).toBe(false);
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Uso: npm run cli -- <comando>/);
  });

  it('imports the sample accounts (dry run first) and invoices, and refuses the file with errors', async () => {
    await cli('seed-demo', '--accounts', '10', '--db', dbFile);
    const sample = (name: string) => path.join(REPO_ROOT, 'resources/samples', name);

    const dry = await cli('import-accounts', sample('cuentas.csv'), '--dry-run', '--json', '--db', dbFile);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout) as ImportResult).toMatchObject({ rows: 30, newCount: 30, committed: false, acceptable: true, encoding: 'windows-1252', separator: ';' });
    expect(await countRows('accounts')).toBe(10);

    const accounts = await cli('import-accounts', sample('cuentas.csv'), '--db', dbFile);
    expect(accounts.code).toBe(0);
    expect(accounts.stdout).toMatch(/Nuevas: 30 · Modificadas: 0 · Sin cambios: 0 · Rechazadas: 0/);
    expect(accounts.stdout).toMatch(/Importación guardada \(lote \d+\)/);
    expect(await countRows('accounts')).toBe(40);
    const again = await cli('import-accounts', sample('cuentas.csv'), '--json', '--db', dbFile);
    expect(JSON.parse(again.stdout)).toMatchObject({ newCount: 0, changedCount: 0, unchangedCount: 30 });

    const invoices = await cli('import-invoices', sample('facturas.csv'), '--db', dbFile);
    expect(invoices.stderr).toBe('');
    expect(invoices.code).toBe(0);
    const imported = await countRows('invoices');
    expect(imported).toBeGreaterThan(60);

    const refused = await cli('import-invoices', sample('facturas-con-errores.csv'), '--db', dbFile);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/Línea \d+, columna «[a-z_]+»: /);
    expect(refused.stderr).toMatch(/^Error: El archivo tiene (una fila rechazada|\d+ filas rechazadas); no se importó nada\.\n$/);
    expect(await countRows('invoices')).toBe(imported);
  });
});

describe.runIf(onPostgres)('npm run cli on PostgreSQL', () => {
  it('refuses backups, pointing to pg_dump', async () => {
    await cli('migrate', '--db', dbFile);
    const backup = await cli('backup', '--db', dbFile);
    expect(backup.code).toBe(1);
    expect(backup.stderr).toMatch(/^Error: Con PostgreSQL las copias de seguridad se hacen en el servidor con pg_dump/);
  });
});
