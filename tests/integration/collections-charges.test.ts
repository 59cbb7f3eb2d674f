/**
 * Broken agreements back on the collections lists (issue 15, on SQLite and PostgreSQL): when a payment
 * agreement is incumplido its unpaid principal returns as one debt of the account (an account_charges
 * row due the day it broke, agreements/lifecycle.ts). The portfolio by age, the campaign's criteria,
 * the queue and the desk count it like an invoice: age from COALESCE(due_date, business_date).
 * A pending agreement's down payment is not counted (its debts are still in the invoices).
 *
 * The story, with the clock moved (tests/helpers/collections.ts):
 *  - Monday 5 January 2026: account 700001 owes one invoice of 100.000 (due 20 December 2025); the
 *    gestor signs an agreement: 10.000 down (estrato 2: 10 %), 2 installments of 45.000 on Thursday
 *    15 January and on 16 February (the 15th is a Sunday: the next business day), no interest
 *    (residential policy). The down payment is paid at the counter: the invoice goes to zero (novación).
 *  - Tuesday 17 February: the monitor finds both installments past due: incumplido; the unpaid
 *    principal, 90.000, returns as one charge due 17 February.
 *  - Monday 9 March: 17 Feb → 9 Mar is 11 + 9 = 20 days (February 2026 has 28): bucket 1–30.
 *    Account 700002 owes an invoice of 50.000 due 20 February (17 days) and has signed an agreement
 *    whose down payment (5.000) is still unpaid: its debt stays 50.000, not 55.000.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SYSTEM_ACTOR } from '../../electron/core/db/audit';
import { runAgreementsMonitor } from '../../electron/core/modules/agreements/monitor';
import { openCashierDesk, pay } from '../helpers/cashier';
import { MONDAY, at, debtor, key, telecobroOffice, type Telecobro } from '../helpers/collections';

let w: Telecobro;
const ids: Record<string, number> = {};
let agreementNumber = '';

const terms = (accountId: number, invoiceId: number, down: number) => ({
  accountId,
  debts: [{ kind: 'invoice' as const, id: invoiceId }],
  downPaymentAmount: down,
  installments: 2,
  firstDueDate: '2026-01-15',
  dayOfMonth: 15,
  idempotencyKey: key(),
  channel: 'presencial' as const,
  signerName: 'Titular',
  signerIdNumber: '1000123',
  signerRelation: 'titular' as const,
});

beforeAll(async () => {
  w = await telecobroOffice();
  at('2026-01-05 10:00');
  const broken = await debtor(w, '700001', [{ due: '2025-12-20', total: 100_000 }], { phone: '3107000001' });
  ids.broken = broken.accountId;
  const agreement = await w.ok('agreements.create', terms(broken.accountId, broken.invoiceIds[0], 10_000), w.gestorA);
  agreementNumber = agreement.number;
  const desk = await openCashierDesk(w);
  await pay(w, desk.token, { accountId: broken.accountId, picked: [{ kind: 'charge', id: agreement.downPaymentChargeId! }], tenders: [{ method: 'efectivo', amount: 10_000 }] });
  const active = await w.ok('agreements.get', { agreementId: agreement.id }, w.gestorA);
  expect([active.state, active.lines.map((l) => [l.dueDate, l.total])]).toEqual([
    'activo',
    [
      ['2026-01-15', 45_000],
      ['2026-02-16', 45_000],
    ],
  ]);
  expect((await runAgreementsMonitor(w.app.db, '2026-02-17', SYSTEM_ACTOR)).broken).toBe(1);

  at(`${MONDAY} 10:00`);
  // two months later the sessions of January have expired: log in again
  const login = async (username: string) => (await w.ok('auth.login', { username, password: 'clave-de-prueba' })).token;
  Object.assign(w, { coordinator: await login('coordinadora'), gestorA: await login('gestora.ana'), gestorB: await login('gestor.beto') });
  const pending = await debtor(w, '700002', [{ due: '2026-02-20', total: 50_000 }], { phone: '3107000002' });
  ids.pending = pending.accountId;
  await w.ok('agreements.create', { ...terms(pending.accountId, pending.invoiceIds[0], 5_000), firstDueDate: '2026-04-15' }, w.gestorA);
});
afterAll(async () => {
  await w.close();
  vi.useRealTimers();
});

describe('a broken agreement’s returned principal is a debt of the lists', () => {
  it('is the account’s only debt: 90.000 due 17 February, the invoice went to zero with the agreement', async () => {
    const charges = await w.app.db('account_charges').where({ account_id: ids.broken }).where('balance', '>', 0).select('agreement_part', 'balance', 'due_date', 'concept');
    expect(charges.map((c) => [c.agreement_part, Number(c.balance), c.due_date])).toEqual([['saldo', 90_000, '2026-02-17']]);
    expect(charges[0].concept).toBe(`Saldo del acuerdo ${agreementNumber} incumplido (2 cuotas vencidas)`);
    const invoices = await w.app.db('invoices').where({ account_id: ids.broken }).where('balance', '>', 0).count({ n: '*' });
    expect(Number((invoices[0] as { n: number | string }).n)).toBe(0);
  });

  it('puts it in its bucket of the portfolio, and the pending down payment is not counted twice', async () => {
    const p = await w.ok('collections.portfolio', { dimension: 'total' }, w.coordinator);
    // 700001: 90.000 at 20 days; 700002: 50.000 at 17 days (not 55.000)
    expect(p.totals.d1_30).toEqual({ accounts: 2, amount: 140_000 });
    expect(p.amount).toBe(140_000);
    const cell = await w.ok('collections.portfolioAccounts', { bucket: 'd1_30' }, w.coordinator);
    expect(cell.rows.map((r) => [r.accountNumber, r.debt, r.daysPastDue, r.oldestDueDate])).toEqual([
      ['700001', 90_000, 20, '2026-02-17'],
      ['700002', 50_000, 17, '2026-02-20'],
    ]);
  });

  it('qualifies for a campaign by its age and debt, comes first in the queue and shows on the desk', async () => {
    const preview = await w.ok('collections.campaignPreview', { criteria: { buckets: ['d1_30'], minDebt: 60_000 } }, w.coordinator);
    expect([preview.matching, preview.qualifying, preview.qualifyingDebt]).toEqual([1, 1, 90_000]);
    expect(preview.sample.map((s) => [s.accountNumber, s.daysPastDue, s.bucket])).toEqual([['700001', 20, 'd1_30']]);
    await w.ok('collections.launchCampaign', { idempotencyKey: key(), name: 'Acuerdos incumplidos', criteria: { buckets: ['d1_30'], minDebt: 60_000 }, gestorIds: [w.gestorBId], distribution: 'deuda' }, w.coordinator);
    const next = await w.ok('collections.next', {}, w.gestorB);
    expect(next).toMatchObject({ accountNumber: '700001', debt: 90_000, daysPastDue: 20, bucket: 'd1_30', why: 'prioridad' });
    const desk = await w.ok('collections.desk', { accountId: ids.broken }, w.gestorB);
    expect(desk.debt).toBe(90_000);
    expect(desk.invoices.map((i) => [i.kind, i.number, i.dueDate, i.balance, i.daysPastDue])).toEqual([['cargo', `Saldo del acuerdo ${agreementNumber} incumplido (2 cuotas vencidas)`, '2026-02-17', 90_000, 20]]);
  });
});

describe('an agreement waiting for its down payment, on the desk', () => {
  it('«Debe» counts it as the till does: the financed invoice apart («En acuerdo AP-…, cuota inicial pendiente»), the down payment owed', async () => {
    const agreement: { id: number; number: string } = await w.app.db('payment_agreements').where({ account_id: ids.pending, state: 'pendiente' }).first('id', 'number');
    const desk = await w.ok('collections.desk', { accountId: ids.pending }, w.coordinator);
    // the invoice of 50.000 (due 20 February, 17 days) waits for the agreement; what is owed now is its down payment, 5.000
    expect([desk.debt, desk.held]).toEqual([5_000, { agreementId: agreement.id, agreementNumber: agreement.number, total: 50_000 }]);
    expect(desk.invoices.map((i) => [i.kind, i.balance, i.daysPastDue, i.heldBy])).toEqual([
      ['factura', 50_000, 17, agreement.number],
      ['cargo', 5_000, 0, null],
    ]);
    expect(desk.invoices[1].number).toBe(`Cuota inicial acuerdo ${agreement.number}`);
    // the age is still the invoice's: the agreement is not active until its down payment is paid
    expect([desk.daysPastDue, desk.bucket]).toEqual([17, 'd1_30']);
  });
});
