/**
 * What a void (anulación) changes besides the receipt, as an auditor checks it afterwards: the
 * charges (cobros varios) a payment paid get their balance back as the invoices do, the books still
 * add up (each invoice's balance = its total − the payments that still count), the audit row says
 * what the payment was before and after, the account is touched only for a credit, and a receipt
 * of another office is not found.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInitializedBackOffice, createUserReady, OFFICE } from '../helpers/backoffice';
import { accountWithInvoices, copCount, createCoordinator, invoiceBalances, moneyRowCounts, openCashierDesk, pay, payCash, type CashierDesk, type InitializedBackOffice } from '../helpers/cashier';
import { expectRefusal } from '../helpers/refusal';

let t: InitializedBackOffice;
let desk: CashierDesk;
let approval: { username: string; password: string };

beforeEach(async () => {
  t = await createInitializedBackOffice();
  desk = await openCashierDesk(t, { float: 100_000 });
  approval = (await createCoordinator(t)).approval;
});
afterEach(async () => t.close());

const voidIt = (paymentId: number, token = desk.token, credentials = approval) =>
  t.ok('cashier.void', { paymentId, reason: 'Pagó la cuenta equivocada', approval: credentials }, token);

/** each invoice's balance against its total minus the allocations that still count */
async function booksOf(invoiceIds: number[]): Promise<{ id: number; balance: number; totalMinusLive: number }[]> {
  const rows: { id: number; total: number | string; balance: number | string }[] = await t.app.db('invoices').whereIn('id', invoiceIds).orderBy('id').select('id', 'total', 'balance');
  const live: { invoice_id: number; s: number | string }[] = await t.app.db('payment_allocations').whereIn('invoice_id', invoiceIds).andWhere('live', true).groupBy('invoice_id').select('invoice_id').sum({ s: 'amount' });
  return rows.map((r) => ({ id: r.id, balance: Number(r.balance), totalMinusLive: Number(r.total) - Number(live.find((l) => l.invoice_id === r.id)?.s ?? 0) }));
}

describe('a void gives back what the payment paid', () => {
  it('a charge (reconexión) and an invoice paid together both owe again', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [40_000]);
    const [item] = await t.app.db('charge_items').insert({ code: 'RECON', name: 'Reconexión', amount: 25_000, active: true }).returning('id');
    const chargeItemId = Number(typeof item === 'object' ? item.id : item);
    // 65.000 = the reconexión of 25.000 added at the counter + the invoice of 40.000
    const receipt = await pay(t, desk.token, { accountId, newCharges: [{ chargeItemId, quantity: 1 }], tenders: [{ method: 'efectivo', amount: 65_000 }] });
    const charge = receipt.lines.find((l) => l.kind === 'charge');
    expect(charge).toMatchObject({ amount: 25_000, balanceAfter: 0 });
    await voidIt(receipt.paymentId);
    expect(await invoiceBalances(t, invoiceIds)).toEqual([40_000]);
    expect(Number((await t.app.db('account_charges').where({ id: charge?.id }).first('balance')).balance)).toBe(25_000);
    expect((await t.ok('cashier.account', { accountId }, desk.token)).totalDue).toBe(65_000);
  });

  it('the books add up after a void: balance = total − the payments that still count', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100235', [50_000, 40_000]);
    const first = await payCash(t, desk.token, accountId, 60_000); // 50.000 + 10.000 of the second
    await payCash(t, desk.token, accountId, 5_000); // 5.000 more of the second
    await voidIt(first.paymentId);
    // first invoice: 50.000 − 0 = 50.000; second: 40.000 − 5.000 = 35.000
    expect(await booksOf(invoiceIds)).toEqual([
      { id: invoiceIds[0], balance: 50_000, totalMinusLive: 50_000 },
      { id: invoiceIds[1], balance: 35_000, totalMinusLive: 35_000 },
    ]);
  });
});

describe('what the void leaves written', () => {
  it('one audit row: the payment before (vigente, what it paid) and after (anulado, why, who approved)', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100236', [30_000]);
    const receipt = await payCash(t, desk.token, accountId, 30_000);
    await voidIt(receipt.paymentId);
    const rows = await t.app.db('audit_log').where({ action: 'payment.void' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ entity: 'payment', entity_id: String(receipt.paymentId), actor: desk.username });
    const before = JSON.parse(rows[0].before_json);
    expect(before).toMatchObject({ status: 'vigente', creditAdded: 0 });
    expect(before.allocations).toEqual([expect.objectContaining({ invoice_id: invoiceIds[0], amount: 30_000 })]);
    expect(JSON.parse(rows[0].after_json)).toMatchObject({ status: 'anulado', reason: 'Pagó la cuenta equivocada', approvedBy: approval.username, cash_returned: 30_000 });
  });

  it('a payment that left no credit: the account row is not touched', async () => {
    const { accountId } = await accountWithInvoices(t, '100237', [30_000]);
    const receipt = await payCash(t, desk.token, accountId, 30_000);
    const before = await t.app.db('accounts').where({ id: accountId }).first('credit_balance', 'updated_at');
    await voidIt(receipt.paymentId);
    expect(await t.app.db('accounts').where({ id: accountId }).first('credit_balance', 'updated_at')).toEqual(before);
  });
});

describe('another office', () => {
  it('a receipt of another office is not found, and nothing changes', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100238', [30_000]);
    const receipt = await payCash(t, desk.token, accountId, 30_000);
    const office = await t.ok('offices.create', { ...OFFICE, code: 'TEN', name: 'Oficina Tenza', city: 'Tenza', cityDane: '15798' }, t.adminToken);
    const password = 'clave-de-prueba';
    const tokens: string[] = [];
    for (const [username, role] of [['cajero.tenza', 'cajero'], ['coord.tenza', 'coordinador']] as const) {
      tokens.push(await createUserReady(t, { fullName: `Usuario ${role} Tenza`, username, officeId: office.id, role, password }));
    }
    const tenzaToken = tokens[0];
    const till = await t.ok('tills.save', { officeId: office.id, code: 'T1', name: 'Caja Tenza', receiptLayout: 'termica80', active: true }, t.adminToken);
    await t.ok('cashier.open', { tillId: till.id, count: copCount(50_000) }, tenzaToken);
    const before = await moneyRowCounts(t);
    await expectRefusal(
      t.call('cashier.void', { paymentId: receipt.paymentId, reason: 'No es de aquí', approval: { username: 'coord.tenza', password } }, tenzaToken),
      'NOT_FOUND',
      'El recibo en esta oficina no existe',
    );
    // refused before the coordinator is asked: not even an approval row
    expect(await moneyRowCounts(t)).toEqual(before);
    expect(await invoiceBalances(t, invoiceIds)).toEqual([0]);
  });
});
