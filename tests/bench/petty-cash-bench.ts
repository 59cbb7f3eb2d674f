/**
 * Petty cash at the size of a busy year: records N expenses through the dispatcher (each with its
 * support and its voucher PDF, what the custodian waits for after Enter), measures the fund status
 * (the screen's at-a-glance) with N vouchers in the fund, and the reimbursement report of all of
 * them with their supports appended (half PNG photos, half one-page PDF scans).
 *   npx tsx tests/bench/petty-cash-bench.ts [--expenses 500]
 * From tests/bench/run.ts: rows.push(...(await runPettyCashBench(500)))
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dispatch } from '../../electron/core/dispatch';
import type { HandlerName, Input } from '../../shared/contract';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { businessToday } from '../../electron/core/modules/accounts/service';
import { ADMIN, COMPANY, OFFICE } from '../helpers/backoffice';
import { pdfSupport, pngSupport } from '../helpers/pettyCash';
import type { BenchRow } from './search-bench';
import { numberOption, runWhenMain } from './standalone';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

export async function runPettyCashBench(expenses: number): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-petty-cash-bench-'));
  const app = await openBackOffice({ dbFile: path.join(dir, 'bench.sqlite') });
  try {
    const call = async <N extends HandlerName>(name: N, args: Input<N>, token: string | null = null) => {
      const r = await dispatch(app, name, args, { door: 'test', token });
      if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
      return r.data;
    };
    const { officeId } = await call('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN });
    const admin = (await call('auth.login', { username: ADMIN.username, password: ADMIN.password })).token;
    const custodian = await call('users.create', { fullName: 'Custodio', username: 'custodio', officeId, role: 'auxiliar', password: 'clave-temporal' }, admin);
    const token = (await call('auth.login', { username: 'custodio', password: 'clave-temporal' })).token;
    await call('auth.changePassword', { currentPassword: 'clave-temporal', newPassword: 'clave-de-prueba' }, token); // first login
    const today = await businessToday(app.db);
    const status = await call(
      'pettyCash.openFund',
      {
        officeId,
        year: Number(today.slice(0, 4)),
        resolutionNumber: '001',
        resolutionDate: today,
        amount: 900_000_000,
        custodianId: custodian.id,
        maxPerExpense: 500_000,
        budgetLines: [
          { code: '01', name: 'Papelería', limit: 300_000_000 },
          { code: '02', name: 'Aseo', limit: 300_000_000 },
          { code: '03', name: 'Transporte', limit: 300_000_000 },
        ],
        forbiddenConcepts: ['préstamo', 'nómina'],
      },
      admin,
    );
    const fundId = status.fund.id;
    const lines = status.budgetLines.map((l) => l.id);
    const png = pngSupport();
    const pdf = await pdfSupport(1);
    const times: number[] = [];
    const started = Date.now();
    for (let i = 0; i < expenses; i++) {
      const t0 = performance.now();
      await call(
        'pettyCash.recordExpense',
        {
          fundId,
          date: today,
          payee: { idType: 'CC', idNumber: String(10_000_000 + i), name: `Proveedor ${i}` },
          concept: `Compra ${i}`,
          budgetLineId: lines[i % 3],
          amount: 10_000 + (i % 50) * 1_000,
          support: i % 2 === 0 ? png : { ...pdf, fileName: `factura-${i}.pdf`, dataBase64: pdf.dataBase64 },
        },
        token,
      );
      times.push(performance.now() - t0);
    }
    const totalSeconds = (Date.now() - started) / 1000;
    times.sort((a, b) => a - b);
    const statusTimes: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      await call('pettyCash.status', {}, token);
      statusTimes.push(performance.now() - t0);
    }
    statusTimes.sort((a, b) => a - b);
    const ids = (await call('pettyCash.expenses', { fundId }, token)).map((e) => e.id);
    // a usual month: 60 vouchers; asked, then rejected whole so that all of them can be asked next
    const coordinator = await call('users.create', { fullName: 'Coordinadora', username: 'coord', officeId, role: 'coordinador', password: 'clave-temporal' }, admin);
    const coordinatorToken = (await call('auth.login', { username: coordinator.username, password: 'clave-temporal' })).token;
    await call('auth.changePassword', { currentPassword: 'clave-temporal', newPassword: 'clave-de-prueba' }, coordinatorToken); // first login
    const month = Math.min(60, expenses);
    let t0 = performance.now();
    const first = await call('pettyCash.requestReimbursement', { fundId, expenseIds: ids.slice(0, month) }, token);
    const monthMs = performance.now() - t0;
    await call('pettyCash.decideReimbursement', { reimbursementId: first.reimbursement.id, approve: false, note: 'Prueba de rendimiento' }, coordinatorToken);
    t0 = performance.now();
    const { report } = await call('pettyCash.requestReimbursement', { fundId, expenseIds: ids }, token);
    const reportMs = performance.now() - t0;
    const reportBytes = Buffer.from(report.base64, 'base64').length;
    return [
      { name: `Caja menor: ${expenses} gastos con soporte y comprobante PDF`, value: `${(expenses / totalSeconds).toFixed(0)} gastos/s` },
      { name: 'Caja menor: registrar un gasto (p50 / p99)', value: `${ms(percentile(times, 50))} / ${ms(percentile(times, 99))}` },
      { name: `Caja menor: estado con ${expenses} comprobantes (p50 / p99)`, value: `${ms(percentile(statusTimes, 50))} / ${ms(percentile(statusTimes, 99))}` },
      { name: `Caja menor: reembolso de ${month} comprobantes con soportes anexos`, value: `${(monthMs / 1000).toFixed(2)} s` },
      { name: `Caja menor: reembolso de ${expenses} comprobantes con soportes anexos`, value: `${(reportMs / 1000).toFixed(2)} s, ${(reportBytes / 1024 / 1024).toFixed(1)} MB` },
    ];
  } finally {
    await closeBackOffice(app);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runWhenMain(import.meta.url, () => runPettyCashBench(numberOption('expenses', 500)));
