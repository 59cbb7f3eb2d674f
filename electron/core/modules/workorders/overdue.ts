/**
 * The ONE definition of "this account has something overdue", as SQL (a debt is overdue when its
 * balance > 0 and its due date is before the business date). An invoice is due on `invoices.due_date`;
 * a charge on its `due_date` (an agreement's installment carries its own) or, without one, on its
 * `business_date` — as the till's open debts read it (cashier/queries.ts). Invoices taken by an active
 * agreement have balance 0, and its installments not yet due are not overdue.
 */
import type { Knex } from 'knex';

/** an overdue invoice row `ovi` / charge row `ovc` (each one `?`: the business date) */
const OVERDUE_INVOICE = 'ovi.balance > 0 AND ovi.due_date < ?';
const OVERDUE_CHARGE = 'ovc.balance > 0 AND COALESCE(ovc.due_date, ovc.business_date) < ?';

/** a subquery that has rows when the account in `accountColumn` (e.g. 'a.id') owes something overdue on `businessDate` */
export function overdueInvoices(db: Knex, accountColumn: string, businessDate: string): Knex.QueryBuilder {
  return db('invoices as ovi').whereRaw('ovi.account_id = ??', [accountColumn]).whereRaw(OVERDUE_INVOICE, [businessDate]).select(db.raw('1'));
}

export function overdueCharges(db: Knex, accountColumn: string, businessDate: string): Knex.QueryBuilder {
  return db('account_charges as ovc').whereRaw('ovc.account_id = ??', [accountColumn]).whereRaw(OVERDUE_CHARGE, [businessDate]).select(db.raw('1'));
}

/**
 * whereNothingOverdue as SQL text, for a statement made once (db/prepared.ts): true when the account in
 * `accountColumn` (a column of the statement, e.g. 'a.id') owes nothing overdue. Two `?`: the business date, twice.
 */
export function nothingOverdueSql(accountColumn: string): string {
  return `NOT EXISTS (SELECT 1 FROM invoices ovi WHERE ovi.account_id = ${accountColumn} AND ${OVERDUE_INVOICE})
      AND NOT EXISTS (SELECT 1 FROM account_charges ovc WHERE ovc.account_id = ${accountColumn} AND ${OVERDUE_CHARGE})`;
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
