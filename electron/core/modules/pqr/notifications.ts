/**
 * Notification of an approved answer (Ley 1437 de 2011, arts. 56, 67–69), each step dated and
 * printed:
 * - citación: the letter inviting the petitioner to be notified in person (pqr_citacion);
 * - personal: the acta signed at the office by the notified person and the clerk; notified that day;
 * - aviso: when the petitioner does not come; needs a prior citación; the notification is done at
 *   the end of the business day after the aviso's delivery (art. 69). The law waits 5 business days
 *   after the citación: fewer is not refused, the history says so;
 * - electrónica: only when the petitioner accepted it (art. 56) and with an email; notified that day.
 * The first complete step sets the PQR's notified date, its SUI type and the last day to file a
 * recurso (5 business days after, Ley 142 art. 154, on the office's calendar). A second complete
 * step is refused.
 */
import type { Knex } from 'knex';
import { addBusinessDays, businessDaysBetween } from '../../../../shared/business-days';
import { RECURSO_WINDOW_BUSINESS_DAYS, type DocumentFile, type NotificationStep, type PqrDetail, type PqrNotification } from '../../../../shared/contract';
import { formatDate } from '../../../../shared/dates';
import type { LetterKind } from '../../../../shared/letterTemplates';
import type { BackOffice } from '../../context';
import { nowTimestamp } from '../../db/connection';
import { pdfFile } from '../../documents/file';
import { longDate } from '../../documents/labels';
import { letterPdf, type LetterData } from '../../documents/letter';
import { conflict, invalid, notFound, rule } from '../../errors';
import { fillLetter, loadTemplate } from '../letters/templates';
import { notApproved } from './answers';
import { identificationOf, letterBase, petitionerRecipient, pqrReference, pqrValues } from './letters';
import { getPqrDetail, visiblePqr, withOfficeCalendar, type Reader } from './queries';
import { act, type PqrDbRow, type Worker } from './service';
import { businessToday } from '../accounts/service';

export const STEP_NAMES: Record<NotificationStep, string> = {
  citacion: 'citación para notificación personal',
  personal: 'notificación personal',
  aviso: 'notificación por aviso',
  electronica: 'notificación electrónica',
};

/** business days the law waits after the citación before the aviso (Ley 1437, art. 69) */
export const CITACION_WAIT_BUSINESS_DAYS = 5;

export interface NotifyInput {
  pqrId: number;
  step: NotificationStep;
  date: string;
  personName: string;
  personIdNumber: string;
  email: string;
  guide: string;
}

interface NotifyRow extends PqrDbRow {
  notified_date: string | null;
  notification_type: string | null;
  accepts_electronic: number | boolean;
  petitioner_email: string;
}

/** Records one notification step; returns the PQR and the new step's id (for its paper). */
export async function notify(app: BackOffice, worker: Worker, input: NotifyInput): Promise<{ pqr: PqrDetail; notificationId: number }> {
  let notificationId = 0;
  const pqr = await act(app, worker, input.pqrId, 'anyone', async (trx, dbRow, today) => {
    const row = dbRow as NotifyRow;
    if (row.state === 'anulada') throw rule('La PQR está anulada: no se notifica.');
    const answer: { state: string; answer_date: string | null } | undefined = await trx('pqr_answers').where({ pqr_id: row.id }).first('state', 'answer_date');
    if (!answer || answer.state !== 'aprobada' || !answer.answer_date) throw notApproved('notificar');
    if (row.notified_date) {
      throw conflict(`La decisión ya fue notificada el ${formatDate(row.notified_date)} (${STEP_NAMES[row.notification_type as NotificationStep] ?? row.notification_type}).`);
    }
    if (input.date > today) throw invalid('La fecha de la notificación no puede ser futura.', { date: 'Fecha futura' });
    if (input.date < answer.answer_date) throw invalid(`La fecha no puede ser anterior a la respuesta (${formatDate(answer.answer_date)}).`, { date: 'Antes de la respuesta' });

    const officeId = Number(row.office_id);
    let notified: string | null = null;
    let email = '';
    let warning = '';
    if (input.step === 'personal') {
      const fields: Record<string, string> = {};
      if (!input.personName) fields.personName = 'Obligatorio';
      if (!input.personIdNumber) fields.personIdNumber = 'Obligatorio';
      if (Object.keys(fields).length > 0) throw invalid('El acta de notificación personal necesita el nombre y la identificación de quien se notifica.', fields);
      notified = input.date;
    } else if (input.step === 'aviso') {
      const citacion: { step_date: string } | undefined = await trx('pqr_notifications').where({ pqr_id: row.id, step: 'citacion' }).orderBy('step_date', 'desc').first('step_date');
      if (!citacion) throw rule('La notificación por aviso requiere una citación previa: registre primero la citación (Ley 1437, art. 69).');
      if (input.date < citacion.step_date) throw invalid(`El aviso no puede ser anterior a la citación (${formatDate(citacion.step_date)}).`, { date: 'Antes de la citación' });
      const counted = await withOfficeCalendar(trx, officeId, citacion.step_date, input.date, (c) => ({
        waited: businessDaysBetween(c, citacion.step_date, input.date),
        next: addBusinessDays(c, input.date, 1),
      }));
      notified = counted.next;
      if (counted.waited < CITACION_WAIT_BUSINESS_DAYS) {
        warning = ` Advertencia: entre la citación (${formatDate(citacion.step_date)}) y el aviso pasaron ${counted.waited} días hábiles; la ley espera ${CITACION_WAIT_BUSINESS_DAYS} (Ley 1437, art. 69).`;
      }
    } else if (input.step === 'electronica') {
      if (!row.accepts_electronic) throw rule('El peticionario no aceptó la notificación electrónica (Ley 1437, art. 56): notifique en forma personal o por aviso.');
      email = input.email || row.petitioner_email;
      if (!email) throw invalid('Falta el correo electrónico al que se notifica.', { email: 'Obligatorio' });
      notified = input.date;
    }

    const [inserted] = await trx('pqr_notifications')
      .insert({
        pqr_id: row.id,
        step: input.step,
        step_date: input.date,
        notified_date: notified,
        person_name: input.personName,
        person_id_number: input.personIdNumber,
        email,
        guide: input.guide,
        recorded_by: worker.userId,
        recorded_at: nowTimestamp(),
      })
      .returning('id');
    notificationId = Number(typeof inserted === 'object' ? inserted.id : inserted);

    const guide = input.guide ? `, guía ${input.guide}` : '';
    if (notified === null) {
      return {
        changes: {},
        action: 'citada',
        text: `Citación para notificación personal enviada el ${formatDate(input.date)}${guide}.`,
        auditAction: 'pqr.notify',
        extra: { notification: { id: notificationId, step: input.step, date: input.date } },
      };
    }
    const notifiedOn = notified;
    const deadline = await withOfficeCalendar(trx, officeId, notifiedOn, notifiedOn, (c) => addBusinessDays(c, notifiedOn, RECURSO_WINDOW_BUSINESS_DAYS));
    const how =
      input.step === 'personal'
        ? `Notificada personalmente a ${input.personName} (${input.personIdNumber}) el ${formatDate(notifiedOn)}`
        : input.step === 'aviso'
          ? `Aviso entregado el ${formatDate(input.date)}${guide}; notificada por aviso el ${formatDate(notifiedOn)}`
          : `Notificada electrónicamente a ${email} el ${formatDate(notifiedOn)}`;
    return {
      changes: { notified_date: notifiedOn, notification_type: input.step, recurso_deadline: deadline },
      action: 'notificada',
      text: `${how}. Plazo para recurrir hasta el ${formatDate(deadline)}.${warning}`,
      auditAction: 'pqr.notify',
      extra: { notification: { id: notificationId, step: input.step, date: input.date, notifiedDate: notifiedOn, recursoDeadline: deadline } },
    };
  });
  return { pqr, notificationId };
}

const STEP_TEMPLATES: Partial<Record<NotificationStep, LetterKind>> = {
  citacion: 'pqr_citacion',
  aviso: 'pqr_aviso',
  electronica: 'pqr_notificacion_electronica',
};

/** the acta de notificación personal: written here, signed by the notified person and the clerk */
function actaBody(pqr: PqrDetail, n: PqrNotification, officeName: string, companyName: string): string {
  const answer = pqr.answer;
  return [
    `En ${/^oficina\b/i.test(officeName) ? `la ${officeName}` : `la oficina ${officeName}`} de ${companyName}, el ${longDate(n.stepDate)}, se presentó ${n.personName}, identificado(a) con el documento ${n.personIdNumber}, con el fin de notificarse personalmente de la decisión contenida en la comunicación No. ${answer?.outgoingRadicado ?? ''} del ${longDate(answer?.answerDate ?? n.stepDate)}, que responde la ${pqr.typeName.toLowerCase()} radicada con el número ${pqr.radicado} el ${longDate(pqr.filedDate)} por ${pqr.petitioner.name}${identificationOf(pqr) ? ` (${identificationOf(pqr)})` : ''}.`,
    `Se le entregó copia íntegra, auténtica y gratuita de la decisión (Ley 1437 de 2011, art. 67) y se le informó que contra ella procede el recurso de reposición ante esta empresa y, en subsidio, el de apelación ante la Superintendencia de Servicios Públicos Domiciliarios, dentro de los ${RECURSO_WINDOW_BUSINESS_DAYS} días hábiles siguientes a esta notificación (Ley 142 de 1994, art. 154).`,
    'Para constancia se firma por quienes intervinieron.',
  ].join('\n\n');
}

export async function notificationLetterData(db: Knex, pqr: PqrDetail, n: PqrNotification): Promise<LetterData> {
  const base = await letterBase(db, pqr.officeId);
  const common = { head: base.head, city: base.city, date: n.stepDate, signer: base.signer, footer: base.footer, reference: pqrReference(pqr) };
  if (n.step === 'personal') {
    return {
      ...common,
      recipient: petitionerRecipient(pqr),
      subject: `Acta de notificación personal — radicado No. ${pqr.radicado}`,
      body: actaBody(pqr, n, base.officeName, base.companyName),
      extraSignatures: [
        { name: n.personName, caption: `El notificado · ${n.personIdNumber}` },
        { name: n.recordedBy, caption: 'Quien notifica' },
      ],
    };
  }
  const template = await loadTemplate(db, STEP_TEMPLATES[n.step] as LetterKind);
  const filled = fillLetter(template, pqrValues(pqr, base, n.stepDate));
  const recipient = petitionerRecipient(pqr);
  return {
    ...common,
    recipient: n.step === 'electronica' ? { name: recipient.name, lines: [n.email] } : recipient,
    subject: filled.subject,
    body: filled.body,
    closingLines: [
      n.step === 'aviso' ? `Anexo: copia íntegra de la decisión No. ${pqr.answer?.outgoingRadicado ?? ''}` : '',
      n.step === 'electronica' ? `Enviado a ${n.email} el ${longDate(n.stepDate)}` : '',
      n.guide ? `Guía de envío: ${n.guide}` : '',
    ].filter(Boolean),
  };
}

export async function notificationFile(db: Knex, pqr: PqrDetail, notificationId: number): Promise<DocumentFile> {
  const n = pqr.notifications.find((x) => x.id === notificationId);
  if (!n) throw notFound('La notificación');
  const names: Record<NotificationStep, string> = { citacion: 'citacion', personal: 'acta-notificacion', aviso: 'aviso', electronica: 'notificacion-electronica' };
  return pdfFile(`${names[n.step]}-${pqr.radicado}.pdf`, await letterPdf(await notificationLetterData(db, pqr, n)));
}

/** reprint of a step's paper, for a reader who may see its PQR */
export async function notificationFileById(db: Knex, reader: Reader, notificationId: number): Promise<DocumentFile> {
  const row: { pqr_id: number } | undefined = await db('pqr_notifications').where({ id: notificationId }).first('pqr_id');
  if (!row) throw notFound('La notificación');
  await visiblePqr(db, reader, Number(row.pqr_id)).catch(() => {
    throw notFound('La notificación');
  });
  return notificationFile(db, await getPqrDetail(db, Number(row.pqr_id), await businessToday(db)), notificationId);
}
