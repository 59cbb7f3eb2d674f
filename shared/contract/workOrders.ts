/**
 * The contract of issue 17, órdenes de trabajo: suspension and reconnection orders, crews, results and the board.
 * (Registered ahead of the work so that the module's handlers join the table without touching the index.)
 */
import { z } from 'zod';
import { fileInput, id, isoDate, optionalText, requiredText, shortText } from './common';
import type { DocumentFile } from './cashier';
import { USES } from './accounts';

export const WORK_ORDER_STATES = ['pendiente', 'asignada', 'ejecutada', 'fallida', 'anulada'] as const;
export type WorkOrderState = (typeof WORK_ORDER_STATES)[number];
export const WORK_ORDER_STATE_LABELS: Record<WorkOrderState, string> = {
  pendiente: 'Pendiente',
  asignada: 'Asignada',
  ejecutada: 'Ejecutada',
  fallida: 'Fallida',
  anulada: 'Anulada',
};
export const WORK_ORDER_ORIGINS = ['aviso', 'pago', 'acuerdo', 'pqr', 'manual'] as const;
export type WorkOrderOrigin = (typeof WORK_ORDER_ORIGINS)[number];
export const WORK_ORDER_ORIGIN_LABELS: Record<WorkOrderOrigin, string> = { aviso: 'Aviso de suspensión', pago: 'Pago', acuerdo: 'Acuerdo de pago', pqr: 'PQR', manual: 'Manual' };
export const WORK_ORDER_PRIORITIES = ['alta', 'normal', 'baja'] as const;
export type WorkOrderPriority = (typeof WORK_ORDER_PRIORITIES)[number];
/** the types the back office itself acts on (the administrator adds others) */
export const BUILTIN_WORK_ORDER_TYPES = ['suspension', 'corte', 'reconexion', 'reinstalacion', 'revision', 'verificacion_lectura', 'otra'] as const;

/** why a suspension order is not generated for an expired notice */
export const SUSPENSION_EXCLUSIONS = ['pago', 'acuerdo', 'reclamo', 'uso_protegido', 'ya_suspendida', 'orden_abierta', 'retirada'] as const;
export type SuspensionExclusion = (typeof SUSPENSION_EXCLUSIONS)[number];

const code = z
  .string()
  .trim()
  .min(1, { message: 'Obligatorio' })
  .max(30, { message: 'Máximo 30 caracteres' })
  .regex(/^[a-z0-9_]+$/, { message: 'Solo minúsculas, números y «_»' });

/** an instant of the field: 'YYYY-MM-DDTHH:mm' in the company's zone, or a full ISO instant */
const fieldInstant = z
  .string()
  .trim()
  .max(30)
  .regex(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/, { message: 'Fecha y hora inválidas (use AAAA-MM-DD HH:MM)' });

/** a photo of the field (a phone's is 2–5 MB) */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
const photo = fileInput(PHOTO_MAX_BYTES, 'La foto supera el tamaño máximo de 10 MB');

export const workOrderPolicyFields = z.strictObject({
  /** hours the crew has to reconnect once the cause is gone (SSPD: 24) */
  reconnectionHours: z.number().int().min(1).max(72),
  /** hours a suspension order generated from a notice has */
  suspensionHours: z.number().int().min(1).max(720),
  /** hours of any other order */
  otherHours: z.number().int().min(1).max(2160),
  /** uses under special protection (hospitals, schools…): no suspension order from a notice */
  protectedUses: z.array(z.enum(USES)).max(USES.length),
  /** the price list's code of the reconnection charge ('' charges nothing) */
  reconnectionChargeCode: shortText(20),
});
export type WorkOrderPolicy = z.infer<typeof workOrderPolicyFields>;
export const DEFAULT_WORK_ORDER_POLICY: WorkOrderPolicy = { reconnectionHours: 24, suspensionHours: 72, otherHours: 120, protectedUses: ['especial'], reconnectionChargeCode: 'RECONEXION' };

export const resultFields = z.strictObject({
  outcome: z.enum(['ejecutada', 'fallida']),
  executedAt: fieldInstant,
  executedBy: requiredText(80),
  meterReading: z.number().int().min(0).max(99_999_999).optional(),
  sealNumber: optionalText(40),
  observations: optionalText(500),
  /** required when fallida */
  failureCause: code.optional(),
});

export const workOrdersSchemas = {
  'workOrders.types': z.strictObject({ includeInactive: z.boolean().optional().default(false) }),
  'workOrders.saveType': z.strictObject({ code, label: requiredText(80), active: z.boolean() }),
  'workOrders.causes': z.strictObject({}),
  'workOrders.crews': z.strictObject({ includeInactive: z.boolean().optional().default(false) }),
  'workOrders.saveCrew': z.strictObject({ crewId: id.optional(), code: requiredText(20), name: requiredText(80), members: optionalText(200), active: z.boolean() }),
  'workOrders.policy': z.strictObject({}),
  'workOrders.savePolicy': workOrderPolicyFields,
  /** an order made by hand (revision, verificación de lectura, a suspension outside a notice…) */
  'workOrders.create': z.strictObject({
    accountId: id,
    type: code,
    priority: z.enum(WORK_ORDER_PRIORITIES).optional().default('normal'),
    origin: z.enum(['manual', 'pqr']).optional().default('manual'),
    /** the reason (manual) or the radicado (pqr) */
    reason: requiredText(300),
  }),
  'workOrders.assign': z.strictObject({ orderIds: z.array(id).min(1, { message: 'Elija al menos una orden' }).max(5000), crewId: id }),
  'workOrders.cancel': z.strictObject({ orderId: id, reason: requiredText(300) }),
  'workOrders.recordResult': resultFields.extend({ orderId: id, photos: z.array(photo).max(10).optional().default([]) }),
  /** the crew's CSV of results (resources/samples/RESULTADOS-CUADRILLA.md): the whole file or nothing */
  'workOrders.importResults': z.strictObject({ csv: z.string().min(1, { message: 'El archivo está vacío' }).max(5_000_000, { message: 'El archivo supera 5 MB' }) }),
  'workOrders.suspensionPreview': z.strictObject({ route: shortText(10).optional(), limit: z.number().int().min(1).max(20_000).optional().default(20_000) }),
  'workOrders.generateSuspensions': z.strictObject({ noticeIds: z.array(id).min(1, { message: 'Elija al menos un aviso' }).max(20_000), priority: z.enum(WORK_ORDER_PRIORITIES).optional().default('normal') }),
  'workOrders.board': z.strictObject({
    state: z.enum(WORK_ORDER_STATES).optional(),
    /** 'abiertas': pendiente or asignada */
    open: z.boolean().optional(),
    type: code.optional(),
    route: shortText(10).optional(),
    crewId: id.optional(),
    text: shortText(40).optional().default(''),
    limit: z.number().int().min(1).max(500).optional().default(100),
    offset: z.number().int().min(0).optional().default(0),
  }),
  'workOrders.get': z.strictObject({ orderId: id }),
  'workOrders.ofAccount': z.strictObject({ accountId: id }),
  'workOrders.indicators': z.strictObject({ from: isoDate, to: isoDate }),
  'workOrders.routeSheet': z.strictObject({ crewId: id }),
  'workOrders.exportAssigned': z.strictObject({ crewId: id.optional() }),
  /** the photos of an order's result (their names and who uploaded them) */
  'workOrders.photos': z.strictObject({ orderId: id }),
  /** one photo's file */
  'workOrders.photo': z.strictObject({ photoId: id }),
};

export interface WorkOrderPhoto {
  id: number;
  orderId: number;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  uploadedAt: string;
  uploadedBy: string;
}

export interface WorkOrderType {
  code: string;
  label: string;
  builtin: boolean;
  active: boolean;
}

export interface FailureCause {
  code: string;
  label: string;
}

export interface Crew {
  id: number;
  officeId: number;
  code: string;
  name: string;
  members: string;
  active: boolean;
}

export interface WorkOrderRow {
  id: number;
  number: string;
  officeId: number;
  accountId: number;
  accountNumber: string;
  holderName: string;
  address: string;
  cycle: string;
  route: string;
  routeSequence: number;
  type: string;
  typeLabel: string;
  origin: WorkOrderOrigin;
  originRef: string;
  priority: WorkOrderPriority;
  state: WorkOrderState;
  crewId: number | null;
  crewName: string | null;
  createdAt: string;
  createdBy: string;
  dueAt: string;
  /** open and past its due instant */
  late: boolean;
  /** hours from creation to execution (executed), or to now (open) */
  hours: number | null;
  executedAt: string | null;
  executedBy: string;
  meterReading: number | null;
  sealNumber: string;
  observations: string;
  failureCause: string | null;
  cancelReason: string;
  chargeId: number | null;
  photos: number;
}

export interface SuspensionCandidate {
  noticeId: number;
  noticeNumber: string;
  accountId: number;
  accountNumber: string;
  holderName: string;
  address: string;
  route: string;
  use: string;
  suspensionDate: string;
  debt: number;
  eligible: boolean;
  exclusion: SuspensionExclusion | null;
  reason: string;
}

export interface SuspensionPreview {
  today: string;
  candidates: SuspensionCandidate[];
  eligibleCount: number;
  excluded: Partial<Record<SuspensionExclusion, number>>;
}

export interface GeneratedSuspensions {
  count: number;
  firstNumber: string | null;
  lastNumber: string | null;
  orders: WorkOrderRow[];
}

export interface ImportResultsSummary {
  lines: number;
  executed: number;
  failed: number;
  reconnectionCharges: number;
}

export interface RecordedResult {
  order: WorkOrderRow;
  /** the reconnection charge added to the account (only after an executed suspension) */
  charge: { id: number; concept: string; amount: number } | null;
  accountStatus: string;
}

export interface WorkOrderBoard {
  rows: WorkOrderRow[];
  /** how many match, counted up to 10.000 */
  total: number;
  /** more than `total` match */
  totalCapped: boolean;
}

export interface WorkOrderIndicators {
  from: string;
  to: string;
  reconnectionsExecuted: number;
  reconnectionsWithinLimit: number;
  /** percent with one decimal, null when none was executed */
  reconnectionsWithinLimitPct: number | null;
  averageHoursToReconnect: number | null;
  reconnectionHours: number;
  suspensionsOrdered: number;
  suspensionsExecuted: number;
  /** reconnections still open and already late */
  openLateReconnections: number;
}

export interface WorkOrdersOutputs {
  'workOrders.types': WorkOrderType[];
  'workOrders.saveType': WorkOrderType;
  'workOrders.causes': FailureCause[];
  'workOrders.crews': Crew[];
  'workOrders.saveCrew': Crew;
  'workOrders.policy': WorkOrderPolicy;
  'workOrders.savePolicy': WorkOrderPolicy;
  'workOrders.create': WorkOrderRow;
  'workOrders.assign': WorkOrderRow[];
  'workOrders.cancel': WorkOrderRow;
  'workOrders.recordResult': RecordedResult;
  'workOrders.importResults': ImportResultsSummary;
  'workOrders.suspensionPreview': SuspensionPreview;
  'workOrders.generateSuspensions': GeneratedSuspensions;
  'workOrders.board': WorkOrderBoard;
  'workOrders.get': WorkOrderRow;
  'workOrders.ofAccount': WorkOrderRow[];
  'workOrders.indicators': WorkOrderIndicators;
  'workOrders.routeSheet': DocumentFile;
  'workOrders.exportAssigned': DocumentFile;
  'workOrders.photos': WorkOrderPhoto[];
  'workOrders.photo': DocumentFile;
}
