/**
 * The cashier's papers through the handlers, read back with pdftotext: the receipt (number, amounts,
 * change), its reprint (COPIA, counted, audited) and the closing report.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInitializedBackOffice } from '../helpers/backoffice';
import { accountWithInvoices, copCount, openCashierDesk, payCash, type CashierDesk, type InitializedBackOffice } from '../helpers/cashier';
import { pdfTextFlat } from '../helpers/pdf';

let t: InitializedBackOffice;
let desk: CashierDesk;

beforeEach(async () => {
  t = await createInitializedBackOffice();
  desk = await openCashierDesk(t, { float: 100_000 });
});
afterEach(async () => t.close());

const bytes = (file: { base64: string }) => Buffer.from(file.base64, 'base64');

describe('receipt PDF', () => {
  it('prints the original once; later prints say COPIA, are counted and audited', async () => {
    const { accountId } = await accountWithInvoices(t, '100234', [54_300]);
    const receipt = await payCash(t, desk.token, accountId, 54_300, { received: 60_000 });
    const original = await t.ok('cashier.receiptPdf', { paymentId: receipt.paymentId, copy: false }, desk.token);
    expect(original.mimeType).toBe('application/pdf');
    const text = pdfTextFlat(bytes(original));
    expect(text).toContain('GAR-000001');
    expect(text).toContain('$ 54.300');
    expect(text).toContain('$ 5.700');
    expect(text).not.toContain('COPIA');
    expect((await t.ok('cashier.receipt', { paymentId: receipt.paymentId }, desk.token)).copiesPrinted).toBe(0);

    const copy = await t.ok('cashier.receiptPdf', { paymentId: receipt.paymentId, copy: true, layout: 'carta' }, desk.token);
    expect(pdfTextFlat(bytes(copy))).toContain('COPIA');
    // a second "original" is a copy too
    await t.ok('cashier.receiptPdf', { paymentId: receipt.paymentId, copy: false }, desk.token);
    expect((await t.ok('cashier.receipt', { paymentId: receipt.paymentId }, desk.token)).copiesPrinted).toBe(2);
    const prints = await t.app.db('receipt_prints').where({ payment_id: receipt.paymentId }).orderBy('id');
    expect(prints.map((p: { copy: number | boolean }) => Boolean(p.copy))).toEqual([false, true, true]);
    expect(await t.app.db('audit_log').where({ action: 'receipt.reprint' }).count<{ n: number }[]>({ n: '*' }).then((r) => Number(r[0].n))).toBe(2);
  });
});

describe('closing report PDF', () => {
  it('shows the totals the database holds', async () => {
    const { accountId } = await accountWithInvoices(t, '100234', [54_300]);
    await payCash(t, desk.token, accountId, 54_300, { received: 60_000 });
    const report = await t.ok('cashier.close', { count: copCount(154_300), note: '' }, desk.token);
    const file = await t.ok('cashier.sessionReportPdf', { sessionId: report.session.id }, desk.token);
    const text = pdfTextFlat(bytes(file));
    expect(text).toContain('GAR-000001');
    expect(text).toContain('$ 154.300');
    expect(text).toContain('$ 54.300');
  });
});
