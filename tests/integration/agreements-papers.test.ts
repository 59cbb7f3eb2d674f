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

/** an Asobancaria file of one payment by a reference; returns a function that uploads it */
function bankFile(reference: string, amount: number): () => Promise<string> {
  const data = Buffer.from(joinLines(fileLines({ nit: COMPANY.nit.replace(/\D/g, ''), lots: [[{ reference, amount: amount * 100 }]] })), 'latin1');
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
    // it waits for nobody: at its deadline it expires and the 25.000 the bank paid is the account's credit, never lost
    await runAgreementsMonitor(t.app.db, addDays(agreement.downPaymentDeadline, 1), SYSTEM_ACTOR);
    const expired = await t.ok('agreements.get', { agreementId: agreement.id }, coordinator);
    expect([expired.state, expired.creditReturned]).toEqual(['vencido', 25_000]);
    expect(Number((await t.app.db('accounts').where({ id: accountId }).first('credit_balance')).credit_balance)).toBe(25_000);
    expect((await t.app.db('invoices').whereIn('id', invoiceIds).orderBy('id').pluck('balance')).map(Number)).toEqual([50_000, 0]);
    expect((await reconcile(t.app.db)).issues).toEqual([]);
  });
});
