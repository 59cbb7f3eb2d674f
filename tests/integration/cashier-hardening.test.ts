/**
 * Issue 12 (hardening), the money of the till, one test per defect on a real database (SQLite, or
 * PostgreSQL with VENTANILLA_TEST_PG_URL): the close/pay race, a void's cash refund the drawer cannot
 * cover (and the refund by transfer), one ORIGINAL receipt under concurrent first prints, the limits
 * of card, transfer and cheque tenders, idempotency keys (same key, other data; scoped to the office)
 * and sums exact past 2^53 in the recaudo report and the closing figures.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/result';
import { closingSummary } from '../../electron/core/modules/cashier/closing';
import { createInitializedBackOffice, createUserReady, loginAs, OFFICE } from '../helpers/backoffice';
import { insertAccount } from '../helpers/accounts';
import {
  accountWithInvoices,
  copCount,
  createCoordinator,
  insertBankPayment,
  invoiceBalances,
  moneyRowCounts,
  openCashierDesk,
  pay,
  payCash,
  paymentKey,
  type CashierDesk,
  type InitializedBackOffice,
} from '../helpers/cashier';
import { pdfTextFlat } from '../helpers/pdf';

let t: InitializedBackOffice;

beforeEach(async () => {
  t = await createInitializedBackOffice();
});
afterEach(async () => t.close());

/** the refusal's code and Spanish message (and nothing else) */
function refusal<T>(result: Result<T>): { code: string; message: string } | null {
  return result.ok ? null : { code: result.error.code, message: result.error.message };
}

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const count = async (table: string, where: Record<string, unknown> = {}) => Number((await t.app.db(table).where(where).count<{ n: number | string }[]>({ n: '*' }))[0].n);

describe('Medium 5: the close/pay race', () => {
  const RUNS = 50;

  it(`the close/pay race run ${RUNS} times never closes over the limit without approval`, async () => {
    const LIMIT = 5_000; // the default cashDifferenceLimit
    const desk = await openCashierDesk(t, { float: 100_000 });
    const { accountId } = await accountWithInvoices(t, '100234', [90_000_000]);
    const { approval } = await createCoordinator(t);
    let sessionId = desk.sessionId;
    const outcomes = { closedFirst: 0, paidFirst: 0 };
    for (let run = 0; run < RUNS; run++) {
      // the drawer holds exactly the float; the cashier counts it and closes while a 10.000 cash
      // payment posts. Which one starts first, and how much later the other does (0–9 ms), moves
      // from run to run, so that the payment lands before, during and after the close's work.
      const lag = run % 10;
      const [closed, paid] = await Promise.all([
        later(run % 2 === 1 ? lag : 0).then(() => t.call('cashier.close', { count: copCount(100_000), note: '' }, desk.token)),
        later(run % 2 === 0 ? lag : 0).then(() =>
          t.call('cashier.pay', { idempotencyKey: paymentKey(), accountId, tenders: [{ method: 'efectivo', amount: 10_000, received: 10_000 }] }, desk.token),
        ),
      ]);
      const row = await t.app.db('cash_sessions').where({ id: sessionId }).first();
      if (row.status === 'cerrada') {
        // closed: within the limit (the payment came after and was refused), or approved
        expect(Math.abs(Number(row.difference)) <= LIMIT || row.approved_by !== null, `turno ${sessionId}: diferencia ${row.difference} sin aprobación`).toBe(true);
        // and its figures hold every payment of the session: none got in after the count
        const now = await closingSummary(t.app.db, row, Number(row.counted_cash), LIMIT);
        expect(String(row.expected_cash)).toBe(String(now.expectedCash));
        expect(refusal(paid)).toEqual({ code: 'RULE', message: 'No tiene una caja abierta: abra la caja con el conteo del fondo antes de recibir dinero.' });
        outcomes.closedFirst += 1;
      } else {
        // the payment got in first: 10.000 more expected than counted, a faltante above the limit
        expect(paid.ok).toBe(true);
        expect(refusal(closed)).toEqual({ code: 'RULE', message: 'La diferencia (faltante de $ 10.000) supera el límite de $ 5.000: un coordinador debe autorizar el cierre.' });
        await t.ok('cashier.close', { count: copCount(100_000), note: 'Cierre con faltante aprobado', approval }, desk.token);
        outcomes.paidFirst += 1;
      }
      sessionId = (await t.ok('cashier.open', { tillId: desk.tillId, count: copCount(100_000) }, desk.token)).id;
    }
    const unapproved = await t.app.db('cash_sessions').where({ status: 'cerrada' }).whereNull('approved_by').whereRaw('ABS(difference) > ?', [LIMIT]).count<{ n: number | string }[]>({ n: '*' });
    expect(Number(unapproved[0].n)).toBe(0);
    console.log(`[carrera cierre/pago] ${RUNS} corridas: cerró primero ${outcomes.closedFirst}, pagó primero ${outcomes.paidFirst}`);
  }, 240_000);

  it('an approval given for one difference does not close another one that a payment made meanwhile', async () => {
    const desk = await openCashierDesk(t, { float: 100_000 });
    const { accountId } = await accountWithInvoices(t, '100234', [500_000]);
    const { approval } = await createCoordinator(t);
    // counted 90.000: the preview shows a faltante of 10.000, the coordinator approves that one; a 50.000 cash payment posts meanwhile
    const preview = await t.ok('cashier.closePreview', { count: copCount(90_000) }, desk.token);
    expect(preview.difference).toBe('-10000');
    const [closed, paid] = await Promise.all([
      t.call('cashier.close', { count: copCount(90_000), note: '', approval, approvedDifference: preview.difference }, desk.token),
      payCash(t, desk.token, accountId, 50_000).then(
        () => true,
        () => false,
      ),
    ]);
    const row = await t.app.db('cash_sessions').where({ id: desk.sessionId }).first();
    if (row.status === 'cerrada') {
      // the close went first: the approved faltante of 10.000 and nothing more
      expect(Number(row.difference)).toBe(-10_000);
      expect(paid).toBe(false);
    } else {
      expect(paid).toBe(true);
      expect(refusal(closed)).toEqual({
        code: 'CONFLICT',
        message: 'Mientras cerraba se registró otro movimiento en la caja: la diferencia ahora es faltante de $ 60.000. Revise las cifras y pida de nuevo la autorización del coordinador.',
      });
    }
  });
});

describe('the close carries the difference the coordinator approved', () => {
  it('a payment posted after the preview makes the close refuse, before the coordinator is asked, and writes nothing', async () => {
    const desk = await openCashierDesk(t, { float: 100_000 });
    const { accountId } = await accountWithInvoices(t, '100235', [500_000]);
    const { approval } = await createCoordinator(t, 'coordinador9');
    const preview = await t.ok('cashier.closePreview', { count: copCount(90_000) }, desk.token);
    expect(preview.difference).toBe('-10000'); // 90.000 counted − 100.000 float
    await payCash(t, desk.token, accountId, 50_000); // expected now 150.000: faltante of 60.000
    const auditRows = await t.app.db('audit_log').count<{ n: number }[]>({ n: '*' });
    const refused = await t.call('cashier.close', { count: copCount(90_000), note: '', approval, approvedDifference: preview.difference }, desk.token);
    expect(refusal(refused)).toEqual({
      code: 'CONFLICT',
      message: 'Mientras cerraba se registró otro movimiento en la caja: la diferencia ahora es faltante de $ 60.000. Revise las cifras y pida de nuevo la autorización del coordinador.',
    });
    expect((await t.app.db('cash_sessions').where({ id: desk.sessionId }).first()).status).toBe('abierta');
    expect(await t.app.db('audit_log').count<{ n: number }[]>({ n: '*' })).toEqual(auditRows);
  });
});

describe('Medium 6: a void refund never takes the drawer below zero', () => {
  let desk: CashierDesk;
  let approval: { username: string; password: string };
  beforeEach(async () => {
    desk = await openCashierDesk(t, { float: 100_000 });
    approval = (await createCoordinator(t)).approval;
  });

  it('a cash refund the drawer cannot cover is refused with the way out, and writes nothing; the refund by transfer goes through', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [50_000]);
    const receipt = await payCash(t, desk.token, accountId, 50_000);
    // 100.000 + 50.000 in the drawer; 140.000 go to the bank: 10.000 left
    await t.ok('cashier.movement', { kind: 'salida', amount: 140_000, reason: 'consignacion_banco', note: '' }, desk.token);
    const before = await moneyRowCounts(t);
    const refused = await t.call('cashier.void', { paymentId: receipt.paymentId, reason: 'Pagó la cuenta equivocada', approval }, desk.token);
    expect(refusal(refused)).toEqual({
      code: 'RULE',
      message:
        'La caja no alcanza para devolver $ 50.000 en efectivo (debería haber $ 10.000): devuelva el dinero por transferencia, con la referencia de la transferencia y la autorización del coordinador.',
    });
    expect(await moneyRowCounts(t)).toEqual(before);
    expect(await invoiceBalances(t, invoiceIds)).toEqual([0]);

    const noReference = await t.call('cashier.void', { paymentId: receipt.paymentId, reason: 'Pagó la cuenta equivocada', approval, refund: { method: 'transferencia', reference: ' ' } }, desk.token);
    expect(refusal(noReference)).toEqual({ code: 'VALIDATION', message: 'Escriba la referencia de la transferencia con la que se devuelve el dinero' });
    expect(await moneyRowCounts(t)).toEqual(before);

    const done = await t.ok('cashier.void', { paymentId: receipt.paymentId, reason: 'Pagó la cuenta equivocada', approval, refund: { method: 'transferencia', reference: 'TRF-778812' } }, desk.token);
    expect(done.cashReturned).toBe(0);
    expect(done.refund).toEqual({ method: 'transferencia', amount: 50_000, reference: 'TRF-778812' });
    expect(done.receipt.status).toBe('anulado');
    expect(await invoiceBalances(t, invoiceIds)).toEqual([50_000]);
    // the drawer keeps its 10.000
    const summary = await t.ok('cashier.closePreview', { count: copCount(10_000) }, desk.token);
    expect(summary).toMatchObject({ voidsCashReturned: '0', expectedCash: '10000', difference: '0' });
    const report = await t.ok('cashier.sessionReport', { sessionId: desk.sessionId }, desk.token);
    expect(report.voids).toEqual([expect.objectContaining({ receiptLabel: 'GAR-000001', cashReturned: 0, refundMethod: 'transferencia', refundReference: 'TRF-778812' })]);
    const audit = await t.app.db('audit_log').where({ action: 'payment.void', entity_id: String(receipt.paymentId) }).first('after_json');
    expect(JSON.parse(audit.after_json)).toMatchObject({ refund_method: 'transferencia', refund_reference: 'TRF-778812', refund_amount: 50_000, cash_returned: 0 });
    const pdf = await t.ok('cashier.sessionReportPdf', { sessionId: desk.sessionId }, desk.token);
    // the refund column says the transfer and its reference (on two lines: the column is narrow)
    const voids = /Anulaciones registradas en el turno \(1\)([\s\S]*)Entradas y salidas/.exec(pdfTextFlat(Buffer.from(pdf.base64, 'base64')))?.[1] ?? '';
    expect(voids).toMatch(/GAR-000001 .* \$ 50\.000 Transf\. /);
    expect(voids).toContain('TRF-778812');
  });

  it('a void refused anyway (already voided, or a bank payment) is refused before the coordinator is asked', async () => {
    const { accountId } = await accountWithInvoices(t, '100234', [50_000]);
    const receipt = await payCash(t, desk.token, accountId, 50_000);
    await t.ok('cashier.void', { paymentId: receipt.paymentId, reason: 'Pagó la cuenta equivocada', approval }, desk.token);
    // a wrong password would answer the approval's error if the coordinator were asked first
    const wrong = { ...approval, password: 'equivocada' };
    const again = await t.call('cashier.void', { paymentId: receipt.paymentId, reason: 'Otra vez', approval: wrong }, desk.token);
    expect(refusal(again)).toEqual({ code: 'CONFLICT', message: 'El recibo GAR-000001 ya está anulado.' });
    const bankPaymentId = await insertBankPayment(t, accountId);
    const bank = await t.call('cashier.void', { paymentId: bankPaymentId, reason: 'No corresponde', approval: wrong }, desk.token);
    expect(refusal(bank)).toEqual({ code: 'RULE', message: 'Un pago recibido por archivo del banco no se anula en la caja.' });
    expect((await t.app.db('payments').where({ id: bankPaymentId }).first('status')).status).toBe('vigente');
  });

  it('a payment without cash has nothing to give back by transfer', async () => {
    const { accountId } = await accountWithInvoices(t, '100234', [50_000]);
    const receipt = await pay(t, desk.token, { accountId, tenders: [{ method: 'tarjeta_debito', amount: 50_000, reference: 'V-1' }] });
    const before = await moneyRowCounts(t);
    const refused = await t.call('cashier.void', { paymentId: receipt.paymentId, reason: 'Pagó la cuenta equivocada', approval, refund: { method: 'transferencia', reference: 'TRF-1' } }, desk.token);
    expect(refusal(refused)).toEqual({ code: 'RULE', message: 'Este pago no tuvo efectivo: no hay nada que devolver por transferencia.' });
    expect(await moneyRowCounts(t)).toEqual(before);
  });

  it('two cash refunds at once that the drawer covers only one at a time: one goes through, the other is refused', async () => {
    const { accountId } = await accountWithInvoices(t, '100234', [60_000, 60_000]);
    const first = await payCash(t, desk.token, accountId, 60_000);
    const second = await payCash(t, desk.token, accountId, 60_000);
    // 100.000 + 120.000; 130.000 go to the bank: 90.000 left, enough for one refund of 60.000
    await t.ok('cashier.movement', { kind: 'salida', amount: 130_000, reason: 'consignacion_banco', note: '' }, desk.token);
    const results = await Promise.all(
      [first, second].map((r) => t.call('cashier.void', { paymentId: r.paymentId, reason: 'Pago duplicado', approval }, desk.token)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.find((r) => !r.ok);
    expect(refusal(refused as Result<unknown>)).toEqual({
      code: 'RULE',
      message: 'La caja no alcanza para devolver $ 60.000 en efectivo (debería haber $ 30.000): devuelva el dinero por transferencia, con la referencia de la transferencia y la autorización del coordinador.',
    });
    const summary = await t.ok('cashier.closePreview', { count: copCount(30_000) }, desk.token);
    expect(summary.expectedCash).toBe('30000');
  });
});

describe('Medium 7: one ORIGINAL receipt', () => {
  it('6 concurrent first prints give 1 ORIGINAL; every other print says COPIA and is audited', async () => {
    const desk = await openCashierDesk(t);
    const { accountId } = await accountWithInvoices(t, '100234', [54_300]);
    const receipt = await payCash(t, desk.token, accountId, 54_300, { received: 60_000 });
    const prints = await Promise.all(Array.from({ length: 6 }, () => t.ok('cashier.receiptPdf', { paymentId: receipt.paymentId, copy: false }, desk.token)));
    const texts = prints.map((p) => pdfTextFlat(Buffer.from(p.base64, 'base64')));
    expect(texts.filter((x) => !x.includes('COPIA'))).toHaveLength(1);
    expect(texts.filter((x) => x.includes('COPIA'))).toHaveLength(5);
    expect(prints.filter((p) => p.fileName === 'recibo-GAR-000001.pdf')).toHaveLength(1);
    expect(await count('receipt_prints', { payment_id: receipt.paymentId, copy: false })).toBe(1);
    expect(await count('receipt_prints', { payment_id: receipt.paymentId, copy: true })).toBe(5);
    // the first print is audited too
    expect(await count('audit_log', { action: 'receipt.print', entity_id: String(receipt.paymentId) })).toBe(1);
    expect(await count('audit_log', { action: 'receipt.reprint', entity_id: String(receipt.paymentId) })).toBe(5);
    expect((await t.ok('cashier.receipt', { paymentId: receipt.paymentId }, desk.token)).copiesPrinted).toBe(5);
  });
});

describe('Medium 8: card, transfer and cheque tenders have limits', () => {
  let desk: CashierDesk;
  beforeEach(async () => {
    desk = await openCashierDesk(t);
  });

  it('a transfer larger than the debt is refused with its message and nothing written', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [50_000]);
    const before = await moneyRowCounts(t);
    const result = await t.call('cashier.pay', { idempotencyKey: paymentKey(), accountId, tenders: [{ method: 'transferencia', amount: 60_000, reference: 'NEQUI-55' }] }, desk.token);
    const message = 'La transferencia ($ 60.000) pasa de lo que se paga ($ 50.000): con tarjeta, transferencia o cheque no hay cambio ni saldo a favor. Corrija el valor o reciba el resto en efectivo.';
    expect(refusal(result)).toEqual({ code: 'VALIDATION', message });
    expect(result.ok ? null : result.error.fields).toEqual({ 'tenders.0.amount': message });
    expect(await moneyRowCounts(t)).toEqual(before);
    expect(await invoiceBalances(t, invoiceIds)).toEqual([50_000]);
    const account = await t.app.db('accounts').where({ id: accountId }).first('credit_balance');
    expect(Number(account.credit_balance)).toBe(0);
  });

  it('together they are capped by the debts picked (plus the charges added); cash may still leave a credit', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [40_000, 45_000]);
    const picked = [{ kind: 'invoice' as const, id: invoiceIds[0] }];
    const before = await moneyRowCounts(t);
    const over = await t.call(
      'cashier.pay',
      {
        idempotencyKey: paymentKey(),
        accountId,
        picked,
        tenders: [
          { method: 'tarjeta_credito', amount: 30_000, reference: 'V-9' },
          { method: 'cheque', amount: 15_000, reference: '000123', bank: 'Banco de Bogotá' },
        ],
      },
      desk.token,
    );
    const message = 'Las tarjetas, transferencias y cheques ($ 45.000) pasan de lo que se paga ($ 40.000): con tarjeta, transferencia o cheque no hay cambio ni saldo a favor. Corrija el valor o reciba el resto en efectivo.';
    expect(refusal(over)).toEqual({ code: 'VALIDATION', message });
    expect(over.ok ? null : over.error.fields).toEqual({ 'tenders.1.amount': message });
    expect(await moneyRowCounts(t)).toEqual(before);

    // a card for 30.000 and 20.000 in cash on the 40.000 picked: the 10.000 over is cash, so a credit
    const receipt = await pay(t, desk.token, {
      accountId,
      picked,
      tenders: [
        { method: 'tarjeta_credito', amount: 30_000, reference: 'V-9' },
        { method: 'efectivo', amount: 20_000, received: 20_000 },
      ],
    });
    expect(receipt.creditAdded).toBe(10_000);
    expect(await invoiceBalances(t, invoiceIds)).toEqual([0, 45_000]);

    // a charge added now counts in what is being paid
    const [item] = await t.app.db('charge_items').insert({ code: 'RECON', name: 'Reconexión', amount: 25_000, active: true }).returning('id');
    const chargeItemId = Number(typeof item === 'object' ? item.id : item);
    const withCharge = await pay(t, desk.token, { accountId, newCharges: [{ chargeItemId, quantity: 1 }], tenders: [{ method: 'transferencia', amount: 70_000, reference: 'T-70' }] });
    expect(withCharge.amount).toBe(70_000);
    expect(withCharge.creditAdded).toBe(0);
  });

  it('six transfers of 999.999.999.999 are refused by the maximum per receipt, in Spanish, writing nothing', async () => {
    const { accountId } = await accountWithInvoices(t, '100234', [50_000]);
    const before = await moneyRowCounts(t);
    const tenders = Array.from({ length: 6 }, (_, i) => ({ method: 'transferencia' as const, amount: 999_999_999_999, reference: `T-${i}` }));
    const result = await t.call('cashier.pay', { idempotencyKey: paymentKey(), accountId, tenders }, desk.token);
    expect(refusal(result)).toEqual({ code: 'VALIDATION', message: 'El pago de $ 5.999.999.999.994 pasa del máximo por recibo ($ 100.000.000, en Ajustes).' });
    expect(await moneyRowCounts(t)).toEqual(before);
  });

  it('the maximum per receipt is a setting, for cash too', async () => {
    const { accountId } = await accountWithInvoices(t, '100234', [3_000_000]);
    const settings = await t.ok('settings.get', {}, t.adminToken);
    await t.ok('settings.update', { ...settings, maxReceiptAmount: 2_000_000 }, t.adminToken);
    const before = await moneyRowCounts(t);
    const result = await t.call('cashier.pay', { idempotencyKey: paymentKey(), accountId, tenders: [{ method: 'efectivo', amount: 2_000_001, received: 2_000_001 }] }, desk.token);
    expect(refusal(result)).toEqual({ code: 'VALIDATION', message: 'El pago de $ 2.000.001 pasa del máximo por recibo ($ 2.000.000, en Ajustes).' });
    expect(await moneyRowCounts(t)).toEqual(before);
    expect((await payCash(t, desk.token, accountId, 2_000_000)).amount).toBe(2_000_000);
  });

  it('above the threshold a coordinator approves on the spot; the payment names them', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [3_000_000]);
    const { approval } = await createCoordinator(t);
    const settings = await t.ok('settings.get', {}, t.adminToken);
    await t.ok('settings.update', { ...settings, nonCashApprovalThreshold: 1_000_000 }, t.adminToken);
    const before = await moneyRowCounts(t);
    const tenders = [{ method: 'transferencia' as const, amount: 2_000_000, reference: 'TRF-2M' }];
    const without = await t.call('cashier.pay', { idempotencyKey: paymentKey(), accountId, tenders }, desk.token);
    const message = 'Las tarjetas, transferencias y cheques de este pago suman $ 2.000.000: por encima de $ 1.000.000 un coordinador debe autorizarlo.';
    expect(refusal(without)).toEqual({ code: 'RULE', message });
    expect(without.ok ? null : without.error.fields).toEqual({ approval: message });
    expect(await moneyRowCounts(t)).toEqual(before);

    // cash is not limited by the threshold
    await payCash(t, desk.token, accountId, 900_000);
    const key = paymentKey();
    const receipt = await pay(t, desk.token, { accountId, tenders, approval, idempotencyKey: key });
    expect(receipt.amount).toBe(2_000_000);
    expect(await invoiceBalances(t, invoiceIds)).toEqual([100_000]);
    // the same request sent again (the answer was lost): the first receipt, the coordinator not asked again, nothing written
    const written = await moneyRowCounts(t);
    const approvals = await t.app.db('audit_log').where({ entity: 'approval' }).count<{ n: number }[]>({ n: '*' });
    expect(await pay(t, desk.token, { accountId, tenders, approval, idempotencyKey: key })).toEqual(receipt);
    expect(await moneyRowCounts(t)).toEqual(written);
    expect(await t.app.db('audit_log').where({ entity: 'approval' }).count<{ n: number }[]>({ n: '*' })).toEqual(approvals);
    const coordinatorId = (await t.app.db('users').where({ username: approval.username }).first('id')).id;
    expect((await t.app.db('payments').where({ id: receipt.paymentId }).first('approved_by')).approved_by).toBe(coordinatorId);
    const audit = await t.app.db('audit_log').where({ action: 'payment.post', entity_id: String(receipt.paymentId) }).first('after_json');
    expect(JSON.parse(audit.after_json)).toMatchObject({ approvedBy: approval.username });
  });
});

describe('Low: idempotency keys', () => {
  it('an idempotency key re-sent with a different payload is a conflict, not the first receipt', async () => {
    const desk = await openCashierDesk(t);
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [50_000, 50_000]);
    const key = paymentKey();
    const first = await payCash(t, desk.token, accountId, 50_000, { idempotencyKey: key });
    const before = await moneyRowCounts(t);
    const other = await t.call('cashier.pay', { idempotencyKey: key, accountId, tenders: [{ method: 'efectivo', amount: 40_000, received: 40_000 }] }, desk.token);
    expect(refusal(other)).toEqual({
      code: 'CONFLICT',
      message: 'Esta operación ya se registró como el recibo GAR-000001 con otros datos (cuenta, valores o medios de pago): consulte ese recibo antes de cobrar de nuevo.',
    });
    const otherMethod = await t.call('cashier.pay', { idempotencyKey: key, accountId, tenders: [{ method: 'tarjeta_debito', amount: 50_000, reference: 'V-1' }] }, desk.token);
    expect(refusal(otherMethod)?.code).toBe('CONFLICT');
    expect(await moneyRowCounts(t)).toEqual(before);
    // the same request again is the first receipt
    expect((await payCash(t, desk.token, accountId, 50_000, { idempotencyKey: key })).paymentId).toBe(first.paymentId);
    expect(await invoiceBalances(t, invoiceIds)).toEqual([0, 50_000]);
  });

  it('keys are scoped to the office: another office with the same key posts its own receipt', async () => {
    const desk = await openCashierDesk(t);
    const { accountId } = await accountWithInvoices(t, '100234', [50_000, 50_000]);
    const tenza = await t.ok('offices.create', { ...OFFICE, code: 'TEN', name: 'Oficina Tenza' }, t.adminToken);
    const till = await t.ok('tills.save', { officeId: tenza.id, code: 'C1', name: 'Caja Tenza', receiptLayout: 'termica80', active: true }, t.adminToken);
    const tenzaToken = await createUserReady(t, { fullName: 'Cajera Tenza', username: 'cajeratenza', officeId: tenza.id, role: 'cajero', password: 'clave-de-prueba' });
    await t.ok('cashier.open', { tillId: till.id, count: copCount(100_000) }, tenzaToken);
    const key = paymentKey();
    const inGaragoa = await payCash(t, desk.token, accountId, 50_000, { idempotencyKey: key });
    const inTenza = await payCash(t, tenzaToken, accountId, 50_000, { idempotencyKey: key });
    expect(inTenza.paymentId).not.toBe(inGaragoa.paymentId);
    expect([inGaragoa.receiptLabel, inTenza.receiptLabel]).toEqual(['GAR-000001', 'TEN-000001']);
    expect(await count('payments', { idempotency_key: key })).toBe(2);
  });
});

describe('Low: sums exact past 2^53', () => {
  // 2^53 − 1 and 2: JS numbers would give 9007199254740992 for their sum
  const BIG = '9007199254740991';

  async function bigPayment(accountId: number, p: { sessionId: number | null; cashierId: number; receipt: number; date: string; method: 'efectivo' | 'transferencia'; amount: string }) {
    const [row] = await t.app
      .db('payments')
      .insert({
        office_id: t.officeId,
        session_id: p.sessionId,
        account_id: accountId,
        receipt_number: p.receipt,
        idempotency_key: `grande-${p.receipt}`,
        source: 'caja',
        business_date: p.date,
        posted_at: `${p.date}T15:00:00.000Z`,
        cashier_id: p.cashierId,
        amount: p.amount,
        cash_received: p.method === 'efectivo' ? p.amount : 0,
        balance_after: 0,
        status: 'vigente',
        verification_code: `V${p.receipt}`,
      })
      .returning('id');
    const paymentId = Number(typeof row === 'object' ? row.id : row);
    await t.app.db('payment_tenders').insert({ payment_id: paymentId, method: p.method, amount: p.amount });
  }

  it('the recaudo report totals are exact past 2^53 (screen, CSV and PDF)', async () => {
    await loginAs(t, 'cajero');
    const cashierId = (await t.app.db('users').where({ username: 'cajero1' }).first('id')).id;
    const accountId = await insertAccount(t.app.db, { number: '900001', holderName: 'INDUSTRIAS GRANDES S.A.' });
    const date = '2026-11-18';
    await bigPayment(accountId, { sessionId: null, cashierId, receipt: 1, date, method: 'efectivo', amount: BIG });
    await bigPayment(accountId, { sessionId: null, cashierId, receipt: 2, date, method: 'efectivo', amount: '2' });
    await bigPayment(accountId, { sessionId: null, cashierId, receipt: 3, date, method: 'transferencia', amount: BIG });
    const report = await t.ok('reports.recaudo', { from: date, to: date }, t.adminToken);
    expect(report.rows.map((r) => [r.method, r.count, r.amount])).toEqual([
      ['efectivo', 2, '9007199254740993'],
      ['transferencia', 1, '9007199254740991'],
    ]);
    expect(report.totals.map((m) => m.amount)).toEqual(['9007199254740993', '9007199254740991']);
    expect(report.total).toBe('18014398509481984');
    const csv = await t.ok('reports.recaudoFile', { from: date, to: date, format: 'csv' }, t.adminToken);
    expect(Buffer.from(csv.base64, 'base64').toString('utf8')).toContain(';Efectivo;2;9007199254740993\r\n');
    const pdf = await t.ok('reports.recaudoFile', { from: date, to: date, format: 'pdf' }, t.adminToken);
    // such amounts wrap in the table's columns: read the text without its line breaks
    const text = pdfTextFlat(Buffer.from(pdf.base64, 'base64')).replace(/\s+/g, '');
    expect(text).toContain('Efectivo2$9.007.199.254.740.993');
    expect(text).toContain('TOTALRECAUDADO3$18.014.398.509.481.984');
  });

  it('the closing figures are exact past 2^53', async () => {
    const desk = await openCashierDesk(t, { float: 100_000 });
    const cashierId = (await t.app.db('users').where({ username: desk.username }).first('id')).id;
    const accountId = await insertAccount(t.app.db, { number: '900001', holderName: 'INDUSTRIAS GRANDES S.A.' });
    const date = '2026-11-18';
    await bigPayment(accountId, { sessionId: desk.sessionId, cashierId, receipt: 1, date, method: 'efectivo', amount: BIG });
    await bigPayment(accountId, { sessionId: desk.sessionId, cashierId, receipt: 2, date, method: 'efectivo', amount: '2' });
    const summary = await t.ok('cashier.closePreview', { count: copCount(100_000) }, desk.token);
    expect(summary.cashReceived).toBe('9007199254740993');
    expect(summary.perMethod).toEqual([{ method: 'efectivo', count: 2, amount: '9007199254740993' }]);
    expect(summary.expectedCash).toBe('9007199254840993');
    expect(summary.difference).toBe('-9007199254740993');
    expect(summary.needsApproval).toBe(true);
  });
});
