/**
 * Printing: the printers of the operating system, which printer/paper/copies each kind of document
 * goes to on this machine, printing a PDF the renderer got from another handler, and the print log
 * (every job, its result, and a retry for the failed ones).
 */
import { z } from 'zod';
import { id, isoDate, requiredText } from './common';

/** what a paper is, for choosing its printer: receipts, invoices, letters, radicación stickers, reports */
export const DOCUMENT_KINDS = ['receipt', 'invoice', 'letter', 'sticker', 'report'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  receipt: 'Recibos de caja',
  invoice: 'Facturas',
  letter: 'Cartas y avisos',
  sticker: 'Stickers de radicación',
  report: 'Informes',
};

/** roll80: thermal 80 mm roll; letter: carta; halfLetter: media carta; label100x50: label 100 × 50 mm */
export const PAPER_SIZES = ['roll80', 'letter', 'halfLetter', 'label100x50'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];
export const PAPER_SIZE_LABELS: Record<PaperSize, string> = {
  roll80: 'Rollo térmico 80 mm',
  letter: 'Carta',
  halfLetter: 'Media carta',
  label100x50: 'Etiqueta 100 × 50 mm',
};
/** the paper a kind starts with before the administrator chooses */
export const DEFAULT_PAPER: Record<DocumentKind, PaperSize> = {
  receipt: 'roll80',
  invoice: 'letter',
  letter: 'letter',
  sticker: 'label100x50',
  report: 'letter',
};

/** pendiente: stored, not yet handed to the system; enviado: the system queue accepted it; fallido: it did not (error says why) */
export const PRINT_JOB_STATES = ['pendiente', 'enviado', 'fallido'] as const;
export type PrintJobState = (typeof PRINT_JOB_STATES)[number];

export const MAX_PRINT_COPIES = 10;
/** the largest PDF the back office accepts to print (base64 of about 20 MB) */
export const MAX_PRINT_BASE64 = 28_000_000;

/** a queue name of the system ('' in a setting: this kind is not printed directly) */
const printerName = z
  .string()
  .trim()
  .max(127)
  // eslint-disable-next-line no-control-regex
  .refine((v) => !v.startsWith('-') && !/[\u0000-\u001f]/.test(v), { message: 'Nombre de impresora inválido' });

export const printingSchemas = {
  /** the printers of the operating system of the machine where the back office runs */
  'printing.printers': z.strictObject({}),
  /** the setting of every kind on this machine (a kind nobody configured has printerName null) */
  'printing.settings': z.strictObject({}),
  'printing.saveSetting': z.strictObject({
    kind: z.enum(DOCUMENT_KINDS),
    /** '': this kind is not printed directly (the screen offers the download) */
    printerName,
    paper: z.enum(PAPER_SIZES),
    copies: z.number().int().min(1, { message: 'Al menos una copia' }).max(MAX_PRINT_COPIES, { message: `Máximo ${MAX_PRINT_COPIES} copias` }),
  }),
  /** prints a PDF (as another handler returned it) on the printer configured for its kind; the file is stored first */
  'printing.print': z.strictObject({
    kind: z.enum(DOCUMENT_KINDS),
    title: requiredText(120),
    document: z.strictObject({
      fileName: requiredText(200),
      /** only 'application/pdf' prints (a DocumentFile of another type is refused with the reason) */
      mimeType: z.string().max(100),
      base64: z.string().min(1).max(MAX_PRINT_BASE64, { message: 'El documento es demasiado grande para imprimir' }),
    }),
  }),
  /** the print log, newest first; cajero and auxiliar see only their own jobs */
  'printing.jobs': z.strictObject({
    state: z.enum(PRINT_JOB_STATES).optional(),
    kind: z.enum(DOCUMENT_KINDS).optional(),
    /** business dates (company zone) of the job's creation, inclusive */
    from: isoDate.optional(),
    to: isoDate.optional(),
    /** only the caller's jobs (always true for cajero and auxiliar) */
    mine: z.boolean().optional().default(false),
    limit: z.number().int().min(1).max(500).optional().default(100),
  }),
  /** sends the stored file of a failed job again, to the printer now configured for its kind */
  'printing.retry': z.strictObject({ jobId: id }),
  /** the stored file of a job, to download */
  'printing.jobFile': z.strictObject({ jobId: id }),
  /** a one-page test on the printer and paper configured for a kind (logged like any job) */
  'printing.testPage': z.strictObject({ kind: z.enum(DOCUMENT_KINDS) }),
};

export interface SystemPrinter {
  name: string;
  isDefault: boolean;
  /** idle, printing, disabled (stopped in the system), or unknown (Windows does not say) */
  state: 'inactiva' | 'imprimiendo' | 'detenida' | 'desconocido';
  /** false when the queue refuses new jobs */
  accepting: boolean;
  /** the system's reason when stopped or not accepting, as it says it */
  reason: string;
}

export interface SystemPrinters {
  /** 'cups' (lp/lpstat, Linux and macOS) or 'windows' (pdf-to-printer) */
  system: 'cups' | 'windows';
  /** false when the printing system is missing or not running; `message` says why, in Spanish */
  available: boolean;
  message: string;
  printers: SystemPrinter[];
}

export interface PrinterSetting {
  kind: DocumentKind;
  printerName: string | null;
  paper: PaperSize;
  copies: number;
  /** the machine these settings belong to (printers are the machine's own) */
  machine: string;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface PrintJob {
  id: number;
  kind: DocumentKind;
  title: string;
  fileName: string;
  sha256: string;
  pages: number;
  copies: number;
  printerName: string | null;
  paper: PaperSize;
  machine: string;
  state: PrintJobState;
  attempts: number;
  /** the queue's id for the last attempt ("VentanillaPDF-12"), '' when none */
  systemJobId: string;
  /** why the last attempt failed, in Spanish; '' when it did not */
  error: string;
  userId: number | null;
  userName: string;
  createdAt: string;
  /** when the last attempt was made */
  lastAttemptAt: string | null;
}

export interface PrintResult {
  /** false: no printer is configured for this kind on this machine; nothing was stored (offer the download) */
  configured: boolean;
  /** the logged job (state enviado or fallido), null when not configured */
  job: PrintJob | null;
  /** what happened, in Spanish, for the notification */
  message: string;
}

export interface PrintingOutputs {
  'printing.printers': SystemPrinters;
  'printing.settings': PrinterSetting[];
  'printing.saveSetting': PrinterSetting;
  'printing.print': PrintResult;
  'printing.jobs': PrintJob[];
  'printing.retry': PrintResult;
  'printing.jobFile': { fileName: string; mimeType: string; base64: string };
  'printing.testPage': PrintResult;
}
