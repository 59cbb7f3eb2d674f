/**
 * Who acts in collections and what they may see (the rule is stated in shared/contract/collections.ts):
 * campaigns, contacts, commitments, hand-offs and liquidations belong to an office — a coordinator
 * works their office's, an administrator (and the CLI) every office's, and another office's id answers
 * NOT_FOUND; a gestor works only the accounts of the active campaigns assigned to them.
 */
import type { Knex } from 'knex';
import type { Role } from '../../../../shared/roles';
import type { HandlerContext } from '../../context';
import type { Actor } from '../../db/audit';
import { AppError, notFound, rule } from '../../errors';
import { officeScopeOf } from '../../officeScope';

export interface Worker {
  actor: Actor;
  userId: number | null;
  fullName: string;
  role: Role;
  /** the user's own office (null: the CLI) */
  officeId: number | null;
}

export type Person = Worker & { userId: number; officeId: number };

export function workerOf(ctx: HandlerContext): Worker {
  const user = ctx.session?.user;
  if (!user) return { actor: ctx.actor, userId: null, fullName: ctx.actor.name, role: 'administrador', officeId: null };
  return { actor: { ...ctx.actor, userId: user.id, officeId: user.officeId }, userId: user.id, fullName: user.fullName, role: user.role, officeId: user.officeId };
}

/** an act that records a person's work (a contact, a campaign): the CLI has none */
export function personOf(w: Worker): Person {
  if (w.userId === null || w.officeId === null) throw rule('Esta operación la hace una persona con su usuario, no la consola.');
  return w as Person;
}

/** the office whose records the worker sees, or null for every office (administrator, CLI): the one rule of officeScope.ts */
export function officeScope(w: Worker): number | null {
  return officeScopeOf(w);
}

/** limits a query on a table with an office_id column to what the worker sees */
export function inScope(query: Knex.QueryBuilder, w: Worker, column = 'office_id'): Knex.QueryBuilder {
  const office = officeScope(w);
  return office === null ? query : query.where(column, office);
}

/** the row's office is one the worker sees, or NOT_FOUND (never "forbidden": another office's records do not exist here) */
export function checkOffice(w: Worker, officeId: number | string, what: string): void {
  const office = officeScope(w);
  if (office !== null && Number(officeId) !== office) throw notFound(what);
}

export interface AccountAccess {
  assignmentId: number | null;
  campaignId: number | null;
  campaignName: string | null;
  officeId: number | null;
  state: string | null;
  brokenPromise: boolean;
}

const notYours = () => new AppError('NOT_FOUND', 'Esa cuenta no está en sus campañas.');

/**
 * The account's active campaign assignment, checked against the worker: a gestor must hold it (or a
 * pending callback for anyone in one of their campaigns); a coordinator of another office than the
 * campaign's gets NOT_FOUND for it. An account in no active campaign: a coordinator or administrator
 * still works it (null assignment), a gestor gets NOT_FOUND.
 */
export async function accountAccess(db: Knex, w: Worker, accountId: number): Promise<AccountAccess> {
  const row: { id: number; campaign_id: number; gestor_id: number; office_id: number; state: string; broken_promise: unknown; name: string } | undefined = await db('collection_assignments as x')
    .join('collection_campaigns as c', 'c.id', 'x.campaign_id')
    .where('x.account_id', accountId)
    // written as the partial index's own predicate (collection_assignments_one_active … WHERE active):
    // SQLite uses a partial index only for a literal term, never for `active = ?` (migration 030)
    .whereRaw('x.active')
    .first('x.id', 'x.campaign_id', 'x.gestor_id', 'x.office_id', 'x.state', 'x.broken_promise', 'c.name');
  const exists: { id: number } | undefined = await db('accounts').where({ id: accountId }).first('id');
  if (!exists) throw notFound('La cuenta');
  if (w.role === 'gestor') {
    if (!row) throw notYours();
    if (Number(row.gestor_id) !== w.userId) {
      const callback = await db('collection_callbacks as cb')
        .join('collection_campaign_gestores as g', 'g.campaign_id', 'cb.campaign_id')
        .where({ 'cb.assignment_id': row.id, 'cb.state': 'pendiente', 'g.user_id': w.userId })
        .where((q) => q.whereNull('cb.for_user_id').orWhere('cb.for_user_id', w.userId))
        .first('cb.id');
      if (!callback) throw notYours();
    }
  } else if (row) {
    const office = officeScope(w);
    if (office !== null && Number(row.office_id) !== office) throw new AppError('NOT_FOUND', 'Esa cuenta está en una campaña de otra oficina.');
  }
  return row
    ? { assignmentId: Number(row.id), campaignId: Number(row.campaign_id), campaignName: row.name, officeId: Number(row.office_id), state: row.state, brokenPromise: Boolean(row.broken_promise) }
    : { assignmentId: null, campaignId: null, campaignName: null, officeId: null, state: null, brokenPromise: false };
}
