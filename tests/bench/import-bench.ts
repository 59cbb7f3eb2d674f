/**
 * Benchmark of the billing-system imports: generates an accounts file and an invoices file
 * (4 charge lines per invoice) with streaming writes, imports both through `importFile` with
 * commit, then imports the invoices again (everything unchanged), and reports wall time, rows/s
 * and peak memory (RSS).
 *
 *   npx tsx tests/bench/import-bench.ts --accounts 200000 --invoices 1200000
 *   npx tsx tests/bench/import-bench.ts --accounts 20000 --invoices 50000 --pg postgres://…/empty_database
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { dispatch } from '../../electron/core/dispatch';
import { importFile } from '../../electron/core/modules/imports/service';
import type { BackOffice } from '../../electron/core/context';
import type { ImportResult } from '../../shared/contract';
import { ADMIN, COMPANY, OFFICE } from '../helpers/backoffice';

const LINES_PER_INVOICE = 4;
const FIRST_NAMES = ['MARÍA', 'JOSÉ', 'LUIS', 'ANA', 'CARLOS', 'LUZ', 'JORGE', 'SANDRA', 'ÁLVARO', 'NUBIA', 'HERNÁN', 'YOLANDA'];
const SURNAMES = ['GÓMEZ', 'RODRÍGUEZ', 'LÓPEZ', 'MARTÍNEZ', 'PEÑA', 'CASTAÑEDA', 'SUÁREZ', 'PARDO', 'MUÑOZ', 'ROJAS', 'DÍAZ', 'QUIÑONES'];

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

export async function writeInvoicesFile(file: string, invoices: number, accounts: number): Promise<void> {
  await writeLines(
    file,
    'numero_factura;cuenta;periodo;fecha_expedicion;fecha_vencimiento;fecha_suspension;lectura_anterior;lectura_actual;consumo_m3;referencia_pago;concepto;cantidad;valor_unitario;valor;total_factura',
    invoices * LINES_PER_INVOICE,
    (n) => {
      const i = Math.floor(n / LINES_PER_INVOICE);
      const lineNo = n % LINES_PER_INVOICE;
      const account = i % accounts;
      const month = Math.floor(i / accounts) % 12;
      const year = 2025 + Math.floor(i / accounts / 12);
      const mm = String(month + 1).padStart(2, '0');
      const m3 = 8 + (account % 25);
      const lines: [string, string, number][] = [
        ['CARGO FIJO ACUEDUCTO', '1', 9800],
        ['CONSUMO BÁSICO ACUEDUCTO', String(m3), 2600],
        ['ALCANTARILLADO', String(m3), 2100],
        ['ASEO', '1', 18500],
      ];
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

/** Samples RSS while `work` runs; returns its result, wall seconds and the peak RSS in MB. */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, seconds: (performance.now() - started) / 1000, peakRssMb: peak / 1024 / 1024 };
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

export async function runImportBench(options: {
  accounts: number;
  invoices: number;
  dir: string;
  /** an EMPTY PostgreSQL database to run on instead of a SQLite file */
  databaseUrl?: string;
}): Promise<{ name: string; value: string }[]> {
  const { accounts, invoices, dir } = options;
  fs.mkdirSync(dir, { recursive: true });
  const accountsFile = path.join(dir, 'cuentas.csv');
  const invoicesFile = path.join(dir, 'facturas.csv');
  const lines = invoices * LINES_PER_INVOICE;
  await writeAccountsFile(accountsFile, accounts);
  await writeInvoicesFile(invoicesFile, invoices, accounts);

  const app: BackOffice = await openBackOffice(
    options.databaseUrl ? { databaseUrl: options.databaseUrl, dataDir: dir } : { dbFile: path.join(dir, 'bench.sqlite') },
  );
  try {
    const setup = await dispatch(app, 'setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN }, { door: 'test' });
    if (!setup.ok) throw new Error(setup.error.message);
    const actor = { userId: null, name: 'bench', officeId: null };
    const rssBefore = process.memoryUsage().rss / 1024 / 1024;
    const a = await measured(async () => mustCommit(await importFile(app, actor, 'accounts', accountsFile, { commit: true })));
    const i = await measured(async () => mustCommit(await importFile(app, actor, 'invoices', invoicesFile, { commit: true })));
    const again = await measured(() => importFile(app, actor, 'invoices', invoicesFile, { commit: true }));
    if (again.value.unchangedCount !== invoices || again.value.batchId !== null) throw new Error('la segunda importación cambió datos');
    const sizeMb = (f: string) => fs.statSync(f).size / 1024 / 1024;
    return [
      { name: 'accounts file', value: `${accounts.toLocaleString('en-US')} rows, ${mb(sizeMb(accountsFile))}` },
      { name: 'accounts import (commit)', value: `${a.seconds.toFixed(1)} s, ${rate(accounts, a.seconds)} rows` },
      { name: 'invoices file', value: `${invoices.toLocaleString('en-US')} invoices, ${lines.toLocaleString('en-US')} lines, ${mb(sizeMb(invoicesFile))}` },
      { name: 'invoices import (commit)', value: `${i.seconds.toFixed(1)} s` },
      { name: 'invoices import: invoices/s', value: rate(invoices, i.seconds) },
      { name: 'invoices import: lines (rows)/s', value: rate(lines, i.seconds) },
      { name: 'invoices re-import (all unchanged)', value: `${again.seconds.toFixed(1)} s, ${rate(lines, again.seconds)} rows` },
      { name: 'all rows/s (accounts + invoice lines, first import)', value: rate(accounts + lines, a.seconds + i.seconds) },
      { name: 'RSS before the imports', value: mb(rssBefore) },
      { name: 'peak RSS (import)', value: mb(Math.max(a.peakRssMb, i.peakRssMb, again.peakRssMb)) },
      { name: 'peak RSS (process, maxRSS)', value: mb(process.resourceUsage().maxRSS / 1024) },
      { name: 'database file', value: app.dbFile === null ? 'PostgreSQL' : mb(sizeMb(app.dbFile)) },
    ];
  } finally {
    await closeBackOffice(app);
  }
}

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-import-bench-'));
  const pg = process.argv.indexOf('--pg');
  const databaseUrl = pg >= 0 ? process.argv[pg + 1] : undefined;
  runImportBench({ accounts: argument('accounts', 200_000), invoices: argument('invoices', 1_200_000), dir, databaseUrl })
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
