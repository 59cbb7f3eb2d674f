/**
 * Sums of money that stay exact past 2^53: the database adds the integer column itself (SQLite's
 * 64-bit integer SUM, PostgreSQL's numeric SUM of a bigint) and hands the result over as text, so
 * neither the driver nor the pg type parsers (which read int8 and numeric as JS numbers) round it.
 * Read the text with `exactOf` (shared/money.ts) and combine as BigInt.
 */
import type { Knex } from 'knex';

/** `CAST(COALESCE(SUM(column), 0) AS TEXT) AS alias`, for a select list (both engines accept it) */
export function exactSum(db: Knex, column: string, alias: string): Knex.Raw {
  return db.raw('CAST(COALESCE(SUM(??), 0) AS TEXT) AS ??', [column, alias]);
}
