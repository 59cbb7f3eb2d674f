/**
 * Statements of a hot path (the payment at the counter: cashier/payments.ts and what it calls) as SQL
 * text made once per engine and run with `raw`, instead of knex's query builder.
 *
 * Why (measured, `node --cpu-prof --import tsx tests/bench/payment-bench.ts --accounts 20000
 * --invoices 120000 --payments 2000 --reconnection`, SQLite, load 2–3): knex's query builder,
 * compiler and formatter took 0.76 s of self time for the 4,000 payments (≈ 0.19 ms each, building
 * the same statements again for every payment); made here once, 0.03 s. The process's CPU per
 * payment (the bench's row, base and change alternated, two runs each, load 2.3–4.9) went from 2.95
 * to 2.64 ms (plain) and from 4.07 to 3.33 ms (reconnection). The text made here is what those
 * statements were; the bindings stay parameters (never values in the text). Run through `raw`, a
 * statement still uses the transaction's connection and still emits knex's `query` event (the
 * round-trip test and the bench's tail probe count them).
 *
 * Elsewhere (screens, reports, set-based rounds run once) the query builder stays the way to write SQL.
 */
import type { Knex } from 'knex';
import { engineOf, type Engine } from './dialect';

/** the rows of a `raw` statement: SQLite answers the rows, PostgreSQL a result with `rows` */
export function rowsOf<R>(result: unknown): R[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as R[];
}

/**
 * Statements whose text depends on a count (rows of a multi-row INSERT, ids of an IN list) are kept
 * per count up to this one; a longer one (an account paying dozens of debts at once, rare) is made
 * again each time, so the cache stays small.
 */
const MAX_CACHED_COUNT = 32;

/**
 * One statement: `make(engine, shape)` writes its text with `?` for each binding (no `??`, no
 * literal `?`). The shape is what the text depends on besides the engine: for most, a count (1 for a
 * statement of fixed shape); `keyOf` names a shape for the cache, or answers null for one not to keep.
 */
export class PreparedStatement<S = number> {
  private readonly texts = new Map<string, string>();

  constructor(
    private readonly make: (engine: Engine, shape: S) => string,
    private readonly keyOf: (shape: S) => string | null,
  ) {}

  /** the text for `db`'s engine (and `shape`), made the first time it is asked for */
  sql(db: Knex, shape: S): string {
    const engine = engineOf(db);
    const name = this.keyOf(shape);
    if (name === null) return this.make(engine, shape);
    const key = `${engine}:${name}`;
    let text = this.texts.get(key);
    if (text === undefined) {
      text = this.make(engine, shape);
      this.texts.set(key, text);
    }
    return text;
  }

  /** runs it in `db` (pass the transaction inside one) and answers its rows (none for a statement without RETURNING) */
  async rows<R>(db: Knex, bindings: readonly unknown[], shape: S): Promise<R[]> {
    return rowsOf<R>(await db.raw(this.sql(db, shape), bindings as Knex.RawBinding[]));
  }
}

/** a statement made once per engine, and per count when its text depends on one (see PreparedStatement) */
export class CountedStatement extends PreparedStatement<number> {
  constructor(make: (engine: Engine, count: number) => string) {
    super(make, (count) => (count > MAX_CACHED_COUNT ? null : String(count)));
  }

  override sql(db: Knex, count = 1): string {
    return super.sql(db, count);
  }

  override rows<R>(db: Knex, bindings: readonly unknown[], count = 1): Promise<R[]> {
    return super.rows<R>(db, bindings, count);
  }
}

/** a statement made once per engine (see PreparedStatement) */
export function prepared(make: (engine: Engine, count: number) => string): CountedStatement {
  return new CountedStatement(make);
}

/**
 * A statement whose text depends on several counts (a payment's debts of each kind, its tenders…):
 * made once per engine and shape, kept while every count is at most MAX_CACHED_COUNT.
 */
export function preparedByShape<S extends Record<string, number | boolean>>(make: (engine: Engine, shape: S) => string): PreparedStatement<S> {
  return new PreparedStatement<S>(make, (shape) => {
    const counts = Object.values(shape).map(Number);
    return counts.some((n) => n > MAX_CACHED_COUNT) ? null : counts.join(':');
  });
}

/** `(?, ?, …)` with `columns` parameters, `rows` times, comma-separated: the VALUES of a multi-row INSERT */
export function valuesList(columns: number, rows: number): string {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}
