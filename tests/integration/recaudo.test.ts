/**
 * The collection report (recaudo diario) over payments written to a real database: its totals must
 * equal SQL sums over the same rows, voided payments apart; the CSV parses back; the PDF says it.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import type { TenderMethod } from '../../shared/contract';
import { recaudoCsv } from '../../electron/core/documents/recaudo';
import { createInitializedBackOffice, loginAs, OFFICE } from '../helpers/backoffice';
import { insertAccount } from '../helpers/accounts';
import { pdfTextFlat } from '../helpers/pdf';

let t: Awaited<ReturnType<typeof createInitializedBackOffice>>;
let coordinator: string;
let cashier: string;
let norteId: number;

const D1 = '2026-11-18';
const D2 = '2026-11-19';
const D3 = '2026-11-20'; // outside the range asked

let receiptCounter = 0;
async function insertPayment(
  db: Knex,
  p: { officeId: number; cashierId: number | null; accountId: number; date: string; status?: 'vigente' | 'anulado'; tenders: [TenderMethod, number][] },
): Promise<void> {
  receiptCounter += 1;
  const amount = p.tenders.reduce((sum, [, a]) => sum + a, 0);
  const bank = p.cashierId === null;
  const [row] = await db('payments')
    .insert({
      office_id: p.officeId,
      session_id: null,
      account_id: p.accountId,
      receipt_number: bank ? null : receiptCounter,
      idempotency_key: `test-${receiptCounter}`,
      source: bank ? 'banco' : 'caja',
      business_date: p.date,
      posted_at: `${p.date}T15:00:00.000Z`,
      cashier_id: p.cashierId,
      amount,
      balance_after: 0,
      status: p.status ?? 'vigente',
      verification_code: `V${receiptCounter}`,
    })
    .returning('id');
  const paymentId = typeof row === 'object' ? row.id : row;
  await db('payment_tenders').insert(p.tenders.map(([method, a]) => ({ payment_id: paymentId, method, amount: a })));
}

beforeAll(async () => {
  t = await createInitializedBackOffice();
  coordinator = await loginAs(t, 'coordinador');
  cashier = await loginAs(t, 'cajero');
  const norte = await t.ok('offices.create', { ...OFFICE, code: 'NOR', name: 'Oficina Norte' }, t.adminToken);
  norteId = norte.id;
  const other = await t.ok('users.create', { fullName: 'Beatriz Helena Soto', username: 'cajeranorte', officeId: norteId, role: 'cajero', password: 'clave-de-prueba' }, t.adminToken);
  const db = t.app.db;
  const cajero = (await db('users').where({ username: 'cajero1' }).first('id')).id as number;
  const account = await insertAccount(db, { number: '100234', holderName: 'GÓMEZ PARDO ANA LUCÍA' });
  const G = t.officeId;
  await insertPayment(db, { officeId: G, cashierId: cajero, accountId: account, date: D1, tenders: [['efectivo', 54_300]] });
  await insertPayment(db, { officeId: G, cashierId: cajero, accountId: account, date: D1, tenders: [['efectivo', 20_000], ['tarjeta_debito', 34_300]] });
  await insertPayment(db, { officeId: G, cashierId: cajero, accountId: account, date: D1, tenders: [['cheque', 120_000]] });
  await insertPayment(db, { officeId: G, cashierId: cajero, accountId: account, date: D1, status: 'anulado', tenders: [['efectivo', 77_700]] });
  await insertPayment(db, { officeId: G, cashierId: cajero, accountId: account, date: D2, tenders: [['transferencia', 61_000]] });
  await insertPayment(db, { officeId: G, cashierId: null, accountId: account, date: D2, tenders: [['banco', 45_000]] });
  await insertPayment(db, { officeId: G, cashierId: null, accountId: account, date: D2, tenders: [['banco', 15_000]] });
  await insertPayment(db, { officeId: norteId, cashierId: other.id, accountId: account, date: D2, tenders: [['efectivo', 33_000]] });
  await insertPayment(db, { officeId: norteId, cashierId: other.id, accountId: account, date: D2, status: 'anulado', tenders: [['tarjeta_credito', 10_000]] });
  await insertPayment(db, { officeId: G, cashierId: cajero, accountId: account, date: D3, tenders: [['efectivo', 999_000]] });
});
afterAll(() => t.close());

/** what the database says, independently of the report's query */
async function sqlTotals(officeId: number | null) {
  const db = t.app.db;
  const scope = (q: Knex.QueryBuilder) => {
    q.where('p.business_date', '>=', D1).andWhere('p.business_date', '<=', D2);
    if (officeId !== null) q.andWhere('p.office_id', officeId);
    return q;
  };
  const [live] = (await scope(db('payments as p').where('p.status', 'vigente')).sum({ total: 'p.amount' })) as { total: number | string }[];
  const [voided] = (await scope(db('payments as p').where('p.status', 'anulado')).count({ n: '*' }).sum({ total: 'p.amount' })) as { n: number | string; total: number | string }[];
  const methods: { method: string; total: number | string }[] = await scope(db('payments as p').join('payment_tenders as t', 't.payment_id', 'p.id').where('p.status', 'vigente'))
    .groupBy('t.method')
    .select('t.method')
    .sum({ total: 't.amount' });
  // the report's amounts are exact sums written as digits
  return {
    total: String(live.total),
    voidedCount: Number(voided.n),
    voidedAmount: String(voided.total),
    perMethod: Object.fromEntries(methods.map((m) => [m.method, String(m.total)])),
  };
}

describe('the collection report (recaudo)', () => {
  it('for every office, its totals equal the database: per method, overall, and voided apart', async () => {
    const report = await t.ok('reports.recaudo', { from: D1, to: D2 }, t.adminToken);
    const sql = await sqlTotals(null);
    expect(report.total).toBe(sql.total);
    expect(report.total).toBe(String(54_300 + 54_300 + 120_000 + 61_000 + 60_000 + 33_000));
    expect(Object.fromEntries(report.totals.map((m) => [m.method, m.amount]))).toEqual(sql.perMethod);
    expect(String(report.rows.reduce((s, r) => s + Number(r.amount), 0))).toBe(sql.total);
    expect([report.voidedCount, report.voidedAmount]).toEqual([sql.voidedCount, sql.voidedAmount]);
    expect([report.voidedCount, report.voidedAmount]).toEqual([2, '87700']);
    expect(report.officeCode).toBeNull();
  });

  it('one row per date, office, cashier and method; a mixed payment counts under each of its methods; the bank is "Recaudo bancario"', async () => {
    const report = await t.ok('reports.recaudo', { from: D1, to: D2 }, t.adminToken);
    expect(report.rows.map((r) => [r.businessDate, r.officeCode, r.cashierName, r.method, r.count, r.amount])).toEqual([
      [D1, 'GAR', 'Usuario cajero', 'efectivo', 2, '74300'],
      [D1, 'GAR', 'Usuario cajero', 'tarjeta_debito', 1, '34300'],
      [D1, 'GAR', 'Usuario cajero', 'cheque', 1, '120000'],
      [D2, 'GAR', 'Recaudo bancario', 'banco', 2, '60000'],
      [D2, 'GAR', 'Usuario cajero', 'transferencia', 1, '61000'],
      [D2, 'NOR', 'Beatriz Helena Soto', 'efectivo', 1, '33000'],
    ]);
  });

  it('a coordinator sees their own office by default and may not read another one', async () => {
    const report = await t.ok('reports.recaudo', { from: D1, to: D2 }, coordinator);
    expect(report.officeCode).toBe('GAR');
    expect(new Set(report.rows.map((r) => r.officeCode))).toEqual(new Set(['GAR']));
    const sql = await sqlTotals(t.officeId);
    expect([report.total, report.voidedCount, report.voidedAmount]).toEqual([sql.total, sql.voidedCount, sql.voidedAmount]);
    await expectRefusal(t.call('reports.recaudo', { from: D1, to: D2, officeId: norteId }, coordinator), 'FORBIDDEN', 'Solo puede consultar el recaudo de su oficina.');
  });

  it('an administrator picks an office', async () => {
    const report = await t.ok('reports.recaudo', { from: D1, to: D2, officeId: norteId }, t.adminToken);
    expect(report.officeCode).toBe('NOR');
    expect([report.total, report.voidedCount, report.voidedAmount]).toEqual(['33000', 1, '10000']);
  });

  it('a cashier may not read it; a range backwards is refused in Spanish', async () => {
    await expectForbidden(t.call('reports.recaudo', { from: D1, to: D2 }, cashier));
    await expectRefusal(t.call('reports.recaudo', { from: D2, to: D1 }, t.adminToken), 'VALIDATION', 'La fecha inicial es posterior a la fecha final');
  });

  it('the CSV (semicolons, UTF-8 with BOM, plain integer amounts) parses back to the report', async () => {
    const report = await t.ok('reports.recaudo', { from: D1, to: D2 }, t.adminToken);
    const file = await t.ok('reports.recaudoFile', { from: D1, to: D2, format: 'csv' }, t.adminToken);
    expect(file.mimeType).toBe('text/csv');
    expect(file.fileName).toBe(`recaudo-${D1}-a-${D2}.csv`);
    const bytes = Buffer.from(file.base64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('Fecha;Oficina;Cajero;Forma de pago;Pagos;Valor');
    const rows = lines.slice(1).map((l) => l.split(';'));
    expect(rows).toHaveLength(report.rows.length);
    for (const cells of rows) expect(cells[5]).toMatch(/^\d+$/);
    expect(String(rows.reduce((s, c) => s + Number(c[5]), 0))).toBe(report.total);
    expect(rows[0]).toEqual([D1, 'GAR', 'Usuario cajero', 'Efectivo', '2', '74300']);
    expect(rows.find((c) => c[2] === 'Recaudo bancario')).toEqual([D2, 'GAR', 'Recaudo bancario', 'Recaudo bancario', '2', '60000']);
  });

  it('a CSV field with the separator or quotes is quoted', () => {
    const csv = recaudoCsv({
      from: D1,
      to: D1,
      officeCode: null,
      currency: 'COP',
      company: { name: 'E', nit: '1', logoDataUrl: '' },
      rows: [{ businessDate: D1, officeCode: 'GAR', cashierName: 'Pérez; "Toño"', method: 'efectivo', count: 1, amount: '5' }],
      totals: [],
      total: '5',
      voidedCount: 0,
      voidedAmount: '0',
    });
    expect(csv.split('\r\n')[1]).toBe(`${D1};GAR;"Pérez; ""Toño""";Efectivo;1;5`);
  });

  it('the PDF shows the rows, the totals and the voided payments', async () => {
    const file = await t.ok('reports.recaudoFile', { from: D1, to: D2, officeId: t.officeId, format: 'pdf' }, t.adminToken);
    expect(file.fileName).toBe(`recaudo-${D1}-a-${D2}-GAR.pdf`);
    const text = pdfTextFlat(Buffer.from(file.base64, 'base64'));
    expect(text).toContain('INFORME DE RECAUDO');
    expect(text).toContain('del 18/11/2026 al 19/11/2026 · oficina GAR');
    expect(text).toMatch(/TOTAL RECAUDADO \$ 349\.600/);
    expect(text).toMatch(/18\/11\/2026 GAR Usuario cajero Cheque 1 \$ 120\.000/);
    expect(text).toMatch(/Recaudo bancario Recaudo bancario 2 \$ 60\.000/);
    expect(text).toMatch(/Pagos anulados \(no suman\) 1/);
    expect(text).toMatch(/Valor de los pagos anulados \$ 77\.700/);
    expect(text).toContain('Página 1 de 1');
  });
});
