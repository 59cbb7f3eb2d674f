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
import type { PauseReason, PqrChannel, PqrDetail, PqrState, PqrType, TermKey } from '../../../../shared/contract';
import { addDays, addMonths, formatDate, formatDateTime, zonedDateTime, zonedTimeToUtc, type IsoDate } from '../../../../shared/dates';
import { normalizeForSearch } from '../../../../shared/text';
import type { Role } from '../../../../shared/roles';
import type { BackOffice } from '../../context';
import { writeAudit, type Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { engineOf, retryingTransaction } from '../../db/dialect';
import { AppError, conflict, invalid, notFound, rule } from '../../errors';
import { businessToday } from '../accounts/service';
import { checkAttachment, discardStored, storeAttachments, type AttachmentUpload, type StoredAttachment } from './attachments';
import { legalRules, needsCausal, PQR_TYPE_NAMES, ruleValue, termKeyOf, termOf } from './catalog';
import {
  clockRuns,
  completionDeadline,
  completionRequestLimit,
  dayOneOf,
  dueDateAfterResume,
  dueDateOf,
  extensionRefusal,
  pausedDays,
  pruebasLimit,
  remainingAtPause,
  termStartOf,
} from './deadlines';
import { getCompany } from '../setup/service';
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
  /** when it was received, on the company's clock (now when left out) */
  receivedAt?: { date: string; time: string };
  /** the channel's evidence of an earlier receipt */
  receivedEvidence?: string;
  /** a petición about the service contract (Ley 142) */
  aboutService?: boolean;
}

/** a receipt within this many minutes before the filing is the filing itself: no evidence asked */
export const RECEIPT_GRACE_MINUTES = 30;

/** what proves an earlier receipt, per channel (the filing screen says the same) */
export const RECEIPT_EVIDENCE: Record<PqrChannel, string> = {
  ventanilla: 'el sello de recibido de la ventanilla o del buzón',
  telefono: 'el registro de la llamada',
  correo: 'la fecha y hora del correo electrónico recibido',
  web: 'la marca de tiempo del formulario web',
  carta: 'el sello del sobre o la guía de la empresa de mensajería',
};

export const PAUSE_REASON_NAMES: Record<PauseReason, string> = {
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
  term_start_date: string;
  term_key: string | null;
  admits_extension: number | boolean;
  silencio_applies: number | boolean;
  pause_evidence: string;
  pause_limit_date: string | null;
  pruebas_used_days: number;
  completion_requested_on: string | null;
  completion_deadline: string | null;
}

const STATE_FIELDS = [
  'state',
  'assigned_to',
  'due_date',
  'pause_reason',
  'paused_since',
  'paused_remaining',
  'extension_due_date',
  'closed_result',
  'pause_limit_date',
  'pruebas_used_days',
] as const;

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

async function officeOf(db: Knex, officeId: number): Promise<{ id: number; code: string; closing_time: string | null }> {
  const office: { id: number; code: string; closing_time: string | null } | undefined = await db('offices').where({ id: officeId }).first('id', 'code', 'closing_time');
  if (!office) throw notFound('La oficina');
  return office;
}

/** the checks of a filing that read the database; nothing is written before they pass */
async function checkFiling(db: Knex, input: FilingInput): Promise<{ accountId: number | null; invoiceId: number | null; invoiceIssued: string | null }> {
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
  let invoiceIssued: string | null = null;
  if (input.invoiceId !== undefined) {
    const invoice: { id: number; number: string; account_id: number; issue_date: string } | undefined = await db('invoices')
      .where({ id: input.invoiceId })
      .first('id', 'number', 'account_id', 'issue_date');
    if (!invoice) throw invalid('La factura elegida no existe.', { invoiceId: 'No existe' });
    if (accountId === null) accountId = Number(invoice.account_id);
    else if (Number(invoice.account_id) !== accountId) {
      throw invalid(`La factura ${invoice.number} no es de la cuenta elegida.`, { invoiceId: 'No es de la cuenta' });
    }
    invoiceId = Number(invoice.id);
    invoiceIssued = invoice.issue_date;
  }
  if (input.petitioner.acceptsElectronicNotification && input.petitioner.email.trim() === '') {
    throw invalid('Para notificar por correo electrónico hace falta el correo del peticionario.', { 'petitioner.email': 'Obligatorio' });
  }
  return { accountId, invoiceId, invoiceIssued };
}

/**
 * When the petition was received: now, or the time the clerk gives, never in the future and, when
 * earlier than the filing by more than RECEIPT_GRACE_MINUTES, only with the channel's evidence.
 * Returns the instant (ISO) and its date and time on the company's clock.
 */
export function receiptOf(input: Pick<FilingInput, 'receivedAt' | 'receivedEvidence' | 'channel'>, now: Date, timeZone: string): { at: string; date: string; time: string; evidence: string } {
  const evidence = input.receivedEvidence?.trim() ?? '';
  if (!input.receivedAt) return { at: now.toISOString(), ...zonedDateTime(now, timeZone), evidence };
  const at = zonedTimeToUtc(input.receivedAt.date, input.receivedAt.time, timeZone);
  // the minute typed is the minute now: not future
  if (Date.parse(at) > now.getTime()) {
    throw invalid(`La fecha y hora de recibido (${formatDate(input.receivedAt.date)} ${input.receivedAt.time}) no puede ser futura.`, { receivedAt: 'Fecha futura' });
  }
  if (Date.parse(at) < now.getTime() - RECEIPT_GRACE_MINUTES * 60_000 && evidence === '') {
    throw invalid(
      `La petición se recibió antes de radicarla (${formatDate(input.receivedAt.date)} ${input.receivedAt.time}): indique la evidencia del canal, ${RECEIPT_EVIDENCE[input.channel]}. El término se cuenta desde el recibo (Ley 142 de 1994, art. 158; Ley 1755 de 2015, art. 14).`,
      { receivedEvidence: 'Obligatoria' },
    );
  }
  return { at, date: input.receivedAt.date, time: input.receivedAt.time, evidence };
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
  const { timeZone } = await getCompany(db);
  const receipt = receiptOf(input, new Date(), timeZone);
  const aboutService = input.type === 'peticion' && (input.aboutService ?? (input.accountId !== undefined || input.invoiceId !== undefined));
  const term = await termOf(db, termKeyOf(input.type, aboutService));
  const rules = await legalRules(db);
  const links = await checkFiling(db, input);
  const appeal = await checkAppeal(db, worker, input, receipt.date);
  const checked = input.attachments.map(checkAttachment);
  const { termStart, due } = await withOfficeCalendar(db, office.id, receipt.date < today ? receipt.date : today, addDays(today, 1), (c) => {
    const start = termStartOf(c, receipt, office.closing_time);
    return { termStart: start, due: dueDateOf(c, start, term.termBusinessDays) };
  });
  const enteredLate = receipt.date < today;
  // a reclamo against an invoice more than the rule's months old (Ley 142 art. 154): received, and flagged
  const claimMonths = rules.invoiceClaimMonths.value;
  const invoiceClaimLate =
    input.type === 'reclamo' && links.invoiceIssued !== null && claimMonths !== null && receipt.date > addMonths(links.invoiceIssued, claimMonths);

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
        received_at: receipt.at,
        received_evidence: receipt.evidence,
        received_date: receipt.date,
        term_start_date: termStart,
        entered_late: enteredLate,
        term_key: term.termKey,
        admits_extension: term.admitsExtension,
        silencio_applies: term.silencioPositivo,
        invoice_claim_late: invoiceClaimLate,
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
      const received = enteredLate || receipt.evidence ? `; recibida el ${formatDateTime(receipt.at, timeZone)}${receipt.evidence ? ` (evidencia: ${receipt.evidence})` : ''}` : '';
      const late = enteredLate ? ' RADICADA TARDE: se recibió antes de este día hábil; el término corre desde el recibo.' : '';
      const afterHours = termStart !== receipt.date ? ` Recibida después de la hora de cierre (${office.closing_time}): el término cuenta desde el ${formatDate(termStart)}.` : '';
      const service = aboutService ? ' Petición sobre el servicio (Ley 142 de 1994): sin prórroga y con silencio administrativo positivo.' : '';
      const oldInvoice = invoiceClaimLate
        ? ` ATENCIÓN: la factura se expidió el ${formatDate(links.invoiceIssued)}, hace más de ${claimMonths} meses; no procede reclamo contra ella (${rules.invoiceClaimMonths.basis}).`
        : '';
      const notes = `${late}${afterHours}${service}${oldInvoice}`;
      await addEvent(trx, pqrId, worker, 'radicada', `Radicada con el número ${radicado.number} (${PQR_TYPE_NAMES[input.type]}); vence el ${formatDate(due)}${files}${against}${received}${notes ? `.${notes}` : ''}`, {
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

/**
 * Stops the clock. completar_peticion (Ley 1755 art. 17): once, within the rule's business days
 * after the term start; the petitioner's month starts (its last day is the pause's limit).
 * pruebas: citing the evidence ordered, while the pruebas maximum (all pauses together) has room;
 * the pause's limit is its last day.
 */
export function pause(app: BackOffice, worker: Worker, input: { pqrId: number; reason: PauseReason; note: string; evidence?: string }): Promise<PqrDetail> {
  const evidence = input.evidence?.trim() ?? '';
  return act(app, worker, input.pqrId, 'assignee', async (trx, row, today) => {
    if (row.state === 'suspendida') throw conflict(`El término ya está suspendido desde el ${row.paused_since}.`);
    if (!clockRuns(row.state) || row.due_date === null) throw rule('El término no está corriendo: no se puede suspender.');
    const rules = await legalRules(trx);
    const due = row.due_date;
    const officeId = Number(row.office_id);
    const remaining = await withOfficeCalendar(trx, officeId, today, due > today ? due : today, (c) => remainingAtPause(c, today, due));
    let limit: string;
    let extra: Record<string, unknown>;
    let said: string;
    if (input.reason === 'completar_peticion') {
      const requestDays = ruleValue(rules, 'completionRequestBusinessDays');
      const r = rules.completionRequestBusinessDays;
      if (row.completion_requested_on) {
        throw rule(`Ya se pidió completar la petición el ${formatDate(row.completion_requested_on)}: la ley prevé un solo requerimiento (${r.basis}).`);
      }
      const start = row.term_start_date;
      const requestLimit = await withOfficeCalendar(trx, officeId, start, today, (c) => completionRequestLimit(c, start, requestDays));
      if (today > requestLimit) {
        throw rule(
          `La solicitud de completar la petición se hace dentro de los ${requestDays} días hábiles siguientes a su recibo (${r.basis}): el plazo venció el ${formatDate(requestLimit)}. El término sigue corriendo.`,
        );
      }
      const months = ruleValue(rules, 'completionUserMonths');
      limit = await withOfficeCalendar(trx, officeId, today, addMonths(today, months), (c) => completionDeadline(c, today, months));
      extra = { completion_requested_on: today, completion_deadline: limit, pause_evidence: '' };
      said = `Término suspendido: se pidió al peticionario completar la petición (${rules.completionUserMonths.basis}); tiene hasta el ${formatDate(limit)}. Quedaban ${remaining} días hábiles. Falta: ${input.note}`;
    } else {
      if (evidence === '') throw invalid(`Cite las pruebas decretadas: la suspensión por pruebas debe decir cuáles (${rules.pruebasMaxBusinessDays.basis}).`, { evidence: 'Obligatorio' });
      const max = ruleValue(rules, 'pruebasMaxBusinessDays');
      const used = Number(row.pruebas_used_days ?? 0);
      if (used >= max) throw rule(`Ya se usaron los ${max} días hábiles de pruebas que permite la regla (${rules.pruebasMaxBusinessDays.basis}): el término no se puede suspender de nuevo por pruebas.`);
      limit = await withOfficeCalendar(trx, officeId, today, today, (c) => pruebasLimit(c, today, max, used));
      extra = { pause_evidence: evidence };
      said = `Término suspendido por práctica de pruebas (${evidence}); quedaban ${remaining} días hábiles; la suspensión no puede pasar del ${formatDate(limit)} (${max - used} días hábiles, ${rules.pruebasMaxBusinessDays.basis}). ${input.note}`;
    }
    return {
      changes: { state: 'suspendida', due_date: null, pause_reason: input.reason, paused_since: today, paused_remaining: remaining, pause_limit_date: limit, ...extra },
      action: 'suspendida',
      text: said.trim(),
      auditAction: 'pqr.pause',
    };
  });
}

/**
 * Restarts the clock with the business days that were left. After the pruebas limit only a
 * coordinator resumes, with the reason, and the days left count from the limit (the term ran again
 * then). Completing the petition records the day.
 */
export function resume(app: BackOffice, worker: Worker, input: { pqrId: number; note: string; lateReason?: string }): Promise<PqrDetail> {
  const lateReason = input.lateReason?.trim() ?? '';
  return act(app, worker, input.pqrId, 'assignee', async (trx, row, today) => {
    if (row.state !== 'suspendida' || row.pause_reason === null) throw rule('El término no está suspendido.');
    const reason = row.pause_reason;
    const remaining = Number(row.paused_remaining ?? 0);
    const since = row.paused_since ?? today;
    const limit = reason === 'pruebas' ? row.pause_limit_date : null;
    const late = limit !== null && today > limit;
    if (late) {
      const rules = await legalRules(trx);
      const basis = rules.pruebasMaxBusinessDays.basis;
      if (lateReason === '') {
        throw rule(
          `La suspensión por pruebas pasó su máximo el ${formatDate(limit)} (${basis}): el término volvió a correr ese día. Reanudar ahora requiere el motivo del coordinador.`,
        );
      }
      if (worker.role !== 'coordinador' && worker.role !== 'administrador') {
        throw new AppError('FORBIDDEN', `La suspensión por pruebas pasó su máximo el ${formatDate(limit)}: solo el coordinador reanuda, con el motivo.`);
      }
    }
    const { due, used } = await withOfficeCalendar(trx, Number(row.office_id), since, today, (c) => ({
      due: dueDateAfterResume(c, today, remaining, limit),
      used: reason === 'pruebas' ? pausedDays(c, since, today, limit) : 0,
    }));
    const how =
      reason === 'completar_peticion'
        ? `el peticionario completó la petición; se reanudan los ${remaining} días hábiles que quedaban`
        : late
          ? `la suspensión por pruebas pasó su máximo el ${formatDate(limit)}: los ${remaining} días hábiles que quedaban corren desde ese día. Motivo del coordinador: ${lateReason}`
          : `se reanudan los ${remaining} días hábiles que quedaban`;
    return {
      changes: {
        state: runningState(row),
        due_date: due,
        pause_reason: null,
        paused_since: null,
        paused_remaining: null,
        pause_limit_date: null,
        pause_evidence: '',
        pruebas_used_days: Number(row.pruebas_used_days ?? 0) + used,
        ...(reason === 'completar_peticion' ? { completed_on: today } : {}),
      },
      action: 'reanudada',
      text: `Término reanudado: ${how}; vence el ${formatDate(due)}.${input.note ? ` ${input.note}` : ''}`,
      auditAction: 'pqr.resume',
      extra: { resumedReason: reason, pausedSince: row.paused_since, ...(late ? { lateReason } : {}) },
    };
  });
}

/**
 * The petitioner asks, before the month ends, for another one (Ley 1755 art. 17: "salvo que antes de
 * vencer el plazo concedido solicite prórroga hasta por un término igual"): once.
 */
export function extendCompletion(app: BackOffice, worker: Worker, input: { pqrId: number; note: string }): Promise<PqrDetail> {
  return act(app, worker, input.pqrId, 'assignee', async (trx, dbRow, today) => {
    const row = dbRow as PqrDbRow & { completion_extended: number | boolean };
    const rules = await legalRules(trx);
    const basis = rules.completionUserMonths.basis;
    if (row.state !== 'suspendida' || row.pause_reason !== 'completar_peticion' || !row.completion_deadline) {
      throw rule(`No hay una solicitud de completar la petición pendiente: no hay plazo que prorrogar (${basis}).`);
    }
    if (row.completion_extended) throw conflict(`El plazo para completar la petición ya se prorrogó una vez, hasta el ${formatDate(row.completion_deadline)} (${basis}).`);
    if (today > row.completion_deadline) {
      throw rule(`El plazo para completar la petición venció el ${formatDate(row.completion_deadline)}: la prórroga se pide antes de que venza (${basis}).`);
    }
    const months = ruleValue(rules, 'completionUserMonths');
    const from = row.completion_deadline;
    const deadline = await withOfficeCalendar(trx, Number(row.office_id), from, addMonths(from, months), (c) => completionDeadline(c, from, months));
    return {
      changes: { completion_deadline: deadline, pause_limit_date: deadline, completion_extended: true },
      action: 'comentario',
      text: `El peticionario pidió prórroga para completar la petición: el plazo pasa del ${formatDate(from)} al ${formatDate(deadline)} (${basis}).${input.note ? ` ${input.note}` : ''}`,
      auditAction: 'pqr.extendCompletion',
    };
  });
}

export function extend(app: BackOffice, worker: Worker, input: { pqrId: number; newDueDate: string; reasons: string }): Promise<PqrDetail> {
  return act(app, worker, input.pqrId, 'coordinator', async (trx, row, today) => {
    const term = Number(row.term_business_days);
    const termInfo = await termOf(trx, (row.term_key ?? row.type) as TermKey);
    const refusal = await withOfficeCalendar(trx, Number(row.office_id), row.due_date ?? today, input.newDueDate > today ? input.newDueDate : today, (c) =>
      extensionRefusal(c, {
        today,
        currentDue: row.due_date,
        newDue: input.newDueDate,
        term,
        alreadyExtended: row.extension_due_date !== null,
        clockRunning: clockRuns(row.state),
        admitsExtension: { admits: Boolean(row.admits_extension), typeName: termInfo.name, rule: termInfo.rule },
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
