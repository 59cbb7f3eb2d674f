/**
 * The contract of issue 15, cartera y telecobro: the portfolio by age, campaigns and queues, the
 * gestor's desk, contacts, payment commitments (compromisos de pago), contact rules, reports and
 * commissions.
 *
 * Who sees what (enforced in electron/core/modules/collections/scope.ts):
 * - accounts belong to no office; the portfolio is the company's, and its "oficina" dimension is
 *   the office of the account's municipality (the lowest-numbered office of that DANE code);
 * - campaigns, contacts, commitments, hand-offs and commission liquidations belong to the office of
 *   whoever created them: a coordinator sees and acts on their office's, an administrator on every
 *   office's; another office's id answers NOT_FOUND;
 * - a gestor sees only the accounts of the active campaigns assigned to them (and callbacks left
 *   "for anyone" in those campaigns); any other account answers NOT_FOUND.
 */
import { z } from 'zod';
import { id, isoDate, optionalText, requiredText, shortText } from './common';
import type { DocumentFile } from './cashier';
import type { NoticeKind } from './notices';
import { CONTACT_CHANNELS, CONTACT_DIRECTIONS, RELATIONS, contactRulesSchema, type ContactChannel, type ContactDirection, type ContactRules, type Relation, type RuleCode } from '../contactRules';
import { USES, type Use } from './accounts';

/** age buckets of the overdue portfolio: days past the oldest unpaid due date */
export const AGE_BUCKETS = ['al_dia', 'd1_30', 'd31_60', 'd61_90', 'd91_180', 'd181_360', 'mas_360'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
export const AGE_BUCKET_LABELS: Record<AgeBucket, string> = {
  al_dia: 'Al día',
  d1_30: '1–30 días',
  d31_60: '31–60 días',
  d61_90: '61–90 días',
  d91_180: '91–180 días',
  d181_360: '181–360 días',
  mas_360: 'Más de 360 días',
};
/** the upper day of each bucket (al día: 0; más de 360: none) */
export const AGE_BUCKET_LIMITS: Record<AgeBucket, number | null> = { al_dia: 0, d1_30: 30, d31_60: 60, d61_90: 90, d91_180: 180, d181_360: 360, mas_360: null };

export function bucketOf(daysPastDue: number): AgeBucket {
  for (const bucket of AGE_BUCKETS) {
    const limit = AGE_BUCKET_LIMITS[bucket];
    if (limit === null || daysPastDue <= limit) return bucket;
  }
  return 'mas_360';
}

export const PORTFOLIO_DIMENSIONS = ['total', 'oficina', 'ciclo', 'ruta', 'uso', 'estrato'] as const;
export type PortfolioDimension = (typeof PORTFOLIO_DIMENSIONS)[number];

export const CAMPAIGN_DISTRIBUTIONS = ['deuda', 'ruta'] as const;
export type CampaignDistribution = (typeof CAMPAIGN_DISTRIBUTIONS)[number];

/** why an account that meets the criteria is left out of a campaign, in the order they are checked */
export const EXCLUSION_REASONS = ['uso_protegido', 'reclamo_abierto', 'compromiso_vigente', 'pago_reciente', 'otra_campana', 'sin_canal_autorizado', 'reglas_contacto'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];
export const EXCLUSION_LABELS: Record<ExclusionReason, string> = {
  uso_protegido: 'Uso de protección especial (hospitales, colegios…)',
  reclamo_abierto: 'Tiene un reclamo o recurso abierto',
  compromiso_vigente: 'Tiene un compromiso de pago que aún no vence',
  pago_reciente: 'Pagó hace pocos días',
  otra_campana: 'Ya está en otra campaña activa',
  sin_canal_autorizado: 'No tiene un canal autorizado para cobranza',
  reglas_contacto: 'Las reglas de contacto no permiten contactarla (solo datos de referencias o terceros)',
};

export const NOTICE_STAGE_CRITERIA = ['cualquiera', 'ninguno', 'suspension', 'persuasivo', 'prejuridico', 'juridico'] as const;
export type NoticeStageCriterion = (typeof NOTICE_STAGE_CRITERIA)[number];

export const CHANNEL_CRITERIA = ['cualquiera', 'telefono', 'correo'] as const;

export const campaignCriteria = z.strictObject({
  /** age buckets to include (none: every overdue bucket) */
  buckets: z.array(z.enum(AGE_BUCKETS)).max(AGE_BUCKETS.length).optional().default([]),
  /** debt ≥ this, minor units */
  minDebt: z.number().int().min(0).max(100_000_000_000).optional(),
  cycle: shortText(10).optional(),
  route: shortText(10).optional(),
  use: z.enum(USES).optional(),
  estrato: z.number().int().min(0).max(6).optional(),
  /** an open notice of this kind ('ninguno': no open notice) */
  noticeStage: z.enum(NOTICE_STAGE_CRITERIA).optional().default('cualquiera'),
  /** has a phone (or an e-mail) on record */
  channel: z.enum(CHANNEL_CRITERIA).optional().default('cualquiera'),
});
export type CampaignCriteria = z.output<typeof campaignCriteria>;

export const CONTACT_POINT_KINDS = ['telefono', 'correo'] as const;
export type ContactPointKind = (typeof CONTACT_POINT_KINDS)[number];
/** where a phone or e-mail came from */
export const CONTACT_SOURCES = ['sistema_comercial', 'llamada', 'ventanilla', 'escrito', 'correo', 'tercero'] as const;
export type ContactSource = (typeof CONTACT_SOURCES)[number];
/** how the holder gave the Ley 1581 authorisation */
export const AUTHORISATION_VIAS = ['llamada_grabada', 'escrito', 'correo', 'web', 'contrato'] as const;
export type AuthorisationVia = (typeof AUTHORISATION_VIAS)[number];
export const PURPOSES = ['cobranza', 'notificaciones', 'encuestas', 'informacion_servicio'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const OUTCOME_ACTIONS = ['', 'compromiso', 'reclamo'] as const;
export type OutcomeAction = (typeof OUTCOME_ACTIONS)[number];

export const LEGAL_STAGES = ['prejuridico', 'juridico'] as const;
export type LegalStage = (typeof LEGAL_STAGES)[number];
export const FIELD_PURPOSES = ['verificar_predio', 'actualizar_datos', 'entregar_comunicacion', 'suspension'] as const;
export type FieldPurpose = (typeof FIELD_PURPOSES)[number];
export const FIELD_PURPOSE_LABELS: Record<FieldPurpose, string> = {
  verificar_predio: 'Verificar el predio (desocupado, fallecido, cambio de titular)',
  actualizar_datos: 'Actualizar datos de contacto',
  entregar_comunicacion: 'Entregar una comunicación',
  suspension: 'Revisar para suspensión',
};

export const PROMISE_STATES = ['pendiente', 'cumplido', 'parcial', 'incumplido'] as const;
export type PromiseState = (typeof PROMISE_STATES)[number];
export const PROMISE_STATE_LABELS: Record<PromiseState, string> = { pendiente: 'Pendiente', cumplido: 'Cumplido', parcial: 'Parcial', incumplido: 'Incumplido' };

/** an account's state in its gestor's queue (collection_assignments.state) */
export const ASSIGNMENT_STATES = ['pendiente', 'en_espera', 'compromiso', 'gestionada', 'cerrada'] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];
export const ASSIGNMENT_STATE_LABELS: Record<AssignmentState, string> = {
  pendiente: 'Por llamar',
  en_espera: 'Volver a llamar',
  compromiso: 'Con compromiso',
  gestionada: 'Gestionada',
  cerrada: 'Cerrada',
};

export const LIQUIDATION_STATES = ['por_aprobar', 'aprobada', 'reemplazada'] as const;
export type LiquidationState = (typeof LIQUIDATION_STATES)[number];

const hhmm = z.string().max(5).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Hora inválida (use HH:MM)' });
const idempotencyKey = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/);
const month = z.string().max(7).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'Mes inválido (use AAAA-MM)' });
/** a phone: digits, spaces, +, parentheses and dashes; letters are refused */
export const phoneValue = z
  .string()
  .trim()
  .max(40)
  .refine((v) => /^[0-9+()\s-]+$/.test(v), { message: 'El teléfono solo lleva números (y +, espacios, paréntesis o guiones)' })
  .refine((v) => v.replace(/\D/g, '').length >= 7 && v.replace(/\D/g, '').length <= 15, { message: 'El teléfono debe tener entre 7 y 15 dígitos' });

export const collectionsPolicyFields = z.strictObject({
  /** what the gestor tells the customer: where and how to pay (the administrator's text) */
  paymentChannelsText: z.string().trim().max(2000),
  /** uses left out of campaigns (special protection: hospitals, schools…) */
  protectedUses: z.array(z.enum(USES)).max(USES.length),
  /** a commitment's date: at most this many days after the day it is made */
  commitmentMaxDays: z.number().int().min(1).max(90),
  /** payments up to this many days after the commitment's date still count */
  graceDays: z.number().int().min(0).max(15),
  /** a payment counts for the gestor of the last effective contact this many days before it */
  attributionDays: z.number().int().min(1).max(90),
  /** an account that paid in the last N days is left out of a new campaign */
  paidSinceDays: z.number().int().min(0).max(60),
  /** the daily commitment monitor runs at this hour (company time), besides start-up and on demand */
  monitorHour: hhmm,
  /**
   * the contract (contrato de condiciones uniformes) authorises collection contacts through the phone
   * and e-mail of the commercial system; otherwise each datum needs its own recorded authorisation
   */
  contractDataAuthorised: z.boolean(),
});
export type CollectionsPolicy = z.infer<typeof collectionsPolicyFields>;
export const DEFAULT_COLLECTIONS_POLICY: CollectionsPolicy = {
  paymentChannelsText:
    'Puede pagar en nuestras oficinas (caja), en los bancos y corresponsales con el código de barras de la factura, o por transferencia a la cuenta de la empresa indicando el número de cuenta del servicio.',
  protectedUses: ['especial'],
  commitmentMaxDays: 15,
  graceDays: 2,
  attributionDays: 30,
  paidSinceDays: 5,
  monitorHour: '06:00',
  contractDataAuthorised: false,
};

export const commissionPolicyFields = z.strictObject({
  /** percentage of the recovered amount by the account's age bucket at the contact, in basis points (150 = 1,50 %) */
  rateBasisPoints: z.strictObject(Object.fromEntries(AGE_BUCKETS.map((b) => [b, z.number().int().min(0).max(10_000)])) as Record<AgeBucket, z.ZodNumber>),
  /** the month's goal of recovered money per gestor (minor units); 0: no goal, factor 100 % */
  monthlyGoal: z.number().int().min(0).max(100_000_000_000),
  /** goal tiers: from this percentage of the goal, the commission is multiplied by factorPercent/100 */
  tiers: z
    .array(z.strictObject({ fromPercent: z.number().int().min(0).max(1000), factorPercent: z.number().int().min(0).max(500) }))
    .min(1, { message: 'Al menos un tramo' })
    .max(10),
  /** the most a gestor earns in a month (minor units); 0: no cap */
  cap: z.number().int().min(0).max(100_000_000_000),
});
export type CommissionPolicy = z.infer<typeof commissionPolicyFields>;
export const DEFAULT_COMMISSION_POLICY: CommissionPolicy = {
  rateBasisPoints: { al_dia: 0, d1_30: 100, d31_60: 150, d61_90: 200, d91_180: 300, d181_360: 400, mas_360: 500 },
  monthlyGoal: 0,
  tiers: [{ fromPercent: 0, factorPercent: 100 }],
  cap: 0,
};

const authorisation = z.strictObject({
  on: isoDate,
  via: z.enum(AUTHORISATION_VIAS),
  purposes: z.array(z.enum(PURPOSES)).min(1, { message: 'Elija al menos una finalidad' }).max(PURPOSES.length),
  channels: z.array(z.enum(CONTACT_CHANNELS)).min(1, { message: 'Elija al menos un canal' }).max(CONTACT_CHANNELS.length),
});

export const collectionsSchemas = {
  'collections.settings': z.strictObject({}),
  'collections.savePolicy': collectionsPolicyFields,
  'collections.saveCommissionPolicy': commissionPolicyFields,
  /** a new outcome (no code yet) or an edited one */
  'collections.saveOutcome': z.strictObject({
    code: z
      .string()
      .trim()
      .max(30)
      .regex(/^[a-z0-9_]{2,30}$/, { message: 'Código: minúsculas, números y _ (2 a 30)' })
      .optional(),
    label: requiredText(80),
    effective: z.boolean(),
    action: z.enum(OUTCOME_ACTIONS).optional().default(''),
    active: z.boolean().optional().default(true),
  }),
  'collections.saveContactRules': z.strictObject({ rules: contactRulesSchema }),

  'collections.portfolio': z.strictObject({ dimension: z.enum(PORTFOLIO_DIMENSIONS).optional().default('total') }),
  /** the accounts behind a cell of the portfolio: a bucket, and a group of the dimension */
  'collections.portfolioAccounts': z.strictObject({
    dimension: z.enum(PORTFOLIO_DIMENSIONS).optional().default('total'),
    key: shortText(40).optional(),
    bucket: z.enum(AGE_BUCKETS).optional(),
    offset: z.number().int().min(0).max(10_000_000).optional().default(0),
    limit: z.number().int().min(1).max(1000).optional().default(100),
  }),
  'collections.portfolioFile': z.strictObject({ dimension: z.enum(PORTFOLIO_DIMENSIONS).optional().default('total'), format: z.enum(['pdf', 'csv']) }),

  'collections.gestores': z.strictObject({}),
  'collections.campaignPreview': z.strictObject({ criteria: campaignCriteria }),
  'collections.launchCampaign': z.strictObject({
    idempotencyKey,
    name: requiredText(80),
    criteria: campaignCriteria,
    gestorIds: z.array(id).min(1, { message: 'Elija al menos un gestor' }).max(50),
    distribution: z.enum(CAMPAIGN_DISTRIBUTIONS),
  }),
  'collections.campaigns': z.strictObject({ state: z.enum(['activa', 'cerrada']).optional() }),
  'collections.campaign': z.strictObject({ campaignId: id }),
  'collections.closeCampaign': z.strictObject({ campaignId: id, note: requiredText(300) }),
  /** the campaign's own accounts, in queue order, paged (a gestor: only theirs) */
  'collections.campaignAccounts': z.strictObject({
    campaignId: id,
    gestorId: id.optional(),
    state: z.enum(ASSIGNMENT_STATES).optional(),
    offset: z.number().int().min(0).max(10_000_000).optional().default(0),
    limit: z.number().int().min(1).max(1000).optional().default(100),
  }),
  /** the same list, whole, as CSV */
  'collections.campaignAccountsFile': z.strictObject({ campaignId: id, gestorId: id.optional(), state: z.enum(ASSIGNMENT_STATES).optional() }),

  /** the gestor's queue: counts, and what "next" would give */
  'collections.queue': z.strictObject({}),
  /** the next account to work: callbacks due first, then broken commitments, then by age and debt */
  'collections.next': z.strictObject({}),
  'collections.desk': z.strictObject({ accountId: id }),
  /** may this contact start now? the rule broken, in Spanish */
  'collections.checkContact': z.strictObject({
    accountId: id,
    channel: z.enum(CONTACT_CHANNELS),
    direction: z.enum(CONTACT_DIRECTIONS),
    contactPointId: id.optional(),
    /** the commercial system's phone or e-mail, not yet recorded as contact data (no id) */
    address: optionalText(120),
  }),
  'collections.recordContact': z.strictObject({
    idempotencyKey,
    accountId: id,
    channel: z.enum(CONTACT_CHANNELS),
    direction: z.enum(CONTACT_DIRECTIONS),
    /** the phone or e-mail used, from the account's contact data (an incoming contact may have none) */
    contactPointId: id.optional(),
    /** the commercial system's phone or e-mail, not yet recorded as contact data (no id) */
    address: optionalText(120),
    outcome: requiredText(30),
    notes: optionalText(2000),
    /** call again: a date and time in the company's zone, for this gestor or for anyone in the campaign */
    callback: z.strictObject({ date: isoDate, time: hhmm, forAnyone: z.boolean().optional().default(false) }).optional(),
    /** a payment commitment (with the outcome «compromiso de pago») */
    commitment: z.strictObject({ amount: z.number().int().min(1, { message: 'El valor debe ser mayor que cero' }).max(100_000_000_000), date: isoDate }).optional(),
  }),
  /** a phone or e-mail of the account, with its source and the Ley 1581 authorisation */
  'collections.saveContactPoint': z
    .strictObject({
      accountId: id,
      contactPointId: id.optional(),
      kind: z.enum(CONTACT_POINT_KINDS),
      value: z.string().trim().min(1, { message: 'Obligatorio' }).max(120),
      relation: z.enum(RELATIONS),
      holderName: optionalText(120),
      source: z.enum(CONTACT_SOURCES),
      /** absent: no authorisation (or withdrawn) */
      authorisation: authorisation.optional(),
      active: z.boolean().optional().default(true),
    })
    .superRefine((v, ctx) => {
      if (v.kind === 'telefono') {
        const r = phoneValue.safeParse(v.value);
        if (!r.success) ctx.addIssue({ code: 'custom', path: ['value'], message: r.error.issues[0]?.message ?? 'Teléfono inválido' });
      } else if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: 'Correo electrónico inválido' });
      if (v.authorisation && v.kind === 'correo' && v.authorisation.channels.some((c) => c !== 'correo'))
        ctx.addIssue({ code: 'custom', path: ['authorisation', 'channels'], message: 'Un correo electrónico solo se autoriza para el canal correo' });
      if (v.authorisation && v.kind === 'telefono' && v.authorisation.channels.includes('correo'))
        ctx.addIssue({ code: 'custom', path: ['authorisation', 'channels'], message: 'Un teléfono se autoriza para llamadas, SMS o WhatsApp, no para correo' });
    }),
  'collections.handToLegal': z.strictObject({ accountId: id, stage: z.enum(LEGAL_STAGES), reason: requiredText(500), contactId: id.optional() }),
  'collections.handToField': z.strictObject({ accountId: id, purpose: z.enum(FIELD_PURPOSES), reason: requiredText(500), contactId: id.optional() }),
  'collections.fieldList': z.strictObject({ state: z.enum(['pendiente', 'atendida']).optional().default('pendiente') }),
  'collections.fieldFile': z.strictObject({}),
  'collections.closeField': z.strictObject({ handoffId: id, note: requiredText(300) }),
  /** what the PQR filing is filled with when a contact ends in a reclamo */
  'collections.complaintDraft': z.strictObject({ contactId: id }),
  /** the PQR filed from a contact, linked back to it */
  'collections.linkPqr': z.strictObject({ contactId: id, pqrId: id }),
  /** contacts, commitments and hand-offs of an account (the account page) */
  'collections.ofAccount': z.strictObject({ accountId: id }),

  'collections.commitments': z.strictObject({
    state: z.enum(PROMISE_STATES).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    limit: z.number().int().min(1).max(5000).optional().default(500),
  }),
  /** the commitment monitor, now */
  'collections.runMonitor': z.strictObject({}),
  'collections.monitorRuns': z.strictObject({}),

  /** contacts, effective contacts, commitments and money recovered per gestor and campaign, between two dates */
  'collections.report': z.strictObject({ from: isoDate, to: isoDate }),
  'collections.reportFile': z.strictObject({ from: isoDate, to: isoDate, format: z.enum(['pdf', 'csv']) }),

  /** liquidates a gestor's month; the same data give back the same liquidation, changed data a new version */
  'collections.liquidate': z.strictObject({ gestorId: id, month }),
  'collections.liquidations': z.strictObject({ month: month.optional() }),
  'collections.liquidation': z.strictObject({ liquidationId: id }),
  'collections.approveLiquidation': z.strictObject({ liquidationId: id }),
  'collections.liquidationPdf': z.strictObject({ liquidationId: id }),
};

export interface OutcomeRow {
  code: string;
  label: string;
  /** reached the debtor (a direct contact): counts as effective */
  effective: boolean;
  action: OutcomeAction;
  active: boolean;
  sort: number;
}

export interface CollectionsSettings {
  country: string;
  policy: CollectionsPolicy;
  commissionPolicy: CommissionPolicy;
  outcomes: OutcomeRow[];
  /** the rules in force for the company's country */
  rules: ContactRules;
  /** the table's defaults for each country (resources/tables/contact-rules.json) */
  defaults: ContactRules[];
}

export interface BucketFigure {
  accounts: number;
  amount: number;
}

export interface PortfolioGroup {
  key: string;
  label: string;
  buckets: Record<AgeBucket, BucketFigure>;
  accounts: number;
  amount: number;
}

export interface Portfolio {
  today: string;
  dimension: PortfolioDimension;
  totals: Record<AgeBucket, BucketFigure>;
  accounts: number;
  amount: number;
  /** overdue only (every bucket but al día) */
  overdueAmount: number;
  groups: PortfolioGroup[];
}

export interface PortfolioAccount {
  accountId: number;
  accountNumber: string;
  holderName: string;
  address: string;
  cycle: string;
  route: string;
  use: Use;
  estrato: number | null;
  debt: number;
  daysPastDue: number;
  bucket: AgeBucket;
  oldestDueDate: string | null;
}

export interface PortfolioAccounts {
  rows: PortfolioAccount[];
  total: number;
}

export interface GestorRow {
  id: number;
  fullName: string;
  username: string;
  officeCode: string;
  /** accounts waiting in active campaigns */
  pending: number;
}

export interface CampaignCandidate extends PortfolioAccount {
  reason: ExclusionReason | null;
  /** the reason in Spanish, with the detail (the commitment's date, the reclamo's radicado…) */
  reasonText: string;
}

export interface CampaignPreview {
  today: string;
  /** accounts that meet the criteria (before exclusions) */
  matching: number;
  qualifying: number;
  qualifyingDebt: number;
  excluded: { reason: ExclusionReason; label: string; count: number }[];
  /** the first qualifying accounts, by priority */
  sample: CampaignCandidate[];
  /** the first excluded accounts, with why */
  excludedSample: CampaignCandidate[];
}

export interface CampaignGestorStats {
  gestorId: number;
  fullName: string;
  accounts: number;
  debt: number;
  pending: number;
  worked: number;
  waiting: number;
  closed: number;
  contacts: number;
  effective: number;
}

export interface CampaignRow {
  id: number;
  officeCode: string;
  name: string;
  state: 'activa' | 'cerrada';
  distribution: CampaignDistribution;
  accounts: number;
  debt: number;
  pending: number;
  createdAt: string;
  createdBy: string;
  closedAt: string | null;
}

export interface CampaignDetail extends CampaignRow {
  criteria: CampaignCriteria;
  /** what the criteria text says, in Spanish */
  criteriaText: string[];
  excluded: { reason: ExclusionReason; label: string; count: number }[];
  gestores: CampaignGestorStats[];
  closeNote: string;
}

export interface CampaignAccountRow {
  assignmentId: number;
  accountId: number;
  accountNumber: string;
  holderName: string;
  gestorId: number;
  gestor: string;
  /** today's debt and age (the way the portfolio counts them) */
  debt: number;
  daysPastDue: number;
  bucket: AgeBucket;
  /** the debt when the campaign was launched */
  debtAtLaunch: number;
  state: AssignmentState;
  brokenPromise: boolean;
  contacts: number;
  /** the last contact of the account in this campaign: its outcome's label and when */
  lastOutcome: string | null;
  lastContactAt: string | null;
}

export interface CampaignAccounts {
  rows: CampaignAccountRow[];
  total: number;
}

export interface QueueItem {
  accountId: number;
  accountNumber: string;
  holderName: string;
  campaignId: number;
  campaignName: string;
  debt: number;
  daysPastDue: number;
  bucket: AgeBucket;
  /** why it comes now */
  why: 'callback' | 'compromiso_incumplido' | 'prioridad';
  /** the callback that brought it */
  callbackId: number | null;
  callbackAt: string | null;
  callbackNote: string;
}

export interface QueueSummary {
  pending: number;
  callbacksDue: number;
  callbacksLater: number;
  brokenCommitments: number;
  campaigns: { id: number; name: string; pending: number }[];
}

export interface ContactPointRow {
  /** null: the phone or e-mail of the commercial system, not yet recorded here */
  id: number | null;
  kind: ContactPointKind;
  value: string;
  relation: Relation;
  holderName: string;
  source: ContactSource;
  active: boolean;
  authorised: boolean;
  authorisedOn: string | null;
  authorisedVia: AuthorisationVia | null;
  purposes: Purpose[];
  channels: ContactChannel[];
  /** "Autorizado el 09/03/2026 por llamada grabada: cobranza, notificaciones" or why not */
  status: string;
  updatedAt: string | null;
  updatedBy: string;
}

export interface ContactRow {
  id: number;
  at: string;
  gestor: string;
  campaignName: string | null;
  channel: ContactChannel;
  direction: ContactDirection;
  address: string;
  outcome: string;
  outcomeLabel: string;
  effective: boolean;
  notes: string;
  pqrRadicado: string | null;
}

export interface CommitmentRow {
  id: number;
  accountId: number;
  accountNumber: string;
  holderName: string;
  gestor: string;
  campaignName: string | null;
  amount: number;
  madeOn: string;
  date: string;
  /** the last day a payment counts (date + grace days) */
  windowEnd: string;
  state: PromiseState;
  paid: number;
  decidedOn: string | null;
}

export interface HandoffRow {
  id: number;
  kind: 'juridico' | 'terreno';
  accountId: number;
  accountNumber: string;
  holderName: string;
  address: string;
  /** prejuridico / juridico, or the field purpose */
  what: string;
  whatLabel: string;
  reason: string;
  by: string;
  at: string;
  state: 'pendiente' | 'atendida';
  closeNote: string;
}

export interface DeskInvoice {
  /** an invoice, or another charge of the account (a broken agreement's returned principal…): its id is the charge's and `number` its concept */
  kind: 'factura' | 'cargo';
  invoiceId: number;
  number: string;
  period: string;
  dueDate: string;
  balance: number;
  daysPastDue: number;
  /** the agreement (AP-…) waiting for its down payment that finances this debt: shown apart, not in «Debe» (null: none) */
  heldBy: string | null;
}

export interface DeskNotice {
  number: string;
  kind: NoticeKind;
  state: string;
  date: string;
}

export interface DeskPqr {
  id: number;
  radicado: string;
  type: string;
  state: string;
  subject: string;
  dueDate: string | null;
}

export interface DeskData {
  accountId: number;
  accountNumber: string;
  holderName: string;
  idNumber: string;
  address: string;
  use: Use;
  estrato: number | null;
  status: string;
  cycle: string;
  route: string;
  /** «Debe», as the till counts it: the open invoices and charges, less the debts held by an agreement waiting for its down payment */
  debt: number;
  daysPastDue: number;
  bucket: AgeBucket;
  /** the agreement waiting for its down payment and what it holds out of `debt` (null: none) */
  held: { agreementId: number; agreementNumber: string; total: number } | null;
  invoices: DeskInvoice[];
  notices: DeskNotice[];
  contacts: ContactRow[];
  commitments: CommitmentRow[];
  pqrs: DeskPqr[];
  handoffs: HandoffRow[];
  contactPoints: ContactPointRow[];
  paymentChannelsText: string;
  outcomes: OutcomeRow[];
  /** the campaign it is worked in (null for a coordinator outside campaigns) */
  assignment: { id: number; campaignId: number; campaignName: string; state: string; brokenPromise: boolean } | null;
  /** the callback that brought it, if any */
  callback: { id: number; at: string; forAnyone: boolean; note: string } | null;
  /** the rules in force, summarised */
  rulesText: string;
  rulesSource: string;
  rulesVerified: boolean;
  commitmentMaxDate: string;
  today: string;
}

export interface ContactCheck {
  allowed: boolean;
  rule: RuleCode | null;
  message: string;
}

export interface RecordedContact {
  contact: ContactRow;
  commitment: CommitmentRow | null;
  callbackAt: string | null;
  /** true when this key had already been recorded (a double click): nothing new was written */
  repeated: boolean;
}

export interface ComplaintDraft {
  contactId: number;
  accountId: number;
  subject: string;
  text: string;
}

export interface AccountCollections {
  contacts: ContactRow[];
  commitments: CommitmentRow[];
  handoffs: HandoffRow[];
}

export interface MonitorRun {
  id: number;
  trigger: 'inicio' | 'hora' | 'manual';
  businessDate: string;
  startedAt: string;
  finishedAt: string;
  checked: number;
  kept: number;
  partial: number;
  broken: number;
  /** back to pending (a void, for instance) */
  reopened: number;
  /** accounts put back in their gestor's queue */
  requeued: number;
}

export interface ReportRow {
  gestorId: number;
  gestor: string;
  campaignId: number | null;
  campaignName: string;
  /** outgoing contacts (the gestor's attempts) */
  attempted: number;
  /** contacts with the debtor, outgoing or incoming */
  effective: number;
  /** of them, outgoing: the contact rate's numerator */
  effectiveOutgoing: number;
  /** effectiveOutgoing ÷ attempted, in percent with one decimal; null with no attempt */
  contactRate: number | null;
  commitments: number;
  commitmentsAmount: number;
  /** commitments whose window ended in the range */
  commitmentsDue: number;
  commitmentsKept: number;
  keptRate: number | null;
  recovered: number;
  recoveredPayments: number;
}

export interface CollectionsReport {
  from: string;
  to: string;
  officeCode: string | null;
  attributionDays: number;
  /** the attribution rule, in Spanish, as the report prints it */
  attributionRule: string;
  rows: ReportRow[];
  totals: Omit<ReportRow, 'gestorId' | 'gestor' | 'campaignId' | 'campaignName'>;
  /** what each figure counts, in Spanish, as the screen and the PDF state it */
  definitions: string[];
  days: { date: string; attempted: number; effective: number; commitments: number; recovered: number }[];
}

export interface LiquidationLine {
  paymentId: number;
  receipt: string;
  accountNumber: string;
  businessDate: string;
  source: 'caja' | 'banco';
  amount: number;
  bucket: AgeBucket;
  rateBasisPoints: number;
  commission: number;
  contactDate: string;
}

export interface LiquidationRow {
  id: number;
  officeCode: string;
  gestorId: number;
  gestor: string;
  month: string;
  version: number;
  state: LiquidationState;
  recovered: number;
  base: number;
  goal: number;
  goalPercent: number | null;
  factorPercent: number;
  capApplied: boolean;
  commission: number;
  lines: number;
  contentHash: string;
  createdAt: string;
  createdBy: string;
  approvedAt: string | null;
  approvedBy: string | null;
  /** the data changed since (a void, a late payment): regenerate it */
  stale: boolean;
}

export interface LiquidationDetail extends LiquidationRow {
  byBucket: { bucket: AgeBucket; amount: number; rateBasisPoints: number; commission: number }[];
  items: LiquidationLine[];
  policy: CommissionPolicy;
}

export interface LiquidateResult {
  liquidation: LiquidationDetail;
  /** false: the data gave exactly the latest liquidation, returned as it was */
  created: boolean;
}

export interface CollectionsOutputs {
  'collections.settings': CollectionsSettings;
  'collections.savePolicy': CollectionsPolicy;
  'collections.saveCommissionPolicy': CommissionPolicy;
  'collections.saveOutcome': OutcomeRow[];
  'collections.saveContactRules': ContactRules;
  'collections.portfolio': Portfolio;
  'collections.portfolioAccounts': PortfolioAccounts;
  'collections.portfolioFile': DocumentFile;
  'collections.gestores': GestorRow[];
  'collections.campaignPreview': CampaignPreview;
  'collections.launchCampaign': CampaignDetail;
  'collections.campaigns': CampaignRow[];
  'collections.campaign': CampaignDetail;
  'collections.closeCampaign': CampaignDetail;
  'collections.campaignAccounts': CampaignAccounts;
  'collections.campaignAccountsFile': DocumentFile;
  'collections.queue': QueueSummary;
  'collections.next': QueueItem | null;
  'collections.desk': DeskData;
  'collections.checkContact': ContactCheck;
  'collections.recordContact': RecordedContact;
  'collections.saveContactPoint': ContactPointRow;
  'collections.handToLegal': HandoffRow;
  'collections.handToField': HandoffRow;
  'collections.fieldList': HandoffRow[];
  'collections.fieldFile': DocumentFile;
  'collections.closeField': HandoffRow;
  'collections.complaintDraft': ComplaintDraft;
  'collections.linkPqr': ContactRow;
  'collections.ofAccount': AccountCollections;
  'collections.commitments': CommitmentRow[];
  'collections.runMonitor': MonitorRun;
  'collections.monitorRuns': MonitorRun[];
  'collections.report': CollectionsReport;
  'collections.reportFile': DocumentFile;
  'collections.liquidate': LiquidateResult;
  'collections.liquidations': LiquidationRow[];
  'collections.liquidation': LiquidationDetail;
  'collections.approveLiquidation': LiquidationDetail;
  'collections.liquidationPdf': DocumentFile;
}

export type { ContactChannel, ContactDirection, Relation, ContactRules, RuleCode };
