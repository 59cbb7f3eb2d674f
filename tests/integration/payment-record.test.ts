/**
 * What one payment writes besides the receipt (electron/core/modules/cashier/record.ts, the one
 * place a payment is written): the overpayment on the account's credit, the change dates the
 * exchange with the commercial system reads, and the guard that keeps a balance read before another
 * counter paid from taking an invoice below zero.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BalanceMoved, recordPayment } from '../../electron/core/modules/cashier/record';
import { openDebtsOf } from '../../electron/core/modules/cashier/queries';
import { createInitializedBackOffice } from '../helpers/backoffice';
import { accountWithInvoices, invoiceBalances, moneyRowCounts, openCashierDesk, payCash, type CashierDesk, type InitializedBackOffice } from '../helpers/cashier';

let t: InitializedBackOffice;
let desk: CashierDesk;
beforeEach(async () => {
  t = await createInitializedBackOffice();
  desk = await openCashierDesk(t);
});
afterEach(async () => {
  await t.close();
});

const updatedAt = async (table: 'accounts' | 'invoices', id: number) => String((await t.app.db(table).where({ id }).first('updated_at')).updated_at);
const creditOf = async (accountId: number) => (await t.ok('cashier.account', { accountId }, desk.token)).account.creditBalance;

describe('the account and its invoices after a payment', () => {
  it('an overpayment goes to the account\'s credit, which the next payment screen shows', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [50_000, 40_000]);
    // 100.000 against 90.000 owed: both invoices paid, 10.000 in favour of the account
    const receipt = await payCash(t, desk.token, accountId, 100_000);
    expect(receipt.creditAdded).toBe(10_000);
    expect(await invoiceBalances(t, invoiceIds)).toEqual([0, 0]);
    expect(await creditOf(accountId)).toBe(10_000);
    // a second overpayment adds to it: 5.000 more with nothing owed
    await payCash(t, desk.token, accountId, 5_000);
    expect(await creditOf(accountId)).toBe(15_000);
  });

  it('an invoice paid carries the payment\'s time as its last change; an account with no credit added is not touched', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100235', [50_000, 40_000]);
    const accountBefore = await updatedAt('accounts', accountId);
    const secondBefore = await updatedAt('invoices', invoiceIds[1]);
    // 30.000 pay part of the oldest invoice only: no credit
    const receipt = await payCash(t, desk.token, accountId, 30_000);
    const posted: { posted_at: string } = await t.app.db('payments').where({ id: receipt.paymentId }).first('posted_at');
    expect(await updatedAt('invoices', invoiceIds[0])).toBe(String(posted.posted_at));
    expect(await updatedAt('invoices', invoiceIds[1])).toBe(secondBefore);
    expect(await updatedAt('accounts', accountId)).toBe(accountBefore);
    expect(await creditOf(accountId)).toBe(0);
  });
});

describe('two counters paying the same invoice', () => {
  it('a payment working from a balance read before another counter paid is stopped, and writes nothing', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100236', [50_000]);
    // counter A reads the account: 50.000 owed
    const staleDebts = await openDebtsOf(t.app.db, accountId);
    // counter B pays the whole invoice meanwhile
    await payCash(t, desk.token, accountId, 50_000);
    const before = await moneyRowCounts(t);
    // counter A posts 50.000 against the balance it read: the invoice must not go to −50.000
    const late = t.app.db.transaction((trx) =>
      recordPayment(trx, {
        officeId: t.officeId,
        sessionId: desk.sessionId,
        accountId,
        receiptNumber: null,
        idempotencyKey: 'caja-a-tarde',
        source: 'caja',
        businessDate: '2026-12-04',
        postedAt: new Date().toISOString(),
        cashierId: null,
        amount: 50_000,
        cashReceived: 50_000,
        change: 0,
        verificationCode: 'ABC123',
        bankFileId: null,
        tenders: [{ method: 'efectivo', amount: 50_000, reference: '', bank: '' }],
        debts: staleDebts,
        order: null,
      }),
    );
    await expect(late).rejects.toBeInstanceOf(BalanceMoved);
    expect(await invoiceBalances(t, invoiceIds)).toEqual([0]);
    expect(await moneyRowCounts(t)).toEqual(before);
  });
});
