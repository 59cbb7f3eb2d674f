/**
 * An account's debt and age, the way the whole module counts them, in SQL both engines accept:
 * - debt: the balances of its invoices plus those of its other charges (account_charges: the unpaid
 *   principal a broken payment agreement returns as one debt, an agreement's installments, a charge
 *   added at the counter). Left out: the down payment of an agreement still waiting for it
 *   (agreement_part 'inicial'): until it is paid the debts it finances are still in the invoices,
 *   and counting both would count them twice;
 * - age: days from its oldest unpaid debt already due to today — an invoice's due_date, a charge's
 *   COALESCE(due_date, business_date), overdue when before today (the one overdue rule of the
 *   cashier and the agreements' monitor); an account that owes only debts not yet due is «al día».
 * The bucket is decided with date comparisons against boundaries computed here (today − 30, − 60…),
 * so no engine-specific date arithmetic is needed. The invoices are grouped per account through the
 * partial index invoices_open_debt; the charges (few) are grouped apart and joined to them, and the
 * accounts that owe only charges are added with UNION ALL — so the large grouping keeps the
 * index's order instead of re-sorting a union of every open invoice.
 */
import type { Knex } from 'knex';
import { AGE_BUCKETS, AGE_BUCKET_LIMITS, bucketOf, type AgeBucket } from '../../../../shared/contract';
import { addDays } from '../../../../shared/dates';

/** whole days from `from` to `to` ('YYYY-MM-DD'), never negative */
export function daysFrom(from: string | null, to: string): number {
  if (!from) return 0;
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return Math.max(0, Math.round(ms / 86_400_000));
}

/** the age bucket of an oldest overdue due date */
export function bucketOfOldest(oldest: string | null, today: string): AgeBucket {
  return oldest ? bucketOf(Math.max(1, daysFrom(oldest, today))) : 'al_dia';
}

/** a charge's due date: its own, or the day it was added */
const CHARGE_DUE = 'COALESCE(c.due_date, c.business_date)';

function invoiceDebts(db: Knex, today: string, accountIds?: readonly number[]): Knex.QueryBuilder {
  const q = db('invoices as i')
    .where('i.balance', '>', 0)
    .groupBy('i.account_id')
    .select('i.account_id', db.raw('SUM(i.balance) AS debt'), db.raw('MIN(CASE WHEN i.due_date < ? THEN i.due_date END) AS oldest', [today]));
  if (accountIds) q.whereIn('i.account_id', accountIds);
  return q;
}

function chargeDebts(db: Knex, today: string, accountIds?: readonly number[]): Knex.QueryBuilder {
  const q = db('account_charges as c')
    .where('c.balance', '>', 0)
    .where((w) => w.whereNull('c.agreement_part').orWhereNot('c.agreement_part', 'inicial'))
    .groupBy('c.account_id')
    .select('c.account_id', db.raw('SUM(c.balance) AS debt'), db.raw(`MIN(CASE WHEN ${CHARGE_DUE} < ? THEN ${CHARGE_DUE} END) AS oldest`, [today]));
  if (accountIds) q.whereIn('c.account_id', accountIds);
  return q;
}

/**
 * One row per account that owes: account_id, debt, oldest (the oldest due date before today, or
 * null). A subquery to join or select from; `accountIds` limits it to a few accounts.
 */
export function openDebtQuery(db: Knex, today: string, accountIds?: readonly number[]): Knex.QueryBuilder {
  const withInvoices = db
    .from(invoiceDebts(db, today, accountIds).as('iv'))
    .leftJoin(chargeDebts(db, today, accountIds).as('cv'), 'cv.account_id', 'iv.account_id')
    .select(
      'iv.account_id',
      db.raw('iv.debt + COALESCE(cv.debt, 0) AS debt'),
      // the older of the two (either may be null)
      db.raw('CASE WHEN cv.oldest IS NULL OR (iv.oldest IS NOT NULL AND iv.oldest <= cv.oldest) THEN iv.oldest ELSE cv.oldest END AS oldest'),
    );
  const chargesOnly = db
    .from(chargeDebts(db, today, accountIds).as('co'))
    .whereNotExists(db('invoices as ix').whereRaw('ix.account_id = co.account_id').where('ix.balance', '>', 0).select(db.raw('1')))
    .select('co.account_id', 'co.debt', 'co.oldest');
  return withInvoices.unionAll(chargesOnly);
}

/** the debt and oldest overdue date of these accounts (a page of a list), 500 at a time; an account that owes nothing is absent */
export async function debtsOf(db: Knex, accountIds: readonly number[], today: string): Promise<Map<number, { debt: number; oldest: string | null }>> {
  const found = new Map<number, { debt: number; oldest: string | null }>();
  for (let i = 0; i < accountIds.length; i += 500) {
    const rows: { account_id: number; debt: number | string; oldest: string | null }[] = await openDebtQuery(db, today, accountIds.slice(i, i + 500));
    for (const r of rows) found.set(Number(r.account_id), { debt: Number(r.debt), oldest: r.oldest });
  }
  return found;
}

/** `CASE … END` naming the bucket of the column holding the oldest overdue date */
export function bucketCase(db: Knex, column: string, today: string): Knex.Raw {
  const whens: string[] = [`WHEN ${column} IS NULL THEN 'al_dia'`];
  const bindings: string[] = [];
  for (const bucket of AGE_BUCKETS) {
    const limit = AGE_BUCKET_LIMITS[bucket];
    if (bucket === 'al_dia' || limit === null) continue;
    whens.push(`WHEN ${column} >= ? THEN '${bucket}'`);
    bindings.push(addDays(today, -limit));
  }
  return db.raw(`CASE ${whens.join(' ')} ELSE 'mas_360' END`, bindings);
}

/** restricts `column` (the oldest overdue date) to the given buckets */
export function whereBuckets(query: Knex.QueryBuilder, column: string, buckets: readonly AgeBucket[], today: string): Knex.QueryBuilder {
  return query.where((q) => {
    for (const bucket of buckets) {
      if (bucket === 'al_dia') {
        q.orWhereNull(column);
        continue;
      }
      const limit = AGE_BUCKET_LIMITS[bucket];
      const index = AGE_BUCKETS.indexOf(bucket);
      const previous = AGE_BUCKET_LIMITS[AGE_BUCKETS[index - 1]] ?? 0;
      // days in (previous, limit]  ⟺  oldest in [today − limit, today − previous − 1]
      q.orWhere((r) => {
        r.where(column, '<=', addDays(today, -(previous + 1)));
        if (limit !== null) r.where(column, '>=', addDays(today, -limit));
      });
    }
  });
}

/** the account's debt and age now */
export async function debtOf(db: Knex, accountId: number, today: string): Promise<{ debt: number; oldest: string | null; daysPastDue: number; bucket: AgeBucket }> {
  const row = (await debtsOf(db, [accountId], today)).get(accountId);
  const oldest = row?.oldest ?? null;
  return { debt: row?.debt ?? 0, oldest, daysPastDue: daysFrom(oldest, today), bucket: bucketOfOldest(oldest, today) };
}
