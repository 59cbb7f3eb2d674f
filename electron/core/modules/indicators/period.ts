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
