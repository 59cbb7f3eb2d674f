/**
 * `npm run bench`: the foundation's performance figures, printed as one table.
 *   --accounts N --invoices N   sizes of the import (default 200,000 and 1,200,000)
 *   --load-seconds N            length of the load test (default 30)
 * 1. import of accounts and invoices (rows/s, peak memory), 2. account search at that size
 *    (p50/p99), 3. a payment posted at the counter on that database (p50/p99, payments/s),
 *    3b. the login's answer time for an unknown, a locked and a wrong username (alike) and 50 guesses in flight,
 *    then collections on it (portfolio by age, a campaign over it all, the queue, the commitment monitor),
 *    4. an Asobancaria file of 100,000 records (time, peak memory), 5. app start to the login
 *    screen through the web door, 6. the web door under 50 concurrent clients posting payments and
 *    searching accounts, on SQLite and (when VENTANILLA_PG_SERVER names a server) on PostgreSQL;
 *    then the modules on databases of their own: PQR tray and search at 500,000 (words through
 *    FTS5), the SUI Formato A of a 20,000-row month, petty cash, notices, printing into CUPS, and
 *    the invoice batch (10,000 invoices, pages/s and memory, against Chromium's print-to-PDF), and
 *    the audit check (chain, anchors and reconciliation on 100,000 invoices and 100,000 audit rows).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { dispatch } from '../../electron/core/dispatch';
import { ADMIN } from '../helpers/backoffice';
import { runImportBench } from './import-bench';
import { runSearchBench, type BenchRow } from './search-bench';
import { runPaymentBench } from './payment-bench';
import { printTable } from './standalone';
import { onFreshPgDatabase } from './pgDatabase';

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-bench-'));
  const rows: BenchRow[] = [];
  try {
    const accounts = argument('accounts', 200_000);
    const invoices = argument('invoices', 1_200_000);
    console.error(`Importando ${accounts} cuentas y ${invoices} facturas…`);
    rows.push(...(await runImportBench({ accounts, invoices, dir })));

    const dbFile = path.join(dir, 'bench.sqlite');
    const app = await openBackOffice({ dbFile });
    try {
      const login = await dispatch(app, 'auth.login', { username: ADMIN.username, password: ADMIN.password }, { door: 'test' });
      if (!login.ok) throw new Error(login.error.message);
      console.error('Midiendo la búsqueda de cuentas…');
      rows.push(...(await runSearchBench(app, login.data.token)));
      console.error('Midiendo el pago en caja…');
      rows.push(...(await runPaymentBench(app, login.data.token)));
      console.error('Midiendo la cobranza (cartera, campaña, cola, monitor de 50.000 compromisos)…');
      const { runCollectionsBench } = await import('./collections-bench');
      rows.push(...(await runCollectionsBench(app, login.data.token)));
    } finally {
      await closeBackOffice(app);
    }

    console.error('Midiendo el ingreso (desconocido, bloqueado, equivocada, correcta)…');
    const { runAuthBench } = await import('./auth-bench');
    rows.push(...(await runAuthBench(40)));

    console.error('Midiendo el archivo de banco de 100.000 registros…');
    const { runBankFileBench } = await import('./bankfile-bench');
    rows.push(...(await runBankFileBench({ accounts: 100_000, records: 100_000, dir: path.join(dir, 'bank') })));

    console.error('Midiendo el intercambio con el sistema comercial (100.000 pagos del día)…');
    const { runExchangeBench } = await import('./exchange-bench');
    rows.push(...(await runExchangeBench({ payments: 100_000, dir: path.join(dir, 'exchange') })));

    console.error('Midiendo la revisión de la auditoría (cadena, anclas y conciliación)…');
    const { runAuditBench } = await import('./audit-bench');
    rows.push(...(await runAuditBench({ accounts: 50_000, records: 50_000, payments: 500, auditRows: 100_000, dir: path.join(dir, 'audit') })));

    console.error('Midiendo las PQR (500.000 radicadas: bandeja, búsquedas, palabras)…');
    const { runPqrBenchOnOwnDatabase } = await import('./pqr-bench');
    rows.push(...(await runPqrBenchOnOwnDatabase(500_000)));
    console.error('Midiendo el Formato A del SUI (un mes de 20.000 filas)…');
    const { runSuiBenchOnOwnDatabase } = await import('./sui-bench');
    rows.push(...(await runSuiBenchOnOwnDatabase(20_000, 200_000)));
    console.error('Midiendo la caja menor…');
    const { runPettyCashBench } = await import('./petty-cash-bench');
    rows.push(...(await runPettyCashBench(500)));
    console.error('Midiendo los avisos y cartas de cobro…');
    const { runNoticesBenchOnDemo } = await import('./notices-bench');
    rows.push(...(await runNoticesBenchOnDemo(5000)));
    console.error('Midiendo las órdenes de trabajo (10.000 avisos vencidos, tablero de 100.000, pago con reconexión)…');
    const { runWorkOrdersBench } = await import('./workorders-bench');
    rows.push(...(await runWorkOrdersBench({ notices: 10_000, orders: 100_000, payments: 300 })));
    console.error('Midiendo los indicadores (200.000 cuentas, 1.200.000 facturas, 500.000 PQR)…');
    const { runIndicatorsBenchOnOwnDatabase } = await import('./indicators-bench');
    rows.push(...(await runIndicatorsBenchOnOwnDatabase(200_000, 1_200_000, 500_000)));
    console.error('Midiendo la impresión por la cola del sistema…');
    const { runPrintingBench } = await import('./printing-bench');
    rows.push(...(await runPrintingBench({ jobs: 40 })));

    console.error('Midiendo el lote de 10.000 facturas y Chromium…');
    const { runInvoiceBench } = await import('./invoice-bench');
    rows.push(...(await runInvoiceBench({ invoices: 10_000, chromium: 200 })));

    execFileSync('npm', ['run', 'web:build'], { stdio: ['ignore', 'ignore', 'inherit'] });
    console.error('Midiendo el arranque…');
    // loaded only now: Playwright's own memory must not count in the import's peak
    const { runStartupBench } = await import('./startup-bench');
    rows.push(...(await runStartupBench(dbFile)));
    console.error('Midiendo la puerta web bajo carga…');
    const { runLoadBench } = await import('./load-bench');
    rows.push(...(await runLoadBench({ dbFile }, { clients: 50, seconds: argument('load-seconds', 30) })));
    const pgServer = process.env.VENTANILLA_PG_SERVER;
    if (pgServer) {
      console.error('Midiendo la puerta web bajo carga en PostgreSQL…');
      rows.push(...(await onFreshPgDatabase(pgServer, async (databaseUrl) => {
        const pgDir = path.join(dir, 'pg');
        const imported = await runImportBench({ accounts: 20_000, invoices: 120_000, dir: pgDir, databaseUrl });
        const importRate = imported.find((r) => r.name === 'all rows/s (accounts + invoice lines, first import)');
        return [
          { name: 'PostgreSQL: import (20,000 accounts, 120,000 invoices)', value: importRate?.value ?? '' },
          ...(await runLoadBench({ databaseUrl, dataDir: pgDir }, { clients: 50, seconds: argument('load-seconds', 30) })),
        ];
      })));
    } else {
      rows.push({ name: 'puerta web PostgreSQL', value: 'omitida: sin VENTANILLA_PG_SERVER' });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  printTable(rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
