/**
 * Cartera vencida at the close of the period (its last day D): every invoice due before D with what it
 * owed that day — its balance today plus what live payments dated after D applied to it (they had not
 * been paid yet) — and the account's age: days from its oldest such due date to D, in the collections
 * module's buckets. Built on today's balances, so invoices imported already paid (no payment here) are
 * not counted as debt, and a past month reads as it stood then.
 */
import type { Knex } from 'knex';
import { formatDate } from '../../../../shared/dates';
import { AGE_BUCKETS, AGE_BUCKET_LABELS, type AgeBucket, type IndicatorFamilyResult, type IndicatorKey } from '../../../../shared/contract';
import { formatMoney } from '../../../../shared/money';
import { bucketCase } from '../collections/debt';
import { accountsOfOffice, figure, num, paged, type Period, type RecordsPage, type SeriesProvider } from './period';

/**
 * one row per account overdue at the period's close: account_id, debt, oldest. Two parts added up:
 * the open balances of invoices due before the close (the partial index invoices_open_debt), and what
 * live payments dated after the close applied to invoices due before it (payments by date) — so a
 * month's read touches the open invoices and the later payments, not every invoice ever billed.
 */
function overdueAt(db: Knex, p: Period): Knex.QueryBuilder {
  // `|| ''` keeps SQLite's planner off the due-date index (it would read 1,000,000 invoices' rows): the
  // partial index invoices_open_debt covers this read, open invoices only
  const open = db('invoices as i').where('i.balance', '>', 0).whereRaw(`i.due_date || '' < ?`, [p.to]).select('i.account_id', 'i.due_date', 'i.balance as debt');
  const paidLater = db('payments as py')
    .join('payment_allocations as pa', 'pa.payment_id', 'py.id')
    .join('invoices as i', 'i.id', 'pa.invoice_id')
    .where('py.business_date', '>', p.to)
    .where('py.status', 'vigente')
    .where('pa.live', true)
    .where('i.due_date', '<', p.to)
    .select('i.account_id', 'i.due_date', 'pa.amount as debt');
  if (p.scope !== null) {
    open.whereIn('i.account_id', accountsOfOffice(db, p.scope));
    paidLater.whereIn('i.account_id', accountsOfOffice(db, p.scope));
  }
  return db
    .from(open.unionAll(paidLater).as('d'))
    .groupBy('d.account_id')
    .select('d.account_id as account_id', db.raw('SUM(d.debt) AS debt'), db.raw('MIN(d.due_date) AS oldest'));
}

export async function cartera(db: Knex, p: Period): Promise<IndicatorFamilyResult> {
  const aged = db.from(overdueAt(db, p).as('x')).select(db.raw('? AS b', [bucketCase(db, 'x.oldest', p.to)]), 'x.debt');
  const rows: { b: AgeBucket; n: unknown; amount: unknown }[] = await db.from(aged.as('y')).groupBy('y.b').select('y.b', db.raw('COUNT(*) AS n'), db.raw('SUM(y.debt) AS amount'));
  const buckets = AGE_BUCKETS.filter((b) => b !== 'al_dia').map((b) => {
    const r = rows.find((x) => x.b === b);
    return { label: AGE_BUCKET_LABELS[b], values: [num(r?.n), num(r?.amount)] };
  });
  return {
    family: 'cartera',
    figures: [figure('cartera.overdue', 'money', rows.reduce((s, r) => s + num(r.amount), 0)), figure('cartera.accountsInArrears', 'count', rows.reduce((s, r) => s + num(r.n), 0))],
    breakdowns: [{ key: 'indicators.breakdown.byAge', columns: [{ label: 'Cuentas', unit: 'count' }, { label: 'Vencido', unit: 'money' }], rows: buckets }],
  };
}

/**
 * The overdue portfolio and the accounts in arrears at each month's close D, as overdueAt counts them,
 * read once for the whole range: the open balances summed by due date (an invoice open today is
 * overdue at every close after its due date), each account's oldest open due date (the account is in
 * arrears at every close after it), and the allocations of payments dated after a close to invoices
 * due before it (debt then, paid later), with their account's oldest open due
 * date so an account is counted once.
 */
export const carteraSeries: SeriesProvider = async (db, range, months) => {
  const last = range.to;
  const first = months[0].to;
  const scoped = (q: Knex.QueryBuilder, column: string) => (range.scope === null ? q : q.whereIn(column, accountsOfOffice(db, range.scope)));
  // `|| ''` keeps SQLite on the partial index invoices_open_debt (see overdueAt)
  const openByDue = scoped(db('invoices as i').where('i.balance', '>', 0).whereRaw(`i.due_date || '' < ?`, [last]), 'i.account_id')
    .groupBy('i.due_date')
    .select('i.due_date as d', db.raw('SUM(i.balance) AS debt'));
  const oldestOpen = scoped(db('invoices as i').where('i.balance', '>', 0).whereRaw(`i.due_date || '' < ?`, [last]), 'i.account_id').groupBy('i.account_id').select(db.raw('MIN(i.due_date) AS oldest'));
  const accountsByOldest = db.from(oldestOpen.as('o')).groupBy('o.oldest').select('o.oldest as d', db.raw('COUNT(*) AS n'));
  const paidLater = scoped(
    db('payments as py')
      .join('payment_allocations as pa', 'pa.payment_id', 'py.id')
      .join('invoices as i', 'i.id', 'pa.invoice_id')
      .where('py.business_date', '>', first)
      .where('py.status', 'vigente')
      .where('pa.live', true)
      .where('i.due_date', '<', last)
      .whereRaw('py.business_date > i.due_date'),
    'i.account_id',
  ).select(
    'i.account_id',
    'i.due_date',
    'py.business_date as paid_on',
    'pa.amount',
    db.raw(`(SELECT MIN(o.due_date) FROM invoices o WHERE o.account_id = i.account_id AND o.balance > 0 AND o.due_date || '' < ?) AS open_oldest`, [last]),
  );
  const [open, accounts, later] = (await Promise.all([openByDue, accountsByOldest, paidLater])) as [
    { d: string; debt: unknown }[],
    { d: string; n: unknown }[],
    { account_id: number; due_date: string; paid_on: string; amount: unknown; open_oldest: string | null }[],
  ];
  return months.map((p) => {
    const d = p.to;
    let overdue = open.reduce((s, r) => (r.d < d ? s + num(r.debt) : s), 0);
    let inArrears = accounts.reduce((s, r) => (r.d < d ? s + num(r.n) : s), 0);
    const alsoInArrears = new Set<number>();
    for (const r of later) {
      if (!(r.due_date < d && r.paid_on > d)) continue;
      overdue += num(r.amount);
      if (r.open_oldest === null || r.open_oldest >= d) alsoInArrears.add(Number(r.account_id));
    }
    inArrears += alsoInArrears.size;
    return [figure('cartera.overdue', 'money', overdue), figure('cartera.accountsInArrears', 'count', inArrears)];
  });
};

export async function carteraRecords(db: Knex, p: Period, key: IndicatorKey, page: RecordsPage): Promise<{ columns: string[]; total: number; rows: string[][] } | null> {
  if (key !== 'cartera.overdue' && key !== 'cartera.accountsInArrears') return null;
  const q = db.from(overdueAt(db, p).as('x')).join('accounts as a', 'a.id', 'x.account_id').select('a.number', 'a.holder_name', 'a.cycle', 'a.route', 'x.oldest', 'x.debt');
  const { total, rows } = await paged(q, db, page, [{ column: 'x.debt', order: 'desc' }, { column: 'a.number' }]);
  return {
    columns: ['Cuenta', 'Titular', 'Ciclo', 'Ruta', 'Vencida desde', 'Vencido al cierre'],
    total,
    rows: rows.map((r) => [String(r.number), String(r.holder_name), String(r.cycle), String(r.route), formatDate(String(r.oldest)), formatMoney(num(r.debt))]),
  };
}
