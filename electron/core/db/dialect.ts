/**
 * The one place that knows which database engine is underneath. Everything else writes SQL both
 * SQLite and PostgreSQL accept; what cannot be (file copies, ATTACHed scratch files, lock
 * statements) asks here first.
 */
import type { Knex } from 'knex';
import type { BackOffice } from '../context';
import { rule } from '../errors';

export type Engine = 'sqlite' | 'pg';

export function engineOf(db: Knex): Engine {
  return db.client.config.client === 'sqlite3' ? 'sqlite' : 'pg';
}

/**
 * The SQLite file of a back office, for what works on that file itself (copies, restores, the
 * import's scratch file). On PostgreSQL it refuses in Spanish with `whatFor`, e.g. 'las copias de seguridad'.
 */
export function sqliteFileOf(app: BackOffice, refusal: string): string {
  if (app.dbFile === null) throw rule(refusal);
  return app.dbFile;
}

/**
 * A write transaction that may be retried as a whole: on PostgreSQL a serialization failure (40001)
 * or a deadlock (40P01) is retried; on SQLite a SQLITE_BUSY that outlived the busy timeout is too.
 * `work` must be free of side effects outside the transaction.
 *
 * On SQLite the transaction takes the write lock before `work` reads anything (see
 * takeSqliteWriteLock): a transaction that reads first and writes later fails at once with
 * SQLITE_BUSY when another counter committed in between, busy timeout or not (measured: 4 counters
 * posting payments failed that way dozens of times in 5 s). Taken first, the lock waits its turn.
 */
export async function retryingTransaction<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>, attempts = 5): Promise<T> {
  const sqlite = engineOf(db) === 'sqlite';
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (trx) => {
        if (sqlite) await takeSqliteWriteLock(trx);
        return work(trx);
      });
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
}

/**
 * SQLite: makes the open (deferred) transaction a write transaction now, the way BEGIN IMMEDIATE
 * would (knex's sqlite3 client only issues a plain BEGIN). A write statement that changes no row
 * still takes the database's write lock, waiting up to the busy timeout for another writer.
 */
async function takeSqliteWriteLock(trx: Knex.Transaction): Promise<void> {
  await trx.raw('UPDATE counters SET value = value WHERE 1 = 0');
}

/**
 * A row lock for the rest of the transaction, on PostgreSQL (`FOR SHARE` lets other sharers through
 * and stops an updater; `FOR UPDATE` stops both; `FOR NO KEY UPDATE` is the lock an UPDATE of
 * non-key columns takes: it stops updaters and other lockers but not a foreign key's check, so a
 * payment row can still be inserted for a locked account). On SQLite nothing: a write transaction
 * (retryingTransaction) already holds the database's write lock from its first statement.
 */
export function lockRows<Q extends Knex.QueryBuilder>(query: Q, db: Knex, mode: 'share' | 'update' | 'noKeyUpdate'): Q {
  if (engineOf(db) === 'sqlite') return query;
  if (mode === 'noKeyUpdate') return query.forNoKeyUpdate() as Q;
  return (mode === 'share' ? query.forShare() : query.forUpdate()) as Q;
}

/**
 * The rule of every writer of an account's debts (invoices.balance, account_charges.balance, a new
 * debt) and of what a payment decides on (the account's state, its suspension orders: the work
 * orders' round, a manual order, a field result): the account's row first. PostgreSQL: these accounts' rows locked `FOR NO KEY UPDATE` until
 * the transaction ends, in ONE statement and in id order (two writers of several accounts then wait
 * for each other in a line, never in a circle); a bank file (bankfiles/apply.ts lockRoundAccounts)
 * and a counter's first read (cashier/queries.ts accountWithDebts) take the same lock. SQLite:
 * nothing (a write transaction, retryingTransaction, already holds the database's write lock).
 */
export async function lockAccounts(trx: Knex, accountIds: readonly number[]): Promise<void> {
  if (engineOf(trx) === 'sqlite' || accountIds.length === 0) return;
  const ids = [...new Set(accountIds.map(Number))].sort((a, b) => a - b);
  await trx.raw('SELECT COUNT(*) AS n FROM (SELECT id FROM accounts WHERE id = ANY(?::int[]) ORDER BY id FOR NO KEY UPDATE) AS locked_accounts', [ids]);
}

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === '40001' || code === '40P01' || code === 'SQLITE_BUSY';
}

/** The application's tables (not the engine's own), by name. */
export async function listTables(db: Knex): Promise<string[]> {
  if (engineOf(db) === 'sqlite') {
    const rows = await db.raw<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`);
    return rows.map((r) => r.name);
  }
  const result = await db.raw<{ rows: { name: string }[] }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`);
  return result.rows.map((r) => r.name);
}

/**
 * PostgreSQL compares text by the database's locale (es_CO.UTF-8 ignores spaces and punctuation at
 * first and knows nothing of '\uffff'), which breaks the prefix ranges of the account search
 * (`>= prefix AND < prefix + '\uffff'`). The searched columns use byte order there ("C"), as SQLite
 * does (BINARY); their indexes are rebuilt with it. Nothing to do on SQLite.
 */
export async function useByteOrder(knex: Knex, table: string, columns: { name: string; length: number }[]): Promise<void> {
  if (engineOf(knex) === 'sqlite') return;
  for (const { name, length } of columns) {
    await knex.raw(`ALTER TABLE ?? ALTER COLUMN ?? TYPE varchar(${Number(length)}) COLLATE "C"`, [table, name]);
  }
}

/**
 * `column IN (ids)` with the ids as ONE JSON parameter read back by the engine (json_each on SQLite,
 * json_array_elements_text on PostgreSQL): a list of thousands of ids is one statement, not one per
 * 500 bound values, and stays under the engines' limits on bound parameters.
 */
export function inIdList(db: Knex, column: string, ids: readonly number[]): Knex.Raw {
  return engineOf(db) === 'sqlite'
    ? db.raw('?? IN (SELECT value FROM json_each(?))', [column, JSON.stringify(ids)])
    : db.raw('?? IN (SELECT value::integer FROM json_array_elements_text(?::json))', [column, JSON.stringify(ids)]);
}
