/**
 * Two acts the law asks of the office, each a letter from the templates with its own radicado de
 * salida (outgoing correspondence of the PQR, filed in the act's transaction):
 * - desistimiento tácito (Ley 1755 de 2015, art. 17): the petitioner was asked to complete the
 *   petition and the month passed without it; the PQR closes as desistida (template pqr_desistimiento);
 * - recognition of silencio administrativo positivo (Ley 142 de 1994, art. 158; Ley 1755 art. 14
 *   num. 1 for documents): the due date passed without an answer, or the answer was approved after
 *   it; the office recognises the effects within the rule's hours (template pqr_silencio_positivo).
 */
import type { Knex } from 'knex';
import type { PqrDetail, TermKey } from '../../../../shared/contract';
import { addDays, formatDate, type IsoDate } from '../../../../shared/dates';
import type { BackOffice } from '../../context';
import { nowTimestamp } from '../../db/connection';
import { longDate } from '../../documents/labels';
import { conflict, rule } from '../../errors';
import { fillLetter, loadTemplate } from '../letters/templates';
import { legalRules, ruleValue, termOf, type Rules } from './catalog';
import { insertCorrespondence } from './correspondence';
import { letterBase, pqrValues } from './letters';
import { getPqrDetail } from './queries';
import { act, addEvent, type PqrDbRow, type Worker } from './service';

/** the last day to recognise silencio positivo: the rule's hours counted from the end of the due date, as whole days */
export function silencioRecognizeBy(due: IsoDate, hours: number): IsoDate {
  return addDays(due, Math.max(1, Math.ceil(hours / 24)));
}

/** the day silencio positivo occurred: the day after the due date */
export const silencioOccurredOn = (due: IsoDate): IsoDate => addDays(due, 1);

/** Records silencio positivo (at a late approval), in the act's transaction: the day, the deadline and a history line. */
export async function recordSilencio(trx: Knex.Transaction, worker: Worker, row: PqrDbRow, due: IsoDate, today: IsoDate, rules: Rules, how: string): Promise<Record<string, unknown>> {
  const hours = ruleValue(rules, 'silencioRecognitionHours');
  const by = silencioRecognizeBy(due, hours);
  await addEvent(
    trx,
    row.id,
    worker,
    'silencio_positivo',
    `Silencio administrativo positivo: ${how} el ${formatDate(today)}, después del vencimiento del ${formatDate(due)} (${rules.silencioRecognitionHours.basis}). La solicitud se entiende resuelta a favor del peticionario; la empresa debe reconocerlo con un acto propio dentro de las ${hours} horas siguientes al vencimiento (a más tardar el ${formatDate(by)}).`,
    { silencioOn: silencioOccurredOn(due), recognizeBy: by },
  );
  return { silencio_on: silencioOccurredOn(due), silencio_recognize_by: by };
}

/** The act's letter from its template, to the petitioner, with its own radicado de salida, in the act's transaction. */
async function fileActLetter(
  trx: Knex.Transaction,
  worker: Worker,
  row: PqrDbRow,
  today: IsoDate,
  kind: 'pqr_desistimiento' | 'pqr_silencio_positivo',
  values: Record<string, string>,
): Promise<{ id: number; radicado: string }> {
  const detail = await getPqrDetail(trx, row.id, today);
  const template = await loadTemplate(trx, kind);
  const base = await letterBase(trx, Number(row.office_id));
  return insertCorrespondence(trx, worker, {
    officeId: Number(row.office_id),
    kind: 'salida',
    pqrId: row.id,
    templateId: template.id,
    recipientName: detail.petitioner.name,
    recipientAddress: detail.petitioner.address,
    businessDate: today,
    signer: base.signer,
    letter: () => fillLetter(template, pqrValues(detail, base, today, values)),
  });
}

interface LegalRow extends PqrDbRow {
  desisted_on: string | null;
  silencio_on: string | null;
  silencio_recognize_by: string | null;
  silencio_recognized_on: string | null;
}

/** Decrees the desistimiento tácito; returns the PQR and the letter's correspondence id. */
export async function desist(app: BackOffice, worker: Worker, input: { pqrId: number; note: string }): Promise<{ pqr: PqrDetail; letterId: number }> {
  let letterId = 0;
  const pqr = await act(app, worker, input.pqrId, 'coordinator', async (trx, dbRow, today) => {
    const row = dbRow as LegalRow;
    const rules = await legalRules(trx);
    const basis = rules.completionUserMonths.basis;
    if (row.desisted_on) throw conflict(`El desistimiento tácito ya se decretó el ${formatDate(row.desisted_on)}.`);
    if (row.state !== 'suspendida' || row.pause_reason !== 'completar_peticion' || !row.completion_deadline || !row.completion_requested_on) {
      throw rule(`El desistimiento tácito solo procede cuando se pidió completar la petición y el peticionario no lo hizo en el plazo (${basis}).`);
    }
    if (today <= row.completion_deadline) {
      throw rule(`El peticionario tiene hasta el ${formatDate(row.completion_deadline)} para completar la petición (${basis}): el desistimiento tácito se decreta vencido ese plazo.`);
    }
    const requestedOn = row.completion_requested_on;
    const deadline = row.completion_deadline;
    const letter = await fileActLetter(trx, worker, row, today, 'pqr_desistimiento', {
      fecha_requerimiento: longDate(requestedOn),
      fecha_limite: longDate(deadline),
      texto_decision: input.note || ' ',
    });
    letterId = letter.id;
    const result = `Desistimiento tácito (${basis}): acto ${letter.radicado}`;
    return {
      changes: { state: 'cerrada', closed_at: nowTimestamp(), closed_result: result, desisted_on: today, desistimiento_letter_id: letter.id },
      action: 'desistida',
      text: `Desistimiento tácito decretado con el radicado de salida ${letter.radicado}: se pidió completar la petición el ${formatDate(requestedOn)} y el plazo venció el ${formatDate(deadline)} sin respuesta. El expediente se archiva.${input.note ? ` ${input.note}` : ''}`,
      auditAction: 'pqr.desist',
      extra: { desistimiento: { on: today, letter: letter.radicado } },
    };
  });
  return { pqr, letterId };
}

/** Recognises silencio positivo; returns the PQR and the letter's correspondence id. */
export async function recognizeSilencio(app: BackOffice, worker: Worker, input: { pqrId: number; effects: string }): Promise<{ pqr: PqrDetail; letterId: number }> {
  let letterId = 0;
  const pqr = await act(app, worker, input.pqrId, 'coordinator', async (trx, dbRow, today) => {
    const row = dbRow as LegalRow;
    const rules = await legalRules(trx);
    if (row.state === 'anulada') throw rule('La PQR está anulada: no hay silencio que reconocer.');
    if (!row.silencio_applies) {
      const term = await termOf(trx, (row.term_key ?? row.type) as TermKey);
      throw rule(`${term.name}: no aplica el silencio administrativo positivo (${term.basis}).`);
    }
    if (row.silencio_recognized_on) throw conflict(`El silencio administrativo positivo ya se reconoció el ${formatDate(row.silencio_recognized_on)}.`);
    // the due date that passed: recorded at a late approval, or the current one of a running PQR past it
    let due: IsoDate | null = row.silencio_on ? addDays(row.silencio_on, -1) : null;
    if (due === null && clockRunning(row) && row.due_date !== null && today > row.due_date) due = row.due_date;
    if (due === null) {
      throw rule(
        row.due_date
          ? `El término vence el ${formatDate(row.due_date)}: el silencio administrativo positivo solo opera si vence sin respuesta (${rules.silencioRecognitionHours.basis}).`
          : 'No operó el silencio administrativo positivo: la PQR se respondió a tiempo o su término está suspendido.',
      );
    }
    const hours = ruleValue(rules, 'silencioRecognitionHours');
    const by = row.silencio_recognize_by ?? silencioRecognizeBy(due, hours);
    const term = await termOf(trx, (row.term_key ?? row.type) as TermKey);
    const letter = await fileActLetter(trx, worker, row, today, 'pqr_silencio_positivo', { fecha_vencimiento: longDate(due), fundamento: term.basis, texto_decision: input.effects });
    letterId = letter.id;
    const late = today > by ? ` Reconocido fuera de las ${hours} horas (vencían el ${formatDate(by)}).` : '';
    // an unanswered PQR: the recognition is its decision, and its term stops
    const stops = clockRunning(row) ? { state: 'respondida', answered_at: nowTimestamp(), due_date: row.due_date } : {};
    return {
      changes: { silencio_on: silencioOccurredOn(due), silencio_recognize_by: by, silencio_recognized_on: today, silencio_letter_id: letter.id, ...stops },
      action: 'silencio_reconocido',
      text: `Silencio administrativo positivo reconocido con el radicado de salida ${letter.radicado}: el término venció el ${formatDate(due)}. Efectos: ${input.effects}${late}`,
      auditAction: 'pqr.recognizeSilencio',
      extra: { silencio: { due, recognizedOn: today, letter: letter.radicado } },
    };
  });
  return { pqr, letterId };
}

const clockRunning = (row: PqrDbRow) => row.state === 'radicada' || row.state === 'asignada';
