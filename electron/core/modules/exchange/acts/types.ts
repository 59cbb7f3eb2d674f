/** What an exporter of acts gives the exchange service (acts.ts). */
import type { Knex } from 'knex';
import type { ActKind } from '../../../../../shared/contract';
import type { CsvCell } from '../../../documents/csv';
import { addDays, zonedTimeToUtc } from '../../../../../shared/dates';

export interface ActScope {
  /** the business date, YYYY-MM-DD */
  date: string;
  /** null: every office */
  officeId: number | null;
  /** the company's time zone: timestamps (UTC) belong to the day of that zone */
  timeZone: string;
}

export interface ActRow {
  /** the act, stable: an act leaves in one file of its kind (exchange_export_items) */
  key: string;
  /** the cells after `version` and `exportacion`, in the header's order */
  cells: CsvCell[];
  /** the money of the row for the log's total (minor units; 0 when none) */
  amount: number;
}

export interface ActExporter {
  kind: ActKind;
  /** the header's version: a new or changed column is a new version */
  version: number;
  /** the columns after `version` and `exportacion` */
  columns: readonly string[];
  /** indexes in `columns` of the numeric ones (validated, never escaped) */
  numeric: readonly number[];
  /** the acts of the day, in a stable order */
  rows(db: Knex, scope: ActScope): Promise<ActRow[]>;
}

/** The UTC instants that bound a business date of the time zone: [from, to). */
export function dayBounds(scope: ActScope): { from: string; to: string } {
  return { from: zonedTimeToUtc(scope.date, '00:00', scope.timeZone), to: zonedTimeToUtc(addDays(scope.date, 1), '00:00', scope.timeZone) };
}

/** `officeId` of a row when the scope names one office. */
export function inOffice<Q extends Knex.QueryBuilder>(query: Q, column: string, scope: ActScope): Q {
  if (scope.officeId !== null) query.where(column, scope.officeId);
  return query;
}
