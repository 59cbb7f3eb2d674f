/**
 * Benchmark of the billing-system imports: generates an accounts file and an invoices file
 * (4 charge lines per invoice) with streaming writes, then, in a process of its own per engine,
 * imports both through `importFile` with commit and imports the invoices again (everything
 * unchanged); reports wall time, rows/s, CPU time (the process's, and the PostgreSQL server's for
 * the bench database) and peak memory (RSS). See README.md, "Imports".
 *
 *   npx tsx tests/bench/import-bench.ts                                   # SQLite, 200,000 accounts, 1,200,000 invoices
 *   npx tsx tests/bench/import-bench.ts --accounts 20000 --invoices 50000 --pg postgres://…/empty_database
 *   npx tsx tests/bench/import-bench.ts --scale large --pg-server postgres://…/postgres   # both engines side by side
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { dispatch } from '../../electron/core/dispatch';
import { importFile } from '../../electron/core/modules/imports/service';
import type { BackOffice } from '../../electron/core/context';
import type { ImportResult } from '../../shared/contract';
import { ADMIN, COMPANY, OFFICE } from '../helpers/backoffice';
import { benchScale, onFreshPgDatabase } from './scale';
import type { BenchRow } from './search-bench';
import { isMain, printTable } from './standalone';

const LINES_PER_INVOICE = 4;
export const FIRST_NAMES = ['MARÍA', 'JOSÉ', 'LUIS', 'ANA', 'CARLOS', 'LUZ', 'JORGE', 'SANDRA', 'ÁLVARO', 'NUBIA', 'HERNÁN', 'YOLANDA'];
export const SURNAMES = ['GÓMEZ', 'RODRÍGUEZ', 'LÓPEZ', 'MARTÍNEZ', 'PEÑA', 'CASTAÑEDA', 'SUÁREZ', 'PARDO', 'MUÑOZ', 'ROJAS', 'DÍAZ', 'QUIÑONES'];

/** The four lines of every invoice of the bench (a quantity of 1, or the month's m³). */
export const INVOICE_LINES: readonly { concept: string; perM3: boolean; unitValue: number }[] = [
  { concept: 'CARGO FIJO ACUEDUCTO', perM3: false, unitValue: 9800 },
  { concept: 'CONSUMO BÁSICO ACUEDUCTO', perM3: true, unitValue: 2600 },
  { concept: 'ALCANTARILLADO', perM3: true, unitValue: 2100 },
  { concept: 'ASEO', perM3: false, unitValue: 18500 },
];

/** Writes lines to a file, waiting when the stream's buffer is full. */
async function writeLines(file: string, header: string, count: number, lineOf: (i: number) => string): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write(header + '\r\n');
  let chunk = '';
  for (let i = 0; i < count; i++) {
    chunk += lineOf(i) + '\r\n';
    if (chunk.length > 256 * 1024) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

const accountNumber = (i: number) => String(1_000_000 + i);
const estratoOf = (i: number) => (i % 10 === 9 ? null : (i % 6) + 1);

export async function writeAccountsFile(file: string, accounts: number): Promise<void> {
  await writeLines(
    file,
    'cuenta;titular;tipo_documento;numero_documento;direccion;barrio;municipio_dane;estrato;uso;estado;ciclo;ruta;secuencia_ruta;medidor;telefono;correo',
    accounts,
    (i) => {
      const name = `${SURNAMES[i % 12]} ${SURNAMES[(i >> 3) % 12]} ${FIRST_NAMES[(i >> 5) % 12]}`;
      const estrato = estratoOf(i);
      return [
        accountNumber(i),
        name,
        'CC',
        String(10_000_000 + i * 7),
        `CALLE ${(i % 120) + 1} # ${(i % 90) + 1}-${(i % 70) + 2}`,
        `BARRIO ${i % 40}`,
        '15299',
        estrato ?? '',
        estrato === null ? 'comercial' : 'residencial',
        'activo',
        String((i % 4) + 1),
        String((i >> 8) % 60).padStart(3, '0'),
        String(i % 1000),
        `M${String(i).padStart(8, '0')}`,
        `310${String(i).padStart(7, '0')}`,
        i % 3 === 0 ? `cliente${i}@correo.com.co` : '',
      ].join(';');
    },
  );
}

/**
 * `invoices` invoices of 4 lines, invoice i of account i mod `accounts`, period after period.
 * `first`: the first invoice's index; the next file (`first` = the previous count) holds the
 * following periods of the same accounts, with new numbers (the monthly import).
 */
export async function writeInvoicesFile(file: string, invoices: number, accounts: number, first = 0): Promise<void> {
  await writeLines(
    file,
    'numero_factura;cuenta;periodo;fecha_expedicion;fecha_vencimiento;fecha_suspension;lectura_anterior;lectura_actual;consumo_m3;referencia_pago;concepto;cantidad;valor_unitario;valor;total_factura',
    invoices * LINES_PER_INVOICE,
    (n) => {
      const i = first + Math.floor(n / LINES_PER_INVOICE);
      const lineNo = n % LINES_PER_INVOICE;
      const account = i % accounts;
      const month = Math.floor(i / accounts) % 12;
      const year = 2025 + Math.floor(i / accounts / 12);
      const mm = String(month + 1).padStart(2, '0');
      const m3 = 8 + (account % 25);
      const lines: [string, string, number][] = INVOICE_LINES.map((l) => [l.concept, l.perM3 ? String(m3) : '1', l.unitValue]);
      const total = lines.reduce((sum, [, q, v]) => sum + Number(q) * v, 0);
      const [concept, quantity, unit] = lines[lineNo];
      const reading = 1000 + month * 30;
      return [
        `F${year}${mm}-${accountNumber(account)}`,
        accountNumber(account),
        `${year}-${mm}`,
        `${year}-${mm}-01`,
        `${year}-${mm}-15`,
        `${year}-${mm}-25`,
        reading,
        reading + m3,
        m3,
        `${year}${mm}${accountNumber(account)}`,
        concept,
        quantity,
        unit,
        Number(quantity) * unit,
        total,
      ].join(';');
    },
  );
}

/**
 * CPU seconds (user + system) of the PostgreSQL server processes serving `database`, by pid (Linux
 * /proc). `known`: reads only the pids already in `seen` (a few small files) instead of scanning
 * every process of the machine (~8 ms of this process's CPU per scan, and up to ~40 ms of its event
 * loop at load 15: every 100 ms, that was ~8% of the import's CPU and wall time on PostgreSQL).
 */
function pgBackendCpu(database: string, seen: Map<number, number>, known = false): void {
  let pids: string[];
  try {
    pids = known ? [...seen.keys()].map(String) : fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return; // not Linux: the server's CPU is not reported
  }
  const ticks = 100; // USER_HZ
  for (const pid of pids) {
    try {
      if (!known) {
        const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1');
        if (!cmdline.startsWith('postgres: ') || !cmdline.includes(` ${database} `)) continue;
      }
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      seen.set(Number(pid), (Number(fields[11]) + Number(fields[12])) / ticks);
    } catch {
      // the process ended between the listing and the read (its last reading stays)
    }
  }
}

/** every this many samples (of 100 ms) the server's processes are looked for again; between, only the known ones are read */
const PG_SCAN_EVERY = 10;

export interface Measured<T> {
  value: T;
  seconds: number;
  /** this process's CPU (user + system): SQLite's work runs here, in the driver's threads */
  cpuSeconds: number;
  /** the PostgreSQL server's CPU for this database (null on SQLite or off Linux) */
  serverCpuSeconds: number | null;
  peakRssMb: number;
}

/** Samples RSS (and the server's CPU) while `work` runs; returns its result, wall and CPU seconds and the peak RSS in MB. */
export async function measured<T>(work: () => Promise<T>, pgDatabase: string | null): Promise<Measured<T>> {
  let peak = process.memoryUsage().rss;
  const server = new Map<number, number>();
  const before = new Map<number, number>();
  if (pgDatabase) pgBackendCpu(pgDatabase, before);
  let samples = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
    if (pgDatabase) pgBackendCpu(pgDatabase, server, samples++ % PG_SCAN_EVERY !== 0);
  }, 100);
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    const used = process.cpuUsage(cpu);
    let serverCpuSeconds: number | null = null;
    if (pgDatabase) {
      pgBackendCpu(pgDatabase, server);
      serverCpuSeconds = [...server].reduce((sum, [pid, s]) => sum + s - (before.get(pid) ?? 0), 0);
    }
    return { value, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, serverCpuSeconds, peakRssMb: peak / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

function mustCommit(result: ImportResult): ImportResult {
  if (!result.committed) throw new Error(`la importación no se aplicó: ${result.fileError ?? JSON.stringify(result.errors.slice(0, 3))}`);
  return result;
}

const rate = (n: number, seconds: number) => `${Math.round(n / seconds).toLocaleString('en-US')}/s`;
const mb = (n: number) => `${Math.round(n)} MB`;

/** What one engine's import run gives (measured in a process of its own). */
export interface EngineImportFigures {
  engine: 'SQLite' | 'PostgreSQL';
  accounts: Omit<Measured<unknown>, 'value'>;
  invoices: Omit<Measured<unknown>, 'value'>;
  again: Omit<Measured<unknown>, 'value'>;
  /** the next periods' file (new numbers, same accounts) imported into the table the first file filled */
  monthly: Omit<Measured<unknown>, 'value'>;
  /** RSS of the process once the back office is open, before the first import */
  rssBeforeMb: number;
  /** the process's peak RSS (getrusage maxRSS) */
  maxRssMb: number;
  databaseMb: number | null;
}

interface ChildJob {
  accounts: number;
  invoices: number;
  accountsFile: string;
  invoicesFile: string;
  monthlyFile: string;
  dir: string;
  dbFile?: string;
  databaseUrl?: string;
}

/** In the child: opens the back office, imports accounts, invoices and the invoices again. */
async function importAll(job: ChildJob): Promise<EngineImportFigures> {
  const app: BackOffice = await openBackOffice(job.databaseUrl ? { databaseUrl: job.databaseUrl, dataDir: job.dir } : { dbFile: job.dbFile ?? path.join(job.dir, 'bench.sqlite') });
  const pgDatabase = job.databaseUrl ? new URL(job.databaseUrl).pathname.slice(1) : null;
  try {
    const setup = await dispatch(app, 'setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN }, { door: 'test' });
    if (!setup.ok) throw new Error(setup.error.message);
    const actor = { userId: null, name: 'bench', officeId: null };
    const rssBeforeMb = process.memoryUsage().rss / 1024 / 1024;
    const strip = <T>({ value: _value, ...rest }: Measured<T>) => rest;
    const a = await measured(async () => mustCommit(await importFile(app, actor, 'accounts', job.accountsFile, { commit: true })), pgDatabase);
    const i = await measured(async () => mustCommit(await importFile(app, actor, 'invoices', job.invoicesFile, { commit: true })), pgDatabase);
    const again = await measured(() => importFile(app, actor, 'invoices', job.invoicesFile, { commit: true }), pgDatabase);
    if (again.value.unchangedCount !== job.invoices || again.value.batchId !== null) throw new Error('la segunda importación cambió datos');
    // what a utility does every month: the next periods into a table that is no longer empty
    const monthly = await measured(async () => mustCommit(await importFile(app, actor, 'invoices', job.monthlyFile, { commit: true })), pgDatabase);
    if (monthly.value.newCount !== job.invoices) throw new Error('la importación del periodo siguiente no creó todas sus facturas');
    return {
      engine: pgDatabase ? 'PostgreSQL' : 'SQLite',
      accounts: strip(a),
      invoices: strip(i),
      again: strip(again),
      monthly: strip(monthly),
      rssBeforeMb,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      databaseMb: app.dbFile === null ? null : fs.statSync(app.dbFile).size / 1024 / 1024,
    };
  } finally {
    await closeBackOffice(app);
  }
}

/**
 * Runs one engine's imports in a fresh process (the same loader as this one), so that its peak
 * memory is the import's and the back office's, not the file generator's or the other engine's.
 */
async function importInChild(job: ChildJob): Promise<EngineImportFigures> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', JSON.stringify(job)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`la importación de la medida terminó con el código ${code}`);
  return JSON.parse(out.slice(out.lastIndexOf('\n{') + 1)) as EngineImportFigures;
}

const cpu = (m: Omit<Measured<unknown>, 'value'>) =>
  `CPU ${m.cpuSeconds.toFixed(1)} s${m.serverCpuSeconds === null ? '' : ` + servidor ${m.serverCpuSeconds.toFixed(1)} s`}`;

/** The rows of one engine's figures (the names the other benches and run.ts read). */
function figureRows(f: EngineImportFigures, sizes: { accounts: number; invoices: number }): BenchRow[] {
  const lines = sizes.invoices * LINES_PER_INVOICE;
  const { accounts: a, invoices: i, again, monthly } = f;
  return [
    { name: 'accounts import (commit)', value: `${a.seconds.toFixed(1)} s, ${rate(sizes.accounts, a.seconds)} rows, ${cpu(a)}` },
    { name: 'invoices import (commit)', value: `${i.seconds.toFixed(1)} s, ${cpu(i)}` },
    { name: 'invoices import: invoices/s', value: rate(sizes.invoices, i.seconds) },
    { name: 'invoices import: lines (rows)/s', value: rate(lines, i.seconds) },
    { name: 'invoices re-import (all unchanged)', value: `${again.seconds.toFixed(1)} s, ${rate(lines, again.seconds)} rows, ${cpu(again)}` },
    { name: 'all rows/s (accounts + invoice lines, first import)', value: rate(sizes.accounts + lines, a.seconds + i.seconds) },
    { name: 'monthly import (next periods, table not empty)', value: `${monthly.seconds.toFixed(1)} s, ${rate(lines, monthly.seconds)} rows, ${cpu(monthly)}` },
    { name: 'RSS before the imports', value: mb(f.rssBeforeMb) },
    { name: 'peak RSS (import)', value: mb(Math.max(a.peakRssMb, i.peakRssMb, again.peakRssMb, monthly.peakRssMb)) },
    { name: 'peak RSS (process, maxRSS)', value: mb(f.maxRssMb) },
    { name: 'database file', value: f.databaseMb === null ? 'PostgreSQL' : mb(f.databaseMb) },
  ];
}

async function writeFiles(dir: string, accounts: number, invoices: number): Promise<{ accountsFile: string; invoicesFile: string; monthlyFile: string; rows: BenchRow[] }> {
  fs.mkdirSync(dir, { recursive: true });
  const accountsFile = path.join(dir, 'cuentas.csv');
  const invoicesFile = path.join(dir, 'facturas.csv');
  const monthlyFile = path.join(dir, 'facturas-siguientes.csv');
  await writeAccountsFile(accountsFile, accounts);
  await writeInvoicesFile(invoicesFile, invoices, accounts);
  await writeInvoicesFile(monthlyFile, invoices, accounts, invoices);
  const sizeMb = (f: string) => fs.statSync(f).size / 1024 / 1024;
  const lines = invoices * LINES_PER_INVOICE;
  return {
    accountsFile,
    invoicesFile,
    monthlyFile,
    rows: [
      { name: 'accounts file', value: `${accounts.toLocaleString('en-US')} rows, ${mb(sizeMb(accountsFile))}` },
      { name: 'invoices file', value: `${invoices.toLocaleString('en-US')} invoices, ${lines.toLocaleString('en-US')} lines, ${mb(sizeMb(invoicesFile))}` },
    ],
  };
}

/** One engine: SQLite in `dir/bench.sqlite` (kept for the benches that follow), or an EMPTY PostgreSQL database. */
export async function runImportBench(options: {
  accounts: number;
  invoices: number;
  dir: string;
  /** an EMPTY PostgreSQL database to run on instead of a SQLite file */
  databaseUrl?: string;
}): Promise<BenchRow[]> {
  const { accounts, invoices, dir, databaseUrl } = options;
  const files = await writeFiles(dir, accounts, invoices);
  const figures = await importInChild({ accounts, invoices, accountsFile: files.accountsFile, invoicesFile: files.invoicesFile, monthlyFile: files.monthlyFile, dir, databaseUrl });
  return [...files.rows, ...figureRows(figures, options)];
}

/**
 * Both engines on the same files, side by side (at the same time): SQLite in a file of `dir`, PostgreSQL in a new
 * database of `pgServer` (dropped afterwards). Targets (issue 20): PostgreSQL's rows/s at least
 * SQLite's, peak RSS under 400 MB on both.
 */
export async function runImportComparison(options: { accounts: number; invoices: number; dir: string; pgServer: string }): Promise<BenchRow[]> {
  const { accounts, invoices, dir } = options;
  const files = await writeFiles(dir, accounts, invoices);
  const job = { accounts, invoices, accountsFile: files.accountsFile, invoicesFile: files.invoicesFile, monthlyFile: files.monthlyFile };
  const loadBefore = os.loadavg()[0];
  // at the same time, so that both engines share the machine's load (one after the other, the
  // load of the moment decided more than the engine); each engine still has a process of its own
  const loads: number[] = [];
  const sampleLoad = setInterval(() => loads.push(os.loadavg()[0]), 10_000);
  const [sqlite, pgFigures] = await Promise.all([
    importInChild({ ...job, dir, dbFile: path.join(dir, 'comparison.sqlite') }).finally(() => fs.rmSync(path.join(dir, 'comparison.sqlite'), { force: true })),
    onFreshPgDatabase(
      options.pgServer,
      (databaseUrl) => importInChild({ ...job, dir: path.join(dir, 'pg'), databaseUrl }),
      `${process.env.VENTANILLA_BENCH_PG_DATABASE ?? 'ventanilla_import_bench'}_${process.pid}`,
    ),
  ]).finally(() => clearInterval(sampleLoad));
  const loadBetween = loads.length === 0 ? loadBefore : loads.reduce((a, b) => a + b, 0) / loads.length;
  const loadAfter = os.loadavg()[0];
  const left = figureRows(sqlite, options);
  const right = figureRows(pgFigures, options);
  const size = `${accounts.toLocaleString('en-US')} cuentas, ${invoices.toLocaleString('en-US')} facturas`;
  return [
    ...files.rows,
    { name: `importación (${size})`, value: 'SQLite | PostgreSQL (COPY)' },
    ...left.map((row, k) => ({ name: `  ${row.name}`, value: `${row.value} | ${right[k].value}` })),
    { name: '  carga (uptime, 1 min) antes / media durante / después', value: [loadBefore, loadBetween, loadAfter].map((l) => l.toFixed(1)).join(' / ') },
  ];
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) {
  importAll(JSON.parse(process.argv[childAt + 1]) as ChildJob)
    .then((figures) => process.stdout.write(`\n${JSON.stringify(figures)}\n`))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
} else if (isMain(import.meta.url)) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-import-bench-'));
  const pgAt = process.argv.indexOf('--pg');
  const pgServerAt = process.argv.indexOf('--pg-server');
  const { accounts, invoices } = benchScale();
  console.error(`carga al empezar (uptime): ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const bench =
    pgServerAt >= 0
      ? runImportComparison({ accounts, invoices, dir, pgServer: process.argv[pgServerAt + 1] })
      : runImportBench({ accounts, invoices, dir, databaseUrl: pgAt >= 0 ? process.argv[pgAt + 1] : undefined });
  bench
    .then((rows) => {
      printTable(rows);
      console.error(`carga al terminar (uptime): ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}
