/**
 * Notification of an approved answer (Ley 1437 de 2011, arts. 56, 67–69; Ley 2080 de 2021), each
 * step dated and printed, the business days from the legal rules table (pqr_legal_rules):
 * - citación: the letter inviting the petitioner to be notified in person (pqr_citacion), sent within
 *   citacionBusinessDays after the decision; later only with a coordinator's reason;
 * - personal: the acta signed at the office by the notified person and the clerk; notified that day;
 * - aviso: needs a citación whose avisoAfterCitacionBusinessDays have passed (an aviso on the last of
 *   them or before is refused); notified at the end of the business day after its delivery (art. 69);
 * - electrónica: only when the petitioner accepted it (art. 56) and with an email; this records the
 *   sending: the notification stays pending until
 * - acceso: the certified access to the act (date, time, evidence): notified that day;
 * - publicación: when the address is unknown or the aviso came back (art. 69 inciso 2): posted on
 *   the web page and a visible place for publicationBusinessDays; notified at the end of the business
 *   day after its removal.
 * The step that completes the notification sets the PQR's notified date, its SUI type and the last
 * day to file a recurso: recursoBusinessDays after, on the office's calendar and never earlier than
 * without Saturdays (Ley 142 art. 154; the user's benefit). A second complete step is refused.
 */
import type { Knex } from 'knex';
import { addBusinessDays } from '../../../../shared/business-days';
import {
  type DocumentFile,
  type NotificationStep,
  type NotificationType,
  type PqrDetail,
  type PqrNotification,
  type PublicationReason,
} from '../../../../shared/contract';
import { formatDate, todayIn, zonedDateTime } from '../../../../shared/dates';
import type { LetterKind } from '../../../../shared/letterTemplates';
import type { BackOffice } from '../../context';
import { nowTimestamp } from '../../db/connection';
import { pdfFile } from '../../documents/file';
import { longDate } from '../../documents/labels';
import { letterPdf, type LetterData } from '../../documents/letter';
import { AppError, conflict, invalid, notFound, rule } from '../../errors';
import { fillLetter, loadTemplate } from '../letters/templates';
import { getCompany } from '../setup/service';
import { notApproved } from './answers';
import { legalRules, ruleValue } from './catalog';
import { avisoWindowOf, citacionDueOf, publicationDatesOf, recursoDeadlineOf } from './deadlines';
import { identificationOf, letterBase, petitionerRecipient, pqrReference, pqrValues } from './letters';
import { getPqrDetail, visiblePqr, withOfficeCalendar, type Reader } from './queries';
import { act, type PqrDbRow, type Worker } from './service';
import { businessToday } from '../accounts/service';
import { officeAddBusinessDays } from '../calendar/service';

export const STEP_NAMES: Record<NotificationStep, string> = {
  citacion: 'citación para notificación personal',
  personal: 'notificación personal',
  aviso: 'notificación por aviso',
  electronica: 'notificación electrónica',
  acceso: 'acceso certificado a la notificación electrónica',
  publicacion: 'publicación del aviso',
};

export const NOTIFICATION_TYPE_NAMES: Record<NotificationType, string> = {
  personal: 'notificación personal',
  aviso: 'notificación por aviso',
  electronica: 'notificación electrónica',
  publicacion: 'aviso publicado',
};

export const PUBLICATION_REASON_NAMES: Record<PublicationReason, string> = {
  direccion_desconocida: 'desconocerse la dirección del destinatario',
  aviso_devuelto: 'haberse devuelto el aviso enviado a la dirección del destinatario',
};

export interface NotifyInput {
  pqrId: number;
  step: NotificationStep;
  date: string;
  personName: string;
  personIdNumber: string;
  email: string;
  guide: string;
  time?: string;
  evidence?: string;
  place?: string;
  publicationReason?: PublicationReason;
  lateReason?: string;
}

interface NotifyRow extends PqrDbRow {
  notified_date: string | null;
  notification_type: string | null;
  accepts_electronic: number | boolean;
  petitioner_email: string;
  petitioner_address: string;
  citacion_due_date: string | null;
}

/** Records one notification step; returns the PQR and the new step's id (for its paper). */
export async function notify(app: BackOffice, worker: Worker, input: NotifyInput): Promise<{ pqr: PqrDetail; notificationId: number }> {
  let notificationId = 0;
  const { timeZone } = await getCompany(app.db);
  const evidence = input.evidence?.trim() ?? '';
  const lateReason = input.lateReason?.trim() ?? '';
  const pqr = await act(app, worker, input.pqrId, 'anyone', async (trx, dbRow, today) => {
    const row = dbRow as NotifyRow;
    if (row.state === 'anulada') throw rule('La PQR está anulada: no se notifica.');
    const answer: { state: string; answer_date: string | null } | undefined = await trx('pqr_answers').where({ pqr_id: row.id }).first('state', 'answer_date');
    if (!answer || answer.state !== 'aprobada' || !answer.answer_date) throw notApproved('notificar');
    if (row.notified_date) {
      const kind = NOTIFICATION_TYPE_NAMES[row.notification_type as NotificationType] ?? row.notification_type;
      throw conflict(`La decisión ya fue notificada el ${formatDate(row.notified_date)} (${kind}).`);
    }
    if (input.date > today) throw invalid('La fecha de la notificación no puede ser futura.', { date: 'Fecha futura' });
    if (input.date < answer.answer_date) throw invalid(`La fecha no puede ser anterior a la respuesta (${formatDate(answer.answer_date)}).`, { date: 'Antes de la respuesta' });

    const rules = await legalRules(trx);
    const officeId = Number(row.office_id);
    const answerDate = answer.answer_date;
    const lastStep = async (step: NotificationStep) =>
      (await trx('pqr_notifications').where({ pqr_id: row.id, step }).orderBy('step_date', 'desc').orderBy('id', 'desc').first('step_date', 'email')) as
        | { step_date: string; email: string }
        | undefined;
    let notified: string | null = null;
    let type: NotificationType | null = null;
    let email = '';
    let changes: Record<string, unknown> = {};
    let note = '';
    if (input.step === 'citacion') {
      const days = ruleValue(rules, 'citacionBusinessDays');
      const due = row.citacion_due_date ?? (await withOfficeCalendar(trx, officeId, answerDate, answerDate, (c) => citacionDueOf(c, answerDate, days)));
      if (input.date > due) {
        if (lateReason === '') {
          throw rule(
            `La citación se envía dentro de los ${days} días hábiles siguientes a la decisión (${rules.citacionBusinessDays.basis}): vencía el ${formatDate(due)}. Fuera de ese plazo solo con el motivo del coordinador.`,
          );
        }
        if (worker.role !== 'coordinador' && worker.role !== 'administrador') {
          throw new AppError('FORBIDDEN', `La citación vencía el ${formatDate(due)}: solo el coordinador la registra fuera de término, con el motivo.`);
        }
        note = ` Fuera de término (vencía el ${formatDate(due)}). Motivo del coordinador: ${lateReason}.`;
      }
      const wait = ruleValue(rules, 'avisoAfterCitacionBusinessDays');
      const window = await withOfficeCalendar(trx, officeId, input.date, input.date, (c) => avisoWindowOf(c, input.date, wait));
      changes = { citacion_due_date: null, aviso_from_date: window.from };
    } else if (input.step === 'personal') {
      const fields: Record<string, string> = {};
      if (!input.personName) fields.personName = 'Obligatorio';
      if (!input.personIdNumber) fields.personIdNumber = 'Obligatorio';
      if (Object.keys(fields).length > 0) throw invalid('El acta de notificación personal necesita el nombre y la identificación de quien se notifica.', fields);
      notified = input.date;
      type = 'personal';
    } else if (input.step === 'aviso') {
      const citacion = await lastStep('citacion');
      if (!citacion) throw rule(`La notificación por aviso requiere una citación previa: registre primero la citación (${rules.avisoAfterCitacionBusinessDays.basis}).`);
      const wait = ruleValue(rules, 'avisoAfterCitacionBusinessDays');
      const counted = await withOfficeCalendar(trx, officeId, citacion.step_date, input.date, (c) => ({
        window: avisoWindowOf(c, citacion.step_date, wait),
        next: addBusinessDays(c, input.date, 1),
      }));
      if (input.date <= counted.window.lastWaitDay) {
        throw rule(
          `El aviso solo procede pasados los ${wait} días hábiles siguientes al envío de la citación (${rules.avisoAfterCitacionBusinessDays.basis}): ` +
            `la citación se envió el ${formatDate(citacion.step_date)}, el plazo para comparecer vence el ${formatDate(counted.window.lastWaitDay)} y el aviso puede entregarse desde el ${formatDate(counted.window.from)}.`,
        );
      }
      notified = counted.next;
      type = 'aviso';
    } else if (input.step === 'electronica') {
      if (!row.accepts_electronic) throw rule('El peticionario no aceptó la notificación electrónica (Ley 1437, art. 56): notifique en forma personal o por aviso.');
      email = input.email || row.petitioner_email;
      if (!email) throw invalid('Falta el correo electrónico al que se notifica.', { email: 'Obligatorio' });
      changes = { citacion_due_date: null };
    } else if (input.step === 'acceso') {
      const sent = await lastStep('electronica');
      if (!sent) throw rule('Primero registre el envío de la notificación electrónica: el acceso certifica que el peticionario abrió ese mensaje (Ley 1437, art. 56).');
      if (input.date < sent.step_date) throw invalid(`El acceso no puede ser anterior al envío (${formatDate(sent.step_date)}).`, { date: 'Antes del envío' });
      if (!input.time) throw invalid('Indique la hora del acceso certificado.', { time: 'Obligatoria' });
      const now = zonedDateTime(new Date(), timeZone);
      if (input.date === todayIn(timeZone) && input.time > now.time) throw invalid('La hora del acceso no puede ser futura.', { time: 'Hora futura' });
      if (evidence === '') throw invalid('Indique la evidencia del acceso (el acuse de lectura certificado, su número o enlace).', { evidence: 'Obligatoria' });
      email = sent.email;
      notified = input.date;
      type = 'electronica';
    } else if (input.step === 'publicacion') {
      const reason = input.publicationReason;
      const fields: Record<string, string> = {};
      if (!reason) fields.publicationReason = 'Obligatorio';
      if (!input.place) fields.place = 'Obligatorio';
      if (Object.keys(fields).length > 0) throw invalid('La publicación necesita el motivo y el lugar (la página web y un lugar visible de la oficina).', fields);
      if (reason === 'direccion_desconocida' && row.petitioner_address.trim() !== '' && evidence === '') {
        throw invalid(`La PQR tiene la dirección «${row.petitioner_address}»: explique en la evidencia por qué se desconoce, o envíe la citación y el aviso.`, { evidence: 'Obligatoria' });
      }
      if (reason === 'aviso_devuelto') {
        if (!(await lastStep('citacion'))) throw rule('Un aviso devuelto supone una citación y un aviso enviados: registre primero la citación.');
        if (evidence === '') throw invalid('Indique la guía o la constancia de devolución del aviso.', { evidence: 'Obligatoria' });
      }
      const days = ruleValue(rules, 'publicationBusinessDays');
      const dates = await withOfficeCalendar(trx, officeId, input.date, input.date, (c) => publicationDatesOf(c, input.date, days));
      notified = dates.notifiedOn;
      type = 'publicacion';
      note = ` Publicado en ${input.place} del ${formatDate(input.date)} al ${formatDate(dates.removedOn)} (${days} días hábiles, ${rules.publicationBusinessDays.basis}).`;
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
        step_time: input.step === 'acceso' ? (input.time ?? null) : null,
        evidence,
        place: input.step === 'publicacion' ? (input.place ?? '') : '',
        publication_reason: input.step === 'publicacion' ? (input.publicationReason ?? null) : null,
        late_reason: note && input.step === 'citacion' ? lateReason : '',
        recorded_by: worker.userId,
        recorded_at: nowTimestamp(),
      })
      .returning('id');
    notificationId = Number(typeof inserted === 'object' ? inserted.id : inserted);

    const guide = input.guide ? `, guía ${input.guide}` : '';
    if (notified === null || type === null) {
      const sentText =
        input.step === 'electronica'
          ? `Notificación electrónica enviada a ${email} el ${formatDate(input.date)}; queda pendiente hasta que se certifique el acceso del peticionario al acto (Ley 1437, art. 56).`
          : `Citación para notificación personal enviada el ${formatDate(input.date)}${guide}.${note}`;
      return {
        changes,
        action: input.step === 'electronica' ? 'notificacion_enviada' : 'citada',
        text: sentText,
        auditAction: 'pqr.notify',
        extra: { notification: { id: notificationId, step: input.step, date: input.date } },
      };
    }
    const notifiedOn = notified;
    const recursoDays = ruleValue(rules, 'recursoBusinessDays');
    const deadline = await withOfficeCalendar(trx, officeId, notifiedOn, notifiedOn, (c) => recursoDeadlineOf(c, notifiedOn, recursoDays));
    const how =
      input.step === 'personal'
        ? `Notificada personalmente a ${input.personName} (${input.personIdNumber}) el ${formatDate(notifiedOn)}`
        : input.step === 'aviso'
          ? `Aviso entregado el ${formatDate(input.date)}${guide}; notificada por aviso el ${formatDate(notifiedOn)}`
          : input.step === 'acceso'
            ? `Acceso certificado del peticionario a la notificación electrónica enviada a ${email}: ${formatDate(notifiedOn)} ${input.time} (${evidence}); notificada electrónicamente el ${formatDate(notifiedOn)}`
            : `Aviso publicado por ${PUBLICATION_REASON_NAMES[input.publicationReason as PublicationReason]};${note} Notificada al finalizar el ${formatDate(notifiedOn)}`;
    return {
      changes: { ...changes, notified_date: notifiedOn, notification_type: type, recurso_deadline: deadline, citacion_due_date: null, aviso_from_date: null },
      action: input.step === 'publicacion' ? 'publicada' : 'notificada',
      text: `${how}. Plazo para recurrir hasta el ${formatDate(deadline)}.`,
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
  publicacion: 'pqr_publicacion',
};

/** the acta de notificación personal: written here, signed by the notified person and the clerk */
function actaBody(pqr: PqrDetail, n: PqrNotification, officeName: string, companyName: string, recursoDays: number): string {
  const answer = pqr.answer;
  return [
    `En ${/^oficina\b/i.test(officeName) ? `la ${officeName}` : `la oficina ${officeName}`} de ${companyName}, el ${longDate(n.stepDate)}, se presentó ${n.personName}, identificado(a) con el documento ${n.personIdNumber}, con el fin de notificarse personalmente de la decisión contenida en la comunicación No. ${answer?.outgoingRadicado ?? ''} del ${longDate(answer?.answerDate ?? n.stepDate)}, que responde la ${pqr.typeName.toLowerCase()} radicada con el número ${pqr.radicado} el ${longDate(pqr.filedDate)} por ${pqr.petitioner.name}${identificationOf(pqr) ? ` (${identificationOf(pqr)})` : ''}.`,
    `Se le entregó copia íntegra, auténtica y gratuita de la decisión (Ley 1437 de 2011, art. 67) y se le informó que contra ella procede el recurso de reposición ante esta empresa y, en subsidio, el de apelación ante la Superintendencia de Servicios Públicos Domiciliarios, dentro de los ${recursoDays} días hábiles siguientes a esta notificación (Ley 142 de 1994, art. 154).`,
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
      body: actaBody(pqr, n, base.officeName, base.companyName, base.recursoDays),
      extraSignatures: [
        { name: n.personName, caption: `El notificado · ${n.personIdNumber}` },
        { name: n.recordedBy, caption: 'Quien notifica' },
      ],
    };
  }
  if (n.step === 'acceso') {
    const sent = [...pqr.notifications].reverse().find((x) => x.step === 'electronica' && x.id < n.id);
    return {
      ...common,
      recipient: { name: pqr.petitioner.name, lines: [n.email] },
      subject: `Constancia de notificación electrónica — radicado No. ${pqr.radicado}`,
      body: [
        `El ${longDate(n.stepDate)} a las ${n.time ?? ''}, ${pqr.petitioner.name} accedió al mensaje de datos enviado${sent ? ` el ${longDate(sent.stepDate)}` : ''} a ${n.email}, que contiene la decisión No. ${pqr.answer?.outgoingRadicado ?? ''} del ${longDate(pqr.answer?.answerDate ?? n.stepDate)} sobre la ${pqr.typeName.toLowerCase()} radicada con el número ${pqr.radicado}.`,
        `Evidencia del acceso: ${n.evidence}.`,
        `De conformidad con el artículo 56 de la Ley 1437 de 2011 (modificado por el artículo 10 de la Ley 2080 de 2021), la notificación electrónica quedó surtida en la fecha y hora en que el peticionario accedió al acto. Contra la decisión procede el recurso de reposición y, en subsidio, el de apelación ante la Superintendencia de Servicios Públicos Domiciliarios, dentro de los ${base.recursoDays} días hábiles siguientes${pqr.recursoDeadline ? `, es decir, hasta el ${longDate(pqr.recursoDeadline)}` : ''} (Ley 142 de 1994, art. 154).`,
        'Para constancia se firma.',
      ].join('\n\n'),
    };
  }
  const template = await loadTemplate(db, STEP_TEMPLATES[n.step] as LetterKind);
  let more: Record<string, string> = {};
  if (n.step === 'publicacion') {
    const days = (await legalRules(db)).publicationBusinessDays.value ?? 5;
    const removedOn = await officeAddBusinessDays(db, pqr.officeId, n.stepDate, days);
    more = {
      motivo_publicacion: n.publicationReason ? PUBLICATION_REASON_NAMES[n.publicationReason] : '',
      lugar_publicacion: n.place,
      fecha_fijacion: longDate(n.stepDate),
      fecha_desfijacion: longDate(removedOn),
      fecha_notificacion: n.notifiedDate ? longDate(n.notifiedDate) : '',
    };
  }
  const filled = fillLetter(template, pqrValues(pqr, base, n.stepDate, more));
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
  const names: Record<NotificationStep, string> = {
    citacion: 'citacion',
    personal: 'acta-notificacion',
    aviso: 'aviso',
    electronica: 'notificacion-electronica',
    acceso: 'constancia-acceso',
    publicacion: 'constancia-publicacion',
  };
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
