/**
 * The company's record and the administrator's settings, read once per process and kept (issue 20,
 * item 2): every payment at the counter read both before (two round trips of twenty on PostgreSQL).
 *
 * What a counter sees after a change:
 * - in this process (a handler that writes them calls forgetConfiguration with its transaction): the
 *   new values from the next call after the write's COMMIT (the kept values are dropped at the write
 *   and again when its transaction ends, so a read that raced the write is not kept);
 * - in another process sharing the database (another desktop counter or the web door on one
 *   PostgreSQL, the CLI on the same SQLite file): at most CONFIG_MAX_AGE_MS after the COMMIT, when
 *   its kept copy is older than that and is read again.
 * A read inside a transaction always goes to the database (it may be the writer reading its own change).
 */
import type { Knex } from 'knex';

/**
 * How old a kept copy may get before it is read again: how long another process may go on with a
 * changed setting (a receipt maximum, a time zone) after a coordinator saved it. Ten seconds is
 * shorter than the time a clerk takes to walk to the other counter and try it, and costs one read
 * every ten seconds per process instead of one per call.
 */
export const CONFIG_MAX_AGE_MS = 10_000;

interface Kept {
  value: unknown;
  readAt: number;
}

interface Cache {
  kept: Map<string, Kept>;
  /** bumped by every forget, so that a read started before it is not kept */
  generation: number;
}

/** per connection pool: a transaction's client shares its parent's config object, the key */
const caches = new WeakMap<object, Cache>();

function cacheOf(db: Knex): Cache {
  const key = db.client.config as object;
  let cache = caches.get(key);
  if (!cache) {
    cache = { kept: new Map(), generation: 0 };
    caches.set(key, cache);
  }
  return cache;
}

function inTransaction(db: Knex): boolean {
  return (db as Knex.Transaction).isTransaction === true;
}

/** `read(db)`, kept for CONFIG_MAX_AGE_MS per database; in a transaction always read. Callers get their own shallow copy. */
export async function keptConfiguration<T extends object>(db: Knex, name: string, read: (db: Knex) => Promise<T>): Promise<T> {
  if (inTransaction(db)) return read(db);
  const cache = cacheOf(db);
  const kept = cache.kept.get(name);
  const now = Date.now();
  if (kept && now - kept.readAt < CONFIG_MAX_AGE_MS && now >= kept.readAt) return { ...(kept.value as T) };
  const generation = cache.generation;
  const value = await read(db);
  if (cache.generation === generation) cache.kept.set(name, { value, readAt: now });
  return { ...value };
}

/**
 * Drops the kept company and settings of `db`'s database: call it with the transaction that writes
 * them (they are dropped now and again when it ends, committed or not), or after a restore.
 */
export function forgetConfiguration(db: Knex): void {
  const cache = cacheOf(db);
  const forget = () => {
    cache.kept.clear();
    cache.generation += 1;
  };
  forget();
  // a savepoint's end is not the COMMIT: drop them again at the end of every enclosing transaction
  type Nested = Knex.Transaction & { executionPromise?: Promise<unknown>; parentTransaction?: Nested };
  for (let trx: Nested | undefined = inTransaction(db) ? (db as Nested) : undefined; trx; trx = trx.parentTransaction) {
    trx.executionPromise?.then(forget, forget);
  }
}
