/**
 * Suspension notices, collection letters by stage, and the letter-template editor (issue 6, items 2
 * and 3). Two groups:
 * - `letters.*`: the company's letter templates (every module's letters) and the letterhead settings
 *   (signer, title, footer); the administrator edits, coordinators read.
 * - `notices.*`: the collection policy, the preview of the accounts that match criteria, the
 *   generation of a numbered round (one PDF), and the tracking of each notice: generado → impreso →
 *   entregado → cerrado (pagada, escalada, anulada).
 *
 * Stage rules (decided here, enforced in electron/core/modules/notices/rules.ts):
 * - persuasivo → prejurídico → jurídico, never skipping: the next stage needs an OPEN letter of the
 *   previous stage that was delivered, or generated at least `policy.stageWaitDays` days ago.
 *   Generating it closes that previous letter as `escalada`.
 * - a stage also needs the account's oldest unpaid due date to be at least the stage's days past due.
 * - a suspension notice needs unpaid periods ≥ `policy.suspensionMinPeriods` and no open suspension notice.
 * - an account whose debt (sum of its invoices' balances) is 0 has its open notices closed as `pagada`
 *   whenever notices are listed, previewed or generated (one transaction, one audit row per notice).
 */
import { z } from 'zod';
import { LETTER_KINDS, type LetterKind } from '../letterTemplates';
import { id, isoDate, optionalText, requiredText, shortText } from './common';
import type { DocumentFile } from './cashier';

export const NOTICE_KINDS = ['suspension', 'persuasivo', 'prejuridico', 'juridico'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** the template kind of each notice kind */
export const NOTICE_LETTER_KINDS: Record<NoticeKind, LetterKind> = {
  suspension: 'aviso_suspension',
  persuasivo: 'cobro_persuasivo',
  prejuridico: 'cobro_prejuridico',
  juridico: 'cobro_juridico',
};

/** the number's prefix: AS-2026-000001, CP-…, PJ-…, CJ-… (one sequence per kind and year) */
export const NOTICE_PREFIXES: Record<NoticeKind, string> = { suspension: 'AS', persuasivo: 'CP', prejuridico: 'PJ', juridico: 'CJ' };

export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  suspension: 'Aviso de suspensión',
  persuasivo: 'Cobro persuasivo',
  prejuridico: 'Cobro prejurídico',
  juridico: 'Cobro jurídico',
};

/** the collection stages in order; suspension notices are a track of their own */
export const COLLECTION_STAGES = ['persuasivo', 'prejuridico', 'juridico'] as const;
export type CollectionStage = (typeof COLLECTION_STAGES)[number];

export const NOTICE_STATES = ['generado', 'impreso', 'entregado', 'cerrado'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

export const NOTICE_CLOSE_REASONS = ['pagada', 'escalada', 'anulada'] as const;
export type NoticeCloseReason = (typeof NOTICE_CLOSE_REASONS)[number];

export const DELIVERY_METHODS = ['personal', 'correo', 'fijado'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];
export const DELIVERY_METHOD_LABELS: Record<DeliveryMethod, string> = { personal: 'Personal', correo: 'Correo', fijado: 'Fijado en el predio' };

export const noticePolicyFields = z.strictObject({
  /** days past the oldest unpaid due date at which each collection stage applies */
  persuasivoDays: z.number().int().min(0).max(3650),
  prejuridicoDays: z.number().int().min(0).max(3650),
  juridicoDays: z.number().int().min(0).max(3650),
  /** a letter not yet delivered allows the next stage this many days after it was generated */
  stageWaitDays: z.number().int().min(0).max(365),
  /**
   * unpaid periods an account needs for a suspension notice; never more than the law's cap for the
   * billing period (Ley 142 art. 140: 3 monthly or 2 bimonthly periods, the legal rules table)
   */
  suspensionMinPeriods: z.number().int().min(1).max(120),
  /** how often the company bills: the cap on suspensionMinPeriods depends on it */
  billingPeriod: z.enum(['mensual', 'bimestral']).optional().default('mensual'),
  /** the suspension date a notice announces: this many days after the notice's date */
  suspensionGraceDays: z.number().int().min(0).max(90),
});
export type NoticePolicy = z.infer<typeof noticePolicyFields>;
export const DEFAULT_NOTICE_POLICY: NoticePolicy = {
  persuasivoDays: 30,
  prejuridicoDays: 60,
  juridicoDays: 90,
  stageWaitDays: 15,
  suspensionMinPeriods: 2,
  suspensionGraceDays: 5,
  billingPeriod: 'mensual',
};
export const BILLING_PERIOD_LABELS: Record<NoticePolicy['billingPeriod'], string> = { mensual: 'Mensual', bimestral: 'Bimestral' };

const criteria = z.strictObject({
  kind: z.enum(NOTICE_KINDS),
  /** unpaid periods ≥ N */
  minPeriods: z.number().int().min(1).max(120).optional(),
  /** debt ≥ this, minor units */
  minDebt: z.number().int().min(0).max(100_000_000_000).optional(),
  /** only accounts with an unpaid invoice whose suspension date has passed */
  pastSuspensionDate: z.boolean().optional().default(false),
  cycle: shortText(10).optional(),
  route: shortText(10).optional(),
  use: shortText(12).optional(),
  estrato: z.number().int().min(0).max(6).optional(),
  /** prejurídico / jurídico: only the accounts a gestor handed to that stage (collections) */
  fromCollections: z.boolean().optional(),
  limit: z.number().int().min(1).max(5000).optional().default(1000),
});
export type NoticeCriteria = z.output<typeof criteria>;

const templateText = {
  subject: requiredText(300),
  body: z.string().trim().min(1, { message: 'Obligatorio' }).max(20_000),
};

export const letterSettingsFields = z.strictObject({
  signerName: shortText(100),
  signerTitle: shortText(100),
  footer: shortText(300),
});

export const noticesSchemas = {
  /** templates (active and inactive) of one kind, or of every kind */
  'letters.templates': z.strictObject({ kind: z.enum(LETTER_KINDS).optional() }),
  /** new (no templateId) or edited template; a placeholder its kind does not know is refused, named */
  'letters.saveTemplate': z.strictObject({
    templateId: id.optional(),
    kind: z.enum(LETTER_KINDS),
    name: requiredText(120),
    ...templateText,
    active: z.boolean().optional().default(true),
  }),
  /** the PDF of an unsaved subject and body, filled with sample values for its kind (watermark BORRADOR) */
  'letters.preview': z.strictObject({ kind: z.enum(LETTER_KINDS), subject: shortText(300), body: z.string().max(20_000) }),
  'letters.settings': z.strictObject({}),
  'letters.saveSettings': letterSettingsFields,

  'notices.policy': z.strictObject({}),
  'notices.savePolicy': noticePolicyFields,
  /** accounts that owe and match the criteria, each saying whether it may get this kind of notice and why */
  'notices.preview': criteria,
  /** numbered notices for the chosen accounts (all must be eligible, or nothing is written), one PDF */
  'notices.generate': z.strictObject({
    kind: z.enum(NOTICE_KINDS),
    accountIds: z.array(id).min(1, { message: 'Elija al menos una cuenta' }).max(5000),
    /** a template of the kind; the first active one when left out */
    templateId: id.optional(),
    /** when true, only accounts past their suspension date are accepted (as in the preview) */
    pastSuspensionDate: z.boolean().optional().default(false),
  }),
  /** tracking: newest first, with filters */
  'notices.list': z.strictObject({
    kind: z.enum(NOTICE_KINDS).optional(),
    state: z.enum(NOTICE_STATES).optional(),
    batchId: id.optional(),
    /** number (AS-2026-000001) or account number */
    text: shortText(40).optional().default(''),
    limit: z.number().int().min(1).max(2000).optional().default(300),
  }),
  'notices.markPrinted': z.strictObject({ noticeIds: z.array(id).min(1).max(5000) }),
  'notices.recordDelivery': z.strictObject({
    noticeIds: z.array(id).min(1).max(5000),
    deliveredOn: isoDate,
    /** who delivered it (mensajero, funcionario) */
    deliveredBy: requiredText(100),
    method: z.enum(DELIVERY_METHODS),
    /** who received it, or where it was posted */
    note: optionalText(300),
  }),
  /** by hand: anulada (a mistake), or pagada (only when the account owes nothing); escalada happens by generating the next stage */
  'notices.close': z.strictObject({ noticeId: id, reason: z.enum(['pagada', 'anulada']), note: requiredText(300) }),
  'notices.ofAccount': z.strictObject({ accountId: id }),
  /** the stored letters again (same text), marked COPIA: one notice or a whole round */
  'notices.pdf': z.strictObject({ noticeId: id.optional(), batchId: id.optional() }),
};

export interface LetterTemplateRow {
  id: number;
  kind: LetterKind;
  name: string;
  subject: string;
  body: string;
  active: boolean;
  updatedAt: string;
}

export interface LetterPreview {
  file: DocumentFile;
  /** placeholders the kind does not know (saving would be refused) */
  unknown: string[];
}

export interface LetterSettingsData {
  signerName: string;
  signerTitle: string;
  footer: string;
}

export interface LastNotice {
  id: number;
  number: string;
  kind: NoticeKind;
  state: NoticeState;
  closeReason: NoticeCloseReason | null;
  generatedOn: string;
}

export interface NoticeCandidate {
  accountId: number;
  accountNumber: string;
  holderName: string;
  address: string;
  cycle: string;
  route: string;
  use: string;
  estrato: number | null;
  debt: number;
  unpaidPeriods: number;
  oldestDueDate: string;
  /** the earliest suspension date among unpaid invoices, if any */
  suspensionDate: string | null;
  daysPastDue: number;
  lastNotice: LastNotice | null;
  eligible: boolean;
  /** why it is or is not eligible, in Spanish */
  reason: string;
}

export interface NoticePreviewResult {
  kind: NoticeKind;
  today: string;
  candidates: NoticeCandidate[];
  eligibleCount: number;
  /** open notices closed as pagada while looking (accounts that paid) */
  closedAsPaid: number;
  /** the list stopped at the criteria's limit: there may be more accounts */
  limited: boolean;
}

export interface NoticeRow {
  id: number;
  number: string;
  kind: NoticeKind;
  batchId: number;
  accountId: number;
  accountNumber: string;
  holderName: string;
  address: string;
  debt: number;
  unpaidPeriods: number;
  daysPastDue: number;
  state: NoticeState;
  generatedAt: string;
  generatedBy: string;
  printedAt: string | null;
  deliveredOn: string | null;
  deliveredBy: string | null;
  deliveryMethod: DeliveryMethod | null;
  deliveryNote: string;
  closedAt: string | null;
  closeReason: NoticeCloseReason | null;
  closeNote: string;
}

export interface NoticeBatch {
  id: number;
  kind: NoticeKind;
  count: number;
  firstNumber: string;
  lastNumber: string;
  createdAt: string;
}

export interface GenerateResult {
  batch: NoticeBatch;
  notices: NoticeRow[];
  /** how many previous-stage letters were closed as escalada */
  escalated: number;
  file: DocumentFile;
}

export interface NoticesOutputs {
  'letters.templates': LetterTemplateRow[];
  'letters.saveTemplate': LetterTemplateRow;
  'letters.preview': LetterPreview;
  'letters.settings': LetterSettingsData;
  'letters.saveSettings': LetterSettingsData;
  'notices.policy': NoticePolicy;
  'notices.savePolicy': NoticePolicy;
  'notices.preview': NoticePreviewResult;
  'notices.generate': GenerateResult;
  'notices.list': NoticeRow[];
  'notices.markPrinted': NoticeRow[];
  'notices.recordDelivery': NoticeRow[];
  'notices.close': NoticeRow;
  'notices.ofAccount': NoticeRow[];
  'notices.pdf': DocumentFile;
}
