/**
 * The monthly PQR report: received in the month, answers of the month on time or late, what is still
 * pending at the end of the month (and overdue), by type and SUI causal, the mean business days from
 * filing to answer, and the count of each day for the charts. Outgoing correspondence and annulled
 * radicados are not PQRs and are left out.
 */
import type { Knex } from 'knex';
import { PQR_TYPES, type PqrMonthlyReport, type PqrType } from '../../../../shared/contract';
import { businessDaysBetween } from '../../../../shared/business-days';
import { addDays } from '../../../../shared/dates';
import { loadBusinessCalendar } from '../calendar/service';
import { PQR_TYPE_NAMES } from '../pqr/catalog';
import { monthRange, reportOffice } from './month';

const REPORTED_TYPES: PqrType[] = PQR_TYPES.filter((t) => t !== 'correspondencia');

/** PQRs of the report: not annulled, not correspondence, of the office (when one) */
function pqrsOf(db: Knex, officeId: number | null) {
  const q = db('pqrs as p').whereIn('p.type', REPORTED_TYPES).whereNot('p.state', 'anulada');
  if (officeId !== null) q.where('p.office_id', officeId);
  return q;
}

interface AnswerRow {
  office_id: number;
  type: PqrType;
  filed_date: string;
  answer_date: string;
  due: string;
}

/** an answer, or `n` answers alike (same office, filing date and answer date) */
export interface AnswerSpan {
  office_id: number;
  filed_date: string;
  answer_date: string;
  n?: unknown;
}

/**
 * The mean business days from filing to answer, on each office's calendar (pauses are not taken off),
 * rounded to a tenth; null without answers. Each distinct (office, filed, answered) pair is counted
 * once and weighted by its `n`, so a year of answers costs a few thousand calendar walks, not one each.
 */
export async function averageBusinessDays(db: Knex, answers: AnswerSpan[]): Promise<number | null> {
  const byOffice = new Map<number, AnswerSpan[]>();
  for (const a of answers) {
    const rows = byOffice.get(Number(a.office_id));
    if (rows) rows.push(a);
    else byOffice.set(Number(a.office_id), [a]);
  }
  let total = 0;
  let count = 0;
  for (const [officeId, rows] of byOffice) {
    const from = rows.reduce((m, r) => (r.filed_date < m ? r.filed_date : m), rows[0].filed_date);
    const to = rows.reduce((m, r) => (r.answer_date > m ? r.answer_date : m), rows[0].answer_date);
    const calendar = await loadBusinessCalendar(db, officeId, from, to);
    for (const r of rows) {
      const n = r.n === undefined ? 1 : Number(r.n);
      total += businessDaysBetween(calendar, r.filed_date, r.answer_date) * n;
      count += n;
    }
  }
  return count === 0 ? null : Math.round((total / count) * 10) / 10;
}

export async function monthlyReport(db: Knex, month: string, officeId: number | null, today: string): Promise<PqrMonthlyReport> {
  const range = monthRange(month);
  const office = await reportOffice(db, officeId);
  /** the day the "pending" figures describe: the month's last day, or today within the month */
  const asOf = today < range.to ? today : range.to;
  const dayAfter = addDays(range.to, 1);

  const received: { type: PqrType; filed_date: string; n: number | string }[] = await pqrsOf(db, officeId)
    .whereBetween('p.filed_date', [range.from, range.to])
    .groupBy('p.type', 'p.filed_date')
    .select('p.type', 'p.filed_date', db.raw('count(*) as n'));

  const answers: AnswerRow[] = await pqrsOf(db, officeId)
    .join('pqr_answers as a', 'a.pqr_id', 'p.id')
    .where('a.state', 'aprobada')
    .whereBetween('a.answer_date', [range.from, range.to])
    .select('p.office_id', 'p.type', 'p.filed_date', 'a.answer_date', db.raw('coalesce(p.due_date, p.original_due_date) as due'));

  // pending at the end of the month: filed by then, no approved answer dated by then, not closed by then
  const pendingQuery = pqrsOf(db, officeId)
    .leftJoin('pqr_answers as a', (j) => j.on('a.pqr_id', 'p.id').andOnVal('a.state', 'aprobada'))
    .where('p.filed_date', '<=', range.to)
    .where((w) => w.whereNull('a.answer_date').orWhere('a.answer_date', '>', range.to))
    .where((w) => w.whereNull('p.closed_at').orWhere('p.closed_at', '>=', dayAfter));
  const pending: { type: PqrType; n: number | string; overdue: number | string | null }[] = await pendingQuery
    .groupBy('p.type')
    .select('p.type', db.raw('count(*) as n'), db.raw('sum(case when coalesce(p.due_date, p.original_due_date) < ? and p.paused_since is null then 1 else 0 end) as overdue', [asOf]));

  const byCausal: { group: 'F' | 'P'; code: string; name: string; n: number | string }[] = await pqrsOf(db, officeId)
    .join('sui_causales as c', 'c.id', 'p.causal_id')
    .whereBetween('p.filed_date', [range.from, range.to])
    .groupBy('c.group', 'c.code', 'c.name')
    .select('c.group', 'c.code', 'c.name', db.raw('count(*) as n'));

  const typeFigures = new Map(REPORTED_TYPES.map((t) => [t, { received: 0, answered: 0, pending: 0 }]));
  const days = new Map<string, { received: number; answered: number }>();
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) days.set(d, { received: 0, answered: 0 });
  let receivedTotal = 0;
  for (const r of received) {
    const n = Number(r.n);
    receivedTotal += n;
    (typeFigures.get(r.type) as { received: number }).received += n;
    (days.get(r.filed_date) as { received: number }).received += n;
  }
  let onTime = 0;
  for (const a of answers) {
    (typeFigures.get(a.type) as { answered: number }).answered += 1;
    (days.get(a.answer_date) as { answered: number }).answered += 1;
    if (a.answer_date <= a.due) onTime++;
  }
  let pendingTotal = 0;
  let pendingOverdue = 0;
  for (const p of pending) {
    pendingTotal += Number(p.n);
    pendingOverdue += Number(p.overdue ?? 0);
    (typeFigures.get(p.type) as { pending: number }).pending += Number(p.n);
  }
  const average = await averageBusinessDays(db, answers);

  return {
    month,
    from: range.from,
    to: range.to,
    officeId: office.officeId,
    officeName: office.officeName,
    received: receivedTotal,
    answeredOnTime: onTime,
    answeredLate: answers.length - onTime,
    pending: pendingTotal,
    pendingOverdue,
    averageBusinessDaysToAnswer: average,
    byType: [...typeFigures]
      .filter(([, f]) => f.received + f.answered + f.pending > 0)
      .map(([type, f]) => ({ type, name: PQR_TYPE_NAMES[type], ...f })),
    byCausal: byCausal
      .map((c) => ({ group: c.group, code: c.code, name: c.name, received: Number(c.n) }))
      .sort((a, b) => b.received - a.received || a.group.localeCompare(b.group) || a.code.localeCompare(b.code)),
    days: [...days].map(([date, f]) => ({ date, ...f })),
  };
}
