/**
 * The size the benches run at: `--scale large` (issue 20: a national utility on one PostgreSQL,
 * 1,000,000 accounts, 6,000,000 invoices = 24,000,000 invoice lines, 2,000,000 PQRs) or the default
 * office of 200,000 accounts and 1,200,000 invoices. `--accounts N` / `--invoices N` still override
 * either. Shared by the import bench and the counter's figures so that both speak of the same size
 * (CI never runs the large size). And a fresh PostgreSQL database for a bench that runs on a server,
 * the CPU a step took (`withCpu`), and `settle`: a seeded database brought to a site's state.
 */
import os from 'node:os';
import pg from 'pg';
import type { BackOffice } from '../../electron/core/context';
import type { BenchRow } from './search-bench';

export type ScaleName = 'default' | 'large';

export interface BenchScale {
  name: ScaleName;
  accounts: number;
  invoices: number;
  pqrs: number;
}

export const SCALES: Record<ScaleName, Omit<BenchScale, 'name'>> = {
  default: { accounts: 200_000, invoices: 1_200_000, pqrs: 200_000 },
  large: { accounts: 1_000_000, invoices: 6_000_000, pqrs: 2_000_000 },
};

/** The sizes given on the command line (`--scale large`, then `--accounts N`, `--invoices N`). */
export function benchScale(argv: readonly string[] = process.argv): BenchScale {
  const i = argv.indexOf('--scale');
  const requested = i >= 0 ? argv[i + 1] : 'default';
  if (requested !== 'default' && requested !== 'large') throw new Error(`--scale: «${requested}» no es un tamaño (default o large)`);
  const base = SCALES[requested];
  const option = (name: string, fallback: number): number => {
    const at = argv.indexOf(`--${name}`);
    if (at < 0) return fallback;
    const value = Number(argv[at + 1]);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name}: «${argv[at + 1]}» no es un número entero positivo`);
    return value;
  };
  return { name: requested, accounts: option('accounts', base.accounts), invoices: option('invoices', base.invoices), pqrs: base.pqrs };
}

/** the URL of database `name` on the server of `serverUrl` */
export function pgDatabaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** one statement on the server's maintenance database (CREATE / DROP DATABASE, the catalog) */
export async function onPgServer(serverUrl: string, sql: string, values: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows;
  } finally {
    await client.end();
  }
}

export async function pgDatabaseExists(serverUrl: string, name: string): Promise<boolean> {
  return (await onPgServer(serverUrl, 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).length > 0;
}

/** runs `work` on a new empty database of the PostgreSQL server, dropped afterwards */
export async function onFreshPgDatabase<T>(serverUrl: string, work: (databaseUrl: string) => Promise<T>, name = `ventanilla_bench_${process.pid}`): Promise<T> {
  await onPgServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await onPgServer(serverUrl, `CREATE DATABASE ${name}`);
  try {
    return await work(pgDatabaseUrl(serverUrl, name));
  } finally {
    await onPgServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

/** the load average and this process's CPU time spent in `work` */
export async function withCpu<T>(work: () => Promise<T>): Promise<{ value: T; note: string }> {
  const load = os.loadavg()[0];
  const cpu = process.cpuUsage();
  const start = Date.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { value, note: `carga ${load.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}, ${((Date.now() - start) / 1000).toFixed(1)} s, CPU del proceso ${((used.user + used.system) / 1000).toFixed(0)} ms` };
}

export const engineOf = (app: BackOffice) => (app.dbFile === null ? 'PostgreSQL' : 'SQLite');

/**
 * What a site's database has that a freshly seeded or imported one lacks: PostgreSQL `VACUUM
 * (ANALYZE)` (the visibility map and hint bits set, the statistics taken; without it the measurement
 * pays for the autovacuum of millions of lines written seconds before, an artefact of the seeding),
 * SQLite `ANALYZE` and the WAL written back into the file and emptied. `engines` limits it to one.
 */
export async function settle(app: BackOffice, engines: readonly ('PostgreSQL' | 'SQLite')[] = ['PostgreSQL', 'SQLite']): Promise<BenchRow[]> {
  const engine = engineOf(app);
  if (!engines.includes(engine)) return [];
  const steps: [string, string][] = engine === 'PostgreSQL' ? [['VACUUM (ANALYZE)', 'VACUUM (ANALYZE)']] : [['ANALYZE', 'ANALYZE'], ['wal_checkpoint(TRUNCATE)', 'PRAGMA wal_checkpoint(TRUNCATE)']];
  const rows: BenchRow[] = [];
  for (const [label, sql] of steps) {
    console.error(`${engine}: ${label}…`);
    rows.push({ name: `${engine}: ${label}`, value: (await withCpu(() => app.db.raw(sql))).note });
  }
  return rows;
}
