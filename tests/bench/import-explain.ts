/**
 * The plans of the invoices import's classification and writing on PostgreSQL (`EXPLAIN (ANALYZE,
 * BUFFERS)`), for the first import (all new) and the re-import of the same file (all unchanged), on
 * a new database of the server (dropped afterwards), and for the next periods' file (the monthly
 * import: new numbers into a table that is no longer empty). The file is staged as the import stages it
 * (the staging's time and the server backend's CPU are printed); the classification and the
 * writing run once to record their statements, then each write statement is run again under
 * EXPLAIN ANALYZE in a transaction that is rolled back, with the backend's CPU time (/proc, the
 * server on this machine) next to it. See README.md, "Imports".
 *
 *   npx tsx tests/bench/import-explain.ts --pg-server postgres://postgres@127.0.0.1:55432/postgres --accounts 10000 --invoices 40000
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import type { BackOffice } from '../../electron/core/context';
import { dispatch } from '../../electron/core/dispatch';
import { accountsImport } from '../../electron/core/modules/imports/accounts-import';
import { readCsvFile } from '../../electron/core/modules/imports/csv-reader';
import { ErrorLog, mapHeader } from '../../electron/core/modules/imports/fields';
import { invoicesImport } from '../../electron/core/modules/imports/invoices-import';
import type { RowSink } from '../../electron/core/modules/imports/kind';
import { importFile } from '../../electron/core/modules/imports/service';
import { analyzeStaging, openImportConnection, selectRows } from '../../electron/core/modules/imports/staging';
import { ADMIN, COMPANY, OFFICE } from '../helpers/backoffice';
import { writeAccountsFile, writeInvoicesFile } from './import-bench';
import { onFreshPgDatabase } from './scale';
import { isMain, numberOption } from './standalone';

const ROLLBACK = new Error('rollback');

/** CPU seconds (user + system) of one server process, from /proc (the server runs on this machine). */
function backendCpu(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Stages `file`, records the classification's statements, and prints the plans of its writes; returns their execution time (ms). */
async function explainClassification(app: BackOffice, file: string, label: string): Promise<number> {
  const conn = await openImportConnection(app);
  try {
    await invoicesImport.createStagingTables(conn.db);
    const [{ pid }] = await selectRows<{ pid: number }>(conn.db, 'SELECT pg_backend_pid() AS pid');
    const stagingStarted = { wall: performance.now(), server: backendCpu(pid), client: process.cpuUsage() };
    const raw = await conn.acquireRaw();
    const log = new ErrorLog();
    let sink: RowSink | null = null;
    await readCsvFile(file, {
      record(record) {
        if (sink) return sink.add(record);
        const mapped = mapHeader(record, 'invoices', invoicesImport.columns, accountsImport);
        if ('errors' in mapped) throw new Error(mapped.message);
        sink = invoicesImport.createSink({ conn: raw, log, map: mapped.map, currency: 'COP' });
      },
      async chunkDone() {
        await sink?.pump();
      },
    });
    const staged = sink as RowSink | null;
    await staged?.finish();
    await staged?.close();
    await conn.releaseRaw(raw);
    const clientCpu = process.cpuUsage(stagingStarted.client);
    console.log(
      `\n===== ${label}: staging (parse + COPY) ${((performance.now() - stagingStarted.wall) / 1000).toFixed(1)} s, ` +
        `CPU client ${((clientCpu.user + clientCpu.system) / 1e6).toFixed(1)} s + server ${(backendCpu(pid) - stagingStarted.server).toFixed(1)} s`,
    );
    await analyzeStaging(conn.db);
    await invoicesImport.checkFile(conn.db, log);
    const statements: { sql: string; bindings: Knex.Value[] }[] = [];
    // knex reports pg's positional $n; replayed through knex.raw, which takes ?
    const record = (q: { sql: string; bindings?: Knex.Value[] }) => statements.push({ sql: q.sql.replace(/\$\d+/g, '?'), bindings: q.bindings ?? [] });
    conn.db.on('query', record);
    await conn.db
      .transaction(async (trx) => {
        const counts = await invoicesImport.classify(trx, log, 'COP');
        if (counts.newCount + counts.changedCount > 0) await invoicesImport.apply(trx, '2026-12-05 00:00:00');
        throw ROLLBACK;
      })
      .catch((e: unknown) => {
        if (e !== ROLLBACK) throw e;
      });
    conn.db.removeListener('query', record);
    let total = 0;
    let totalCpu = 0;
    console.log(`\n===== ${label}`);
    await conn.db
      .transaction(async (trx) => {
        for (const s of statements) {
          if (/^\s*(BEGIN|COMMIT|ROLLBACK)/i.test(s.sql)) continue;
          const cpuBefore = backendCpu(pid);
          if (/^\s*(ALTER|DROP|CREATE)/i.test(s.sql)) {
            // DDL cannot be EXPLAINed: its time and CPU only (ADD CONSTRAINT validates every row)
            const started = performance.now();
            await trx.raw(s.sql, s.bindings);
            const cpu = backendCpu(pid) - cpuBefore;
            total += performance.now() - started;
            totalCpu += cpu;
            console.log(`--- ${s.sql.replace(/\s+/g, ' ').slice(0, 160)}  [server CPU ${cpu.toFixed(2)} s, ${(performance.now() - started).toFixed(0)} ms]`);
            continue;
          }
          if (!/^\s*(UPDATE|INSERT|DELETE|WITH)/i.test(s.sql)) {
            await trx.raw(s.sql, s.bindings);
            continue;
          }
          const plan = (await selectRows<{ 'QUERY PLAN': string }>(trx, `EXPLAIN (ANALYZE, BUFFERS, WAL) ${s.sql}`, s.bindings))
            .map((r) => r['QUERY PLAN'])
            .join('\n');
          const cpu = backendCpu(pid) - cpuBefore;
          total += Number(/Execution Time: ([\d.]+)/.exec(plan)?.[1] ?? 0);
          totalCpu += cpu;
          console.log(`--- ${s.sql.replace(/\s+/g, ' ').slice(0, 160)}…  [server CPU ${cpu.toFixed(2)} s]\n${plan}`);
        }
        throw ROLLBACK;
      })
      .catch((e: unknown) => {
        if (e !== ROLLBACK) throw e;
      });
    console.log(`===== ${label}: the write statements, execution ${total.toFixed(0)} ms, server CPU ${totalCpu.toFixed(1)} s (load ${os.loadavg()[0].toFixed(1)})`);
    return total;
  } finally {
    await conn.close();
  }
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--pg-server');
  if (at < 0) throw new Error('--pg-server postgres://… (un servidor PostgreSQL) es obligatorio');
  const accounts = numberOption('accounts', 10_000);
  const invoices = numberOption('invoices', 40_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-import-explain-'));
  const accountsFile = path.join(dir, 'cuentas.csv');
  const invoicesFile = path.join(dir, 'facturas.csv');
  const monthlyFile = path.join(dir, 'facturas-siguientes.csv');
  console.log(`carga (uptime): ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  try {
    await writeAccountsFile(accountsFile, accounts);
    await writeInvoicesFile(invoicesFile, invoices, accounts);
    await writeInvoicesFile(monthlyFile, invoices, accounts, invoices);
    await onFreshPgDatabase(
      process.argv[at + 1],
      async (databaseUrl) => {
        const app = await openBackOffice({ databaseUrl, dataDir: dir });
        try {
          const setup = await dispatch(app, 'setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN }, { door: 'test' });
          if (!setup.ok) throw new Error(setup.error.message);
          const actor = { userId: null, name: 'bench', officeId: null };
          if (!(await importFile(app, actor, 'accounts', accountsFile, { commit: true })).committed) throw new Error('las cuentas no se importaron');
          await explainClassification(app, invoicesFile, 'first import (all new)');
          if (!(await importFile(app, actor, 'invoices', invoicesFile, { commit: true })).committed) throw new Error('las facturas no se importaron');
          await app.db.raw('ANALYZE invoices');
          await app.db.raw('ANALYZE invoice_lines');
          await explainClassification(app, invoicesFile, 're-import (all unchanged)');
          await explainClassification(app, monthlyFile, 'monthly import (next periods, table not empty)');
        } finally {
          await closeBackOffice(app);
        }
      },
      `${process.env.VENTANILLA_BENCH_PG_DATABASE ?? 'ventanilla_import_explain'}_${process.pid}`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    console.log(`carga (uptime): ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  }
}

if (isMain(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
