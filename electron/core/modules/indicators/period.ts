/**
 * What every indicator provider shares: the period as business dates, the office it covers, the
 * instants that bound it in the company's time zone, and the accounts of an office.
 */
import type { Knex } from 'knex';
import { addDays, zonedTimeToUtc } from '../../../../shared/dates';
import type { IndicatorFigure, IndicatorKey, IndicatorUnit } from '../../../../shared/contract';
import { officeMapQuery } from '../collections/portfolio';
import type { OfficeScope } from '../../officeScope';
import { monthRange } from '../pqrreports/month';

export interface Period {
  /** first and last business date, inclusive */
  from: string;
  to: string;
  /** the same days as instants (UTC, ISO): from ≤ t < toExclusive */
  fromInstant: string;
  toInstant: string;
  /** null: every office */
  scope: OfficeScope;
}

export function periodOf(fromMonth: string, toMonth: string, scope: OfficeScope, timeZone: string): Period {
  const from = monthRange(fromMonth).from;
  const to = monthRange(toMonth).to;
  return { from, to, fromInstant: zonedTimeToUtc(from, '00:00', timeZone), toInstant: zonedTimeToUtc(addDays(to, 1), '00:00', timeZone), scope };
}

/** the last `count` months ending at `month`, oldest first */
export function monthsEndingAt(month: string, count: number): string[] {
  const [y, m] = month.split('-').map(Number);
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const total = y * 12 + (m - 1) - i;
    out.push(`${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/** the ids of the accounts an office serves (its municipality's lowest-numbered office, as the cartera counts them) */
export function accountsOfOffice(db: Knex, officeId: number): Knex.QueryBuilder {
  return db('accounts as oa').join(officeMapQuery(db).as('om'), 'om.city_dane', 'oa.city_dane').where('om.office_id', officeId).select('oa.id');
}

export const num = (v: unknown): number => Number(v ?? 0);

export const pct = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

export const figure = (key: IndicatorKey, unit: IndicatorUnit, value: number | null): IndicatorFigure => ({ key, unit, value });

/** the page of records behind a figure: the query's total and a page of it */
export interface RecordsPage {
  offset: number;
  limit: number;
}

export async function paged(query: Knex.QueryBuilder, db: Knex, page: RecordsPage, order: { column: string; order?: 'asc' | 'desc' }[]): Promise<{ total: number; rows: Record<string, unknown>[] }> {
  const count: { n: number | string }[] = await db.from(query.clone().clearSelect().clearOrder().select(db.raw('1 AS one')).as('c')).count({ n: '*' });
  const rows: Record<string, unknown>[] = await query.orderBy(order).offset(page.offset).limit(page.limit);
  return { total: num(count[0].n), rows };
}

/**
 * A family's figures month by month over a range (the 12-month trend, the charts of the informe): one
 * list of figures per month of `months`, in that order, read with a few statements grouped by month
 * over the whole range — never one summary per month. Breakdowns are not part of a series.
 */
export type SeriesProvider = (db: Knex, range: Period, months: Period[]) => Promise<IndicatorFigure[][]>;

const MONTH = /^\d{4}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/** the month (YYYY-MM) of a business-date column (YYYY-MM-DD text on both engines) */
export const dateMonth = (column: string): string => `SUBSTR(${column}, 1, 7)`;

/** the month of an instant column (UTC ISO text), by the company's month boundaries; the months are generated here, never typed by a user */
export function instantMonth(column: string, months: Period[]): string {
  const arms = months.map((m) => {
    const month = m.from.slice(0, 7);
    if (!MONTH.test(month) || !INSTANT.test(m.fromInstant) || !INSTANT.test(m.toInstant)) throw new Error(`mes inválido: ${month}`);
    return `WHEN ${column} >= '${m.fromInstant}' AND ${column} < '${m.toInstant}' THEN '${month}'`;
  });
  return `CASE ${arms.join(' ')} END`;
}

/** one part of a month-grouped read: the tag `k`, the month `m` and a value `v` per month */
export function monthly(db: Knex, q: Knex.QueryBuilder, k: string, month: string, value: string): Knex.QueryBuilder {
  return q.select(db.raw(`'${k}' AS k`), db.raw(`${month} AS m`), db.raw(`${value} AS v`)).groupByRaw(month);
}

/** the parts read as ONE statement (UNION ALL); the answer looks a value up by tag and month (0 when absent) */
export async function readMonthly(db: Knex, parts: Knex.QueryBuilder[]): Promise<(k: string, month: string) => number> {
  const compiled = parts.map((q) => q.toSQL());
  const result = (await db.raw(compiled.map((c) => c.sql).join(' UNION ALL '), compiled.flatMap((c) => [...c.bindings]))) as { k: string; m: string | null; v: unknown }[] | { rows: { k: string; m: string | null; v: unknown }[] };
  const values = new Map<string, number>();
  for (const r of Array.isArray(result) ? result : result.rows) if (r.m !== null) values.set(`${r.k}|${r.m}`, num(r.v));
  return (k, month) => values.get(`${k}|${month}`) ?? 0;
}

export const monthOf = (p: Period): string => p.from.slice(0, 7);
