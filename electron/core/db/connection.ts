import knexFactory, { type Knex } from 'knex';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export type Db = Knex;

export type DatabaseOptions =
  /** path of the SQLite file; ':memory:' is refused (tests use real files) */
  | { filename: string; url?: undefined }
  /** a PostgreSQL connection URL (postgres://user:password@host:5432/database) */
  | { url: string; filename?: undefined };

/** true for 'postgres://…' / 'postgresql://…' (what VENTANILLA_DATABASE_URL and `--db` accept besides a file) */
export function isPostgresUrl(value: string | undefined | null): value is string {
  return typeof value === 'string' && /^postgres(ql)?:\/\//i.test(value);
}

// PostgreSQL returns bigint (int8) and numeric as strings to keep their precision; the amounts here
// are integer minor units well inside Number.MAX_SAFE_INTEGER, and COUNT(*) / SUM(bigint) are int8 /
// numeric, so read both as numbers, the way SQLite gives them.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value: string) => Number(value));

/**
 * Opens the database. SQLite: the pragmas every connection needs: WAL, foreign keys, a busy timeout
 * for the second process (CLI) and synchronous=NORMAL, which under WAL keeps the file consistent
 * after a crash and loses at most the last transaction on power loss. PostgreSQL: a small pool,
 * since several counters share the server.
 */
export function openDatabase(options: DatabaseOptions): Db {
  if (options.url !== undefined) {
    return knexFactory({ client: 'pg', connection: { connectionString: options.url }, pool: { min: 0, max: 4 } });
  }
  const { filename } = options;
  fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  return knexFactory({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        configureSqliteConnection(conn, 'PRAGMA journal_mode=WAL; PRAGMA temp_store=MEMORY;', (err) => done(err, conn));
      },
    },
  });
}

/** The SQLite driver's connection, as far as the pool set-up uses it. */
export interface SqliteConnection {
  configure(option: 'busyTimeout', value: number): void;
  exec(sql: string, cb: (err: Error | null) => void): void;
}

/**
 * What every SQLite connection needs, the app's and the import's alike: a busy timeout for the
 * other process, foreign keys, synchronous=NORMAL; then `extraPragmas`.
 */
export function configureSqliteConnection(conn: SqliteConnection, extraPragmas: string, cb: (err: Error | null) => void): void {
  conn.configure('busyTimeout', 10_000);
  conn.exec(`PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; ${extraPragmas}`, cb);
}

/** ISO timestamp in UTC, the one form timestamps are stored in. */
export function nowTimestamp(): string {
  return new Date().toISOString();
}
