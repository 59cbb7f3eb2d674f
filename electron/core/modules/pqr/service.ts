/**
 * The acts on a PQR: file (radicar), assign / reassign, comment, attach, pause / resume the term,
 * extend it once, close, reopen, annul. Each act is one transaction with a row in pqr_events (only
 * ever inserted: the unalterable history, in Spanish) and an audit row.
 *
 * Who may act: a coordinator on anything of their office, an administrator on anything; an auxiliar
 * pauses, resumes and closes only what is assigned to them (assign, extend, reopen and annul are for
 * coordinators by the handler table).
 */
import type { Knex } from 'knex';
import type { PauseReason, PqrChannel, PqrDetail, PqrState, PqrType } from '../../../../shared/contract';
import { addDays, formatDate, type IsoDate } from '../../../../shared/dates';
import { normalizeForSearch } from '../../../../shared/text';
import type { Role } from '../../../../shared/roles';
import type { BackOffice } from '../../context';
import { writeAudit, type Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { engineOf, retryingTransaction } from '../../db/dialect';
import { AppError, conflict, invalid, notFound, rule } from '../../errors';
import { businessToday } from '../accounts/service';
import { checkAttachment, discardStored, storeAttachments, type AttachmentUpload, type StoredAttachment } from './attachments';
import { needsCausal, PQR_TYPE_NAMES, termOf } from './catalog';
import { clockRuns, dayOneOf, dueDateAfterResume, dueDateOf, extensionRefusal, remainingAtPause } from './deadlines';
import { getPqrDetail, withOfficeCalendar, type Reader } from './queries';
import { issueRadicado, radicadoKindOf } from './radicados';
import { checkAppeal, recordAppeal } from './recursos';

/** who acts: the session's user (or the CLI door, acting as an administrator of no office) */
export interface Worker extends Reader {
  actor: Actor;
  fullName: string;
  role: Role;
}

export interface FilingInput {
  type: PqrType;
  channel: PqrChannel;
  causalId?: number;
  accountId?: number;
  invoiceId?: number;
  petitioner: {
    name: string;
    idType?: string;
    idNumber: string;
    phone: string;
    email: string;
    address: string;
    acceptsElectronicNotification: boolean;
  };
  subject: string;
  text: string;
  pages: number;
  annexes: number;
  destination: string;
  attachments: AttachmentUpload[];
  /** a recurso: the radicado (entrada or the answer's salida) of the answered PQR it attacks */
  appealsRadicado?: string;
}

const PAUSE_REASON_NAMES: Record<PauseReason, string> = {
  completar_peticion: 'solicitud de completar la petición (Ley 1755, art. 17)',
  pruebas: 'práctica de pruebas',
};

/** the PQR row as stored */
export interface PqrDbRow {
  id: number;
  radicado_id: number;
  office_id: number;
  type: PqrType;
  state: PqrState;
  assigned_to: number | null;
  filed_date: string;
  term_business_days: number;
  due_date: string | null;
  pause_reason: PauseReason | null;
  paused_since: string | null;
  paused_remaining: number | null;
  extension_due_date: string | null;
  closed_result: string | null;
}

const STATE_FIELDS = ['state', 'assigned_to', 'due_date', 'pause_reason', 'paused_since', 'paused_remaining', 'extension_due_date', 'closed_result'] as const;

function snapshot(row: PqrDbRow): Record<string, unknown> {
  return Object.fromEntries(STATE_FIELDS.map((f) => [f, row[f]]));
}

/** one line of the unalterable history, in the act's transaction */
export async function addEvent(trx: Knex.Transaction, pqrId: number, worker: Worker, action: string, text: string, extra: Record<string, unknown> = {}): Promise<void> {
  await trx('pqr_events').insert({
    pqr_id: pqrId,
    at: nowTimestamp(),
    user_id: worker.userId,
    user_name: worker.fullName,
    action,
    detail_json: JSON.stringify({ text, ...extra }),
  });
}

async function officeOf(db: Knex, officeId: number): Promise<{ id: number; code: string }> {
  const office: { id: number; code: string } | undefined = await db('offices').where({ id: officeId }).first('id', 'code');
  if (!office) throw notFound('La oficina');
  return office;
}

/** the checks of a filing that read the database; nothing is written before they pass */
async function checkFiling(db: Knex, input: FilingInput): Promise<{ accountId: number | null; invoiceId: number | null }> {
  if (needsCausal(input.type)) {
    if (input.causalId === undefined) {
      throw invalid(`Falta la causal del SUI (facturación o prestación): es obligatoria para quejas, reclamos y recursos (${PQR_TYPE_NAMES[input.type]}).`, {
        causalId: 'Obligatorio',
      });
    }
  }
  if (input.causalId !== undefined) {
    const causal: { active: number | boolean } | undefined = await db('sui_causales').where({ id: input.causalId }).first('active');
    if (!causal || !causal.active) throw invalid('La causal elegida no existe o está inactiva.', { causalId: 'No existe' });
  }
  let accountId = input.accountId ?? null;
  if (accountId !== null) {
    const account = await db('accounts').where({ id: accountId }).first('id');
    if (!account) throw invalid('La cuenta elegida no existe.', { accountId: 'No existe' });
  }
  let invoiceId: number | null = null;
  if (input.invoiceId !== undefined) {
    const invoice: { id: number; number: string; account_id: number } | undefined = await db('invoices').where({ id: input.invoiceId }).first('id', 'number', 'account_id');
    if (!invoice) throw invalid('La factura elegida no existe.', { invoiceId: 'No existe' });
    if (accountId === null) accountId = Number(invoice.account_id);
    else if (Number(invoice.account_id) !== accountId) {
      throw invalid(`La factura ${invoice.number} no es de la cuenta elegida.`, { invoiceId: 'No es de la cuenta' });
    }
    invoiceId = Number(invoice.id);
  }
  if (input.petitioner.acceptsElectronicNotification && input.petitioner.email.trim() === '') {
    throw invalid('Para notificar por correo electrónico hace falta el correo del peticionario.', { 'petitioner.email': 'Obligatorio' });
  }
  return { accountId, invoiceId };
}

async function insertAttachmentRows(trx: Knex.Transaction, pqrId: number, worker: Worker, stored: StoredAttachment[]): Promise<void> {
  if (stored.length === 0) return;
  const at = nowTimestamp();
  await trx('pqr_attachments').insert(
    stored.map((a) => ({
      pqr_id: pqrId,
      file_name: a.fileName,
      stored_path: a.storedPath,
      mime_type: a.mimeType,
      size: a.content.length,
      sha256: a.sha256,
      uploaded_by: worker.userId,
      uploaded_at: at,
    })),
  );
}

/**
 * Files a PQR: radicado, the PQR with its due date, the attachments (files already in the data
 * folder; removed again if the transaction fails), the history line and the audit row, in one
 * transaction. Returns the new PQR's id.
 */
export async function filePqr(app: BackOffice, worker: Worker, input: FilingInput): Promise<number> {
  const db = app.db;
  if (worker.officeId === null) throw rule('Radique desde una oficina: ingrese con un usuario de la oficina que recibe.');
  const office = await officeOf(db, worker.officeId);
  const today = await businessToday(db);
  const term = await termOf(db, input.type);
  const links = await checkFiling(db, input);
  const appeal = await checkAppeal(db, worker, input, today);
  const checked = input.attachments.map(checkAttachment);
  const due = await withOfficeCalendar(db, office.id, today, addDays(today, 1), (c) => dueDateOf(c, today, term.termBusinessDays));

  const stored = storeAttachments(app.dataDir, Number(today.slice(0, 4)), checked);
  try {
    return await retryingTransaction(db, async (trx) => {
      const radicado = await issueRadicado(trx, { officeId: office.id, officeCode: office.code, kind: radicadoKindOf(input.type), businessDate: today, userId: worker.userId });
      const now = nowTimestamp();
      const p = input.petitioner;
      const row = {
        radicado_id: radicado.id,
        office_id: office.id,
        type: input.type,
        channel: input.channel,
        causal_id: input.causalId ?? null,
        account_id: links.accountId,
        invoice_id: links.invoiceId,
        petitioner_name: p.name,
        petitioner_id_type: p.idType ?? null,
        petitioner_id_number: p.idNumber,
        petitioner_phone: p.phone,
        petitioner_email: p.email,
        petitioner_address: p.address,
        accepts_electronic: p.acceptsElectronicNotification,
        subject: input.subject,
        body: input.text,
        pages: input.pages,
        annexes: input.annexes,
        destination: input.destination,
        state: 'radicada',
        assigned_to: null,
        filed_by: worker.userId,
        filed_date: today,
        term_business_days: term.termBusinessDays,
        original_due_date: due,
        due_date: due,
        search_text: normalizeForSearch([p.name, p.idNumber, input.subject, input.text].join(' ')),
        appeals_pqr_id: appeal?.pqrId ?? null,
        extemporaneous: appeal?.extemporaneous ?? false,
        created_at: now,
        updated_at: now,
      };
      const [inserted] = await trx('pqrs').insert(row).returning('id');
      const pqrId = Number(typeof inserted === 'object' ? inserted.id : inserted);
      await insertAttachmentRows(trx, pqrId, worker, stored);
      if (appeal) await recordAppeal(trx, worker, appeal, { pqrId, radicado: radicado.number, type: input.type });
      const files = stored.length === 0 ? '' : `; ${stored.length === 1 ? 'un adjunto' : `${stored.length} adjuntos`}`;
      const against = appeal ? `; recurso contra la respuesta del radicado ${appeal.radicado}${appeal.extemporaneous ? ` (EXTEMPORÁNEO: el plazo venció el ${formatDate(appeal.deadline)})` : ''}` : '';
      await addEvent(trx, pqrId, worker, 'radicada', `Radicada con el número ${radicado.number} (${PQR_TYPE_NAMES[input.type]}); vence el ${formatDate(due)}${files}${against}`, {
        radicado: radicado.number,
        dueDate: due,
      });
      const { search_text: _omit, body: _body, ...audited } = row;
      await writeAudit(trx, worker.actor, {
        action: 'pqr.file',
        entity: 'pqr',
        entityId: pqrId,
        after: { radicado: radicado.number, ...audited, attachments: stored.map((a) => ({ fileName: a.fileName, sha256: a.sha256, size: a.content.length })) },
      });
      return pqrId;
    });
  } catch (error) {
    discardStored(app.dataDir, stored);
    throw error;
  }
}

/** may this worker act on this PQR at all (office), and as an auxiliar only on what is theirs */
function checkMayWork(worker: Worker, row: PqrDbRow, auxiliarMayIfAssigned: boolean): void {
  if (worker.role === 'administrador') return;
  if (worker.officeId !== Number(row.office_id)) throw notFound('La PQR');
  if (worker.role === 'coordinador') return;
  if (auxiliarMayIfAssigned && worker.role === 'auxiliar' && row.assigned_to !== null && Number(row.assigned_to) === worker.userId) return;
  throw new AppError('FORBIDDEN', auxiliarMayIfAssigned ? 'Solo quien tiene asignada la PQR o el coordinador de la oficina pueden hacerlo.' : 'Solo el coordinador de la oficina puede hacerlo.');
}

export type Act = (trx: Knex.Transaction, row: PqrDbRow, today: IsoDate) => Promise<{ changes: Partial<Record<string, unknown>>; action: string; text: string; auditAction: string; extra?: Record<string, unknown> }>;

/**
 * One act on one PQR in one transaction: reads the row under the write lock, checks who acts,
 * applies the changes, writes the history line and the audit row; returns the PQR as it is now.
 */
export async function act(app: BackOffice, worker: Worker, pqrId: number, who: 'assignee' | 'coordinator' | 'anyone', work: Act): Promise<PqrDetail> {
  const today = await businessToday(app.db);
  await retryingTransaction(app.db, async (trx) => {
    // SQLite: the transaction already holds the write lock; PostgreSQL: lock the row
    const query = trx('pqrs').where({ id: pqrId });
    const row: PqrDbRow | undefined = await (engineOf(trx) === 'pg' ? query.forUpdate() : query).first();
    if (!row) throw notFound('La PQR');
    if (who === 'anyone') {
      if (worker.role !== 'administrador' && worker.officeId !== Number(row.office_id)) throw notFound('La PQR');
    } else checkMayWork(worker, row, who === 'assignee');
    const result = await work(trx, row, today);
    if (Object.keys(result.changes).length > 0) await trx('pqrs').where({ id: pqrId }).update({ ...result.changes, updated_at: nowTimestamp() });
    await addEvent(trx, pqrId, worker, result.action, result.text, result.extra);
    await writeAudit(trx, worker.actor, {
      action: result.auditAction,
      entity: 'pqr',
      entityId: pqrId,
      before: snapshot(row),
      after: { ...snapshot(row), ...result.changes, ...(result.extra ?? {}) },
    });
  });
  return getPqrDetail(app.db, pqrId, today);
}

const isFinished = (state: PqrState) => state === 'cerrada' || state === 'anulada';

export function refuseIfFinished(row: PqrDbRow, what: string): void {
  if (row.state === 'anulada') throw rule(`La PQR está anulada: no se puede ${what}.`);
  if (row.state === 'cerrada') throw rule(`La PQR está cerrada: no se puede ${what}. Un coordinador puede reabrirla.`);
}

/** the state a PQR returns to when its clock runs again */
const runningState = (row: PqrDbRow): PqrState => (row.assigned_to === null ? 'radicada' : 'asignada');

export function assign(app: BackOffice, worker: Worker, input: { pqrId: number; userId: number; note: string }): Promise<PqrDetail> {
  return act(app, worker, input.pqrId, 'coordinator', async (trx, row) => {
    refuseIfFinished(row, 'asignar');
    const user: { id: number; full_name: string; role: string; office_id: number; active: number | boolean } | undefined = await trx('users')
      .where({ id: input.userId })
      .first('id', 'full_name', 'role', 'office_id', 'active');
    if (!user || !user.active || Number(user.office_id) !== Number(row.office_id) || !['auxiliar', 'coordinador'].includes(user.role)) {
      throw invalid('Solo se asigna a un auxiliar o coordinador activo de la oficina de la PQR.', { userId: 'No válido' });
    }
    if (row.assigned_to !== null && Number(row.assigned_to) === input.userId) throw conflict(`La PQR ya está asignada a ${user.full_name}.`);
    const reassigned = row.assigned_to !== null;
    const note = input.note ? `: ${input.note}` : '';
    return {
      changes: { assigned_to: input.userId, state: row.state === 'radicada' ? 'asignada' : row.state },
      action: reassigned ? 'reasignada' : 'asignada',
      text: `${reassigned ? 'Reasignada' : 'Asignada'} a ${user.full_name}${note}`,
      auditAction: reassigned ? 'pqr.reassign' : 'pqr.assign',
    };
  });
}

/**
 * Taking an unassigned PQR of one's office ("Sin asignar"): a clerk or a coordinator of the office
 * assigns it to themselves. One who came second finds it already taken, with the name.
 */
export function take(app: BackOffice, worker: Worker, input: { pqrId: number }): Promise<PqrDetail> {
  return act(app, worker, input.pqrId, 'anyone', async (trx, row) => {
    refuseIfFinished(row, 'tomar');
    if (worker.userId === null || !['auxiliar', 'coordinador'].includes(worker.role) || worker.officeId !== Number(row.office_id)) {
      throw new AppError('FORBIDDEN', 'Solo un auxiliar o el coordinador de la oficina de la PQR pueden tomarla.');
    }
    if (row.assigned_to !== null) {
      const holder: { full_name: string } | undefined = await trx('users').where({ id: row.assigned_to }).first('full_name');
      throw conflict(Number(row.assigned_to) === worker.userId ? 'La PQR ya es suya.' : `La PQR ya la tiene ${holder?.full_name ?? 'otra persona'}.`);
    }
    return {
      changes: { assigned_to: worker.userId, state: row.state === 'radicada' ? 'asignada' : row.state },
      action: 'asignada',
      text: `Tomada por ${worker.fullName}`,
      auditAction: 'pqr.take',
    };
  });
}

export function comment(app: BackOffice, worker: Worker, input: { pqrId: number; text: string }): Promise<PqrDetail> {
  return act(app, worker, input.pqrId, 'anyone', async (_trx, row) => {
    if (row.state === 'anulada') throw rule('La PQR está anulada: no admite comentarios.');
    return { changes: {}, action: 'comentario', text: input.text, auditAction: 'pqr.comment' };
  });
}

export async function addAttachment(app: BackOffice, worker: Worker, input: { pqrId: number; attachment: AttachmentUpload }): Promise<PqrDetail> {
  const checked = checkAttachment(input.attachment);
  const today = await businessToday(app.db);
  const pqr: { state: PqrState; office_id: number } | undefined = await app.db('pqrs').where({ id: input.pqrId }).first('state', 'office_id');
  if (!pqr || (worker.role !== 'administrador' && Number(pqr.office_id) !== worker.officeId)) throw notFound('La PQR');
  if (isFinished(pqr.state)) throw rule(`La PQR está ${pqr.state}: no admite adjuntos.`);
  const stored = storeAttachments(app.dataDir, Number(today.slice(0, 4)), [checked]);
  try {
    return await act(app, worker, input.pqrId, 'anyone', async (trx, row) => {
      if (isFinished(row.state)) throw rule(`La PQR está ${row.state}: no admite adjuntos.`);
      await insertAttachmentRows(trx, row.id, worker, stored);
      return { changes: {}, action: 'adjunto', text: `Adjunto agregado: ${checked.fileName}`, auditAction: 'pqr.addAttachment', extra: { sha256: checked.sha256 } };
    });
  } catch (error) {
    discardStored(app.dataDir, stored);
    throw error;
  }
}

export function pause(app: BackOffice, worker: Worker, input: { pqrId: number; reason: PauseReason; note: string }): Promise<PqrDetail> {
  return act(app, worker, input.pqrId, 'assignee', async (trx, row, today) => {
    if (row.state === 'suspendida') throw conflict(`El término ya está suspendido desde el ${row.paused_since}.`);
    if (!clockRuns(row.state) || row.due_date === null) throw rule('El término no está corriendo: no se puede suspender.');
    const due = row.due_date;
    const remaining = await withOfficeCalendar(trx, Number(row.office_id), today, due > today ? due : today, (c) => remainingAtPause(c, today, due));
    return {
      changes: { state: 'suspendida', due_date: null, pause_reason: input.reason, paused_since: today, paused_remaining: remaining },
      action: 'suspendida',
      text: `Término suspendido por ${PAUSE_REASON_NAMES[input.reason]}; quedaban ${remaining} días hábiles. ${input.note}`,
      auditAction: 'pqr.pause',
    };
  });
}

export function resume(app: BackOffice, worker: Worker, input: { pqrId: number; note: string }): Promise<PqrDetail> {
  return act(app, worker, input.pqrId, 'assignee', async (trx, row, today) => {
    if (row.state !== 'suspendida' || row.pause_reason === null) throw rule('El término no está suspendido.');
    const reason = row.pause_reason;
    const remaining = Number(row.paused_remaining ?? 0);
    const term = Number(row.term_business_days);
    const due = await withOfficeCalendar(trx, Number(row.office_id), today, today, (c) => dueDateAfterResume(c, today, reason, remaining, term));
    const how = reason === 'completar_peticion' ? `el término de ${term} días hábiles vuelve a empezar` : `se reanudan los ${remaining} días hábiles que quedaban`;
    return {
      changes: { state: runningState(row), due_date: due, pause_reason: null, paused_since: null, paused_remaining: null },
      action: 'reanudada',
      text: `Término reanudado: ${how}; vence el ${formatDate(due)}.${input.note ? ` ${input.note}` : ''}`,
      auditAction: 'pqr.resume',
      extra: { resumedReason: reason, pausedSince: row.paused_since },
    };
  });
}

export function extend(app: BackOffice, worker: Worker, input: { pqrId: number; newDueDate: string; reasons: string }): Promise<PqrDetail> {
  return act(app, worker, input.pqrId, 'coordinator', async (trx, row, today) => {
    const term = Number(row.term_business_days);
    const refusal = await withOfficeCalendar(trx, Number(row.office_id), row.due_date ?? today, input.newDueDate > today ? input.newDueDate : today, (c) =>
      extensionRefusal(c, {
        today,
        currentDue: row.due_date,
        newDue: input.newDueDate,
        term,
        alreadyExtended: row.extension_due_date !== null,
        clockRunning: clockRuns(row.state),
      }),
    );
    if (refusal) throw rule(refusal);
    return {
      changes: { due_date: input.newDueDate, extension_due_date: input.newDueDate, extension_reasons: input.reasons, extended_at: nowTimestamp() },
      action: 'prorrogada',
      text: `Término prorrogado del ${formatDate(row.due_date)} al ${formatDate(input.newDueDate)}. Motivos: ${input.reasons}`,
      auditAction: 'pqr.extend',
    };
  });
}

export function close(app: BackOffice, worker: Worker, input: { pqrId: number; result: string }): Promise<PqrDetail> {
  return act(app, worker, input.pqrId, 'assignee', async (_trx, row) => {
    refuseIfFinished(row, 'cerrar');
    return {
      changes: { state: 'cerrada', closed_at: nowTimestamp(), closed_result: input.result },
      action: 'cerrada',
      text: `Cerrada: ${input.result}`,
      auditAction: 'pqr.close',
    };
  });
}

export function reopen(app: BackOffice, worker: Worker, input: { pqrId: number; reason: string }): Promise<PqrDetail> {
  return act(app, worker, input.pqrId, 'coordinator', async (trx, row) => {
    if (row.state !== 'cerrada') throw rule('Solo se reabre una PQR cerrada.');
    // an approved answer stopped the term for good: the PQR goes back to respondida
    const answered = await trx('pqr_answers').where({ pqr_id: row.id, state: 'aprobada' }).first('id');
    const state: PqrState = answered ? 'respondida' : row.pause_reason !== null ? 'suspendida' : runningState(row);
    return {
      changes: { state, closed_at: null, closed_result: null },
      action: 'reabierta',
      text: `Reabierta: ${input.reason}`,
      auditAction: 'pqr.reopen',
    };
  });
}

export function annul(app: BackOffice, worker: Worker, input: { pqrId: number; reason: string }): Promise<PqrDetail> {
  return act(app, worker, input.pqrId, 'coordinator', async (trx, row) => {
    if (row.state === 'anulada') throw conflict('El radicado ya está anulado.');
    const radicado: { number: string } = await trx('radicados').where({ id: row.radicado_id }).first('number');
    await trx('radicados')
      .where({ id: row.radicado_id })
      .update({ status: 'anulado', annul_reason: input.reason, annulled_by: worker.userId, annulled_at: nowTimestamp() });
    return {
      changes: { state: 'anulada' },
      action: 'anulada',
      text: `Radicado ${radicado.number} anulado: ${input.reason}. El número queda anulado y no se vuelve a usar.`,
      auditAction: 'pqr.annul',
      extra: { radicado: radicado.number, annulReason: input.reason },
    };
  });
}

/** The due date of a term for an office (the filing form, the CLI). */
export async function dueDateFor(db: Knex, officeId: number, type: PqrType, filed: IsoDate): Promise<{ dueDate: string; termBusinessDays: number; dayOne: string }> {
  await officeOf(db, officeId);
  const { termBusinessDays } = await termOf(db, type);
  return withOfficeCalendar(db, officeId, filed, addDays(filed, 1), (c) => ({
    dueDate: dueDateOf(c, filed, termBusinessDays),
    termBusinessDays,
    dayOne: dayOneOf(c, filed),
  }));
}
