/**
 * Indicators at size (issue 19): the import bench's accounts and invoices (200,000 / 1,200,000: six
 * months of 2025), a quarter of those invoices paid at the counter (set-based payments with their
 * allocations), 500,000 PQRs of 2025 (the PQR bench's set-based insert), then through the dispatcher as
 * the administrator (the whole company): the indicators of a month, of 12 months, one indicator's
 * 12-month trend, and the yearly informe de gestión (the year's summary, the 12-month series and the PDF).
 * Targets: a month < 1 s, 12 months < 3 s, the yearly report PDF < 5 s.
 *   npx tsx tests/bench/indicators-bench.ts [--accounts 200000 --invoices 1200000 --pqrs 500000]
 * From tests/bench/run.ts: rows.push(...(await runIndicatorsBenchOnOwnDatabase(200_000, 1_200_000, 500_000)))
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackOffice } from '../../electron/core/context';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { dispatch } from '../../electron/core/dispatch';
import type { HandlerName, Input, Output } from '../../shared/contract';
import { ADMIN } from '../helpers/backoffice';
import { runImportBench } from './import-bench';
import { insertPqrs } from './pqr-bench';
import type { BenchRow } from './search-bench';
import { numberOption, runWhenMain } from './standalone';

/** every 4th invoice paid in full at the counter on its due date, with its allocation (SQLite, set-based) */
async function insertPayments(app: BackOffice, officeId: number): Promise<number> {
  await app.db.transaction(async (trx) => {
    await trx.raw(`INSERT INTO payments (office_id, account_id, receipt_number, idempotency_key, source, business_date, posted_at, amount, balance_after, status, verification_code)
      SELECT ${officeId}, i.account_id, i.id, 'bench-' || i.id, 'caja', i.due_date, i.due_date || 'T15:00:00.000Z', i.total, 0, 'vigente', 'B'
      FROM invoices i WHERE i.id % 4 = 0`);
    await trx.raw(`INSERT INTO payment_allocations (payment_id, invoice_id, amount, live)
      SELECT p.id, CAST(substr(p.idempotency_key, 7) AS INTEGER), p.amount, 1 FROM payments p WHERE p.idempotency_key LIKE 'bench-%'`);
    await trx.raw(`UPDATE invoices SET balance = 0 WHERE id % 4 = 0`);
  });
  await app.db.raw('ANALYZE');
  return Number((await app.db('payments').count({ n: '*' }))[0].n);
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, cpuMs: (used.user + used.system) / 1000, value };
}

export async function runIndicatorsBench(app: BackOffice, token: string): Promise<BenchRow[]> {
  const call = async <N extends HandlerName>(name: N, args: Input<N>): Promise<Output<N>> => {
    const r = await dispatch(app, name, args, { door: 'test', token });
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.data;
  };
  const rows: BenchRow[] = [];
  const median = async (label: string, target: number, work: () => Promise<unknown>, runs = 3) => {
    const times: { ms: number; cpuMs: number }[] = [];
    for (let i = 0; i < runs; i++) times.push(await timed(work));
    times.sort((a, b) => a.ms - b.ms);
    const { ms, cpuMs } = times[Math.floor(times.length / 2)];
    const load = os.loadavg()[0].toFixed(2);
    rows.push({
      name: `Indicadores: ${label} (mediana de ${runs})`,
      value: `${ms.toFixed(0)} ms, CPU del proceso ${cpuMs.toFixed(0)} ms, carga ${load} (meta < ${target.toLocaleString('es-CO')} ms) ${ms < target ? 'OK' : 'FUERA DE META'}`,
    });
  };
  await median('un mes, toda la empresa', 1000, () => call('indicators.summary', { from: '2025-06', to: '2025-06' }));
  await median('12 meses, toda la empresa', 3000, () => call('indicators.summary', { from: '2025-01', to: '2025-12' }));
  await median('tendencia de 12 meses de la cartera', 3000, () => call('indicators.trend', { key: 'cartera.overdue', month: '2025-12' }));
  await median('informe anual PDF (el resumen del año, la serie de 12 meses y el PDF)', 5000, () => call('indicators.issueReport', { kind: 'anio', period: '2025' }), 1);
  return rows;
}

export async function runIndicatorsBenchOnOwnDatabase(accounts: number, invoices: number, pqrs: number): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-indicators-bench-'));
  try {
    const rows: BenchRow[] = [];
    const imported = await timed(() => runImportBench({ accounts, invoices, dir }));
    const app = await openBackOffice({ dbFile: path.join(dir, 'bench.sqlite') });
    try {
      const officeId = Number((await app.db('offices').orderBy('id').first('id')).id);
      const adminId = Number((await app.db('users').where({ username: ADMIN.username }).first('id')).id);
      const seeded = await timed(async () => {
        const payments = await insertPayments(app, officeId);
        await insertPqrs(app, pqrs, officeId, [adminId]);
        return payments;
      });
      rows.push({
        name: 'Indicadores: base',
        value: `${accounts.toLocaleString('es-CO')} cuentas, ${invoices.toLocaleString('es-CO')} facturas (${(imported.ms / 1000).toFixed(0)} s), ${seeded.value.toLocaleString('es-CO')} pagos y ${pqrs.toLocaleString('es-CO')} PQR (${(seeded.ms / 1000).toFixed(0)} s)`,
      });
      const login = await dispatch(app, 'auth.login', { username: ADMIN.username, password: ADMIN.password }, { door: 'test' });
      if (!login.ok) throw new Error(login.error.message);
      rows.push(...(await runIndicatorsBench(app, login.data.token)));
    } finally {
      await closeBackOffice(app);
    }
    return rows;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runWhenMain(import.meta.url, () => runIndicatorsBenchOnOwnDatabase(numberOption('accounts', 200_000), numberOption('invoices', 1_200_000), numberOption('pqrs', 500_000)));
