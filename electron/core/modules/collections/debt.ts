/**
 * An account's debt and age, the way the whole module counts them, in SQL both engines accept:
 * - debt: the sum of its invoices' balances (the cartera is the billing's; other charges are left out,
 *   as the notices do);
 * - age: days from its oldest unpaid invoice already due (due_date before today) to today; an account
 *   that owes only invoices not yet due is «al día».
 * The bucket is decided with date comparisons against boundaries computed here (today − 30, − 60…),
 * so no engine-specific date arithmetic is needed; the partial index invoices_open_debt serves the
 * grouped read.
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

/**
 * One row per account that owes: account_id, debt, oldest (the oldest due date before today, or
 * null). A subquery to join or select from.
 */
export function openDebtQuery(db: Knex, today: string, accountIds?: readonly number[]): Knex.QueryBuilder {
  const q = db('invoices as i')
    .where('i.balance', '>', 0)
    .groupBy('i.account_id')
    .select('i.account_id', db.raw('SUM(i.balance) AS debt'), db.raw('MIN(CASE WHEN i.due_date < ? THEN i.due_date END) AS oldest', [today]));
  if (accountIds) q.whereIn('i.account_id', accountIds);
  return q;
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
  const row: { debt: number | string | null; oldest: string | null } | undefined = await db('invoices')
    .where({ account_id: accountId })
    .where('balance', '>', 0)
    .first(db.raw('SUM(balance) AS debt'), db.raw('MIN(CASE WHEN due_date < ? THEN due_date END) AS oldest', [today]));
  const oldest = row?.oldest ?? null;
  return { debt: Number(row?.debt ?? 0), oldest, daysPastDue: daysFrom(oldest, today), bucket: bucketOfOldest(oldest, today) };
}
