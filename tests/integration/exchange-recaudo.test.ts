/**
 * Issue 18, items 1, 2 and 5: the day's payments as an Asobancaria 2001 file, checked field by field
 * against the layout in ../shared/DOMAIN.md (positions count from 1), its round trip through the
 * product's own bank-file importer in dry run, and exactly once (numbered, recorded, the same bytes
 * again, a complementary file with the next modifier for a payment posted after the export).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createInitializedBackOffice, tempDir, type TestBackOffice } from '../helpers/backoffice';
import { accountWithInvoices, copCount, createCoordinator, openCashierDesk, pay, payCash, type InitializedBackOffice } from '../helpers/cashier';
import { expectRefusal } from '../helpers/refusal';
import { parseAsobancaria, type AsobancariaDetail } from '../../electron/core/modules/bankfiles/asobancaria';
import { previewBankFile } from '../../electron/core/modules/bankfiles/service';
import { todayIn, addDays } from '../../shared/dates';

let open: TestBackOffice[] = [];
afterEach(async () => {
  for (const t of open) await t.close();
  open = [];
});

/** positions from 1, inclusive, as DOMAIN.md writes them */
const at = (line: string, from: number, to: number) => line.slice(from - 1, to);

const SETTINGS = { bankCode: '507', collectionAccount: '45012345678', accountType: '02' as const, serviceCode: '', reference: 'factura' as const, branches: [] };

interface Day {
  t: InitializedBackOffice;
  coordinator: string;
  cashier: string;
  today: string;
  invoiceOf: Map<string, number>;
}

/**
 * A day at the counter: five payments, one per way of paying, each to one invoice of its own
 * account, and one cash payment over two invoices of one account (its reference is the account).
 */
async function dayAtTheCounter(): Promise<Day> {
  const t = await createInitializedBackOffice();
  open.push(t);
  await t.ok('exchange.saveSettings', { ...SETTINGS, branches: [{ officeCode: 'GAR', branch: '0042' }] }, t.adminToken);
  const desk = await openCashierDesk(t);
  const { token: coordinator } = await createCoordinator(t);
  const invoiceOf = new Map<string, number>();
  const one = async (number: string, amount: number) => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, number, [amount]);
    invoiceOf.set(`REF${number}-01`, invoiceIds[0]);
    return { accountId, invoiceId: invoiceIds[0] };
  };
  const a = await one('100001', 50_000);
  await payCash(t, desk.token, a.accountId, 50_000, { received: 60_000 });
  const b = await one('100002', 41_300);
  await pay(t, desk.token, { accountId: b.accountId, tenders: [{ method: 'cheque', amount: 41_300, reference: '0001234', bank: 'Bancolombia' }] });
  const c = await one('100003', 27_950);
  await pay(t, desk.token, { accountId: c.accountId, tenders: [{ method: 'tarjeta_debito', amount: 27_950, reference: 'VOU-98765432' }] });
  const d = await one('100004', 33_000);
  await pay(t, desk.token, { accountId: d.accountId, tenders: [{ method: 'tarjeta_credito', amount: 33_000, reference: '445566' }] });
  const e = await one('100005', 88_100);
  await pay(t, desk.token, { accountId: e.accountId, tenders: [{ method: 'transferencia', amount: 88_100, reference: 'TRF2026110300001' }] });
  const f = await accountWithInvoices(t, '100006', [20_000, 25_000]);
  await payCash(t, desk.token, f.accountId, 45_000);
  // the cashier closes the till: the day can be exported without a reason
  const session = await t.app.db('cash_sessions').where({ id: desk.sessionId }).first();
  const expected = Number(session.opening_float) + 50_000 + 45_000;
  await t.ok('cashier.close', { count: copCount(expected) }, desk.token);
  return { t, coordinator, cashier: desk.token, today: todayIn('America/Bogota'), invoiceOf };
}

function records(bytes: Buffer): string[] {
  const text = bytes.toString('latin1');
  expect(text.endsWith('\r\n')).toBe(true);
  return text.slice(0, -2).split('\r\n');
}

describe('the day’s payments as Asobancaria 2001', () => {
  it('writes each field where the layout puts it, controls equal to the database sums, and the importer reads it back with the same counts, totals and invoices', async () => {
    const { t, coordinator, today, invoiceOf } = await dayAtTheCounter();
    const result = await t.ok('exchange.exportRecaudo', { date: today, format: 'asobancaria' }, coordinator);
    expect(result.created).toBe(true);
    const bytes = Buffer.from(result.file.base64, 'base64');
    const lines = records(bytes);
    expect(lines.every((l) => l.length === 162)).toBe(true);
    expect(lines.map((l) => l.slice(0, 2))).toEqual(['01', '05', '06', '06', '06', '06', '06', '06', '08', '09']);

    const [h, lot, ...rest] = lines;
    // 01: NIT 900123456-8 → its 10 digits; date; entity 507; account; file date and time; modifier A; account type 02
    const ymd = today.replace(/-/g, '');
    expect(at(h, 3, 12)).toBe('9001234568');
    expect(at(h, 13, 20)).toBe(ymd);
    expect(at(h, 21, 23)).toBe('507');
    expect(at(h, 24, 40)).toBe('00000045012345678');
    expect(at(h, 41, 48)).toBe(ymd);
    expect(at(h, 49, 52)).toMatch(/^([01]\d|2[0-3])[0-5]\d$/);
    expect(at(h, 53, 53)).toBe('A');
    expect(at(h, 54, 55)).toBe('02');
    expect(at(h, 56, 162).trim()).toBe('');
    // 05: the service code (the company's GLN, no setting given) and lot 0001
    expect(at(lot, 3, 15)).toBe('7709998000018');
    expect(at(lot, 16, 19)).toBe('0001');

    const details = rest.slice(0, 6);
    const receipts: { receipt_number: number; amount: number }[] = await t.app.db('payments').orderBy('id').select('receipt_number', 'amount');
    // reference · amount (12+2: COP has no cents, so ×100) · procedencia · medio · operation = receipt · authorisation · entity · branch · sequence · no return cause
    const expected = [
      ['REF100001-01', 50_000, '01', '01', ''],
      ['REF100002-01', 41_300, '01', '02', ''],
      ['REF100003-01', 27_950, '01', '13', '765432'],
      ['REF100004-01', 33_000, '01', '23', '445566'],
      ['REF100005-01', 88_100, '03', '15', ''],
      ['100006', 45_000, '01', '01', ''],
    ] as const;
    details.forEach((d, i) => {
      const [reference, amount, procedencia, medio, authorization] = expected[i];
      expect(at(d, 3, 50)).toBe(reference.padEnd(48, ' '));
      expect(at(d, 51, 64)).toBe(String(amount * 100).padStart(14, '0'));
      expect(at(d, 65, 66)).toBe(procedencia);
      expect(at(d, 67, 68)).toBe(medio);
      expect(at(d, 69, 74)).toBe(String(receipts[i].receipt_number).padStart(6, '0'));
      expect(at(d, 75, 80)).toBe(authorization === '' ? '      ' : authorization);
      expect(at(d, 81, 83)).toBe('507');
      expect(at(d, 84, 87)).toBe('0042');
      expect(at(d, 88, 94)).toBe(String(i + 1).padStart(7, '0'));
      expect(at(d, 95, 97)).toBe('   ');
    });

    // the controls against the database's own sums: 6 payments, 50.000+41.300+27.950+33.000+88.100+45.000 = 285.350
    const [{ n, total }] = await t.app.db('payments').where({ business_date: today, status: 'vigente' }).select(t.app.db.raw('COUNT(*) AS n'), t.app.db.raw('SUM(amount) AS total'));
    expect(Number(n)).toBe(6);
    expect(Number(total)).toBe(285_350);
    const [lotControl, fileControl] = rest.slice(6);
    expect(at(lotControl, 3, 11)).toBe('000000006');
    expect(at(lotControl, 12, 29)).toBe('000000000028535000');
    expect(at(lotControl, 30, 33)).toBe('0001');
    expect(at(fileControl, 3, 11)).toBe('000000006');
    expect(at(fileControl, 12, 29)).toBe('000000000028535000');
    expect(result.export).toMatchObject({ number: 1, modifier: 'A', records: 6, total: 285_350, format: 'asobancaria' });
    expect(result.export.sha256).toMatch(/^[0-9a-f]{64}$/);

    // round trip: the product's importer in dry run — same counts and totals, every reference matched
    const dir = tempDir();
    const file = path.join(dir, result.file.fileName);
    fs.writeFileSync(file, bytes);
    const preview = await previewBankFile(t.app, file);
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    expect(preview.summary).toMatchObject({ records: 6, total: 285_350, lots: 1, matchedCount: 6, matchedAmount: 285_350, unidentifiedCount: 0, billerNitMatches: true, modifier: 'A', collectionDate: today });
    // and its references resolve to the invoices the payments went to
    const read: AsobancariaDetail[] = [];
    parseAsobancaria(bytes, { currency: 'COP', onDetail: (d) => read.push(d) });
    for (const d of read.slice(0, 5)) {
      const invoice = await t.app.db('invoices').where({ payment_reference: d.reference }).first('id');
      expect(invoice.id).toBe(invoiceOf.get(d.reference));
    }
    const account = await t.app.db('accounts').where({ number: read[5].reference }).first('id');
    const lastPayment = await t.app.db('payments').orderBy('id', 'desc').first('account_id');
    expect(account.id).toBe(lastPayment.account_id);
  });

  it('refuses a future date and a day with an open till without a reason, writing nothing', async () => {
    const t = await createInitializedBackOffice();
    open.push(t);
    const desk = await openCashierDesk(t);
    const { token: coordinator } = await createCoordinator(t);
    const { accountId } = await accountWithInvoices(t, '200001', [10_000]);
    await payCash(t, desk.token, accountId, 10_000);
    const today = todayIn('America/Bogota');
    const tomorrow = addDays(today, 1);
    await expectRefusal(t.call('exchange.exportRecaudo', { date: tomorrow, format: 'asobancaria' }, coordinator), 'RULE', `El ${tomorrow} todavía no ha llegado: solo se exportan días ya recaudados.`);
    await expectRefusal(
      t.call('exchange.exportRecaudo', { date: today, format: 'asobancaria' }, coordinator),
      'RULE',
      `El ${today} tiene 1 caja abierta: ciérrelas antes de exportar, o un coordinador debe escribir el motivo para exportar así.`,
    );
    expect(Number((await t.app.db('exchange_exports').count({ n: '*' }))[0].n)).toBe(0);
    expect(Number((await t.app.db('exchange_export_payments').count({ n: '*' }))[0].n)).toBe(0);
    // with the coordinator's reason it goes, and the reason is recorded
    const result = await t.ok('exchange.exportRecaudo', { date: today, format: 'asobancaria', openSessionsReason: 'Caja 1 cierra tarde por arqueo' }, coordinator);
    expect(result.export.openSessionsReason).toBe('Caja 1 cierra tarde por arqueo');
  });
});

describe('exactly once', () => {
  it('the same bytes again, then a complementary file with the next modifier for a later payment only, and the re-send of each', async () => {
    const { t, coordinator, today } = await dayAtTheCounter();
    const first = await t.ok('exchange.exportRecaudo', { date: today, format: 'asobancaria' }, coordinator);
    const again = await t.ok('exchange.exportRecaudo', { date: today, format: 'asobancaria' }, coordinator);
    expect(again.created).toBe(false);
    expect(again.file.base64).toBe(first.file.base64);
    expect(again.export.number).toBe(first.export.number);
    expect(Number((await t.app.db('exchange_exports').count({ n: '*' }))[0].n)).toBe(1);

    // a late payment of the same day (a second till opened after the export)
    const late = await openCashierDesk(t, { username: 'cajero2' });
    const { accountId } = await accountWithInvoices(t, '100077', [12_350]);
    const latePayment = await payCash(t, late.token, accountId, 12_350);
    const second = await t.ok('exchange.exportRecaudo', { date: today, format: 'asobancaria', openSessionsReason: 'La caja 2 sigue atendiendo' }, coordinator);
    expect(second.created).toBe(true);
    expect(second.export).toMatchObject({ number: 2, modifier: 'B', records: 1, total: 12_350 });
    const lines = records(Buffer.from(second.file.base64, 'base64'));
    expect(lines).toHaveLength(5);
    expect(at(lines[0], 53, 53)).toBe('B');
    expect(at(lines[2], 3, 50).trim()).toBe('REF100077-01');
    // a void after the export: the files already handed over do not change, nothing goes out twice
    await t.ok('cashier.void', { paymentId: latePayment.paymentId, reason: 'Pagó la cuenta equivocada', approval: { username: 'coordinador1', password: 'clave-de-prueba' } }, late.token);
    await t.ok('cashier.close', { count: copCount(200_000) }, late.token);
    const afterVoid = await t.ok('exchange.exportRecaudo', { date: today, format: 'asobancaria' }, coordinator);
    expect(afterVoid.created).toBe(false);
    expect(afterVoid.export.number).toBe(2);
    expect(afterVoid.file.base64).toBe(second.file.base64);
    // every payment of the day in exactly one file of this format
    const links: { payment_id: number }[] = await t.app.db('exchange_export_payments').where({ format: 'asobancaria' }).select('payment_id');
    expect(links).toHaveLength(7);
    expect(new Set(links.map((l) => l.payment_id)).size).toBe(7);

    // the re-send of the first file: its bytes, whatever came after
    const resent = await t.ok('exchange.resend', { exportId: first.export.id }, coordinator);
    expect(resent.file.base64).toBe(first.file.base64);
    const log = await t.ok('exchange.list', { date: today }, coordinator);
    expect(log.map((e) => [e.number, e.modifier, e.records, e.total])).toEqual([
      [2, 'B', 1, 12_350],
      [1, 'A', 6, 285_350],
    ]);
    const audit = await t.app.db('audit_log').where({ action: 'exchange.export' }).count({ n: '*' });
    expect(Number(audit[0].n)).toBe(2);
  });
});
