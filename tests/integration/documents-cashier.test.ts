/**
 * The papers of a whole counter day, end to end through the real handlers: receipts (original,
 * COPIA, ANULADO, with an other charge on the same receipt), the closing report whose numbers are
 * the SessionReport's, the collection report and a paz y salvo once the account owes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt, SessionReport } from '../../shared/contract';
import { formatMoney } from '../../shared/money';
import { businessToday } from '../../electron/core/modules/accounts/service';
import { createInitializedBackOffice } from '../helpers/backoffice';
import { accountWithInvoices, copCount, createCoordinator, openCashierDesk, pay, type CashierDesk, type InitializedBackOffice } from '../helpers/cashier';
import { pdfInfo, pdfTextFlat } from '../helpers/pdf';

let t: InitializedBackOffice;
let desk: CashierDesk;
let approval: { username: string; password: string };
let accountId: number;
let first: Receipt;
let voided: Receipt;
let report: SessionReport;

const bytes = (file: { base64: string }) => Buffer.from(file.base64, 'base64');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const line = (label: string, amount: number | string) => new RegExp(`${escape(label)} ${escape(formatMoney(amount))}`);

beforeAll(async () => {
  t = await createInitializedBackOffice();
  desk = await openCashierDesk(t, { float: 200_000 });
  ({ approval } = await createCoordinator(t));
  ({ accountId } = await accountWithInvoices(t, '100234', [74_300, 80_000], { holderName: 'GÓMEZ PARDO ANA LUCÍA' }));
  const reconexion = await t.ok('chargeItems.save', { code: 'RCX', name: 'Reconexión del servicio', amount: 40_000, active: true }, t.adminToken);

  // 1. the oldest invoice and a reconnection, cash and debit card, change given
  first = await pay(t, desk.token, {
    accountId,
    picked: [{ kind: 'invoice', id: (await t.app.db('invoices').where({ account_id: accountId }).orderBy('due_date').first('id')).id }],
    newCharges: [{ chargeItemId: reconexion.id, quantity: 1 }],
    tenders: [
      { method: 'efectivo', amount: 60_000, received: 70_000 },
      { method: 'tarjeta_debito', amount: 54_300, reference: '884512' },
    ],
  });
  // 2. the other invoice, paid and then voided with a coordinator's approval
  const second = await pay(t, desk.token, { accountId, tenders: [{ method: 'efectivo', amount: 80_000, received: 100_000 }] });
  voided = (await t.ok('cashier.void', { paymentId: second.paymentId, reason: 'Pago registrado dos veces', approval }, desk.token)).receipt;
  // 3. paid again by transfer
  await pay(t, desk.token, { accountId, tenders: [{ method: 'transferencia', amount: 80_000, reference: 'TRF-99812' }] });
  await t.ok('cashier.movement', { kind: 'salida', amount: 50_000, reason: 'consignacion_banco', note: 'Consignación parcial' }, desk.token);

  // close 1.000 short of what is expected
  const preview = await t.ok('cashier.closePreview', { count: copCount(200_000) }, desk.token);
  report = await t.ok('cashier.close', { count: copCount(Number(preview.expectedCash) - 1_000), note: 'Faltante de mil pesos' }, desk.token);
});
afterAll(() => t.close());

describe('the receipt through the handlers', () => {
  it('the original, on the 80 mm roll, shows the number, invoice and charge paid, tenders, change and new balance', async () => {
    const file = await t.ok('cashier.receiptPdf', { paymentId: first.paymentId, copy: false }, desk.token);
    const info = pdfInfo(bytes(file));
    expect(info.pages).toBe(1);
    expect(info.width).toBeCloseTo(226.77, 1);
    const text = pdfTextFlat(bytes(file));
    expect(text).toContain(`No. ${first.receiptLabel}`);
    expect(first.receiptLabel).toBe('GAR-000001');
    expect(text).toContain('GÓMEZ PARDO ANA LUCÍA');
    expect(text).toMatch(line('Reconexión del servicio', 40_000));
    expect(text).toMatch(line('TOTAL PAGADO', 114_300));
    expect(text).toMatch(line('Efectivo recibido', 70_000));
    expect(text).toMatch(line('Cambio', 10_000));
    expect(text).toMatch(line('Tarjeta débito · voucher 884512', 54_300));
    expect(text).toMatch(line('Nuevo saldo de la cuenta', first.balanceAfter));
    expect(text).toContain(first.verificationCode);
    expect(text).not.toContain('COPIA');
  });

  it('a reprint on letter paper says COPIA; the voided receipt says ANULADO with the reason', async () => {
    const copy = await t.ok('cashier.receiptPdf', { paymentId: first.paymentId, copy: true, layout: 'carta' }, desk.token);
    expect(pdfInfo(bytes(copy))).toMatchObject({ width: 612, height: 792 });
    expect(pdfTextFlat(bytes(copy))).toContain('COPIA');
    expect(voided.status).toBe('anulado');
    const text = pdfTextFlat(bytes(await t.ok('cashier.receiptPdf', { paymentId: voided.paymentId, copy: true }, desk.token)));
    expect(text).toContain('ANULADO');
    expect(text).toContain('Motivo: Pago registrado dos veces');
    expect(text).toContain('Aprobó: Usuario coordinador');
  });
});

describe('the closing report through the handlers', () => {
  it('prints the numbers of the SessionReport: arithmetic, FALTANTE, methods, receipts, void and movement', async () => {
    const s = report.summary;
    expect(s.difference).toBe('-1000');
    const text = pdfTextFlat(bytes(await t.ok('cashier.sessionReportPdf', { sessionId: report.session.id }, desk.token)));
    expect(text).toMatch(line('Saldo inicial (base)', s.openingFloat));
    expect(text).toMatch(line('(+) Efectivo recibido', s.cashReceived));
    expect(text).toMatch(line('(-) Cambio entregado', s.changeGiven));
    expect(text).toMatch(line('(-) Salidas de efectivo', s.cashOut));
    expect(text).toMatch(line('(-) Devoluciones por anulación', s.voidsCashReturned));
    expect(text).toMatch(line('(=) Efectivo esperado', s.expectedCash));
    expect(text).toMatch(line('Efectivo contado', s.countedCash));
    expect(text).toMatch(line('Diferencia: FALTANTE', 1_000));
    for (const m of s.perMethod) expect(text).toContain(formatMoney(m.amount));
    for (const r of report.receipts) expect(text).toContain(r.receiptLabel);
    expect(text).toMatch(new RegExp(`${voided.receiptLabel} .*ANULADO`));
    expect(text).toContain('Pago registrado dos veces');
    expect(text).toContain('Consignación parcial');
    expect(text).toContain('Faltante de mil pesos');
  });
});

describe('the collection report and the paz y salvo after the day', () => {
  it('the recaudo equals the live payments; the voided one is counted apart', async () => {
    const today = await businessToday(t.app.db);
    const recaudo = await t.ok('reports.recaudo', { from: today, to: today }, t.adminToken);
    const [live] = await t.app.db('payments').where({ status: 'vigente' }).sum({ total: 'amount' });
    // the report's amounts are exact sums written as digits
    expect(recaudo.total).toBe(String(live.total));
    expect(recaudo.total).toBe(String(114_300 + 80_000));
    expect([recaudo.voidedCount, recaudo.voidedAmount]).toEqual([1, '80000']);
    expect(Object.fromEntries(recaudo.totals.map((m) => [m.method, m.amount]))).toEqual({ efectivo: '60000', tarjeta_debito: '54300', transferencia: '80000' });
  });

  it('the account, now without debt, gets its paz y salvo', async () => {
    const { certificate } = await t.ok('pazYSalvo.issue', { accountId }, desk.token);
    expect(certificate.account.number).toBe('100234');
    expect((await t.ok('pazYSalvo.verify', { code: certificate.verificationCode })).status).toBe('vigente');
  });
});
