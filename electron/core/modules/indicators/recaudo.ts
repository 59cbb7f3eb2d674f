/**
 * Recaudo: money collected (live payments of the period, counter and bank) against what was billed
 * (invoices issued in the period) and what fell due (invoices due in the period), by channel and by
 * office; collection efficiency = collected ÷ due × 100.
 * Payments belong to the office that received them; invoices to their account's office.
 */
import type { Knex } from 'knex';
import { formatDate } from '../../../../shared/dates';
import type { IndicatorFamilyResult, IndicatorKey } from '../../../../shared/contract';
import { formatMoney } from '../../../../shared/money';
import { officeMapQuery } from '../collections/portfolio';
import { accountsOfOffice, dateMonth, figure, monthly, monthOf, num, paged, pct, readMonthly, type Period, type RecordsPage, type SeriesProvider } from './period';

function payments(db: Knex, p: Period): Knex.QueryBuilder {
  const q = db('payments as p').where('p.status', 'vigente').whereBetween('p.business_date', [p.from, p.to]);
  if (p.scope !== null) q.where('p.office_id', p.scope);
  return q;
}

function invoices(db: Knex, p: Period, column: 'issue_date' | 'due_date'): Knex.QueryBuilder {
  const q = db('invoices as i').whereBetween(`i.${column}`, [p.from, p.to]);
  if (p.scope !== null) q.whereIn('i.account_id', accountsOfOffice(db, p.scope));
  return q;
}

export async function recaudo(db: Knex, p: Period): Promise<IndicatorFamilyResult> {
  const [byChannel, billed, due, byOfficePaid, byOfficeBilled, offices] = await Promise.all([
    payments(db, p)
      .leftJoin('bank_files as b', 'b.id', 'p.bank_file_id')
      .groupBy('p.source', 'b.bank_code')
      .select('p.source', 'b.bank_code', db.raw('COUNT(*) AS n'), db.raw('SUM(p.amount) AS amount')) as Promise<{ source: string; bank_code: string | null; n: unknown; amount: unknown }[]>,
    invoices(db, p, 'issue_date').first(db.raw('COUNT(*) AS n'), db.raw('SUM(i.total) AS amount')) as Promise<{ n: unknown; amount: unknown }>,
    invoices(db, p, 'due_date').first(db.raw('SUM(i.total) AS amount')) as Promise<{ amount: unknown }>,
    payments(db, p).groupBy('p.office_id').select('p.office_id', db.raw('SUM(p.amount) AS amount')) as Promise<{ office_id: number; amount: unknown }[]>,
    invoices(db, p, 'issue_date')
      .join('accounts as a', 'a.id', 'i.account_id')
      .join(officeMapQuery(db).as('om'), 'om.city_dane', 'a.city_dane')
      .groupBy('om.office_id')
      .select('om.office_id', db.raw('SUM(i.total) AS amount')) as Promise<{ office_id: number; amount: unknown }[]>,
    db('offices').orderBy('id').select('id', 'code', 'name') as Promise<{ id: number; code: string; name: string }[]>,
  ]);
  const collected = byChannel.reduce((s, r) => s + num(r.amount), 0);
  const dueAmount = num(due.amount);
  const channels = byChannel
    .map((r) => ({ label: r.source === 'banco' ? `Banco ${r.bank_code ?? ''}`.trim() : 'Caja (ventanilla)', values: [num(r.n), num(r.amount)] }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const officeRows = offices
    .filter((o) => p.scope === null || Number(o.id) === p.scope)
    .map((o) => ({
      label: `${o.code} · ${o.name}`,
      values: [num(byOfficePaid.find((r) => Number(r.office_id) === Number(o.id))?.amount), num(byOfficeBilled.find((r) => Number(r.office_id) === Number(o.id))?.amount)],
    }));
  return {
    family: 'recaudo',
    figures: [
      figure('recaudo.collected', 'money', collected),
      figure('recaudo.billed', 'money', num(billed?.amount)),
      figure('recaudo.due', 'money', dueAmount),
      figure('recaudo.efficiency', 'percent', pct(collected, dueAmount)),
    ],
    breakdowns: [
      { key: 'indicators.breakdown.byChannel', columns: [{ label: 'Pagos', unit: 'count' }, { label: 'Recaudado', unit: 'money' }], rows: channels },
      { key: 'indicators.breakdown.byOffice', columns: [{ label: 'Recaudado', unit: 'money' }, { label: 'Facturado', unit: 'money' }], rows: officeRows },
    ],
  };
}

/** the figures month by month: payments, invoices issued and invoices due, each grouped by its date's month, in one statement */
export const recaudoSeries: SeriesProvider = async (db, range, months) => {
  const value = await readMonthly(db, [
    monthly(db, payments(db, range), 'collected', dateMonth('p.business_date'), 'SUM(p.amount)'),
    monthly(db, invoices(db, range, 'issue_date'), 'billed', dateMonth('i.issue_date'), 'SUM(i.total)'),
    monthly(db, invoices(db, range, 'due_date'), 'due', dateMonth('i.due_date'), 'SUM(i.total)'),
  ]);
  return months.map((p) => {
    const m = monthOf(p);
    return [
      figure('recaudo.collected', 'money', value('collected', m)),
      figure('recaudo.billed', 'money', value('billed', m)),
      figure('recaudo.due', 'money', value('due', m)),
      figure('recaudo.efficiency', 'percent', pct(value('collected', m), value('due', m))),
    ];
  });
};

export async function recaudoRecords(db: Knex, p: Period, key: IndicatorKey, page: RecordsPage): Promise<{ columns: string[]; total: number; rows: string[][] } | null> {
  if (key === 'recaudo.collected') {
    const q = payments(db, p)
      .join('accounts as a', 'a.id', 'p.account_id')
      .join('offices as o', 'o.id', 'p.office_id')
      .leftJoin('bank_files as b', 'b.id', 'p.bank_file_id')
      .select('p.business_date', 'p.receipt_number', 'a.number', 'a.holder_name', 'o.code', 'p.source', 'b.bank_code', 'p.amount');
    const { total, rows } = await paged(q, db, page, [{ column: 'p.business_date' }, { column: 'p.id' }]);
    return {
      columns: ['Fecha', 'Recibo', 'Cuenta', 'Titular', 'Oficina', 'Canal', 'Valor'],
      total,
      rows: rows.map((r) => [formatDate(String(r.business_date)), r.receipt_number === null ? '—' : String(r.receipt_number), String(r.number), String(r.holder_name), String(r.code), r.source === 'banco' ? `Banco ${String(r.bank_code ?? '')}` : 'Caja', formatMoney(num(r.amount))]),
    };
  }
  if (key === 'recaudo.billed' || key === 'recaudo.due') {
    const q = invoices(db, p, key === 'recaudo.billed' ? 'issue_date' : 'due_date')
      .join('accounts as a', 'a.id', 'i.account_id')
      .select('i.number as invoice', 'i.period', 'i.issue_date', 'i.due_date', 'a.number', 'a.holder_name', 'i.total', 'i.balance');
    const { total, rows } = await paged(q, db, page, [{ column: key === 'recaudo.billed' ? 'i.issue_date' : 'i.due_date' }, { column: 'i.id' }]);
    return {
      columns: ['Factura', 'Periodo', 'Expedida', 'Vence', 'Cuenta', 'Titular', 'Total', 'Saldo hoy'],
      total,
      rows: rows.map((r) => [String(r.invoice), String(r.period), formatDate(String(r.issue_date)), formatDate(String(r.due_date)), String(r.number), String(r.holder_name), formatMoney(num(r.total)), formatMoney(num(r.balance))]),
    };
  }
  return null;
}
