// The part of the `pg` driver the back office uses directly (knex drives the rest); the package
// ships no types and @types/pg is not installed.
declare module 'pg' {
  interface TypeParsers {
    builtins: { INT8: number; NUMERIC: number };
    setTypeParser(oid: number, parse: (value: string) => unknown): void;
  }
  export class Client {
    constructor(config: { connectionString: string });
    connect(): Promise<void>;
    query(sql: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
    end(): Promise<void>;
    on(event: 'error', listener: (error: Error) => void): this;
  }
  const pg: { types: TypeParsers; Client: typeof Client };
  export default pg;
}
