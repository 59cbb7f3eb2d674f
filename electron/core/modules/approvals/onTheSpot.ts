/**
 * The one approval mechanism for an act that needs a second person on the spot: a coordinator's
 * credentials typed on the requester's screen (a void, a closing difference above the limit, a
 * tender above the threshold, an agreement above the policy, and every future approval).
 *
 * Every act that needs a second person calls `approveOnTheSpot`; nothing else checks an approver's
 * password (the password itself is checked only in auth/attempts.ts).
 *
 * - Only an eligible approver is looked up: a coordinador or administrador of the requester's
 *   office, active, not the requester, not on a temporary password. Anyone else is treated as an
 *   unknown username: no password check (the same time is spent), nothing counted.
 * - A wrong password counts against the approver's own lockout, with the login's counters and
 *   settings; a locked approver is refused without a check.
 * - Every failure answers the same Spanish message, so the box says nothing about who exists, who
 *   is a coordinator or whose password was right.
 * - Every attempt writes an audit row (till, requester, act, target, result) in a transaction of its
 *   own, so that the row of a refused attempt stays when the act then fails. That is why it must be
 *   called before the act's transaction, never inside it (scrypt is slow on purpose and must not
 *   hold the database either).
 */
import type { Knex } from 'knex';
import { rule } from '../../errors';
import { writeAudit, type Actor } from '../../db/audit';
import { retryingTransaction } from '../../db/dialect';
import { attemptPassword, inTurn, type PasswordHolder } from '../auth/attempts';

export interface Approver {
  id: number;
  username: string;
  fullName: string;
}

/** The one answer to every refused approval, whatever the reason. */
export const APPROVAL_REFUSED =
  'No se autorizó la operación: usuario o contraseña incorrectos, o ese usuario no puede autorizar aquí (debe ser un coordinador activo de esta oficina, distinto de quien hace la operación).';

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

type ApproverRow = PasswordHolder & { full_name: string };

/** How an attempt ended, as its audit row says it. */
type Outcome = 'autorizada' | 'contraseña incorrecta' | 'usuario no habilitado' | 'aprobador bloqueado' | 'demasiados intentos en curso';

/**
 * The approver: an eligible user (see above) whose password matches. Any failure is one Spanish RULE
 * error, APPROVAL_REFUSED. Call it before the act's transaction, with the database (not a transaction).
 */
export async function approveOnTheSpot(db: Knex, approval: ApprovalCredentials, request: ApprovalRequest): Promise<Approver> {
  if ((db as { isTransaction?: boolean }).isTransaction) {
    throw new Error('approveOnTheSpot: call it before the act’s transaction; its audit rows must survive the act');
  }
  const username = approval.username.trim().toLowerCase();
  let busy = false;
  try {
    return await inTurn(db, username, () => attempt(db, username, approval.password, request), () => {
      busy = true;
      return rule(APPROVAL_REFUSED);
    });
  } catch (error) {
    // refused unchecked (too many attempts on this username in flight): recorded like any other attempt
    if (busy) await retryingTransaction(db, (trx) => auditAttempt(trx, request, username, null, 'demasiados intentos en curso', false));
    throw error;
  }
}

async function attempt(db: Knex, username: string, password: string, request: ApprovalRequest): Promise<Approver> {
  const candidate = await eligibleApprover(db, username, request);
  const result = await attemptPassword(db, candidate, password, {
    failure: (trx, approver, { lockedNow }) => auditAttempt(trx, request, username, approver.id, 'contraseña incorrecta', lockedNow),
    success: (trx, approver) => auditAttempt(trx, request, username, approver.id, 'autorizada', false),
    refusal: (trx, approver, refusal) => auditAttempt(trx, request, username, approver?.id ?? null, refusal === 'locked' ? 'aprobador bloqueado' : 'usuario no habilitado', false),
  });
  if (result.ok && candidate) return { id: candidate.id, username: candidate.username, fullName: candidate.full_name };
  throw rule(APPROVAL_REFUSED);
}

/** The user named, if and only if they may approve this request. */
async function eligibleApprover(db: Knex, username: string, request: ApprovalRequest): Promise<ApproverRow | null> {
  const row: ApproverRow | undefined = await db('users')
    .where({ username, office_id: request.requester.officeId, active: true, must_change_password: false })
    .whereIn('role', ['coordinador', 'administrador'])
    .whereNot('id', request.requester.userId)
    .first('id', 'username', 'full_name', 'password_hash', 'locked_until');
  return row ?? null;
}

async function auditAttempt(trx: Knex.Transaction, request: ApprovalRequest, typed: string, approverId: number | null, outcome: Outcome, approverLocked: boolean): Promise<void> {
  const granted = outcome === 'autorizada';
  await writeAudit(trx, request.requester, {
    action: granted ? 'approval.granted' : 'approval.refused',
    entity: 'approval',
    entityId: request.target,
    after: {
      act: request.act,
      target: request.target,
      tillId: request.tillId ?? null,
      requester: request.requester.name,
      requesterId: request.requester.userId,
      approverUsername: typed,
      approverId,
      result: outcome,
      ...(approverLocked ? { approverLocked: true } : {}),
    },
  });
}
