/**
 * Caja: cash sessions closed in the period and those closed with a difference (counted ≠ expected),
 * voided receipts per 1.000 counter receipts issued in the period; caja menor: expenses recorded in the
 * period (not rejected) and reimbursements decided (approved amount) in the period.
 */
import type { Knex } from 'knex';
import { formatDate } from '../../../../shared/dates';
import type { IndicatorFamilyResult, IndicatorKey } from '../../../../shared/contract';
import { formatMoney } from '../../../../shared/money';
import { dateMonth, figure, instantMonth, monthly, monthOf, num, paged, readMonthly, type Period, type RecordsPage, type SeriesProvider } from './period';

function scoped(q: Knex.QueryBuilder, p: Period, column: string): Knex.QueryBuilder {
  if (p.scope !== null) q.where(column, p.scope);
  return q;
}

const sessions = (db: Knex, p: Period) => scoped(db('cash_sessions as s').where('s.status', 'cerrada').whereBetween('s.business_date', [p.from, p.to]), p, 's.office_id');
const receipts = (db: Knex, p: Period) => scoped(db('payments as r').where('r.source', 'caja').whereNotNull('r.receipt_number').whereBetween('r.business_date', [p.from, p.to]), p, 'r.office_id');
const voids = (db: Knex, p: Period) => scoped(db('payment_voids as v').join('payments as r', 'r.id', 'v.payment_id').where('r.source', 'caja').whereBetween('v.business_date', [p.from, p.to]), p, 'r.office_id');
const expenses = (db: Knex, p: Period) =>
  scoped(db('petty_cash_expenses as e').join('petty_cash_funds as f', 'f.id', 'e.fund_id').whereNot('e.state', 'rechazado').whereBetween('e.date', [p.from, p.to]), p, 'f.office_id');
const reimbursements = (db: Knex, p: Period) =>
  scoped(
    db('petty_cash_reimbursements as m').join('petty_cash_funds as f', 'f.id', 'm.fund_id').whereNotNull('m.approved_total').where('m.decided_at', '>=', p.fromInstant).where('m.decided_at', '<', p.toInstant),
    p,
    'f.office_id',
  );

export async function caja(db: Knex, p: Period): Promise<IndicatorFamilyResult> {
  const [s, r, v, e, m] = await Promise.all([
    sessions(db, p).first(db.raw('COUNT(*) AS n'), db.raw('SUM(CASE WHEN s.difference <> 0 THEN 1 ELSE 0 END) AS diff')) as Promise<{ n: unknown; diff: unknown }>,
    receipts(db, p).count({ n: '*' }) as Promise<{ n: unknown }[]>,
    voids(db, p).count({ n: '*' }) as Promise<{ n: unknown }[]>,
    expenses(db, p).first(db.raw('COUNT(*) AS n'), db.raw('SUM(e.amount) AS amount')) as Promise<{ n: unknown; amount: unknown }>,
    reimbursements(db, p).first(db.raw('COUNT(*) AS n'), db.raw('SUM(m.approved_total) AS amount')) as Promise<{ n: unknown; amount: unknown }>,
  ]);
  const issued = num(r[0].n);
  return {
    family: 'caja',
    figures: [
      figure('caja.sessionsClosed', 'count', num(s.n)),
      figure('caja.sessionsWithDifference', 'count', num(s.diff)),
      figure('caja.voidsPerThousand', 'perThousand', issued === 0 ? null : Math.round((num(v[0].n) / issued) * 10_000) / 10),
      figure('cajaMenor.expenses', 'money', num(e.amount)),
      figure('cajaMenor.reimbursed', 'money', num(m.amount)),
    ],
    breakdowns: [
      {
        key: 'indicators.breakdown.cashCounts',
        columns: [{ label: 'Cantidad', unit: 'count' }],
        rows: [
          { label: 'Recibos de caja expedidos', values: [issued] },
          { label: 'Recibos anulados', values: [num(v[0].n)] },
          { label: 'Comprobantes de caja menor', values: [num(e.n)] },
          { label: 'Reembolsos de caja menor decididos', values: [num(m.n)] },
        ],
      },
    ],
  };
}

/** the figures month by month, in one statement grouped by month */
export const cajaSeries: SeriesProvider = async (db, range, months) => {
  const value = await readMonthly(db, [
    monthly(db, sessions(db, range), 'sessions', dateMonth('s.business_date'), 'COUNT(*)'),
    monthly(db, sessions(db, range), 'withDifference', dateMonth('s.business_date'), 'SUM(CASE WHEN s.difference <> 0 THEN 1 ELSE 0 END)'),
    monthly(db, receipts(db, range), 'receipts', dateMonth('r.business_date'), 'COUNT(*)'),
    monthly(db, voids(db, range), 'voids', dateMonth('v.business_date'), 'COUNT(*)'),
    monthly(db, expenses(db, range), 'expenses', dateMonth('e.date'), 'SUM(e.amount)'),
    monthly(db, reimbursements(db, range), 'reimbursed', instantMonth('m.decided_at', months), 'SUM(m.approved_total)'),
  ]);
  return months.map((p) => {
    const m = monthOf(p);
    const issued = value('receipts', m);
    return [
      figure('caja.sessionsClosed', 'count', value('sessions', m)),
      figure('caja.sessionsWithDifference', 'count', value('withDifference', m)),
      figure('caja.voidsPerThousand', 'perThousand', issued === 0 ? null : Math.round((value('voids', m) / issued) * 10_000) / 10),
      figure('cajaMenor.expenses', 'money', value('expenses', m)),
      figure('cajaMenor.reimbursed', 'money', value('reimbursed', m)),
    ];
  });
};

export async function cajaRecords(db: Knex, p: Period, key: IndicatorKey, page: RecordsPage): Promise<{ columns: string[]; total: number; rows: string[][] } | null> {
  if (key === 'caja.sessionsClosed' || key === 'caja.sessionsWithDifference') {
    const q = sessions(db, p).join('tills as t', 't.id', 's.till_id').join('users as u', 'u.id', 's.cashier_id').select('s.business_date', 't.code', 'u.full_name', 's.expected_cash', 's.counted_cash', 's.difference');
    if (key === 'caja.sessionsWithDifference') q.whereNot('s.difference', 0);
    const { total, rows } = await paged(q, db, page, [{ column: 's.business_date' }, { column: 's.id' }]);
    return {
      columns: ['Fecha', 'Caja', 'Cajero', 'Esperado', 'Contado', 'Diferencia'],
      total,
      rows: rows.map((r) => [formatDate(String(r.business_date)), String(r.code), String(r.full_name), formatMoney(num(r.expected_cash)), formatMoney(num(r.counted_cash)), formatMoney(num(r.difference))]),
    };
  }
  if (key === 'caja.voidsPerThousand') {
    const q = voids(db, p).join('accounts as a', 'a.id', 'r.account_id').select('v.business_date', 'r.receipt_number', 'a.number', 'r.amount', 'v.reason');
    const { total, rows } = await paged(q, db, page, [{ column: 'v.business_date' }, { column: 'v.id' }]);
    return { columns: ['Fecha', 'Recibo', 'Cuenta', 'Valor', 'Motivo'], total, rows: rows.map((r) => [formatDate(String(r.business_date)), String(r.receipt_number), String(r.number), formatMoney(num(r.amount)), String(r.reason)]) };
  }
  if (key === 'cajaMenor.expenses') {
    const q = expenses(db, p).select('e.date', 'e.number', 'e.payee_name', 'e.concept', 'e.amount', 'e.state');
    const { total, rows } = await paged(q, db, page, [{ column: 'e.date' }, { column: 'e.id' }]);
    return { columns: ['Fecha', 'Comprobante', 'Beneficiario', 'Concepto', 'Valor', 'Estado'], total, rows: rows.map((r) => [formatDate(String(r.date)), String(r.number), String(r.payee_name), String(r.concept), formatMoney(num(r.amount)), String(r.state)]) };
  }
  if (key === 'cajaMenor.reimbursed') {
    const q = reimbursements(db, p).select('m.number', 'm.decided_at', 'm.total', 'm.approved_total', 'm.state');
    const { total, rows } = await paged(q, db, page, [{ column: 'm.decided_at' }, { column: 'm.id' }]);
    return { columns: ['Reembolso', 'Decidido', 'Solicitado', 'Aprobado', 'Estado'], total, rows: rows.map((r) => [String(r.number), formatDate(String(r.decided_at).slice(0, 10)), formatMoney(num(r.total)), formatMoney(num(r.approved_total)), String(r.state)]) };
  }
  return null;
}
