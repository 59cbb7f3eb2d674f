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
import { accountsOfOffice, figure, num, paged, type Period, type RecordsPage } from './period';

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
