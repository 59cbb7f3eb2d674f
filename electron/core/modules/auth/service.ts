import type { Knex } from 'knex';
import type { LoginResult } from '../../../../shared/contract';
import { nowTimestamp } from '../../db/connection';
import { writeAudit, type Actor } from '../../db/audit';
import { AppError } from '../../errors';
import { getSettings } from '../settings/service';
import { getSessionUser } from '../users/service';
import { hashPassword } from './password';
import { attemptPassword, inTurn, type PasswordHolder } from './attempts';
import type { Session, SessionStore } from './sessions';

interface UserAuthRow extends PasswordHolder {
  active: number | boolean;
  must_change_password: number | boolean;
}

/**
 * The one answer to a refused login, whether the username is unknown, the password wrong or the
 * username locked: the answer must not tell which usernames exist or are locked.
 */
export function loginRefusedMessage(maxFailedLogins: number, lockoutMinutes: number): string {
  return `Usuario o contraseña incorrectos. Después de ${maxFailedLogins} intentos fallidos seguidos el usuario queda bloqueado ${minutesText(lockoutMinutes)}.`;
}

/** why an attempt was refused without checking the password, as its audit row says it */
const REFUSAL_REASON = { unknown: 'usuario desconocido', locked: 'usuario bloqueado' } as const;

export const LOGIN_BUSY = 'Hay demasiados intentos de ingreso en curso con este usuario. Espere un momento e intente de nuevo.';
export const SESSION_ENDED = 'Su sesión terminó. Ingrese de nuevo.';

function minutesText(minutes: number): string {
  return `${minutes} minuto${minutes === 1 ? '' : 's'}`;
}

function actorOf(session: Session): Actor {
  return { userId: session.user.id, name: session.user.username, officeId: session.user.officeId };
}

/** An audit row about a session (lock, unlock, logout), in a transaction of its own. */
export async function auditSession(db: Knex, session: Session, action: string, after?: Record<string, unknown>): Promise<void> {
  await db.transaction((trx) => writeAudit(trx, actorOf(session), { action, entity: 'user', entityId: session.user.id, after }));
}

export async function login(db: Knex, sessions: SessionStore, username: string, password: string): Promise<LoginResult> {
  return inTurn(db, username, () => checkLogin(db, sessions, username, password), () => new AppError('NOT_AUTHENTICATED', LOGIN_BUSY));
}

async function checkLogin(db: Knex, sessions: SessionStore, username: string, password: string): Promise<LoginResult> {
  const user: UserAuthRow | undefined = await db('users').where({ username }).first('id', 'username', 'password_hash', 'locked_until', 'active', 'must_change_password');
  const attempt = await attemptPassword(db, user ?? null, password, {
    failure: (trx, holder, { lockedNow }) =>
      writeAudit(trx, { userId: null, name: holder.username, officeId: null }, { action: lockedNow ? 'auth.lockout' : 'auth.failed', entity: 'user', entityId: holder.id, after: { via: 'login' } }),
    success: async (trx, holder) => {
      if (!holder.active) throw new AppError('NOT_AUTHENTICATED', 'Este usuario está desactivado. Hable con el administrador.');
      await writeAudit(trx, { userId: holder.id, name: holder.username, officeId: null }, { action: 'auth.login', entity: 'user', entityId: holder.id });
    },
    refusal: (trx, holder, refusal) =>
      writeAudit(trx, { userId: null, name: username, officeId: null }, { action: 'auth.refused', entity: 'user', entityId: holder?.id ?? null, after: { via: 'login', reason: REFUSAL_REASON[refusal] } }),
    successColumns: { last_login_at: nowTimestamp() },
  });
  if (!attempt.ok || !user) {
    const { maxFailedLogins, lockoutMinutes } = attempt.ok ? await getSettings(db) : attempt;
    throw new AppError('NOT_AUTHENTICATED', loginRefusedMessage(maxFailedLogins, lockoutMinutes));
  }
  const settings = await getSettings(db);
  const sessionUser = await getSessionUser(db, user.id);
  const mustChangePassword = Boolean(user.must_change_password);
  sessions.setIdleLockMinutes(settings.idleLockMinutes);
  const session = sessions.create(sessionUser, { mustChangePassword });
  return { token: session.token, user: sessionUser, idleLockMinutes: settings.idleLockMinutes, mustChangePassword };
}

function attemptsLeftText(left: number): string {
  return `Le queda${left === 1 ? '' : 'n'} ${left} intento${left === 1 ? '' : 's'} antes de que se cierre la sesión.`;
}

/** The current user's row, or the session ends (the user was deactivated meanwhile). */
async function sessionHolder(db: Knex, sessions: SessionStore, session: Session): Promise<UserAuthRow> {
  const user: UserAuthRow | undefined = await db('users').where({ id: session.user.id }).first('id', 'username', 'password_hash', 'locked_until', 'active', 'must_change_password');
  if (!user || !user.active) {
    sessions.delete(session.token);
    throw new AppError('NOT_AUTHENTICATED', SESSION_ENDED);
  }
  return user;
}

/**
 * The session holder's own password (unlock, password change), checked and counted like a login, in
 * the username's turn: the failure that locks the username ends the session; a locked username is
 * refused and the lock stays. `success` writes the audit row of the accepted password (it may still
 * refuse); `then` does the act.
 */
async function withOwnPassword(
  db: Knex,
  sessions: SessionStore,
  session: Session,
  password: string,
  act: { via: 'unlock' | 'changePassword'; wrong: (left: number) => AppError; success: (trx: Knex.Transaction) => Promise<void>; then: (user: UserAuthRow) => Promise<void> },
): Promise<void> {
  const audit = (trx: Knex.Transaction, action: string, after?: Record<string, unknown>) =>
    writeAudit(trx, actorOf(session), { action, entity: 'user', entityId: session.user.id, after: { via: act.via, ...after } });
  await inTurn(
    db,
    session.user.username,
    async () => {
      const user = await sessionHolder(db, sessions, session);
      const attempt = await attemptPassword(db, user, password, {
        failure: (trx, _holder, { lockedNow }) => audit(trx, lockedNow ? 'auth.lockout' : 'auth.failed'),
        refusal: (trx, _holder, refusal) => audit(trx, 'auth.refused', { reason: REFUSAL_REASON[refusal] }),
        success: act.success,
      });
      if (attempt.ok) return act.then(user);
      if (attempt.lockedNow) {
        sessions.delete(session.token);
        throw new AppError('NOT_AUTHENTICATED', `Demasiados intentos fallidos: la sesión terminó y el usuario quedó bloqueado ${minutesText(attempt.lockoutMinutes)}.`);
      }
      if (attempt.refusal === 'locked') {
        throw new AppError('RULE', `El usuario está bloqueado por intentos fallidos: espere ${minutesText(attempt.lockoutMinutes)} o salga de la sesión.`);
      }
      throw act.wrong(attempt.attemptsLeft);
    },
    () => new AppError('RULE', LOGIN_BUSY),
  );
}

/**
 * The same user unlocks a locked screen with the password. A wrong one counts as a failed login; the
 * one that locks the username ends the session; a locked username cannot unlock (the lock stays).
 */
export async function unlock(db: Knex, sessions: SessionStore, session: Session, password: string): Promise<void> {
  await withOwnPassword(db, sessions, session, password, {
    via: 'unlock',
    wrong: (left) => new AppError('VALIDATION', `Contraseña incorrecta. ${attemptsLeftText(left)}`, { password: 'Contraseña incorrecta' }),
    success: (trx) => writeAudit(trx, actorOf(session), { action: 'auth.unlock', entity: 'user', entityId: session.user.id }),
    then: async () => {
      session.locked = false;
      sessions.touch(session);
    },
  });
}

/**
 * The user changes their own password: the current one is checked (and counted) like a login; the
 * new one ends every other session of the user and lifts the temporary-password restriction.
 */
export async function changePassword(db: Knex, sessions: SessionStore, session: Session, currentPassword: string, newPassword: string): Promise<void> {
  await withOwnPassword(db, sessions, session, currentPassword, {
    via: 'changePassword',
    wrong: (left) => new AppError('VALIDATION', `La contraseña actual no es correcta. ${attemptsLeftText(left)}`, { currentPassword: 'Contraseña incorrecta' }),
    success: async () => {
      if (currentPassword === newPassword) {
        throw new AppError('VALIDATION', 'La nueva contraseña debe ser distinta de la actual', { newPassword: 'Igual a la actual' });
      }
    },
    then: async (user) => {
      const hash = await hashPassword(newPassword);
      await db.transaction(async (trx) => {
        await trx('users').where({ id: user.id }).update({ password_hash: hash, must_change_password: false });
        await writeAudit(trx, actorOf(session), { action: 'user.changePassword', entity: 'user', entityId: user.id, after: { otherSessionsEnded: true } });
      });
      session.mustChangePassword = false;
      sessions.deleteUser(user.id, session.token);
    },
  });
}
