/**
 * Forty counters on one PostgreSQL (issue 20, item 3): 40 simulated counters, each its own back office
 * (its own connection pool) and cashier with an open till, a cash payment every 20–40 s with account
 * searches between, plus a coordinator importing an Asobancaria file (`import-bank` in a process of
 * its own) and one printing an invoice batch (`print-invoices`, also its own process), for N minutes.
 * Then the same again with the server restarted in the middle (`pg_ctl restart -m fast`): a counter
 * whose payment is refused in Spanish (UNAVAILABLE) confirms again after 2 s with the same idempotency
 * key, as the cashier does in the confirmation that stays open.
 *
 * Reported per phase: payments, their p50/p99 (target p99 < 100 ms), searches and their p50/p99 (target
 * p99 < 30 ms), also by kind (an account number; a holder's name), the searches over 100 ms by kind and
 * by what the coordinator was running then, the searches' statements in flight on the server sampled
 * every 250 ms with their wait events, refusals and errors (target: none without the restart). Checked
 * at the end of each phase (the bench fails otherwise): every confirmed payment is in the database
 * once, with the receipt the counter was given; the office's receipt numbers are unique and run 1…N
 * with no gap; `reconcile()` finds nothing.
 *
 * The server is a cluster of the bench's own (initdb + pg_ctl in a temporary folder, like `.ci/run`),
 * since it is restarted. Not run by CI; from tests/bench/run.ts only with `--scale large`.
 *   npx tsx tests/bench/counters-bench.ts [--minutes 5] [--counters 40] [--accounts 5000] [--records 20000] [--file-accounts N] [--batch-invoices N]
 *   npx tsx tests/bench/counters-bench.ts --accounts 1000000 --batch-invoices 5000 --keep /work/large/counters-pg   # prepare once, keep the cluster's data folder
 *   npx tsx tests/bench/counters-bench.ts --reuse /work/large/counters-pg [--minutes 5]                         # measure on a copy of it
 * (`--file-accounts`: the bank file pays the first N accounts only, default all; the payments on
 * those accounts are also reported apart, since a payment on an account the file pays waits for it.
 * `--batch-invoices`: the invoice batch prints the first N accounts' invoices, default all: at
 * 1,000,000 accounts a batch of every invoice would outlast the phase by hours.)
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import type { BackOffice } from '../../electron/core/context';
import { dispatch } from '../../electron/core/dispatch';
import { reconcile } from '../../electron/core/modules/audit/reconcile';
import type { HandlerName, Input, Output } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { ADMIN, COMPANY, OFFICE } from '../helpers/backoffice';
import { copCount } from '../helpers/cashier';
import { NO_PG_BINARIES, pgBinaries, startPgCluster, type PgCluster } from '../helpers/pgCluster';
import { seedDebts, writeBankFile } from './bankfile-bench';
import { settle } from './scale';
import type { BenchRow } from './search-bench';
import { numberOption, runWhenMain, stringOption } from './standalone';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const PASSWORD = 'clave-de-caja-1';
const PAYMENT = 1_000;

type Call = <N extends HandlerName>(name: N, args: Input<N>) => Promise<Result<Output<N>>>;

interface Counter {
  app: BackOffice;
  call: Call;
  token: string;
}

interface PhaseStats {
  payments: number[];
  /** the payments on accounts the phase's bank file also pays (they may wait for the file's commit) */
  paymentsOnFileAccounts: number[];
  searches: number[];
  /** the same searches by kind: an account number, or a holder's name ("SUSCRIPTOR n", which no prefix of 20 names covers) */
  searchesByKind: Record<SearchKind, number[]>;
  /** searches over 100 ms: their kind and whether the bank file or the invoice batch was running then */
  slowSearches: { kind: SearchKind; ms: number; during: string }[];
  /** what the coordinator is running now ('' when nothing), for the slow searches' `during` */
  running: Set<string>;
  /** pg_stat_activity sampled every 250 ms: the counters' account searches in flight, by statement branch and wait event */
  searchWaits: Map<string, number>;
  /** payments refused in Spanish (UNAVAILABLE) and confirmed again with the same key */
  refusedThenRetried: number;
  searchesRefused: number;
  errors: string[];
  /** idempotency key → receipt number the counter was given */
  confirmed: Map<string, number>;
}

type SearchKind = 'número' | 'nombre';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? '—' : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);
}

function load(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

async function must<T>(result: Promise<Result<T>>, what: string): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`${what}: ${r.error.code} ${r.error.message}`);
  return r.data;
}

/** the office, 40 cashiers with tills, the debts (the invoice batch prints `printed` of them); returns the office id and the tills' ids */
async function prepare(app: BackOffice, counters: number, accounts: number, printed: number): Promise<{ officeId: number; tills: number[] }> {
  const token0: { token: string | null } = { token: null };
  const call: Call = (name, args) => dispatch(app, name, args, { door: 'test', token: token0.token });
  const { officeId } = await must(call('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN }), 'setup');
  token0.token = (await must(call('auth.login', { username: ADMIN.username, password: ADMIN.password }), 'login')).token;
  const tills: number[] = [];
  for (let c = 1; c <= counters; c++) {
    tills.push((await must(call('tills.save', { officeId, code: `C${c}`, name: `Caja ${c}`, receiptLayout: 'termica80', active: true }), 'caja')).id);
    await must(call('users.create', { fullName: `Cajero ${c}`, username: `cajero${c}`, officeId, role: 'cajero', password: 'clave-temporal' }), 'cajero');
  }
  await must(call('users.create', { fullName: 'Coordinadora', username: 'coordinador1', officeId, role: 'coordinador', password: 'clave-temporal' }), 'coordinador');
  await seedDebts(app.db, accounts);
  // the batch prints route 01 (the coordinator's `--route 01`): the accounts past the first `printed`
  // go to route 02, since the batch pages through every invoice of its period and route, with or
  // without lines (at 1,000,000 accounts, a period of 1,000,000 invoices took over 10 minutes)
  if (printed < accounts) await app.db('accounts').whereNotIn('id', app.db('accounts').orderBy('id').limit(printed).select('id')).update({ route: '02' });
  // one charge line on each invoice of the printed period for the first `printed` accounts (an invoice without lines is not printed)
  await app.db.raw(
    `INSERT INTO invoice_lines (invoice_id, line_no, concept, quantity, unit_value, amount)
    SELECT id, 1, 'Acueducto: consumo', '18', total / 18, total FROM invoices WHERE period = '2026-10' AND account_id IN (SELECT id FROM accounts ORDER BY id LIMIT ?)`,
    [printed],
  );
  return { officeId, tills };
}

/** one counter: its own back office (its own pool of connections) and its cashier, with the till open */
async function openCounter(url: string, dataDir: string, c: number, tillId: number): Promise<Counter> {
  const app = await openBackOffice({ databaseUrl: url, dataDir });
  const holder: { token: string | null } = { token: null };
  const call: Call = (name, args) => dispatch(app, name, args, { door: 'test', token: holder.token });
  holder.token = (await must(call('auth.login', { username: `cajero${c}`, password: 'clave-temporal' }), 'ingreso')).token;
  await must(call('auth.changePassword', { currentPassword: 'clave-temporal', newPassword: PASSWORD }), 'clave');
  await must(call('cashier.open', { tillId, count: copCount(200_000) }), 'apertura');
  return { app, call, token: holder.token };
}

/** the life of one counter until `end`: a payment every 20–40 s, two or three searches between */
async function runCounter(counter: Counter, c: number, end: number, accounts: number, fileAccounts: number, stats: PhaseStats, phase: string): Promise<void> {
  let n = 0;
  await sleep(Math.random() * 20_000);
  while (Date.now() < end) {
    const gap = 20_000 + Math.random() * 20_000;
    const searches = 2 + Math.floor(Math.random() * 2);
    for (let s = 0; s < searches && Date.now() < end; s++) {
      const account = 2_000_000 + Math.floor(Math.random() * accounts);
      const kind: SearchKind = s % 2 === 0 ? 'número' : 'nombre';
      const started = performance.now();
      const r = await counter.call('accounts.search', { query: kind === 'número' ? String(account) : `SUSCRIPTOR ${account - 2_000_000}`, limit: 20 });
      if (r.ok) {
        const ms = performance.now() - started;
        stats.searches.push(ms);
        stats.searchesByKind[kind].push(ms);
        if (ms > 100) stats.slowSearches.push({ kind, ms, during: [...stats.running].join('+') || 'nada' });
      } else if (r.error.code === 'UNAVAILABLE') stats.searchesRefused++;
      else stats.errors.push(`búsqueda: ${r.error.message}`);
      await sleep(gap / (searches + 1));
    }
    if (Date.now() >= end) break;
    const key = `${phase}-${c}-${++n}`;
    const accountIndex = Math.floor(Math.random() * accounts);
    const accountNumber = String(2_000_000 + accountIndex);
    const found = await counter.call('accounts.search', { query: accountNumber, limit: 1 });
    if (!found.ok || found.data.length === 0) {
      if (!found.ok && found.error.code === 'UNAVAILABLE') stats.searchesRefused++;
      else stats.errors.push(`cuenta ${accountNumber}: ${found.ok ? 'no encontrada' : found.error.message}`);
      continue;
    }
    const input = { idempotencyKey: key, accountId: found.data[0].id, newCharges: [], tenders: [{ method: 'efectivo' as const, amount: PAYMENT, received: PAYMENT, reference: '', bank: '' }] };
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      const r = await counter.call('cashier.pay', input);
      if (r.ok) {
        stats.payments.push(performance.now() - started);
        if (accountIndex < fileAccounts) stats.paymentsOnFileAccounts.push(performance.now() - started);
        stats.confirmed.set(key, r.data.receiptNumber);
        break;
      }
      if (r.error.code === 'UNAVAILABLE' && attempt < 10) {
        // the confirmation stays open with the Spanish message; the cashier confirms again
        if (attempt === 1) stats.refusedThenRetried++;
        await sleep(2_000);
        continue;
      }
      stats.errors.push(`pago ${key}: ${r.error.code} ${r.error.message}`);
      break;
    }
  }
}

/** the coordinator's work in processes of their own: a bank file import and an invoice batch, both through the CLI */
async function coordinatorWork(url: string, dir: string, records: number, fileAccounts: number, tag: string, running: Set<string>): Promise<{ bank: string; batch: string }> {
  const file = path.join(dir, `banco-${tag}.txt`);
  // the file's records pay the first `fileAccounts` accounts (all of them by default)
  await writeBankFile(file, records, fileAccounts);
  const cli = (args: string[]) => promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/core/cli/index.ts'), ...args, '--db', url], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  const timed = async (args: string[]): Promise<string> => {
    const started = Date.now();
    running.add(args[0]);
    try {
      await cli(args);
      return `${((Date.now() - started) / 1000).toFixed(1)} s`;
    } catch (error) {
      return `falló: ${String((error as { stderr?: string }).stderr ?? error).slice(0, 300)}`;
    } finally {
      running.delete(args[0]);
    }
  };
  const [bank, batch] = await Promise.all([
    sleep(10_000).then(() => timed(['import-bank', file])),
    sleep(20_000).then(() => timed(['print-invoices', '--period', '2026-10', '--route', '01', '--out', path.join(dir, `facturas-${tag}.pdf`)])),
  ]);
  return { bank, batch };
}

/** every confirmed payment once with its receipt; the office's receipts 1…N with no gap; reconcile() clean */
async function verify(app: BackOffice, officeId: number, stats: PhaseStats): Promise<string> {
  const keys = [...stats.confirmed.keys()];
  const stored = new Map<string, number[]>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows: { idempotency_key: string; receipt_number: number }[] = await app.db('payments').whereIn('idempotency_key', keys.slice(i, i + 500)).select('idempotency_key', 'receipt_number');
    for (const r of rows) stored.set(r.idempotency_key, [...(stored.get(r.idempotency_key) ?? []), Number(r.receipt_number)]);
  }
  const problems: string[] = [];
  for (const [key, receipt] of stats.confirmed) {
    const found = stored.get(key) ?? [];
    if (found.length !== 1 || found[0] !== receipt) problems.push(`${key}: confirmado con el recibo ${receipt}, en la base ${JSON.stringify(found)}`);
  }
  const receipts: { receipt_number: number }[] = await app.db('payments').where({ office_id: officeId }).whereNotNull('receipt_number').orderBy('receipt_number').select('receipt_number');
  receipts.forEach((r, i) => {
    if (Number(r.receipt_number) !== i + 1) problems.push(`recibo en la posición ${i + 1}: ${r.receipt_number}`);
  });
  const check = await reconcile(app.db);
  problems.push(...check.issues.map((issue) => JSON.stringify(issue)));
  if (problems.length > 0) throw new Error(`perdido o doble:\n${problems.slice(0, 20).join('\n')}`);
  return `${stats.confirmed.size} pagos confirmados, una vez cada uno; recibos 1…${receipts.length} sin huecos; conciliación limpia`;
}

/** slow searches counted by kind and by what the coordinator was running meanwhile */
function slowSummary(slow: PhaseStats['slowSearches']): string {
  if (slow.length === 0) return '0';
  const counts = new Map<string, number>();
  for (const s of slow) counts.set(`${s.kind} durante ${s.during}`, (counts.get(`${s.kind} durante ${s.during}`) ?? 0) + 1);
  return `${slow.length}: ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}`;
}

/**
 * Every 250 ms, the account searches the counters have in flight on the server (client backends
 * only; a parallel worker repeats its leader's statement): which branch of `searchAccounts` (the
 * word scan is the one with LIKE) and what it waits on ('CPU' when no wait event). Errors (the
 * restart) skip a sample.
 */
async function sampleSearchWaits(app: BackOffice, end: number, into: Map<string, number>): Promise<void> {
  while (Date.now() < end) {
    try {
      const rows: { branch: string; wait: string }[] = (
        await app.db.raw(
          `SELECT CASE WHEN query LIKE '%like%' THEN 'palabras (LIKE)' WHEN query LIKE '%"search_name" >=%' THEN 'prefijo del nombre' WHEN query LIKE '%from "invoices"%' THEN 'saldos' ELSE 'número/cédula/medidor' END AS branch,
                  coalesce(wait_event_type || '/' || wait_event, 'CPU') AS wait
             FROM pg_stat_activity
            WHERE backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()
              AND (query LIKE 'select "id", "number", "holder_name"%' OR query LIKE 'select "account_id", sum("balance")%')`,
        )
      ).rows;
      for (const r of rows) into.set(`${r.branch} ${r.wait}`, (into.get(`${r.branch} ${r.wait}`) ?? 0) + 1);
    } catch {
      // the server is restarting: no sample
    }
    await sleep(250);
  }
}

async function phase(
  name: string,
  ctx: { cluster: PgCluster; app: BackOffice; counters: Counter[]; officeId: number; accounts: number; printed: number; fileAccounts: number; records: number; dir: string; minutes: number; restart: boolean },
): Promise<BenchRow[]> {
  const stats: PhaseStats = {
    payments: [],
    paymentsOnFileAccounts: [],
    searches: [],
    searchesByKind: { número: [], nombre: [] },
    slowSearches: [],
    running: new Set(),
    searchWaits: new Map(),
    refusedThenRetried: 0, searchesRefused: 0, errors: [], confirmed: new Map() };
  const ms = ctx.minutes * 60_000;
  const end = Date.now() + ms;
  const cpu = process.cpuUsage();
  const started = Date.now();
  let restartMs = 0;
  const restarting = ctx.restart
    ? sleep(ms / 2).then(async () => {
        console.error(`  reiniciando PostgreSQL (carga ${load()})…`);
        restartMs = await ctx.cluster.restart();
      })
    : Promise.resolve();
  const sampling = sampleSearchWaits(ctx.app, end, stats.searchWaits);
  const [coordinator] = await Promise.all([
    coordinatorWork(ctx.cluster.url, ctx.dir, ctx.records, ctx.fileAccounts, name, stats.running),
    ...ctx.counters.map((counter, i) => runCounter(counter, i + 1, end, ctx.accounts, ctx.fileAccounts, stats, name)),
    restarting,
    sampling,
  ]);
  const seconds = (Date.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const verdict = await verify(ctx.app, ctx.officeId, stats);
  const label = `${ctx.counters.length} cajas ${ctx.minutes} min${ctx.restart ? ', reinicio a la mitad' : ''}`;
  return [
    {
      name: `${label}: pagos`,
      value: `${stats.payments.length} (p50 ${percentile(stats.payments, 50)} ms, p99 ${percentile(stats.payments, 99)} ms; objetivo p99 < 100 ms)`,
    },
    {
      name: `${label}: pagos a cuentas que el archivo del banco también paga`,
      value: `${stats.paymentsOnFileAccounts.length} (p50 ${percentile(stats.paymentsOnFileAccounts, 50)} ms, p99 ${percentile(stats.paymentsOnFileAccounts, 99)} ms; esperan el archivo si llegan mientras está abierto)`,
    },
    { name: `${label}: búsquedas`, value: `${stats.searches.length} (p50 ${percentile(stats.searches, 50)} ms, p99 ${percentile(stats.searches, 99)} ms; objetivo p99 < 30 ms)` },
    ...(['número', 'nombre'] as const).map((kind) => ({
      name: `${label}: búsquedas por ${kind}`,
      value: `${stats.searchesByKind[kind].length} (p50 ${percentile(stats.searchesByKind[kind], 50)} ms, p99 ${percentile(stats.searchesByKind[kind], 99)} ms, máx ${percentile(stats.searchesByKind[kind], 100)} ms)`,
    })),
    { name: `${label}: búsquedas de más de 100 ms`, value: slowSummary(stats.slowSearches) },
    { name: `${label}: búsquedas en curso en PostgreSQL (muestras cada 250 ms)`, value: [...stats.searchWaits].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}: ${n}`).join('; ') || 'ninguna' },
    {
      name: `${label}: errores`,
      value: `${stats.errors.length}${stats.errors.length ? ` (${stats.errors.slice(0, 3).join(' | ')})` : ''}; rechazos en español y reintentados con la misma clave: ${stats.refusedThenRetried} pagos, ${stats.searchesRefused} búsquedas rechazadas${ctx.restart ? `; reinicio ${restartMs} ms` : ''}`,
    },
    { name: `${label}: coordinadores`, value: `archivo del banco (${ctx.records} registros sobre ${ctx.fileAccounts} cuentas) ${coordinator.bank}; lote de facturas (${ctx.printed}) ${coordinator.batch}` },
    { name: `${label}: al final`, value: verdict },
    { name: `${label}: máquina`, value: `${seconds.toFixed(0)} s, CPU de las cajas ${((used.user + used.system) / 1e6).toFixed(1)} s, carga ${load()}` },
  ];
}

export interface CountersOptions {
  minutes: number;
  counters: number;
  accounts: number;
  records: number;
  fileAccounts?: number;
  /** invoices the coordinator's batch prints (default: one per account) */
  batchInvoices?: number;
  /** prepare the cluster, then stop it and keep its data folder here instead of measuring */
  keep?: string;
  /** measure on a copy of a cluster kept with `keep` (the kept folder stays as prepared), without preparing */
  reuse?: string;
}

export async function runCountersBench(options: CountersOptions): Promise<BenchRow[]> {
  const bin = pgBinaries();
  if (!bin) return [{ name: `${options.counters} cajas en un PostgreSQL`, value: `omitida: ${NO_PG_BINARIES}` }];
  if (options.keep && fs.existsSync(options.keep)) throw new Error(`--keep: «${options.keep}» ya existe; bórrelo o mídalo con --reuse`);
  if (options.reuse && !fs.existsSync(path.join(options.reuse, 'PG_VERSION'))) throw new Error(`--reuse: «${options.reuse}» no es una carpeta de datos de PostgreSQL guardada con --keep`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-counters-'));
  const cluster = await startPgCluster(bin, options.reuse);
  const counters: Counter[] = [];
  let app: BackOffice | null = null;
  let kept = false;
  try {
    app = await openBackOffice({ databaseUrl: cluster.url, dataDir: dir });
    let officeId: number;
    let tills: number[];
    let accounts = options.accounts;
    if (options.reuse) {
      officeId = Number((await app.db('offices').orderBy('id').first('id')).id);
      tills = (await app.db('tills').whereIn('code', Array.from({ length: options.counters }, (_, c) => `C${c + 1}`)).orderBy('id').select('id')).map((t: { id: number }) => Number(t.id));
      if (tills.length < options.counters) throw new Error(`--reuse: la base guardada tiene ${tills.length} cajas, no ${options.counters}`);
      accounts = Number((await app.db('accounts').count<{ n: number }[]>({ n: '*' }))[0].n);
      console.error(`Base guardada: ${accounts} cuentas, ${tills.length} cajas (carga ${load()})`);
    } else {
      console.error(`Preparando ${options.counters} cajas y ${options.accounts} cuentas (carga ${load()})…`);
      const started = Date.now();
      ({ officeId, tills } = await prepare(app, options.counters, options.accounts, options.batchInvoices ?? options.accounts));
      if (options.keep) {
        // a site's tables are long vacuumed: the measurement must not pay for the seeding's autovacuum
        await settle(app, ['PostgreSQL']);
        await closeBackOffice(app);
        app = null;
        cluster.stopAndKeep(options.keep);
        kept = true;
        return [{ name: `${options.counters} cajas en un PostgreSQL: preparado y guardado`, value: `${options.accounts} cuentas, lote de ${options.batchInvoices ?? options.accounts} facturas, en ${options.keep}: ${((Date.now() - started) / 1000).toFixed(0)} s, carga ${load()}` }];
      }
    }
    for (let c = 1; c <= options.counters; c++) counters.push(await openCounter(cluster.url, dir, c, tills[c - 1]));
    const fileAccounts = Math.min(options.fileAccounts ?? accounts, accounts);
    // the batch prints the invoices that have lines (prepare gives lines to the first N accounts' only)
    const printed = Number((await app.db('invoice_lines').countDistinct<{ n: number }[]>({ n: 'invoice_id' }))[0].n);
    const ctx = { cluster, app, counters, officeId, dir, minutes: options.minutes, accounts, printed, fileAccounts, records: options.records };
    console.error(`Fase 1: ${options.minutes} min (carga ${load()})…`);
    const rows = await phase('normal', { ...ctx, restart: false });
    console.error(`Fase 2: ${options.minutes} min con reinicio (carga ${load()})…`);
    rows.push(...(await phase('reinicio', { ...ctx, records: options.records + 1, restart: true })));
    return rows;
  } finally {
    for (const counter of counters) await closeBackOffice(counter.app);
    if (app) await closeBackOffice(app);
    if (!kept) cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runWhenMain(import.meta.url, () =>
  runCountersBench({
    minutes: numberOption('minutes', 5),
    counters: numberOption('counters', 40),
    accounts: numberOption('accounts', 5_000),
    records: numberOption('records', 20_000),
    // not given: every account (of the kept database with --reuse)
    fileAccounts: process.argv.includes('--file-accounts') ? numberOption('file-accounts', 0) : undefined,
    batchInvoices: process.argv.includes('--batch-invoices') ? numberOption('batch-invoices', 0) : undefined,
    keep: stringOption('keep'),
    reuse: stringOption('reuse'),
  }),
);
