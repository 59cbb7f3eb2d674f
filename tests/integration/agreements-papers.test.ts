/**
 * The agreement's papers and its coupons' money path (issue 16), on SQLite and PostgreSQL: the acta's
 * text read with pdftotext, the acta sent by certified mail as outgoing correspondence, the coupons'
 * GS1-128 decoded with zbarimg and scanned back at the counter (down payment, then an installment),
 * and an installment paid in a bank file by its coupon's reference.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths, todayIn } from '../../shared/dates';
import { runAgreementsMonitor } from '../../electron/core/modules/agreements/monitor';
import { SYSTEM_ACTOR } from '../../electron/core/db/audit';
import { parsePaymentBarcode } from '../../shared/gs1';
import { reconcile } from '../../electron/core/modules/audit/reconcile';
import { COMPANY, createInitializedBackOffice, loginAs } from '../helpers/backoffice';
import { accountWithInvoices, openCashierDesk, pay, paymentKey, type CashierDesk, type InitializedBackOffice } from '../helpers/cashier';
import { pdfTextFlat } from '../helpers/pdf';
import { expectRefusal } from '../helpers/refusal';
import { zbarimg } from '../helpers/tools';
import { fileLines, joinLines } from '../fixtures/asobancaria/build';

let t: InitializedBackOffice;
let desk: CashierDesk;
let gestor: string;
let coordinator: string;
const today = todayIn('America/Bogota');
const firstDue = `${addMonths(today, 1).slice(0, 8)}15`;

beforeAll(async () => {
  t = await createInitializedBackOffice();
  desk = await openCashierDesk(t);
  gestor = await loginAs(t, 'gestor');
  coordinator = await loginAs(t, 'coordinador');
});
afterAll(() => t.close());

/** every barcode zbarimg finds on a page of the PDF (300 dpi) */
function decodePage(pdf: Buffer, page: number): string[] {
  zbarimg.require();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-acta-'));
  try {
    fs.writeFileSync(path.join(dir, 'f.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', '300', '-png', '-f', String(page), '-l', String(page), '-singlefile', path.join(dir, 'f.pdf'), path.join(dir, 'page')]);
    const out = execFileSync('zbarimg', ['--raw', '-q', path.join(dir, 'page.png')], { encoding: 'utf8' });
    return out.split('\n').filter((l) => l.trim() !== '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** an Asobancaria file of one payment by a reference (collected on 10/11/2026 unless said); returns a function that uploads it */
function bankFile(reference: string, amount: number, options: { collectionDate?: string; nit?: string } = {}): () => Promise<string> {
  const data = Buffer.from(joinLines(fileLines({ nit: options.nit ?? COMPANY.nit.replace(/\D/g, ''), collectionDate: options.collectionDate, lots: [[{ reference, amount: amount * 100 }]] })), 'latin1');
  return async () => {
    const { uploadId } = await t.ok('imports.begin', { kind: 'asobancaria', fileName: 'banco.txt', size: data.length }, coordinator);
    await t.ok('imports.chunk', { uploadId, offset: 0, dataBase64: data.toString('base64') }, coordinator);
    return uploadId;
  };
}

async function signByPhone(number: string, amounts: number[]) {
  const { accountId, invoiceIds } = await accountWithInvoices(t, number, amounts, { holderName: 'ROJAS PÉREZ MARÍA' });
  const agreement = await t.ok(
    'agreements.create',
    {
      accountId,
      debts: invoiceIds.map((id) => ({ kind: 'invoice', id })),
      downPaymentAmount: 25_000,
      installments: 3,
      firstDueDate: firstDue,
      dayOfMonth: 15,
      idempotencyKey: paymentKey(),
      channel: 'telefono',
      signerName: 'Pedro Gómez Díaz',
      signerIdNumber: '7180123',
      signerRelation: 'propietario',
    },
    gestor,
  );
  return { accountId, invoiceIds, agreement };
}

describe('the acta', () => {
  it('states the number, the parties, the debt by invoice, the down payment, the schedule and the clauses', async () => {
    const { agreement } = await signByPhone('600001', [100_000, 75_000]);
    const file = await t.ok('agreements.actaPdf', { agreementId: agreement.id }, gestor);
    // one line: the paragraphs wrap where the layout wraps them
    const text = pdfTextFlat(Buffer.from(file.base64, 'base64')).replace(/\s+/g, ' ');
    expect(file.fileName).toBe(`acta-${agreement.number}.pdf`);
    expect(text).toContain('ACTA DE ACUERDO DE PAGO');
    expect(text).toContain(`No. ${agreement.number}`);
    // an owner who is not the holder signs as co-obligated
    expect(text).toContain('Firma Pedro Gómez Díaz, identificado(a) con 7180123, propietario(a) del inmueble, quien firma como codeudor(a) solidario(a) de la cuenta de ROJAS PÉREZ MARÍA');
    expect(text).toMatch(/Factura 600001-01 .*\$ 100\.000/);
    expect(text).toMatch(/Factura 600001-02 .*\$ 75\.000/);
    expect(text).toContain('Total deuda: $ 175.000');
    expect(text).toContain('Cuota inicial: $ 25.000');
    expect(text).toContain('Saldo financiado: $ 150.000 en 3 cuotas mensuales');
    // 150.000 at 0 % in 3: 50.000 each
    expect(text.match(/\d\d\/\d\d\/\d{4} \$ 50\.000 \$ ?0 \$ 50\.000/g)).toHaveLength(3);
    expect(text).toContain('PRIMERA. Novación.');
    expect(text).toContain('no se volverá a cobrar en las facturas siguientes (SSPD, Concepto 91 de 2012)');
    expect(text).toContain('TERCERA. Incumplimiento. Si quedan 2 cuotas vencidas sin pagar, el acuerdo se declara incumplido');
    expect(text).toContain('Codeudor(a) solidario(a)');
  });

  it('goes by certified mail as outgoing correspondence with its radicado de salida, once', async () => {
    const { agreement } = await signByPhone('600002', [90_000]);
    const sent = await t.ok('agreements.sendByMail', { agreementId: agreement.id }, gestor);
    expect(sent.radicado).toMatch(/-S-/);
    const row = await t.app.db('correspondence').where({ id: sent.correspondenceId }).first('kind', 'recipient_name', 'subject');
    expect(row).toEqual({ kind: 'salida', recipient_name: 'Pedro Gómez Díaz', subject: `Acta de acuerdo de pago ${agreement.number} — cuenta 600002` });
    // its delivery is tracked where every outgoing letter's is
    const item = await t.ok('correspondence.get', { correspondenceId: sent.correspondenceId }, coordinator);
    expect(item.radicado).toBe(sent.radicado);
    await expectRefusal(t.call('agreements.sendByMail', { agreementId: agreement.id }, gestor), 'CONFLICT', `El acta del acuerdo ${agreement.number} ya se envió por correo certificado.`);
  });
});

describe('the coupons', () => {
  it.runIf(zbarimg.run)('zbarimg decodes them; scanned at the counter they pay the down payment, then an installment', async () => {
    const { accountId, invoiceIds, agreement } = await signByPhone('600003', [60_000, 40_000]);
    const acta = Buffer.from((await t.ok('agreements.actaPdf', { agreementId: agreement.id }, desk.token)).base64, 'base64');
    // down payment + installments 1 and 2 on the first page of coupons (zbarimg lists them in its own order)
    const decoded = decodePage(acta, 2);
    const byReference = new Map(decoded.map((code) => [parsePaymentBarcode(code).ok ? (parsePaymentBarcode(code) as { value: { reference: string } }).value.reference : code, code]));
    const prefix = `AP${agreement.number.slice(3, 7)}001${agreement.number.slice(8)}`;
    expect([...byReference.keys()].sort()).toEqual([`${prefix}C01`, `${prefix}C02`, `${prefix}I`]);
    const down = await t.ok('cashier.scan', { code: byReference.get(`${prefix}I`)! }, desk.token);
    expect(down.debt).toEqual({ kind: 'charge', id: agreement.downPaymentChargeId });
    expect([down.amount, down.warnings]).toEqual([25_000, []]);
    await pay(t, desk.token, { accountId, picked: [down.debt], tenders: [{ method: 'efectivo', amount: down.amount }] });
    expect((await t.ok('agreements.get', { agreementId: agreement.id }, desk.token)).state).toBe('activo');
    expect((await t.app.db('invoices').whereIn('id', invoiceIds).pluck('balance')).map(Number)).toEqual([0, 0]);

    // the installment coupons printed with the acta scan to the installments once active
    const first = await t.ok('cashier.scan', { code: byReference.get(`${prefix}C01`)! }, desk.token);
    const installment = await t.app.db('account_charges').where({ agreement_id: agreement.id, agreement_part: 'cuota' }).orderBy('id').first('id', 'concept');
    expect(first.debt).toEqual({ kind: 'charge', id: installment.id });
    expect(first.amount).toBe(25_000); // 75.000 in 3
    await pay(t, desk.token, { accountId, picked: [first.debt], tenders: [{ method: 'efectivo', amount: first.amount }] });
    expect(Number((await t.app.db('account_charges').where({ id: installment.id }).first('balance')).balance)).toBe(0);
    expect((await reconcile(t.app.db)).issues).toEqual([]);
  });
  if (!zbarimg.run) it.skip(`zbarimg decodes the coupons (${zbarimg.skipReason})`, () => {});

  it('an installment paid in a bank file by its coupon reference pays that installment', async () => {
    const { accountId, agreement } = await signByPhone('600004', [55_000, 45_000]);
    await pay(t, desk.token, { accountId, picked: [{ kind: 'charge', id: agreement.downPaymentChargeId! }], tenders: [{ method: 'efectivo', amount: 25_000 }] });
    const installments = await t.app.db('account_charges').where({ agreement_id: agreement.id, agreement_part: 'cuota' }).orderBy('id').select('id', 'payment_reference', 'balance');
    const second = installments[1];
    const upload = bankFile(second.payment_reference, Number(second.balance));
    const preview = await t.ok('bankFiles.preview', { uploadId: await upload() }, coordinator);
    expect(preview.ok && preview.summary.matchedCount).toBe(1);
    await t.ok('bankFiles.commit', { uploadId: await upload() }, coordinator);
    const after = await t.app.db('account_charges').whereIn('id', installments.map((i) => i.id)).orderBy('id').pluck('balance');
    // the second installment (named by the reference) is paid, not the first (older)
    expect(after.map(Number)).toEqual([Number(installments[0].balance), 0, Number(installments[2].balance)]);
    expect((await reconcile(t.app.db)).issues).toEqual([]);
  });

  it('a down payment in a bank file that cannot activate its agreement (an invoice paid elsewhere) leaves it waiting; the file goes in', async () => {
    const { accountId, invoiceIds, agreement } = await signByPhone('600005', [50_000, 40_000]);
    await pay(t, desk.token, { accountId, picked: [{ kind: 'invoice', id: invoiceIds[1] }], tenders: [{ method: 'efectivo', amount: 40_000 }] });
    const reference: string = (await t.app.db('account_charges').where({ id: agreement.downPaymentChargeId }).first('payment_reference')).payment_reference;
    await t.ok('bankFiles.commit', { uploadId: await bankFile(reference, 25_000)() }, coordinator);
    const waiting = await t.ok('agreements.get', { agreementId: agreement.id }, coordinator);
    expect([waiting.state, waiting.downPaymentBalance]).toEqual(['pendiente', 0]);
    expect((await t.app.db('invoices').whereIn('id', invoiceIds).orderBy('id').pluck('balance')).map(Number)).toEqual([50_000, 0]);
    expect(Number((await t.app.db('account_charges').where({ agreement_id: agreement.id, agreement_part: 'cuota' }).count({ n: '*' }))[0].n)).toBe(0);
    const audit = await t.app.db('audit_log').where({ action: 'agreement.activationBlocked', entity_id: String(agreement.id) }).first('after_json');
    expect(JSON.parse(audit.after_json).reason).toBe(`La factura 600005-02 del acuerdo ${agreement.number} se pagó o cambió de saldo después de firmarlo: el acuerdo no se puede activar. Anule el acuerdo y simule uno nuevo.`);
    expect((await reconcile(t.app.db)).issues).toEqual([]);
    // only the debt the agreement holds is left (January's 50.000): the till's «Debe» is $ 0, and a payment with no picks
    // (the API, a typed amount at the till) leaves it alone, as the till does: the 20.000 go to the account's credit
    expect((await t.ok('cashier.account', { accountId }, desk.token)).totalDue).toBe(0);
    const onlyHeld = await pay(t, desk.token, { accountId, tenders: [{ method: 'efectivo', amount: 20_000 }] });
    expect([onlyHeld.lines, onlyHeld.creditAdded]).toEqual([[], 20_000]);
    // a card cannot go to the credit: refused, nothing written
    const payments = await t.app.db('payments').count({ n: '*' });
    await expectRefusal(
      t.call('cashier.pay', { accountId, idempotencyKey: paymentKey(), newCharges: [], tenders: [{ method: 'tarjeta_credito', amount: 20_000, reference: 'V-2', bank: '' }] }, desk.token),
      'VALIDATION',
      'La tarjeta crédito ($ 20.000) pasa de lo que se paga ($ 0): con tarjeta, transferencia o cheque no hay cambio ni saldo a favor. Corrija el valor o reciba el resto en efectivo.',
    );
    expect(await t.app.db('payments').count({ n: '*' })).toEqual(payments);
    expect((await t.app.db('invoices').whereIn('id', invoiceIds).orderBy('id').pluck('balance')).map(Number)).toEqual([50_000, 0]);
    // it waits for nobody: at its deadline it expires and the 25.000 the bank paid is the account's credit, never lost
    await runAgreementsMonitor(t.app.db, addDays(agreement.downPaymentDeadline, 1), SYSTEM_ACTOR);
    const expired = await t.ok('agreements.get', { agreementId: agreement.id }, coordinator);
    expect([expired.state, expired.creditReturned]).toEqual(['vencido', 25_000]);
    // 20.000 paid with only held debts + 25.000 returned by the expiry
    expect(Number((await t.app.db('accounts').where({ id: accountId }).first('credit_balance')).credit_balance)).toBe(45_000);
    expect((await t.app.db('invoices').whereIn('id', invoiceIds).orderBy('id').pluck('balance')).map(Number)).toEqual([50_000, 0]);
    expect((await reconcile(t.app.db)).issues).toEqual([]);
  });

  it('a bank payment by the account\'s number takes the till\'s order: the down payment, not the financed invoice; the excess is credit', async () => {
    const { accountId, invoiceIds, agreement } = await signByPhone('600008', [40_000]);
    await t.ok('bankFiles.commit', { uploadId: await bankFile('600008', 30_000)() }, coordinator);
    const payment = await t.app.db('payments').where({ account_id: accountId, source: 'banco' }).first('id', 'credit_added');
    // the 30.000: 25.000 to the down payment (the agreement activates), 5.000 to the credit; the invoice of 40.000 goes to the agreement, not to the bank
    expect((await t.app.db('payment_allocations').where({ payment_id: payment.id }).select('invoice_id', 'charge_id', 'amount')).map((a) => [a.invoice_id, a.charge_id, Number(a.amount)])).toEqual([[null, agreement.downPaymentChargeId, 25_000]]);
    expect(Number(payment.credit_added)).toBe(5_000);
    expect((await t.ok('agreements.get', { agreementId: agreement.id }, coordinator)).state).toBe('activo');
    const page = await t.ok('accounts.get', { accountId }, coordinator);
    expect(page.invoiceHistory.filter((i) => i.id === invoiceIds[0]).map((i) => [i.balance, i.paidByAgreement?.number])).toEqual([[0, agreement.number]]);
    expect((await reconcile(t.app.db)).issues).toEqual([]);
  });
});

describe('a financed invoice paid at the bank while its agreement waits for the down payment', () => {
  /** the bank's collection date, stated in the reason */
  const collected = today;
  const collectedText = collected.split('-').reverse().join('/');

  it('by its own reference in a bank file: the invoice is paid, the agreement ends with the reason in the same transaction, the down payment already paid is credit', async () => {
    const { accountId, invoiceIds, agreement } = await signByPhone('600006', [55_000, 45_000]);
    const approval = { username: 'coordinador1', password: 'clave-de-prueba' };
    // 10.000 of the 25.000 down payment paid at the counter
    const downPaid = await pay(t, desk.token, { accountId, picked: [{ kind: 'charge', id: agreement.downPaymentChargeId! }], tenders: [{ method: 'efectivo', amount: 10_000 }] });
    await t.ok('bankFiles.commit', { uploadId: await bankFile('REF600006-01', 55_000, { collectionDate: collected.replace(/-/g, '') })() }, coordinator);
    const reason = `La factura 600006-01 se pagó en el banco el ${collectedText}; el acuerdo ${agreement.number} queda sin efecto`;
    const ended = await t.ok('agreements.get', { agreementId: agreement.id }, coordinator);
    expect([ended.state, ended.endedOn, ended.endReason, ended.downPaymentBalance, ended.creditReturned]).toEqual(['anulado', collected, reason, 0, 10_000]);
    expect(ended.history.at(-1)?.text).toBe(`Sin efecto: ${reason}; lo abonado a la cuota inicial ($ 10.000) quedó como saldo a favor de la cuenta`);
    // January paid by the bank, February as it was (45.000), the 10.000 of the down payment are the account's credit; no installment exists
    expect((await t.app.db('invoices').whereIn('id', invoiceIds).orderBy('id').pluck('balance')).map(Number)).toEqual([0, 45_000]);
    expect(Number((await t.app.db('accounts').where({ id: accountId }).first('credit_balance')).credit_balance)).toBe(10_000);
    expect(Number((await t.app.db('account_charges').where({ agreement_id: agreement.id, agreement_part: 'cuota' }).count({ n: '*' }))[0].n)).toBe(0);
    expect(await t.app.db('audit_log').where({ action: 'agreement.paidAtBank', entity_id: String(agreement.id) })).toHaveLength(1);
    // the account page's agreements say it too
    const ofAccount = await t.ok('agreements.ofAccount', { accountId }, coordinator);
    expect(ofAccount.map((a) => [a.number, a.state, a.endReason])).toEqual([[agreement.number, 'anulado', reason]]);
    // the till holds nothing back any more: «Debe» is February's 45.000
    const counter = await t.ok('cashier.account', { accountId }, desk.token);
    expect([counter.totalDue, counter.heldByAgreement]).toEqual([45_000, null]);
    expect((await reconcile(t.app.db)).issues).toEqual([]);
    // a void of the counter's 10.000 takes them back from the credit; the down payment stays closed
    await t.ok('cashier.void', { paymentId: downPaid.paymentId, reason: 'Pago registrado por error', approval }, desk.token);
    expect(Number((await t.app.db('accounts').where({ id: accountId }).first('credit_balance')).credit_balance)).toBe(0);
    expect(Number((await t.app.db('account_charges').where({ id: agreement.downPaymentChargeId }).first('balance')).balance)).toBe(0);
    expect((await t.ok('agreements.get', { agreementId: agreement.id }, coordinator)).creditReturned).toBe(0);
    expect((await reconcile(t.app.db)).issues).toEqual([]);
  });

  it('an unidentified bank payment assigned to the account pays the invoice its reference names, with the same end', async () => {
    const { accountId, invoiceIds, agreement } = await signByPhone('600009', [30_000, 20_000]);
    // a file for another NIT: nothing is matched, the payment waits in the por-identificar queue
    await t.ok('bankFiles.commit', { uploadId: await bankFile('REF600009-02', 20_000, { collectionDate: collected.replace(/-/g, ''), nit: '8001234567' })() }, coordinator);
    const queued = (await t.ok('unidentified.list', {}, coordinator)).find((u) => u.reference === 'REF600009-02');
    await t.ok('unidentified.assign', { unidentifiedId: queued!.id, accountId, note: 'El suscriptor trajo el soporte' }, coordinator);
    // its reference names February (20.000), not the older January
    expect((await t.app.db('invoices').whereIn('id', invoiceIds).orderBy('id').pluck('balance')).map(Number)).toEqual([30_000, 0]);
    const ended = await t.ok('agreements.get', { agreementId: agreement.id }, coordinator);
    expect([ended.state, ended.endReason, ended.downPaymentBalance, ended.creditReturned]).toEqual(['anulado', `La factura 600009-02 se pagó en el banco el ${collectedText}; el acuerdo ${agreement.number} queda sin efecto`, 0, 0]);
    expect((await reconcile(t.app.db)).issues).toEqual([]);
  });
});
