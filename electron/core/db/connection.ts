import knexFactory, { type Knex } from 'knex';
import fs from 'node:fs';
import path from 'node:path';

export type Db = Knex;

export interface DatabaseOptions {
  /** path of the SQLite file; ':memory:' is refused (tests use real files) */
  filename: string;
}

/**
 * Opens the SQLite database with the pragmas every connection needs: WAL, foreign keys,
 * a busy timeout for the second process (CLI) and synchronous=NORMAL, which under WAL keeps the
 * file consistent after a crash and loses at most the last transaction on power loss.
 */
export function openDatabase({ filename }: DatabaseOptions): Db {
  fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  return knexFactory({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        conn.configure('busyTimeout', 10_000);
        conn.exec(
          'PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;',
          (err) => done(err, conn),
        );
      },
    },
  });
}

interface SqliteConnection {
  configure(option: 'busyTimeout', value: number): void;
  exec(sql: string, cb: (err: Error | null) => void): void;
}

/** ISO timestamp in UTC, the one form timestamps are stored in. */
export function nowTimestamp(): string {
  return new Date().toISOString();
}
