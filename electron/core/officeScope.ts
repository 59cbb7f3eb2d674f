/**
 * Office scoping (issue 12): which offices a caller sees and acts on.
 *
 * The rule, the same in every module:
 * - an administrator works for the whole company: every office's records (as the product already
 *   did for PQRs, sessions, tills and reports);
 * - the CLI door acts as an administrator of no office;
 * - every other role (cajero, auxiliar, gestor, coordinador) only sees and acts on the records of
 *   its own office.
 * A record of another office answers NOT_FOUND with the same Spanish message as an id that does not
 * exist, so an id tried from another office reveals nothing (not even that it exists). A request
 * naming another office itself (an `officeId` to read or act for) answers FORBIDDEN.
 *
 * Each module has its own "of this office" helper built on these functions (cashier/scope.ts,
 * pettycash/scope.ts, pqr/queries.ts visiblePqr…); handlers call that helper before anything else.
 */
import type { HandlerContext } from './context';
import type { Knex } from 'knex';
import { AppError, rule } from './errors';

/** who is asking: a role and an office (null: the CLI, no office) */
export interface OfficeBound {
  role: string;
  officeId: number | null;
}

/** null: every office (administrator, CLI); otherwise the one office the caller works in */
export type OfficeScope = number | null;

export function officeScopeOf(who: OfficeBound): OfficeScope {
  return who.role === 'administrador' || who.officeId === null ? null : who.officeId;
}

/** the scope of the caller of a handler (no session: the CLI, every office) */
export function callerScope(ctx: HandlerContext): OfficeScope {
  const user = ctx.session?.user;
  return user ? officeScopeOf({ role: user.role, officeId: user.officeId }) : null;
}

/** true when a record of `officeId` is within the scope */
export function inScope(scope: OfficeScope, officeId: number | string | null | undefined): boolean {
  if (scope === null) return true;
  return officeId !== null && officeId !== undefined && Number(officeId) === scope;
}

/**
 * The row when it exists and is of an office within the scope; otherwise `absent()` (a NOT_FOUND
 * with the module's usual "no existe" message), the same answer for both cases.
 */
export function requireInScope<T>(scope: OfficeScope, row: T | undefined | null, officeOf: (row: T) => number | string | null, absent: () => AppError): T {
  if (row === undefined || row === null || !inScope(scope, officeOf(row))) throw absent();
  return row;
}

/**
 * An office the caller names in a request (to read or act for): their own, or any for an
 * administrator and the CLI; another office is refused with `message`.
 */
export function requireOwnOffice(scope: OfficeScope, officeId: number, message: string): void {
  if (!inScope(scope, officeId)) throw new AppError('FORBIDDEN', message);
}

/**
 * The office a caller acts for when a record must belong to one (a round of notices, a work order,
 * a crew): the caller's own, or, for the CLI and an administrator of no office, the first active one.
 */
export async function actingOffice(db: Knex, officeId: number | null): Promise<number> {
  if (officeId !== null) return officeId;
  const first: { id: number } | undefined = await db('offices').where({ active: true }).orderBy('id').first('id');
  if (!first) throw rule('No hay oficinas: complete la configuración inicial.');
  return Number(first.id);
}
