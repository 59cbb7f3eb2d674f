/**
 * The agreement's papers: the acta with its coupons (printed at the counter, or sent by certified
 * mail as outgoing correspondence with its radicado de salida and delivery tracking, the
 * correspondence module's own), filled from the clauses template the administrator edits.
 */
import type { Knex } from 'knex';
import type { AgreementDetail, DocumentFile } from '../../../../shared/contract';
import { formatMoney } from '../../../../shared/money';
import { paymentBarcodeText } from '../../../../shared/gs1';
import { writeAudit, type Actor } from '../../db/audit';
import { retryingTransaction } from '../../db/dialect';
import { agreementActaPdf, type AgreementPaper } from '../../documents/agreement';
import { pdfFile } from '../../documents/file';
import { longDate } from '../../documents/labels';
import { conflict, rule } from '../../errors';
import type { OfficeScope } from '../../officeScope';
import { businessToday } from '../accounts/service';
import { fillLetter, getLetterSettings, loadTemplate, officeLetterhead } from '../letters/templates';
import { insertCorrespondence } from '../pqr/correspondence';
import { getCompany } from '../setup/service';
import { agreementReference } from './lifecycle';
import { getAgreementPolicy } from './policy';
import { agreementDetail, agreementRow, type AgreementDbRow } from './queries';

const percent = (bp: number) => `${(bp / 100).toLocaleString('es-CO', { maximumFractionDigits: 2 })} %`;

async function clauses(db: Knex, a: AgreementDetail, city: string): Promise<{ subject: string; body: string; templateId: number }> {
  const company = await getCompany(db);
  const policy = await getAgreementPolicy(db);
  const template = await loadTemplate(db, 'acuerdo_pago');
  const money = (n: number) => formatMoney(n, company.currency);
  const filled = fillLetter(template, {
    fecha: longDate(a.businessDate),
    ciudad: city,
    empresa: company.name,
    numero_acuerdo: a.number,
    cuenta: a.accountNumber,
    titular: a.holderName,
    firmante: a.signerName,
    deuda: money(a.debtTotal),
    cuota_inicial: money(a.downPayment),
    fecha_limite_inicial: longDate(a.downPaymentDeadline),
    financiado: money(a.financed),
    numero_cuotas: a.installments,
    tasa: percent(a.annualRateBp),
    cuotas_incumplimiento: policy.missedToBreak,
  });
  return { subject: filled.subject, body: filled.body, templateId: template.id };
}

/** the acta's data, as the paper draws it */
export async function agreementPaper(db: Knex, agreementId: number, scope: OfficeScope): Promise<AgreementPaper> {
  const a = await agreementDetail(db, agreementId, scope);
  const row = await agreementRow(db, agreementId, scope);
  const company = await getCompany(db);
  const { head, office } = await officeLetterhead(db, a.officeId);
  const settings = await getLetterSettings(db);
  const account: { address: string } = await db('accounts').where({ id: a.accountId }).first('address');
  const creator: { full_name: string } | undefined = await db('payment_agreements as g').join('users as u', 'u.id', 'g.created_by').where('g.id', a.id).first('u.full_name');
  const { body } = await clauses(db, a, office.city);
  const coupons: AgreementPaper['coupons'] = [];
  if (a.downPaymentBalance > 0) coupons.push({ title: `Cuota inicial acuerdo ${a.number}`, reference: agreementReference(row, 'I'), amount: a.downPaymentBalance, dueDate: a.downPaymentDeadline });
  for (const l of a.lines) {
    if (l.balance === 0) continue;
    coupons.push({ title: `Cuota ${l.number} de ${a.lines.length} acuerdo ${a.number}`, reference: agreementReference(row, `C${String(l.number).padStart(2, '0')}`), amount: l.balance ?? l.total, dueDate: l.dueDate });
  }
  return {
    head,
    city: office.city,
    currency: company.currency,
    gln: company.gln,
    number: a.number,
    date: a.businessDate,
    account: { number: a.accountNumber, holderName: a.holderName, address: account.address },
    signer: { name: a.signerName, idNumber: a.signerIdNumber, relation: a.signerRelation, authorisation: a.authorisation },
    debts: a.debts.map((d) => ({ label: d.label, dueDate: d.dueDate, amount: d.balance })),
    debtTotal: a.debtTotal,
    downPayment: a.downPayment,
    downPaymentDeadline: a.downPaymentDeadline,
    financed: a.financed,
    rateText: percent(a.annualRateBp),
    lines: a.lines,
    totalInterest: a.totalInterest,
    clauses: body,
    reclamoConsent: a.reclamoConsent,
    companySigner: { name: creator?.full_name ?? settings.signerName, title: 'Por la empresa' },
    coupons,
  };
}

export async function agreementActaFile(db: Knex, agreementId: number, scope: OfficeScope): Promise<DocumentFile> {
  const paper = await agreementPaper(db, agreementId, scope);
  return pdfFile(`acta-${paper.number}.pdf`, await agreementActaPdf(paper));
}

/** the text of each coupon's barcode (GS1-128 human-readable), for the screens and the tests */
export function couponCodes(paper: AgreementPaper): string[] {
  return paper.coupons.map((c) => paymentBarcodeText({ gln: paper.gln, reference: c.reference, amount: c.amount, dueDate: c.dueDate }));
}

/**
 * An agreement made by phone: the acta goes by certified mail as outgoing correspondence (a radicado
 * de salida of the office; its delivery is recorded in the correspondence module). Once per agreement.
 */
export async function sendActaByMail(db: Knex, worker: { actor: Actor; userId: number; officeId: number; fullName: string; role: 'auxiliar' | 'cajero' | 'gestor' | 'coordinador' | 'administrador' }, agreementId: number, scope: OfficeScope): Promise<{ correspondenceId: number; radicado: string }> {
  const a = await agreementDetail(db, agreementId, scope);
  if (a.state === 'anulado' || a.state === 'vencido') throw rule(`El acuerdo ${a.number} está ${a.state}: no se envía su acta.`);
  const { office } = await officeLetterhead(db, a.officeId);
  const letter = await clauses(db, a, office.city);
  const settings = await getLetterSettings(db);
  const account: { address: string; notice_address: string } = await db('accounts').where({ id: a.accountId }).first('address', 'notice_address');
  const today = await businessToday(db);
  return retryingTransaction(db, async (trx) => {
    const row: AgreementDbRow & { correspondence_id: number | null } = await trx('payment_agreements').where({ id: a.id }).first();
    if (row.correspondence_id !== null) throw conflict(`El acta del acuerdo ${a.number} ya se envió por correo certificado.`);
    const sent = await insertCorrespondence(trx, { ...worker, actor: worker.actor }, {
      officeId: a.officeId,
      kind: 'salida',
      pqrId: null,
      templateId: letter.templateId,
      recipientName: a.signerName,
      recipientAddress: account.notice_address || account.address,
      businessDate: today,
      signer: { name: settings.signerName || worker.fullName, title: settings.signerTitle },
      letter: () => ({ subject: letter.subject, body: letter.body }),
    });
    await trx('payment_agreements').where({ id: a.id }).update({ correspondence_id: sent.id });
    await writeAudit(trx, worker.actor, { action: 'agreement.mail', entity: 'payment_agreement', entityId: a.id, after: { number: a.number, correspondenceId: sent.id, radicado: sent.radicado } });
    return { correspondenceId: sent.id, radicado: sent.radicado };
  });
}
