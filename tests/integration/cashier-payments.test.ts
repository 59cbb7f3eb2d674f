/**
 * Taking payments at the counter, on a real database through the handlers: allocation, change,
 * credit, mixed methods, refusals that write nothing, idempotency and two cashiers at once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { createInitializedBackOffice, loginAs } from '../helpers/backoffice';
import { accountWithInvoices, copCount, createTill, invoiceBalances, moneyRowCounts, openCashierDesk, pay, payCash, paymentKey, type CashierDesk, type InitializedBackOffice } from '../helpers/cashier';
import { GS, paymentBarcodeText } from '../../shared/gs1';

let t: InitializedBackOffice;
let desk: CashierDesk;

beforeEach(async () => {
  t = await createInitializedBackOffice();
  desk = await openCashierDesk(t);
});
afterEach(async () => t.close());

describe('paying invoices', () => {
  it('pays one invoice in cash with change; receipts are numbered 1, 2 in the office', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [54_300]);
    const receipt = await payCash(t, desk.token, accountId, 54_300, { received: 60_000 });
    expect(receipt.receiptNumber).toBe(1);
    expect(receipt.receiptLabel).toBe('GAR-000001');
    expect(receipt.amount).toBe(54_300);
    expect(receipt.cashReceived).toBe(60_000);
    expect(receipt.change).toBe(5_700);
    expect(receipt.balanceAfter).toBe(0);
    expect(receipt.lines).toEqual([expect.objectContaining({ kind: 'invoice', id: invoiceIds[0], amount: 54_300, balanceAfter: 0 })]);
    expect(receipt.verificationCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(receipt.layout).toBe('termica80');
    expect(await invoiceBalances(t, invoiceIds)).toEqual([0]);

    const other = await accountWithInvoices(t, '100235', [30_000]);
    const second = await payCash(t, desk.token, other.accountId, 30_000);
    expect(second.receiptNumber).toBe(2);
    expect(second.change).toBe(0);
    const audit = await t.app.db('audit_log').where({ action: 'payment.post' }).count<{ n: number }[]>({ n: '*' });
    expect(Number(audit[0].n)).toBe(2);
  });

  it('a partial payment goes to the oldest invoice first', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [40_000, 45_000, 50_000]);
    const receipt = await payCash(t, desk.token, accountId, 60_000);
    expect(await invoiceBalances(t, invoiceIds)).toEqual([0, 25_000, 50_000]);
    expect(receipt.lines.map((l) => [l.id, l.amount, l.balanceAfter])).toEqual([
      [invoiceIds[0], 40_000, 0],
      [invoiceIds[1], 20_000, 25_000],
    ]);
    expect(receipt.balanceAfter).toBe(75_000);
    expect(receipt.creditAdded).toBe(0);
  });

  it('pays the invoices the cashier picked, in the order picked', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [40_000, 45_000, 50_000]);
    await payCash(t, desk.token, accountId, 95_000, {
      picked: [
        { kind: 'invoice', id: invoiceIds[2] },
        { kind: 'invoice', id: invoiceIds[1] },
      ],
    });
    expect(await invoiceBalances(t, invoiceIds)).toEqual([40_000, 0, 0]);
  });

  it('the whole balance leaves the account with no debt; an overpayment becomes a credit', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [40_000, 45_000]);
    const whole = await t.ok('cashier.account', { accountId }, desk.token);
    expect(whole.totalDue).toBe(85_000);
    const receipt = await payCash(t, desk.token, accountId, 100_000);
    expect(await invoiceBalances(t, invoiceIds)).toEqual([0, 0]);
    expect(receipt.creditAdded).toBe(15_000);
    expect(receipt.balanceAfter).toBe(0);
    const account = await t.ok('accounts.get', { accountId }, desk.token);
    expect(account.creditBalance).toBe(15_000);
  });

  it('mixes methods on one payment; only the cash part gives change', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [120_000]);
    const receipt = await pay(t, desk.token, {
      accountId,
      tenders: [
        { method: 'efectivo', amount: 20_000, received: 50_000 },
        { method: 'tarjeta_debito', amount: 60_000, reference: 'VCH-991' },
        { method: 'transferencia', amount: 30_000, reference: 'NEQUI-55' },
        { method: 'cheque', amount: 10_000, reference: '000123', bank: 'Banco de Bogotá' },
      ],
    });
    expect(receipt.amount).toBe(120_000);
    expect(receipt.change).toBe(30_000);
    expect(receipt.tenders.map((x) => x.method)).toEqual(['efectivo', 'tarjeta_debito', 'transferencia', 'cheque']);
    expect(await invoiceBalances(t, invoiceIds)).toEqual([0]);
  });

  it('refuses a card without voucher, cash short of the amount or two cash lines, and writes nothing', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [50_000]);
    const before = await moneyRowCounts(t);
    const noVoucher = await expectRefusal(t.call('cashier.pay', { idempotencyKey: paymentKey(), accountId, tenders: [{ method: 'tarjeta_credito', amount: 50_000 }] }, desk.token), 'VALIDATION', 'Escriba el número del voucher de la tarjeta');
    expect(noVoucher.fields).toHaveProperty(['tenders.0.reference']);
    await expectRefusal(t.call('cashier.pay', { idempotencyKey: paymentKey(), accountId, tenders: [{ method: 'efectivo', amount: 50_000, received: 40_000 }] }, desk.token), 'VALIDATION', 'El efectivo recibido no alcanza para el valor');
    await expectRefusal(t.call(
      'cashier.pay',
      {
        idempotencyKey: paymentKey(),
        accountId,
        tenders: [
          { method: 'efectivo', amount: 10_000 },
          { method: 'efectivo', amount: 10_000 },
        ],
      },
      desk.token,
    ), 'VALIDATION', 'Registre el efectivo en una sola línea');
    await expectRefusal(t.call('cashier.pay', { idempotencyKey: paymentKey(), accountId, tenders: [{ method: 'cheque', amount: 50_000, reference: '123' }] }, desk.token), 'VALIDATION', 'Escriba el banco del cheque');
    expect(await moneyRowCounts(t)).toEqual(before);
    expect(await invoiceBalances(t, invoiceIds)).toEqual([50_000]);
  });

  it('adds other charges and pays them first on the same receipt', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [40_000]);
    const [item] = await t.app.db('charge_items').insert({ code: 'RECON', name: 'Reconexión', amount: 25_000, active: true }).returning('id');
    const chargeItemId = Number(typeof item === 'object' ? item.id : item);
    const receipt = await pay(t, desk.token, { accountId, newCharges: [{ chargeItemId, quantity: 2 }], tenders: [{ method: 'efectivo', amount: 60_000 }] });
    expect(receipt.lines[0]).toMatchObject({ kind: 'charge', description: 'Reconexión', amount: 50_000, balanceAfter: 0 });
    expect(receipt.lines[1]).toMatchObject({ kind: 'invoice', id: invoiceIds[0], amount: 10_000, balanceAfter: 30_000 });
    expect(receipt.balanceAfter).toBe(30_000);
  });

  it('a cashier without an open session cannot take money', async () => {
    const { accountId } = await accountWithInvoices(t, '100234', [50_000]);
    const other = await loginAs(t, 'cajero', 'cajero2');
    await expectRefusal(t.call('cashier.pay', { idempotencyKey: paymentKey(), accountId, tenders: [{ method: 'efectivo', amount: 50_000 }] }, other), 'RULE', 'No tiene una caja abierta: abra la caja con el conteo del fondo antes de recibir dinero.');
    const auxiliar = await loginAs(t, 'auxiliar');
    await expectForbidden(t.call('cashier.pay', { idempotencyKey: paymentKey(), accountId, tenders: [{ method: 'efectivo', amount: 50_000 }] }, auxiliar));
  });
});

describe('idempotency and concurrency', () => {
  it('the same key twice, one after the other, posts one payment and returns the same receipt', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [50_000, 50_000]);
    const key = paymentKey();
    const first = await payCash(t, desk.token, accountId, 50_000, { idempotencyKey: key });
    const again = await payCash(t, desk.token, accountId, 50_000, { idempotencyKey: key });
    expect(again.paymentId).toBe(first.paymentId);
    expect(await t.app.db('payments').count<{ n: number }[]>({ n: '*' }).then((r) => Number(r[0].n))).toBe(1);
    expect(await invoiceBalances(t, invoiceIds)).toEqual([0, 50_000]);
  });

  it('the same key sent twice at once posts one payment', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [50_000, 50_000]);
    const key = paymentKey();
    const results = await Promise.all([1, 2, 3].map(() => payCash(t, desk.token, accountId, 50_000, { idempotencyKey: key })));
    expect(new Set(results.map((r) => r.paymentId)).size).toBe(1);
    expect(await t.app.db('payments').count<{ n: number }[]>({ n: '*' }).then((r) => Number(r[0].n))).toBe(1);
    expect(await invoiceBalances(t, invoiceIds)).toEqual([0, 50_000]);
  });

  it('two cashiers paying the same invoice at once: no balance below zero, allocations add up', async () => {
    const second = await openCashierDesk(t, { username: 'cajero2' });
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [50_000]);
    const posts = await Promise.allSettled([desk, second, desk, second].map((d) => payCash(t, d.token, accountId, 30_000)));
    expect(posts.every((p) => p.status === 'fulfilled')).toBe(true);
    expect(await invoiceBalances(t, invoiceIds)).toEqual([0]);
    const allocated = await t.app.db('payment_allocations').where({ invoice_id: invoiceIds[0], live: true }).sum<{ s: number }[]>({ s: 'amount' });
    expect(Number(allocated[0].s)).toBe(50_000);
    // 4 × 30.000 paid: 50.000 to the invoice, the rest in favour of the account
    const account = await t.app.db('accounts').where({ id: accountId }).first('credit_balance');
    expect(Number(account.credit_balance)).toBe(70_000);
  });

  it('two cashiers who both picked the same invoice: the later ones are told it has no balance left', async () => {
    const second = await openCashierDesk(t, { username: 'cajero2' });
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [50_000]);
    const picked = [{ kind: 'invoice' as const, id: invoiceIds[0] }];
    const posts = await Promise.allSettled([desk, second, desk, second].map((d) => payCash(t, d.token, accountId, 30_000, { picked })));
    const refused = posts.filter((p): p is PromiseRejectedResult => p.status === 'rejected');
    expect(refused).toHaveLength(2);
    for (const r of refused) expect(String(r.reason)).toMatch(/ya no tiene saldo/);
    expect(await invoiceBalances(t, invoiceIds)).toEqual([0]);
    const allocated = await t.app.db('payment_allocations').where({ invoice_id: invoiceIds[0], live: true }).sum<{ s: number }[]>({ s: 'amount' });
    expect(Number(allocated[0].s)).toBe(50_000);
    expect(await t.app.db('payments').count<{ n: number }[]>({ n: '*' }).then((r) => Number(r[0].n))).toBe(2);
  });
});

describe('scanning the invoice barcode', () => {
  const GLN = '7709998000018';

  it('finds the invoice from a scan with GS, without GS and with ]C1, and warns that the due date passed', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '100234', [54_300]);
    const reference = 'REF100234-01';
    for (const code of [`]C1415${GLN}8020${reference}${GS}39005430096${'20260120'}`, `415${GLN}8020${reference}39005430096${'20260120'}`, paymentBarcodeText({ gln: GLN, reference, amount: 54_300, dueDate: '2026-01-20' })]) {
      const scan = await t.ok('cashier.scan', { code }, desk.token);
      expect(scan.invoice?.id).toBe(invoiceIds[0]);
      expect(scan.account.account.id).toBe(accountId);
      expect(scan.amount).toBe(54_300);
      expect(scan.warnings.join(' ')).toMatch(/La fecha límite de pago \(20\/01\/2026\) ya pasó/);
    }
  });

  it('refuses another company’s GLN and an unknown reference; warns a paid invoice and a different amount', async () => {
    const { accountId } = await accountWithInvoices(t, '100234', [54_300]);
    await expectRefusal(t.call('cashier.scan', { code: `(415)7701234000011(8020)REF100234-01(3900)54300` }, desk.token), 'RULE', 'El código es de otra empresa (GLN 7701234000011); no se puede recibir aquí.');
    await expectRefusal(t.call('cashier.scan', { code: `(415)${GLN}(8020)NOEXISTE(3900)100` }, desk.token), 'RULE', 'No hay ninguna factura con la referencia de pago NOEXISTE: busque la cuenta por número o nombre.');
    const differs = await t.ok('cashier.scan', { code: `(415)${GLN}(8020)REF100234-01(3900)50000` }, desk.token);
    expect(differs.warnings.join(' ')).toMatch(/pide \$ 50\.000 pero el saldo de la factura es \$ 54\.300/);
    await payCash(t, desk.token, accountId, 54_300);
    const paid = await t.ok('cashier.scan', { code: `(415)${GLN}(8020)REF100234-01(3900)54300` }, desk.token);
    expect(paid.warnings.join(' ')).toMatch(/ya está pagada/);
  });
});

describe('tills', () => {
  it('an office without tills is told to ask the administrator; till codes are unique per office', async () => {
    const fresh = await createInitializedBackOffice();
    try {
      const cashier = await loginAs(fresh, 'cajero');
      await expectRefusal(fresh.call('cashier.open', { tillId: 1, count: copCount(100_000) }, cashier), 'RULE', 'Esta oficina no tiene cajas configuradas; pida al administrador que cree una.');
      await createTill(fresh, 'C1');
      await expectRefusal(fresh.call('tills.save', { officeId: fresh.officeId, code: 'c1', name: 'Otra', receiptLayout: 'carta', active: true }, fresh.adminToken), 'CONFLICT', 'Ya existe una caja con el código C1 en esta oficina.');
      const tills = await fresh.ok('tills.list', {}, cashier);
      expect(tills.map((x) => x.code)).toEqual(['C1']);
    } finally {
      await fresh.close();
    }
  });
});
