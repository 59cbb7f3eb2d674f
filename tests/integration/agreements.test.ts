/**
 * Payment agreements (issue 16) through the real handlers, on SQLite and PostgreSQL: the simulation and
 * its refusals, signing with the number AP-AAAA-000001 and the coordinator's approval, the down payment
 * taken at the counter activating the agreement in the payment's transaction (the included invoices to
 * zero through the agreement, the installments as debts), the void that puts every balance back, the
 * monitor (expired down payment, en mora, broken with the unpaid principal as one debt), and the
 * reconciliation that explains every balance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchedule } from '../../shared/agreementSchedule';
import { addDays, addMonths, todayIn } from '../../shared/dates';
import { reconcile } from '../../electron/core/modules/audit/reconcile';
import { runAgreementsMonitor } from '../../electron/core/modules/agreements/monitor';
import { AgreementsMonitorScheduler } from '../../electron/core/modules/agreements/scheduler';
import { SYSTEM_ACTOR } from '../../electron/core/db/audit';
import { OFFICE, createInitializedBackOffice, createUserReady, loginAs } from '../helpers/backoffice';
import { filePqr } from '../helpers/pqr';
import { accountWithInvoices, createCoordinator, openCashierDesk, pay, paymentKey, type CashierDesk, type InitializedBackOffice } from '../helpers/cashier';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { effectivePicks } from '../../shared/tillPicks';
import { paymentBarcodeText } from '../../shared/gs1';

let t: InitializedBackOffice;
let desk: CashierDesk;
let gestor: string;
let clerk: string;
let approval: { username: string; password: string };
let coordinatorToken: string;
const today = todayIn('America/Bogota');
/** the 15th of next month and of the month after: always in the future */
const firstDue = `${addMonths(today, 1).slice(0, 8)}15`;

beforeAll(async () => {
  t = await createInitializedBackOffice();
  desk = await openCashierDesk(t);
  gestor = await loginAs(t, 'gestor');
  clerk = await loginAs(t, 'auxiliar');
  const coordinator = await createCoordinator(t);
  approval = coordinator.approval;
  coordinatorToken = coordinator.token;
});
afterAll(() => t.close());

const key = () => paymentKey();
async function balances(accountId: number) {
  const invoices = await t.app.db('invoices').where({ account_id: accountId }).orderBy('id').select('id', 'balance');
  const charges = await t.app.db('account_charges').where({ account_id: accountId }).orderBy('id').select('id', 'balance');
  return { invoices: invoices.map((r) => [r.id, Number(r.balance)]), charges: charges.map((r) => [r.id, Number(r.balance)]) };
}
async function accountTotal(accountId: number) {
  const b = await balances(accountId);
  return [...b.invoices, ...b.charges].reduce((s, [, v]) => s + v, 0);
}
const count = async (table: string) => Number((await t.app.db(table).count<{ n: number }[]>({ n: '*' }))[0].n);
async function expectReconciled() {
  const result = await reconcile(t.app.db);
  expect(result.issues).toEqual([]);
}

describe('simulating an agreement', () => {
  it('shows the schedule of the included debts after the down payment, with the policy rate', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '500001', [120_000, 90_000, 60_000]);
    const sim = await t.ok('agreements.simulate', { accountId, debts: invoiceIds.slice(0, 2).map((id) => ({ kind: 'invoice', id })), downPaymentBp: 2_000, installments: 4, firstDueDate: firstDue, dayOfMonth: 15 }, gestor);
    // 120.000 + 90.000 = 210.000; 20 % down = 42.000; 168.000 in 4 installments at 0 % (residential policy)
    expect([sim.debtTotal, sim.downPayment, sim.minDownPayment, sim.financed, sim.annualRateBp, sim.totalInterest]).toEqual([210_000, 42_000, 21_000, 168_000, 0, 0]);
    expect(sim.lines.map((l) => l.principal)).toEqual([42_000, 42_000, 42_000, 42_000]);
    expect(sim.lines.every((l) => l.dueDate >= firstDue)).toBe(true);
    expect(sim.needsApproval).toBe(false);
  });

  it('refuses in Spanish what the policy or the law does not allow, writing nothing', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '500002', [100_000, 100_000]);
    const debts = invoiceIds.map((id) => ({ kind: 'invoice' as const, id }));
    const base = { accountId, debts, installments: 3, firstDueDate: firstDue, dayOfMonth: 15 };
    const before = await count('payment_agreements');
    // estrato 2, residential: at least 10 % of $ 200.000
    await expectRefusal(t.call('agreements.simulate', { ...base, downPaymentAmount: 19_999 }, gestor), 'VALIDATION', 'La cuota inicial de $ 19.999 es menor que la mínima de la política: $ 20.000 (10 % de $ 200.000, uso residencial, estrato 2).');
    await expectRefusal(t.call('agreements.simulate', { ...base, downPaymentAmount: 20_000, installments: 7 }, gestor), 'VALIDATION', 'La política permite hasta 6 cuotas; pidió 7.');
    await expectRefusal(t.call('agreements.simulate', { ...base, downPaymentAmount: 20_000, firstDueDate: today }, gestor), 'VALIDATION', `La primera cuota debe vencer después de hoy (${today.split('-').reverse().join('/')}).`);
    await expectRefusal(t.call('agreements.simulate', { ...base, downPaymentAmount: 20_000, annualRateBp: 1_500 }, gestor), 'RULE', `No hay tasa de usura registrada para el ${today.split('-').reverse().join('/')}: el administrador debe registrarla antes de cobrar intereses de financiación.`);
    await expectRefusal(t.call('agreements.simulate', { ...base }, gestor), 'VALIDATION', 'Indique la cuota inicial como porcentaje o como valor (uno de los dos).');
    await expectRefusal(t.call('agreements.simulate', { ...base, downPaymentAmount: 200_000 }, gestor), 'VALIDATION', 'La cuota inicial cubre toda la deuda: no hay nada que financiar (cobre la deuda en caja).');
    expect(await count('payment_agreements')).toBe(before);
  });

  it('never above the usury rate the administrator entered for the period', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '500003', [300_000]);
    await t.ok('agreements.saveUsuryRate', { validFrom: `${today.slice(0, 8)}01`, validTo: addDays(`${addMonths(today, 1).slice(0, 8)}01`, -1), annualRateBp: 2_502, source: 'Superfinanciera, certificación del mes' }, t.adminToken);
    const base = { accountId, debts: [{ kind: 'invoice' as const, id: invoiceIds[0] }], downPaymentBp: 1_000, installments: 3, firstDueDate: firstDue, dayOfMonth: 15 };
    await expectRefusal(t.call('agreements.simulate', { ...base, annualRateBp: 2_503 }, gestor), 'VALIDATION', 'La tasa de 25,03 % E.A. supera la tasa de usura vigente (25,02 % E.A., Superfinanciera, certificación del mes).');
    const sim = await t.ok('agreements.simulate', { ...base, annualRateBp: 2_502 }, gestor);
    const expected = buildSchedule({ principal: 270_000, annualRateBp: 2_502, installments: 3, firstDueDate: sim.firstDueDate, dayOfMonth: 15 });
    expect(sim.totalInterest).toBe(expected.totalInterest);
    expect(sim.totalInterest).toBeGreaterThan(0);
    expect(sim.lines.reduce((s, l) => s + l.principal, 0) + sim.downPayment).toBe(300_000);
  });

  it('moves a first due date on a holiday to the next business day, and says so', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '500004', [80_000]);
    const newYear = `${Number(today.slice(0, 4)) + 1}-01-01`;
    const sim = await t.ok('agreements.simulate', { accountId, debts: [{ kind: 'invoice', id: invoiceIds[0] }], downPaymentBp: 1_000, installments: 2, firstDueDate: newYear, dayOfMonth: 1 }, gestor);
    expect(sim.firstDueDate > newYear).toBe(true);
    expect(sim.warnings).toContain(`El ${newYear.split('-').reverse().join('/')} no es día hábil: la primera cuota vence el ${sim.firstDueDate.split('-').reverse().join('/')}.`);
  });
});

describe('signing, activation at the till and the void', () => {
  it('signs AP-AAAA-000001, the down payment waits at the counter, and paying it activates the agreement in the same transaction', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '500010', [100_000, 80_000, 50_000]);
    const before = await balances(accountId);
    const agreement = await t.ok(
      'agreements.create',
      { accountId, debts: invoiceIds.slice(0, 2).map((id) => ({ kind: 'invoice', id })), downPaymentAmount: 30_000, installments: 3, firstDueDate: firstDue, dayOfMonth: 15, idempotencyKey: key(), channel: 'telefono', signerName: 'TITULAR 500010', signerIdNumber: '1500010', signerRelation: 'titular' },
      gestor,
    );
    expect(agreement.number).toBe(`AP-${today.slice(0, 4)}-000001`);
    expect([agreement.state, agreement.debtTotal, agreement.downPayment, agreement.financed]).toEqual(['pendiente', 180_000, 30_000, 150_000]);
    // nothing changed on the invoices: only the down payment is a new debt of the account
    expect((await balances(accountId)).invoices).toEqual(before.invoices);
    const counter = await t.ok('cashier.account', { accountId }, desk.token);
    const down = counter.openCharges.find((c) => c.concept === `Cuota inicial acuerdo ${agreement.number}`);
    expect(down).toMatchObject({ balance: 30_000 });

    const receipt = await pay(t, desk.token, { accountId, picked: [{ kind: 'charge', id: down!.id }], tenders: [{ method: 'efectivo', amount: 30_000, received: 30_000 }] });
    const active = await t.ok('agreements.get', { agreementId: agreement.id }, gestor);
    expect([active.state, active.activatedOn]).toEqual(['activo', today]);
    // the two included invoices are paid by the agreement (not by a cash allocation); the third is untouched
    const after = await balances(accountId);
    expect(after.invoices).toEqual([
      [invoiceIds[0], 0],
      [invoiceIds[1], 0],
      [invoiceIds[2], 50_000],
    ]);
    expect(await t.app.db('payment_allocations').where({ payment_id: receipt.paymentId }).select('charge_id', 'invoice_id', 'amount')).toEqual([{ charge_id: down!.id, invoice_id: null, amount: expect.anything() }]);
    // installments: debts with their due dates; the account owes installments + what was not included
    expect(active.lines.map((l) => [l.total, l.balance])).toEqual([
      [50_000, 50_000],
      [50_000, 50_000],
      [50_000, 50_000],
    ]);
    const installments = await t.app.db('account_charges').where({ agreement_id: agreement.id, agreement_part: 'cuota' }).orderBy('id').select('concept', 'due_date', 'balance');
    expect(installments.map((c) => [c.concept, c.due_date])).toEqual(active.lines.map((l) => [`Cuota ${l.number} de 3 acuerdo ${agreement.number}`, l.dueDate]));
    expect(await accountTotal(accountId)).toBe(150_000 + 50_000);
    await expectReconciled();
  });

  it('a void of the down payment puts every balance back as before it, and the agreement waits again', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '500011', [70_000, 70_000]);
    const agreement = await t.ok(
      'agreements.create',
      { accountId, debts: invoiceIds.map((id) => ({ kind: 'invoice', id })), downPaymentAmount: 40_000, installments: 2, firstDueDate: firstDue, dayOfMonth: 15, idempotencyKey: key(), channel: 'presencial', signerName: 'Dueño', signerIdNumber: '99', signerRelation: 'propietario' },
      desk.token,
    );
    const beforePayment = await balances(accountId);
    const receipt = await pay(t, desk.token, { accountId, picked: [{ kind: 'charge', id: agreement.downPaymentChargeId! }], tenders: [{ method: 'efectivo', amount: 40_000 }] });
    expect((await t.ok('agreements.get', { agreementId: agreement.id }, desk.token)).state).toBe('activo');
    await t.ok('cashier.void', { paymentId: receipt.paymentId, reason: 'Pago en la cuenta equivocada', approval }, desk.token);
    const afterVoid = await balances(accountId);
    // the installment charges now exist, closed at zero; every debt that existed before the payment is as it was
    const installmentIds = new Set((await t.app.db('account_charges').where({ agreement_id: agreement.id, agreement_part: 'cuota' }).pluck('id')).map(Number));
    expect(afterVoid.invoices).toEqual(beforePayment.invoices);
    expect(afterVoid.charges.filter(([id]) => !installmentIds.has(id))).toEqual(beforePayment.charges);
    expect(afterVoid.charges.filter(([id]) => installmentIds.has(id)).every(([, b]) => b === 0)).toBe(true);
    const waiting = await t.ok('agreements.get', { agreementId: agreement.id }, desk.token);
    expect([waiting.state, waiting.downPaymentBalance, waiting.activatedOn]).toEqual(['pendiente', 40_000, null]);
    await expectReconciled();
    // paid again: active again, with a fresh set of installments
    await pay(t, desk.token, { accountId, picked: [{ kind: 'charge', id: agreement.downPaymentChargeId! }], tenders: [{ method: 'efectivo', amount: 40_000 }] });
    expect((await t.ok('agreements.get', { agreementId: agreement.id }, desk.token)).state).toBe('activo');
    expect(await accountTotal(accountId)).toBe(100_000);
    await expectReconciled();
  });

  it('an invoice paid at another counter after signing: the down payment cannot activate it, and nothing is written', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '500012', [60_000, 60_000]);
    const agreement = await t.ok(
      'agreements.create',
      { accountId, debts: invoiceIds.map((id) => ({ kind: 'invoice', id })), downPaymentAmount: 20_000, installments: 2, firstDueDate: firstDue, dayOfMonth: 15, idempotencyKey: key(), channel: 'presencial', signerName: 'T', signerIdNumber: '1', signerRelation: 'titular' },
      desk.token,
    );
    await pay(t, desk.token, { accountId, picked: [{ kind: 'invoice', id: invoiceIds[0] }], tenders: [{ method: 'efectivo', amount: 60_000 }] });
    const before = await balances(accountId);
    const payments = await count('payments');
    await expectRefusal(
      t.call('cashier.pay', { idempotencyKey: key(), accountId, picked: [{ kind: 'charge', id: agreement.downPaymentChargeId! }], tenders: [{ method: 'efectivo', amount: 20_000 }] }, desk.token),
      'RULE',
      `La factura 500012-01 del acuerdo ${agreement.number} se pagó o cambió de saldo después de firmarlo: el acuerdo no se puede activar. Anule el acuerdo y simule uno nuevo.`,
    );
    expect(await balances(accountId)).toEqual(before);
    expect(await count('payments')).toBe(payments);
    expect((await t.ok('agreements.get', { agreementId: agreement.id }, desk.token)).state).toBe('pendiente');
  });

  it('the same invoice at two counters at once: activation and payment never both take it', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '500013', [90_000]);
    const agreement = await t.ok(
      'agreements.create',
      { accountId, debts: [{ kind: 'invoice', id: invoiceIds[0] }], downPaymentAmount: 9_000, installments: 2, firstDueDate: firstDue, dayOfMonth: 15, idempotencyKey: key(), channel: 'presencial', signerName: 'T', signerIdNumber: '1', signerRelation: 'titular' },
      desk.token,
    );
    const other = await openCashierDesk(t, { username: 'cajero2' });
    const [a, b] = await Promise.all([
      t.call('cashier.pay', { idempotencyKey: key(), accountId, picked: [{ kind: 'charge', id: agreement.downPaymentChargeId! }], tenders: [{ method: 'efectivo', amount: 9_000 }] }, desk.token),
      t.call('cashier.pay', { idempotencyKey: key(), accountId, picked: [{ kind: 'invoice', id: invoiceIds[0] }], tenders: [{ method: 'efectivo', amount: 90_000 }] }, other.token),
    ]);
    // exactly one of them took the invoice
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const invoice = await t.app.db('invoices').where({ id: invoiceIds[0] }).first('balance');
    expect(Number(invoice.balance)).toBe(0);
    const cash = Number((await t.app.db('payment_allocations').where({ invoice_id: invoiceIds[0], live: true }).sum({ s: 'amount' }))[0].s ?? 0);
    const novated = Number((await t.app.db('agreement_debt_moves').where({ invoice_id: invoiceIds[0], live: true }).sum({ s: 'amount' }))[0].s ?? 0);
    expect(cash + novated).toBe(90_000);
    await expectReconciled();
  });
});

describe('annulling a waiting agreement', () => {
  it('a coordinator annuls it with the reason: the down payment charge is closed, nothing else changes; then another may be signed', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '500060', [45_000]);
    const before = await balances(accountId);
    const agreement = await t.ok('agreements.create', { accountId, debts: [{ kind: 'invoice', id: invoiceIds[0] }], downPaymentAmount: 10_000, installments: 2, firstDueDate: firstDue, dayOfMonth: 15, idempotencyKey: key(), channel: 'presencial', signerName: 'T', signerIdNumber: '1', signerRelation: 'titular' }, gestor);
    await expectForbidden(t.call('agreements.annul', { agreementId: agreement.id, reason: 'Firmado por error' }, gestor));
    const annulled = await t.ok('agreements.annul', { agreementId: agreement.id, reason: 'Firmado por error' }, coordinatorToken);
    expect([annulled.state, annulled.endReason, annulled.downPaymentBalance]).toEqual(['anulado', 'Firmado por error', 0]);
    expect((await balances(accountId)).invoices).toEqual(before.invoices);
    expect(await accountTotal(accountId)).toBe(45_000);
    await expectRefusal(t.call('agreements.annul', { agreementId: agreement.id, reason: 'Otra vez' }, coordinatorToken), 'RULE', `El acuerdo ${agreement.number} está anulado: solo se anula un acuerdo que espera su cuota inicial.`);
    await expectReconciled();
    await t.ok('agreements.simulate', { accountId, debts: [{ kind: 'invoice', id: invoiceIds[0] }], downPaymentAmount: 10_000, installments: 2, firstDueDate: firstDue, dayOfMonth: 15 }, gestor);
  });

  it('an agreement whose down payment has payments is not annulled', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '500061', [45_000]);
    const agreement = await t.ok('agreements.create', { accountId, debts: [{ kind: 'invoice', id: invoiceIds[0] }], downPaymentAmount: 10_000, installments: 2, firstDueDate: firstDue, dayOfMonth: 15, idempotencyKey: key(), channel: 'presencial', signerName: 'T', signerIdNumber: '1', signerRelation: 'titular' }, gestor);
    await pay(t, desk.token, { accountId, picked: [{ kind: 'charge', id: agreement.downPaymentChargeId! }], tenders: [{ method: 'efectivo', amount: 4_000 }] });
    await expectRefusal(t.call('agreements.annul', { agreementId: agreement.id, reason: 'Firmado por error' }, coordinatorToken), 'RULE', `La cuota inicial del acuerdo ${agreement.number} ya tiene pagos: anule primero esos pagos.`);
    expect((await t.ok('agreements.get', { agreementId: agreement.id }, gestor)).state).toBe('pendiente');
  });
});

describe('eligibility and approval', () => {
  it('a second agreement on the same account is refused while one is live', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '500020', [50_000, 50_000]);
    const first = await t.ok('agreements.create', { accountId, debts: [{ kind: 'invoice', id: invoiceIds[0] }], downPaymentAmount: 10_000, installments: 2, firstDueDate: firstDue, dayOfMonth: 15, idempotencyKey: key(), channel: 'presencial', signerName: 'T', signerIdNumber: '1', signerRelation: 'titular' }, gestor);
    await expectRefusal(
      t.call('agreements.simulate', { accountId, debts: [{ kind: 'invoice', id: invoiceIds[1] }], downPaymentAmount: 10_000, installments: 2, firstDueDate: firstDue, dayOfMonth: 15 }, gestor),
      'CONFLICT',
      `La cuenta 500020 ya tiene el acuerdo ${first.number} esperando su cuota inicial: no puede tener dos.`,
    );
  });

  it('a tenant signs only with the subscriber\'s authorisation; a disputed invoice only with express consent', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '500021', [50_000]);
    const input = { accountId, debts: [{ kind: 'invoice' as const, id: invoiceIds[0] }], downPaymentAmount: 10_000, installments: 2, firstDueDate: firstDue, dayOfMonth: 15, idempotencyKey: key(), channel: 'presencial' as const, signerName: 'Inquilino', signerIdNumber: '7', signerRelation: 'arrendatario' as const };
    const before = await count('payment_agreements');
    await expectRefusal(t.call('agreements.create', input, gestor), 'VALIDATION', 'Un arrendatario firma solo con la autorización escrita del suscriptor (concepto SSPD OJU-2010-13): registre cuál y de qué fecha.');
    // an open reclamo about the invoice
    await filePqr(t, clerk, { type: 'reclamo', accountId, invoiceId: invoiceIds[0], subject: 'Cobro por promedio' });
    const sim = await t.ok('agreements.simulate', { accountId, debts: input.debts, downPaymentAmount: 10_000, installments: 2, firstDueDate: firstDue, dayOfMonth: 15 }, gestor);
    expect(sim.warnings).toContain('La factura 500021-01 tiene un reclamo abierto: solo se incluye con el consentimiento expreso del cliente.');
    const titular = { ...input, signerRelation: 'titular' as const };
    await expectRefusal(t.call('agreements.create', titular, gestor), 'VALIDATION', 'Una factura incluida tiene un reclamo abierto: solo puede entrar al acuerdo con el consentimiento expreso del cliente, registrado.');
    expect(await count('payment_agreements')).toBe(before);
    const signed = await t.ok('agreements.create', { ...titular, reclamoConsent: 'El cliente acepta incluir la factura en reclamo (llamada grabada 15:32)' }, gestor);
    expect(signed.reclamoConsent).toMatch(/^El cliente acepta/);
  });

  it('above the policy amount a coordinator approves on the spot; without approval it is refused', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '500022', [2_500_000]);
    const input = { accountId, debts: [{ kind: 'invoice' as const, id: invoiceIds[0] }], downPaymentBp: 1_000, installments: 6, firstDueDate: firstDue, dayOfMonth: 15, idempotencyKey: key(), channel: 'presencial' as const, signerName: 'T', signerIdNumber: '1', signerRelation: 'titular' as const };
    const before = await count('payment_agreements');
    await expectRefusal(t.call('agreements.create', input, gestor), 'RULE', 'Un coordinador debe aprobar este acuerdo: la política pide aprobación por encima de $ 2.000.000 o de 6 cuotas.');
    expect(await count('payment_agreements')).toBe(before);
    const approved = await t.ok('agreements.create', { ...input, approval }, gestor);
    expect(approved.approvedBy).toBe('Usuario coordinador');
  });

  it('another office\'s agreement does not exist for the caller', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '500023', [50_000]);
    const agreement = await t.ok('agreements.create', { accountId, debts: [{ kind: 'invoice', id: invoiceIds[0] }], downPaymentAmount: 10_000, installments: 2, firstDueDate: firstDue, dayOfMonth: 15, idempotencyKey: key(), channel: 'presencial', signerName: 'T', signerIdNumber: '1', signerRelation: 'titular' }, gestor);
    const north = await t.ok('offices.create', { ...OFFICE, code: 'NOR', name: 'Oficina Norte' }, t.adminToken);
    const token = await createUserReady(t, { fullName: 'Gestor Norte', username: 'gestornorte', officeId: north.id, role: 'gestor', password: 'clave-de-prueba' });
    await expectRefusal(t.call('agreements.get', { agreementId: agreement.id }, token), 'NOT_FOUND', 'El acuerdo de pago no existe');
  });
});

describe('the report', () => {
  it('lists agreements by state, office and month with their amounts and what is still owed', async () => {
    const report = await t.ok('agreements.report', { month: today.slice(0, 7) }, t.adminToken);
    const rows: { state: string; n: number | string }[] = await t.app.db('payment_agreements').groupBy('state').select('state').count({ n: '*' });
    expect(new Map(report.byState.map((s) => [s.state, s.count]))).toEqual(new Map(rows.map((r) => [r.state, Number(r.n)])));
    expect(report.rows.every((r) => r.officeCode === 'GAR' && r.businessDate.startsWith(today.slice(0, 7)))).toBe(true);
    const first = report.rows.find((r) => r.number === `AP-${today.slice(0, 4)}-000001`)!;
    // signed over $ 180.000 with $ 30.000 down; active, its three installments of $ 50.000 unpaid
    expect([first.state, first.debtTotal, first.downPayment, first.financed, first.outstanding]).toEqual(['activo', 180_000, 30_000, 150_000, 150_000]);
    expect((await t.ok('agreements.report', { month: '2020-01' }, t.adminToken)).rows).toEqual([]);
    await expectForbidden(t.call('agreements.report', {}, gestor));
  });
});

describe('the monitor', () => {
  it('expires a down payment not paid by its deadline, with nothing else changed', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '500030', [40_000]);
    const before = await balances(accountId);
    const agreement = await t.ok('agreements.create', { accountId, debts: [{ kind: 'invoice', id: invoiceIds[0] }], downPaymentAmount: 10_000, installments: 2, firstDueDate: firstDue, dayOfMonth: 15, idempotencyKey: key(), channel: 'presencial', signerName: 'T', signerIdNumber: '1', signerRelation: 'titular' }, gestor);
    await runAgreementsMonitor(t.app.db, agreement.downPaymentDeadline, SYSTEM_ACTOR);
    expect((await t.ok('agreements.get', { agreementId: agreement.id }, gestor)).state).toBe('pendiente');
    const result = await runAgreementsMonitor(t.app.db, addDays(agreement.downPaymentDeadline, 1), SYSTEM_ACTOR);
    expect(result.expired).toBeGreaterThanOrEqual(1);
    const expired = await t.ok('agreements.get', { agreementId: agreement.id }, gestor);
    expect([expired.state, expired.downPaymentBalance]).toEqual(['vencido', 0]);
    const after = await balances(accountId);
    expect(after.invoices).toEqual(before.invoices);
    expect(await accountTotal(accountId)).toBe(40_000);
    await expectReconciled();
  });

  it('en mora with one installment past due; broken at two, the unpaid principal returning as one debt with the reason', async () => {
    await t.ok('agreements.saveUsuryRate', { validFrom: `${addMonths(today, 1).slice(0, 8)}01`, validTo: `${addMonths(today, 120).slice(0, 8)}01`, annualRateBp: 3_000, source: 'prueba' }, t.adminToken).catch(() => undefined);
    const { accountId, invoiceIds } = await accountWithInvoices(t, '500031', [130_000, 20_000]);
    const agreement = await t.ok('agreements.create', { accountId, debts: [{ kind: 'invoice', id: invoiceIds[0] }], downPaymentAmount: 13_000, installments: 3, firstDueDate: firstDue, dayOfMonth: 15, annualRateBp: 2_400, idempotencyKey: key(), channel: 'presencial', signerName: 'T', signerIdNumber: '1', signerRelation: 'titular' }, gestor);
    await pay(t, desk.token, { accountId, picked: [{ kind: 'charge', id: agreement.downPaymentChargeId! }], tenders: [{ method: 'efectivo', amount: 13_000 }] });
    const active = await t.ok('agreements.get', { agreementId: agreement.id }, gestor);
    const [one, two, three] = active.lines;
    // the first installment paid at the counter (picked like any debt)
    const firstCharge = await t.app.db('account_charges').where({ agreement_id: agreement.id, agreement_part: 'cuota' }).orderBy('id').first('id');
    await pay(t, desk.token, { accountId, picked: [{ kind: 'charge', id: firstCharge.id }], tenders: [{ method: 'efectivo', amount: one.total }] });
    expect((await runAgreementsMonitor(t.app.db, addDays(two.dueDate, 1), SYSTEM_ACTOR)).inArrears).toBeGreaterThanOrEqual(1);
    expect((await t.ok('agreements.get', { agreementId: agreement.id }, gestor)).health).toBe('en_mora');
    await runAgreementsMonitor(t.app.db, addDays(three.dueDate, 1), SYSTEM_ACTOR);
    const broken = await t.ok('agreements.get', { agreementId: agreement.id }, gestor);
    expect([broken.state, broken.endReason]).toEqual(['incumplido', '2 cuotas vencidas sin pagar']);
    // unpaid principal = installments 2 and 3's principal; their interest is not charged again
    const saldo = await t.app.db('account_charges').where({ agreement_id: agreement.id, agreement_part: 'saldo' }).first('concept', 'amount', 'balance');
    expect(saldo).toMatchObject({ concept: `Saldo del acuerdo ${agreement.number} incumplido (2 cuotas vencidas)` });
    expect(Number(saldo.amount)).toBe(two.principal + three.principal);
    expect(await accountTotal(accountId)).toBe(two.principal + three.principal + 20_000);
    await expectReconciled();
    // a broken agreement: no new one for the policy's months
    await expectRefusal(
      t.call('agreements.simulate', { accountId, debts: [{ kind: 'invoice', id: invoiceIds[1] }], downPaymentAmount: 5_000, installments: 2, firstDueDate: addMonths(firstDue, 6), dayOfMonth: 15 }, gestor),
      'RULE',
      new RegExp(`^La cuenta incumplió el acuerdo ${agreement.number} el .*: la política no permite otro acuerdo hasta 12 meses después\\.$`),
    );
  });


  it('active, the account leaves the suspension notices; broken, the agreement alone does not bring it back', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '500050', [50_000, 50_000]);
    const candidates = async () => (await t.ok('notices.preview', { kind: 'suspension' }, coordinatorToken)).candidates.map((c) => c.accountNumber);
    expect(await candidates()).toContain('500050');
    const agreement = await t.ok('agreements.create', { accountId, debts: invoiceIds.map((id) => ({ kind: 'invoice' as const, id })), downPaymentAmount: 10_000, installments: 2, firstDueDate: firstDue, dayOfMonth: 15, idempotencyKey: key(), channel: 'presencial', signerName: 'T', signerIdNumber: '1', signerRelation: 'titular' }, gestor);
    // signed but not yet paid: nothing changed, still a candidate
    expect(await candidates()).toContain('500050');
    await pay(t, desk.token, { accountId, picked: [{ kind: 'charge', id: agreement.downPaymentChargeId! }], tenders: [{ method: 'efectivo', amount: 10_000 }] });
    expect(await candidates()).not.toContain('500050');
    const active = await t.ok('agreements.get', { agreementId: agreement.id }, gestor);
    await runAgreementsMonitor(t.app.db, addDays(active.lines[1].dueDate, 1), SYSTEM_ACTOR);
    expect((await t.ok('agreements.get', { agreementId: agreement.id }, gestor)).state).toBe('incumplido');
    // the unpaid principal is owed again, as one debt, but it is not an unpaid bill: no suspension notice for it
    expect(await accountTotal(accountId)).toBe(90_000);
    expect(await candidates()).not.toContain('500050');
  });

  it('runs at start-up and then once a business day', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '500040', [30_000]);
    const agreement = await t.ok('agreements.create', { accountId, debts: [{ kind: 'invoice', id: invoiceIds[0] }], downPaymentAmount: 10_000, installments: 2, firstDueDate: firstDue, dayOfMonth: 15, idempotencyKey: key(), channel: 'presencial', signerName: 'T', signerIdNumber: '1', signerRelation: 'titular' }, gestor);
    // signed long ago: its deadline (a fixture, written straight to the row) was yesterday
    await t.app.db('payment_agreements').where({ id: agreement.id }).update({ down_payment_deadline: addDays(today, -1) });
    const scheduler = new AgreementsMonitorScheduler(t.app, { intervalMs: 3_600_000 });
    const first = await scheduler.start();
    expect(first?.expired).toBe(1);
    expect((await t.ok('agreements.get', { agreementId: agreement.id }, gestor)).state).toBe('vencido');
    expect(await scheduler.tick()).toBeNull();
    await scheduler.stop();
  });
});

describe('the till while an agreement waits for its down payment', () => {
  /** invoices of 100.000, 80.000 and 50.000 (January, February, March); the first two financed by phone, 30.000 down, 3 installments */
  async function signFirstTwo(number: string) {
    const { accountId, invoiceIds } = await accountWithInvoices(t, number, [100_000, 80_000, 50_000]);
    const agreement = await t.ok(
      'agreements.create',
      { accountId, debts: invoiceIds.slice(0, 2).map((id) => ({ kind: 'invoice', id })), downPaymentAmount: 30_000, installments: 3, firstDueDate: firstDue, dayOfMonth: 15, idempotencyKey: key(), channel: 'telefono', signerName: `TITULAR ${number}`, signerIdNumber: `1${number}`, signerRelation: 'titular' },
      gestor,
    );
    return { accountId, invoiceIds, agreement };
  }

  it('keeps the financed invoices out of "Todo el saldo" and "Debe"; the whole balance paid the way the screen sends it activates the agreement', async () => {
    const { accountId, invoiceIds, agreement } = await signFirstTwo('500070');
    const counter = await t.ok('cashier.account', { accountId }, desk.token);
    // Debe: the third invoice (50.000) + the down payment (30.000) = 80.000; the 100.000 + 80.000 financed wait for the agreement
    expect(counter.totalDue).toBe(80_000);
    expect(counter.heldByAgreement).toEqual({ agreementId: agreement.id, agreementNumber: agreement.number, debts: invoiceIds.slice(0, 2).map((id) => ({ kind: 'invoice', id })), total: 180_000 });
    // "Todo el saldo" (and a typed amount with nothing ticked) names the other debts, oldest first: the invoice of March, then the down payment of today
    const whole = [{ kind: 'invoice', id: invoiceIds[2] }, { kind: 'charge', id: agreement.downPaymentChargeId }];
    expect(effectivePicks('all', counter, [])).toEqual(whole);
    expect(effectivePicks('partial', counter, [])).toEqual(whole);
    // the financed invoice's own barcode still finds it, with the warning
    const scan = await t.ok('cashier.scan', { code: paymentBarcodeText({ gln: '7709998000018', reference: 'REF500070-01', amount: 100_000, dueDate: '2026-01-20' }) }, desk.token);
    expect(scan.warnings).toContain(`La factura 500070-01 está en el acuerdo ${agreement.number}, que espera su cuota inicial: cobre la cuota inicial; si se paga la factura, el acuerdo no se podrá activar.`);
    await pay(t, desk.token, { accountId, picked: effectivePicks('all', counter, []), tenders: [{ method: 'efectivo', amount: counter.totalDue, received: counter.totalDue }] });
    expect((await t.ok('agreements.get', { agreementId: agreement.id }, gestor)).state).toBe('activo');
    expect((await balances(accountId)).invoices).toEqual(invoiceIds.map((id) => [id, 0]));
    const after = await t.ok('cashier.account', { accountId }, desk.token);
    // now the account owes the three installments of (180.000 − 30.000) / 3 = 50.000, nothing is held
    expect([after.totalDue, after.heldByAgreement]).toEqual([150_000, null]);
    // the account page: the two financed invoices "Pagada por acuerdo AP-…", the third paid in cash, plain "Pagada"
    const page = await t.ok('accounts.get', { accountId }, clerk);
    expect(page.invoiceHistory.map((i) => [i.number, i.balance, i.paidByAgreement ?? null]).sort()).toEqual([
      ['500070-01', 0, { id: agreement.id, number: agreement.number }],
      ['500070-02', 0, { id: agreement.id, number: agreement.number }],
      ['500070-03', 0, null],
    ]);
    await expectReconciled();
  });

  it('a payment with no picks (the API, the web door) takes the till\'s order: the financed invoices are left out, the excess is credit', async () => {
    const { accountId, invoiceIds, agreement } = await signFirstTwo('500072');
    const dp = agreement.downPaymentChargeId!;
    // 40.000, nothing picked: the free debts oldest first are the invoice of March (50.000), then the down payment (30.000);
    // the 40.000 go to March (50.000 → 10.000); January 100.000 and February 80.000 (financed) untouched
    const first = await pay(t, desk.token, { accountId, tenders: [{ method: 'efectivo', amount: 40_000 }] });
    expect(first.lines.map((a) => [a.kind, a.id, a.amount])).toEqual([['invoice', invoiceIds[2], 40_000]]);
    expect(await balances(accountId)).toEqual({ invoices: [[invoiceIds[0], 100_000], [invoiceIds[1], 80_000], [invoiceIds[2], 10_000]], charges: [[dp, 30_000]] });
    expect((await t.ok('agreements.get', { agreementId: agreement.id }, gestor)).state).toBe('pendiente');
    // cards give no credit: above the free debts (10.000 + 30.000 = 40.000) refused, nothing written
    const payments = await count('payments');
    await expectRefusal(
      t.call('cashier.pay', { accountId, idempotencyKey: key(), newCharges: [], tenders: [{ method: 'tarjeta_debito', amount: 40_001, reference: 'V-1', bank: '' }] }, desk.token),
      'VALIDATION',
      'La tarjeta débito ($ 40.001) pasa de lo que se paga ($ 40.000): con tarjeta, transferencia o cheque no hay cambio ni saldo a favor. Corrija el valor o reciba el resto en efectivo.',
    );
    expect(await count('payments')).toBe(payments);
    // 90.000, nothing picked: 10.000 to March, 30.000 to the down payment (the agreement activates in the same transaction),
    // the other 50.000 to the account's credit (as at the till: the installments do not exist until the activation)
    const second = await pay(t, desk.token, { accountId, tenders: [{ method: 'efectivo', amount: 90_000 }] });
    expect([second.lines.map((a) => [a.kind, a.id, a.amount]), second.creditAdded]).toEqual([[['invoice', invoiceIds[2], 10_000], ['charge', dp, 30_000]], 50_000]);
    expect((await t.ok('agreements.get', { agreementId: agreement.id }, gestor)).state).toBe('activo');
    expect((await balances(accountId)).invoices).toEqual(invoiceIds.map((id) => [id, 0]));
    expect(Number((await t.app.db('accounts').where({ id: accountId }).first('credit_balance')).credit_balance)).toBe(50_000);
    // (180.000 − 30.000) / 3 = 50.000 per installment, all still owed
    expect(await accountTotal(accountId)).toBe(150_000);
    await expectReconciled();
  });

  it('an account with no waiting agreement: "Todo el saldo" is everything, oldest first, as before', async () => {
    const { accountId } = await accountWithInvoices(t, '500071', [10_000, 20_000]);
    const counter = await t.ok('cashier.account', { accountId }, desk.token);
    expect([counter.totalDue, counter.heldByAgreement, effectivePicks('all', counter, [])]).toEqual([30_000, null, []]);
  });
});

describe('financing a charge (not an invoice)', () => {
  /** the reconnection charge a field result adds after an executed suspension (workorders/results.ts), as a fixture row */
  async function accountWithCharge(number: string, amount: number, invoices: number[] = []) {
    const { accountId, invoiceIds } = await accountWithInvoices(t, number, invoices);
    let item: { id: number } | undefined = await t.app.db('charge_items').where({ code: 'RECX-T' }).first('id');
    item ??= await t.ok('chargeItems.save', { code: 'RECX-T', name: 'Reconexión del servicio', amount: 150_000, active: true }, t.adminToken);
    const [row] = await t.app.db('account_charges')
      .insert({ account_id: accountId, charge_item_id: item.id, concept: `Reconexión del servicio (OT ${number})`, quantity: 1, amount, balance: amount, business_date: addDays(today, -3), office_id: t.officeId, created_by: null, created_at: new Date().toISOString() })
      .returning('id');
    return { accountId, invoiceIds, chargeId: Number(typeof row === 'object' ? row.id : row) };
  }
  const signed = (accountId: number, debts: { kind: 'invoice' | 'charge'; id: number }[], downPaymentAmount: number, installments: number) =>
    t.ok('agreements.create', { accountId, debts, downPaymentAmount, installments, firstDueDate: firstDue, dayOfMonth: 15, idempotencyKey: key(), channel: 'presencial', signerName: 'T', signerIdNumber: '1', signerRelation: 'titular' }, gestor);

  it('a reconnection charge: simulated, signed, activated at the till, its installments paid; the charge goes to zero by the agreement', async () => {
    const { accountId, chargeId } = await accountWithCharge('500080', 150_000);
    const candidates = await t.ok('agreements.candidates', { accountId }, gestor);
    expect(candidates.debts).toEqual([expect.objectContaining({ kind: 'charge', id: chargeId, label: 'Reconexión del servicio (OT 500080)', balance: 150_000, overdue: true })]);
    const debts = [{ kind: 'charge' as const, id: chargeId }];
    // 150.000; 10 % down = 15.000 (the minimum, estrato 2); 135.000 in 3 installments at 0 % = 45.000 each
    const sim = await t.ok('agreements.simulate', { accountId, debts, downPaymentAmount: 15_000, installments: 3, firstDueDate: firstDue, dayOfMonth: 15 }, gestor);
    expect([sim.debtTotal, sim.minDownPayment, sim.downPayment, sim.financed, sim.totalInterest, sim.total]).toEqual([150_000, 15_000, 15_000, 135_000, 0, 135_000]);
    expect(sim.lines.map((l) => [l.principal, l.interest, l.total])).toEqual([
      [45_000, 0, 45_000],
      [45_000, 0, 45_000],
      [45_000, 0, 45_000],
    ]);
    const agreement = await signed(accountId, debts, 15_000, 3);
    // signed, the charge is untouched and held out of "Todo el saldo": the account owes the down payment only
    const counter = await t.ok('cashier.account', { accountId }, desk.token);
    expect([counter.totalDue, counter.heldByAgreement?.total]).toEqual([15_000, 150_000]);
    const receipt = await pay(t, desk.token, { accountId, picked: [{ kind: 'charge', id: agreement.downPaymentChargeId! }], tenders: [{ method: 'efectivo', amount: 15_000 }] });
    expect((await t.ok('agreements.get', { agreementId: agreement.id }, gestor)).state).toBe('activo');
    // the charge is at zero through the agreement (a novación move), not through a cash allocation
    expect(Number((await t.app.db('account_charges').where({ id: chargeId }).first('balance')).balance)).toBe(0);
    expect(await t.app.db('agreement_debt_moves').where({ charge_id: chargeId, live: true }).select('amount', 'reason', 'payment_id')).toEqual([{ amount: expect.anything(), reason: 'novacion', payment_id: receipt.paymentId }]);
    expect(Number((await t.app.db('agreement_debt_moves').where({ charge_id: chargeId }).first('amount')).amount)).toBe(150_000);
    expect(await t.app.db('payment_allocations').where({ charge_id: chargeId }).select('id')).toEqual([]);
    expect(await accountTotal(accountId)).toBe(135_000);
    const installments = await t.app.db('account_charges').where({ agreement_id: agreement.id, agreement_part: 'cuota' }).orderBy('id').pluck('id');
    for (const id of installments) await pay(t, desk.token, { accountId, picked: [{ kind: 'charge', id: Number(id) }], tenders: [{ method: 'efectivo', amount: 45_000 }] });
    expect(await accountTotal(accountId)).toBe(0);
    await runAgreementsMonitor(t.app.db, today, SYSTEM_ACTOR);
    const kept = await t.ok('agreements.get', { agreementId: agreement.id }, gestor);
    expect([kept.state, kept.endReason]).toEqual(['cumplido', 'Todas las cuotas pagadas']);
    await expectReconciled();
  });

  it('a void of the down payment puts the charge back; broken, the unpaid principal is due again as one debt', async () => {
    const { accountId, invoiceIds, chargeId } = await accountWithCharge('500081', 120_000, [30_000]);
    const agreement = await signed(accountId, [{ kind: 'charge', id: chargeId }], 12_000, 2);
    const receipt = await pay(t, desk.token, { accountId, picked: [{ kind: 'charge', id: agreement.downPaymentChargeId! }], tenders: [{ method: 'efectivo', amount: 12_000 }] });
    await t.ok('cashier.void', { paymentId: receipt.paymentId, reason: 'Pago en la cuenta equivocada', approval }, desk.token);
    // the void: the charge owes its 120.000 again, the agreement waits for its 12.000 again
    expect(Number((await t.app.db('account_charges').where({ id: chargeId }).first('balance')).balance)).toBe(120_000);
    expect((await t.ok('agreements.get', { agreementId: agreement.id }, gestor)).state).toBe('pendiente');
    await pay(t, desk.token, { accountId, picked: [{ kind: 'charge', id: agreement.downPaymentChargeId! }], tenders: [{ method: 'efectivo', amount: 12_000 }] });
    const active = await t.ok('agreements.get', { agreementId: agreement.id }, gestor);
    // 120.000 − 12.000 = 108.000 in 2 installments of 54.000, neither paid
    expect(active.lines.map((l) => l.total)).toEqual([54_000, 54_000]);
    await runAgreementsMonitor(t.app.db, addDays(active.lines[1].dueDate, 1), SYSTEM_ACTOR);
    const broken = await t.ok('agreements.get', { agreementId: agreement.id }, gestor);
    expect([broken.state, broken.endReason]).toEqual(['incumplido', '2 cuotas vencidas sin pagar']);
    // due again: the 108.000 unpaid principal as one debt with the reason; the charge stays closed by the agreement; the invoice was never in it
    const saldo = await t.app.db('account_charges').where({ agreement_id: agreement.id, agreement_part: 'saldo' }).first('concept', 'balance');
    expect([saldo.concept, Number(saldo.balance)]).toEqual([`Saldo del acuerdo ${agreement.number} incumplido (2 cuotas vencidas)`, 108_000]);
    expect(Number((await t.app.db('account_charges').where({ id: chargeId }).first('balance')).balance)).toBe(0);
    expect(await accountTotal(accountId)).toBe(108_000 + 30_000);
    expect((await balances(accountId)).invoices).toEqual([[invoiceIds[0], 30_000]]);
    await expectReconciled();
  });

  it('a broken agreement\'s principal can be financed again once the policy allows it; an installment of a live agreement never', async () => {
    const { accountId, chargeId } = await accountWithCharge('500082', 100_000);
    const first = await signed(accountId, [{ kind: 'charge', id: chargeId }], 10_000, 2);
    await pay(t, desk.token, { accountId, picked: [{ kind: 'charge', id: first.downPaymentChargeId! }], tenders: [{ method: 'efectivo', amount: 10_000 }] });
    const active = await t.ok('agreements.get', { agreementId: first.id }, gestor);
    const installment = await t.app.db('account_charges').where({ agreement_id: first.id, agreement_part: 'cuota' }).orderBy('id').first('id', 'concept');
    await expectRefusal(
      t.call('agreements.simulate', { accountId, debts: [{ kind: 'charge', id: Number(installment.id) }], downPaymentAmount: 10_000, installments: 2, firstDueDate: firstDue, dayOfMonth: 15 }, gestor),
      'CONFLICT',
      `La cuenta 500082 ya tiene el acuerdo ${first.number} activo: no puede tener dos.`,
    );
    await runAgreementsMonitor(t.app.db, addDays(active.lines[1].dueDate, 1), SYSTEM_ACTOR);
    const saldo = await t.app.db('account_charges').where({ agreement_id: first.id, agreement_part: 'saldo' }).first('id', 'balance');
    // 100.000 − 10.000 = 90.000 unpaid principal
    expect(Number(saldo.balance)).toBe(90_000);
    const debts = [{ kind: 'charge' as const, id: Number(saldo.id) }];
    const policy = await t.ok('agreements.policy', {}, t.adminToken);
    await t.ok('agreements.savePolicy', { ...policy, brokenLookbackMonths: 0 }, t.adminToken);
    try {
      // 90.000; 20 % down = 18.000; 72.000 in 4 installments of 18.000
      const sim = await t.ok('agreements.simulate', { accountId, debts, downPaymentBp: 2_000, installments: 4, firstDueDate: addMonths(firstDue, 3), dayOfMonth: 15 }, gestor);
      expect([sim.debtTotal, sim.downPayment, sim.financed, sim.lines.map((l) => l.total)]).toEqual([90_000, 18_000, 72_000, [18_000, 18_000, 18_000, 18_000]]);
      const second = await t.ok('agreements.create', { accountId, debts, downPaymentBp: 2_000, installments: 4, firstDueDate: addMonths(firstDue, 3), dayOfMonth: 15, idempotencyKey: key(), channel: 'presencial', signerName: 'T', signerIdNumber: '1', signerRelation: 'titular' }, gestor);
      await pay(t, desk.token, { accountId, picked: [{ kind: 'charge', id: second.downPaymentChargeId! }], tenders: [{ method: 'efectivo', amount: 18_000 }] });
      expect((await t.ok('agreements.get', { agreementId: second.id }, gestor)).state).toBe('activo');
      expect(Number((await t.app.db('account_charges').where({ id: saldo.id }).first('balance')).balance)).toBe(0);
      expect(await accountTotal(accountId)).toBe(72_000);
      await expectReconciled();
    } finally {
      await t.ok('agreements.savePolicy', policy, t.adminToken);
    }
  });
});
