/**
 * Fixtures for the PQR reports: a PQR filed through the handlers is moved to the date a test needs,
 * and its answer / notification / SSPD remisión are WRITTEN DIRECTLY in the test database (the rows
 * migration 006 defines, as the answer handlers leave them), so a report can be checked for any month.
 */
import type { AnswerDecision } from '../../shared/contract';
import { formatRadicado } from '../../electron/core/modules/pqr/radicados';
import type { TestBackOffice } from './backoffice';

type T = TestBackOffice & { officeId: number };

/** files it on `filedDate` (and due on `dueDate`): radicado, PQR and its dates moved back */
export async function backdatePqr(t: T, pqrId: number, filedDate: string, dueDate: string): Promise<void> {
  const row: { radicado_id: number } = await t.app.db('pqrs').where({ id: pqrId }).first('radicado_id');
  await t.app.db('radicados').where({ id: row.radicado_id }).update({ business_date: filedDate, filed_at: `${filedDate}T15:00:00.000Z` });
  await t.app.db('pqrs').where({ id: pqrId }).update({
    filed_date: filedDate,
    received_date: filedDate,
    received_at: `${filedDate}T15:00:00.000Z`,
    term_start_date: filedDate,
    original_due_date: dueDate,
    due_date: dueDate,
  });
}

let salida = 0;

/** an approved answer dated `answerDate` with its radicado de salida; returns that number */
export async function writeApprovedAnswer(t: T, pqrId: number, decision: AnswerDecision, answerDate: string): Promise<string> {
  const db = t.app.db;
  const office: { code: string } = await db('offices').where({ id: t.officeId }).first('code');
  salida += 1;
  const year = Number(answerDate.slice(0, 4));
  const number = formatRadicado(year, office.code, 'salida', 900_000 + salida);
  const [inserted] = await db('radicados')
    .insert({ number, year, office_id: t.officeId, kind: 'salida', sequence: 900_000 + salida, filed_at: `${answerDate}T16:00:00.000Z`, business_date: answerDate, status: 'vigente' })
    .returning('id');
  const radicadoId = Number(typeof inserted === 'object' ? inserted.id : inserted);
  await db('pqr_answers').insert({
    pqr_id: pqrId,
    decision,
    decision_text: 'Motivos de la decisión',
    subject: 'Respuesta',
    body: 'Texto de la respuesta',
    state: 'aprobada',
    drafted_at: `${answerDate}T14:00:00.000Z`,
    approved_at: `${answerDate}T16:00:00.000Z`,
    answer_date: answerDate,
    outgoing_radicado_id: radicadoId,
  });
  await db('pqrs').where({ id: pqrId }).update({ state: 'respondida', answered_at: `${answerDate}T16:00:00.000Z` });
  return number;
}

/** the notification that completed on `date` (personal, aviso or electrónica) */
export async function writeNotification(t: T, pqrId: number, type: 'personal' | 'aviso' | 'electronica', date: string): Promise<void> {
  await t.app.db('pqr_notifications').insert({ pqr_id: pqrId, step: type, step_date: date, notified_date: date, recorded_at: `${date}T17:00:00.000Z` });
  await t.app.db('pqrs').where({ id: pqrId }).update({ notified_date: date, notification_type: type });
}

/** a reposición y en subsidio de apelación not granted, sent to the SSPD on `date` */
export async function writeSentToSspd(t: T, pqrId: number, date: string): Promise<void> {
  await t.app.db('pqrs').where({ id: pqrId }).update({ sspd_sent_on: date, sspd_note: 'Remitido en apelación' });
}

/** closed on `date` (with or without an answer) */
export async function writeClosed(t: T, pqrId: number, date: string): Promise<void> {
  await t.app.db('pqrs').where({ id: pqrId }).update({ state: 'cerrada', closed_at: `${date}T20:00:00.000Z`, closed_result: 'Cerrada' });
}

/** the CSV of a SUI file as rows of fields (it has no quoted fields with line breaks) */
export function csvRows(base64: string): string[][] {
  const text = Buffer.from(base64, 'base64').toString('utf8');
  if (text === '') return [];
  expectCrlf(text);
  return text
    .slice(0, -2)
    .split('\r\n')
    .map((line) => line.split(','));
}

function expectCrlf(text: string): void {
  if (!text.endsWith('\r\n') || /[^\r]\n/.test(text)) throw new Error('the CSV lines must end in CRLF');
}
