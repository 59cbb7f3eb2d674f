/**
 * Printing the invoices of a period (coordinator): a batch by cycle and route into one PDF or one
 * PDF per route, run in the background with progress and cancel; its files are fetched in chunks.
 * A single invoice reprinted from the account screen says DUPLICADO.
 */
import { z } from 'zod';
import { id, shortText } from './common';
import type { DocumentFile } from './cashier';
import type { PrintResult } from './printing';

export const INVOICE_PAPERS = ['letter', 'halfLetter'] as const;
export type InvoicePaper = (typeof INVOICE_PAPERS)[number];
export const INVOICE_BATCH_SPLITS = ['single', 'perRoute'] as const;
export type InvoiceBatchSplit = (typeof INVOICE_BATCH_SPLITS)[number];
export type InvoiceBatchState = 'running' | 'done' | 'cancelled' | 'failed';

/** Why an invoice of the selection is not printed in a batch. */
export const SKIP_REASONS = {
  sinLineas: 'La factura no tiene conceptos',
  totalCero: 'El total de la factura es cero o negativo',
  pagada: 'La factura ya está pagada',
  cuentaRetirada: 'La cuenta está retirada',
} as const;
export type SkipReason = keyof typeof SKIP_REASONS;

/** Bytes of a batch file per download chunk (base64 travels in the answer). */
export const BATCH_FILE_CHUNK_BYTES = 4 * 1024 * 1024;

const period = z.string().max(7, { message: 'Periodo inválido (use AAAA-MM)' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'Periodo inválido (use AAAA-MM)' });
/** empty or absent: every cycle / route */
const optionalCode = shortText(10).optional();

const selection = {
  period,
  cycle: optionalCode,
  route: optionalCode,
};

export const invoicingSchemas = {
  /** the periods that have invoices, newest first (the last 24) */
  'invoicing.periods': z.strictObject({}),
  /** the cycles and routes with invoices in the period, with how many will print and how many not */
  'invoicing.routes': z.strictObject({ period }),
  'invoicing.startBatch': z.strictObject({
    ...selection,
    paper: z.enum(INVOICE_PAPERS).optional().default('letter'),
    split: z.enum(INVOICE_BATCH_SPLITS).optional().default('single'),
  }),
  'invoicing.batchStatus': z.strictObject({ batchId: id }),
  'invoicing.cancelBatch': z.strictObject({ batchId: id }),
  /** a piece of a finished batch file, from `offset` (bytes) */
  'invoicing.batchFileChunk': z.strictObject({ batchId: id, fileIndex: z.number().int().min(0).max(10_000), offset: z.number().int().min(0) }),
  'invoicing.recentBatches': z.strictObject({}),
  /** a finished batch file to the printer configured for invoices (Administración › Impresoras), from this machine */
  'invoicing.printBatchFile': z.strictObject({ batchId: id, fileIndex: z.number().int().min(0).max(10_000) }),
  /** one invoice again, marked DUPLICADO; the reprint is counted and audited */
  'invoicing.reprint': z.strictObject({ invoiceId: id, paper: z.enum(INVOICE_PAPERS).optional().default('letter') }),
  'invoicing.getSettings': z.strictObject({}),
  'invoicing.updateSettings': z.strictObject({
    paymentPoints: shortText(200).min(1, { message: 'Obligatorio' }),
  }),
};

export interface RouteSummary {
  cycle: string;
  route: string;
  /** invoices of the period on the route */
  invoices: number;
  /** of them, the ones a batch would skip */
  toSkip: number;
}

export interface SkippedInvoice {
  invoiceNumber: string;
  accountNumber: string;
  cycle: string;
  route: string;
  reason: SkipReason;
  /** the reason in Spanish */
  reasonText: string;
}

export interface InvoiceBatchFile {
  index: number;
  fileName: string;
  /** set when the file holds one route */
  cycle: string | null;
  route: string | null;
  pages: number;
  bytes: number;
}

export interface InvoiceBatchStatus {
  id: number;
  period: string;
  cycle: string | null;
  route: string | null;
  paper: InvoicePaper;
  split: InvoiceBatchSplit;
  state: InvoiceBatchState;
  /** invoices of the selection */
  selected: number;
  /** pages written so far (one invoice a page) */
  printed: number;
  skipped: number;
  pagesPerSecond: number;
  /** finished files (empty while running, and after a cancel: a cancelled batch leaves no file) */
  files: InvoiceBatchFile[];
  skippedInvoices: SkippedInvoice[];
  /** why it failed or was cancelled */
  message: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface BatchFileChunk {
  fileName: string;
  totalBytes: number;
  base64: string;
  /** null at the end of the file */
  nextOffset: number | null;
}

export interface InvoicingSettings {
  paymentPoints: string;
}

export const DEFAULT_INVOICING_SETTINGS: InvoicingSettings = { paymentPoints: 'Pague en nuestras oficinas y bancos autorizados' };

export interface PeriodSummary {
  period: string;
  invoices: number;
}

export interface InvoicingOutputs {
  'invoicing.periods': PeriodSummary[];
  'invoicing.routes': RouteSummary[];
  'invoicing.startBatch': InvoiceBatchStatus;
  'invoicing.batchStatus': InvoiceBatchStatus;
  'invoicing.cancelBatch': InvoiceBatchStatus;
  'invoicing.batchFileChunk': BatchFileChunk;
  'invoicing.recentBatches': InvoiceBatchStatus[];
  'invoicing.printBatchFile': PrintResult;
  'invoicing.reprint': { file: DocumentFile; copyNumber: number };
  'invoicing.getSettings': InvoicingSettings;
  'invoicing.updateSettings': InvoicingSettings;
}
