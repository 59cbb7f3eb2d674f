/**
 * Every writer of an account's debts and state takes the account's row first (db/dialect.ts
 * lockAccounts), so a payment at the counter and that writer, on the same account at the same
 * moment, happen one after the other and the second one sees the first: the suspension round and a
 * manual order, the agreements' monitor (expiry, break), an agreement's annulment and the field's
 * results (a reconnection that adds its charge, a suspension).
 *
 * PostgreSQL: a real second connection (`side`) stops the payment at its receipt number, after its
 * first read took the account's row; the writer is then seen waiting for that row in
 * pg_stat_activity (no sleeps); the side's COMMIT lets both finish. SQLite serialises writers (a
 * write transaction holds the database's write lock from its first statement: retryingTransaction),
 * so there the same scenes run one after the other, in the order PostgreSQL lets them finish, and
 * assert the same outcome.
 */
import type { Client as PgClient } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt } from '../../shared/contract';
import { addDays, addMonths, todayIn } from '../../shared/dates';
import { SYSTEM_ACTOR, verifyAuditChain } from '../../electron/core/db/audit';
import { runAgreementsMonitor } from '../../electron/core/modules/agreements/monitor';
import { reconcile } from '../../electron/core/modules/audit/reconcile';
import { insertInvoice } from '../helpers/accounts';
import { COMPANY, createInitializedBackOffice, loginAs } from '../helpers/backoffice';
import { accountWithInvoices, openCashierDesk, pay, payCash, paymentKey, type InitializedBackOffice } from '../helpers/cashier';
import { COUNTER_FIRST_READ, LOCK_ACCOUNTS, sideConnection, waitsForLock } from '../helpers/pgLocks';
import { expectRefusal } from '../helpers/refusal';

let t: InitializedBackOffice;
let cashier: string;
let coord: string;
let gestor: string;
let side: PgClient | null = null;
const today = todayIn(COMPANY.timeZone);
/** the 15th of next month: always in the future */
const firstDue = `${addMonths(today, 1).slice(0, 8)}15`;

beforeAll(async () => {
  t = await createInitializedBackOffice();
  cashier = (await openCashierDesk(t)).token;
  coord = await loginAs(t, 'coordinador', 'coord1');
  gestor = await loginAs(t, 'gestor');
  await t.ok('chargeItems.save', { code: 'RECONEXION', name: 'Reconexión del servicio', amount: 85_000, active: true }, t.adminToken);
  // the counters the barriers hold exist from here on: the office's receipt numbers and its work orders'
  const warmUp = await accountWithInvoices(t, '719999', [1_000]);
  await payCash(t, cashier, warmUp.accountId, 1_000);
  await t.ok('workOrders.create', { accountId: warmUp.accountId, type: 'revision', reason: 'Revisión previa' }, coord);
  side = await sideConnection(t.target);
});
afterAll(async () => {
  await side?.end();
  await t?.close();
});

/**
 * The payment first, holding the account, then `writer`. PostgreSQL: the payment stops at its receipt
 * number (its first read holds the account's row), the writer starts and must wait for that row, then
 * both finish. SQLite: the payment, then the writer.
 */
async function paymentThenWriter<W>(paying: () => Promise<Receipt>, writer: () => Promise<W>): Promise<{ receipt: Receipt; written: W }> {
  if (!side) {
    const receipt = await paying();
    return { receipt, written: await writer() };
  }
  await side.query('BEGIN');
  await side.query('SELECT value FROM counters WHERE key = $1 FOR UPDATE', [`receipt:${t.officeId}`]);
  const payment = paying();
  await waitsForLock(side, /counters/, payment);
  const writing = writer();
  await waitsForLock(side, LOCK_ACCOUNTS, writing);
  await side.query('COMMIT');
  return { receipt: await payment, written: await writing };
}

/**
 * A new work order first (`ordering`), holding the account, then the payment. PostgreSQL: the order
 * stops at its number (it holds the account's row by then), the counter's first read asks for that
 * row and must wait, then both finish. SQLite: the order, then the payment.
 */
async function orderThenPayment(ordering: () => Promise<{ ok: boolean }>, paying: () => Promise<Receipt>): Promise<Receipt> {
  if (!side) {
    expect((await ordering()).ok).toBe(true);
    return paying();
  }
  await side.query('BEGIN');
  await side.query('SELECT value FROM counters WHERE key = $1 FOR UPDATE', [`workorder:${t.officeId}:${today.slice(0, 4)}`]);
  const creating = ordering();
  await waitsForLock(side, /counters/, creating);
  const payment = paying();
  await waitsForLock(side, COUNTER_FIRST_READ, payment);
  await side.query('COMMIT');
  expect((await creating).ok).toBe(true);
  return payment;
}

const invoiceBalances = async (accountId: number) => (await t.app.db('invoices').where({ account_id: accountId }).orderBy('id').pluck('balance')).map(Number);
const chargeBalances = async (accountId: number, where: Record<string, unknown> = {}) =>
  (await t.app.db('account_charges').where({ account_id: accountId, ...where }).orderBy('id').pluck('balance')).map(Number);
const accountOf = async (accountId: number) => (await t.app.db('accounts').where({ id: accountId }).first('status', 'credit_balance')) as { status: string; credit_balance: number | string };
const ordersOf = (accountId: number) => t.app.db('work_orders').where({ account_id: accountId }).orderBy('id').select('number', 'type', 'state', 'cancel_reason', 'charge_id');

/** what every concurrency test ends with: each balance explained by its movements, the audit chain whole, no negative balance */
async function reconciled(): Promise<void> {
  expect((await reconcile(t.app.db)).issues).toEqual([]);
  expect(await verifyAuditChain(t.app.db)).toMatchObject({ ok: true });
  expect(Number((await t.app.db('invoices').min({ m: 'balance' }))[0].m)).toBeGreaterThanOrEqual(0);
}

/** a suspension notice of each account, its term ended yesterday */
async function expiredNotices(accountIds: number[]): Promise<{ id: number; number: string }[]> {
  const round = await t.ok('notices.generate', { kind: 'suspension', accountIds }, coord);
  const notices = accountIds.map((id) => round.notices.find((n) => n.accountId === id)!);
  await t.app.db('notices').whereIn('id', notices.map((n) => n.id)).update({ suspension_date: addDays(today, -1) });
  return notices.map((n) => ({ id: n.id, number: n.number }));
}

describe('a suspension round and a payment of one of its accounts at the same moment', () => {
  it('the payment holds the account first: the round waits, then is refused naming the account that paid (pagó), nothing written; the rest then goes through', async () => {
    const paid = await accountWithInvoices(t, '710001', [50_000, 40_000]);
    const other = await accountWithInvoices(t, '710002', [50_000, 40_000]);
    const [paidNotice, otherNotice] = await expiredNotices([paid.accountId, other.accountId]);
    const ordersBefore = await t.app.db('work_orders').count({ n: '*' });

    const { receipt, written } = await paymentThenWriter(
      () => payCash(t, cashier, paid.accountId, 90_000),
      () => t.call('workOrders.generateSuspensions', { noticeIds: [paidNotice.id, otherNotice.id] }, coord),
    );
    // the round judged the account after the payment's COMMIT: it paid everything overdue
    await expectRefusal(written, 'RULE', `No se generó ninguna orden: un aviso no cumple (${paidNotice.number} (cuenta 710001): Pagó desde el aviso: no debe nada vencido).`);
    expect(await t.app.db('work_orders').count({ n: '*' })).toEqual(ordersBefore);
    expect([receipt.amount, receipt.reconnection ?? null]).toEqual([90_000, null]);
    expect(await invoiceBalances(paid.accountId)).toEqual([0, 0]);
    expect((await accountOf(paid.accountId)).status).toBe('activo');

    // the coordinator's round of the others, as the preview now shows them
    const preview = await t.ok('workOrders.suspensionPreview', {}, coord);
    expect(preview.candidates.find((c) => c.accountNumber === '710001')).toMatchObject({ eligible: false, exclusion: 'pago' });
    const generated = await t.ok('workOrders.generateSuspensions', { noticeIds: [otherNotice.id] }, coord);
    expect(generated.orders.map((o) => [o.accountNumber, o.type, o.state])).toEqual([['710002', 'suspension', 'pendiente']]);
    expect(await ordersOf(paid.accountId)).toEqual([]);
    await reconciled();
  });

  it('the round holds the accounts first: the payment waits, then cancels the new suspension order with its reason', async () => {
    const account = await accountWithInvoices(t, '710003', [50_000, 40_000]);
    const [notice] = await expiredNotices([account.accountId]);
    const receipt = await orderThenPayment(
      () => t.call('workOrders.generateSuspensions', { noticeIds: [notice.id] }, coord),
      () => payCash(t, cashier, account.accountId, 90_000),
    );
    // the customer paid everything overdue: the order the round wrote is cancelled in the payment's transaction
    const [order] = await ordersOf(account.accountId);
    expect([order.type, order.state, order.cancel_reason]).toEqual(['suspension', 'anulada', 'La causa desapareció: la cuenta pagó lo vencido']);
    expect([receipt.amount, receipt.reconnection ?? null]).toEqual([90_000, null]);
    expect(await invoiceBalances(account.accountId)).toEqual([0, 0]);
    expect((await accountOf(account.accountId)).status).toBe('activo');
    const audit: { after_json: string } = await t.app.db('audit_log').where({ action: 'payment.post', entity_id: receipt.paymentId }).first('after_json');
    expect(JSON.parse(audit.after_json).reconnection).toMatchObject({ reconnections: [], cancelledSuspensions: [order.number] });
    await reconciled();
  });

  it('a manual suspension order holds the account first: the payment waits, then cancels it with its reason', async () => {
    const account = await accountWithInvoices(t, '710009', [50_000, 40_000]);
    const receipt = await orderThenPayment(
      () => t.call('workOrders.create', { accountId: account.accountId, type: 'suspension', reason: 'Orden manual' }, coord),
      () => payCash(t, cashier, account.accountId, 90_000),
    );
    expect((await ordersOf(account.accountId)).map((o) => [o.type, o.state, o.cancel_reason])).toEqual([['suspension', 'anulada', 'La causa desapareció: la cuenta pagó lo vencido']]);
    expect([receipt.amount, receipt.reconnection ?? null]).toEqual([90_000, null]);
    expect(await invoiceBalances(account.accountId)).toEqual([0, 0]);
    await reconciled();
  });
});

describe('the field results and a payment of the account at the same moment', () => {
  it('a reconnection recorded while the customer pays a new invoice: it waits for the payment, then reactivates the account and adds its charge once', async () => {
    const { accountId } = await accountWithInvoices(t, '710004', [50_000, 40_000]);
    const suspension = await t.ok('workOrders.create', { accountId, type: 'suspension', reason: 'Aviso vencido' }, coord);
    await t.ok('workOrders.recordResult', { orderId: suspension.id, outcome: 'ejecutada', executedAt: new Date().toISOString(), executedBy: 'Pedro Gil', sealNumber: 'S-0001' }, coord);
    const paidUp = await payCash(t, cashier, accountId, 90_000);
    const reconnection = await t.app.db('work_orders').where({ account_id: accountId, type: 'reconexion' }).first('id', 'number');
    expect(paidUp.reconnection?.number).toBe(reconnection.number);
    // the next invoice, not yet due, paid at the counter while the crew's result comes in
    const march = await insertInvoice(t.app.db, accountId, { number: '710004-03', period: '2026-03', dueDate: addDays(today, 10), total: 30_000 });

    const { receipt, written } = await paymentThenWriter(
      () => payCash(t, cashier, accountId, 30_000, { picked: [{ kind: 'invoice', id: march }] }),
      () => t.call('workOrders.recordResult', { orderId: reconnection.id, outcome: 'ejecutada', executedAt: new Date().toISOString(), executedBy: 'Pedro Gil', sealNumber: 'S-0002' }, coord),
    );
    if (!written.ok) throw new Error(written.error.message);
    expect([written.data.accountStatus, written.data.charge?.amount]).toEqual(['activo', 85_000]);
    expect([receipt.amount, receipt.reconnection ?? null]).toEqual([30_000, null]);
    expect(await invoiceBalances(accountId)).toEqual([0, 0, 0]);
    // what the customer owes now: the reconnection charge, once
    expect(await chargeBalances(accountId)).toEqual([85_000]);
    expect(await accountOf(accountId)).toMatchObject({ status: 'activo' });
    expect(Number((await accountOf(accountId)).credit_balance)).toBe(0);
    expect((await ordersOf(accountId)).map((o) => [o.type, o.state, o.charge_id === null ? null : 'cobro'])).toEqual([
      ['suspension', 'ejecutada', null],
      ['reconexion', 'ejecutada', 'cobro'],
    ]);
    await reconciled();
  });

  it('a suspension recorded while the customer pays everything overdue: the payment cancels the order first, and the result is refused; the account stays active', async () => {
    const { accountId } = await accountWithInvoices(t, '710005', [50_000, 40_000]);
    const suspension = await t.ok('workOrders.create', { accountId, type: 'suspension', reason: 'Aviso vencido' }, coord);

    const { receipt, written } = await paymentThenWriter(
      () => payCash(t, cashier, accountId, 90_000),
      () => t.call('workOrders.recordResult', { orderId: suspension.id, outcome: 'ejecutada', executedAt: new Date().toISOString(), executedBy: 'Pedro Gil', sealNumber: 'S-0003' }, coord),
    );
    // the order was read after the payment's COMMIT: cancelled by it
    await expectRefusal(written, 'RULE', `La orden ${suspension.number} ya está anulada: no se registra otro resultado.`);
    expect([receipt.amount, receipt.reconnection ?? null]).toEqual([90_000, null]);
    expect(await invoiceBalances(accountId)).toEqual([0, 0]);
    expect((await accountOf(accountId)).status).toBe('activo');
    expect((await ordersOf(accountId)).map((o) => [o.type, o.state, o.cancel_reason])).toEqual([['suspension', 'anulada', 'La causa desapareció: la cuenta pagó lo vencido']]);
    expect(await chargeBalances(accountId)).toEqual([]);
    await reconciled();
  });
});

describe("an agreement's end and a payment of the account at the same moment", () => {
  /** a waiting agreement on the account's only invoice (40.000): down payment 10.000, two installments of 15.000 at 0 % */
  async function waitingAgreement(number: string) {
    const { accountId, invoiceIds } = await accountWithInvoices(t, number, [40_000]);
    const agreement = await t.ok(
      'agreements.create',
      { accountId, debts: [{ kind: 'invoice', id: invoiceIds[0] }], downPaymentAmount: 10_000, installments: 2, firstDueDate: firstDue, dayOfMonth: 15, idempotencyKey: paymentKey(), channel: 'presencial', signerName: 'T', signerIdNumber: '1', signerRelation: 'titular' },
      gestor,
    );
    const payDownPayment = () => pay(t, cashier, { accountId, picked: [{ kind: 'charge', id: agreement.downPaymentChargeId! }], tenders: [{ method: 'efectivo', amount: 10_000, received: 10_000 }] });
    return { accountId, agreement, payDownPayment };
  }
  const agreementOf = (id: number) => t.ok('agreements.get', { agreementId: id }, gestor);

  it('the monitor expires a down payment past its deadline while the customer pays it: it waits, and the agreement is active, not expired', async () => {
    const { accountId, agreement, payDownPayment } = await waitingAgreement('710006');
    const { receipt, written } = await paymentThenWriter(payDownPayment, () => runAgreementsMonitor(t.app.db, addDays(agreement.downPaymentDeadline, 1), SYSTEM_ACTOR));
    expect(written.expired).toBe(0);
    const after = await agreementOf(agreement.id);
    expect([after.state, after.downPaymentBalance]).toEqual(['activo', 0]);
    expect(receipt.amount).toBe(10_000);
    // the invoice taken by the agreement, its two installments owed
    expect(await invoiceBalances(accountId)).toEqual([0]);
    expect(await chargeBalances(accountId, { agreement_part: 'cuota' })).toEqual([15_000, 15_000]);
    expect(Number((await accountOf(accountId)).credit_balance)).toBe(0);
    await reconciled();
  });

  it('the monitor breaks an agreement with two installments past due while the customer pays them: it waits, counts again, and the agreement is fulfilled, not broken', async () => {
    const { accountId, agreement, payDownPayment } = await waitingAgreement('710007');
    await payDownPayment();
    const active = await agreementOf(agreement.id);
    const installments: number[] = await t.app.db('account_charges').where({ agreement_id: agreement.id, agreement_part: 'cuota' }).orderBy('id').pluck('id');
    // the monitor's day: both installments past due (the policy breaks at two)
    const monitorDay = addDays(active.lines[1].dueDate, 1);
    const { receipt, written } = await paymentThenWriter(
      () => pay(t, cashier, { accountId, picked: installments.map((id) => ({ kind: 'charge' as const, id })), tenders: [{ method: 'efectivo', amount: 30_000, received: 30_000 }] }),
      () => runAgreementsMonitor(t.app.db, monitorDay, SYSTEM_ACTOR),
    );
    const after = await agreementOf(agreement.id);
    expect([after.state, after.endReason]).toEqual(['cumplido', 'Todas las cuotas pagadas']);
    expect(written.fulfilled).toBeGreaterThanOrEqual(1);
    expect(receipt.amount).toBe(30_000);
    // nothing owed, and no unpaid principal brought back as a debt
    expect(await chargeBalances(accountId)).toEqual([0, 0, 0]);
    expect(await t.app.db('account_charges').where({ agreement_id: agreement.id, agreement_part: 'saldo' })).toEqual([]);
    await reconciled();
  });

  it('a coordinator annuls a waiting agreement while the customer pays its down payment: the annulment waits, then is refused; the agreement is active', async () => {
    const { accountId, agreement, payDownPayment } = await waitingAgreement('710008');
    const { receipt, written } = await paymentThenWriter(payDownPayment, () => t.call('agreements.annul', { agreementId: agreement.id, reason: 'Firmado por error' }, coord));
    await expectRefusal(written, 'RULE', `El acuerdo ${agreement.number} está activo: solo se anula un acuerdo que espera su cuota inicial.`);
    const after = await agreementOf(agreement.id);
    expect([after.state, after.downPaymentBalance]).toEqual(['activo', 0]);
    expect(receipt.amount).toBe(10_000);
    expect(await invoiceBalances(accountId)).toEqual([0]);
    expect(await chargeBalances(accountId, { agreement_part: 'cuota' })).toEqual([15_000, 15_000]);
    await reconciled();
  });
});
