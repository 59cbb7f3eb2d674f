/**
 * The ONE definition of "this account has something overdue", as SQL (a debt is overdue when its
 * balance > 0 and its due date is before the business date). An invoice is due on `invoices.due_date`;
 * a charge on its `due_date` (an agreement's installment carries its own) or, without one, on its
 * `business_date` — as the till's open debts read it (cashier/queries.ts). Invoices taken by an active
 * agreement have balance 0, and its installments not yet due are not overdue.
 */
import type { Knex } from 'knex';

/** a subquery that has rows when the account in `accountColumn` (e.g. 'a.id') owes something overdue on `businessDate` */
export function overdueInvoices(db: Knex, accountColumn: string, businessDate: string): Knex.QueryBuilder {
  return db('invoices as ovi').whereRaw('ovi.account_id = ??', [accountColumn]).where('ovi.balance', '>', 0).where('ovi.due_date', '<', businessDate).select(db.raw('1'));
}

export function overdueCharges(db: Knex, accountColumn: string, businessDate: string): Knex.QueryBuilder {
  return db('account_charges as ovc').whereRaw('ovc.account_id = ??', [accountColumn]).where('ovc.balance', '>', 0).whereRaw('COALESCE(ovc.due_date, ovc.business_date) < ?', [businessDate]).select(db.raw('1'));
}

/** narrows `query` to the accounts (`accountColumn`) with nothing overdue on `businessDate` */
export function whereNothingOverdue<Q extends Knex.QueryBuilder>(query: Q, db: Knex, accountColumn: string, businessDate: string): Q {
  return query.whereNotExists(overdueInvoices(db, accountColumn, businessDate)).whereNotExists(overdueCharges(db, accountColumn, businessDate)) as Q;
}

/** one account: does it owe anything overdue? */
export async function hasOverdue(db: Knex, accountId: number, businessDate: string): Promise<boolean> {
  const row = await db('accounts as a')
    .where('a.id', accountId)
    .where((w) => w.whereExists(overdueInvoices(db, 'a.id', businessDate)).orWhereExists(overdueCharges(db, 'a.id', businessDate)))
    .first('a.id');
  return row !== undefined;
}
