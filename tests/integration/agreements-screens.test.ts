/**
 * What the agreement screens read (issue 16), on SQLite and PostgreSQL: the simulator's starting point
 * (the account's open debts, overdue ones marked, the policy's limits for the account), the agreement
 * page's history and certified-mail radicado, and a down payment paid in part that expires: what was
 * paid becomes the account's credit in the expiry's transaction (audited), a void of that payment
 * takes it back, and the reconciliation explains every balance afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths, todayIn } from '../../shared/dates';
import { reconcile } from '../../electron/core/modules/audit/reconcile';
import { runAgreementsMonitor } from '../../electron/core/modules/agreements/monitor';
import { SYSTEM_ACTOR } from '../../electron/core/db/audit';
import { createInitializedBackOffice, loginAs } from '../helpers/backoffice';
import { accountWithInvoices, createCoordinator, openCashierDesk, pay, paymentKey, type CashierDesk, type InitializedBackOffice } from '../helpers/cashier';
import { expectForbidden, expectRefusal } from '../helpers/refusal';

let t: InitializedBackOffice;
let desk: CashierDesk;
let gestor: string;
let approval: { username: string; password: string };
let coordinator: string;
const today = todayIn('America/Bogota');
const firstDue = `${addMonths(today, 1).slice(0, 8)}15`;

beforeAll(async () => {
  t = await createInitializedBackOffice();
  desk = await openCashierDesk(t);
  gestor = await loginAs(t, 'gestor');
  const c = await createCoordinator(t);
  approval = c.approval;
  coordinator = c.token;
});
afterAll(() => t.close());

const sign = (accountId: number, invoiceIds: number[], downPaymentAmount: number) =>
  t.ok(
    'agreements.create',
    { accountId, debts: invoiceIds.map((id) => ({ kind: 'invoice' as const, id })), downPaymentAmount, installments: 2, firstDueDate: firstDue, dayOfMonth: 15, idempotencyKey: paymentKey(), channel: 'telefono', signerName: 'Titular', signerIdNumber: '77', signerRelation: 'titular' },
    gestor,
  );
const credit = async (accountId: number) => Number((await t.app.db('accounts').where({ id: accountId }).first('credit_balance')).credit_balance);
const invoiceBalances = async (ids: number[]) => (await t.app.db('invoices').whereIn('id', ids).orderBy('id').pluck('balance')).map(Number);
async function expectReconciled() {
  expect((await reconcile(t.app.db)).issues).toEqual([]);
}

describe('the simulator starts from the account', () => {
  it('lists the open debts with the overdue ones marked, the policy for the account and no live agreement; then the live one', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '710001', [50_000, 30_000]);
    // the helper's invoices are already due (the first one months ago): overdue
    const start = await t.ok('agreements.candidates', { accountId }, gestor);
    expect(start.debts.map((d) => [d.kind, d.id, d.balance, d.overdue, d.underReclamo])).toEqual(
      invoiceIds.map((id, i) => ['invoice', id, [50_000, 30_000][i], start.debts[i].dueDate < today, false]),
    );
    // residential estrato 2 (the helper's account): 10 % minimum, up to 6 installments, 0 % (DEFAULT_AGREEMENT_POLICY)
    expect([start.minDownPaymentBp, start.maxInstallments, start.annualRateBp, start.live, start.today]).toEqual([1_000, 6, 0, null, today]);
    const agreement = await sign(accountId, invoiceIds, 8_000);
    const again = await t.ok('agreements.candidates', { accountId }, gestor);
    expect(again.live).toEqual({ id: agreement.id, number: agreement.number, state: 'pendiente' });
    // the down payment is a debt of the account but never offered for another agreement
    expect(again.debts.map((d) => d.label)).toEqual(invoiceIds.map((_, i) => start.debts[i].label));
  });

  it('an unknown account is NOT_FOUND in Spanish', async () => {
    await expectRefusal(t.call('agreements.candidates', { accountId: 987_654 }, gestor), 'NOT_FOUND', 'La cuenta no existe');
  });
});

describe('the agreement page', () => {
  it('shows the certified mail radicado and the history in Spanish', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '710002', [60_000]);
    const agreement = await sign(accountId, invoiceIds, 10_000);
    expect([agreement.correspondence, agreement.history.map((h) => h.text)]).toEqual([null, ['Acuerdo firmado: espera su cuota inicial']]);
    const sent = await t.ok('agreements.sendByMail', { agreementId: agreement.id }, gestor);
    await pay(t, desk.token, { accountId, picked: [{ kind: 'charge', id: agreement.downPaymentChargeId! }], tenders: [{ method: 'efectivo', amount: 10_000 }] });
    const page = await t.ok('agreements.get', { agreementId: agreement.id }, gestor);
    expect(page.correspondence).toEqual({ id: sent.correspondenceId, radicado: sent.radicado });
    expect(page.history.map((h) => h.text)).toEqual([
      'Acuerdo firmado: espera su cuota inicial',
      `Acta enviada por correo certificado, radicado de salida ${sent.radicado}`,
      'Cuota inicial pagada: acuerdo activo, las deudas incluidas pasan al acuerdo',
    ]);
    // who did each, by name: the gestor signed and mailed, the cashier's payment activated it
    const names = await t.app.db('users').whereIn('role', ['gestor', 'cajero']).pluck('full_name');
    expect(page.history.every((h) => names.includes(h.actor) && h.at.length > 0)).toBe(true);
  });
});

describe('a down payment paid in part that expires', () => {
  it('what was paid becomes the account credit in the same transaction, audited; the included invoices untouched; reconciled', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '710003', [80_000, 20_000]);
    const agreement = await sign(accountId, invoiceIds, 30_000);
    // 12.000 of the 30.000 down payment paid at the counter: the agreement keeps waiting
    const receipt = await pay(t, desk.token, { accountId, picked: [{ kind: 'charge', id: agreement.downPaymentChargeId! }], tenders: [{ method: 'efectivo', amount: 12_000 }] });
    expect((await t.ok('agreements.get', { agreementId: agreement.id }, gestor)).downPaymentBalance).toBe(18_000);
    expect(await credit(accountId)).toBe(0);
    await runAgreementsMonitor(t.app.db, addDays(agreement.downPaymentDeadline, 1), SYSTEM_ACTOR);
    const expired = await t.ok('agreements.get', { agreementId: agreement.id }, gestor);
    expect([expired.state, expired.downPaymentBalance, expired.creditReturned]).toEqual(['vencido', 0, 12_000]);
    expect(expired.history.at(-1)?.text).toBe('Vencido: cuota inicial no pagada a tiempo; lo abonado ($ 12.000) quedó como saldo a favor de la cuenta');
    // the 12.000 is the account's credit; the invoices owe what they owed (80.000 + 20.000)
    expect(await credit(accountId)).toBe(12_000);
    expect(await invoiceBalances(invoiceIds)).toEqual([80_000, 20_000]);
    const audit = await t.app.db('audit_log').where({ action: 'agreement.expire', entity_id: String(agreement.id) }).first('after_json');
    expect(JSON.parse(audit.after_json)).toMatchObject({ creditReturned: 12_000, closedDownPayment: 18_000 });
    await expectReconciled();

    // the payment voided afterwards: the credit goes back out, the cancelled charge stays closed
    await t.ok('cashier.void', { paymentId: receipt.paymentId, reason: 'Pago registrado por error', approval }, desk.token);
    expect(await credit(accountId)).toBe(0);
    expect(Number((await t.app.db('account_charges').where({ id: agreement.downPaymentChargeId! }).first('balance')).balance)).toBe(0);
    expect(await invoiceBalances(invoiceIds)).toEqual([80_000, 20_000]);
    expect((await t.ok('agreements.get', { agreementId: agreement.id }, gestor)).creditReturned).toBe(0);
    await expectReconciled();
  });

  it('the void is refused in Spanish when the account already used that credit, and nothing changes', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '710004', [50_000]);
    const agreement = await sign(accountId, invoiceIds, 10_000);
    const receipt = await pay(t, desk.token, { accountId, picked: [{ kind: 'charge', id: agreement.downPaymentChargeId! }], tenders: [{ method: 'efectivo', amount: 4_000 }] });
    await runAgreementsMonitor(t.app.db, addDays(agreement.downPaymentDeadline, 1), SYSTEM_ACTOR);
    expect(await credit(accountId)).toBe(4_000);
    // the credit partly gone since (set here directly: 1.000 left)
    await t.app.db('accounts').where({ id: accountId }).update({ credit_balance: 1_000 });
    await expectRefusal(
      t.call('cashier.void', { paymentId: receipt.paymentId, reason: 'Pago registrado por error', approval }, desk.token),
      'RULE',
      `No se puede anular: lo pagado en la cuota inicial del acuerdo ${agreement.number} ($ 4.000) pasó al saldo a favor de la cuenta cuando el acuerdo venció, y la cuenta ya usó ese saldo.`,
    );
    expect((await t.app.db('payments').where({ id: receipt.paymentId }).first('status')).status).toBe('vigente');
    expect(await credit(accountId)).toBe(1_000);
  });
});

describe('the report as a CSV', () => {
  it('one row per agreement with its state and amounts in pesos, for a spreadsheet in Spanish; a gestor may not have it', async () => {
    const { accountId, invoiceIds } = await accountWithInvoices(t, '710005', [90_000, 10_000]);
    const agreement = await sign(accountId, invoiceIds, 25_000);
    const file = await t.ok('agreements.reportCsv', { month: today.slice(0, 7), state: 'pendiente' }, coordinator);
    expect([file.fileName, file.mimeType]).toEqual([`acuerdos-de-pago-${today.slice(0, 7)}-pendiente.csv`, 'text/csv']);
    const lines = Buffer.from(file.base64, 'base64').toString('utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFFAcuerdo;Oficina;Fecha de firma;Cuenta;Suscriptor;Estado;Deuda financiada;Cuota inicial;Financiado;Intereses;Cuotas por pagar');
    // 100.000 of debt, 25.000 down, 75.000 financed at 0 %, nothing owed on installments until it is active
    expect(lines).toContain(`${agreement.number};${(await t.app.db('offices').where({ id: agreement.officeId }).first('code')).code};${today};710005;${agreement.holderName};Pendiente de cuota inicial;100000;25000;75000;0;0`);
    await expectForbidden(t.call('agreements.reportCsv', {}, gestor));
  });
});
