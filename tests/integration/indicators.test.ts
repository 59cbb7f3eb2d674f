/**
 * Indicators (issue 19, item 1): seeded records with known answers in two offices (Garagoa, Tenza),
 * every figure of March 2026 checked against the answer counted by hand AND against an independent
 * SQL query written here; the 12-month trend; the records behind a figure; office scoping (a
 * coordinator never sees another office's figures). One back office for the whole file.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndicatorKey, IndicatorsSummary } from '../../shared/contract';
import { insertAccount, insertInvoice } from '../helpers/accounts';
import { createInitializedBackOffice, OFFICE, type TestBackOffice } from '../helpers/backoffice';
import { filePqr } from '../helpers/pqr';
import { backdatePqr, writeApprovedAnswer } from '../helpers/pqr-reports';
import { userOf } from '../helpers/officeRecords';
import { pdfTextFlat } from '../helpers/pdf';
import { monthlySeries, summary } from '../../electron/core/modules/indicators/service';

type T = TestBackOffice & { adminToken: string; officeId: number };
let t: T;
let officeB: number;
let coordA: string;
let coordB: string;
let adminId: number;

const idOf = (row: unknown): number => Number(typeof row === 'object' && row !== null ? (row as { id: number }).id : row);

async function insert(table: string, row: Record<string, unknown>): Promise<number> {
  const [r] = await t.app.db(table).insert(row).returning('id');
  return idOf(r);
}

/** a payment with its allocation to one invoice (live unless voided) */
async function payment(p: { office: number; account: number; invoice: number; amount: number; date: string; source: 'caja' | 'banco'; receipt?: number; bankFile?: number; voided?: boolean }): Promise<number> {
  const id = await insert('payments', {
    office_id: p.office,
    account_id: p.account,
    receipt_number: p.receipt ?? null,
    idempotency_key: `k-${p.account}-${p.amount}-${p.date}`,
    source: p.source,
    business_date: p.date,
    posted_at: `${p.date}T15:00:00.000Z`,
    amount: p.amount,
    balance_after: 0,
    status: p.voided ? 'anulado' : 'vigente',
    verification_code: 'X',
    bank_file_id: p.bankFile ?? null,
  });
  await insert('payment_allocations', { payment_id: id, invoice_id: p.invoice, amount: p.amount, live: !p.voided });
  return id;
}

const valueOf = (s: IndicatorsSummary, key: IndicatorKey) => s.families.flatMap((f) => f.figures).find((f) => f.key === key)?.value;
const one = async (sql: string, bindings: (string | number | boolean)[]): Promise<number> => {
  const result = (await t.app.db.raw(sql, bindings)) as { rows?: Record<string, unknown>[] } | Record<string, unknown>[];
  const rows = Array.isArray(result) ? result : (result.rows ?? []);
  return Number(Object.values(rows[0])[0] ?? 0);
};

beforeAll(async () => {
  t = await createInitializedBackOffice();
  const db = t.app.db;
  adminId = Number((await db('users').where({ username: 'admin' }).first('id')).id);
  officeB = (await t.ok('offices.create', { ...OFFICE, code: 'TEN', name: 'Oficina Tenza', city: 'Tenza', cityDane: '15798' }, t.adminToken)).id;
  coordA = (await userOf(t, t.officeId, 'coordinador', 'coord.garagoa', 'Rosa Coordinadora')).token;
  coordB = (await userOf(t, officeB, 'coordinador', 'coord.tenza', 'Iván Coordinador')).token;

  // accounts: two in Garagoa (15299), one in Tenza (15798)
  const a1 = await insertAccount(db, { number: '100001', holderName: 'Ana Uno' });
  const a2 = await insertAccount(db, { number: '100002', holderName: 'Beto Dos' });
  const b1 = await insertAccount(db, { number: '200001', holderName: 'Carla Tres' });
  await db('accounts').where({ id: b1 }).update({ city_dane: '15798' });
  // invoices (balances as the payments below left them): issue date = the period's first day
  const i1 = await insertInvoice(db, a1, { number: 'F-1', period: '2026-02', dueDate: '2026-02-20', total: 5_000_000, balance: 0 });
  const i2 = await insertInvoice(db, a1, { number: 'F-2', period: '2026-03', dueDate: '2026-03-20', total: 6_000_000 });
  const i3 = await insertInvoice(db, a2, { number: 'F-3', period: '2026-03', dueDate: '2026-03-20', total: 4_000_000, balance: 3_000_000 });
  const i4 = await insertInvoice(db, b1, { number: 'F-4', period: '2026-03', dueDate: '2026-03-20', total: 7_000_000, balance: 0 });

  // payments of March: Garagoa $ 5.000.000 at the counter (F-1), $ 1.000.000 by bank 007 (F-3), $ 2.000.000 voided; Tenza $ 7.000.000 (F-4)
  const bankFile = await insert('bank_files', {
    file_name: 'b.txt', sha256: 'x'.repeat(64), biller_nit: '900123456', bank_code: '007', account_number: '1', collection_date: '2026-03-25', file_date: '2026-03-25',
    file_time: '10:00', modifier: 'A', records: 1, total: 1_000_000, applied_count: 1, unidentified_count: 0, office_id: t.officeId, imported_at: '2026-03-25T15:00:00.000Z',
  });
  await payment({ office: t.officeId, account: a1, invoice: i1, amount: 5_000_000, date: '2026-03-05', source: 'caja', receipt: 1 });
  await payment({ office: t.officeId, account: a2, invoice: i3, amount: 1_000_000, date: '2026-03-25', source: 'banco', bankFile });
  const voided = await payment({ office: t.officeId, account: a1, invoice: i2, amount: 2_000_000, date: '2026-03-10', source: 'caja', receipt: 2, voided: true });
  await payment({ office: officeB, account: b1, invoice: i4, amount: 7_000_000, date: '2026-03-15', source: 'caja', receipt: 1 });
  await insert('payment_voids', { payment_id: voided, reason: 'Valor equivocado', voided_by: adminId, approved_by: adminId, voided_at: '2026-03-10T16:00:00.000Z', business_date: '2026-03-10', cash_returned: 2_000_000 });

  // cash sessions of Garagoa in March: one balanced, one short by $ 100.000
  const till = await insert('tills', { office_id: t.officeId, code: 'C1', name: 'Caja 1' });
  const session = (date: string, difference: number) => ({
    office_id: t.officeId, till_id: till, cashier_id: adminId, status: 'cerrada', business_date: date, opened_at: `${date}T13:00:00.000Z`, opening_count_json: '[]', opening_float: 0,
    closed_at: `${date}T22:00:00.000Z`, closed_by: adminId, counted_cash: 100_000 + difference, expected_cash: 100_000, difference,
  });
  await insert('cash_sessions', session('2026-03-05', 0));
  await insert('cash_sessions', session('2026-03-06', -100_000));

  // PQRs of Garagoa: three filed in March (a reclamo answered on time, a petición answered late, a recurso), one in February
  const p1 = (await filePqr(t, t.adminToken, { type: 'reclamo' })).pqr.id;
  const p2 = (await filePqr(t, t.adminToken, { type: 'peticion' })).pqr.id;
  const p3 = (await filePqr(t, t.adminToken, { type: 'peticion' })).pqr.id;
  const p4 = (await filePqr(t, t.adminToken, { type: 'peticion' })).pqr.id;
  const pa = { ...t, officeId: t.officeId };
  await backdatePqr(pa, p1, '2026-03-02', '2026-03-24');
  await backdatePqr(pa, p2, '2026-03-03', '2026-03-25');
  await backdatePqr(pa, p3, '2026-03-04', '2026-03-26');
  await backdatePqr(pa, p4, '2026-02-02', '2026-02-23');
  await db('pqrs').where({ id: p3 }).update({ type: 'recurso_reposicion', sspd_sent_on: '2026-03-27' });
  // the SSPD confirmed the company's decision on 10 April (resolution SSPD-2026-777)
  await db('pqrs').where({ id: p3 }).update({ sspd_decision: 'confirma', sspd_resolution_number: 'SSPD-2026-777', sspd_resolution_date: '2026-04-10' });
  await writeApprovedAnswer(pa, p1, 'accede', '2026-03-10'); // on time: 6 business days (3,4,5,6,9,10 of March)
  await writeApprovedAnswer(pa, p2, 'no_accede', '2026-03-31'); // late (due the 25th): 19 business days (4–6, 9–13, 16–20, 24–27, 30, 31: the 23rd is San José)
  await db('pqrs').where({ id: p4 }).update({ silencio_on: '2026-03-05', extended_at: '2026-03-02T15:00:00.000Z' });
  await insert('pqr_events', { pqr_id: p2, at: '2026-03-12T15:00:00.000Z', user_name: 'admin', action: 'suspendida', detail_json: '{}' });

  // telecobro of Garagoa: two contacts (one effective), two commitments decided in March (one kept)
  const contact = (effective: boolean, n: number) => ({
    office_id: t.officeId, account_id: a1, gestor_id: adminId, channel: 'llamada', direction: 'saliente', outcome: effective ? 'promesa_pago' : 'no_contesta', effective, notes: '',
    at: `2026-03-0${n}T15:00:00.000Z`, business_date: `2026-03-0${n}`, debt: 6_000_000, days_past_due: 10, bucket: 'd1_30', idempotency_key: `c${n}`,
  });
  const c1 = await insert('collection_contacts', contact(true, 2));
  const c2 = await insert('collection_contacts', contact(false, 3));
  const promise = (state: string, paid: number) => ({
    office_id: t.officeId, account_id: a1, contact_id: state === 'cumplido' ? c1 : c2, gestor_id: adminId, amount: 3_000_000, made_on: '2026-03-02', promised_date: '2026-03-09', grace_days: 2, window_end: '2026-03-11',
    state, paid_amount: paid, created_at: '2026-03-02T15:00:00.000Z',
  });
  await insert('collection_promises', promise('cumplido', 3_000_000));
  await insert('collection_promises', promise('parcial', 1_000_000));

  // agreements of Garagoa: one kept in March, one broken in March, one active since January
  const agreement = (n: number, state: string, endedOn: string | null) => ({
    office_id: t.officeId, account_id: a2, number: `AP-${n}`, state, channel: 'ventanilla', signer_name: 'Beto Dos', signer_id_number: '1', signer_relation: 'titular', debt_total: 100, down_payment: 10,
    financed: 90, annual_rate_bp: 0, usury_rate_bp: 0, installments: 3, first_due_date: '2026-02-20', day_of_month: 20, total_interest: 0, down_payment_deadline: '2026-01-20', business_date: '2026-01-10',
    created_at: '2026-01-10T15:00:00.000Z', activated_on: '2026-01-12', ended_on: endedOn, idempotency_key: `ag${n}`,
  });
  await insert('payment_agreements', agreement(1, 'cumplido', '2026-03-20'));
  await insert('payment_agreements', agreement(2, 'incumplido', '2026-03-21'));
  await insert('payment_agreements', agreement(3, 'activo', null));

  // reconnections of Garagoa in March: one in 5 hours, one in 30 hours
  const order = (n: number, hours: number) => ({
    number: `OT-2026-00000${n}`, office_id: t.officeId, account_id: a1, type: 'reconexion', origin: 'pago', priority: 'alta', state: 'ejecutada', business_date: '2026-03-05',
    created_at: '2026-03-05T14:00:00.000Z', created_by_name: 'sistema', due_at: '2026-03-06T14:00:00.000Z', executed_at: new Date(Date.parse('2026-03-05T14:00:00.000Z') + hours * 3_600_000).toISOString(),
  });
  await insert('work_orders', order(1, 5));
  await insert('work_orders', order(2, 30));
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('indicators of a month, counted by hand and by SQL', () => {
  it('Garagoa, March 2026: every figure', async () => {
    const s = await t.ok('indicators.summary', { from: '2026-03', to: '2026-03' }, coordA);
    expect(s.officeId).toBe(t.officeId);
    // recaudo: 5 M + 1 M (the voided 2 M does not count); billed in March 6 M + 4 M; due in March the same: 60 %
    expect(valueOf(s, 'recaudo.collected')).toBe(6_000_000);
    expect(valueOf(s, 'recaudo.billed')).toBe(10_000_000);
    expect(valueOf(s, 'recaudo.due')).toBe(10_000_000);
    expect(valueOf(s, 'recaudo.efficiency')).toBe(60);
    const channels = s.families.find((f) => f.family === 'recaudo')?.breakdowns.find((b) => b.key === 'indicators.breakdown.byChannel');
    expect(channels?.rows).toEqual([
      { label: 'Banco 007', values: [1, 1_000_000] },
      { label: 'Caja (ventanilla)', values: [1, 5_000_000] },
    ]);
    // cartera on 31 March: F-2 6 M unpaid (its payment was voided) and F-3 4 M − 1 M: two accounts, 9 M, both 11 days late
    expect(valueOf(s, 'cartera.overdue')).toBe(9_000_000);
    expect(valueOf(s, 'cartera.accountsInArrears')).toBe(2);
    const ages = s.families.find((f) => f.family === 'cartera')?.breakdowns[0].rows;
    expect(ages?.find((r) => r.label === '1 a 30 días')?.values ?? ages?.[0].values).toEqual([2, 9_000_000]);
    // PQR: 3 filed in March; 2 answered, 1 on time (50 %); 6 and 19 business days → 12,5; 1 silencio, 1 extended, 1 paused, 1 recurso, 1 sent to the SSPD
    expect(valueOf(s, 'pqr.received')).toBe(3);
    expect(valueOf(s, 'pqr.answered')).toBe(2);
    expect(valueOf(s, 'pqr.onTimePct')).toBe(50);
    expect(valueOf(s, 'pqr.avgBusinessDays')).toBe(12.5);
    expect(valueOf(s, 'pqr.silencio')).toBe(1);
    expect(valueOf(s, 'pqr.extended')).toBe(1);
    expect(valueOf(s, 'pqr.paused')).toBe(1);
    expect(valueOf(s, 'pqr.recursos')).toBe(1);
    expect(valueOf(s, 'pqr.sentToSspd')).toBe(1);
    // telecobro: 1 effective of 2 (50 %); 1 kept of 2 decided (50 %), 3 M + 1 M recovered; agreements: 1 active, 1 kept, 1 broken
    expect(valueOf(s, 'telecobro.contacts')).toBe(2);
    expect(valueOf(s, 'telecobro.contactRate')).toBe(50);
    expect(valueOf(s, 'telecobro.promisesKeptPct')).toBe(50);
    expect(valueOf(s, 'telecobro.recovered')).toBe(4_000_000);
    expect(valueOf(s, 'acuerdos.active')).toBe(1);
    expect(valueOf(s, 'acuerdos.kept')).toBe(1);
    expect(valueOf(s, 'acuerdos.broken')).toBe(1);
    // work orders: 2 reconnections, 1 within 24 h (50 %), (5 + 30) / 2 = 17,5 h
    expect(valueOf(s, 'ordenes.reconnections')).toBe(2);
    expect(valueOf(s, 'ordenes.within24hPct')).toBe(50);
    expect(valueOf(s, 'ordenes.avgHours')).toBe(17.5);
    // caja: 2 sessions, 1 with a difference; 1 void of 2 counter receipts = 500 per 1.000
    expect(valueOf(s, 'caja.sessionsClosed')).toBe(2);
    expect(valueOf(s, 'caja.sessionsWithDifference')).toBe(1);
    expect(valueOf(s, 'caja.voidsPerThousand')).toBe(500);
    expect(valueOf(s, 'cajaMenor.expenses')).toBe(0);
  });

  it('each figure equals an independent SQL query', async () => {
    const from = '2026-03-01';
    const to = '2026-03-31';
    const A = t.officeId;
    const s = await t.ok('indicators.summary', { from: '2026-03', to: '2026-03', officeId: A }, t.adminToken);
    const accountsOfA = `SELECT a.id FROM accounts a WHERE a.city_dane = (SELECT city_dane FROM offices WHERE id = ?)`;
    const checks: [IndicatorKey, string, (string | number | boolean)[]][] = [
      ['recaudo.collected', `SELECT COALESCE(SUM(amount), 0) FROM payments WHERE status = 'vigente' AND business_date BETWEEN ? AND ? AND office_id = ?`, [from, to, A]],
      ['recaudo.billed', `SELECT COALESCE(SUM(total), 0) FROM invoices WHERE issue_date BETWEEN ? AND ? AND account_id IN (${accountsOfA})`, [from, to, A]],
      ['recaudo.due', `SELECT COALESCE(SUM(total), 0) FROM invoices WHERE due_date BETWEEN ? AND ? AND account_id IN (${accountsOfA})`, [from, to, A]],
      [
        'cartera.overdue',
        `SELECT COALESCE(SUM(i.balance + COALESCE((SELECT SUM(pa.amount) FROM payment_allocations pa JOIN payments p ON p.id = pa.payment_id WHERE pa.invoice_id = i.id AND pa.live = ? AND p.status = 'vigente' AND p.business_date > ?), 0)), 0)
         FROM invoices i WHERE i.due_date < ? AND i.account_id IN (${accountsOfA})`,
        [true, to, to, A],
      ],
      ['pqr.received', `SELECT COUNT(*) FROM pqrs WHERE filed_date BETWEEN ? AND ? AND office_id = ? AND state <> 'anulada' AND type <> 'correspondencia'`, [from, to, A]],
      ['pqr.answered', `SELECT COUNT(*) FROM pqr_answers a JOIN pqrs p ON p.id = a.pqr_id WHERE a.state = 'aprobada' AND a.answer_date BETWEEN ? AND ? AND p.office_id = ?`, [from, to, A]],
      ['pqr.silencio', `SELECT COUNT(*) FROM pqrs WHERE silencio_on BETWEEN ? AND ? AND office_id = ?`, [from, to, A]],
      ['telecobro.contacts', `SELECT COUNT(*) FROM collection_contacts WHERE business_date BETWEEN ? AND ? AND office_id = ?`, [from, to, A]],
      ['telecobro.recovered', `SELECT COALESCE(SUM(paid_amount), 0) FROM collection_promises WHERE window_end BETWEEN ? AND ? AND office_id = ? AND state IN ('cumplido', 'parcial', 'incumplido')`, [from, to, A]],
      ['acuerdos.broken', `SELECT COUNT(*) FROM payment_agreements WHERE state = 'incumplido' AND ended_on BETWEEN ? AND ? AND office_id = ?`, [from, to, A]],
      ['ordenes.reconnections', `SELECT COUNT(*) FROM work_orders WHERE type = 'reconexion' AND state = 'ejecutada' AND business_date BETWEEN ? AND ? AND office_id = ?`, [from, to, A]],
      ['caja.sessionsWithDifference', `SELECT COUNT(*) FROM cash_sessions WHERE status = 'cerrada' AND difference <> 0 AND business_date BETWEEN ? AND ? AND office_id = ?`, [from, to, A]],
    ];
    for (const [key, sql, bindings] of checks) expect({ key, value: valueOf(s, key) }).toEqual({ key, value: await one(sql, bindings) });
    const issued = await one(`SELECT COUNT(*) FROM payments WHERE source = 'caja' AND receipt_number IS NOT NULL AND business_date BETWEEN ? AND ? AND office_id = ?`, [from, to, A]);
    const voids = await one(`SELECT COUNT(*) FROM payment_voids v JOIN payments p ON p.id = v.payment_id WHERE v.business_date BETWEEN ? AND ? AND p.office_id = ?`, [from, to, A]);
    expect(valueOf(s, 'caja.voidsPerThousand')).toBe((voids / issued) * 1000);
  });

  it('the company: both offices summed; the trend rebuilds February as it stood then', async () => {
    const company = await t.ok('indicators.summary', { from: '2026-03', to: '2026-03' }, t.adminToken);
    expect(company.officeId).toBeNull();
    expect(valueOf(company, 'recaudo.collected')).toBe(13_000_000);
    expect(valueOf(company, 'recaudo.billed')).toBe(17_000_000);
    const offices = company.families[0].breakdowns.find((b) => b.key === 'indicators.breakdown.byOffice')?.rows;
    expect(offices).toEqual([
      { label: 'GAR · Oficina Garagoa', values: [6_000_000, 10_000_000] },
      { label: 'TEN · Oficina Tenza', values: [7_000_000, 7_000_000] },
    ]);
    const overdue = await t.ok('indicators.trend', { key: 'cartera.overdue', month: '2026-03' }, coordA);
    expect(overdue.points).toHaveLength(12);
    expect(overdue.points[0].month).toBe('2025-04');
    // 28 February: F-1 (5 M, due the 20th) was not yet paid (paid 5 March)
    expect(overdue.points.slice(-2)).toEqual([
      { month: '2026-02', value: 5_000_000 },
      { month: '2026-03', value: 9_000_000 },
    ]);
  });
});

describe('recursos and their outcome at the SSPD', () => {
  it('March: one sent and pending at the close; April: decided (confirma), none pending; the records behind each', async () => {
    const march = await t.ok('indicators.summary', { from: '2026-03', to: '2026-03' }, coordA);
    // sent 27 March, resolved 10 April: pending on 31 March
    expect([valueOf(march, 'pqr.sentToSspd'), valueOf(march, 'pqr.sspdDecided'), valueOf(march, 'pqr.sspdPending')]).toEqual([1, 0, 1]);
    expect(march.families.find((f) => f.family === 'pqr')?.breakdowns.find((b) => b.key === 'indicators.breakdown.sspdOutcomes')?.rows).toEqual([
      { label: 'Remitidos a la SSPD en el periodo', values: [1] },
      { label: 'Decididos: confirma', values: [0] },
      { label: 'Decididos: revoca', values: [0] },
      { label: 'Decididos: modifica', values: [0] },
      { label: 'Pendientes de decisión al cierre', values: [1] },
    ]);
    const april = await t.ok('indicators.summary', { from: '2026-04', to: '2026-04' }, coordA);
    expect([valueOf(april, 'pqr.sentToSspd'), valueOf(april, 'pqr.sspdDecided'), valueOf(april, 'pqr.sspdPending')]).toEqual([0, 1, 0]);
    expect(april.families.find((f) => f.family === 'pqr')?.breakdowns.find((b) => b.key === 'indicators.breakdown.sspdOutcomes')?.rows[1]).toEqual({ label: 'Decididos: confirma', values: [1] });
    // the other office has none
    expect(valueOf(await t.ok('indicators.summary', { from: '2026-03', to: '2026-03' }, coordB), 'pqr.sspdPending')).toBe(0);

    const radicado = String((await t.app.db('pqrs as p').join('radicados as r', 'r.id', 'p.radicado_id').whereNotNull('p.sspd_sent_on').first('r.number')).number);
    const pending = await t.ok('indicators.records', { key: 'pqr.sspdPending', from: '2026-03', to: '2026-03', offset: 0, limit: 50 }, coordA);
    expect(pending.total).toBe(1);
    // pending on 31 March; the list also says what the SSPD resolved since
    expect(pending.rows[0]).toEqual([radicado, 'Recurso de reposición', expect.any(String), '27/03/2026', 'Confirma', 'SSPD-2026-777', '10/04/2026']);
    expect((await t.ok('indicators.records', { key: 'pqr.sspdPending', from: '2026-04', to: '2026-04', offset: 0, limit: 50 }, coordA)).total).toBe(0);
    const decided = await t.ok('indicators.records', { key: 'pqr.sspdDecided', from: '2026-04', to: '2026-04', offset: 0, limit: 50 }, coordA);
    expect(decided.rows).toEqual([[radicado, 'Recurso de reposición', expect.any(String), '27/03/2026', 'Confirma', 'SSPD-2026-777', '10/04/2026']]);
  });
});

describe('the 12-month series (one read per family grouped by month)', () => {
  it("month M of the series equals month M's summary, every figure of every family, for the company and each office", async () => {
    const db = t.app.db;
    for (const office of [
      { scope: null, officeName: 'Todas las oficinas' },
      { scope: t.officeId, officeName: 'Oficina Garagoa' },
      { scope: officeB, officeName: 'Oficina Tenza' },
    ]) {
      // the 12 months up to April 2026: January (agreements active), February (F-1 overdue, a PQR filed), March (everything), April (after it)
      const series = await monthlySeries(db, '2026-04', office);
      expect(series.map((s) => s.from.slice(0, 7))).toEqual(['2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04']);
      for (const month of series) {
        const m = month.from.slice(0, 7);
        const expected = await summary(db, m, m, office);
        expect(month.families.map((f) => ({ month: m, family: f.family, figures: f.figures }))).toEqual(expected.families.map((f) => ({ month: m, family: f.family, figures: f.figures })));
      }
      if (office.scope === t.officeId) {
        // the series is not all zeros: March in Garagoa as counted by hand above
        const march = series[10].families.flatMap((f) => f.figures);
        expect(march.find((f) => f.key === 'pqr.avgBusinessDays')?.value).toBe(12.5);
        expect(march.find((f) => f.key === 'acuerdos.active')?.value).toBe(1);
        expect(march.find((f) => f.key === 'ordenes.avgHours')?.value).toBe(17.5);
        expect(series[9].families.flatMap((f) => f.figures).find((f) => f.key === 'cartera.overdue')?.value).toBe(5_000_000);
      }
    }
  });
});

describe('the records behind a figure', () => {
  it('lists the payments of the collected figure, a page at a time', async () => {
    const page = await t.ok('indicators.records', { key: 'recaudo.collected', from: '2026-03', to: '2026-03', limit: 1 }, coordA);
    expect(page.total).toBe(2);
    expect(page.rows).toEqual([['05/03/2026', '1', '100001', 'Ana Uno', 'GAR', 'Caja', '$ 5.000.000']]);
    const next = await t.ok('indicators.records', { key: 'recaudo.collected', from: '2026-03', to: '2026-03', limit: 1, offset: 1 }, coordA);
    expect(next.rows[0].slice(2, 7)).toEqual(['100002', 'Beto Dos', 'GAR', 'Banco 007', '$ 1.000.000']);
  });

  it('lists the accounts in arrears and the PQRs answered with on time or not', async () => {
    const arrears = await t.ok('indicators.records', { key: 'cartera.accountsInArrears', from: '2026-03', to: '2026-03' }, coordA);
    expect(arrears.rows.map((r) => [r[0], r[5]])).toEqual([
      ['100001', '$ 6.000.000'],
      ['100002', '$ 3.000.000'],
    ]);
    const answered = await t.ok('indicators.records', { key: 'pqr.onTimePct', from: '2026-03', to: '2026-03' }, coordA);
    expect(answered.rows.map((r) => r.slice(-2))).toEqual([
      ['10/03/2026', 'Sí'],
      ['31/03/2026', 'No'],
    ]);
  });
});

describe('office scoping', () => {
  it("a coordinator sees only their office's figures and records", async () => {
    const tenza = await t.ok('indicators.summary', { from: '2026-03', to: '2026-03' }, coordB);
    expect(tenza.officeId).toBe(officeB);
    expect(valueOf(tenza, 'recaudo.collected')).toBe(7_000_000);
    expect(valueOf(tenza, 'pqr.received')).toBe(0);
    expect(valueOf(tenza, 'cartera.overdue')).toBe(0);
    const records = await t.ok('indicators.records', { key: 'recaudo.collected', from: '2026-03', to: '2026-03' }, coordB);
    expect(records.rows.map((r) => r[2])).toEqual(['200001']);
  });

  it("asking for another office's figures is refused, and nothing is read", async () => {
    for (const call of [
      t.call('indicators.summary', { from: '2026-03', to: '2026-03', officeId: t.officeId }, coordB),
      t.call('indicators.trend', { key: 'recaudo.collected', month: '2026-03', officeId: t.officeId }, coordB),
      t.call('indicators.records', { key: 'recaudo.collected', from: '2026-03', to: '2026-03', officeId: t.officeId }, coordB),
    ]) {
      const result = await call;
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatchObject({ code: 'FORBIDDEN', message: 'Solo puede ver los indicadores de su propia oficina.' });
    }
  });

  it('a cashier may not see indicators; a range backwards is refused in Spanish', async () => {
    const cashier = (await userOf(t, t.officeId, 'cajero', 'cajero.ind', 'Caja Uno')).token;
    const refused = await t.call('indicators.summary', { from: '2026-03', to: '2026-03' }, cashier);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatchObject({ code: 'FORBIDDEN', message: 'Su rol no permite esta operación.' });
    const backwards = await t.call('indicators.summary', { from: '2026-04', to: '2026-03' }, coordA);
    expect(backwards.ok).toBe(false);
    if (!backwards.ok) expect(backwards.error).toMatchObject({ code: 'VALIDATION', fields: { from: 'El mes inicial es posterior al mes final' } });
  });
});

describe('the informe de gestión comercial (item 2)', () => {
  it("saves the coordinator's comments per section, audited; an empty text clears one", async () => {
    const saved = await t.ok('indicators.saveComments', { kind: 'mes', period: '2026-03', sections: { recaudo: 'El recaudo bancario creció.', pqr: 'Un reclamo se respondió tarde.' } }, coordA);
    expect(saved.sections).toEqual({ recaudo: 'El recaudo bancario creció.', pqr: 'Un reclamo se respondió tarde.' });
    expect(saved.updatedBy).toBe('Rosa Coordinadora');
    const again = await t.ok('indicators.saveComments', { kind: 'mes', period: '2026-03', sections: { pqr: 'Un trámite se respondió tarde: se revisa el reparto.' } }, coordA);
    expect(again.sections.pqr).toBe('Un trámite se respondió tarde: se revisa el reparto.');
    expect(again.sections.recaudo).toBe('El recaudo bancario creció.');
    const audit: { before_json: string; after_json: string }[] = await t.app.db('audit_log').where({ action: 'indicators.comments' }).orderBy('id').select('before_json', 'after_json');
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[1].before_json)).toEqual({ recaudo: 'El recaudo bancario creció.', pqr: 'Un reclamo se respondió tarde.' });
    // Tenza's coordinator reads Tenza's (empty) comments, not Garagoa's
    expect((await t.ok('indicators.comments', { kind: 'mes', period: '2026-03' }, coordB)).sections).toEqual({});
  });

  it('issues a numbered, signed monthly PDF with the figures and comments, and re-prints the same bytes', async () => {
    const issued = await t.ok('indicators.issueReport', { kind: 'mes', period: '2026-03' }, coordA);
    expect(issued.number).toBe('IGC-2026-000001');
    expect(issued.signedBy).toBe('Rosa Coordinadora');
    const pdf = Buffer.from(issued.file.base64, 'base64');
    if (process.env.INDICATORS_PDF_DIR) fs.writeFileSync(`${process.env.INDICATORS_PDF_DIR}/informe-mensual.pdf`, pdf);
    const text = pdfTextFlat(pdf);
    for (const expected of [
      'INFORME DE GESTIÓN COMERCIAL',
      'No. IGC-2026-000001',
      'Mensual: marzo de 2026',
      'Oficina Garagoa',
      'Recaudado $ 6.000.000',
      'Por canal Pagos Recaudado',
      'Banco 007 1 $ 1.000.000',
      'Eficiencia de recaudo 60 %',
      'Cartera vencida al cierre $ 9.000.000',
      'Cuentas en mora 2',
      'Respondidas a tiempo 50 %',
      'Días hábiles promedio de respuesta 12,5 días',
      'Anulaciones por cada 1.000 recibos 500 ‰',
      'El recaudo bancario creció.',
      'Un trámite se respondió tarde: se revisa el reparto.',
      'Rosa Coordinadora',
      'Firmado en Ventanilla por Rosa Coordinadora',
    ])
      expect(text).toContain(expected);
    const again = await t.ok('indicators.reportPdf', { id: issued.id }, coordA);
    expect(again.base64).toBe(issued.file.base64);
    const audit = await t.app.db('audit_log').where({ action: 'indicators.report', entity_id: String(issued.id) }).count({ n: '*' });
    expect(Number(audit[0].n)).toBe(1);
  });

  it("numbers the yearly report next; another office's coordinator cannot re-print it", async () => {
    const yearly = await t.ok('indicators.issueReport', { kind: 'anio', period: '2026' }, coordA);
    expect(yearly.number).toBe('IGC-2026-000002');
    const text = pdfTextFlat(Buffer.from(yearly.file.base64, 'base64'));
    expect(text).toContain('Anual: año 2026 (del 01/01/2026 al 31/12/2026)');
    expect(text).toContain('Recaudado $ 6.000.000');
    const list = await t.ok('indicators.reports', {}, coordA);
    expect(list.map((r) => r.number)).toEqual(['IGC-2026-000002', 'IGC-2026-000001']);
    expect(await t.ok('indicators.reports', {}, coordB)).toEqual([]);
    const refused = await t.call('indicators.reportPdf', { id: yearly.id }, coordB);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatchObject({ code: 'NOT_FOUND', message: 'El informe no existe' });
  });

  it('a bad period is refused in Spanish and issues nothing', async () => {
    const before = await t.app.db('indicator_reports').count({ n: '*' });
    const refused = await t.call('indicators.issueReport', { kind: 'mes', period: '2026' }, coordA);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatchObject({ code: 'VALIDATION', fields: { period: 'Periodo inválido (mes AAAA-MM, año AAAA)' } });
    expect(await t.app.db('indicator_reports').count({ n: '*' })).toEqual(before);
  });
});
