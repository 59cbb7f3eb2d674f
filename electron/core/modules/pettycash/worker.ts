/**
 * Who acts on a fund and what they may do: the custodian records expenses and advances and asks for
 * reimbursements; a coordinator (or administrator) of the office may do the same (audited under
 * their name) and is the one who approves, updates the rules and legalises. The CLI door acts as an
 * administrator of no office.
 */
import type { HandlerContext } from '../../context';
import type { Actor } from '../../db/audit';
import type { Role } from '../../../../shared/roles';
import { AppError, notFound } from '../../errors';
import type { FundRow } from './queries';
import { requireOfficeOfWorker } from './scope';

export interface Worker {
  actor: Actor;
  /** null for the CLI */
  userId: number | null;
  fullName: string;
  role: Role;
  officeId: number | null;
}

export function workerOf(ctx: HandlerContext): Worker {
  const user = ctx.session?.user;
  if (!user) return { actor: ctx.actor, userId: null, fullName: ctx.actor.name, role: 'administrador', officeId: null };
  return { actor: { ...ctx.actor, userId: user.id, officeId: user.officeId }, userId: user.id, fullName: user.fullName, role: user.role, officeId: user.officeId };
}

export const isCoordinator = (w: Worker) => w.role === 'coordinador' || w.role === 'administrador';

/** the caller's office, the one asked for (their own; an administrator: any), or (CLI) the first office */
export async function officeOf(ctx: HandlerContext, officeId?: number): Promise<number> {
  if (officeId !== undefined) {
    requireOfficeOfWorker(workerOf(ctx), officeId);
    return officeId;
  }
  const own = ctx.session?.user.officeId;
  if (own !== undefined) return own;
  const first: { id: number } | undefined = await ctx.app.db('offices').orderBy('id').first('id');
  if (!first) throw notFound('La oficina');
  return Number(first.id);
}

function forbidden(message: string): AppError {
  return new AppError('FORBIDDEN', message);
}

/** a coordinator of another office may not touch this fund (administrators may) */
function sameOffice(w: Worker, fund: Pick<FundRow, 'office_id'>): boolean {
  return w.role === 'administrador' || w.officeId === null || w.officeId === fund.office_id;
}

/** the custodian, or a coordinator of the fund's office */
export function requireCustodianOrCoordinator(w: Worker, fund: Pick<FundRow, 'office_id' | 'custodian_id'>): void {
  if (w.userId !== null && w.userId === fund.custodian_id) return;
  if (isCoordinator(w) && sameOffice(w, fund)) return;
  throw forbidden('Solo quien custodia la caja menor o el coordinador de la oficina pueden hacer esto.');
}

/**
 * The arqueo: a coordinator of the fund's office or an administrator (the table already refused
 * other roles), never the fund's custodian (someone other than who keeps the cash counts it).
 */
export function requireArqueoCounter(w: Worker, fund: Pick<FundRow, 'office_id' | 'custodian_id'>): void {
  if (w.userId !== null && w.userId === fund.custodian_id) throw forbidden('El arqueo lo hace alguien distinto de quien custodia la caja menor.');
  requireCoordinatorOf(w, fund);
}

/** a coordinator of the fund's office (the table already refused other roles) */
export function requireCoordinatorOf(w: Worker, fund: Pick<FundRow, 'office_id'>): void {
  if (isCoordinator(w) && sameOffice(w, fund)) return;
  throw forbidden('Solo el coordinador de la oficina de la caja menor puede hacer esto.');
}
