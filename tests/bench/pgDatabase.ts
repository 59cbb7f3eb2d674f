/** A fresh PostgreSQL database on a server for one bench's work, dropped afterwards (run.ts, exchange-bench.ts). */
import pg from 'pg';

export async function onFreshPgDatabase<T>(serverUrl: string, work: (databaseUrl: string) => Promise<T>, prefix = 'ventanilla_bench'): Promise<T> {
  const name = `${prefix}_${process.pid}`;
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
