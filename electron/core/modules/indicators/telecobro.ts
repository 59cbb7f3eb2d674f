/**
 * Telecobro and payment agreements: contacts (gestiones) made in the period and the contact rate
 * (effective contacts ÷ contacts), payment commitments whose window closed in the period and the share
 * kept (cumplido ÷ decided: cumplido, parcial, incumplido), the amount those commitments recovered,
 * and agreements active at the period's close, fulfilled in the period and broken in the period.
 */
import type { Knex } from 'knex';
import { formatDate } from '../../../../shared/dates';
import type { IndicatorFamilyResult, IndicatorKey } from '../../../../shared/contract';
import { formatMoney } from '../../../../shared/money';
import { dateMonth, figure, monthly, monthOf, num, paged, pct, readMonthly, type Period, type RecordsPage, type SeriesProvider } from './period';

function scoped(q: Knex.QueryBuilder, p: Period, column: string): Knex.QueryBuilder {
  if (p.scope !== null) q.where(column, p.scope);
  return q;
}

const contacts = (db: Knex, p: Period) => scoped(db('collection_contacts as c').whereBetween('c.business_date', [p.from, p.to]), p, 'c.office_id');
const decidedPromises = (db: Knex, p: Period) =>
  scoped(db('collection_promises as m').whereBetween('m.window_end', [p.from, p.to]).whereIn('m.state', ['cumplido', 'parcial', 'incumplido']), p, 'm.office_id');
const agreements = (db: Knex, p: Period) => scoped(db('payment_agreements as g'), p, 'g.office_id');
const activeAgreements = (db: Knex, p: Period) =>
  agreements(db, p)
    .whereNotNull('g.activated_on')
    .where('g.activated_on', '<=', p.to)
    .where((w) => w.whereNull('g.ended_on').orWhere('g.ended_on', '>', p.to))
    .whereNot('g.state', 'anulado');
const endedAgreements = (db: Knex, p: Period, state: 'cumplido' | 'incumplido') => agreements(db, p).where('g.state', state).whereBetween('g.ended_on', [p.from, p.to]);

export async function telecobro(db: Knex, p: Period): Promise<IndicatorFamilyResult> {
  const [c, m, active, kept, broken] = await Promise.all([
    contacts(db, p).first(db.raw('COUNT(*) AS n'), db.raw('SUM(CASE WHEN c.effective THEN 1 ELSE 0 END) AS effective')) as Promise<{ n: unknown; effective: unknown }>,
    decidedPromises(db, p).first(db.raw('COUNT(*) AS n'), db.raw(`SUM(CASE WHEN m.state = 'cumplido' THEN 1 ELSE 0 END) AS kept`), db.raw('SUM(m.paid_amount) AS paid')) as Promise<{ n: unknown; kept: unknown; paid: unknown }>,
    activeAgreements(db, p).count({ n: '*' }) as Promise<{ n: unknown }[]>,
    endedAgreements(db, p, 'cumplido').count({ n: '*' }) as Promise<{ n: unknown }[]>,
    endedAgreements(db, p, 'incumplido').count({ n: '*' }) as Promise<{ n: unknown }[]>,
  ]);
  return {
    family: 'telecobro',
    figures: [
      figure('telecobro.contacts', 'count', num(c.n)),
      figure('telecobro.contactRate', 'percent', pct(num(c.effective), num(c.n))),
      figure('telecobro.promisesKeptPct', 'percent', pct(num(m.kept), num(m.n))),
      figure('telecobro.recovered', 'money', num(m.paid)),
      figure('acuerdos.active', 'count', num(active[0].n)),
      figure('acuerdos.kept', 'count', num(kept[0].n)),
      figure('acuerdos.broken', 'count', num(broken[0].n)),
    ],
    breakdowns: [],
  };
}

/** the figures month by month: contacts, decided commitments and ended agreements grouped by month in one statement; the agreements active at each close from their spans */
export const telecobroSeries: SeriesProvider = async (db, range, months) => {
  const windowEnd = dateMonth('m.window_end');
  const ended = dateMonth('g.ended_on');
  const spans = agreements(db, range)
    .whereNotNull('g.activated_on')
    .where('g.activated_on', '<=', range.to)
    .where((w) => w.whereNull('g.ended_on').orWhere('g.ended_on', '>', months[0].to))
    .whereNot('g.state', 'anulado')
    .select('g.activated_on', 'g.ended_on') as Promise<{ activated_on: string; ended_on: string | null }[]>;
  const [value, active] = await Promise.all([
    readMonthly(db, [
      monthly(db, contacts(db, range), 'contacts', dateMonth('c.business_date'), 'COUNT(*)'),
      monthly(db, contacts(db, range), 'effective', dateMonth('c.business_date'), 'SUM(CASE WHEN c.effective THEN 1 ELSE 0 END)'),
      monthly(db, decidedPromises(db, range), 'decided', windowEnd, 'COUNT(*)'),
      monthly(db, decidedPromises(db, range), 'kept', windowEnd, `SUM(CASE WHEN m.state = 'cumplido' THEN 1 ELSE 0 END)`),
      monthly(db, decidedPromises(db, range), 'paid', windowEnd, 'SUM(m.paid_amount)'),
      monthly(db, endedAgreements(db, range, 'cumplido'), 'agreementsKept', ended, 'COUNT(*)'),
      monthly(db, endedAgreements(db, range, 'incumplido'), 'agreementsBroken', ended, 'COUNT(*)'),
    ]),
    spans,
  ]);
  return months.map((p) => {
    const m = monthOf(p);
    return [
      figure('telecobro.contacts', 'count', value('contacts', m)),
      figure('telecobro.contactRate', 'percent', pct(value('effective', m), value('contacts', m))),
      figure('telecobro.promisesKeptPct', 'percent', pct(value('kept', m), value('decided', m))),
      figure('telecobro.recovered', 'money', value('paid', m)),
      figure('acuerdos.active', 'count', active.filter((g) => g.activated_on <= p.to && (g.ended_on === null || g.ended_on > p.to)).length),
      figure('acuerdos.kept', 'count', value('agreementsKept', m)),
      figure('acuerdos.broken', 'count', value('agreementsBroken', m)),
    ];
  });
};

export async function telecobroRecords(db: Knex, p: Period, key: IndicatorKey, page: RecordsPage): Promise<{ columns: string[]; total: number; rows: string[][] } | null> {
  if (key === 'telecobro.contacts' || key === 'telecobro.contactRate') {
    const q = contacts(db, p).join('accounts as a', 'a.id', 'c.account_id').join('users as u', 'u.id', 'c.gestor_id').select('c.business_date', 'a.number', 'a.holder_name', 'u.full_name', 'c.channel', 'c.outcome', 'c.effective');
    const { total, rows } = await paged(q, db, page, [{ column: 'c.business_date' }, { column: 'c.id' }]);
    return {
      columns: ['Fecha', 'Cuenta', 'Titular', 'Gestor', 'Canal', 'Resultado', 'Efectiva'],
      total,
      rows: rows.map((r) => [formatDate(String(r.business_date)), String(r.number), String(r.holder_name), String(r.full_name), String(r.channel), String(r.outcome), r.effective === true || Number(r.effective) === 1 ? 'Sí' : 'No']),
    };
  }
  if (key === 'telecobro.promisesKeptPct' || key === 'telecobro.recovered') {
    const q = decidedPromises(db, p).join('accounts as a', 'a.id', 'm.account_id').select('m.made_on', 'm.promised_date', 'm.window_end', 'a.number', 'a.holder_name', 'm.amount', 'm.paid_amount', 'm.state');
    const { total, rows } = await paged(q, db, page, [{ column: 'm.window_end' }, { column: 'm.id' }]);
    return {
      columns: ['Hecho', 'Prometido', 'Plazo', 'Cuenta', 'Titular', 'Prometido $', 'Pagado', 'Estado'],
      total,
      rows: rows.map((r) => [formatDate(String(r.made_on)), formatDate(String(r.promised_date)), formatDate(String(r.window_end)), String(r.number), String(r.holder_name), formatMoney(num(r.amount)), formatMoney(num(r.paid_amount)), String(r.state)]),
    };
  }
  let q: Knex.QueryBuilder;
  if (key === 'acuerdos.active') q = activeAgreements(db, p);
  else if (key === 'acuerdos.kept') q = endedAgreements(db, p, 'cumplido');
  else if (key === 'acuerdos.broken') q = endedAgreements(db, p, 'incumplido');
  else return null;
  q.join('accounts as a', 'a.id', 'g.account_id').select('g.number as agreement', 'a.number', 'a.holder_name', 'g.activated_on', 'g.ended_on', 'g.financed', 'g.installments', 'g.state');
  const { total, rows } = await paged(q, db, page, [{ column: 'g.id' }]);
  return {
    columns: ['Acuerdo', 'Cuenta', 'Titular', 'Activo desde', 'Terminó', 'Financiado', 'Cuotas', 'Estado'],
    total,
    rows: rows.map((r) => [String(r.agreement), String(r.number), String(r.holder_name), r.activated_on ? formatDate(String(r.activated_on)) : '—', r.ended_on ? formatDate(String(r.ended_on)) : '—', formatMoney(num(r.financed)), String(r.installments), String(r.state)]),
  };
}
