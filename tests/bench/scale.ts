/**
 * The sizes a bench runs at (issue 20): the default office of 200,000 accounts, or with
 * `--scale large` a national utility on one server, ten times that: 1,000,000 accounts, 6,000,000
 * invoices and 2,000,000 PQRs (CI never runs the large size). And a fresh PostgreSQL database for a
 * bench that runs on a server.
 */
import pg from 'pg';

export interface BenchScale {
  name: 'default' | 'large';
  accounts: number;
  invoices: number;
  pqrs: number;
}

const SCALES: Record<BenchScale['name'], BenchScale> = {
  default: { name: 'default', accounts: 200_000, invoices: 1_200_000, pqrs: 200_000 },
  large: { name: 'large', accounts: 1_000_000, invoices: 6_000_000, pqrs: 2_000_000 },
};

/** the size named by `--scale large` on the command line (else the default) */
export function benchScale(argv: readonly string[] = process.argv): BenchScale {
  const i = argv.indexOf('--scale');
  const name = i >= 0 ? argv[i + 1] : 'default';
  if (name !== 'default' && name !== 'large') throw new Error(`--scale ${name}: use default o large`);
  return SCALES[name];
}

/** runs `work` on a new empty database of the PostgreSQL server, dropped afterwards */
export async function onFreshPgDatabase<T>(serverUrl: string, work: (databaseUrl: string) => Promise<T>, name = `ventanilla_bench_${process.pid}`): Promise<T> {
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
