/**
 * The cashier of this office: a payment (receipt) or a cash session of another office answers as
 * one that does not exist (an administrator: every office, see officeScope.ts). Handlers call these
 * before anything else, so an id of another office is refused before any rule or approval runs.
 */
import type { Knex } from 'knex';
import { notFound } from '../../errors';
import { officeScopeOf, requireInScope, type OfficeBound } from '../../officeScope';

/** a payment of the caller's office */
export async function paymentOfOffice(db: Knex, who: OfficeBound, paymentId: number): Promise<void> {
  const row: { office_id: number } | undefined = await db('payments').where({ id: paymentId }).first('office_id');
  requireInScope(officeScopeOf(who), row, (p) => p.office_id, () => notFound('El recibo en esta oficina'));
}

/** a cash session (turno) of the caller's office, with its cashier */
export async function sessionOfOffice(db: Knex, who: OfficeBound, sessionId: number): Promise<{ cashierId: number; officeId: number }> {
  const row: { cashier_id: number; office_id: number } | undefined = await db('cash_sessions').where({ id: sessionId }).first('cashier_id', 'office_id');
  const found = requireInScope(officeScopeOf(who), row, (s) => s.office_id, () => notFound('La caja (turno)'));
  return { cashierId: Number(found.cashier_id), officeId: Number(found.office_id) };
}
