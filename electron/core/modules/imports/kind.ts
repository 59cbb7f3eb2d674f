import type { Knex } from 'knex';
import type { ImportKind } from '../../../../shared/contract';
import type { CurrencyCode } from '../../../../shared/money';
import type { CsvRecord } from './csv-reader';
import type { ErrorLog, HeaderMap } from './fields';
import { createStagingIndex, selectRows, stagingTable, type RawConnection } from './staging';

export interface StageContext {
  conn: RawConnection;
  log: ErrorLog;
  map: HeaderMap;
  currency: CurrencyCode;
}

/** Takes the data records of a file in order, validates them and stages the good ones. */
export interface RowSink {
  add(record: CsvRecord): void;
  /** lets staging writes catch up (called after each chunk) */
  pump(): Promise<void>;
  /** end of file: stages what is left */
  finish(): Promise<void>;
  /** releases statements; safe after a failure */
  close(): Promise<void>;
}

export interface Counts {
  newCount: number;
  changedCount: number;
  unchangedCount: number;
}

/**
 * One kind of import. The steps run in this order: staging tables, records through the sink,
 * file-wide checks (before the transaction), then inside the transaction the comparison with the
 * database and, when the whole file is accepted, the writes.
 */
export interface ImportKindSpec {
  kind: ImportKind;
  /** canonical header names, in the documented order */
  columns: readonly string[];
  createStagingTables(db: Knex): Promise<void>;
  createSink(ctx: StageContext): RowSink;
  checkFile(db: Knex, log: ErrorLog): Promise<void>;
  classify(trx: Knex.Transaction, log: ErrorLog, currency: CurrencyCode): Promise<Counts>;
  apply(trx: Knex.Transaction, now: string): Promise<void>;
}

/**
 * Rejects the later occurrences of a key that appears more than once in a staging table (rows are
 * staged in file order, `line` is their first line) and removes them from staging.
 */
export async function rejectRepeatedKeys(
  db: Knex,
  log: ErrorLog,
  options: { table: string; key: string; column: string; message: (key: string, firstLine: number) => string },
): Promise<void> {
  const { key } = options;
  const table = stagingTable(db, options.table);
  await createStagingIndex(db, options.table, [key, 'line']);
  const repeated = `SELECT s.line, s.${key} AS key_value, f.first_line FROM ${table} AS s
    JOIN (SELECT ${key}, MIN(line) AS first_line FROM ${table} GROUP BY ${key} HAVING COUNT(*) > 1) AS f ON f.${key} = s.${key}
    WHERE s.line > f.first_line`;
  const [{ n }] = await selectRows<{ n: number }>(db, `SELECT COUNT(*) AS n FROM (${repeated}) AS r`);
  if (Number(n) === 0) return;
  const rows = await selectRows<{ line: number; key_value: string; first_line: number }>(db, `${repeated} ORDER BY s.line LIMIT 1000`);
  for (const r of rows) log.add(r.line, options.column, options.message(r.key_value, Number(r.first_line)));
  log.rejected += Number(n);
  await db.raw(`DELETE FROM ${table} WHERE line IN (SELECT line FROM (${repeated}) AS r)`);
}

/** Counts a table of states by state; every state other than new, changed and unchanged is a rejection. */
export async function countStates(trx: Knex.Transaction, table: string): Promise<Counts & { rejected: number }> {
  const rows = await selectRows<{ state: string; n: number }>(trx, `SELECT state, COUNT(*) AS n FROM ${stagingTable(trx, table)} GROUP BY state`);
  const counts = { newCount: 0, changedCount: 0, unchangedCount: 0, rejected: 0 };
  const named: Record<string, keyof Counts> = { new: 'newCount', changed: 'changedCount', unchanged: 'unchangedCount' };
  for (const { state, n } of rows) counts[named[state] ?? 'rejected'] += Number(n);
  return counts;
}
