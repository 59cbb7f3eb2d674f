import type { Knex } from 'knex';
import type { SessionUser, UserRow } from '../../../../shared/contract';
import type { Role } from '../../../../shared/roles';
import { nowTimestamp } from '../../db/connection';
import { writeAudit, type Actor } from '../../db/audit';
import { conflict, notFound, rule } from '../../errors';
import { hashPassword } from '../auth/password';

export interface NewUser {
  fullName: string;
  username: string;
  officeId: number;
  role: Role;
  password: string;
}

function userQuery(db: Knex) {
  return db('users')
    .join('offices', 'offices.id', 'users.office_id')
    .select(
      'users.id',
      'users.username',
      'users.full_name',
      'users.role',
      'users.office_id',
      'users.active',
      'users.last_login_at',
      'offices.code as office_code',
      'offices.name as office_name',
    );
}

type UserDbRow = {
  id: number;
  username: string;
  full_name: string;
  role: Role;
  office_id: number;
  active: number | boolean;
  last_login_at: string | null;
  office_code: string;
  office_name: string;
};

const toUserRow = (r: UserDbRow): UserRow => ({
  id: r.id,
  username: r.username,
  fullName: r.full_name,
  role: r.role,
  officeId: r.office_id,
  officeName: r.office_name,
  active: Boolean(r.active),
  lastLoginAt: r.last_login_at,
});

export async function listUsers(db: Knex): Promise<UserRow[]> {
  const rows: UserDbRow[] = await userQuery(db).orderBy('users.full_name');
  return rows.map(toUserRow);
}

export async function getUser(db: Knex, userId: number): Promise<UserRow> {
  const row: UserDbRow | undefined = await userQuery(db).where('users.id', userId).first();
  if (!row) throw notFound('El usuario');
  return toUserRow(row);
}

export async function getSessionUser(db: Knex, userId: number): Promise<SessionUser> {
  const row: UserDbRow | undefined = await userQuery(db).where('users.id', userId).first();
  if (!row) throw notFound('El usuario');
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    role: row.role,
    officeId: row.office_id,
    officeCode: row.office_code,
    officeName: row.office_name,
  };
}

/** Inserts a user in the caller's transaction (the wizard and the demo data use it too). */
export async function insertUser(trx: Knex.Transaction, actor: Actor, input: NewUser, mustChangePassword = false): Promise<UserRow> {
  if (await trx('users').where({ username: input.username }).first('id')) {
    throw conflict(`El usuario «${input.username}» ya existe`);
  }
  if (!(await trx('offices').where({ id: input.officeId }).first('id'))) throw notFound('La oficina');
  const [row] = await trx('users')
    .insert({
      username: input.username,
      full_name: input.fullName,
      office_id: input.officeId,
      role: input.role,
      password_hash: await hashPassword(input.password),
      must_change_password: mustChangePassword,
      created_at: nowTimestamp(),
    })
    .returning('id');
  const user = await getUser(trx, typeof row === 'object' ? row.id : row);
  await writeAudit(trx, actor, { action: 'user.create', entity: 'user', entityId: user.id, after: user });
  return user;
}

export async function createUser(db: Knex, actor: Actor, input: NewUser): Promise<UserRow> {
  return db.transaction((trx) => insertUser(trx, actor, input, true));
}

async function activeAdministrators(trx: Knex.Transaction): Promise<number> {
  const [{ n }] = await trx('users').where({ role: 'administrador', active: true }).count<{ n: number }[]>({ n: '*' });
  return Number(n);
}

export async function updateUser(
  db: Knex,
  actor: Actor,
  userId: number,
  changes: { fullName: string; officeId: number; role: Role },
): Promise<UserRow> {
  return db.transaction(async (trx) => {
    const before = await getUser(trx, userId);
    if (before.role === 'administrador' && changes.role !== 'administrador' && before.active && (await activeAdministrators(trx)) <= 1) {
      throw rule('No se puede quitar el rol al último administrador activo');
    }
    if (!(await trx('offices').where({ id: changes.officeId }).first('id'))) throw notFound('La oficina');
    await trx('users').where({ id: userId }).update({ full_name: changes.fullName, office_id: changes.officeId, role: changes.role });
    const after = await getUser(trx, userId);
    await writeAudit(trx, actor, { action: 'user.update', entity: 'user', entityId: userId, before, after });
    return after;
  });
}

export async function resetPassword(db: Knex, actor: Actor, userId: number, newPassword: string): Promise<void> {
  await db.transaction(async (trx) => {
    await getUser(trx, userId);
    await trx('users')
      .where({ id: userId })
      .update({ password_hash: await hashPassword(newPassword), must_change_password: true, failed_attempts: 0, locked_until: null });
    await writeAudit(trx, actor, { action: 'user.resetPassword', entity: 'user', entityId: userId });
  });
}

export async function setUserActive(db: Knex, actor: Actor, userId: number, active: boolean): Promise<UserRow> {
  return db.transaction(async (trx) => {
    const before = await getUser(trx, userId);
    if (!active && actor.userId === userId) throw rule('No puede desactivar su propio usuario');
    if (!active && before.role === 'administrador' && before.active && (await activeAdministrators(trx)) <= 1) {
      throw rule('No se puede desactivar al último administrador activo');
    }
    await trx('users').where({ id: userId }).update({ active });
    const after = await getUser(trx, userId);
    await writeAudit(trx, actor, { action: active ? 'user.activate' : 'user.deactivate', entity: 'user', entityId: userId, before, after });
    return after;
  });
}
