/**
 * Concurrency tests on PostgreSQL without sleeps: a real second connection (`side`) holds a row or a
 * table so that a handler stops at a known statement, and `waitsForLock` watches pg_stat_activity
 * until a backend of the test database waits for a lock while running a statement that matches.
 */
import pg, { type Client as PgClient } from 'pg';
import { onPostgres } from './backoffice';

/** the side connection to a test back office's database (`t.target`), connected; null on SQLite */
export async function sideConnection(target: string): Promise<PgClient | null> {
  if (!onPostgres) return null;
  const side = new pg.Client({ connectionString: target });
  await side.connect();
  return side;
}

/** polls pg_stat_activity until a backend of the test database waits for a lock while running a statement matching `pattern` */
export async function waitsForLock(side: PgClient, pattern: RegExp, watched?: Promise<unknown>): Promise<void> {
  let settled: unknown = null;
  void watched?.then((r) => (settled = r ?? 'hecho'), (e: unknown) => (settled = e));
  for (let i = 0; i < 300; i++) {
    if (settled !== null) throw new Error(`terminó antes de esperar en ${String(pattern)}: ${JSON.stringify(settled)}`);
    // the side connection may be inside the barrier's transaction, where pg_stat_activity is read once: cleared for a fresh look
    await side.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await side.query(`SELECT query FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    if ((rows as { query: string }[]).some((r) => pattern.test(r.query))) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { rows } = await side.query(`SELECT state, wait_event_type, wait_event, left(query, 120) AS query FROM pg_stat_activity WHERE datname = current_database()`);
  throw new Error(`nadie esperó un candado en ${String(pattern)}: ${JSON.stringify(rows)}`);
}

/** the statement of lockAccounts (electron/core/db/dialect.ts), as pg_stat_activity shows it */
export const LOCK_ACCOUNTS = /FOR NO KEY UPDATE\) AS locked_accounts/;
/** a counter's first read (cashier/queries.ts accountWithDebts): pg_stat_activity keeps only its first 1,024 bytes, so it is known by its beginning */
export const COUNTER_FIRST_READ = /^SELECT a\.id, a\.number, a\.credit_balance/;
