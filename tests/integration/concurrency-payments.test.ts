/**
 * Several counters on one database, for real: 4 processes, each a cashier with its own till and
 * connection, post payments to the same few accounts, void some of their own receipts with a
 * coordinator's credentials and file PQRs as a clerk (radicados), all at once, for
 * VENTANILLA_COUNTER_MS (default 30 s). Afterwards:
 * every invoice balance = total − its live allocations and ≥ 0; each payment's live allocations
 * plus its credit = its amount; each account's credit = the credit left by its live payments;
 * receipt numbers are unique per office, 1…N with no gap and no reuse; so are the radicados of the
 * office and year; one audit row per payment, per void and per radicado; the audit chain verifies. Runs on the suite's engine (SQLite file, or PostgreSQL
 * with VENTANILLA_TEST_PG_URL) and prints the operations per second.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../electron/core/db/audit';
import { createInitializedBackOffice, loginAs, onPostgres } from '../helpers/backoffice';
import { accountWithInvoices, createCoordinator, createTill, type InitializedBackOffice } from '../helpers/cashier';
import { testSeed } from '../helpers/seed';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WORKER = path.join(ROOT, 'tests/helpers/counter-worker.ts');
const COUNTERS = 4;
const DURATION_MS = Number(process.env.VENTANILLA_COUNTER_MS ?? 30_000);
const PASSWORD = 'clave-de-prueba';
/** each counter draws its amounts and choices from SEED + its number (VENTANILLA_COUNTER_SEED replays them) */
const SEED = testSeed('VENTANILLA_COUNTER_SEED', 'caja concurrente');

interface CounterResult {
  payments: number;
  voids: number;
  radicados: number;
  refused: number;
  errors: string[];
}

function runCounter(target: string, args: { user: string; clerk: string; till: number; accounts: number[]; coordinator: string; seed: number }): Promise<CounterResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', WORKER, '--db', target, '--user', args.user, '--till', String(args.till), '--accounts', args.accounts.join(','), '--coordinator', args.coordinator, '--clerk', args.clerk, '--password', PASSWORD, '--ms', String(DURATION_MS), '--seed', String(args.seed)],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${args.user}: ${stderr || error.message}`));
        const result = JSON.parse(stdout) as CounterResult;
        // what the back office logged for an internal error, to name the cause
        if (result.errors.length > 0) result.errors.push(`stderr de ${args.user}: ${stderr.slice(0, 1500)}`);
        resolve(result);
      },
    );
  });
}

const num = (v: unknown) => Number(v ?? 0);

let t: InitializedBackOffice;
beforeAll(async () => {
  t = await createInitializedBackOffice();
});
afterAll(() => t.close());

describe(`${COUNTERS} counters taking payments, voids and radicados at once (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  it('keep every balance, allocation, receipt number and audit row right', async () => {
    const accounts: number[] = [];
    for (let i = 0; i < 3; i++) accounts.push((await accountWithInvoices(t, `77000${i}`, [180_000, 95_000, 64_300, 120_000, 51_000, 88_800])).accountId);
    const coordinator = (await createCoordinator(t)).approval.username;
    const counters: { user: string; clerk: string; till: number }[] = [];
    for (let i = 1; i <= COUNTERS; i++) {
      const user = `cajero${i}`;
      const clerk = `auxiliar${i}`;
      await loginAs(t, 'cajero', user);
      await loginAs(t, 'auxiliar', clerk);
      counters.push({ user, clerk, till: (await createTill(t, `C${i}`)).id });
    }

    const started = Date.now();
    const results = await Promise.all(counters.map((c, i) => runCounter(t.target, { ...c, accounts, coordinator, seed: SEED + i })));
    const seconds = (Date.now() - started) / 1000;
    const db = t.app.db;

    expect(results.flatMap((r) => r.errors)).toEqual([]);
    expect(results.every((r) => r.payments > 0)).toBe(true);
    const payments = results.reduce((s, r) => s + r.payments, 0);
    const voids = results.reduce((s, r) => s + r.voids, 0);
    const radicados = results.reduce((s, r) => s + r.radicados, 0);
    expect(radicados).toBeGreaterThan(0);
    expect(num((await db('payments').count({ n: '*' }))[0].n)).toBe(payments);
    expect(num((await db('payments').where({ status: 'anulado' }).count({ n: '*' }))[0].n)).toBe(voids);

    // each invoice: balance = total − live allocations, never below zero
    const invoices: { id: number; total: number; balance: number; allocated: number | null }[] = await db('invoices as i')
      .leftJoin('payment_allocations as a', function () {
        this.on('a.invoice_id', 'i.id').andOn('a.live', db.raw('?', [true]));
      })
      .groupBy('i.id', 'i.total', 'i.balance')
      .select('i.id', 'i.total', 'i.balance', db.raw('SUM(a.amount) AS allocated'));
    for (const inv of invoices) {
      expect(num(inv.balance), `factura ${inv.id}`).toBe(num(inv.total) - num(inv.allocated));
      expect(num(inv.balance)).toBeGreaterThanOrEqual(0);
    }

    // each live payment: its live allocations + its credit = its amount; a voided one has none live
    const byPayment: { id: number; amount: number; credit_added: number; status: string; allocated: number | null }[] = await db('payments as p')
      .leftJoin('payment_allocations as a', function () {
        this.on('a.payment_id', 'p.id').andOn('a.live', db.raw('?', [true]));
      })
      .groupBy('p.id', 'p.amount', 'p.credit_added', 'p.status')
      .select('p.id', 'p.amount', 'p.credit_added', 'p.status', db.raw('SUM(a.amount) AS allocated'));
    for (const p of byPayment) {
      if (p.status === 'vigente') expect(num(p.allocated) + num(p.credit_added), `pago ${p.id}`).toBe(num(p.amount));
      else expect(num(p.allocated), `pago anulado ${p.id}`).toBe(0);
    }

    // each account's credit = the credit its live payments left
    for (const accountId of accounts) {
      const account: { credit_balance: number } = await db('accounts').where({ id: accountId }).first('credit_balance');
      const left = await db('payments').where({ account_id: accountId, status: 'vigente' }).sum({ s: 'credit_added' });
      expect(num(account.credit_balance), `cuenta ${accountId}`).toBe(num(left[0].s));
    }

    // receipt numbers: unique per office, consecutive from 1, none reused
    const numbers = (await db('payments').where({ office_id: t.officeId }).orderBy('receipt_number').pluck('receipt_number')).map(Number);
    expect(numbers).toEqual(Array.from({ length: payments }, (_, i) => i + 1));

    // radicados: one sequence for the office's PQRs this year, consecutive from 1, none reused
    const sequences = (await db('radicados').where({ office_id: t.officeId, kind: 'pqr' }).orderBy('sequence').pluck('sequence')).map(Number);
    expect(sequences).toEqual(Array.from({ length: radicados }, (_, i) => i + 1));
    expect(num((await db('pqrs').count({ n: '*' }))[0].n)).toBe(radicados);

    // one audit row per change, and the chain is whole
    expect(num((await db('audit_log').where({ action: 'pqr.file' }).count({ n: '*' }))[0].n)).toBe(radicados);
    expect(num((await db('audit_log').where({ action: 'payment.post' }).count({ n: '*' }))[0].n)).toBe(payments);
    expect(num((await db('audit_log').where({ action: 'payment.void' }).count({ n: '*' }))[0].n)).toBe(voids);
    expect(num((await db('payment_voids').count({ n: '*' }))[0].n)).toBe(voids);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });

    const refused = results.reduce((s, r) => s + r.refused, 0);
    console.log(
      `[caja concurrente ${onPostgres ? 'PostgreSQL' : 'SQLite'}] ${COUNTERS} procesos, ${payments} pagos, ${voids} anulaciones y ${radicados} radicados en ${seconds.toFixed(1)} s ` +
        `(${Math.round((payments + voids + radicados) / (DURATION_MS / 1000))} op/s), ${refused} rechazos esperados (saldo ya pagado por otra caja)`,
    );
  }, DURATION_MS + 120_000);
});
