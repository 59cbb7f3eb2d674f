/**
 * A coordinator's credentials typed on the cashier's screen to authorise an act on the spot (a void,
 * a closing difference above the limit). Checked before the act's transaction: scrypt is slow on
 * purpose and must not hold the database.
 */
import type { Knex } from 'knex';
import { rule } from '../../errors';
import { verifyPassword } from '../auth/password';
import { bool } from './queries';

export interface Approver {
  id: number;
  username: string;
  fullName: string;
}

const WRONG = 'Usuario o contraseña del coordinador incorrectos: no se autorizó la operación.';

/**
 * The approver: an active coordinador or administrador of `officeId` whose password matches, and
 * not `notUserId` (nobody approves their own act). Any failure is one Spanish RULE error.
 */
export async function checkApproval(db: Knex, approval: { username: string; password: string }, opts: { officeId: number; notUserId: number }): Promise<Approver> {
  const user: { id: number; username: string; full_name: string; role: string; office_id: number; active: number | boolean; password_hash: string } | undefined = await db('users')
    .where({ username: approval.username.trim() })
    .first('id', 'username', 'full_name', 'role', 'office_id', 'active', 'password_hash');
  if (!user || !(await verifyPassword(approval.password, user.password_hash))) throw rule(WRONG);
  if (!bool(user.active)) throw rule('El usuario que autoriza está desactivado.');
  if (user.role !== 'coordinador' && user.role !== 'administrador') throw rule(`${user.full_name} no es coordinador: no puede autorizar esta operación.`);
  if (user.office_id !== opts.officeId) throw rule(`${user.full_name} es de otra oficina: no puede autorizar aquí.`);
  if (user.id === opts.notUserId) throw rule('Quien autoriza debe ser otra persona, no quien hace la operación.');
  return { id: user.id, username: user.username, fullName: user.full_name };
}
