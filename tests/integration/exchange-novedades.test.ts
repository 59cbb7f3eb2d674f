/**
 * Issue 18, item 2 (exactly once): a payment voided after it left in a recaudo file goes into the
 * novedades file of the day of the void (reversals: Asobancaria 2001 has none), with its original
 * receipt and the number of the file it left in — once, numbered and recorded like the other files.
 * One back office for the file: the tests are the steps of one day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInitializedBackOffice } from '../helpers/backoffice';
import { accountWithInvoices, copCount, createCoordinator, openCashierDesk, payCash, type CashierDesk, type InitializedBackOffice } from '../helpers/cashier';
import { expectRefusal } from '../helpers/refusal';
import { addDays, todayIn } from '../../shared/dates';
import type { Receipt } from '../../shared/contract';

let t: InitializedBackOffice;
let coordinator: string;
let approval: { username: string; password: string };
let today: string;
let late: CashierDesk;
let paid: { a: Receipt; b: Receipt };

const csvLines = (base64: string) => {
  const text = Buffer.from(base64, 'base64').toString('utf8');
  expect(text.endsWith('\r\n')).toBe(true);
  return text.slice(0, -2).split('\r\n');
};
const HEADER =
  'version,exportacion,fecha_novedad,oficina,tipo,exportacion_original,formato_original,modificador_original,archivo_original,fecha_recaudo,recibo,cuenta,referencia,valor,motivo,anulado_en,anulado_por';
const count = async (table: string) => Number((await t.app.db(table).count({ n: '*' }))[0].n);

beforeAll(async () => {
  t = await createInitializedBackOffice();
  const desk = await openCashierDesk(t);
  ({ token: coordinator, approval } = await createCoordinator(t));
  const a = await accountWithInvoices(t, '400001', [52_300]);
  const b = await accountWithInvoices(t, '400002', [18_000, 21_000]);
  paid = { a: await payCash(t, desk.token, a.accountId, 52_300), b: await payCash(t, desk.token, b.accountId, 39_000) };
  await t.ok('cashier.close', { count: copCount(200_000 + 52_300 + 39_000) }, desk.token);
  today = todayIn('America/Bogota');
  // the day leaves as Asobancaria (n.º 1) and as CSV (n.º 2)
  await t.ok('exchange.exportRecaudo', { date: today, format: 'asobancaria' }, coordinator);
  await t.ok('exchange.exportRecaudo', { date: today, format: 'csv' }, coordinator);
  late = await openCashierDesk(t, { username: 'cajero2' });
});
afterAll(() => t.close());

describe('novedades: reversals of exported payments', () => {
  it('a day without voids gets its file once, header only; a future date is refused and writes nothing', async () => {
    const tomorrow = addDays(today, 1);
    await expectRefusal(t.call('exchange.exportAct', { kind: 'novedades', date: tomorrow }, coordinator), 'RULE', `El ${tomorrow} todavía no ha llegado: solo se exportan días ya cumplidos.`);
    expect(await count('exchange_exports')).toBe(2);
    const empty = await t.ok('exchange.exportAct', { kind: 'novedades', date: today }, coordinator);
    expect(empty.created).toBe(true);
    expect(csvLines(empty.file.base64)).toEqual([HEADER]);
    expect(empty.export).toMatchObject({ number: 3, kind: 'novedades', format: 'csv', modifier: 'A', records: 0, total: 0 });
    const again = await t.ok('exchange.exportAct', { kind: 'novedades', date: today }, coordinator);
    expect(again.created).toBe(false);
    expect(again.export.number).toBe(3);
  });

  it('a payment voided after its export goes in the next novedades file, one row per file it left in, with the original receipt and export number, and only once', async () => {
    await t.ok('cashier.void', { paymentId: paid.a.paymentId, reason: 'Pagó la cuenta equivocada', approval }, late.token);
    // a payment posted after the exports and voided before the next one never left: no reversal for it
    const c = await accountWithInvoices(t, '400003', [9_900]);
    const never = await payCash(t, late.token, c.accountId, 9_900);
    await t.ok('cashier.void', { paymentId: never.paymentId, reason: 'Valor errado', approval }, late.token);

    const first = await t.ok('exchange.exportAct', { kind: 'novedades', date: today }, coordinator);
    expect(first.created).toBe(true);
    // 1 payment × 2 files (Asobancaria n.º 1, CSV n.º 2) = 2 rows of $ 52.300: total 104.600
    expect(first.export).toMatchObject({ number: 4, kind: 'novedades', modifier: 'B', records: 2, total: 104_600 });
    const lines = csvLines(first.file.base64);
    expect(lines[0]).toBe(HEADER);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(2);
    const receipt = String(paid.a.receiptNumber);
    expect(rows.map((r) => r.slice(0, 15))).toEqual([
      ['1', '4', today, 'GAR', 'REVERSO', '1', 'asobancaria', 'A', expect.stringMatching(/^recaudo-\d{8}-GAR-A-000001\.txt$/), today, receipt, '400001', 'REF400001-01', '52300', 'Pagó la cuenta equivocada'],
      ['1', '4', today, 'GAR', 'REVERSO', '2', 'csv', 'A', expect.stringMatching(/^recaudo-\d{8}-GAR-A-000002\.csv$/), today, receipt, '400001', 'REF400001-01', '52300', 'Pagó la cuenta equivocada'],
    ]);
    expect(rows[0][15]).toMatch(new RegExp(`^${today} \\d\\d:\\d\\d$`));
    expect(rows[0][16]).toBe('cajero2');

    // again: nothing new, the same bytes, no new export
    const again = await t.ok('exchange.exportAct', { kind: 'novedades', date: today }, coordinator);
    expect(again.created).toBe(false);
    expect(again.file.base64).toBe(first.file.base64);
    expect(await count('exchange_exports')).toBe(4);

    // a second void later in the day: a complementary file (modifier C) with that reversal only
    await t.ok('cashier.void', { paymentId: paid.b.paymentId, reason: 'Doble pago', approval }, late.token);
    const second = await t.ok('exchange.exportAct', { kind: 'novedades', date: today }, coordinator);
    expect(second.export).toMatchObject({ number: 5, modifier: 'C', records: 2, total: 78_000 });
    const secondRows = csvLines(second.file.base64).slice(1).map((l) => l.split(','));
    // a payment over two invoices left with the account number as its reference
    expect(secondRows.map((r) => [r[5], r[10], r[11], r[12], r[13]])).toEqual([
      ['1', String(paid.b.receiptNumber), '400002', '400002', '39000'],
      ['2', String(paid.b.receiptNumber), '400002', '400002', '39000'],
    ]);
    // every reversal in exactly one novedades file; the recaudo files did not change
    const items: { item_key: string }[] = await t.app.db('exchange_export_items').where({ kind: 'novedades' }).select('item_key');
    expect(items).toHaveLength(4);
    expect(new Set(items.map((i) => i.item_key)).size).toBe(4);
    const resent = await t.ok('exchange.resend', { exportId: first.export.id }, coordinator);
    expect(resent.file.base64).toBe(first.file.base64);
    const audit = await t.app.db('audit_log').where({ action: 'exchange.export' }).count({ n: '*' });
    expect(Number(audit[0].n)).toBe(5);
  });
});
