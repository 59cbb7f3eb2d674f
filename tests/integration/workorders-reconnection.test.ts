/**
 * Issue 17: reconnection in the payment's own transaction (Ley 142 art. 142; the SSPD's 24 hours),
 * the account's state from the field's results, and the reconnection charge only after an executed
 * suspension (SSPD Concepto 59 de 2020). Through the handlers, on SQLite and PostgreSQL.
 *
 * The account of each test owes two invoices due 20 January and 20 February 2026 (50.000 and
 * 40.000): both overdue on the real clock of the run (the suite runs after February 2026).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Receipt } from '../../shared/contract';
import { insertAccount } from '../helpers/accounts';
import { createInitializedBackOffice, loginAs, type TestBackOffice } from '../helpers/backoffice';
import { accountWithInvoices, openCashierDesk, payCash, type CashierDesk } from '../helpers/cashier';
import { expectRefusal } from '../helpers/refusal';
import { pdfText } from '../helpers/pdf';
import { todayIn } from '../../shared/dates';
import { fileLines, joinLines } from '../fixtures/asobancaria/build';
import { COMPANY } from '../helpers/backoffice';
import { requestReconnection } from '../../electron/core/modules/workorders/reconnection';

type T = TestBackOffice & { adminToken: string; officeId: number };
let t: T;
let coord: string;
let desk: CashierDesk;

beforeEach(async () => {
  t = await createInitializedBackOffice();
  coord = await loginAs(t, 'coordinador', 'coord1');
  desk = await openCashierDesk(t);
  await t.ok('chargeItems.save', { code: 'RECONEXION', name: 'Reconexión del servicio', amount: 85_000, active: true }, t.adminToken);
});
afterEach(async () => t.close());

const status = async (accountId: number) => ((await t.app.db('accounts').where({ id: accountId }).first('status')) as { status: string }).status;
const ordersOf = (accountId: number) => t.app.db('work_orders').where({ account_id: accountId }).orderBy('id');

/** a suspension order executed in the field now: the account is suspended for real */
async function suspendInField(accountId: number): Promise<number> {
  const order = await t.ok('workOrders.create', { accountId, type: 'suspension', reason: 'Aviso vencido' }, coord);
  await t.ok('workOrders.recordResult', { orderId: order.id, outcome: 'ejecutada', executedAt: new Date().toISOString(), executedBy: 'Pedro Gil', sealNumber: 'S-0001' }, coord);
  return order.id;
}

describe('a payment that leaves a suspended account with nothing overdue', () => {
  it('orders exactly one reconnection, due 24 hours after the payment, and the receipt says its number', async () => {
    const { accountId } = await accountWithInvoices(t, '100234', [50_000, 40_000]);
    await suspendInField(accountId);
    expect(await status(accountId)).toBe('suspendido');

    // a partial payment leaves February overdue: nothing is ordered
    const partial = await payCash(t, desk.token, accountId, 50_000);
    expect(partial.reconnection).toBeNull();
    expect((await ordersOf(accountId)).filter((o) => o.type === 'reconexion')).toEqual([]);

    const receipt: Receipt = await payCash(t, desk.token, accountId, 40_000);
    const reconnections = (await ordersOf(accountId)).filter((o) => o.type === 'reconexion');
    expect(reconnections).toHaveLength(1);
    const order = reconnections[0];
    expect(order).toMatchObject({ state: 'pendiente', origin: 'pago', priority: 'alta', payment_id: receipt.paymentId, origin_ref: `Pago, recibo ${receipt.receiptLabel}` });
    expect(order.number).toMatch(/^OT-\d{4}-000002$/); // the suspension was OT-…-000001
    // created in the payment's own transaction, at the payment's instant; 24 h = 86.400.000 ms later
    expect(order.created_at).toBe(receipt.postedAt);
    expect(Date.parse(order.due_at) - Date.parse(receipt.postedAt)).toBe(86_400_000);
    expect(receipt.reconnection).toMatchObject({ number: order.number, dueAt: order.due_at });

    // the printed receipt says it too
    const pdf = await t.ok('cashier.receiptPdf', { paymentId: receipt.paymentId, copy: false }, desk.token);
    expect(pdfText(Buffer.from(pdf.base64, 'base64')).replace(/\s+/g, ' ')).toContain(`Se ordenó la reconexión del servicio: orden ${order.number}`);

    // the board shows it open with its clock
    const board = await t.ok('workOrders.board', { open: true }, coord);
    expect(board.rows.map((r) => [r.number, r.type, r.late])).toEqual([[order.number, 'reconexion', false]]);
    // audited in the payment's own row (one row for the payment and what it ordered)
    const audit: { after_json: string }[] = await t.app.db('audit_log').where({ action: 'payment.post', entity_id: String(receipt.paymentId) }).select('after_json');
    expect(audit.map((a) => JSON.parse(a.after_json).reconnection)).toEqual([{ origin: 'pago', reconnections: [order.number], cancelledSuspensions: [], reason: 'La causa desapareció: la cuenta pagó lo vencido' }]);
    expect(await t.app.db('audit_log').where({ action: 'workOrders.reconnection' })).toEqual([]);
  });

  it('a later payment on the same account orders nothing more (one open reconnection per account)', async () => {
    const { accountId } = await accountWithInvoices(t, '100235', [50_000]);
    await suspendInField(accountId);
    await payCash(t, desk.token, accountId, 50_000);
    const second = await payCash(t, desk.token, accountId, 10_000); // credit on the account
    expect(second.reconnection).toBeNull();
    expect((await ordersOf(accountId)).filter((o) => o.type === 'reconexion')).toHaveLength(1);
  });

  it('two payments at once on two counters order exactly one reconnection', async () => {
    const { accountId } = await accountWithInvoices(t, '100236', [50_000]);
    await suspendInField(accountId);
    const other = await openCashierDesk(t, { username: 'cajero2', tillCode: 'C2' });
    const [a, b] = await Promise.all([payCash(t, desk.token, accountId, 50_000), payCash(t, other.token, accountId, 50_000)]);
    const reconnections = (await ordersOf(accountId)).filter((o) => o.type === 'reconexion');
    expect(reconnections).toHaveLength(1);
    // exactly one of the two receipts carries it
    expect([a.reconnection?.number ?? null, b.reconnection?.number ?? null].filter(Boolean)).toEqual([reconnections[0].number]);
  });

  it('cancels the pending suspension order of an account not yet suspended, with the reason, and orders no reconnection', async () => {
    const { accountId } = await accountWithInvoices(t, '100237', [50_000]);
    const suspension = await t.ok('workOrders.create', { accountId, type: 'suspension', reason: 'Aviso vencido' }, coord);
    await payCash(t, desk.token, accountId, 50_000);
    const [row] = await ordersOf(accountId);
    expect(row).toMatchObject({ id: suspension.id, state: 'anulada', cancel_reason: 'La causa desapareció: la cuenta pagó lo vencido' });
    expect(await ordersOf(accountId)).toHaveLength(1);
    expect(await status(accountId)).toBe('activo');
  });

  it('a bank file that pays a suspended account orders its reconnection in the file\'s transaction', async () => {
    const { accountId } = await accountWithInvoices(t, '100238', [50_000]);
    await suspendInField(accountId);
    const bytes = Buffer.from(joinLines(fileLines({ nit: COMPANY.nit.replace(/\D/g, ''), collectionDate: '20261110', lots: [[{ reference: '100238', amount: 5_000_000 }]] })), 'latin1');
    const { uploadId } = await t.ok('imports.begin', { kind: 'asobancaria', fileName: 'banco.txt', size: bytes.length }, coord);
    await t.ok('imports.chunk', { uploadId, offset: 0, dataBase64: bytes.toString('base64') }, coord);
    const { bankFileId } = await t.ok('bankFiles.commit', { uploadId }, coord);
    const reconnections = (await ordersOf(accountId)).filter((o) => o.type === 'reconexion');
    expect(reconnections).toHaveLength(1);
    expect(reconnections[0]).toMatchObject({ state: 'pendiente', origin: 'pago', origin_ref: `Pago por banco (archivo ${bankFileId})` });
  });

  it('a voided payment takes back the reconnection it ordered while it is still pending', async () => {
    const { accountId } = await accountWithInvoices(t, '100239', [50_000]);
    await suspendInField(accountId);
    const receipt = await payCash(t, desk.token, accountId, 50_000);
    await t.ok('cashier.void', { paymentId: receipt.paymentId, reason: 'Pago registrado a la cuenta equivocada', approval: { username: 'coord1', password: 'clave-de-prueba' } }, desk.token);
    const [reconnection] = (await ordersOf(accountId)).filter((o) => o.type === 'reconexion');
    expect(reconnection).toMatchObject({ state: 'anulada', cancel_reason: 'Se anuló el pago que la originó y la cuenta vuelve a deber' });
  });
});

describe("requestReconnection, for an agreement's activation without a down payment", () => {
  it('orders the reconnection of a suspended account with nothing overdue once, answers the open one after, and nothing while something is overdue', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100250', [50_000]);
    await t.app.db('accounts').where({ id: accountId }).update({ status: 'suspendido' });
    const actor = { userId: null, name: 'sistema', officeId: t.officeId };
    const businessDate = todayIn(COMPANY.timeZone);
    const ask = () => t.app.db.transaction((trx) => requestReconnection(trx, { accountId, origin: 'acuerdo', businessDate, actor, originRef: 'Acuerdo de pago AP-2026-000001' }));
    expect(await ask()).toBeNull(); // January is overdue
    // the agreement takes the invoice (balance 0, SSPD Concepto 91 de 2012)
    await t.app.db('invoices').where({ id: invoiceIds[0] }).update({ balance: 0 });
    const first = await ask();
    expect(first).toEqual({ number: expect.stringMatching(/^OT-\d{4}-000001$/), created: true });
    expect(await ask()).toEqual({ number: first?.number, created: false });
    expect(await ordersOf(accountId)).toMatchObject([{ type: 'reconexion', origin: 'acuerdo', origin_ref: 'Acuerdo de pago AP-2026-000001', state: 'pendiente' }]);
  });
});

describe('results from the field', () => {
  it('an executed reconnection after an executed suspension reactivates the account and adds the reconnection charge of the price list', async () => {
    const { accountId } = await accountWithInvoices(t, '100240', [50_000]);
    const suspensionId = await suspendInField(accountId);
    await payCash(t, desk.token, accountId, 50_000);
    const [order] = (await ordersOf(accountId)).filter((o) => o.type === 'reconexion');
    const result = await t.ok('workOrders.recordResult', { orderId: order.id, outcome: 'ejecutada', executedAt: new Date().toISOString(), executedBy: 'Pedro Gil', meterReading: 1234, sealNumber: 'S-0002' }, coord);
    expect(result.accountStatus).toBe('activo');
    expect(result.charge).toMatchObject({ concept: 'Reconexión del servicio', amount: 85_000 });
    expect(await status(accountId)).toBe('activo');
    const charges = await t.app.db('account_charges').where({ account_id: accountId });
    expect(charges.map((c) => [c.concept, Number(c.amount), Number(c.balance)])).toEqual([[`Reconexión del servicio (${order.number})`, 85_000, 85_000]]);
    expect(await t.app.db('work_orders').where({ id: order.id }).first('suspension_order_id', 'charge_id', 'meter_reading')).toEqual({ suspension_order_id: suspensionId, charge_id: charges[0].id, meter_reading: 1234 });
    // the same order cannot be recorded twice
    await expectRefusal(
      t.call('workOrders.recordResult', { orderId: order.id, outcome: 'ejecutada', executedAt: new Date().toISOString(), executedBy: 'Pedro Gil' }, coord),
      'RULE',
      `La orden ${order.number} ya está ejecutada: no se registra otro resultado.`,
    );
  });

  it('no charge when the suspension was never executed (the account came suspended from the billing system)', async () => {
    const { accountId } = await accountWithInvoices(t, '100241', [50_000]);
    await t.app.db('accounts').where({ id: accountId }).update({ status: 'suspendido' });
    await payCash(t, desk.token, accountId, 50_000);
    const [order] = (await ordersOf(accountId)).filter((o) => o.type === 'reconexion');
    const result = await t.ok('workOrders.recordResult', { orderId: order.id, outcome: 'ejecutada', executedAt: new Date().toISOString(), executedBy: 'Pedro Gil' }, coord);
    expect(result).toMatchObject({ accountStatus: 'activo', charge: null });
    expect(await t.app.db('account_charges').where({ account_id: accountId })).toEqual([]);
  });

  it('a failed suspension visit records its cause and leaves the account active', async () => {
    const { accountId } = await accountWithInvoices(t, '100242', [50_000]);
    const order = await t.ok('workOrders.create', { accountId, type: 'suspension', reason: 'Aviso vencido' }, coord);
    const result = await t.ok('workOrders.recordResult', { orderId: order.id, outcome: 'fallida', executedAt: new Date().toISOString(), executedBy: 'Pedro Gil', failureCause: 'predio_cerrado' }, coord);
    expect(result.order).toMatchObject({ state: 'fallida', failureCause: 'predio_cerrado' });
    expect(await status(accountId)).toBe('activo');
  });

  it('refuses a reinstalación result for an account never suspended, a date in the future, an order for a retired account; nothing written', async () => {
    const { accountId } = await accountWithInvoices(t, '100243', [50_000]);
    const order = await t.ok('workOrders.create', { accountId, type: 'reinstalacion', reason: 'Pedido del usuario' }, coord);
    const auditBefore = await t.app.db('audit_log').whereNot('action', 'like', 'auth.%').count({ n: '*' });
    await expectRefusal(
      t.call('workOrders.recordResult', { orderId: order.id, outcome: 'ejecutada', executedAt: new Date().toISOString(), executedBy: 'Pedro Gil' }, coord),
      'RULE',
      'La cuenta 100243 no está suspendida (está activo): no se registra una reinstalación.',
    );
    await expectRefusal(
      t.call('workOrders.recordResult', { orderId: order.id, outcome: 'fallida', executedAt: '2099-01-01 08:00', executedBy: 'Pedro Gil', failureCause: 'predio_cerrado' }, coord),
      'VALIDATION',
      'La fecha de ejecución (01/01/2099 08:00) es posterior a este momento.',
    );
    expect(await t.app.db('work_orders').where({ id: order.id }).first('state')).toEqual({ state: 'pendiente' });
    expect(await t.app.db('audit_log').whereNot('action', 'like', 'auth.%').count({ n: '*' })).toEqual(auditBefore);

    const retired = await insertAccount(t.app.db, { number: '100244', holderName: 'RETIRADA' });
    await t.app.db('accounts').where({ id: retired }).update({ status: 'retirado' });
    await expectRefusal(t.call('workOrders.create', { accountId: retired, type: 'revision', reason: 'Revisión' }, coord), 'RULE', 'La cuenta 100244 está retirada: no se le hacen órdenes de trabajo.');
    expect(await ordersOf(retired)).toEqual([]);
  });

  it('numbers orders OT-AAAA-000001 per office and year, consecutively', async () => {
    const { accountId } = await accountWithInvoices(t, '100245', [50_000]);
    const first = await t.ok('workOrders.create', { accountId, type: 'revision', reason: 'Revisión del medidor' }, coord);
    const second = await t.ok('workOrders.create', { accountId, type: 'verificacion_lectura', reason: 'Lectura dudosa' }, coord);
    const year = todayIn(COMPANY.timeZone).slice(0, 4);
    expect([first.number, second.number]).toEqual([`OT-${year}-000001`, `OT-${year}-000002`]);
  });
});
