/**
 * The cashier's day in a few calls, for tests of the cashier, the bank files, the reports and the
 * papers: a till, a cashier (or coordinator) with an open session, an account with invoices, and
 * payments posted through the real handlers.
 *
 *   const t = await createInitializedBackOffice();
 *   const desk = await openCashierDesk(t);                      // till 'C1' + cajero1 with $ 200.000 counted
 *   const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [50_000, 40_000]);
 *   const receipt = await payCash(t, desk.token, accountId, 50_000, { received: 60_000 });
 */
import { randomUUID } from 'node:crypto';
import type { Input, Receipt, Till } from '../../shared/contract';
import type { DenominationCount } from '../../shared/denominations';
import { loginAs, type TestBackOffice } from './backoffice';
import { insertAccount, insertInvoice } from './accounts';

export type InitializedBackOffice = TestBackOffice & { adminToken: string; officeId: number };

/** A COP count (bills only) that adds up to `total`, e.g. 187_000 → 1×100.000, 1×50.000, 1×20.000, 1×10.000, 1×5.000, 1×2.000. */
export function copCount(total: number): DenominationCount[] {
  const bills = [100_000, 50_000, 20_000, 10_000, 5_000, 2_000];
  const coins = [1_000, 500, 200, 100, 50];
  const count: DenominationCount[] = [];
  let left = total;
  for (const value of bills) {
    const quantity = Math.floor(left / value);
    if (quantity > 0) count.push({ kind: 'billete', value, quantity });
    left -= quantity * value;
  }
  for (const value of coins) {
    const quantity = Math.floor(left / value);
    if (quantity > 0) count.push({ kind: 'moneda', value, quantity });
    left -= quantity * value;
  }
  if (left !== 0) throw new Error(`copCount: ${total} cannot be counted in COP bills and coins`);
  return count;
}

/** Creates a till of the test office (as the administrator). */
export async function createTill(t: InitializedBackOffice, code = 'C1', layout: 'termica80' | 'carta' = 'termica80'): Promise<Till> {
  return t.ok('tills.save', { officeId: t.officeId, code, name: `Caja ${code}`, receiptLayout: layout, active: true }, t.adminToken);
}

export interface CashierDesk {
  token: string;
  username: string;
  tillId: number;
  sessionId: number;
}

/**
 * A user (cajero by default) logged in with an open session on a till (created when not given),
 * with `float` counted at the opening.
 */
export async function openCashierDesk(
  t: InitializedBackOffice,
  options: { username?: string; role?: 'cajero' | 'coordinador'; tillCode?: string; tillId?: number; float?: number } = {},
): Promise<CashierDesk> {
  const role = options.role ?? 'cajero';
  const username = options.username ?? `${role}1`;
  const tillId = options.tillId ?? (await createTill(t, options.tillCode ?? `C${username.replace(/\D/g, '') || '1'}`)).id;
  const token = await loginAs(t, role, username);
  const session = await t.ok('cashier.open', { tillId, count: copCount(options.float ?? 200_000) }, token);
  return { token, username, tillId, sessionId: session.id };
}

/** A coordinator of the test office, for approvals typed on the cashier's screen. */
export async function createCoordinator(t: InitializedBackOffice, username = 'coordinador1'): Promise<{ token: string; approval: { username: string; password: string } }> {
  const token = await loginAs(t, 'coordinador', username);
  return { token, approval: { username, password: 'clave-de-prueba' } };
}

/** An account with one invoice per amount, periods 2026-01, 2026-02… (due the 20th), oldest first. */
export async function accountWithInvoices(t: TestBackOffice, number: string, amounts: number[], options: { holderName?: string } = {}): Promise<{ accountId: number; invoiceIds: number[] }> {
  const accountId = await insertAccount(t.app.db, { number, holderName: options.holderName ?? `TITULAR ${number}` });
  const invoiceIds: number[] = [];
  for (const [i, total] of amounts.entries()) {
    const month = String(i + 1).padStart(2, '0');
    invoiceIds.push(await insertInvoice(t.app.db, accountId, { number: `${number}-${month}`, period: `2026-${month}`, dueDate: `2026-${month}-20`, total }));
  }
  return { accountId, invoiceIds };
}

/** A fresh idempotency key, as the payment screen makes one per payment. */
export function paymentKey(): string {
  return randomUUID().replace(/-/g, '');
}

type PayInput = Input<'cashier.pay'>;

/** Posts a payment with any tenders; returns the receipt (throws with the Spanish message on refusal). */
export async function pay(t: TestBackOffice, token: string, input: Omit<PayInput, 'idempotencyKey'> & { idempotencyKey?: string }): Promise<Receipt> {
  return t.ok('cashier.pay', { ...input, idempotencyKey: input.idempotencyKey ?? paymentKey() }, token);
}

/** Pays `amount` in cash (handing over `received`, default exactly `amount`), oldest first or the debts picked. */
export async function payCash(
  t: TestBackOffice,
  token: string,
  accountId: number,
  amount: number,
  options: { received?: number; picked?: PayInput['picked']; idempotencyKey?: string } = {},
): Promise<Receipt> {
  return pay(t, token, {
    accountId,
    picked: options.picked,
    idempotencyKey: options.idempotencyKey,
    tenders: [{ method: 'efectivo', amount, received: options.received ?? amount }],
  });
}

/** A payment received by a bank file (no receipt, no session), written straight to the table; returns its id. */
export async function insertBankPayment(t: InitializedBackOffice, accountId: number, amount = 40_000): Promise<number> {
  const [row] = await t.app
    .db('payments')
    .insert({
      office_id: t.officeId,
      account_id: accountId,
      idempotency_key: 'banco-archivo-1-linea-3',
      source: 'banco',
      business_date: '2026-03-02',
      posted_at: new Date().toISOString(),
      amount,
      balance_after: 0,
      status: 'vigente',
      verification_code: 'X',
    })
    .returning('id');
  return Number(typeof row === 'object' ? row.id : row);
}

/** Balances of invoices, by id, read from the database. */
export async function invoiceBalances(t: TestBackOffice, invoiceIds: number[]): Promise<number[]> {
  const rows: { id: number; balance: number | string }[] = await t.app.db('invoices').whereIn('id', invoiceIds).select('id', 'balance');
  return invoiceIds.map((id) => Number(rows.find((r) => r.id === id)?.balance));
}

/** Row counts of the tables a payment writes, to prove a refusal wrote nothing. */
export async function moneyRowCounts(t: TestBackOffice): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['payments', 'payment_tenders', 'payment_allocations', 'payment_voids', 'cash_movements', 'account_charges', 'audit_log', 'cash_sessions']) {
    const [row] = await t.app.db(table).count<{ n: number | string }[]>({ n: '*' });
    counts[table] = Number(row.n);
  }
  return counts;
}
