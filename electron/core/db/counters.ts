import type { Knex } from 'knex';
import { prepared } from './prepared';

// every payment draws its receipt number here (prepared.ts: made once, not built per payment)
const BUMP = prepared(() => 'UPDATE "counters" SET "value" = "value" + ? WHERE "key" = ? RETURNING "value"');
const FIRST_USE = prepared(() => 'INSERT INTO "counters" ("key", "value") VALUES (?, 0) ON CONFLICT ("key") DO NOTHING');

/**
 * Next consecutive number of a sequence (e.g. 'receipt:BOG:2026'), inside the caller's transaction,
 * so that a rolled-back act gives its number back and a committed one never repeats.
 *
 * Several counters at once: the UPDATE takes the row's lock (PostgreSQL) or the database's write
 * lock (SQLite) until the caller's transaction ends, so the next caller waits and reads the committed
 * value; it answers the new value itself (`UPDATE … RETURNING`: one round trip). A sequence's first use inserts its row with 0 and `on conflict do nothing`: two first
 * callers at once do not fail on the key; the second waits for the first's commit and then increments.
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
  // one round trip: the increment answers the new value (UPDATE … RETURNING, on both engines)
  const bump = () => BUMP.rows<{ value: number | string }>(trx, [count, key]);
  let [row] = await bump();
  if (row === undefined) {
    await FIRST_USE.rows(trx, [key]);
    [row] = await bump();
  }
  return Number(row.value) - count + 1;
}
