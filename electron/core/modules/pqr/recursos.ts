/**
 * Recursos (Ley 142 de 1994, arts. 154 and 159): a recurso de reposición (and en subsidio de
 * apelación) is filed against an approved answer, named by the incoming radicado of the answered PQR
 * or by the answer's radicado de salida. Filed after the recurso window (5 business days after
 * notification) it is still filed, marked extemporáneo. A reposición y en subsidio apelación whose
 * own answer does not grant it goes to the SSPD: the date and note are recorded and the cover letter
 * (pqr_remision_sspd) is filed as outgoing correspondence with its own radicado. When the SSPD answers,
 * its decision (confirma, revoca or modifica the company's decision, Ley 142 art. 159) is recorded with
 * the resolution's number and date.
 */
import type { Knex } from 'knex';
import { NOT_GRANTED_DECISIONS, SSPD_OUTCOME_NAMES, type AnswerDecision, type PqrDetail, type PqrType, type SspdOutcome } from '../../../../shared/contract';
import { formatDate, type IsoDate } from '../../../../shared/dates';
import type { BackOffice } from '../../context';
import { AppError, invalid, conflict, rule } from '../../errors';
import { inScope } from '../../officeScope';
import { fillLetter, loadTemplate } from '../letters/templates';
import { PQR_TYPE_NAMES } from './catalog';
import { insertCorrespondence } from './correspondence';
import { DECISION_NAMES, letterBase, pqrValues } from './letters';
import { getPqrDetail, officeScope, type Reader } from './queries';
import { normalizeRadicado } from './radicados';
import { act, addEvent, type Worker } from './service';

export const RECURSO_TYPES: readonly PqrType[] = ['recurso_reposicion', 'reposicion_apelacion'];

export const SSPD = { name: 'Superintendencia de Servicios Públicos Domiciliarios', address: 'Carrera 18 # 84-35, Bogotá D.C.' };

/** the PQR a recurso attacks, as checked before filing */
export interface Appeal {
  pqrId: number;
  /** the incoming radicado of the attacked PQR */
  radicado: string;
  extemporaneous: boolean;
  /** the last day of the window, when the decision was notified */
  deadline: string | null;
}

/** Checks a filing's appealsRadicado (nothing is written); null for a filing that is not a recurso. */
export async function checkAppeal(db: Knex, reader: Reader, input: { type: PqrType; appealsRadicado?: string }, today: IsoDate): Promise<Appeal | null> {
  const typed = input.appealsRadicado?.trim() ?? '';
  if (!RECURSO_TYPES.includes(input.type)) {
    if (typed !== '') throw invalid('Solo los recursos se vinculan a la respuesta que atacan.', { appealsRadicado: 'Solo para recursos' });
    return null;
  }
  if (typed === '') {
    throw invalid('Indique el radicado de la PQR (o de su respuesta) contra cuya decisión se interpone el recurso.', { appealsRadicado: 'Obligatorio' });
  }
  const number = normalizeRadicado(typed);
  const radicado: { id: number } | undefined = number ? await db('radicados').where({ number }).first('id') : undefined;
  let target: { id: number; office_id: number; state: string; radicado: string; recurso_deadline: string | null } | undefined;
  if (radicado) {
    target = await db('pqrs as p')
      .join('radicados as r', 'r.id', 'p.radicado_id')
      .leftJoin('pqr_answers as a', 'a.pqr_id', 'p.id')
      .where((w) => w.where('p.radicado_id', radicado.id).orWhere('a.outgoing_radicado_id', radicado.id))
      .first('p.id', 'p.office_id', 'p.state', 'r.number as radicado', 'p.recurso_deadline');
  }
  if (!target || !inScope(officeScope(reader), target.office_id)) {
    throw new AppError('NOT_FOUND', `No existe una PQR con el radicado «${typed}». Revise el número (ejemplo: 2026-GAR-P-000123).`, { appealsRadicado: 'No existe' });
  }
  if (target.state === 'anulada') throw invalid(`La PQR ${target.radicado} está anulada: no hay decisión que recurrir.`, { appealsRadicado: 'Anulada' });
  const answer: { state: string } | undefined = await db('pqr_answers').where({ pqr_id: target.id }).first('state');
  if (answer?.state !== 'aprobada') {
    throw invalid(`La PQR ${target.radicado} no tiene una respuesta aprobada: todavía no hay decisión que recurrir.`, { appealsRadicado: 'Sin respuesta' });
  }
  const deadline = target.recurso_deadline ?? null;
  return { pqrId: Number(target.id), radicado: target.radicado, extemporaneous: deadline !== null && today > deadline, deadline };
}

/** the history line of the attacked PQR, in the filing's transaction */
export async function recordAppeal(trx: Knex.Transaction, worker: Worker, appeal: Appeal, recurso: { pqrId: number; radicado: string; type: PqrType }): Promise<void> {
  const late = appeal.extemporaneous ? ` Extemporáneo: el plazo venció el ${formatDate(appeal.deadline)}.` : '';
  await addEvent(trx, appeal.pqrId, worker, 'recurrida', `${PQR_TYPE_NAMES[recurso.type]} radicado con el número ${recurso.radicado} contra la respuesta.${late}`, {
    recursoPqrId: recurso.pqrId,
    recursoRadicado: recurso.radicado,
    extemporaneous: appeal.extemporaneous,
  });
}

/** Sends a reposición y en subsidio apelación not granted to the SSPD; returns the PQR and the cover letter's correspondence id. */
export async function sendToSspd(app: BackOffice, worker: Worker, input: { pqrId: number; sentOn: string; note: string }): Promise<{ pqr: PqrDetail; letterId: number }> {
  let letterId = 0;
  const pqr = await act(app, worker, input.pqrId, 'coordinator', async (trx, dbRow, today) => {
    const row = dbRow as typeof dbRow & { sspd_sent_on: string | null };
    if (row.state === 'anulada') throw rule('La PQR está anulada: no se remite a la SSPD.');
    if (row.type !== 'reposicion_apelacion') throw rule('Solo un recurso de reposición y en subsidio de apelación se remite a la SSPD.');
    if (row.sspd_sent_on) throw conflict(`El expediente ya fue remitido a la SSPD el ${formatDate(row.sspd_sent_on)}.`);
    const answer: { state: string; decision: AnswerDecision; answer_date: string | null } | undefined = await trx('pqr_answers').where({ pqr_id: row.id }).first('state', 'decision', 'answer_date');
    if (!answer || answer.state !== 'aprobada' || !answer.answer_date) throw rule('La reposición no tiene una respuesta aprobada: primero se resuelve la reposición y luego se remite la apelación.');
    if (!NOT_GRANTED_DECISIONS.includes(answer.decision)) {
      throw rule(`La reposición se resolvió «${DECISION_NAMES[answer.decision]}»: al concederse no hay apelación que remitir a la SSPD.`);
    }
    if (input.sentOn > today) throw invalid('La fecha de remisión no puede ser futura.', { sentOn: 'Fecha futura' });
    if (input.sentOn < answer.answer_date) throw invalid(`La fecha de remisión no puede ser anterior a la respuesta (${formatDate(answer.answer_date)}).`, { sentOn: 'Antes de la respuesta' });

    const detail = await getPqrDetail(trx, row.id, today);
    const template = await loadTemplate(trx, 'pqr_remision_sspd');
    const base = await letterBase(trx, Number(row.office_id));
    const letter = await insertCorrespondence(trx, worker, {
      officeId: Number(row.office_id),
      kind: 'salida',
      pqrId: row.id,
      templateId: template.id,
      recipientName: SSPD.name,
      recipientAddress: SSPD.address,
      businessDate: today,
      signer: base.signer,
      letter: () => fillLetter(template, pqrValues(detail, base, today, { destinatario: SSPD.name, direccion: SSPD.address })),
    });
    letterId = letter.id;
    const note = input.note ? ` ${input.note}` : '';
    return {
      changes: { sspd_sent_on: input.sentOn, sspd_note: input.note },
      action: 'remitida_sspd',
      text: `Expediente remitido a la SSPD el ${formatDate(input.sentOn)} para resolver la apelación; oficio ${letter.radicado}.${note}`,
      auditAction: 'pqr.sendToSspd',
      extra: { sspd: { sentOn: input.sentOn, note: input.note, letter: letter.radicado } },
    };
  });
  return { pqr, letterId };
}

/** Records the SSPD's decision on an apelación that was sent to it: once, dated on or after the sending and not in the future, with the resolution's number. */
export function recordSspdDecision(
  app: BackOffice,
  worker: Worker,
  input: { pqrId: number; outcome: SspdOutcome; resolutionNumber: string; resolutionDate: string; note: string },
): Promise<PqrDetail> {
  return act(app, worker, input.pqrId, 'coordinator', async (_trx, dbRow, today) => {
    const row = dbRow as typeof dbRow & { sspd_sent_on: string | null; sspd_decision: string | null; sspd_resolution_number: string | null; sspd_resolution_date: string | null };
    if (!row.sspd_sent_on) throw rule('El expediente de esta PQR no fue remitido a la SSPD: no hay decisión de la Superintendencia que registrar.');
    if (row.sspd_decision) {
      throw conflict(`La decisión de la SSPD ya está registrada: resolución ${row.sspd_resolution_number ?? ''} del ${formatDate(row.sspd_resolution_date)}.`);
    }
    const number = input.resolutionNumber.trim();
    if (number === '') throw invalid('Indique el número de la resolución de la SSPD.', { resolutionNumber: 'Obligatorio' });
    if (input.resolutionDate > today) throw invalid('La fecha de la resolución no puede ser futura.', { resolutionDate: 'Fecha futura' });
    if (input.resolutionDate < row.sspd_sent_on) {
      throw invalid(`La fecha de la resolución no puede ser anterior a la remisión a la SSPD (${formatDate(row.sspd_sent_on)}).`, { resolutionDate: 'Antes de la remisión' });
    }
    const note = input.note.trim();
    const decision = { outcome: input.outcome, resolutionNumber: number, resolutionDate: input.resolutionDate, note };
    return {
      changes: { sspd_decision: input.outcome, sspd_resolution_number: number, sspd_resolution_date: input.resolutionDate, sspd_decision_note: note },
      action: 'decidida_sspd',
      text: `La SSPD resolvió la apelación: ${SSPD_OUTCOME_NAMES[input.outcome].toLowerCase()} la decisión de la empresa (resolución ${number} del ${formatDate(input.resolutionDate)}).${note ? ` ${note}` : ''}`,
      auditAction: 'pqr.recordSspdDecision',
      extra: { sspdDecision: decision },
    };
  });
}
