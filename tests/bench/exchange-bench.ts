/**
 * Benchmark of issue 18: a day of P payments (one per account, each paying its invoice, the tenders
 * cycling through cash, cheque, cards and transfer) exported as Asobancaria 2001 and as CSV to a
 * file (and as JSON, which has no target). Target: 100,000 payments, each format under 5 s, peak
 * memory under 300 MB. The seeding is set-based SQL (not the counter), and runs in the parent (≈280 MB
 * of RSS there after 100,000 payments); the measuring runs in a fresh child process, as a door that
 * did not just write them (it loads the handler table, as every door does), so its peak RSS is the
 * open back office's (printed as «antes») plus the export's; the formats run one after the other in that child, as the set hour's delivery runs them.
 * Next to the wall time: the process's CPU time (`process.cpuUsage()`, user + system), which a loaded
 * machine inflates less, the load average, and the statements the export sent (counted, not timed).
 * With `--pg <server url>` the same day on a fresh PostgreSQL database (dropped afterwards).
 *
 *   npx tsx tests/bench/exchange-bench.ts [--payments 100000] [--pg postgres://…/postgres]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { onFreshPgDatabase } from './scale';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { dispatch } from '../../electron/core/dispatch';
import { SYSTEM_ACTOR } from '../../electron/core/db/audit';
import { exportRecaudo } from '../../electron/core/modules/exchange/recaudo';
import { todayIn } from '../../shared/dates';
import { ADMIN, COMPANY, OFFICE } from '../helpers/backoffice';
import { seedDebts } from './bankfile-bench';
import type { BenchRow } from './search-bench';

export const DB = 'exchange-bench.sqlite';

/** A set-up back office in `dir`/DB with a day of `payments` standing payments (also the crash test's day). */
export async function prepareExchangeDay(dir: string, payments: number, databaseUrl?: string): Promise<void> {
  const app = await openBackOffice(target(dir, databaseUrl));
  try {
    const setup = await dispatch(app, 'setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN }, { door: 'test' });
    if (!setup.ok) throw new Error(setup.error.message);
    await seedDebts(app.db, payments);
    const today = todayIn(COMPANY.timeZone);
    const now = new Date().toISOString();
    await app.db.transaction(async (trx) => {
      await trx.raw(
        `INSERT INTO payments (office_id, account_id, receipt_number, idempotency_key, source, business_date, posted_at, amount, balance_after, status, verification_code)
         SELECT 1, i.account_id, i.account_id, 'bench-' || i.account_id, 'caja', ?, ?, i.total, 0, 'vigente', 'V' FROM invoices AS i WHERE i.period = '2026-10'`,
        [today, now],
      );
      await trx.raw(
        `INSERT INTO payment_tenders (payment_id, method, amount, reference, bank)
         SELECT p.id, CASE p.id % 5 WHEN 0 THEN 'efectivo' WHEN 1 THEN 'cheque' WHEN 2 THEN 'tarjeta_debito' WHEN 3 THEN 'tarjeta_credito' ELSE 'transferencia' END,
           p.amount, CASE WHEN p.id % 5 = 0 THEN '' ELSE 'R' || p.id END, '' FROM payments AS p`,
      );
      await trx.raw(
        `INSERT INTO payment_allocations (payment_id, invoice_id, amount, live)
         SELECT p.id, i.id, p.amount, TRUE FROM payments AS p JOIN invoices AS i ON i.account_id = p.account_id AND i.period = '2026-10'`,
      );
    });
    // a real database has its statistics (autovacuum); 300,000 rows seeded in seconds do not yet
    if (app.engine === 'pg') await app.db.raw('ANALYZE');
  } finally {
    await closeBackOffice(app);
  }
}

/** the bench's database: the SQLite file in `dir`, or the PostgreSQL database named */
const target = (dir: string, databaseUrl?: string) => (databaseUrl ? { databaseUrl, dataDir: dir } : { dbFile: path.join(dir, DB) });

const FORMAT_NAMES = {
  asobancaria: 'Asobancaria 2001 (meta < 5 s, < 300 MB)',
  csv: 'CSV con detalle (meta < 5 s, < 300 MB)',
  json: 'JSON con detalle (sin meta)',
} as const;

async function measure(dir: string, databaseUrl?: string): Promise<BenchRow[]> {
  const app = await openBackOffice(target(dir, databaseUrl));
  const rows: BenchRow[] = [];
  try {
    const today = todayIn(COMPANY.timeZone);
    let statements = 0;
    app.db.on('query', () => statements++);
    for (const format of ['asobancaria', 'csv', 'json'] as const) {
      const before = process.memoryUsage().rss;
      let peak = before;
      statements = 0;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
      const cpu = process.cpuUsage();
      const started = performance.now();
      const result = await exportRecaudo(app, { ...SYSTEM_ACTOR, name: 'bench' }, { date: today, officeId: null, format }, { kind: 'file', path: path.join(dir, `recaudo.${format}`) });
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      rows.push({
        name: `Intercambio${databaseUrl ? ' (PostgreSQL)' : ''}: ${result.export.records.toLocaleString('es-CO')} pagos del día como ${FORMAT_NAMES[format]}`,
        value: `${seconds.toFixed(2)} s · ${(result.export.bytes / 1024 / 1024).toFixed(1)} MB · pico ${(peak / 1024 / 1024).toFixed(0)} MB de RSS (antes ${(before / 1024 / 1024).toFixed(0)} MB) · CPU ${((used.user + used.system) / 1e6).toFixed(2)} s · ${statements} consultas · carga ${os.loadavg()[0].toFixed(1)}`,
      });
    }
  } finally {
    await closeBackOffice(app);
  }
  return rows;
}

export async function runExchangeBench(options: { payments: number; dir: string; databaseUrl?: string }): Promise<BenchRow[]> {
  fs.mkdirSync(options.dir, { recursive: true });
  await prepareExchangeDay(options.dir, options.payments, options.databaseUrl);
  const args = ['--import', 'tsx', ...(process.env.EXCHANGE_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), fileURLToPath(import.meta.url), '--measure', options.dir];
  if (options.databaseUrl) args.push('--database', options.databaseUrl);
  const output = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(output) as BenchRow[];
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const at = process.argv.indexOf('--measure');
  if (at > 0) {
    const db = process.argv.indexOf('--database');
    process.stdout.write(JSON.stringify(await measure(process.argv[at + 1], db > 0 ? process.argv[db + 1] : undefined)));
  } else {
    const i = process.argv.indexOf('--payments');
    const payments = i > 0 ? Number(process.argv[i + 1]) : 100_000;
    const server = process.argv.indexOf('--pg');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-exchange-bench-'));
    try {
      const rows =
        server > 0
          ? await onFreshPgDatabase(process.argv[server + 1], (databaseUrl) => runExchangeBench({ payments, dir, databaseUrl }), `ventanilla_exchange_bench_${process.pid}`)
          : await runExchangeBench({ payments, dir });
      for (const row of rows) console.log(`${row.name}: ${row.value}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}
