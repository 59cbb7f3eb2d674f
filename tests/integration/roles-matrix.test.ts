/**
 * The roles matrix, generated from the one declared table (each handler's `access` in
 * electron/core/handlers.ts): every handler is called as every role, and without a session, with a
 * valid payload. A refused call must answer FORBIDDEN (NOT_AUTHENTICATED without a session); an
 * allowed one may answer anything else (NOT_FOUND, CONFLICT, VALIDATION… mean the access check
 * passed), but never LOCKED or INTERNAL.
 *
 * Each role gets its own back office, so that what an allowed call changes (a new office, a
 * holiday, a lock, a logout) only affects that role's column; after each call the session is
 * restored (logged in again, unlocked) before the next one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlers } from '../../electron/core/handlers';
import type { Access } from '../../electron/core/context';
import type { HandlerName } from '../../shared/contract';
import { ROLES, type Role } from '../../shared/roles';
import { createInitializedBackOffice, createUserReady, type TestBackOffice } from '../helpers/backoffice';
import { sampleOf } from '../property/handler-samples';

type Caller = Role | 'anónimo';
const CALLERS: Caller[] = ['anónimo', ...ROLES];
const NAMES = Object.keys(handlers).sort() as HandlerName[];
const PASSWORD = 'clave-de-prueba';

/** What the declared table says for this caller. */
function declared(access: Access, caller: Caller): 'allowed' | 'FORBIDDEN' | 'NOT_AUTHENTICATED' {
  if (access === 'public') return 'allowed';
  if (caller === 'anónimo') return 'NOT_AUTHENTICATED';
  if (access === 'authenticated') return 'allowed';
  return access.includes(caller) ? 'allowed' : 'FORBIDDEN';
}

describe('the declared table', () => {
  it('gives every handler an access of public, authenticated, or a non-empty list of known roles', () => {
    const wrong = NAMES.filter((name) => {
      const access = handlers[name].access;
      if (access === 'public' || access === 'authenticated') return false;
      return !Array.isArray(access) || access.length === 0 || access.some((role) => !ROLES.includes(role));
    });
    expect(wrong).toEqual([]);
  });
});

describe.each(CALLERS)('as %s', (caller) => {
  let t: TestBackOffice & { adminToken: string; officeId: number };
  let token: string | null = null;
  const username = caller === 'anónimo' ? null : `${caller}.matriz`;

  /** A valid payload; the authentication handlers get this caller's own password. */
  function payloadFor(name: HandlerName): Record<string, unknown> {
    const payload = sampleOf(name);
    if (name === 'auth.login' && username) return { username, password: PASSWORD };
    if (name === 'auth.unlock') return { password: PASSWORD };
    // the same password as the new one: refused by the service (VALIDATION), after the access check
    if (name === 'auth.changePassword') return { currentPassword: PASSWORD, newPassword: PASSWORD };
    if ('officeId' in payload) payload.officeId = t.officeId;
    return payload;
  }

  /** Brings this caller's session back after a call that ended or locked it. */
  async function restoreSession(): Promise<void> {
    if (!username) return;
    const session = t.app.sessions.get(token);
    if (!session) token = (await t.ok('auth.login', { username, password: PASSWORD })).token;
    else if (session.locked) await t.ok('auth.unlock', { password: PASSWORD }, token);
  }

  beforeAll(async () => {
    t = await createInitializedBackOffice();
    if (username) {
      token = await createUserReady(t, { fullName: `Usuario ${caller}`, username, officeId: t.officeId, role: caller as Role, password: PASSWORD });
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(NAMES)(`%s is allowed or refused as declared`, async (name) => {
    const expected = declared(handlers[name].access, caller);
    const result = await t.call(name, payloadFor(name) as never, token);
    const got = result.ok ? 'ok' : result.error.code;
    const detail = result.ok ? '' : result.error.message;
    if (expected === 'allowed') {
      expect(['FORBIDDEN', 'NOT_AUTHENTICATED', 'LOCKED', 'INTERNAL', 'UNKNOWN_HANDLER'], `${name} como ${caller}: ${got} ${detail}`).not.toContain(got);
    } else {
      expect(got, `${name} como ${caller}: ${detail}`).toBe(expected);
    }
    await restoreSession();
  });
});
