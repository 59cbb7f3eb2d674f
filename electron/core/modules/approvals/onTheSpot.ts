/**
 * The one approval mechanism for an act that needs a second person on the spot: a coordinator's
 * credentials typed on the requester's screen (a void, a closing difference above the limit, a
 * tender above the threshold, an agreement above the policy, and every future approval). Checked
 * before the act's transaction: scrypt is slow on purpose and must not hold the database.
 *
 * Every act that needs a second person calls `approveOnTheSpot`; nothing else checks an approver's
 * password.
 */
import type { Knex } from 'knex';
import { rule } from '../../errors';
import { verifyPassword } from '../auth/password';
import type { Actor } from '../../db/audit';
import { bool } from '../cashier/queries';

export interface Approver {
  id: number;
  username: string;
  fullName: string;
}

const WRONG = 'Usuario o contraseña del coordinador incorrectos: no se autorizó la operación.';

export interface ApprovalCredentials {
  username: string;
  password: string;
}

/** What is being approved, for the eligibility check and the audit row of the attempt. */
export interface ApprovalRequest {
  /** the act, as the audit names it: 'payment.void', 'cashSession.close', … */
  act: string;
  /** the id or number of what the act is about (payment, session, agreement…) */
  target: string | number | null;
  /** who asks: the approver must be another person of this office */
  requester: Actor & { userId: number; officeId: number };
  /** the till the request comes from, when there is one */
  tillId?: number | null;
}

/**
 * The approver: an active coordinador or administrador of the requester's office whose password
 * matches, and not the requester (nobody approves their own act). Any failure is one Spanish RULE
 * error.
 */
export async function approveOnTheSpot(db: Knex, approval: ApprovalCredentials, request: ApprovalRequest): Promise<Approver> {
  const opts = { officeId: request.requester.officeId, notUserId: request.requester.userId };
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
