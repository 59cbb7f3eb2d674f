/**
 * Issue 20 item 2: what one audited write costs (writeAudit in its own transaction, as every payment,
 * void or setting writes one), and what reading the company and the settings costs per call, on a
 * fresh back office: statements sent per write, the CPU time of this process per write
 * (process.cpuUsage, which the machine's load inflates less than wall time), on PostgreSQL also the
 * server's CPU per write (its backends' utime + stime from /proc, when the server runs on this
 * machine), and the wall time's p50/p99 with the machine's load.
 *
 *   npx tsx tests/bench/audit-write-bench.ts [--writes 2000] [--pg postgres://postgres@127.0.0.1:55432/postgres]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { verifyAuditChain, writeAudit, type Actor } from '../../electron/core/db/audit';
import { dispatch } from '../../electron/core/dispatch';
import { getSettings } from '../../electron/core/modules/settings/service';
import { getCompany } from '../../electron/core/modules/setup/service';
import { ADMIN, COMPANY, OFFICE } from '../helpers/backoffice';
import type { BenchRow } from './search-bench';
import { onFreshPgDatabase } from './scale';
import { numberOption, runWhenMain } from './standalone';

const cashier: Actor = { userId: 1, name: 'cajero1', officeId: 1 };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** CPU (ms) the server's backends of this database used so far: PostgreSQL on this machine only */
async function serverCpuMs(db: Knex): Promise<number | null> {
  if (db.client.config.client === 'sqlite3') return null;
  const pids: { pid: number }[] = (await db.raw('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')).rows;
  const tick = 1000 / 100; // USER_HZ
  let total = 0;
  for (const { pid } of pids) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {
      return null;
    }
  }
  return total;
}

async function measure(db: Knex, label: string, n: number, work: (i: number) => Promise<unknown>): Promise<BenchRow[]> {
  let statements = 0;
  const count = () => (statements += 1);
  await work(-1); // warm
  const times: number[] = [];
  db.on('query', count);
  const serverBefore = await serverCpuMs(db);
  const cpu = process.cpuUsage();
  try {
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      await work(i);
      times.push(performance.now() - started);
    }
  } finally {
    db.removeListener('query', count);
  }
  const used = process.cpuUsage(cpu);
  const serverAfter = await serverCpuMs(db);
  times.sort((a, b) => a - b);
  const load = os.loadavg()[0].toFixed(1);
  const rows: BenchRow[] = [
    { name: `${label}: sentencias por llamada`, value: (statements / n).toFixed(2) },
    { name: `${label}: CPU del proceso por llamada`, value: `${((used.user + used.system) / 1000 / n).toFixed(3)} ms (${n} llamadas, carga ${load})` },
    { name: `${label}: p50 / p99`, value: `${percentile(times, 50).toFixed(2)} / ${percentile(times, 99).toFixed(2)} ms (carga ${load})` },
  ];
  if (serverBefore !== null && serverAfter !== null) {
    rows.push({ name: `${label}: CPU del servidor por llamada`, value: `${((serverAfter - serverBefore) / n).toFixed(3)} ms (resolución 10 ms en total)` });
  }
  return rows;
}

export async function runAuditWriteBench(options: { writes: number; pg: string | null }): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-audit-write-'));
  const onBackOffice = async (open: () => ReturnType<typeof openBackOffice>, engine: string): Promise<BenchRow[]> => {
    const app = await open();
    try {
      const setup = await dispatch(app, 'setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN }, { door: 'test' });
      if (!setup.ok) throw new Error(setup.error.message);
      const rows = await measure(app.db, `${engine}, escritura auditada`, options.writes, (i) =>
        app.db.transaction((trx) => writeAudit(trx, cashier, { action: 'payment.post', entity: 'payment', entityId: i, after: { receipt: `R-${i}`, amount: 154_300 } })),
      );
      rows.push(...(await measure(app.db, `${engine}, empresa y parámetros`, options.writes, () => Promise.all([getCompany(app.db), getSettings(app.db)]))));
      const verified = await verifyAuditChain(app.db);
      if (!verified.ok) throw new Error(verified.message);
      rows.push({ name: `${engine}, cadena verificada`, value: `${verified.rows} filas` });
      return rows;
    } finally {
      await closeBackOffice(app);
    }
  };
  try {
    const rows = await onBackOffice(() => openBackOffice({ dbFile: path.join(dir, 'bench.sqlite') }), 'SQLite');
    if (options.pg) {
      rows.push(...(await onFreshPgDatabase(options.pg, (url) => onBackOffice(() => openBackOffice({ databaseUrl: url, dataDir: dir }), 'PostgreSQL'), `ventanilla_audit_write_${process.pid}`)));
    }
    return rows;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function pgOption(): string | null {
  const i = process.argv.indexOf('--pg');
  return i >= 0 ? process.argv[i + 1] : null;
}

runWhenMain(import.meta.url, () => runAuditWriteBench({ writes: numberOption('writes', 2000), pg: pgOption() }));
