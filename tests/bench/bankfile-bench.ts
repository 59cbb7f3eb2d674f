/**
 * Benchmark of a bank collection file (Asobancaria 2001): a database of N accounts with two open
 * invoices each, and a valid file of R detail records in 10 lots — 80 % pay an invoice by its
 * payment reference, 10 % name an account number (overpaying: credit), 10 % match nothing (por
 * identificar). Measures preview and commit wall time and peak RSS (sampled every 50 ms).
 * Target (issue 3): 100,000 records in under 10 s, memory under 300 MB. The measuring runs in a
 * child process, so its RSS is the open back office's plus the file's, not the seeding's. Most of the
 * growth is garbage V8 collects late: NODE_OPTIONS=--max-old-space-size=90 gives the same times with
 * ~60 MB less at the peak.
 *
 *   npx tsx tests/bench/bankfile-bench.ts [--accounts 100000] [--records 100000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { dispatch } from '../../electron/core/dispatch';
import { commitBankFile, previewBankFile } from '../../electron/core/modules/bankfiles/service';
import { ADMIN, COMPANY, OFFICE } from '../helpers/backoffice';
import { detailRecord, fileControlRecord, headerRecord, lotControlRecord, lotHeaderRecord } from '../fixtures/asobancaria/build';
import type { BenchRow } from './search-bench';
import { bundleForChild, isMain } from './standalone';

const LOTS = 10;
const accountNumber = (i: number) => String(2_000_000 + i);
const invoiceTotal = (i: number) => 40_000 + (i % 50) * 1_000;

/** N accounts with two open invoices each (payment references '2609<account>' and '2610<account>'), in big multi-row inserts. */
export async function seedDebts(db: Knex, accounts: number): Promise<void> {
  const now = new Date().toISOString();
  const batch = 2_000;
  await db.transaction(async (trx) => {
    for (let start = 0; start < accounts; start += batch) {
      const end = Math.min(accounts, start + batch);
      const rows = [];
      for (let i = start; i < end; i++) {
        rows.push([accountNumber(i), `SUSCRIPTOR ${i}`, 'CC', String(10_000_000 + i), 'CALLE 1 # 2-3', '15299', 'residencial', 'activo', '1', '01', i, `SUSCRIPTOR ${i}`, 'calle 1 2 3', now, now]);
      }
      await trx.raw(
        `INSERT INTO accounts (number, holder_name, id_type, id_number, address, city_dane, use, status, cycle, route, route_sequence, search_name, search_address, created_at, updated_at) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        rows.flat(),
      );
    }
    await trx.raw(
      `INSERT INTO invoices (number, account_id, period, issue_date, due_date, consumption_m3, payment_reference, total, balance, created_at, updated_at)
       SELECT 'F' || p.period || '-' || a.number, a.id, p.label, p.issue, p.due, 18, p.period || a.number,
         40000 + ((CAST(a.number AS INTEGER) - 2000000) % 50) * 1000, 40000 + ((CAST(a.number AS INTEGER) - 2000000) % 50) * 1000, ?, ?
       FROM accounts AS a CROSS JOIN (SELECT '2609' AS period, '2026-09' AS label, '2026-10-01' AS issue, '2026-10-18' AS due
         UNION ALL SELECT '2610', '2026-10', '2026-11-01', '2026-11-18') AS p`,
      [now, now],
    );
  });
}

/** The file: R records, 80 % by invoice reference, 10 % by account number, 10 % unknown. */
export async function writeBankFile(file: string, records: number, accounts: number): Promise<void> {
  const out = fs.createWriteStream(file);
  const nit = COMPANY.nit.replace(/\D/g, '');
  let chunk = `${headerRecord({ nit, lots: [] })}\r\n`;
  const perLot = Math.ceil(records / LOTS);
  let sequence = 0;
  let total = 0n;
  for (let lot = 1; sequence < records; lot++) {
    chunk += `${lotHeaderRecord(lot)}\r\n`;
    let lotCount = 0;
    let lotTotal = 0n;
    while (lotCount < perLot && sequence < records) {
      const r = sequence;
      const account = r % accounts;
      const kind = r % 10;
      const detail =
        kind < 8
          ? { reference: `2610${accountNumber(account)}`, amount: invoiceTotal(account) * 100 }
          : kind === 8
            ? { reference: accountNumber(account), amount: 100_000 * 100 }
            : { reference: `9${String(r).padStart(9, '0')}`, amount: 25_000 * 100 };
      chunk += `${detailRecord(detail, ++sequence)}\r\n`;
      lotCount++;
      lotTotal += BigInt(detail.amount);
      if (chunk.length > 256 * 1024) {
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
    chunk += `${lotControlRecord(lotCount, lotTotal, lot)}\r\n`;
    total += lotTotal;
  }
  chunk += `${fileControlRecord(records, total)}\r\n`;
  out.end(chunk);
  await once(out, 'finish');
}

/** Wall seconds, CPU seconds of the process (SQLite's threads included: steadier on a busy machine) and peak RSS. */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; cpuSeconds: number; peakRssMb: number; peakHeapMb: number; peakExternalMb: number }> {
  const cpu = process.cpuUsage();
  const peak = { rss: 0, heapUsed: 0, external: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.external = Math.max(peak.external, m.external);
  };
  sample();
  const timer = setInterval(sample, 50);
  const started = performance.now();
  try {
    const value = await work();
    sample();
    const used = process.cpuUsage(cpu);
    const mb = (n: number) => n / 1024 / 1024;
    return { value, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, peakRssMb: mb(peak.rss), peakHeapMb: mb(peak.heapUsed), peakExternalMb: mb(peak.external) };
  } finally {
    clearInterval(timer);
  }
}

/** Builds the database and the file in `dir` (bank-bench.sqlite, RECAUDO.TXT). */
async function prepare(options: { accounts: number; records: number; dir: string }): Promise<void> {
  const app = await openBackOffice({ dbFile: path.join(options.dir, 'bank-bench.sqlite') });
  try {
    const setup = await dispatch(app, 'setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN }, { door: 'test' });
    if (!setup.ok) throw new Error(setup.error.message);
    await seedDebts(app.db, options.accounts);
  } finally {
    await closeBackOffice(app);
  }
  await writeBankFile(path.join(options.dir, 'RECAUDO.TXT'), options.records, options.accounts);
}

/** Preview then commit of the prepared file, in this process (a fresh one: its RSS is the app's, not the seeding's). */
async function measure(dir: string): Promise<BenchRow[]> {
  const app = await openBackOffice({ dbFile: path.join(dir, 'bank-bench.sqlite') });
  try {
    const file = path.join(dir, 'RECAUDO.TXT');
    const actor = { userId: null, name: 'bench', officeId: null };
    const rssBefore = process.memoryUsage().rss / 1024 / 1024;
    const preview = await measured(() => previewBankFile(app, file));
    if (!preview.value.ok) throw new Error(`el archivo fue rechazado: línea ${preview.value.problem.line}: ${preview.value.problem.message}`);
    const commit = await measured(() => commitBankFile(app, actor, file));
    const { summary } = commit.value;
    const payments = Number((await app.db('payments').count<{ n: number }[]>({ n: '*' }))[0].n);
    const queued = Number((await app.db('unidentified_payments').count<{ n: number }[]>({ n: '*' }))[0].n);
    if (payments !== summary.matchedCount || queued !== summary.unidentifiedCount) throw new Error('los conteos de la base no son los del resumen');
    const accounts = Number((await app.db('accounts').count<{ n: number }[]>({ n: '*' }))[0].n);
    const mb = (n: number) => `${Math.round(n)} MB`;
    return [
      {
        name: 'bank file',
        value: `${summary.records.toLocaleString('en-US')} records in ${summary.lots} lots, ${mb(fs.statSync(file).size / 1024 / 1024)}; ${accounts.toLocaleString('en-US')} accounts, ${(2 * accounts).toLocaleString('en-US')} invoices`,
      },
      { name: 'bank file preview', value: `${preview.seconds.toFixed(1)} s (CPU ${preview.cpuSeconds.toFixed(1)} s)` },
      { name: 'bank file commit', value: `${commit.seconds.toFixed(1)} s (CPU ${commit.cpuSeconds.toFixed(1)} s; ${summary.matchedCount.toLocaleString('en-US')} payments, ${summary.unidentifiedCount.toLocaleString('en-US')} por identificar)` },
      { name: 'bank file preview + commit', value: `${(preview.seconds + commit.seconds).toFixed(1)} s (target < 10 s)` },
      { name: 'RSS before the bank file (app open)', value: mb(rssBefore) },
      { name: 'peak RSS (bank file)', value: `${mb(Math.max(preview.peakRssMb, commit.peakRssMb))} (target < 300 MB; preview ${mb(preview.peakRssMb)}, commit ${mb(commit.peakRssMb)})` },
      { name: 'peak JS heap used / external (sampled every 50 ms)', value: `preview ${mb(preview.peakHeapMb)} / ${mb(preview.peakExternalMb)}, commit ${mb(commit.peakHeapMb)} / ${mb(commit.peakExternalMb)}` },
      { name: 'load average (1 min) at the end', value: os.loadavg()[0].toFixed(1) },
    ];
  } finally {
    await closeBackOffice(app);
  }
}

/** The whole benchmark: prepares in this process, measures in a child process. */
export async function runBankFileBench(options: { accounts: number; records: number; dir: string }): Promise<BenchRow[]> {
  fs.mkdirSync(options.dir, { recursive: true });
  await prepare(options);
  // the child runs bundled, as the app runs (under tsx the compiler alone added ~65 MB of RSS)
  const bundle = await bundleForChild(options.dir, [{ source: fileURLToPath(import.meta.url), outfile: 'bankfile-bench.mjs' }]);
  const output = execFileSync(process.execPath, [path.join(bundle, 'bankfile-bench.mjs'), '--measure', options.dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(output) as BenchRow[];
}

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

if (isMain(import.meta.url)) {
  const at = process.argv.indexOf('--measure');
  if (at >= 0) {
    measure(process.argv[at + 1])
      .then((rows) => process.stdout.write(JSON.stringify(rows)))
      .catch((error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      });
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-bank-bench-'));
    runBankFileBench({ accounts: argument('accounts', 100_000), records: argument('records', 100_000), dir })
      .then((rows) => {
        const width = Math.max(...rows.map((r) => r.name.length));
        for (const r of rows) console.log(`${r.name.padEnd(width)}  ${r.value}`);
      })
      .catch((error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      })
      .finally(() => fs.rmSync(dir, { recursive: true, force: true }));
  }
}
