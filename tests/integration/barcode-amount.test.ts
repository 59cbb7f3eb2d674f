/**
 * Issue 13, rule 10: the amount of the invoice barcode, AI (3900), is N..15: a scan with leading
 * zeros ("0000125000") is the same $ 125.000, at the counter through cashier.scan.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInitializedBackOffice } from '../helpers/backoffice';
import { accountWithInvoices, openCashierDesk, type CashierDesk, type InitializedBackOffice } from '../helpers/cashier';
import { GS } from '../../shared/gs1';

const GLN = '7709998000018';
let t: InitializedBackOffice;
let desk: CashierDesk;

beforeEach(async () => {
  t = await createInitializedBackOffice();
  desk = await openCashierDesk(t);
});
afterEach(async () => t.close());

describe('scanning an amount with leading zeros', () => {
  it('finds the invoice and reads $ 125.000 with FNC1 as GS, dropped and in parentheses; an amount of zero is refused in Spanish', async () => {
    const { invoiceIds } = await accountWithInvoices(t, '100234', [125_000]);
    const reference = 'REF100234-01';
    for (const code of [`415${GLN}8020${reference}${GS}39000000125000${GS}9620260120`, `]C1415${GLN}8020${reference}390000001250009620260120`, `(415)${GLN}(8020)${reference}(3900)0000125000`]) {
      const scan = await t.ok('cashier.scan', { code }, desk.token);
      expect(scan.invoice?.id).toBe(invoiceIds[0]);
      expect(scan.amount).toBe(125_000);
      // the amount equals the balance: no "el código pide…" warning
      expect(scan.warnings.join(' ')).not.toMatch(/pide/);
    }
    const zero = await t.call('cashier.scan', { code: `(415)${GLN}(8020)${reference}(3900)0000000000` }, desk.token);
    expect(zero.ok ? null : zero.error).toMatchObject({ code: 'RULE', message: 'El valor a pagar (3900) del código es cero' });
  });
});
