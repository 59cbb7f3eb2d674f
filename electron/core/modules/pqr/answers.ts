/**
 * The answer to a PQR: drafted from a template (pqr_respuesta, or pqr_traslado) by the assignee or a
 * coordinator, returned with a reason or approved by a coordinator. Approval gives the radicado de
 * salida, the answer date (SUI "fecha de respuesta"), stops the term (state respondida) and prints
 * the final letter; a traslado por competencia also files the forwarding letter to the entity as
 * outgoing correspondence with its own radicado. Then the date the answer left the office.
 *
 * An answer that is not approved has no letter but the preview (BORRADOR across it), cannot be
 * recorded as sent and cannot be notified.
 */
import type { Knex } from 'knex';
import type { AnswerDecision, AnswerTemplateOption, DocumentFile, PqrDetail, SentMeans } from '../../../../shared/contract';
import { DECISION_WORDS, takesGrantedAmount } from '../../../../shared/contract';
import { formatDate, type IsoDate } from '../../../../shared/dates';
import { LETTER_PLACEHOLDERS } from '../../../../shared/letterTemplates';
import type { BackOffice } from '../../context';
import { nowTimestamp } from '../../db/connection';
import { pdfFile } from '../../documents/file';
import { longDate } from '../../documents/labels';
import { letterPdf, type LetterData } from '../../documents/letter';
import { conflict, invalid, rule } from '../../errors';
import { businessToday } from '../accounts/service';
import { fillLetter, loadTemplate, templatesOfKind, type LetterTemplate } from '../letters/templates';
import { correspondenceLetterFile, insertCorrespondence } from './correspondence';
import { DECISION_NAMES, fillLateMarkers, letterBase, petitionerRecipient, pqrReference, pqrValues } from './letters';
import { getPqrDetail, visiblePqr, withOfficeCalendar } from './queries';
import { issueRadicado } from './radicados';
import { act, refuseIfFinished, type PqrDbRow, type Worker } from './service';
import { legalRules, ruleValue } from './catalog';
import { citacionDueOf } from './deadlines';
import { recordSilencio, silencioRecognizeBy } from './legalActs';
import { addBusinessDays } from '../../../../shared/business-days';
import { formatMoney } from '../../../../shared/money';
import { getCompany } from '../setup/service';

/** the answer templates: those of pqr_respuesta, then those of pqr_traslado */
async function answerTemplateList(db: Knex): Promise<LetterTemplate[]> {
  return [...(await templatesOfKind(db, 'pqr_respuesta')), ...(await templatesOfKind(db, 'pqr_traslado'))];
}

/** the values the drafting screen sees: the PQR's, with the decision and the answer's radicado still open */
const OPEN_AT_DRAFT = { decision: undefined, texto_decision: undefined, radicado_respuesta: undefined, fecha_respuesta: undefined, entidad: undefined };

export async function answerTemplates(db: Knex, worker: Worker, pqrId: number): Promise<AnswerTemplateOption[]> {
  await visiblePqr(db, worker, pqrId);
  const today = await businessToday(db);
  const pqr = await getPqrDetail(db, pqrId, today);
  const base = await letterBase(db, pqr.officeId);
  const values = pqrValues(pqr, base, today, OPEN_AT_DRAFT);
  return (await answerTemplateList(db)).map((t) => {
    const filled = fillLetter(t, values);
    return { templateId: t.id, name: t.name, subject: filled.subject, body: filled.body };
  });
}

async function answerTemplate(db: Knex, templateId: number | undefined): Promise<LetterTemplate> {
  if (templateId === undefined) return loadTemplate(db, 'pqr_respuesta');
  const row: { kind: string } | undefined = await db('letter_templates').where({ id: templateId }).first('kind');
  if (!row || (row.kind !== 'pqr_respuesta' && row.kind !== 'pqr_traslado')) throw invalid('La plantilla elegida no es de respuesta ni de traslado.', { templateId: 'No válida' });
  return loadTemplate(db, row.kind, templateId);
}

/** the placeholders of a PQR letter still shown as [nombre] (the answer's radicado and date are filled at approval) */
export function unfilledMarkers(text: string): string[] {
  const known = LETTER_PLACEHOLDERS.pqr_respuesta;
  const found = [...text.matchAll(/\[([a-z_]+)\]/g)].map((m) => m[1]).filter((name) => name in known && name !== 'radicado_respuesta' && name !== 'fecha_respuesta');
  return [...new Set(found)].map((name) => `[${name}]`);
}

/** a text the clerk edited on screen: the markers of the decision still open are filled in */
function fillDecisionMarkers(text: string, decision: AnswerDecision, decisionText: string): string {
  return text.split('[decision]').join(DECISION_WORDS[decision]).split('[texto_decision]').join(decisionText);
}

export interface DraftInput {
  pqrId: number;
  decision: AnswerDecision;
  templateId?: number;
  decisionText: string;
  subject?: string;
  body?: string;
  transferEntity?: string;
  transferAddress?: string;
  grantedAmount?: number;
}

/**
 * The amount a granting answer recognised: required for a reclamo about an invoice answered accede or
 * accede parcialmente, at most the invoice's value; refused on any other answer. Null when none.
 */
async function grantedAmountOf(trx: Knex, pqr: PqrDetail, input: DraftInput): Promise<number | null> {
  if (!takesGrantedAmount(pqr, input.decision)) {
    if (input.grantedAmount !== undefined) {
      throw invalid('Solo la respuesta que accede (total o parcialmente) a un reclamo sobre una factura registra un valor reconocido.', { grantedAmount: 'No aplica' });
    }
    return null;
  }
  if (input.grantedAmount === undefined) {
    throw invalid(`Indique el valor reconocido al usuario sobre la factura ${pqr.invoiceNumber ?? ''}: la respuesta ${DECISION_WORDS[input.decision]} al reclamo.`, { grantedAmount: 'Obligatorio' });
  }
  const invoice: { total: number | string } = await trx('invoices').where({ id: pqr.invoiceId }).first('total');
  const total = Number(invoice.total);
  if (input.grantedAmount > total) {
    const { currency } = await getCompany(trx);
    throw invalid(`El valor reconocido (${formatMoney(input.grantedAmount, currency)}) supera el valor de la factura ${pqr.invoiceNumber ?? ''} (${formatMoney(total, currency)}).`, {
      grantedAmount: `Máximo ${formatMoney(total, currency)}`,
    });
  }
  return input.grantedAmount;
}

interface AnswerDbRow {
  id: number;
  state: 'borrador' | 'devuelta' | 'aprobada';
  decision: AnswerDecision;
  approved_at: string | null;
  answer_date: string | null;
  subject: string;
  body: string;
  transfer_entity: string | null;
  transfer_address: string | null;
  decision_text: string;
  signer_name: string;
}

async function answerRow(trx: Knex, pqrId: number): Promise<AnswerDbRow | undefined> {
  return trx('pqr_answers').where({ pqr_id: pqrId }).first('id', 'state', 'decision', 'approved_at', 'answer_date', 'subject', 'body', 'transfer_entity', 'transfer_address', 'decision_text', 'signer_name');
}

/** the refusal for acts that need an approved answer (send, notify) */
export function notApproved(what: string): Error {
  return rule(`La respuesta no está aprobada: no se puede ${what}. Primero debe aprobarla el coordinador.`);
}

/** Drafts (or redrafts after a return) the answer of a PQR. */
export async function draftAnswer(app: BackOffice, worker: Worker, input: DraftInput): Promise<PqrDetail> {
  const transferEntity = input.transferEntity?.trim() ?? '';
  if (input.decision === 'traslada' && transferEntity === '') {
    throw invalid('Para trasladar por competencia indique la entidad a la que se remite.', { transferEntity: 'Obligatorio' });
  }
  const template = await answerTemplate(app.db, input.templateId);
  return act(app, worker, input.pqrId, 'assignee', async (trx, row, today) => {
    refuseIfFinished(row, 'responder');
    const existing = await answerRow(trx, row.id);
    if (existing?.state === 'aprobada') throw conflict(`La respuesta ya fue aprobada: no se puede modificar.`);
    const pqr = await getPqrDetail(trx, row.id, today);
    const grantedAmount = await grantedAmountOf(trx, pqr, input);
    const base = await letterBase(trx, Number(row.office_id));
    const isTransfer = input.decision === 'traslada';
    const values = pqrValues(pqr, base, today, {
      ...OPEN_AT_DRAFT,
      decision: DECISION_WORDS[input.decision],
      texto_decision: input.decisionText,
      entidad: isTransfer ? transferEntity : undefined,
    });
    const filled = fillLetter(template, values);
    const subject = input.subject ? fillDecisionMarkers(input.subject, input.decision, input.decisionText) : filled.subject;
    const body = input.body ? fillDecisionMarkers(input.body, input.decision, input.decisionText) : filled.body;
    const fields = {
      decision: input.decision,
      template_id: template.id,
      decision_text: input.decisionText,
      subject: subject.slice(0, 300),
      body,
      signer_name: base.signer.name,
      signer_title: base.signer.title,
      transfer_entity: isTransfer ? transferEntity : null,
      transfer_address: isTransfer ? (input.transferAddress ?? '') : null,
      state: 'borrador',
      drafted_by: worker.userId,
      drafted_at: nowTimestamp(),
      returned_reason: null,
      granted_amount: grantedAmount,
    };
    if (existing) await trx('pqr_answers').where({ id: existing.id }).update(fields);
    else await trx('pqr_answers').insert({ pqr_id: row.id, ...fields });
    const transfer = isTransfer ? ` a ${transferEntity}` : '';
    const holes = unfilledMarkers(`${subject}\n${body}`);
    const warning = holes.length > 0 ? ` Atención: la carta tiene datos sin llenar: ${holes.join(', ')}.` : '';
    // a traslado por competencia has its own term (Ley 1755 art. 21), counted from the receipt
    let transferDue: string | null = null;
    let transferNote = '';
    if (isTransfer) {
      const rules = await legalRules(trx);
      const days = ruleValue(rules, 'transferBusinessDays');
      const start = row.term_start_date;
      transferDue = await withOfficeCalendar(trx, Number(row.office_id), start, today, (c) => addBusinessDays(c, start, days));
      transferNote =
        today > transferDue
          ? ` Traslado fuera de término: debía hacerse a más tardar el ${formatDate(transferDue)} (${days} días hábiles, ${rules.transferBusinessDays.basis}).`
          : ` El traslado debe aprobarse y enviarse a más tardar el ${formatDate(transferDue)} (${days} días hábiles, ${rules.transferBusinessDays.basis}).`;
    }
    return {
      changes: { transfer_due_date: transferDue },
      action: 'respondida',
      text: `${existing ? 'Respuesta corregida' : 'Respuesta proyectada'}: ${DECISION_NAMES[input.decision]}${transfer}. Pendiente de aprobación.${warning}${transferNote}`,
      auditAction: existing ? 'pqr.redraftAnswer' : 'pqr.draftAnswer',
      extra: { answer: { decision: input.decision, templateId: template.id, subject, transferEntity: fields.transfer_entity, grantedAmount, before: existing?.state ?? null } },
    };
  });
}

export async function returnAnswer(app: BackOffice, worker: Worker, input: { pqrId: number; reason: string }): Promise<PqrDetail> {
  return act(app, worker, input.pqrId, 'coordinator', async (trx, row) => {
    refuseIfFinished(row, 'devolver la respuesta');
    const answer = await answerRow(trx, row.id);
    if (!answer) throw rule('La PQR no tiene respuesta proyectada.');
    if (answer.state === 'aprobada') throw conflict('La respuesta ya fue aprobada: no se puede devolver.');
    if (answer.state === 'devuelta') throw conflict('La respuesta ya fue devuelta: espera la corrección.');
    await trx('pqr_answers').where({ id: answer.id }).update({ state: 'devuelta', returned_reason: input.reason });
    return {
      changes: {},
      action: 'devuelta',
      text: `Respuesta devuelta para corrección: ${input.reason}`,
      auditAction: 'pqr.returnAnswer',
      extra: { answer: { before: 'borrador', after: 'devuelta', reason: input.reason } },
    };
  });
}

/**
 * Approves the draft: radicado de salida, answer date = business today, state respondida. A
 * traslado files the forwarding letter (pqr_traslado) to the entity as outgoing correspondence.
 * Returns the PQR and the id of the forwarding letter, if any.
 */
export async function approveAnswer(app: BackOffice, worker: Worker, pqrId: number, options: { silencioAcknowledged?: boolean } = {}): Promise<{ pqr: PqrDetail; transferId: number | null }> {
  const today = await businessToday(app.db);
  let transferId: number | null = null;
  const pqr = await act(app, worker, pqrId, 'coordinator', async (trx, dbRow) => {
    const row = dbRow as PqrDbRow & { transfer_due_date: string | null; silencio_on: string | null };
    refuseIfFinished(row, 'aprobar la respuesta');
    const answer = await answerRow(trx, row.id);
    if (!answer) throw rule('La PQR no tiene respuesta proyectada: no hay nada que aprobar.');
    if (answer.state === 'aprobada') throw conflict(`La respuesta ya fue aprobada el ${formatDate(answer.answer_date)}.`);
    if (answer.state === 'devuelta') throw rule('La respuesta fue devuelta: quien la proyectó debe corregirla antes de aprobarla.');
    const rules = await legalRules(trx);
    // an answer after the due date of a type with silencio positivo is never approved silently
    const lateForSilencio = Boolean(row.silencio_applies) && row.due_date !== null && today > row.due_date && !row.silencio_on;
    if (lateForSilencio && !options.silencioAcknowledged) {
      const due = row.due_date as string;
      throw rule(
        `La respuesta llega después del vencimiento del ${formatDate(due)}: operó el silencio administrativo positivo (${rules.silencioRecognitionHours.basis}). ` +
          `Apruébela diciendo que lo sabe: quedará registrado y la empresa debe reconocerlo con un acto propio a más tardar el ${formatDate(silencioRecognizeBy(due, ruleValue(rules, 'silencioRecognitionHours')))}.`,
      );
    }
    const office: { code: string } = await trx('offices').where({ id: row.office_id }).first('code');
    const salida = await issueRadicado(trx, { officeId: Number(row.office_id), officeCode: office.code, kind: 'salida', businessDate: today, userId: worker.userId });
    const late = { radicado_respuesta: salida.number, fecha_respuesta: longDate(today) };
    const now = nowTimestamp();
    await trx('pqr_answers')
      .where({ id: answer.id })
      .update({
        state: 'aprobada',
        approved_by: worker.userId,
        approved_at: now,
        answer_date: today,
        outgoing_radicado_id: salida.id,
        // without a signer in the letter settings, the coordinator who approves signs
        signer_name: answer.signer_name || worker.fullName,
        subject: fillLateMarkers(answer.subject, late).slice(0, 300),
        body: fillLateMarkers(answer.body, late),
      });
    if (answer.decision === 'traslada') transferId = await fileTransferLetter(trx, worker, row.id, today);
    const silencio = lateForSilencio ? await recordSilencio(trx, worker, row, row.due_date as string, today, rules, 'la respuesta se aprobó') : {};
    const citacionDays = ruleValue(rules, 'citacionBusinessDays');
    const citacionDue = await withOfficeCalendar(trx, Number(row.office_id), today, today, (c) => citacionDueOf(c, today, citacionDays));
    const transferLate =
      answer.decision === 'traslada' && row.transfer_due_date && today > row.transfer_due_date
        ? ` Traslado fuera del término de ${ruleValue(rules, 'transferBusinessDays')} días hábiles: vencía el ${formatDate(row.transfer_due_date)} (${rules.transferBusinessDays.basis}).`
        : '';
    return {
      changes: { state: 'respondida', answered_at: now, transfer_due_date: null, citacion_due_date: citacionDue, ...silencio },
      action: 'aprobada',
      text: `Respuesta aprobada (${DECISION_NAMES[answer.decision]}) con el radicado de salida ${salida.number}${answer.transfer_entity ? `; traslado a ${answer.transfer_entity}` : ''}. Citación hasta el ${formatDate(citacionDue)} (${rules.citacionBusinessDays.basis}).${transferLate}`,
      auditAction: 'pqr.approveAnswer',
      extra: { answer: { before: 'borrador', after: 'aprobada', outgoingRadicado: salida.number, answerDate: today } },
    };
  });
  return { pqr, transferId };
}

/** the forwarding letter of a traslado, filled from pqr_traslado, as outgoing correspondence of the PQR */
async function fileTransferLetter(trx: Knex.Transaction, worker: Worker, pqrId: number, today: IsoDate): Promise<number> {
  const pqr = await getPqrDetail(trx, pqrId, today);
  const answer = pqr.answer;
  if (!answer?.transfer) throw rule('Falta la entidad del traslado.');
  const transfer = answer.transfer;
  const template = await loadTemplate(trx, 'pqr_traslado');
  const base = await letterBase(trx, pqr.officeId);
  const { id } = await insertCorrespondence(trx, worker, {
    officeId: pqr.officeId,
    kind: 'salida',
    pqrId,
    templateId: template.id,
    recipientName: transfer.entity,
    recipientAddress: transfer.address,
    businessDate: today,
    signer: base.signer,
    letter: () => fillLetter(template, pqrValues(pqr, base, today, { destinatario: transfer.entity, direccion: transfer.address, entidad: transfer.entity })),
  });
  return id;
}

export async function recordAnswerSent(app: BackOffice, worker: Worker, input: { pqrId: number; sentOn: string; means: SentMeans; guide: string }): Promise<PqrDetail> {
  return act(app, worker, input.pqrId, 'anyone', async (trx, row, today) => {
    if (row.state === 'anulada') throw rule('La PQR está anulada: no se registra el envío.');
    const answer = await answerRow(trx, row.id);
    if (!answer || answer.state !== 'aprobada' || !answer.answer_date) throw notApproved('registrar su envío');
    if (input.sentOn < answer.answer_date) throw invalid(`La fecha de envío no puede ser anterior a la aprobación de la respuesta (${formatDate(answer.answer_date)}).`, { sentOn: 'Antes de la respuesta' });
    if (input.sentOn > today) throw invalid('La fecha de envío no puede ser futura.', { sentOn: 'Fecha futura' });
    await trx('pqr_answers').where({ id: answer.id }).update({ sent_on: input.sentOn, sent_means: input.means, sent_guide: input.guide });
    const guide = input.guide ? `, guía ${input.guide}` : '';
    return {
      changes: {},
      action: 'enviada',
      text: `Respuesta enviada el ${formatDate(input.sentOn)} (${SENT_MEANS_NAMES[input.means]}${guide}).`,
      auditAction: 'pqr.recordAnswerSent',
      extra: { answer: { sentOn: input.sentOn, means: input.means, guide: input.guide } },
    };
  });
}

export const SENT_MEANS_NAMES: Record<SentMeans, string> = {
  personal: 'entrega personal',
  correo_certificado: 'correo certificado',
  correo_electronico: 'correo electrónico',
  mensajeria: 'mensajería',
};

/** the answer letter as it stands; BORRADOR across it until approved */
export async function answerLetterData(db: Knex, pqr: PqrDetail): Promise<LetterData> {
  const answer = pqr.answer;
  if (!answer) throw rule('La PQR no tiene respuesta proyectada.');
  const base = await letterBase(db, pqr.officeId);
  const approved = answer.state === 'aprobada';
  return {
    head: base.head,
    city: base.city,
    date: answer.answerDate ?? (await businessToday(db)),
    number: answer.outgoingRadicado ?? undefined,
    recipient: petitionerRecipient(pqr),
    reference: pqrReference(pqr),
    subject: answer.subject,
    body: answer.body,
    signer: answer.signer.name || answer.signer.title ? answer.signer : base.signer,
    footer: base.footer,
    closingLines: answer.transfer ? [`Copia: ${answer.transfer.entity}${answer.transfer.address ? `, ${answer.transfer.address}` : ''}`] : undefined,
    watermark: approved ? undefined : 'BORRADOR',
  };
}

export async function answerPreviewFile(db: Knex, pqr: PqrDetail): Promise<DocumentFile> {
  return pdfFile(`respuesta-borrador-${pqr.radicado}.pdf`, await letterPdf(await answerLetterData(db, pqr)));
}

export async function answerLetterFile(db: Knex, pqr: PqrDetail): Promise<DocumentFile> {
  if (pqr.answer?.state !== 'aprobada' || !pqr.answer.outgoingRadicado) throw rule('La respuesta no está aprobada: aún no hay carta que imprimir (use la vista previa).');
  return pdfFile(`respuesta-${pqr.answer.outgoingRadicado}.pdf`, await letterPdf(await answerLetterData(db, pqr)));
}

export async function transferLetterFile(db: Knex, worker: Worker, transferId: number | null): Promise<DocumentFile | null> {
  return transferId === null ? null : correspondenceLetterFile(db, worker, transferId);
}
