/**
 * The contract of issue 18, intercambio con el sistema comercial: the day's payments and acts exported for the billing system.
 */
import { z } from 'zod';
import { id, isoDate, shortText } from './common';
import type { DocumentFile } from './cashier';

export const EXPORT_FORMATS = ['asobancaria', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The other acts, each a CSV with its documented, versioned header (resources/samples/*.md). */
export const ACT_KINDS = ['novedades', 'acuerdos', 'ordenes', 'cobros', 'contactos', 'pqr-ajustes'] as const;
export type ActKind = (typeof ACT_KINDS)[number];
export type ExportKind = 'recaudo' | ActKind;
/** 'no_aplica': no delivery folder for the office (downloaded) · 'pendiente': to go on the next try · 'entregado' */
export type DeliveryState = 'no_aplica' | 'pendiente' | 'entregado';

const digitsUpTo = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, { message: `${what}: máximo ${max} dígitos` })
    .regex(/^\d+$/, { message: `${what}: solo dígitos` });

/** The company's settings for the files handed to the billing system (settings key 'exchange'). */
export const exchangeSettingsFields = z.strictObject({
  /** the office as collecting entity: its entity code in the 01 and 06 records */
  bankCode: digitsUpTo(3, 'Código de entidad recaudadora'),
  /** the collection account (01, positions 24-40) */
  collectionAccount: digitsUpTo(17, 'Cuenta de recaudo'),
  /** '01' ahorros, '02' corriente */
  accountType: z.enum(['01', '02']),
  /** the service code of the lot (EAN-13 or NIT); '' = the company's GLN */
  serviceCode: z.union([z.literal(''), digitsUpTo(13, 'Código de servicio')]),
  /** 'factura': the invoice's payment reference when the payment went to one invoice, else the account number; 'cuenta': always the account number */
  reference: z.enum(['factura', 'cuenta']),
  /** each office's branch code (06, positions 84-87), by office code; an office not listed: its id */
  branches: z
    .array(z.strictObject({ officeCode: z.string().trim().min(1).max(6), branch: digitsUpTo(4, 'Código de sucursal') }))
    .max(200, { message: 'Máximo 200 oficinas' }),
  /** each office's delivery folder (a network share of the machine that runs the back office); 'TODAS' for the files of every office */
  folders: z
    .array(z.strictObject({ officeCode: z.string().trim().min(1).max(6), folder: z.string().trim().min(1, { message: 'Indique la carpeta' }).max(300) }))
    .max(200, { message: 'Máximo 200 oficinas' })
    .default([]),
  /** the hour (company time) the day's files are made and delivered to the folders; '' = only on demand */
  deliveryTime: z.union([z.literal(''), z.string().max(5).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Hora HH:MM' })]).default(''),
  /** the recaudo's formats made at that hour */
  deliveryFormats: z.array(z.enum(EXPORT_FORMATS)).max(3).default(['asobancaria']),
});
export type ExchangeSettings = z.infer<typeof exchangeSettingsFields>;

export const DEFAULT_EXCHANGE_SETTINGS: ExchangeSettings = {
  bankCode: '000',
  collectionAccount: '0',
  accountType: '01',
  serviceCode: '',
  reference: 'factura',
  branches: [],
  folders: [],
  deliveryTime: '',
  deliveryFormats: ['asobancaria'],
};

export const exchangeSchemas = {
  /** the day's payments as a file: a new numbered export of what was not exported yet, or the last one again (same bytes) */
  'exchange.exportRecaudo': z.strictObject({
    date: isoDate,
    officeId: id.optional(),
    format: z.enum(EXPORT_FORMATS),
    /** required when the day has till sessions still open */
    openSessionsReason: shortText(300).optional(),
  }),
  /** the same bytes of a recorded export */
  'exchange.resend': z.strictObject({ exportId: id }),
  /** Administración › Intercambio: the log */
  'exchange.list': z.strictObject({ date: isoDate.optional() }),
  'exchange.settings': z.strictObject({}),
  'exchange.saveSettings': exchangeSettingsFields,
  /** the day's acts of one kind as a CSV: a new numbered export of what was not exported yet, or the last one again */
  'exchange.exportAct': z.strictObject({ kind: z.enum(ACT_KINDS), date: isoDate, officeId: id.optional() }),
  /** the recorded bytes of a file to its office's delivery folder again (a pending one, or a re-send) */
  'exchange.deliver': z.strictObject({ exportId: id }),
  /** what the set hour does, now: the day's files of the office (recaudo and acts), then every pending delivery */
  'exchange.deliverDay': z.strictObject({ date: isoDate, officeId: id.optional() }),
  /** what a day holds before exporting it: its standing payments and the tills still open */
  'exchange.day': z.strictObject({ date: isoDate, officeId: id.optional() }),
};

/** One recorded export, as the log shows it. */
export interface ExchangeExport {
  id: number;
  number: number;
  kind: ExportKind;
  format: ExportFormat;
  businessDate: string;
  officeId: number | null;
  officeCode: string | null;
  modifier: string;
  records: number;
  /** minor units */
  total: number;
  sha256: string;
  bytes: number;
  fileName: string;
  openSessionsReason: string;
  createdBy: string | null;
  createdAt: string;
  delivery: { state: DeliveryState; path: string; error: string; attempts: number; deliveredAt: string | null };
}

export interface ExportResult {
  export: ExchangeExport;
  /** false: nothing new since the last export of the day, its bytes again */
  created: boolean;
  file: DocumentFile;
}

export interface ExchangeOutputs {
  'exchange.exportRecaudo': ExportResult;
  'exchange.resend': ExportResult;
  'exchange.list': ExchangeExport[];
  'exchange.settings': ExchangeSettings;
  'exchange.saveSettings': ExchangeSettings;
  'exchange.exportAct': ExportResult;
  'exchange.deliver': ExchangeExport;
  'exchange.deliverDay': DayDelivery;
  'exchange.day': ExchangeDay;
}

/** A day before its export: standing payments (count and sum, minor units) and tills still open. */
export interface ExchangeDay {
  date: string;
  payments: number;
  total: number;
  openSessions: number;
}

/** What a delivery run did: the files made, what was not made and why, and the deliveries. */
export interface DayDelivery {
  date: string;
  created: ExchangeExport[];
  skipped: { officeCode: string | null; what: string; reason: string }[];
  delivered: number;
  pending: { number: number; fileName: string; error: string }[];
}
