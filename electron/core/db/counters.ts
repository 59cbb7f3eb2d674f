import type { Knex } from 'knex';
import { prepared } from './prepared';

/**
 * A block of `count` numbers of a sequence, its row inserted the first time (`?` the key, `?` the
 * count): answers the new value, the block's last number. Exported for a statement that draws its
 * numbers in the same round trip as its insert (workorders/reconnection.ts, PostgreSQL).
 */
export const NUMBER_BLOCK_SQL =
  'INSERT INTO "counters" ("key", "value") VALUES (?, ?) ON CONFLICT ("key") DO UPDATE SET "value" = "counters"."value" + "excluded"."value" RETURNING "value"';
// every payment draws its receipt number here (prepared.ts: made once, not built per payment)
const NUMBER_BLOCK = prepared(() => NUMBER_BLOCK_SQL);

/**
 * Next consecutive number of a sequence (e.g. 'receipt:BOG:2026'), inside the caller's transaction,
 * so that a rolled-back act gives its number back and a committed one never repeats.
 *
 * Several counters at once: the upsert takes the row's lock (PostgreSQL) or the database's write
 * lock (SQLite) until the caller's transaction ends, so the next caller waits and reads the committed
 * value; it answers the new value itself (`… RETURNING`: one round trip). A sequence's first use
 * inserts its row with the block (`ON CONFLICT … DO UPDATE`, one statement also then, where an UPDATE
 * and an insert were two): two first callers at once do not fail on the key; the second waits for
 * the first's commit and then increments.
 */
export async function nextNumber(trx: Knex.Transaction, key: string): Promise<number> {
  return nextNumbers(trx, key, 1);
}

/**
 * `count` consecutive numbers of a sequence at once (a round of thousands of orders takes one
 * block in one statement instead of one per number); returns the first, the block is
 * first … first + count − 1. Same locking as nextNumber.
 */
export async function nextNumbers(trx: Knex.Transaction, key: string, count: number): Promise<number> {
  const [row] = await NUMBER_BLOCK.rows<{ value: number | string }>(trx, [key, count]);
  return Number(row.value) - count + 1;
}
