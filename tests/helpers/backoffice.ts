/**
 * Test fixtures: a real back office on a real SQLite file in a temporary folder, called through the
 * same dispatcher the doors use. With VENTANILLA_TEST_PG_URL (a PostgreSQL server URL, e.g.
 * postgres://postgres@127.0.0.1:55432/postgres) every test back office gets instead its own fresh
 * database on that server (`ventanilla_test_<random>`), dropped on close.
 *
 * Every test back office starts as a copy of one migrated empty database (a file on SQLite, a
 * template database on PostgreSQL) instead of running every migration again: migrating took ~0.8 s
 * on SQLite and more on PostgreSQL for each of the suite's hundreds of back offices, copying takes a
 * few ms. The template is made by the real migrations (so they still run in every suite) and is
 * named by a hash of the migrations' source, so a changed migration makes a new one.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg, { type Client as PgClient } from 'pg';
import { openBackOffice, closeBackOffice } from '../../electron/core/backoffice';
import { dispatch } from '../../electron/core/dispatch';
import type { BackOffice } from '../../electron/core/context';
import type { HandlerName, Input, Output } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { Role } from '../../shared/roles';

export interface TestBackOffice {
  app: BackOffice;
  dir: string;
  /** what another process opens to reach the same database: the SQLite file or the PostgreSQL URL */
  target: string;
  /** calls a handler as the holder of `token` (web door rules); returns the raw result */
  call<N extends HandlerName>(name: N, args: Input<N>, token?: string | null): Promise<Result<Output<N>>>;
  /** like call, but returns the data or throws with the Spanish message */
  ok<N extends HandlerName>(name: N, args: Input<N>, token?: string | null): Promise<Output<N>>;
  close(): Promise<void>;
}

export function tempDir(prefix = 'ventanilla-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** the PostgreSQL server the integration suite runs against, or undefined (SQLite) */
export const TEST_PG_URL: string | undefined = process.env.VENTANILLA_TEST_PG_URL || undefined;
/** true when the suite runs on PostgreSQL: `describe.skipIf(onPostgres)` marks what is about SQLite files */
export const onPostgres = TEST_PG_URL !== undefined;

/** The SQLite file of a test back office (for the tests about the file itself, skipped on PostgreSQL). */
export function sqliteFile(app: BackOffice): string {
  if (app.dbFile === null) throw new Error('this test works on the SQLite file; skip it on PostgreSQL');
  return app.dbFile;
}

async function onServer<T>(work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_PG_URL ?? '' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function testDatabaseUrl(name: string): string {
  const url = new URL(TEST_PG_URL ?? '');
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new database on the test server (empty, or a copy of `template`); returns its URL and a function that drops it. */
export async function createPgTestDatabase(template?: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ventanilla_test_${crypto.randomBytes(6).toString('hex')}`;
  await onServer((client) => client.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`));
  return { url: testDatabaseUrl(name), drop: () => onServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}

// import.meta.url, not __dirname: the benches load this helper through tsx as an ES module
const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../electron/core/db');

/**
 * A hash of the schema's source: the migrations and every module of `db/` (the code that opens and
 * migrates a database, and what migrations import from there, such as wordIndex.ts' triggers).
 */
function schemaHash(): string {
  const hash = crypto.createHash('sha256');
  const files = [
    ...fs.readdirSync(path.join(MIGRATIONS_DIR, 'migrations')).map((f) => path.join('migrations', f)),
    ...fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.ts')),
  ].sort();
  for (const f of files) hash.update(f).update(fs.readFileSync(path.join(MIGRATIONS_DIR, f)));
  return hash.digest('hex').slice(0, 16);
}

let sqliteTemplate: Promise<string> | null = null;

/** The migrated empty SQLite file every test back office copies (made once, shared by the suite's processes). */
function migratedSqliteTemplate(): Promise<string> {
  sqliteTemplate ??= (async () => {
    const file = path.join(os.tmpdir(), `ventanilla-test-template-${schemaHash()}.sqlite`);
    if (fs.existsSync(file)) return file;
    const dir = tempDir('ventanilla-template-');
    try {
      const building = path.join(dir, 'template.sqlite');
      await closeBackOffice(await openBackOffice({ dbFile: building }));
      // closed: the WAL is checkpointed into the file and removed; the rename makes it appear whole
      fs.renameSync(building, file);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return file;
  })();
  return sqliteTemplate;
}

let pgTemplate: Promise<string> | null = null;

/** The migrated empty template database on the test server (made once, shared by the suite's processes). */
function migratedPgTemplate(): Promise<string> {
  pgTemplate ??= onServer(async (client) => {
    const name = `ventanilla_template_${schemaHash()}`;
    // one process builds it; the others wait for the lock and then find it
    await client.query('SELECT pg_advisory_lock(7401)');
    try {
      const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (rows.length === 0) {
        const building = `${name}_${crypto.randomBytes(4).toString('hex')}`;
        await client.query(`CREATE DATABASE ${building}`);
        const dir = tempDir('ventanilla-template-');
        try {
          await closeBackOffice(await openBackOffice({ databaseUrl: testDatabaseUrl(building), dataDir: dir }));
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
        await client.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(7401)');
    }
    return name;
  });
  return pgTemplate;
}

export async function createTestBackOffice(dir = tempDir()): Promise<TestBackOffice> {
  let dropDatabase: (() => Promise<void>) | null = null;
  let app: BackOffice;
  let target: string;
  if (onPostgres) {
    const database = await createPgTestDatabase(await migratedPgTemplate());
    dropDatabase = database.drop;
    target = database.url;
    app = await openBackOffice({ databaseUrl: target, dataDir: dir });
  } else {
    target = path.join(dir, 'ventanilla.sqlite');
    fs.copyFileSync(await migratedSqliteTemplate(), target);
    app = await openBackOffice({ dbFile: target });
  }
  return testBackOfficeOf(app, dir, target, async () => {
    if (dropDatabase) await dropDatabase();
  });
}

/** The test handle of a back office opened elsewhere (e.g. on a PostgreSQL cluster of the test's own); `afterClose` runs after it is closed. */
export function testBackOfficeOf(app: BackOffice, dir: string, target: string, afterClose: () => Promise<void> = async () => {}): TestBackOffice {
  const call = <N extends HandlerName>(name: N, args: Input<N>, token: string | null = null) =>
    dispatch<N>(app, name, args, { door: 'test', token });
  return {
    app,
    dir,
    target,
    call,
    async ok(name, args, token = null) {
      const result = await call(name, args, token);
      if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
      return result.data;
    },
    async close() {
      await closeBackOffice(app);
      await afterClose();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const COMPANY = {
  name: 'Aguas del Valle de Tenza S.A. E.S.P.',
  nit: '900123456-8',
  gln: '7709998000018',
  country: 'CO' as const,
  currency: 'COP' as const,
  timeZone: 'America/Bogota',
};

export const OFFICE = {
  code: 'GAR',
  name: 'Oficina Garagoa',
  city: 'Garagoa',
  cityDane: '15299',
  address: 'Calle 10 # 9-45',
  phone: '6087500123',
  saturdayIsBusinessDay: false,
};

export const ADMIN = { fullName: 'Laura Gómez Pardo', username: 'admin', password: 'clave-segura-1' };

/** A back office after the first-start wizard, with the administrator logged in. */
export async function createInitializedBackOffice(t?: TestBackOffice): Promise<TestBackOffice & { adminToken: string; officeId: number }> {
  t ??= await createTestBackOffice();
  const { officeId } = await t.ok('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN });
  const { token } = await t.ok('auth.login', { username: ADMIN.username, password: ADMIN.password });
  return Object.assign(t, { adminToken: token, officeId });
}

/**
 * The first login of a user the administrator created: logs in with the temporary password and
 * changes it to `password`, as the change-password screen does (until then a temporary password
 * allows nothing else). Returns the session token.
 */
export async function firstLogin(t: TestBackOffice, username: string, temporaryPassword: string, password: string): Promise<string> {
  const { token } = await t.ok('auth.login', { username, password: temporaryPassword });
  await t.ok('auth.changePassword', { currentPassword: temporaryPassword, newPassword: password }, token);
  return token;
}

/**
 * Creates a user as the administrator (with a temporary password) and does their first login, so
 * that `input.password` is their own password; returns their session token.
 */
export async function createUserReady(t: TestBackOffice & { adminToken: string }, input: Input<'users.create'>): Promise<string> {
  const temporary = `temporal-${input.password}`;
  await t.ok('users.create', { ...input, password: temporary }, t.adminToken);
  return firstLogin(t, input.username, temporary, input.password);
}

/** Creates a user with a role (password 'clave-de-prueba', already their own) and returns a logged-in token for them. */
export async function loginAs(
  t: TestBackOffice & { adminToken: string; officeId: number },
  role: Role,
  username = `${role}1`,
): Promise<string> {
  return createUserReady(t, { fullName: `Usuario ${role}`, username, officeId: t.officeId, role, password: 'clave-de-prueba' });
}
