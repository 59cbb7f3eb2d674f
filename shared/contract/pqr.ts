/**
 * PQR and correspondence (issue 4), first part: filing with a radicado, the legal term in business
 * days (pause, resume, one extension), assignment, the tray, comments and the unalterable history,
 * close / reopen / annul, search, attachments and the papers of filing (sticker, constancia);
 * then the answer (template, approval, outgoing radicado, traslado), notification (citación,
 * personal, aviso, electrónica; the 5-business-day recurso window), recursos and the remisión to the
 * SSPD, and outgoing / internal correspondence with its delivery record. Reports: contract/pqrReports.ts.
 */
import { z } from 'zod';
import { email, empty, fileInput, id, isoDate, optionalText, phone, requiredText, shortText } from './common';
import { isClockTime } from '../dates';
import { ID_TYPES, type IdType } from './accounts';
import type { Country } from './setup';
import type { DocumentFile } from './cashier';

/** the kinds of request; `term` defaults per country live in resources/tables/pqr-terms.json and are editable */
export const PQR_TYPES = [
  'peticion',
  'queja',
  'reclamo',
  'recurso_reposicion',
  'reposicion_apelacion',
  'solicitud_informacion',
  'consulta',
  'denuncia',
  'sugerencia',
  'tutela',
  'correspondencia',
] as const;
export type PqrType = (typeof PQR_TYPES)[number];

/**
 * The rows of the terms table (pqr_terms, resources/tables/pqr-terms.json): one per kind of request,
 * plus `peticion_servicio`, the petición about the service contract (Ley 142 de 1994, arts. 152–159),
 * which is filed as a petición marked «sobre el servicio» and follows Ley 142 (no extension,
 * silencio positivo).
 */
export const TERM_KEYS = [...PQR_TYPES, 'peticion_servicio'] as const;
export type TermKey = (typeof TERM_KEYS)[number];

/**
 * The legal rules of the workflow around the term, per country (pqr_legal_rules,
 * resources/tables/pqr-legal-rules.json), each with its source; the administrator edits them.
 */
export const LEGAL_RULE_KEYS = [
  'completionRequestBusinessDays',
  'completionUserMonths',
  'pruebasMaxBusinessDays',
  'transferBusinessDays',
  'citacionBusinessDays',
  'avisoAfterCitacionBusinessDays',
  'publicationBusinessDays',
  'recursoBusinessDays',
  'silencioAlertBusinessDays',
  'silencioRecognitionHours',
  'invoiceClaimMonths',
  'suspensionMaxMonthlyPeriods',
  'suspensionMaxBimonthlyPeriods',
] as const;
export type LegalRuleKey = (typeof LEGAL_RULE_KEYS)[number];

export interface LegalRule {
  key: LegalRuleKey;
  /** business days, months or hours (the key says which); null: the country has no such rule */
  value: number | null;
  basis: string;
  /** the rule in one Spanish sentence, as the screens explain it */
  explanation: string;
}

/** 'HH:MM' on the company's clock */
export const clockTime = z.string().max(5, { message: 'Hora inválida (use HH:MM)' }).refine(isClockTime, { message: 'Hora inválida (use HH:MM)' });

export const PQR_CHANNELS = ['ventanilla', 'telefono', 'correo', 'web', 'carta'] as const;
export type PqrChannel = (typeof PQR_CHANNELS)[number];

/** entrada (incoming), salida (outgoing), interna (memo), pqr: one sequence per kind, office and year */
export const RADICADO_KINDS = ['entrada', 'salida', 'interna', 'pqr'] as const;
export type RadicadoKind = (typeof RADICADO_KINDS)[number];

export const PQR_STATES = ['radicada', 'asignada', 'suspendida', 'respondida', 'cerrada', 'anulada'] as const;
export type PqrState = (typeof PQR_STATES)[number];

/** traffic light: on time, due within settings.dueSoonBusinessDays business days, overdue; none when answered/closed/annulled */
export type TrafficLight = 'a_tiempo' | 'por_vencer' | 'vencida' | 'sin_termino';

export const PQR_EVENT_ACTIONS = [
  'radicada',
  'asignada',
  'reasignada',
  'comentario',
  'suspendida',
  'reanudada',
  'prorrogada',
  'adjunto',
  'respondida',
  'aprobada',
  'devuelta',
  'enviada',
  'citada',
  'notificada',
  'recurrida',
  'remitida_sspd',
  'notificacion_enviada',
  'publicada',
  'silencio_positivo',
  'silencio_reconocido',
  'desistida',
  'cerrada',
  'reabierta',
  'anulada',
  'decidida_sspd',
] as const;
export type PqrEventAction = (typeof PQR_EVENT_ACTIONS)[number];

/** what the SSPD resolved on an apelación: it confirms, revokes or modifies the company's decision (Ley 142 de 1994, art. 159) */
export const SSPD_OUTCOMES = ['confirma', 'revoca', 'modifica'] as const;
export type SspdOutcome = (typeof SSPD_OUTCOMES)[number];
export const SSPD_OUTCOME_NAMES: Record<SspdOutcome, string> = { confirma: 'Confirma', revoca: 'Revoca', modifica: 'Modifica' };

export interface SspdDecision {
  outcome: SspdOutcome;
  resolutionNumber: string;
  resolutionDate: string;
  note: string;
}

export const PAUSE_REASONS = ['completar_peticion', 'pruebas'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

/** attachments: what the counter accepts */
export const ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024;
export const ATTACHMENT_TYPES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'imagen JPG',
  'image/png': 'imagen PNG',
  'application/msword': 'Word (.doc)',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (.docx)',
};

const petitioner = z.strictObject({
  name: requiredText(120),
  idType: z.enum(ID_TYPES).optional(),
  idNumber: shortText(20).optional().default(''),
  phone: phone.optional().default(''),
  email: email.optional().default(''),
  address: optionalText(160),
  /** accepts notification by email (Ley 1437 art. 56): needs an email */
  acceptsElectronicNotification: z.boolean().optional().default(false),
});

/** an attached file, inline or sent first in chunks (attachments.begin/chunk), at most ATTACHMENT_MAX_BYTES */
const attachmentUpload = fileInput(ATTACHMENT_MAX_BYTES, 'El adjunto supera el tamaño máximo de 25 MB');

const radicadoText = z.string().trim().min(1).max(40);

/** the decision of an answer; its SUI "tipo de respuesta" code is SUI_RESPONSE_CODES */
export const ANSWER_DECISIONS = ['accede', 'accede_parcialmente', 'no_accede', 'confirma', 'modifica', 'revoca', 'rechaza', 'traslada', 'archiva'] as const;
export type AnswerDecision = (typeof ANSWER_DECISIONS)[number];
/** SUI Formato A, column 11 (9 pendiente and 10 sin respuesta are for PQRs without an approved answer) */
export const SUI_RESPONSE_CODES: Record<AnswerDecision, number> = {
  accede: 1,
  accede_parcialmente: 2,
  no_accede: 3,
  confirma: 4,
  modifica: 5,
  revoca: 6,
  rechaza: 7,
  traslada: 8,
  archiva: 11,
};
/** the decision as it reads inside a sentence of the letter (always Spanish): "la empresa {{decision}} a lo solicitado" */
export const DECISION_WORDS: Record<AnswerDecision, string> = {
  accede: 'accede',
  accede_parcialmente: 'accede parcialmente',
  no_accede: 'no accede',
  confirma: 'confirma la decisión recurrida',
  modifica: 'modifica la decisión recurrida',
  revoca: 'revoca la decisión recurrida',
  rechaza: 'rechaza',
  traslada: 'traslada por competencia',
  archiva: 'archiva',
};

/** decisions that do not grant a reposición: with subsidio de apelación the file goes to the SSPD */
export const NOT_GRANTED_DECISIONS: readonly AnswerDecision[] = ['no_accede', 'confirma', 'rechaza', 'accede_parcialmente', 'modifica'];

/** decisions that grant a reclamo: over an invoice, the answer records the amount it recognised */
export const GRANTING_DECISIONS: readonly AnswerDecision[] = ['accede', 'accede_parcialmente'];
/** whether an answer records a granted amount: a reclamo about an invoice, answered accede or accede parcialmente */
export function takesGrantedAmount(pqr: { type: PqrType; invoiceId: number | null }, decision: AnswerDecision): boolean {
  return pqr.type === 'reclamo' && pqr.invoiceId !== null && GRANTING_DECISIONS.includes(decision);
}

export const ANSWER_STATES = ['borrador', 'devuelta', 'aprobada'] as const;
export type AnswerState = (typeof ANSWER_STATES)[number];

/** how the answer (or outgoing letter) left the office */
export const SENT_MEANS = ['personal', 'correo_certificado', 'correo_electronico', 'mensajeria'] as const;
export type SentMeans = (typeof SENT_MEANS)[number];

/**
 * notification steps: citación (letter inviting the petitioner), personal (the act signed at the
 * office), aviso (when they do not come within 5 business days; done the business day after
 * delivery), electrónica (only if accepted). personal/aviso/electrónica complete the notification.
 */
export const NOTIFICATION_STEPS = ['citacion', 'personal', 'aviso', 'electronica', 'acceso', 'publicacion'] as const;
export type NotificationStep = (typeof NOTIFICATION_STEPS)[number];
/**
 * How a decision ended up notified (pqrs.notification_type): personal, aviso, electrónica (the
 * certified access to the act sent by e-mail, Ley 1437 art. 56 and Ley 2080 de 2021) or publicación
 * (art. 69 inciso 2, when the address is unknown or the aviso came back).
 */
export const NOTIFICATION_TYPES = ['personal', 'aviso', 'electronica', 'publicacion'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
/** SUI Formato A, column 15: 1 personal (electronic notification is personal, Ley 1437 art. 67), 4 aviso (also the published one) */
export const SUI_NOTIFICATION_CODES: Record<NotificationType, number> = { personal: 1, electronica: 1, aviso: 4, publicacion: 4 };
/** why an aviso is published instead of delivered (Ley 1437 art. 69 inciso 2) */
export const PUBLICATION_REASONS = ['direccion_desconocida', 'aviso_devuelto'] as const;
export type PublicationReason = (typeof PUBLICATION_REASONS)[number];
/** business days after notification to file a recurso (Ley 142 art. 154): the default of the rule recursoBusinessDays */
export const RECURSO_WINDOW_BUSINESS_DAYS = 5;

export const CORRESPONDENCE_KINDS = ['salida', 'interna'] as const;
export type CorrespondenceKind = (typeof CORRESPONDENCE_KINDS)[number];

export const pqrSchemas = {
  /** types with their terms for the caller's office country; causales (SUI); for the filing form */
  'pqr.catalog': empty,
  /** file (radicar) a PQR or incoming correspondence at the counter; returns it with its papers */
  'pqr.file': z.strictObject({
    type: z.enum(PQR_TYPES),
    channel: z.enum(PQR_CHANNELS),
    /** SUI causal (group F/P + 3-digit detail); required for quejas, reclamos and recursos */
    causalId: id.optional(),
    accountId: id.optional(),
    invoiceId: id.optional(),
    petitioner,
    subject: requiredText(200),
    text: z.string().trim().min(1, { message: 'Obligatorio' }).max(20_000),
    pages: z.number().int().min(0).max(5000),
    annexes: z.number().int().min(0).max(500),
    /** the area or person it goes to (printed on the sticker) */
    destination: optionalText(120),
    attachments: z.array(attachmentUpload).max(10).optional().default([]),
    /** a recurso: the radicado (entrada or the answer's salida) of the answered PQR it attacks; required for the two recurso types */
    appealsRadicado: radicadoText.optional(),
    /**
     * when the petition was received, on the company's clock; now when left out. Earlier than now only
     * with `receivedEvidence` (the e-mail's date, the envelope's stamp, the web form's timestamp), never
     * in the future. The term counts from it (after the office's closing hour: from the next business day).
     */
    receivedAt: z.strictObject({ date: isoDate, time: clockTime }).optional(),
    receivedEvidence: optionalText(300),
    /** a petición about the service contract (Ley 142): no extension, silencio positivo; default: when an account or invoice is named */
    aboutService: z.boolean().optional(),
  }),
  'pqr.get': z.strictObject({ pqrId: id }),
  /** by radicado number as printed (also typed or scanned) */
  'pqr.findByRadicado': z.strictObject({ radicado: radicadoText }),
  /** the caller's tray (assigned to them), or (coordinators) the office's, sorted by due date */
  'pqr.tray': z.strictObject({ scope: z.enum(['mine', 'office', 'unassigned']).optional().default('mine') }),
  /** search: radicado, account number, petitioner name or id, words in subject or text; filters */
  'pqr.search': z.strictObject({
    text: shortText(120).optional().default(''),
    type: z.enum(PQR_TYPES).optional(),
    state: z.enum(PQR_STATES).optional(),
    assignedTo: id.optional(),
    light: z.enum(['a_tiempo', 'por_vencer', 'vencida']).optional(),
    filedFrom: isoDate.optional(),
    filedTo: isoDate.optional(),
    limit: z.number().int().min(1).max(500).optional().default(100),
  }),
  'pqr.assign': z.strictObject({ pqrId: id, userId: id, note: optionalText(300) }),
  /** an unassigned PQR of the caller's office, taken by the caller (auxiliar or coordinador) */
  'pqr.take': z.strictObject({ pqrId: id }),
  'pqr.comment': z.strictObject({ pqrId: id, text: requiredText(2000) }),
  /**
   * stop the clock: petition to complete (Ley 1755 art. 17: only within the rule's business days of
   * filing; the note says what is missing) or pruebas (the evidence ordered is required; at most the
   * rule's business days in all)
   */
  'pqr.pause': z.strictObject({ pqrId: id, reason: z.enum(PAUSE_REASONS), note: requiredText(500), evidence: optionalText(500) }),
  /** resume; after the pruebas limit only a coordinator, with `lateReason` */
  'pqr.resume': z.strictObject({ pqrId: id, note: optionalText(500), lateReason: optionalText(500) }),
  /** the petitioner asks, before the month ends, for another month to complete the petition (once, Ley 1755 art. 17) */
  'pqr.extendCompletion': z.strictObject({ pqrId: id, note: optionalText(500) }),
  /** the petitioner did not complete the petition within the month: the act of desistimiento tácito (its letter, its radicado de salida); the PQR closes as desistida */
  'pqr.desist': z.strictObject({ pqrId: id, note: optionalText(2000) }),
  /** silencio administrativo positivo occurred: the act that recognises its effects (its letter, its radicado de salida) */
  'pqr.recognizeSilencio': z.strictObject({ pqrId: id, effects: requiredText(4000) }),
  /** the one extension: new date ≤ twice the original term; the letter to the petitioner is printed */
  'pqr.extend': z.strictObject({ pqrId: id, newDueDate: isoDate, reasons: requiredText(2000) }),
  'pqr.addAttachment': z.strictObject({ pqrId: id, attachment: attachmentUpload }),
  'pqr.attachment': z.strictObject({ attachmentId: id }),
  'pqr.close': z.strictObject({ pqrId: id, result: requiredText(500) }),
  'pqr.reopen': z.strictObject({ pqrId: id, reason: requiredText(500) }),
  /** a radicado filed by mistake: the number stays, marked anulado, with the reason */
  'pqr.annul': z.strictObject({ pqrId: id, reason: requiredText(500) }),
  /** the papers of the filing */
  'pqr.stickerPdf': z.strictObject({ pqrId: id }),
  'pqr.constanciaPdf': z.strictObject({ pqrId: id }),
  'pqr.extensionLetterPdf': z.strictObject({ pqrId: id }),
  /** the due date of a term for an office (also `npm run cli -- pqr due-date`) */
  'pqr.dueDate': z.strictObject({ type: z.enum(PQR_TYPES), filed: isoDate, officeId: id.optional() }),
  /** the answer templates (pqr_respuesta, or pqr_traslado) filled with this PQR's data, for the drafting screen */
  'pqr.answerTemplates': z.strictObject({ pqrId: id }),
  /**
   * draft (or redraft after a return) the answer: decision, the reasons ({{texto_decision}}), the
   * template; `body`/`subject` when the clerk edited the filled letter. traslada needs the entity.
   */
  'pqr.draftAnswer': z.strictObject({
    pqrId: id,
    decision: z.enum(ANSWER_DECISIONS),
    templateId: id.optional(),
    decisionText: z.string().trim().min(1, { message: 'Obligatorio' }).max(8000),
    subject: shortText(300).optional(),
    body: z.string().trim().max(20_000).optional(),
    transferEntity: shortText(160).optional(),
    transferAddress: shortText(200).optional(),
    /** a reclamo about an invoice granted (accede, accede parcialmente): the amount recognised, minor units, at most the invoice's value */
    grantedAmount: z.number({ message: 'Valor inválido' }).int({ message: 'Valor inválido' }).min(1, { message: 'El valor reconocido debe ser mayor que cero' }).optional(),
  }),
  /** the letter as it stands: BORRADOR across it until approved */
  'pqr.answerPreviewPdf': z.strictObject({ pqrId: id }),
  /** coordinator: approve the draft; gives the radicado de salida and the final letter (and the traslado letter) */
  'pqr.approveAnswer': z.strictObject({
    pqrId: id,
    /** an answer after the due date of a type with silencio positivo is approved only saying so */
    silencioAcknowledged: z.boolean().optional().default(false),
  }),
  /** coordinator: return the draft with a reason */
  'pqr.returnAnswer': z.strictObject({ pqrId: id, reason: requiredText(500) }),
  /** the approved letter (reprint) */
  'pqr.answerLetterPdf': z.strictObject({ pqrId: id }),
  /** the date the approved answer left the office, how, and the mail guide */
  'pqr.recordAnswerSent': z.strictObject({ pqrId: id, sentOn: isoDate, means: z.enum(SENT_MEANS), guide: optionalText(60) }),
  /** a notification step, dated, with its paper (citación letter, acta de notificación personal, aviso, constancia electrónica) */
  'pqr.notify': z.strictObject({
    pqrId: id,
    step: z.enum(NOTIFICATION_STEPS),
    /** the day of the step: citación sent, acta signed, aviso delivered, email sent */
    date: isoDate,
    personName: optionalText(120),
    personIdNumber: optionalText(20),
    email: email.optional().default(''),
    guide: optionalText(60),
    /** acceso: the time of the certified access ('HH:MM') */
    time: clockTime.optional(),
    /** acceso: the evidence of the access (certified mail acknowledgement); publicación: the returned aviso's guide or note */
    evidence: optionalText(300),
    /** publicación: where it was published (the web page and the office's notice board) and why */
    place: optionalText(200),
    publicationReason: z.enum(PUBLICATION_REASONS).optional(),
    /** a citación after its business days: a coordinator's reason */
    lateReason: optionalText(500),
  }),
  'pqr.notificationPdf': z.strictObject({ notificationId: id }),
  /** a reposición y en subsidio apelación not granted: the file goes to the SSPD, with its cover letter */
  'pqr.sendToSspd': z.strictObject({ pqrId: id, sentOn: isoDate, note: optionalText(500) }),
  /** the SSPD answered the apelación: its outcome, resolution number and date, a note */
  'pqr.recordSspdDecision': z.strictObject({ pqrId: id, outcome: z.enum(SSPD_OUTCOMES), resolutionNumber: optionalText(40), resolutionDate: isoDate, note: optionalText(500) }),

  /** outgoing (salida) or internal (interna) correspondence with its own radicado and letter */
  'correspondence.create': z.strictObject({
    kind: z.enum(CORRESPONDENCE_KINDS),
    recipientName: requiredText(160),
    recipientAddress: optionalText(200),
    subject: requiredText(300),
    /** the {{texto}} of the template */
    text: z.string().trim().min(1, { message: 'Obligatorio' }).max(20_000),
    templateId: id.optional(),
    /** optional: the PQR it relates to */
    pqrId: id.optional(),
  }),
  'correspondence.list': z.strictObject({
    kind: z.enum(CORRESPONDENCE_KINDS).optional(),
    text: shortText(120).optional().default(''),
    from: isoDate.optional(),
    to: isoDate.optional(),
    pendingDelivery: z.boolean().optional().default(false),
    limit: z.number().int().min(1).max(500).optional().default(100),
  }),
  'correspondence.get': z.strictObject({ correspondenceId: id }),
  'correspondence.templates': z.strictObject({ kind: z.enum(CORRESPONDENCE_KINDS) }),
  'correspondence.recordDelivery': z.strictObject({
    correspondenceId: id,
    carrier: requiredText(80),
    guide: optionalText(60),
    sentOn: isoDate,
    deliveredOn: isoDate.optional(),
    receivedBy: optionalText(120),
  }),
  'correspondence.letterPdf': z.strictObject({ correspondenceId: id }),
  /** a radicado de salida/interna made by mistake: the number stays, anulado, with the reason */
  'correspondence.annul': z.strictObject({ correspondenceId: id, reason: requiredText(500) }),

  /** administrator: the terms table per country (a row per kind of request, plus peticion_servicio) */
  'pqr.saveTerm': z.strictObject({
    type: z.enum(TERM_KEYS),
    termBusinessDays: z.number().int().min(1).max(120),
    basis: requiredText(200),
    admitsExtension: z.boolean().optional(),
    silencioPositivo: z.boolean().optional(),
    rule: shortText(600).optional(),
  }),
  /** the legal rules of the company's country, with their source */
  'pqr.legalRules': empty,
  /** administrator: one legal rule's value and source */
  'pqr.saveLegalRule': z.strictObject({
    key: z.enum(LEGAL_RULE_KEYS),
    value: z.number().int().min(0).max(1000),
    basis: requiredText(200),
    /** the country has no such rule: the value is not kept */
    none: z.boolean().optional().default(false),
  }),
  /** administrator: the SUI causales table */
  'pqr.saveCausal': z.strictObject({ causalId: id.optional(), group: z.enum(['F', 'P']), code: z.string().max(3, { message: 'Tres dígitos' }).regex(/^\d{3}$/, { message: 'Tres dígitos' }), name: requiredText(160), active: z.boolean() }),
};

export interface PqrTypeInfo {
  type: PqrType;
  /** the row of the terms table: the type, or peticion_servicio */
  termKey: TermKey;
  name: string;
  /** business days, for the company's country */
  termBusinessDays: number;
  basis: string;
  /** SUI tipo de trámite code (1–6), or null when the type is not reported */
  suiTramite: number | null;
  /** needs a SUI causal */
  needsCausal: boolean;
  /** an answer after the due date means silencio administrativo positivo (Ley 142 types, petición about the service, documents and information) */
  silencioPositivo: boolean;
  /** the one extension of Ley 1755 art. 14 may be granted */
  admitsExtension: boolean;
  /** why, in Spanish (shown on screen and in the refusal of an extension) */
  rule: string;
}

export interface SuiCausal {
  id: number;
  group: 'F' | 'P';
  code: string;
  name: string;
  active: boolean;
}

export interface PqrCatalog {
  country: Country;
  types: PqrTypeInfo[];
  /** the petición about the service contract (Ley 142): a petición marked «sobre el servicio» */
  peticionServicio: PqrTypeInfo;
  /** the legal rules of the country, with their source */
  rules: LegalRule[];
  causales: SuiCausal[];
  channels: { channel: PqrChannel; name: string }[];
  /** users of the office who may be assigned (auxiliar, coordinador) */
  assignees: { id: number; name: string; role: string }[];
}

export interface PqrListItem {
  id: number;
  radicado: string;
  type: PqrType;
  typeName: string;
  state: PqrState;
  subject: string;
  petitionerName: string;
  accountNumber: string | null;
  filedAt: string;
  dueDate: string | null;
  /** business days left (negative when overdue), null when the clock is not running */
  businessDaysLeft: number | null;
  light: TrafficLight;
  /**
   * risk of silencio administrativo positivo: a type it applies to, due within the rule's alert days
   * or overdue (then `silencio` says it occurred)
   */
  silencioRisk: boolean;
  /** riesgo: due soon; ocurrido: overdue or answered late, not recognised; reconocido: its act was issued */
  silencio: 'riesgo' | 'ocurrido' | 'reconocido' | null;
  assignedTo: string | null;
  /** the day the petition was received (the term counts from it) */
  receivedDate: string;
  /** entered on a later business day than received */
  enteredLate: boolean;
  /** the nearest date of the legal workflow besides the answer's due date, with its light */
  legalDue: LegalDue | null;
  /** the answer's state: 'borrador' waits for the coordinator's approval (the tray says so); lists only */
  answerState?: AnswerState | null;
}

/**
 * traslado: a traslado por competencia drafted, due 5 business days after receipt (Ley 1755 art. 21);
 * pruebas: the end of the longest pause for pruebas; completar: the end of the petitioner's month to
 * complete the petition (then desistimiento tácito); citacion: the last day to send the citación
 * (Ley 1437 art. 68); aviso: the first day an aviso may be delivered (art. 69); silencio: the end of
 * the 72 hours to recognise silencio positivo.
 */
export type LegalDueKind = 'traslado' | 'pruebas' | 'completar' | 'citacion' | 'aviso' | 'silencio';
export interface LegalDue {
  kind: LegalDueKind;
  date: string;
  light: TrafficLight;
}

export interface PqrEvent {
  id: number;
  at: string;
  userName: string;
  action: PqrEventAction;
  /** Spanish sentence: "Asignada a Laura Gómez", "Término suspendido: pruebas" */
  text: string;
}

export interface PqrAttachment {
  id: number;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
  uploadedBy: string;
}

export interface PqrDetail extends PqrListItem {
  officeId: number;
  officeCode: string;
  channel: PqrChannel;
  causal: SuiCausal | null;
  accountId: number | null;
  invoiceId: number | null;
  invoiceNumber: string | null;
  petitioner: {
    name: string;
    idType: IdType | null;
    idNumber: string;
    phone: string;
    email: string;
    address: string;
    acceptsElectronicNotification: boolean;
  };
  text: string;
  pages: number;
  annexes: number;
  destination: string;
  filedBy: string;
  /** business date of filing */
  filedDate: string;
  termBusinessDays: number;
  originalDueDate: string;
  /** when the petition was received (ISO), how it is proven when earlier than the filing, and the day the term counts from */
  receivedAt: string;
  receivedEvidence: string;
  termStartDate: string;
  /** the term's row and its rules, as they were at filing */
  termKey: TermKey;
  termBasis: string;
  admitsExtension: boolean;
  termRule: string;
  silencioApplies: boolean;
  /** a reclamo about an invoice issued more than the rule's months before (Ley 142 art. 154) */
  invoiceClaimLate: boolean;
  paused: {
    reason: PauseReason;
    since: string;
    remainingBusinessDays: number;
    /** pruebas: the evidence ordered */
    evidence: string;
    /** pruebas: the last day of the pause (the maximum); completar_peticion: the last day of the petitioner's month */
    limitDate: string | null;
  } | null;
  /** business days already paused for pruebas (the maximum counts them all) */
  pruebasUsedDays: number;
  /** the request to complete the petition, and the last day of the month to do it */
  completion: { requestedOn: string; deadline: string; completedOn: string | null; extended: boolean } | null;
  /** closed by desistimiento tácito: the act's date and radicado de salida */
  desisted: { on: string; radicado: string; correspondenceId: number } | null;
  /** silencio positivo: the day it occurred, the end of the 72 hours, and its recognition */
  silencioPositivo: { occurredOn: string; recognizeBy: string; recognizedOn: string | null; radicado: string | null; correspondenceId: number | null } | null;
  /** a traslado por competencia drafted: its own due date */
  transferDueDate: string | null;
  /** the last day to send the citación, once the answer is approved and until a step is taken */
  citacionDueDate: string | null;
  /** the first day the aviso may be delivered, once a citación was sent */
  avisoFrom: string | null;
  extension: { newDueDate: string; reasons: string; at: string } | null;
  closedResult: string | null;
  annulled: { reason: string; at: string; by: string } | null;
  attachments: PqrAttachment[];
  history: PqrEvent[];
  answer: PqrAnswer | null;
  notifications: PqrNotification[];
  /** the day the decision was notified (first complete step), and the last day to file a recurso */
  notifiedDate: string | null;
  notificationType: NotificationType | null;
  /** an electronic notification sent and not yet accessed: the notification is pending */
  electronicPending: { sentOn: string; email: string } | null;
  recursoDeadline: string | null;
  /** this PQR is a recurso against another one's answer */
  appeals: { pqrId: number; radicado: string } | null;
  /** filed after the recurso window */
  extemporaneous: boolean;
  /** recursos filed against this PQR's answer */
  recursos: { pqrId: number; radicado: string; type: PqrType; state: PqrState }[];
  /** sent to the SSPD (apelación), and the SSPD's decision once it answered */
  sspd: { sentOn: string; note: string; decision: SspdDecision | null } | null;
}

export interface CorrespondenceItem {
  id: number;
  radicado: string;
  kind: CorrespondenceKind;
  recipientName: string;
  subject: string;
  businessDate: string;
  pqrRadicado: string | null;
  annulled: boolean;
  /** delivery: pendiente until a delivery is recorded */
  delivery: { carrier: string; guide: string; sentOn: string; deliveredOn: string | null; receivedBy: string } | null;
}

export interface Correspondence extends CorrespondenceItem {
  pqrId: number | null;
  recipientAddress: string;
  body: string;
  signer: { name: string; title: string };
  createdBy: string;
  createdAt: string;
  annul: { reason: string; at: string; by: string } | null;
}

export interface PqrAnswer {
  decision: AnswerDecision;
  /** "No accede" */
  decisionName: string;
  state: AnswerState;
  templateId: number | null;
  decisionText: string;
  subject: string;
  body: string;
  signer: { name: string; title: string };
  transfer: { entity: string; address: string } | null;
  draftedBy: string;
  draftedAt: string;
  returnedReason: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  /** business date of approval (SUI fecha de respuesta) */
  answerDate: string | null;
  /** radicado de salida, given at approval */
  outgoingRadicado: string | null;
  /** a reclamo about an invoice granted: the amount recognised (minor units); null for any other answer */
  grantedAmount: number | null;
  sent: { on: string; means: SentMeans; guide: string } | null;
}

export interface PqrNotification {
  id: number;
  step: NotificationStep;
  stepDate: string;
  /** the day the notification counts as done; null for a citación */
  notifiedDate: string | null;
  personName: string;
  personIdNumber: string;
  email: string;
  guide: string;
  /** acceso: the time of the access; publicación: the place and the reason */
  time: string | null;
  evidence: string;
  place: string;
  publicationReason: PublicationReason | null;
  lateReason: string;
  recordedBy: string;
  recordedAt: string;
}

export interface AnswerTemplateOption {
  templateId: number;
  name: string;
  /** the subject and body with this PQR's data filled; {{decision}} and {{texto_decision}} stay as [decision] / [texto_decision] until drafted */
  subject: string;
  body: string;
}

export interface FiledPqr {
  pqr: PqrDetail;
  sticker: DocumentFile;
  constancia: DocumentFile;
}

export interface PqrOutputs {
  'pqr.catalog': PqrCatalog;
  'pqr.file': FiledPqr;
  'pqr.get': PqrDetail;
  'pqr.findByRadicado': PqrDetail;
  'pqr.tray': PqrListItem[];
  'pqr.search': PqrListItem[];
  'pqr.assign': PqrDetail;
  'pqr.take': PqrDetail;
  'pqr.comment': PqrDetail;
  'pqr.pause': PqrDetail;
  'pqr.resume': PqrDetail;
  'pqr.extend': { pqr: PqrDetail; letter: DocumentFile };
  'pqr.addAttachment': PqrDetail;
  'pqr.attachment': DocumentFile & { sha256: string };
  'pqr.close': PqrDetail;
  'pqr.reopen': PqrDetail;
  'pqr.annul': PqrDetail;
  'pqr.stickerPdf': DocumentFile;
  'pqr.constanciaPdf': DocumentFile;
  'pqr.extensionLetterPdf': DocumentFile;
  'pqr.dueDate': { dueDate: string; termBusinessDays: number; dayOne: string };
  'pqr.answerTemplates': AnswerTemplateOption[];
  'pqr.draftAnswer': PqrDetail;
  'pqr.answerPreviewPdf': DocumentFile;
  'pqr.approveAnswer': { pqr: PqrDetail; letter: DocumentFile; transferLetter: DocumentFile | null };
  'pqr.returnAnswer': PqrDetail;
  'pqr.answerLetterPdf': DocumentFile;
  'pqr.recordAnswerSent': PqrDetail;
  'pqr.notify': { pqr: PqrDetail; paper: DocumentFile };
  'pqr.notificationPdf': DocumentFile;
  'pqr.sendToSspd': { pqr: PqrDetail; letter: DocumentFile };
  'pqr.recordSspdDecision': PqrDetail;
  'correspondence.create': { item: Correspondence; letter: DocumentFile };
  'correspondence.list': CorrespondenceItem[];
  'correspondence.get': Correspondence;
  'correspondence.templates': AnswerTemplateOption[];
  'correspondence.recordDelivery': Correspondence;
  'correspondence.letterPdf': DocumentFile;
  'correspondence.annul': Correspondence;
  'pqr.saveTerm': PqrTypeInfo;
  'pqr.legalRules': LegalRule[];
  'pqr.saveLegalRule': LegalRule;
  'pqr.desist': { pqr: PqrDetail; letter: DocumentFile };
  'pqr.extendCompletion': PqrDetail;
  'pqr.recognizeSilencio': { pqr: PqrDetail; letter: DocumentFile };
  'pqr.saveCausal': SuiCausal;
}
