/**
 * Issue 18, item 1 (detail) and item 3 (documented header): the day's payments as CSV and JSON with
 * the receipt, the cashier, the tenders and every allocation to invoices and charges; the CSV's
 * header is the one documented in resources/samples (RECAUDO-DETALLE.md, recaudo-detalle-v1.csv).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInitializedBackOffice } from '../helpers/backoffice';
import { accountWithInvoices, copCount, createCoordinator, openCashierDesk, pay, type InitializedBackOffice } from '../helpers/cashier';
import { todayIn } from '../../shared/dates';

let t: InitializedBackOffice;
let coordinator: string;
let today: string;
let receipts: number[];

beforeAll(async () => {
  t = await createInitializedBackOffice();
  const desk = await openCashierDesk(t);
  coordinator = (await createCoordinator(t)).token;
  const reconnection = await t.ok('chargeItems.save', { code: 'RCX', name: 'Reconexión', amount: 15_000, active: true }, t.adminToken);
  const a = await accountWithInvoices(t, '400001', [20_000, 25_000]);
  const b = await accountWithInvoices(t, '400002', [26_300]);
  const c = await accountWithInvoices(t, '400003', [20_000]);
  // 1: cash over two invoices, oldest first (20.000 + 25.000)
  const r1 = await pay(t, desk.token, { accountId: a.accountId, tenders: [{ method: 'efectivo', amount: 45_000, received: 50_000 }] });
  // 2: a cheque for the invoice and a reconnection charge added at the counter (26.300 + 15.000 = 41.300)
  const r2 = await pay(t, desk.token, {
    accountId: b.accountId,
    newCharges: [{ chargeItemId: reconnection.id, quantity: 1 }],
    tenders: [{ method: 'cheque', amount: 41_300, reference: '0001234', bank: 'Bancolombia' }],
  });
  // 3: cash 30.000 for an invoice of 20.000: 10.000 to the account's credit
  const r3 = await pay(t, desk.token, { accountId: c.accountId, tenders: [{ method: 'efectivo', amount: 30_000 }] });
  receipts = [r1.receiptNumber, r2.receiptNumber, r3.receiptNumber].map(Number);
  // the cheque is not cash: the drawer holds 200.000 + 45.000 + 30.000
  await t.ok('cashier.close', { count: copCount(275_000) }, desk.token);
  today = todayIn('America/Bogota');
});
afterAll(() => t.close());

const SAMPLES = path.resolve(__dirname, '../../resources/samples');

describe('the day’s payments in detail', () => {
  it('CSV: the documented header of version 1, one row per allocation, the credit as its own row, applied sums equal each payment', async () => {
    const result = await t.ok('exchange.exportRecaudo', { date: today, format: 'csv' }, coordinator);
    const text = Buffer.from(result.file.base64, 'base64').toString('utf8');
    const lines = text.split('\r\n');
    expect(lines.pop()).toBe('');
    const sampleHeader = fs.readFileSync(path.join(SAMPLES, 'recaudo-detalle-v1.csv'), 'utf8').split('\r\n')[0];
    expect(lines[0]).toBe(sampleHeader);
    // and the documentation names the same 16 columns in the same order
    const documented = [...fs.readFileSync(path.join(SAMPLES, 'RECAUDO-DETALLE.md'), 'utf8').matchAll(/^\| (\d+) \| `([a-z_]+)` \|/gm)].map((m) => m[2]);
    expect(documented).toEqual(sampleHeader.split(','));

    const [r1, r2, r3] = receipts;
    const chargeId = Number((await t.app.db('account_charges').first('id')).id);
    const n = result.export.number;
    expect(lines.slice(1)).toEqual([
      `1,${n},${today},GAR,${r1},caja,cajero1,400001,45000,efectivo:45000,400001-01,REF400001-01,2026-01,,,20000`,
      `1,${n},${today},GAR,${r1},caja,cajero1,400001,45000,efectivo:45000,400001-02,REF400001-02,2026-02,,,25000`,
      // the charge added at the counter is paid first, as the counter allocates
      `1,${n},${today},GAR,${r2},caja,cajero1,400002,41300,cheque:41300:0001234,,,,${chargeId},Reconexión,15000`,
      `1,${n},${today},GAR,${r2},caja,cajero1,400002,41300,cheque:41300:0001234,400002-01,REF400002-01,2026-01,,,26300`,
      `1,${n},${today},GAR,${r3},caja,cajero1,400003,30000,efectivo:30000,400003-01,REF400003-01,2026-01,,,20000`,
      `1,${n},${today},GAR,${r3},caja,cajero1,400003,30000,efectivo:30000,,,,,SALDO A FAVOR,10000`,
    ]);
    expect(result.export).toMatchObject({ format: 'csv', modifier: 'A', records: 3, total: 116_300 });
  });

  it('JSON: every payment with its receipt, cashier, tenders and allocations; the total equals the database sum', async () => {
    const result = await t.ok('exchange.exportRecaudo', { date: today, format: 'json' }, coordinator);
    const doc = JSON.parse(Buffer.from(result.file.base64, 'base64').toString('utf8')) as {
      version: number;
      fechaRecaudo: string;
      pagos: { receiptNumber: number; cashier: string; amount: number; tenders: { method: string; amount: number; reference: string; bank: string }[]; allocations: { invoiceNumber: string | null; chargeConcept: string | null; amount: number }[] }[];
    };
    expect(doc.version).toBe(1);
    expect(doc.fechaRecaudo).toBe(today);
    expect(doc.pagos.map((p) => p.receiptNumber)).toEqual(receipts);
    expect(doc.pagos[1]).toMatchObject({
      cashier: 'cajero1',
      amount: 41_300,
      tenders: [{ method: 'cheque', amount: 41_300, reference: '0001234', bank: 'Bancolombia' }],
      allocations: [
        { invoiceNumber: null, chargeConcept: 'Reconexión', amount: 15_000 },
        { invoiceNumber: '400002-01', chargeConcept: null, amount: 26_300 },
      ],
    });
    const [{ total }] = await t.app.db('payments').where({ business_date: today }).sum({ total: 'amount' });
    expect(doc.pagos.reduce((s, p) => s + p.amount, 0)).toBe(Number(total));
    // its own numbering: the JSON is export 2, modifier A of its own format
    expect(result.export).toMatchObject({ format: 'json', modifier: 'A', records: 3, total: Number(total) });
  });
});
