/**
 * Test fixtures: a real back office on a real SQLite file in a temporary folder, called through the
 * same dispatcher the doors use.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBackOffice, closeBackOffice } from '../../electron/core/backoffice';
import { dispatch } from '../../electron/core/dispatch';
import type { BackOffice } from '../../electron/core/context';
import type { HandlerName, Input, Output } from '../../shared/contract';
import type { Result } from '../../shared/result';

export interface TestBackOffice {
  app: BackOffice;
  dir: string;
  /** calls a handler as the holder of `token` (web door rules); returns the raw result */
  call<N extends HandlerName>(name: N, args: Input<N>, token?: string | null): Promise<Result<Output<N>>>;
  /** like call, but returns the data or throws with the Spanish message */
  ok<N extends HandlerName>(name: N, args: Input<N>, token?: string | null): Promise<Output<N>>;
  close(): Promise<void>;
}

export function tempDir(prefix = 'ventanilla-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function createTestBackOffice(dir = tempDir()): Promise<TestBackOffice> {
  const app = await openBackOffice({ dbFile: path.join(dir, 'ventanilla.sqlite') });
  const call = <N extends HandlerName>(name: N, args: Input<N>, token: string | null = null) =>
    dispatch<N>(app, name, args, { door: 'test', token });
  return {
    app,
    dir,
    call,
    async ok(name, args, token = null) {
      const result = await call(name, args, token);
      if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
      return result.data;
    },
    async close() {
      await closeBackOffice(app);
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

/** Creates a user with a role and returns a logged-in token for them. */
export async function loginAs(
  t: TestBackOffice & { adminToken: string; officeId: number },
  role: 'cajero' | 'auxiliar' | 'coordinador' | 'administrador',
  username = `${role}1`,
): Promise<string> {
  const password = 'clave-de-prueba';
  await t.ok('users.create', { fullName: `Usuario ${role}`, username, officeId: t.officeId, role, password }, t.adminToken);
  return (await t.ok('auth.login', { username, password })).token;
}
