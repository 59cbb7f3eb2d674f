/**
 * The commitments monitor against real payments (one posted at the counter, one from an Asobancaria
 * bank file), the daily report's figures, and the commission liquidation counted by hand — then a
 * void at the counter lowers it, and liquidating again with nothing changed gives the same paper.
 * SQLite, and PostgreSQL with VENTANILLA_TEST_PG_URL. Starts Monday 9 March 2026, 10:00 in Bogotá.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { COMPANY } from '../helpers/backoffice';
import { pdfTextFlat } from '../helpers/pdf';
import { openCashierDesk, payCash } from '../helpers/cashier';
import { MONDAY, at, call, debtor, key, launch, refusal, telecobroOffice, type Telecobro } from '../helpers/collections';
import { fileLines, joinLines } from '../fixtures/asobancaria/build';

let w: Telecobro;
const ids: Record<string, number> = {};
let cashier: string;
let paymentA = 0;

beforeAll(async () => {
  w = await telecobroOffice();
  // ages on 9 March 2026 counted by hand from the due date
  ids.a = (await debtor(w, '400001', [{ due: '2026-01-20', total: 100_000 }], { phone: '3107000001' })).accountId; // 48 days: 31–60 (1,5 %)
  ids.b = (await debtor(w, '400002', [{ due: '2025-10-20', total: 200_000 }], { phone: '3107000002' })).accountId; // 140 days: 91–180 (3 %)
  ids.c = (await debtor(w, '400003', [{ due: '2026-02-25', total: 60_000 }], { phone: '3107000003' })).accountId; // 12 days: 1–30 (1 %)
  await launch(w, {}, [w.gestorAId], 'Marzo');
  // Monday: three commitments made by Ana (grace: 2 days, the default policy)
  await call(w, w.gestorA, ids.a, 'compromiso_de_pago', { commitment: { amount: 100_000, date: '2026-03-12' } }); // window 9 → 14 March
  await call(w, w.gestorA, ids.b, 'compromiso_de_pago', { commitment: { amount: 200_000, date: '2026-03-13' } }); // window 9 → 15 March
  await call(w, w.gestorA, ids.c, 'compromiso_de_pago', { commitment: { amount: 60_000, date: '2026-03-10' } }); // window 9 → 12 March
  cashier = (await openCashierDesk(w)).token;
});
afterAll(async () => {
  await w.close();
  vi.useRealTimers();
});

const states = async () =>
  Object.fromEntries((await w.ok('collections.commitments', { limit: 50 }, w.coordinator)).map((c) => [c.accountNumber, [c.state, c.paid]]));

describe('the commitments monitor against real payments', () => {
  it('a counter payment the next day keeps the commitment (cumplido) at once', async () => {
    at('2026-03-10 09:00'); // Tuesday
    paymentA = (await payCash(w, cashier, ids.a, 100_000)).paymentId;
    const run = await w.ok('collections.runMonitor', {}, w.coordinator);
    expect(run).toMatchObject({ trigger: 'manual', businessDate: '2026-03-10', checked: 3, kept: 1, partial: 0, broken: 0 });
    expect(await states()).toEqual({ '400001': ['cumplido', 100_000], '400002': ['pendiente', 0], '400003': ['pendiente', 0] });
  });

  it('a bank file pays part of another; after the windows end: parcial and incumplido, the broken one back first in the queue', async () => {
    at('2026-03-11 11:00');
    // 150.000 pesos = 15.000.000 hundredths, reference = the account number, collected 11 March
    const bytes = Buffer.from(joinLines(fileLines({ nit: COMPANY.nit.replace(/\D/g, ''), collectionDate: '20260311', lots: [[{ reference: '400002', amount: 15_000_000 }]] })), 'latin1');
    const upload = async () => {
      const { uploadId } = await w.ok('imports.begin', { kind: 'asobancaria', fileName: 'banco-0311.txt', size: bytes.length }, w.coordinator);
      await w.ok('imports.chunk', { uploadId, offset: 0, dataBase64: bytes.toString('base64') }, w.coordinator);
      return uploadId;
    };
    const { summary } = await w.ok('bankFiles.commit', { uploadId: await upload() }, w.coordinator);
    expect(summary).toMatchObject({ matchedCount: 1, matchedAmount: 150_000 });
    await w.ok('collections.runMonitor', {}, w.coordinator);
    // 150.000 of 200.000 while the window is open: still pendiente
    expect((await states())['400002']).toEqual(['pendiente', 150_000]);

    at('2026-03-16 08:00'); // Monday: every window has ended (12, 14 and 15 March)
    const run = await w.ok('collections.runMonitor', {}, w.coordinator);
    expect(run).toMatchObject({ partial: 1, broken: 1, kept: 0 });
    expect(await states()).toEqual({ '400001': ['cumplido', 100_000], '400002': ['parcial', 150_000], '400003': ['incumplido', 0] });
    // the account whose commitment broke comes back to Ana with priority (before older, larger debts)
    const next = await w.ok('collections.next', {}, w.gestorA);
    expect(next).toMatchObject({ why: 'compromiso_incumplido' });
    expect(['400002', '400003']).toContain(next?.accountNumber);
  });

  it('the report counts attempts, effective contacts, commitments kept and the money recovered', async () => {
    const report = await w.ok('collections.report', { from: MONDAY, to: '2026-03-16' }, w.coordinator);
    const ana = report.rows.find((r) => r.gestorId === w.gestorAId);
    // 3 calls, all effective; commitments 100.000 + 200.000 + 60.000; 1 kept of 3 due; recovered 100.000 + 150.000
    expect(ana).toMatchObject({ attempted: 3, effective: 3, contactRate: 100, commitments: 3, commitmentsAmount: 360_000, commitmentsDue: 3, commitmentsKept: 1, keptRate: 33.3, recovered: 250_000, recoveredPayments: 2 });
    expect(report.attributionRule).toMatch(/^Cada pago vigente de una cuenta cuenta una sola vez para el gestor del último contacto efectivo con esa cuenta en los 30 días/);
  });
});

describe('the report’s definitions', () => {
  it('an incoming call with a commitment is an effective contact, not an attempt; the rate is over outgoing contacts', async () => {
    at('2026-03-16 10:00'); // Monday
    // 400003 (its commitment broke): the debtor calls in and promises again; 400002: Ana calls, no answer
    await w.ok(
      'collections.recordContact',
      { idempotencyKey: key(), accountId: ids.c, channel: 'llamada', direction: 'entrante', outcome: 'compromiso_de_pago', notes: 'Llama para comprometerse', commitment: { amount: 60_000, date: '2026-03-20' } },
      w.gestorA,
    );
    await call(w, w.gestorA, ids.b, 'no_contesta');
    const day = await w.ok('collections.report', { from: '2026-03-16', to: '2026-03-16' }, w.coordinator);
    // that Monday by hand: 1 attempt (the no answer), 1 effective (the incoming call), 0 of 1 outgoing effective = 0 %, 1 commitment of 60.000
    expect(day.totals).toMatchObject({ attempted: 1, effective: 1, effectiveOutgoing: 0, contactRate: 0, commitments: 1, commitmentsAmount: 60_000 });
    expect(day.days).toEqual([{ date: '2026-03-16', attempted: 1, effective: 1, commitments: 1, recovered: 0 }]);
    // the whole range: 4 attempts (3 on the 9th + 1), 4 effective (3 + the incoming), 3 of 4 outgoing effective = 75 %
    const range = await w.ok('collections.report', { from: MONDAY, to: '2026-03-16' }, w.coordinator);
    expect(range.totals).toMatchObject({ attempted: 4, effective: 4, effectiveOutgoing: 3, contactRate: 75, commitments: 4, commitmentsAmount: 420_000 });
    expect(day.definitions[0]).toBe('Intentos: contactos salientes (llamadas, SMS, WhatsApp y correos que hizo el gestor), con o sin respuesta.');
    expect(day.definitions[1]).toMatch(/^Efectivos: contactos con el deudor, salientes o entrantes/);

    const pdf = await w.ok('collections.reportFile', { from: '2026-03-16', to: '2026-03-16', format: 'pdf' }, w.coordinator);
    // pdftotext, lines joined (a definition wraps)
    const text = pdfTextFlat(Buffer.from(pdf.base64, 'base64')).replace(/\s+/g, ' ');
    expect(text).toContain('Definiciones');
    expect(text).toContain('una llamada entrante con un compromiso de pago es un contacto efectivo aunque no sea un intento');
    expect(text).toContain('Tasa de contacto: contactos salientes efectivos ÷ intentos.');
    const csv = await w.ok('collections.reportFile', { from: '2026-03-16', to: '2026-03-16', format: 'csv' }, w.coordinator);
    const lines = Buffer.from(csv.base64, 'base64').toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0].split(';').slice(4, 7)).toEqual(['Intentos', 'Efectivos', 'Efectivos salientes']);
    expect(lines[1].split(';').slice(4, 7)).toEqual(['1', '1', '0']);
  });
});

describe('commissions', () => {
  it('liquidates March as counted by hand: rates by bucket, the goal tier and the cap', async () => {
    const settings = await w.ok('collections.settings', {}, w.adminToken);
    await w.ok(
      'collections.saveCommissionPolicy',
      {
        ...settings.commissionPolicy,
        monthlyGoal: 200_000,
        tiers: [
          { fromPercent: 0, factorPercent: 50 },
          { fromPercent: 60, factorPercent: 100 },
          { fromPercent: 100, factorPercent: 120 },
        ],
        cap: 7_000,
      },
      w.adminToken,
    );
    const { liquidation, created } = await w.ok('collections.liquidate', { gestorId: w.gestorAId, month: '2026-03' }, w.coordinator);
    expect(created).toBe(true);
    // 400001: 100.000 × 1,5 % = 1.500 (31–60 when called); 400002: 150.000 × 3 % = 4.500 (91–180)
    expect(liquidation.items.map((l) => [l.accountNumber, l.source, l.amount, l.bucket, l.rateBasisPoints, l.commission])).toEqual([
      ['400001', 'caja', 100_000, 'd31_60', 150, 1_500],
      ['400002', 'banco', 150_000, 'd91_180', 300, 4_500],
    ]);
    // base 6.000; 250.000 of a 200.000 goal = 125 % → factor 120 % → 7.200; the cap: 7.000
    expect(liquidation).toMatchObject({ recovered: 250_000, base: 6_000, goalPercent: 125, factorPercent: 120, capApplied: true, commission: 7_000, state: 'por_aprobar', version: 1 });
  });

  it('a void at the counter lowers it; the same data give the same liquidation again', async () => {
    at('2026-03-16 09:00');
    await w.ok('cashier.void', { paymentId: paymentA, reason: 'Pago registrado a la cuenta equivocada', approval: { username: 'coordinadora', password: 'clave-de-prueba' } }, cashier);
    const again = await w.ok('collections.liquidate', { gestorId: w.gestorAId, month: '2026-03' }, w.coordinator);
    expect(again.created).toBe(true);
    // only 400002 left: base 4.500; 150.000 of 200.000 = 75 % → factor 100 % → 4.500 (under the cap)
    expect(again.liquidation).toMatchObject({ recovered: 150_000, base: 4_500, goalPercent: 75, factorPercent: 100, capApplied: false, commission: 4_500, version: 2, state: 'por_aprobar' });
    const list = await w.ok('collections.liquidations', { month: '2026-03' }, w.coordinator);
    expect(list.map((l) => [l.version, l.state, l.commission])).toEqual(
      expect.arrayContaining([
        [1, 'reemplazada', 7_000],
        [2, 'por_aprobar', 4_500],
      ]),
    );
    const same = await w.ok('collections.liquidate', { gestorId: w.gestorAId, month: '2026-03' }, w.coordinator);
    expect(same.created).toBe(false);
    expect(same.liquidation).toEqual(again.liquidation);
  });

  it('the coordinator who liquidated cannot approve it; the administrator does, and it is audited', async () => {
    const [latest] = (await w.ok('collections.liquidations', { month: '2026-03' }, w.coordinator)).filter((l) => l.state === 'por_aprobar');
    const own = await w.call('collections.approveLiquidation', { liquidationId: latest.id }, w.coordinator);
    expect(refusal(own)).toEqual({ code: 'RULE', message: 'Quien liquida no aprueba su propia liquidación: debe aprobarla otro coordinador o el administrador.' });
    const approved = await w.ok('collections.approveLiquidation', { liquidationId: latest.id }, w.adminToken);
    expect(approved.state).toBe('aprobada');
    const audit = await w.app.db('audit_log').where({ action: 'collections.commission.approve' }).count<{ n: number | string }[]>({ n: '*' });
    expect(Number(audit[0].n)).toBe(1);
    // the paper: the attributed payment, the total and the signatures
    const file = await w.ok('collections.liquidationPdf', { liquidationId: latest.id }, w.coordinator);
    const text = pdfTextFlat(Buffer.from(file.base64, 'base64'));
    expect(text).toContain('400002');
    expect(text).toMatch(/4\.500/);
    expect(text).toMatch(/Cada pago vigente de una cuenta cuenta una sola vez/);
  });
});
