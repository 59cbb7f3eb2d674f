/**
 * Test fixtures: a real back office on a real SQLite file in a temporary folder, called through the
 * same dispatcher the doors use. With VENTANILLA_TEST_PG_URL (a PostgreSQL server URL, e.g.
 * postgres://postgres@127.0.0.1:55432/postgres) every test back office gets instead its own fresh
 * database on that server (`ventanilla_test_<random>`), dropped on close.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

/** A new empty database on the test server; returns its URL and a function that drops it. */
export async function createPgTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ventanilla_test_${crypto.randomBytes(6).toString('hex')}`;
  await onServer((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_PG_URL ?? '');
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}

export async function createTestBackOffice(dir = tempDir()): Promise<TestBackOffice> {
  let dropDatabase: (() => Promise<void>) | null = null;
  let app: BackOffice;
  let target: string;
  if (onPostgres) {
    const database = await createPgTestDatabase();
    dropDatabase = database.drop;
    target = database.url;
    app = await openBackOffice({ databaseUrl: target, dataDir: dir });
  } else {
    target = path.join(dir, 'ventanilla.sqlite');
    app = await openBackOffice({ dbFile: target });
  }
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
      if (dropDatabase) await dropDatabase();
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
export async function createInitializedBackOffice(): Promise<TestBackOffice & { adminToken: string; officeId: number }> {
  const t = await createTestBackOffice();
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
