/**
 * Reads of PQRs: one in full (PqrDetail with attachments and history), the tray, the search and the
 * look-up by radicado. The traffic light is computed here from the office's business-day calendar
 * and today's date in the company's time zone.
 *
 * Search: an exact radicado (a wrongly typed one finds nothing), an account number or petitioner id
 * (digits only: exact matches through their indexes), or words: every word must begin a word of
 * pqrs.search_text (normalizeForSearch of name, id, subject and text), through the words index of
 * ./wordSearch.ts (SQLite FTS5; a GIN index on PostgreSQL), newest filing first.
 */
import type { Knex } from 'knex';
import { officeScopeOf } from '../../officeScope';
import { addBusinessDays, calendarSpanFor, CalendarRangeError, type BusinessCalendar } from '../../../../shared/business-days';
import type {
  AnswerDecision,
  AnswerState,
  IdType,
  NotificationStep,
  PqrAnswer,
  PqrNotification,
  SentMeans,
  PauseReason,
  PqrAttachment,
  PqrChannel,
  PqrDetail,
  PqrEvent,
  PqrEventAction,
  PqrListItem,
  PqrState,
  PqrType,
  TrafficLight,
  LegalDue,
  NotificationType,
  PublicationReason,
  SspdOutcome,
  TermKey,
} from '../../../../shared/contract';
import { addDays, type IsoDate } from '../../../../shared/dates';
import { restrictToWords } from './wordSearch';
import { AppError, notFound } from '../../errors';
import { loadBusinessCalendar } from '../calendar/service';
import { getSettings } from '../settings/service';
import { getCausal, legalRules, PQR_TYPE_NAMES, termOf } from './catalog';
import { businessDaysLeft, clockRuns, runningCounter, trafficLight, type Between, type Light } from './deadlines';
import { DECISION_NAMES } from './letters';
import { normalizeRadicado, RADICADO_PATTERN } from './radicados';

/**
 * Runs a count over an office's calendar loaded from `from` to `to`, widening `to` when the count
 * runs past it (a long run of closures, a long term).
 */
export async function withOfficeCalendar<T>(db: Knex, officeId: number, from: IsoDate, to: IsoDate, count: (calendar: BusinessCalendar) => T): Promise<T> {
  for (let span = calendarSpanFor(30); ; span *= 2) {
    const calendar = await loadBusinessCalendar(db, officeId, from, addDays(to, span));
    try {
      return count(calendar);
    } catch (error) {
      if (!(error instanceof CalendarRangeError) || span > 20 * 366) throw error;
    }
  }
}

/** the columns a list row needs */
export interface PqrRow {
  id: number;
  radicado: string;
  office_id: number;
  type: PqrType;
  state: PqrState;
  subject: string;
  petitioner_name: string;
  account_number: string | null;
  filed_at: string;
  filed_date: string;
  due_date: string | null;
  assigned_to: number | null;
  assigned_name: string | null;
  received_date: string;
  entered_late: number | boolean;
  silencio_applies: number | boolean;
  pause_reason: PauseReason | null;
  pause_limit_date: string | null;
  transfer_due_date: string | null;
  citacion_due_date: string | null;
  aviso_from_date: string | null;
  silencio_on: string | null;
  silencio_recognize_by: string | null;
  silencio_recognized_on: string | null;
  answer_state: AnswerState | null;
}

/** the list query: pqrs with their radicado, account number and assignee; callers add conditions */
export function listQuery(db: Knex) {
  return db('pqrs as p')
    .join('radicados as r', 'r.id', 'p.radicado_id')
    .leftJoin('accounts as a', 'a.id', 'p.account_id')
    .leftJoin('users as u', 'u.id', 'p.assigned_to')
    .leftJoin('pqr_answers as ans', 'ans.pqr_id', 'p.id')
    .select(
      'p.id',
      'r.number as radicado',
      'p.office_id',
      'p.type',
      'p.state',
      'p.subject',
      'p.petitioner_name',
      'a.number as account_number',
      'r.filed_at',
      'p.filed_date',
      'p.due_date',
      'p.assigned_to',
      'u.full_name as assigned_name',
      'p.received_date',
      'p.entered_late',
      'p.silencio_applies',
      'p.pause_reason',
      'p.pause_limit_date',
      'p.transfer_due_date',
      'p.citacion_due_date',
      'p.aviso_from_date',
      'p.silencio_on',
      'p.silencio_recognize_by',
      'p.silencio_recognized_on',
      'ans.state as answer_state',
    );
}

/** the date the main light counts to: a traslado drafted has its own, nearer due date */
function lightDueOf(r: Pick<PqrRow, 'state' | 'due_date' | 'transfer_due_date'>): string | null {
  if (r.transfer_due_date && clockRuns(r.state) && (r.due_date === null || r.transfer_due_date < r.due_date)) return r.transfer_due_date;
  return r.due_date;
}

/** the recognition deadline of silencio positivo for a PQR overdue without an answer: the rule's hours after the due date */
const silencioDeadlineOf = (due: string, hours: number): string => addDays(due, Math.max(1, Math.ceil(hours / 24)));

/**
 * the nearest date of the legal workflow besides the answer's due date: silencio to recognise,
 * the traslado, the pause's limit, the citación's last day, the aviso's first day
 */
function legalDueOf(r: PqrRow, light: Light, recognitionHours: number | null): { kind: LegalDue['kind']; date: string } | null {
  const silencioPending = Boolean(r.silencio_applies) && !r.silencio_recognized_on && (r.silencio_on !== null || (light.light === 'vencida' && clockRuns(r.state)));
  if (silencioPending && r.state !== 'anulada' && r.state !== 'cerrada') {
    const date = r.silencio_recognize_by ?? (r.due_date && recognitionHours !== null ? silencioDeadlineOf(r.due_date, recognitionHours) : null);
    if (date) return { kind: 'silencio', date };
  }
  if (r.transfer_due_date && clockRuns(r.state)) return { kind: 'traslado', date: r.transfer_due_date };
  if (r.state === 'suspendida' && r.pause_limit_date) return { kind: r.pause_reason === 'completar_peticion' ? 'completar' : 'pruebas', date: r.pause_limit_date };
  if (r.state === 'respondida' && r.citacion_due_date) return { kind: 'citacion', date: r.citacion_due_date };
  if (r.state === 'respondida' && r.aviso_from_date) return { kind: 'aviso', date: r.aviso_from_date };
  return null;
}

/** the traffic lights of rows, one calendar per office covering today and every due date (and the `extra` dates of each row) */
export async function lightsFor(
  db: Knex,
  today: IsoDate,
  rows: { office_id: number; state: PqrState; due_date: string | null }[],
  extra: (string | null)[][] = [],
): Promise<{ lights: Light[]; counters: Map<number, { calendar: BusinessCalendar; between: Between }>; dueSoon: number }> {
  const { dueSoonBusinessDays } = await getSettings(db);
  // each office's dates, today included, in one pass (an office without any date gets no calendar)
  const ranges = new Map<number, { from: IsoDate; to: IsoDate }>();
  const widen = (officeId: number, date: string | null | undefined) => {
    if (date === null || date === undefined) return;
    const range = ranges.get(officeId);
    if (!range) ranges.set(officeId, { from: date < today ? date : today, to: date > today ? date : today });
    else if (date < range.from) range.from = date;
    else if (date > range.to) range.to = date;
  };
  rows.forEach((r, i) => {
    const officeId = Number(r.office_id);
    widen(officeId, r.due_date);
    for (const date of extra[i] ?? []) widen(officeId, date);
  });
  const calendars = new Map<number, { calendar: BusinessCalendar; between: Between }>();
  for (const [officeId, { from, to }] of ranges) {
    // a few days past the last date: the recognition deadline of silencio positivo follows a due date
    const calendar = await loadBusinessCalendar(db, officeId, from, addDays(to, 10));
    calendars.set(officeId, { calendar, between: runningCounter(calendar, from, to) });
  }
  const lights = rows.map((r) => {
    const office = calendars.get(Number(r.office_id));
    if (!office) return { businessDaysLeft: null, light: 'sin_termino' as TrafficLight };
    return trafficLight(office.calendar, today, r.state, r.due_date, dueSoonBusinessDays, office.between);
  });
  return { lights, counters: calendars, dueSoon: dueSoonBusinessDays };
}

/** what the list needs besides the row: the legal rules that color it */
interface ListContext {
  today: IsoDate;
  alertDays: number;
  recognitionHours: number | null;
  dueSoon: number;
  counters: Map<number, { calendar: BusinessCalendar; between: Between }>;
}

function dueLight(ctx: ListContext, officeId: number, date: string, kind: LegalDue['kind']): TrafficLight {
  if (kind === 'aviso') return ctx.today >= date ? 'por_vencer' : 'a_tiempo';
  if (date < ctx.today) return 'vencida';
  const office = ctx.counters.get(officeId);
  if (!office) return 'a_tiempo';
  return businessDaysLeft(office.calendar, ctx.today, date, office.between) <= ctx.dueSoon ? 'por_vencer' : 'a_tiempo';
}

function toListItem(r: PqrRow, light: Light, ctx: ListContext): PqrListItem {
  const applies = Boolean(r.silencio_applies);
  const running = clockRuns(r.state);
  const silencio: PqrListItem['silencio'] = !applies
    ? null
    : r.silencio_recognized_on
      ? 'reconocido'
      : r.silencio_on || (running && light.light === 'vencida')
        ? 'ocurrido'
        : running && light.businessDaysLeft !== null && light.businessDaysLeft <= ctx.alertDays
          ? 'riesgo'
          : null;
  const due = legalDueOf(r, light, ctx.recognitionHours);
  return {
    id: Number(r.id),
    radicado: r.radicado,
    type: r.type,
    typeName: PQR_TYPE_NAMES[r.type] ?? r.type,
    state: r.state,
    subject: r.subject,
    petitionerName: r.petitioner_name,
    accountNumber: r.account_number ?? null,
    filedAt: r.filed_at,
    dueDate: r.due_date ?? null,
    businessDaysLeft: light.businessDaysLeft,
    light: light.light,
    silencioRisk: silencio === 'riesgo' || silencio === 'ocurrido',
    silencio: r.state === 'anulada' ? null : silencio,
    assignedTo: r.assigned_name ?? null,
    receivedDate: r.received_date ?? r.filed_date,
    enteredLate: Boolean(r.entered_late),
    legalDue: due ? { ...due, light: dueLight(ctx, Number(r.office_id), due.date, due.kind) } : null,
    answerState: r.answer_state ?? null,
  };
}

export async function toListItems(db: Knex, today: IsoDate, rows: PqrRow[]): Promise<PqrListItem[]> {
  const rules = await legalRules(db);
  const extra = rows.map((r) => [r.transfer_due_date, r.pause_limit_date, r.citacion_due_date, r.silencio_recognize_by]);
  const { lights, counters, dueSoon } = await lightsFor(db, today, rows, extra);
  const ctx: ListContext = { today, alertDays: rules.silencioAlertBusinessDays.value ?? dueSoon, recognitionHours: rules.silencioRecognitionHours.value, dueSoon, counters };
  return rows.map((r, i) => {
    const item = toListItem(r, lights[i], ctx);
    // a traslado drafted: the list shows its own, nearer due date and light (Ley 1755 art. 21)
    const own = lightDueOf(r);
    if (own === r.due_date) return item;
    const office = counters.get(Number(r.office_id));
    const light = office ? trafficLight(office.calendar, today, r.state, own, dueSoon, office.between) : lights[i];
    return { ...item, dueDate: own, light: light.light, businessDaysLeft: light.businessDaysLeft };
  });
}

interface DetailRow extends PqrRow {
  office_code: string;
  channel: PqrChannel;
  causal_id: number | null;
  account_id: number | null;
  invoice_id: number | null;
  invoice_number: string | null;
  petitioner_id_type: IdType | null;
  petitioner_id_number: string;
  petitioner_phone: string;
  petitioner_email: string;
  petitioner_address: string;
  accepts_electronic: number | boolean;
  body: string;
  pages: number;
  annexes: number;
  destination: string;
  filed_by_name: string | null;
  term_business_days: number;
  original_due_date: string;
  pause_reason: PauseReason | null;
  paused_since: string | null;
  paused_remaining: number | null;
  extension_due_date: string | null;
  extension_reasons: string | null;
  extended_at: string | null;
  closed_result: string | null;
  radicado_status: string;
  annul_reason: string | null;
  annulled_at: string | null;
  annulled_by_name: string | null;
  notified_date: string | null;
  notification_type: NotificationType | null;
  recurso_deadline: string | null;
  appeals_pqr_id: number | null;
  extemporaneous: number | boolean;
  sspd_sent_on: string | null;
  sspd_note: string | null;
  sspd_decision: SspdOutcome | null;
  sspd_resolution_number: string | null;
  sspd_resolution_date: string | null;
  sspd_decision_note: string | null;
  received_at: string | null;
  received_evidence: string;
  term_start_date: string | null;
  term_key: string | null;
  admits_extension: number | boolean;
  invoice_claim_late: number | boolean;
  pause_evidence: string;
  pruebas_used_days: number;
  completion_requested_on: string | null;
  completion_deadline: string | null;
  completed_on: string | null;
  completion_extended: number | boolean;
  desisted_on: string | null;
  desistimiento_letter_id: number | null;
  desistimiento_radicado: string | null;
  silencio_letter_id: number | null;
  silencio_radicado: string | null;
  created_at: string;
}

export async function getPqrDetail(db: Knex, pqrId: number, today: IsoDate): Promise<PqrDetail> {
  const row: DetailRow | undefined = await listQuery(db)
    .join('offices as o', 'o.id', 'p.office_id')
    .leftJoin('invoices as i', 'i.id', 'p.invoice_id')
    .leftJoin('users as fb', 'fb.id', 'p.filed_by')
    .leftJoin('users as ab', 'ab.id', 'r.annulled_by')
    .leftJoin('correspondence as dl', 'dl.id', 'p.desistimiento_letter_id')
    .leftJoin('radicados as dr', 'dr.id', 'dl.radicado_id')
    .leftJoin('correspondence as sl', 'sl.id', 'p.silencio_letter_id')
    .leftJoin('radicados as sr', 'sr.id', 'sl.radicado_id')
    .where('p.id', pqrId)
    .first(
      'o.code as office_code',
      'p.channel',
      'p.causal_id',
      'p.account_id',
      'p.invoice_id',
      'i.number as invoice_number',
      'p.petitioner_id_type',
      'p.petitioner_id_number',
      'p.petitioner_phone',
      'p.petitioner_email',
      'p.petitioner_address',
      'p.accepts_electronic',
      'p.body',
      'p.pages',
      'p.annexes',
      'p.destination',
      'fb.full_name as filed_by_name',
      'p.term_business_days',
      'p.original_due_date',
      'p.pause_reason',
      'p.paused_since',
      'p.paused_remaining',
      'p.extension_due_date',
      'p.extension_reasons',
      'p.extended_at',
      'p.closed_result',
      'r.status as radicado_status',
      'r.annul_reason',
      'r.annulled_at',
      'ab.full_name as annulled_by_name',
      'p.notified_date',
      'p.notification_type',
      'p.recurso_deadline',
      'p.appeals_pqr_id',
      'p.extemporaneous',
      'p.sspd_sent_on',
      'p.sspd_note',
      'p.sspd_decision',
      'p.sspd_resolution_number',
      'p.sspd_resolution_date',
      'p.sspd_decision_note',
      'p.received_at',
      'p.received_evidence',
      'p.term_start_date',
      'p.term_key',
      'p.admits_extension',
      'p.invoice_claim_late',
      'p.pause_evidence',
      'p.pruebas_used_days',
      'p.completion_requested_on',
      'p.completion_deadline',
      'p.completed_on',
      'p.completion_extended',
      'p.desisted_on',
      'p.desistimiento_letter_id',
      'dr.number as desistimiento_radicado',
      'p.silencio_letter_id',
      'sr.number as silencio_radicado',
      'p.created_at',
    );
  if (!row) throw notFound('La PQR');
  const [item] = await toListItems(db, today, [row]);
  const term = await termOf(db, (row.term_key ?? row.type) as TermKey);
  const recognitionHours = (await legalRules(db)).silencioRecognitionHours.value;
  const attachments: { id: number; file_name: string; mime_type: string; size: number; sha256: string; uploaded_at: string; uploaded_by_name: string | null }[] = await db(
    'pqr_attachments as pa',
  )
    .leftJoin('users as u', 'u.id', 'pa.uploaded_by')
    .where('pa.pqr_id', pqrId)
    .orderBy('pa.id')
    .select('pa.id', 'pa.file_name', 'pa.mime_type', 'pa.size', 'pa.sha256', 'pa.uploaded_at', 'u.full_name as uploaded_by_name');
  const events: { id: number; at: string; user_name: string; action: PqrEventAction; detail_json: string }[] = await db('pqr_events')
    .where({ pqr_id: pqrId })
    .orderBy('id')
    .select('id', 'at', 'user_name', 'action', 'detail_json');
  const attachmentList: PqrAttachment[] = attachments.map((a) => ({
    id: Number(a.id),
    fileName: a.file_name,
    mimeType: a.mime_type,
    size: Number(a.size),
    sha256: a.sha256,
    uploadedAt: a.uploaded_at,
    uploadedBy: a.uploaded_by_name ?? 'sistema',
  }));
  const notifications = await notificationsOf(db, pqrId);
  const history: PqrEvent[] = events.map((e) => ({ id: Number(e.id), at: e.at, userName: e.user_name, action: e.action, text: (JSON.parse(e.detail_json) as { text?: string }).text ?? e.action }));
  const silencioDue = row.silencio_on ? addDays(row.silencio_on, -1) : item.silencio === 'ocurrido' ? row.due_date : null;
  return {
    ...item,
    officeId: Number(row.office_id),
    officeCode: row.office_code,
    channel: row.channel,
    causal: row.causal_id === null ? null : await getCausal(db, row.causal_id),
    accountId: row.account_id === null ? null : Number(row.account_id),
    invoiceId: row.invoice_id === null ? null : Number(row.invoice_id),
    invoiceNumber: row.invoice_number ?? null,
    petitioner: {
      name: row.petitioner_name,
      idType: row.petitioner_id_type ?? null,
      idNumber: row.petitioner_id_number,
      phone: row.petitioner_phone,
      email: row.petitioner_email,
      address: row.petitioner_address,
      acceptsElectronicNotification: Boolean(row.accepts_electronic),
    },
    text: row.body,
    pages: Number(row.pages),
    annexes: Number(row.annexes),
    destination: row.destination,
    filedBy: row.filed_by_name ?? 'sistema',
    filedDate: row.filed_date,
    termBusinessDays: Number(row.term_business_days),
    originalDueDate: row.original_due_date,
    receivedAt: row.received_at ?? row.created_at,
    receivedEvidence: row.received_evidence ?? '',
    termStartDate: row.term_start_date ?? row.filed_date,
    termKey: term.termKey,
    termBasis: term.basis,
    admitsExtension: Boolean(row.admits_extension),
    termRule: term.rule,
    silencioApplies: Boolean(row.silencio_applies),
    invoiceClaimLate: Boolean(row.invoice_claim_late),
    paused:
      row.pause_reason && row.paused_since
        ? {
            reason: row.pause_reason,
            since: row.paused_since,
            remainingBusinessDays: Number(row.paused_remaining ?? 0),
            evidence: row.pause_evidence ?? '',
            limitDate: row.pause_limit_date ?? null,
          }
        : null,
    pruebasUsedDays: Number(row.pruebas_used_days ?? 0),
    completion:
      row.completion_requested_on && row.completion_deadline
        ? { requestedOn: row.completion_requested_on, deadline: row.completion_deadline, completedOn: row.completed_on ?? null, extended: Boolean(row.completion_extended) }
        : null,
    desisted:
      row.desisted_on && row.desistimiento_letter_id !== null
        ? { on: row.desisted_on, radicado: row.desistimiento_radicado ?? '', correspondenceId: Number(row.desistimiento_letter_id) }
        : null,
    silencioPositivo:
      silencioDue !== null
        ? {
            occurredOn: addDays(silencioDue, 1),
            recognizeBy: row.silencio_recognize_by ?? (recognitionHours !== null ? silencioDeadlineOf(silencioDue, recognitionHours) : addDays(silencioDue, 3)),
            recognizedOn: row.silencio_recognized_on ?? null,
            radicado: row.silencio_radicado ?? null,
            correspondenceId: row.silencio_letter_id === null ? null : Number(row.silencio_letter_id),
          }
        : null,
    transferDueDate: row.transfer_due_date ?? null,
    citacionDueDate: row.citacion_due_date ?? null,
    avisoFrom: row.aviso_from_date ?? null,
    extension: row.extension_due_date ? { newDueDate: row.extension_due_date, reasons: row.extension_reasons ?? '', at: row.extended_at ?? '' } : null,
    closedResult: row.closed_result ?? null,
    annulled:
      row.radicado_status === 'anulado' ? { reason: row.annul_reason ?? '', at: row.annulled_at ?? '', by: row.annulled_by_name ?? 'sistema' } : null,
    attachments: attachmentList,
    history,
    answer: await answerOf(db, pqrId),
    notifications,
    notifiedDate: row.notified_date ?? null,
    notificationType: row.notification_type ?? null,
    electronicPending: row.notified_date ? null : electronicPendingOf(notifications),
    recursoDeadline: row.recurso_deadline ?? null,
    appeals: row.appeals_pqr_id === null ? null : await appealedOf(db, Number(row.appeals_pqr_id)),
    extemporaneous: Boolean(row.extemporaneous),
    recursos: await recursosAgainst(db, pqrId),
    sspd: row.sspd_sent_on
      ? {
          sentOn: row.sspd_sent_on,
          note: row.sspd_note ?? '',
          decision:
            row.sspd_decision === null
              ? null
              : { outcome: row.sspd_decision, resolutionNumber: row.sspd_resolution_number ?? '', resolutionDate: row.sspd_resolution_date ?? '', note: row.sspd_decision_note ?? '' },
        }
      : null,
  };
}

interface AnswerRow {
  decision: AnswerDecision;
  state: AnswerState;
  template_id: number | null;
  decision_text: string;
  subject: string;
  body: string;
  signer_name: string;
  signer_title: string;
  transfer_entity: string | null;
  transfer_address: string | null;
  drafted_by_name: string | null;
  drafted_at: string;
  returned_reason: string | null;
  approved_by_name: string | null;
  approved_at: string | null;
  answer_date: string | null;
  outgoing_radicado: string | null;
  granted_amount: number | string | null;
  sent_on: string | null;
  sent_means: SentMeans | null;
  sent_guide: string | null;
}

/** the PQR's answer (draft, returned or approved), null before the first draft */
export async function answerOf(db: Knex, pqrId: number): Promise<PqrAnswer | null> {
  const a: AnswerRow | undefined = await db('pqr_answers as pa')
    .leftJoin('users as d', 'd.id', 'pa.drafted_by')
    .leftJoin('users as ap', 'ap.id', 'pa.approved_by')
    .leftJoin('radicados as r', 'r.id', 'pa.outgoing_radicado_id')
    .where('pa.pqr_id', pqrId)
    .first(
      'pa.decision',
      'pa.state',
      'pa.template_id',
      'pa.decision_text',
      'pa.subject',
      'pa.body',
      'pa.signer_name',
      'pa.signer_title',
      'pa.transfer_entity',
      'pa.transfer_address',
      'd.full_name as drafted_by_name',
      'pa.drafted_at',
      'pa.returned_reason',
      'ap.full_name as approved_by_name',
      'pa.approved_at',
      'pa.answer_date',
      'r.number as outgoing_radicado',
      'pa.granted_amount',
      'pa.sent_on',
      'pa.sent_means',
      'pa.sent_guide',
    );
  if (!a) return null;
  return {
    decision: a.decision,
    decisionName: DECISION_NAMES[a.decision] ?? a.decision,
    state: a.state,
    templateId: a.template_id === null ? null : Number(a.template_id),
    decisionText: a.decision_text,
    subject: a.subject,
    body: a.body,
    signer: { name: a.signer_name, title: a.signer_title },
    transfer: a.transfer_entity ? { entity: a.transfer_entity, address: a.transfer_address ?? '' } : null,
    draftedBy: a.drafted_by_name ?? 'sistema',
    draftedAt: a.drafted_at,
    returnedReason: a.returned_reason ?? null,
    approvedBy: a.approved_by_name ?? null,
    approvedAt: a.approved_at ?? null,
    answerDate: a.answer_date ?? null,
    outgoingRadicado: a.outgoing_radicado ?? null,
    grantedAmount: a.granted_amount === null || a.granted_amount === undefined ? null : Number(a.granted_amount),
    sent: a.sent_on && a.sent_means ? { on: a.sent_on, means: a.sent_means, guide: a.sent_guide ?? '' } : null,
  };
}

/** the last electronic sending, when no access followed it */
function electronicPendingOf(notifications: PqrNotification[]): PqrDetail['electronicPending'] {
  const last = [...notifications].reverse().find((n) => n.step === 'electronica' || n.step === 'acceso');
  return last?.step === 'electronica' ? { sentOn: last.stepDate, email: last.email } : null;
}

export async function notificationsOf(db: Knex, pqrId: number): Promise<PqrNotification[]> {
  const rows: {
    id: number;
    step: NotificationStep;
    step_date: string;
    notified_date: string | null;
    person_name: string;
    person_id_number: string;
    email: string;
    guide: string;
    step_time: string | null;
    evidence: string;
    place: string;
    publication_reason: PublicationReason | null;
    late_reason: string;
    recorded_by_name: string | null;
    recorded_at: string;
  }[] = await db('pqr_notifications as n')
    .leftJoin('users as u', 'u.id', 'n.recorded_by')
    .where('n.pqr_id', pqrId)
    .orderBy('n.id')
    .select(
      'n.id',
      'n.step',
      'n.step_date',
      'n.notified_date',
      'n.person_name',
      'n.person_id_number',
      'n.email',
      'n.guide',
      'n.step_time',
      'n.evidence',
      'n.place',
      'n.publication_reason',
      'n.late_reason',
      'u.full_name as recorded_by_name',
      'n.recorded_at',
    );
  return rows.map((n) => ({
    id: Number(n.id),
    step: n.step,
    stepDate: n.step_date,
    notifiedDate: n.notified_date ?? null,
    personName: n.person_name,
    personIdNumber: n.person_id_number,
    email: n.email,
    guide: n.guide,
    time: n.step_time ?? null,
    evidence: n.evidence ?? '',
    place: n.place ?? '',
    publicationReason: n.publication_reason ?? null,
    lateReason: n.late_reason ?? '',
    recordedBy: n.recorded_by_name ?? 'sistema',
    recordedAt: n.recorded_at,
  }));
}

async function appealedOf(db: Knex, pqrId: number): Promise<{ pqrId: number; radicado: string } | null> {
  const row: { radicado: string } | undefined = await db('pqrs as p').join('radicados as r', 'r.id', 'p.radicado_id').where('p.id', pqrId).first('r.number as radicado');
  return row ? { pqrId, radicado: row.radicado } : null;
}

async function recursosAgainst(db: Knex, pqrId: number): Promise<PqrDetail['recursos']> {
  const rows: { id: number; radicado: string; type: PqrType; state: PqrState }[] = await db('pqrs as p')
    .join('radicados as r', 'r.id', 'p.radicado_id')
    .where('p.appeals_pqr_id', pqrId)
    .orderBy('p.id')
    .select('p.id', 'r.number as radicado', 'p.type', 'p.state');
  return rows.map((r) => ({ pqrId: Number(r.id), radicado: r.radicado, type: r.type, state: r.state }));
}

/** who is reading: office-bound roles only see their office's PQRs */
export interface Reader {
  userId: number | null;
  role: string;
  /** null: every office (administrator, CLI) */
  officeId: number | null;
}

/** the offices a reader sees (the company's rule: electron/core/officeScope.ts) */
export function officeScope(reader: Reader): number | null {
  return officeScopeOf(reader);
}

/** a PQR the reader may see (another office's: "no existe", as if absent) */
export async function visiblePqr(db: Knex, reader: Reader, pqrId: number): Promise<{ id: number; office_id: number }> {
  const row: { id: number; office_id: number } | undefined = await db('pqrs').where({ id: pqrId }).first('id', 'office_id');
  const scope = officeScope(reader);
  if (!row || (scope !== null && Number(row.office_id) !== scope)) throw notFound('La PQR');
  return row;
}

export async function findByRadicado(db: Knex, reader: Reader, text: string, today: IsoDate): Promise<PqrDetail> {
  const number = normalizeRadicado(text);
  // the PQR's own radicado, or the radicado de salida of its answer (a recurso names either)
  const row: { id: number; office_id: number } | undefined = number
    ? ((await db('radicados as r').join('pqrs as p', 'p.radicado_id', 'r.id').where('r.number', number).first('p.id', 'p.office_id')) ??
      (await db('radicados as r').join('pqr_answers as a', 'a.outgoing_radicado_id', 'r.id').join('pqrs as p', 'p.id', 'a.pqr_id').where('r.number', number).first('p.id', 'p.office_id')))
    : undefined;
  const scope = officeScope(reader);
  if (!row || (scope !== null && Number(row.office_id) !== scope)) {
    throw new AppError('NOT_FOUND', `No existe el radicado «${text.trim()}». Revise el número (ejemplo: 2026-GAR-P-000123).`);
  }
  return getPqrDetail(db, Number(row.id), today);
}

const OPEN_STATES: PqrState[] = ['radicada', 'asignada', 'respondida', 'suspendida'];

/** the most a tray shows (the most urgent first) */
export const TRAY_LIMIT = 500;

/**
 * The first `limit` rows by due date (no due date last), one query per state merged here: each one
 * walks an index (office or assignee, state, due_date) in order and stops at `limit`, where a single
 * `state IN (…) ORDER BY due_date` would sort every open row of the office first.
 */
async function firstByDue(build: () => Knex.QueryBuilder, states: PqrState[], limit: number): Promise<PqrRow[]> {
  const lists: PqrRow[][] = await Promise.all(states.map((state) => build().where('p.state', state).orderBy('p.due_date').orderBy('p.id').limit(limit)));
  // no due date last, then by due date and id (each row's key built once, not at every comparison)
  const keyed = lists.flat().map((r) => ({ r, due: r.due_date ?? '9999-99-99', id: Number(r.id) }));
  keyed.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.id - b.id));
  return keyed.slice(0, limit).map((k) => k.r);
}

export async function tray(db: Knex, reader: Reader, scope: 'mine' | 'office' | 'unassigned', today: IsoDate): Promise<PqrListItem[]> {
  // the clerk sees hers and those nobody has yet (to take them); the whole office is the coordinator's
  if (scope === 'office' && reader.role === 'auxiliar') throw new AppError('FORBIDDEN', 'Solo el coordinador ve la bandeja de toda la oficina.');
  const build = () => {
    const q = listQuery(db);
    if (scope === 'mine') return q.where('p.assigned_to', reader.userId ?? -1);
    if (reader.officeId !== null) q.where('p.office_id', reader.officeId);
    if (scope === 'unassigned') q.whereNull('p.assigned_to');
    return q;
  };
  return toListItems(db, today, await firstByDue(build, OPEN_STATES, TRAY_LIMIT));
}

export interface SearchInput {
  text: string;
  type?: PqrType;
  state?: PqrState;
  assignedTo?: number;
  light?: 'a_tiempo' | 'por_vencer' | 'vencida';
  filedFrom?: string;
  filedTo?: string;
  limit: number;
}

/** the due-date range of a light, for the office's calendar: [from, to] inclusive (null: open end) */
async function dueRangeOf(db: Knex, officeId: number, today: IsoDate, light: 'a_tiempo' | 'por_vencer' | 'vencida'): Promise<[string | null, string | null]> {
  if (light === 'vencida') return [null, addDays(today, -1)];
  const { dueSoonBusinessDays } = await getSettings(db);
  const soonLimit = await withOfficeCalendar(db, officeId, today, addDays(today, calendarSpanFor(dueSoonBusinessDays)), (c) => addBusinessDays(c, today, dueSoonBusinessDays));
  return light === 'por_vencer' ? [today, soonLimit] : [addDays(soonLimit, 1), null];
}

export async function searchPqrs(db: Knex, reader: Reader, input: SearchInput, today: IsoDate): Promise<PqrListItem[]> {
  const q = listQuery(db);
  const scope = officeScope(reader);
  if (scope !== null) q.where('p.office_id', scope);
  const text = input.text.trim();
  let orderedByWords = false;
  if (text !== '') {
    const upper = text.toUpperCase();
    if (RADICADO_PATTERN.test(upper)) {
      q.where('r.number', normalizeRadicado(upper) as string);
    } else if (/^[0-9.\- ]+$/.test(text) && /\d{3,}/.test(text)) {
      const digits = text.replace(/[.\- ]/g, '');
      // two indexed look-ups (petitioner id; account number → account_id), not an OR that scans
      const byId = db('pqrs').where('petitioner_id_number', digits).select('id');
      const byAccount = db('pqrs').join('accounts', 'accounts.id', 'pqrs.account_id').where('accounts.number', digits).select('pqrs.id');
      q.whereIn('p.id', byId.union(byAccount));
    } else {
      // words: the FTS5 index (PostgreSQL: GIN); newest filing first, unless a light orders the list
      if (!(await restrictToWords(db, q, text, { newestFirst: !input.light }))) return [];
      orderedByWords = !input.light;
    }
  }
  if (input.type) q.where('p.type', input.type);
  if (input.state) q.where('p.state', input.state);
  if (input.assignedTo) q.where('p.assigned_to', input.assignedTo);
  if (input.filedFrom) q.where('p.filed_date', '>=', input.filedFrom);
  if (input.filedTo) q.where('p.filed_date', '<=', input.filedTo);
  if (input.light) {
    const officeId = scope ?? reader.officeId;
    if (officeId === null) return [];
    const [from, to] = await dueRangeOf(db, officeId, today, input.light);
    // a light is counted on one office's calendar: the caller's (also for an administrator)
    if (scope === null) q.where('p.office_id', officeId);
    if (from) q.where('p.due_date', '>=', from);
    if (to) q.where('p.due_date', '<=', to);
    // by a light, the most urgent first: per running state along the due-date indexes
    const running = (['radicada', 'asignada'] as PqrState[]).filter((st) => !input.state || input.state === st);
    return toListItems(db, today, await firstByDue(() => q.clone(), running, input.limit));
  }
  if (!orderedByWords) q.orderBy('p.filed_date', 'desc').orderBy('p.id', 'desc');
  const rows: PqrRow[] = await q.limit(input.limit);
  return toListItems(db, today, rows);
}
