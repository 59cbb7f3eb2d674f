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

/** one row per account overdue at the period's close: account_id, debt, oldest */
function overdueAt(db: Knex, p: Period): Knex.QueryBuilder {
  const paidLater = db('payment_allocations as pa')
    .join('payments as py', 'py.id', 'pa.payment_id')
    .where('pa.live', true)
    .where('py.status', 'vigente')
    .where('py.business_date', '>', p.to)
    .whereNotNull('pa.invoice_id')
    .groupBy('pa.invoice_id')
    .select('pa.invoice_id', db.raw('SUM(pa.amount) AS paid'));
  const q = db('invoices as i')
    .leftJoin(paidLater.as('pd'), 'pd.invoice_id', 'i.id')
    .where('i.due_date', '<', p.to)
    .whereRaw('i.balance + COALESCE(pd.paid, 0) > 0')
    .groupBy('i.account_id')
    .select('i.account_id', db.raw('SUM(i.balance + COALESCE(pd.paid, 0)) AS debt'), db.raw('MIN(i.due_date) AS oldest'));
  if (p.scope !== null) q.whereIn('i.account_id', accountsOfOffice(db, p.scope));
  return q;
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
