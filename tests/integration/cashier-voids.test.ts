/**
 * Voiding payments (anulaciones) on a real database: the coordinator's credentials on the spot,
 * the void posted in the caller's current session even for a payment of an earlier one, balances
 * and credit restored, and refusals that change nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectRefusal } from '../helpers/refusal';
import { createInitializedBackOffice } from '../helpers/backoffice';
import { accountWithInvoices, copCount, createCoordinator, insertBankPayment, invoiceBalances, moneyRowCounts, openCashierDesk, pay, payCash, type CashierDesk, type InitializedBackOffice } from '../helpers/cashier';

let t: InitializedBackOffice;
let desk: CashierDesk;
let approval: { username: string; password: string };

beforeEach(async () => {
  t = await createInitializedBackOffice();
  desk = await openCashierDesk(t, { float: 100_000 });
  approval = (await createCoordinator(t)).approval;
});
afterEach(async () => t.close());

describe('voiding a payment', () => {
  it('with a wrong coordinator password (or the cashier approving) nothing changes', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [50_000]);
    const receipt = await payCash(t, desk.token, accountId, 50_000);
    const before = await moneyRowCounts(t);
    await expectRefusal(t.call('cashier.void', { paymentId: receipt.paymentId, reason: 'Cuenta equivocada', approval: { ...approval, password: 'equivocada' } }, desk.token), 'RULE', 'No se autorizó la operación: usuario o contraseña incorrectos, o ese usuario no puede autorizar aquí (debe ser un coordinador activo de esta oficina, distinto de quien hace la operación).');
    await expectRefusal(t.call('cashier.void', { paymentId: receipt.paymentId, reason: 'Cuenta equivocada', approval: { username: desk.username, password: 'clave-de-prueba' } }, desk.token), 'RULE', 'No se autorizó la operación: usuario o contraseña incorrectos, o ese usuario no puede autorizar aquí (debe ser un coordinador activo de esta oficina, distinto de quien hace la operación).');
    // nothing but the audit rows of the two refused approvals
    expect(await moneyRowCounts(t)).toEqual({ ...before, audit_log: before.audit_log + 2 });
    expect(await invoiceBalances(t, invoiceIds)).toEqual([0]);
    expect((await t.ok('cashier.receipt', { paymentId: receipt.paymentId }, desk.token)).status).toBe('vigente');
  });

  it('voids in the same session: receipt ANULADO, invoice restored, cash handed back, listed in the report', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [54_300]);
    const receipt = await payCash(t, desk.token, accountId, 54_300, { received: 60_000 });
    const result = await t.ok('cashier.void', { paymentId: receipt.paymentId, reason: 'Pagó la cuenta equivocada', approval }, desk.token);
    expect(result.cashReturned).toBe(54_300);
    expect(result.receipt.status).toBe('anulado');
    expect(result.receipt.void).toMatchObject({ reason: 'Pagó la cuenta equivocada', approvedBy: 'Usuario coordinador', voidedBy: 'Usuario cajero' });
    expect(await invoiceBalances(t, invoiceIds)).toEqual([54_300]);
    await expectRefusal(t.call('cashier.void', { paymentId: receipt.paymentId, reason: 'Otra vez', approval }, desk.token), 'CONFLICT', 'El recibo GAR-000001 ya está anulado.');
    const summary = await t.ok('cashier.closePreview', { count: copCount(100_000) }, desk.token);
    // 100.000 + 60.000 − 5.700 − 54.300 returned
    expect(summary.expectedCash).toBe('100000');
    expect(summary.perMethod).toEqual([]);
    const report = await t.ok('cashier.sessionReport', { sessionId: desk.sessionId }, desk.token);
    expect(report.receipts.map((r) => r.status)).toEqual(['anulado']);
    expect(report.voids).toEqual([expect.objectContaining({ receiptLabel: 'GAR-000001', amount: 54_300, cashReturned: 54_300, approvedBy: 'Usuario coordinador' })]);
    expect(await t.app.db('audit_log').where({ action: 'payment.void' }).first()).toBeTruthy();
  });

  it('a payment of an earlier session is voided in the current one: its cash leaves the later drawer', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [40_000]);
    const receipt = await pay(t, desk.token, {
      accountId,
      tenders: [
        { method: 'efectivo', amount: 25_000, received: 30_000 },
        { method: 'tarjeta_credito', amount: 15_000, reference: 'V-88' },
      ],
    });
    await t.ok('cashier.close', { count: copCount(125_000), note: '' }, desk.token);
    const later = await t.ok('cashier.open', { tillId: desk.tillId, count: copCount(100_000) }, desk.token);
    const result = await t.ok('cashier.void', { paymentId: receipt.paymentId, reason: 'Error de digitación', approval }, desk.token);
    expect(result.cashReturned).toBe(25_000);
    expect(await invoiceBalances(t, invoiceIds)).toEqual([40_000]);
    const voidRow = await t.app.db('payment_voids').where({ payment_id: receipt.paymentId }).first();
    expect(voidRow.session_id).toBe(later.id);
    const summary = await t.ok('cashier.closePreview', { count: copCount(75_000) }, desk.token);
    expect(summary).toMatchObject({ voidsCashReturned: '25000', expectedCash: '75000', difference: '0' });
    // the earlier, closed session keeps its figures
    const earlier = await t.ok('cashier.sessionReport', { sessionId: desk.sessionId }, desk.token);
    expect(earlier.session.expectedCash).toBe(125_000);
    expect(earlier.receipts[0].status).toBe('anulado');
    expect(earlier.voids).toEqual([]);
    const laterReport = await t.ok('cashier.sessionReport', { sessionId: later.id }, desk.token);
    expect(laterReport.voids.map((v) => v.paymentId)).toEqual([receipt.paymentId]);
  });

  it('takes back the credit it left, and refuses when the credit was already used', async () => {
    const { accountId } = await accountWithInvoices(t, '100234', [40_000]);
    const overpaid = await payCash(t, desk.token, accountId, 50_000);
    expect(overpaid.creditAdded).toBe(10_000);
    await t.app.db('accounts').where({ id: accountId }).update({ credit_balance: 4_000 }); // part of the credit used elsewhere
    const before = await moneyRowCounts(t);
    await expectRefusal(t.call('cashier.void', { paymentId: overpaid.paymentId, reason: 'Error de digitación', approval }, desk.token), 'RULE', 'No se puede anular: este pago dejó un saldo a favor de $ 10.000 y la cuenta ya usó parte de él (hoy tiene $ 4.000).');
    // nothing but the audit row of the approval, which stays though the void was refused
    expect(await moneyRowCounts(t)).toEqual({ ...before, audit_log: before.audit_log + 1 });
    await t.app.db('accounts').where({ id: accountId }).update({ credit_balance: 10_000 });
    await t.ok('cashier.void', { paymentId: overpaid.paymentId, reason: 'Error de digitación', approval }, desk.token);
    const account = await t.app.db('accounts').where({ id: accountId }).first('credit_balance');
    expect(Number(account.credit_balance)).toBe(0);
  });

  it('a bank payment cannot be voided at the counter', async () => {
    const { accountId } = await accountWithInvoices(t, '100234', [40_000]);
    const paymentId = await insertBankPayment(t, accountId);
    await expectRefusal(t.call('cashier.void', { paymentId, reason: 'No corresponde', approval }, desk.token), 'RULE', 'Un pago recibido por archivo del banco no se anula en la caja.');
  });
});

describe('receipts', () => {
  it('finds a receipt by number in the office', async () => {
    const { accountId } = await accountWithInvoices(t, '100234', [40_000]);
    const receipt = await payCash(t, desk.token, accountId, 40_000);
    const found = await t.ok('cashier.findReceipt', { receiptNumber: receipt.receiptNumber }, desk.token);
    expect(found.paymentId).toBe(receipt.paymentId);
    await expectRefusal(t.call('cashier.findReceipt', { receiptNumber: 99 }, desk.token), 'NOT_FOUND', 'El recibo número 99 en esta oficina no existe');
    const listed = await t.ok('cashier.payments', {}, desk.token);
    expect(listed.map((r) => r.receiptLabel)).toEqual(['GAR-000001']);
  });
});
