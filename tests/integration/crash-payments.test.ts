/**
 * Crash safety of payments: a counter posts a batch of cash payments (tests/helpers/
 * payment-batch-worker.ts, through the dispatcher, one transaction each) and is killed with SIGKILL
 * at a random moment, PAYMENT_CRASH_KILLS times (default 50), on the same database. After each kill
 * the database is opened again the way the application would; it must pass `PRAGMA
 * integrity_check` and every payment must be whole or absent: its tenders, its allocations (which
 * with its credit add up to its amount), its audit row, the invoices down by exactly the live
 * allocations, the receipt numbers 1…N with no gap. At the end the counter resends every batch with
 * the same idempotency keys: each payment exists exactly once.
 *
 *   PAYMENT_CRASH_KILLS=10 npx vitest run tests/integration/crash-payments.test.ts   (PAYMENT_CRASH_SEED replays a run)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../electron/core/modules/demo/random';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { dispatch } from '../../electron/core/dispatch';
import type { HandlerName, Input, Output } from '../../shared/contract';
import { ADMIN, COMPANY, OFFICE, onPostgres } from '../helpers/backoffice';
import { insertAccount, insertInvoice } from '../helpers/accounts';
import { copCount } from '../helpers/cashier';
import { testSeed } from '../helpers/seed';
import { nodeArgsFor } from '../helpers/builtEntry';

const KILLS = Number(process.env.PAYMENT_CRASH_KILLS ?? 50);
const SEED = testSeed('PAYMENT_CRASH_SEED', 'crash: lote de pagos');
const PER_BATCH = 100;
const CASHIER = { username: 'cajero.crash', password: 'clave-de-cajero-crash' };

const REPO = path.resolve(__dirname, '../..');
const WORKER = path.join(REPO, 'tests/helpers/payment-batch-worker.ts');
/** how node runs it: its built file (tests/helpers/builtEntry.ts) */
let program: string[] = [];

let dir = '';
let dbFile = '';
const accounts: number[] = [];

/** Runs a batch; `killAfterMs` counts from the moment the counter starts posting (after its start-up). */
function runBatch(prefixes: string[], killAfterMs: number | null): Promise<{ killed: boolean; code: number | null; postingMs: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const args = [...program, '--db', dbFile, '--user', CASHIER.username, '--password', CASHIER.password];
    args.push('--accounts', accounts.join(','), '--prefix', prefixes.join(','), '--count', String(PER_BATCH));
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let ready = 0;
    let timer: NodeJS.Timeout | null = null;
    let killed = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', () => {
      if (ready) return;
      ready = performance.now();
      if (killAfterMs !== null) timer = setTimeout(() => (killed = child.kill('SIGKILL')), killAfterMs);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ killed: killed && code === null, code, postingMs: ready ? performance.now() - ready : 0, stderr });
    });
  });
}

/** Opens the database after a crash and lists what is not whole. Returns the number of payments too. */
async function checkAfterRestart(): Promise<{ payments: number; problems: string[] }> {
  const app = await openBackOffice({ dbFile });
  try {
    const problems: string[] = [];
    const integrity = await app.db.raw<{ integrity_check: string }[]>('PRAGMA integrity_check');
    if (integrity.map((r) => r.integrity_check).join() !== 'ok') problems.push(`integrity_check: ${JSON.stringify(integrity).slice(0, 300)}`);
    const n = async (sql: string) => Number((await app.db.raw<{ n: number | null }[]>(sql))[0].n ?? 0);
    const payments = await n('SELECT COUNT(*) AS n FROM payments');
    const withoutTender = await n('SELECT COUNT(*) AS n FROM payments p WHERE NOT EXISTS (SELECT 1 FROM payment_tenders t WHERE t.payment_id = p.id)');
    const audits = await n(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'payment.post'`);
    const unbalanced = await n(
      'SELECT COUNT(*) AS n FROM payments p WHERE p.amount <> p.credit_added + (SELECT COALESCE(SUM(a.amount), 0) FROM payment_allocations a WHERE a.payment_id = p.id AND a.live = 1)',
    );
    const wrongInvoices = await n(
      'SELECT COUNT(*) AS n FROM invoices i WHERE i.balance <> i.total - (SELECT COALESCE(SUM(a.amount), 0) FROM payment_allocations a WHERE a.invoice_id = i.id AND a.live = 1) OR i.balance < 0',
    );
    const credit = await n('SELECT SUM(credit_balance) AS n FROM accounts');
    const creditLeft = await n(`SELECT SUM(credit_added) AS n FROM payments WHERE status = 'vigente'`);
    const maxReceipt = await n('SELECT MAX(receipt_number) AS n FROM payments');
    const counter = await n(`SELECT value AS n FROM counters WHERE key LIKE 'receipt:%'`);
    if (withoutTender > 0) problems.push(`${withoutTender} pagos sin medio de pago`);
    if (audits !== payments) problems.push(`${payments} pagos y ${audits} filas de auditoría`);
    if (unbalanced > 0) problems.push(`${unbalanced} pagos cuyas aplicaciones más saldo a favor no suman su valor`);
    if (wrongInvoices > 0) problems.push(`${wrongInvoices} facturas con saldo distinto de total − aplicaciones`);
    if (credit !== creditLeft) problems.push(`saldo a favor ${credit}, dejado por los pagos ${creditLeft}`);
    if (maxReceipt !== payments || counter !== payments) problems.push(`recibos: ${payments} pagos, el mayor número ${maxReceipt}, el consecutivo en ${counter}`);
    return { payments, problems };
  } finally {
    await closeBackOffice(app);
  }
}

beforeAll(async () => {
  program = await nodeArgsFor(WORKER);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-payment-crash-'));
  dbFile = path.join(dir, 'ventanilla.sqlite');
  const app = await openBackOffice({ dbFile });
  try {
    const call = async <N extends HandlerName>(name: N, args: Input<N>, token: string | null = null): Promise<Output<N>> => {
      const result = await dispatch(app, name, args, { door: 'test', token });
      if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
      return result.data;
    };
    await call('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN });
    const admin = (await call('auth.login', { username: ADMIN.username, password: ADMIN.password })).token;
    const officeId = (await call('offices.list', {}, admin))[0].id;
    const temporary = `temporal-${CASHIER.password}`;
    await call('users.create', { fullName: 'Cajero de la prueba de caídas', username: CASHIER.username, officeId, role: 'cajero', password: temporary }, admin);
    const till = await call('tills.save', { officeId, code: 'C1', name: 'Caja 1', receiptLayout: 'termica80', active: true }, admin);
    const cashier = (await call('auth.login', { username: CASHIER.username, password: temporary })).token;
    await call('auth.changePassword', { currentPassword: temporary, newPassword: CASHIER.password }, cashier);
    await call('cashier.open', { tillId: till.id, count: copCount(500_000) }, cashier);
    for (let a = 0; a < 6; a++) {
      const accountId = await insertAccount(app.db, { number: `88000${a}`, holderName: `TITULAR ${a}` });
      for (let m = 1; m <= 12; m++) {
        const month = String(m).padStart(2, '0');
        await insertInvoice(app.db, accountId, { number: `88000${a}-${month}`, period: `2026-${month}`, dueDate: `2026-${month}-20`, total: 30_000 + a * 1_000 + m * 500 });
      }
      accounts.push(accountId);
    }
  } finally {
    await closeBackOffice(app);
  }
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// about the SQLite file after a kill; on PostgreSQL each payment's commit is the server's transaction
describe.skipIf(onPostgres)('a batch of payments killed with SIGKILL', () => {
  it(`leaves every payment whole or absent, ${KILLS} times; resending the batches posts each exactly once`, async () => {
    const calibration = await runBatch(['calibracion'], null);
    expect(calibration.code, calibration.stderr).toBe(0);
    expect((await checkAfterRestart()).problems).toEqual([]);

    const generator = new Random(SEED); // the same seed gives the same kill moments
    const next = () => generator.next();
    const problems: string[] = [];
    const prefixes: string[] = [];
    let before = PER_BATCH;
    const tally = { midway: 0, none: 0, finished: 0 };
    for (let k = 0; k < KILLS; k++) {
      const prefix = `r${k}`;
      prefixes.push(prefix);
      const delay = Math.round(calibration.postingMs * next() * 1.1);
      const run = await runBatch([prefix], delay);
      if (!run.killed && run.code !== 0) problems.push(`lote ${k} terminó con error: ${run.stderr.slice(0, 300)}`);
      const after = await checkAfterRestart();
      problems.push(...after.problems.map((p) => `muerte ${k} a los ${delay} ms: ${p}`));
      const posted = after.payments - before;
      if (!run.killed) tally.finished++;
      else if (posted === 0) tally.none++;
      else tally.midway++;
      before = after.payments;
    }
    console.log(
      `[crash] lote de pagos, semilla ${SEED}: ${KILLS} muertes (${PER_BATCH} pagos en ${Math.round(calibration.postingMs)} ms) — ${tally.midway} a mitad del lote, ${tally.none} antes del primer pago, ${tally.finished} terminaron antes`,
    );
    expect(problems).toEqual([]);
    expect(tally.midway).toBeGreaterThan(0);

    // the counter resends every batch with the same keys: what was posted is not posted again
    const resend = await runBatch(['calibracion', ...prefixes], null);
    expect(resend.code, resend.stderr).toBe(0);
    const final = await checkAfterRestart();
    expect(final.problems).toEqual([]);
    expect(final.payments).toBe(PER_BATCH * (KILLS + 1));
  }, 900_000);
});
