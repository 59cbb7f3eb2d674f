import type { Knex } from 'knex';
import type { LoginResult } from '../../../../shared/contract';
import { nowTimestamp } from '../../db/connection';
import { writeAudit } from '../../db/audit';
import { AppError } from '../../errors';
import { getSettings } from '../settings/service';
import { getSessionUser } from '../users/service';
import { hashPassword, verifyPassword } from './password';
import type { Session, SessionStore } from './sessions';

const WRONG_CREDENTIALS = 'Usuario o contraseña incorrectos';

interface UserAuthRow {
  id: number;
  username: string;
  password_hash: string;
  active: number | boolean;
  failed_attempts: number;
  locked_until: string | null;
  must_change_password: number | boolean;
}

export async function login(db: Knex, sessions: SessionStore, username: string, password: string): Promise<LoginResult> {
  const user: UserAuthRow | undefined = await db('users').where({ username }).first();
  if (!user) {
    await verifyPassword(password, await dummyHash()); // same time whether the user exists or not
    throw new AppError('NOT_AUTHENTICATED', WRONG_CREDENTIALS);
  }
  if (user.locked_until && user.locked_until > nowTimestamp()) {
    const minutes = Math.max(1, Math.ceil((Date.parse(user.locked_until) - Date.now()) / 60_000));
    throw new AppError('NOT_AUTHENTICATED', `Usuario bloqueado por intentos fallidos. Intente de nuevo en ${minutes} minuto${minutes === 1 ? '' : 's'}.`);
  }
  const good = await verifyPassword(password, user.password_hash);
  if (!good) {
    await recordFailure(db, user);
    throw new AppError('NOT_AUTHENTICATED', WRONG_CREDENTIALS);
  }
  if (!user.active) throw new AppError('NOT_AUTHENTICATED', 'Este usuario está desactivado. Hable con el administrador.');
  await db.transaction(async (trx) => {
    await trx('users').where({ id: user.id }).update({ failed_attempts: 0, locked_until: null, last_login_at: nowTimestamp() });
    await writeAudit(trx, { userId: user.id, name: user.username, officeId: null }, { action: 'auth.login', entity: 'user', entityId: user.id });
  });
  const sessionUser = await getSessionUser(db, user.id);
  const session = sessions.create(sessionUser);
  const settings = await getSettings(db);
  return {
    token: session.token,
    user: sessionUser,
    idleLockMinutes: settings.idleLockMinutes,
    mustChangePassword: Boolean(user.must_change_password),
  };
}

/** After `maxFailedLogins` wrong passwords in a row the username is locked for `lockoutMinutes` (settings). */
async function recordFailure(db: Knex, user: UserAuthRow): Promise<void> {
  const { maxFailedLogins, lockoutMinutes } = await getSettings(db);
  await db.transaction(async (trx) => {
    const attempts = user.failed_attempts + 1;
    const lock = attempts >= maxFailedLogins;
    await trx('users')
      .where({ id: user.id })
      .update({
        failed_attempts: lock ? 0 : attempts,
        locked_until: lock ? new Date(Date.now() + lockoutMinutes * 60_000).toISOString() : null,
      });
    await writeAudit(trx, { userId: null, name: user.username, officeId: null }, {
      action: lock ? 'auth.lockout' : 'auth.failed',
      entity: 'user',
      entityId: user.id,
    });
  });
}

let cachedDummy: Promise<string> | null = null;
function dummyHash(): Promise<string> {
  cachedDummy ??= hashPassword('contraseña-que-nadie-tiene');
  return cachedDummy;
}

/** The same user unlocks a locked screen with the password; a wrong one counts as a failed login. */
export async function unlock(db: Knex, session: Session, password: string): Promise<void> {
  const user: UserAuthRow | undefined = await db('users').where({ id: session.user.id }).first();
  if (!user || !user.active) throw new AppError('NOT_AUTHENTICATED', 'Su sesión terminó. Ingrese de nuevo.');
  if (!(await verifyPassword(password, user.password_hash))) {
    await recordFailure(db, user);
    throw new AppError('NOT_AUTHENTICATED', 'Contraseña incorrecta');
  }
  await db('users').where({ id: user.id }).update({ failed_attempts: 0 });
  session.locked = false;
}

export async function changePassword(db: Knex, session: Session, currentPassword: string, newPassword: string): Promise<void> {
  const user: UserAuthRow | undefined = await db('users').where({ id: session.user.id }).first();
  if (!user || !(await verifyPassword(currentPassword, user.password_hash))) {
    throw new AppError('VALIDATION', 'La contraseña actual no es correcta', { currentPassword: 'Contraseña incorrecta' });
  }
  if (currentPassword === newPassword) {
    throw new AppError('VALIDATION', 'La nueva contraseña debe ser distinta de la actual', { newPassword: 'Igual a la actual' });
  }
  const hash = await hashPassword(newPassword);
  await db.transaction(async (trx) => {
    await trx('users').where({ id: user.id }).update({ password_hash: hash, must_change_password: false });
    await writeAudit(trx, { userId: user.id, name: user.username, officeId: session.user.officeId }, {
      action: 'user.changePassword',
      entity: 'user',
      entityId: user.id,
    });
  });
}
