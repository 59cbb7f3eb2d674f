import { z } from 'zod';
import { uploadId } from './common';

export const IMPORT_KINDS = ['accounts', 'invoices'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
/** What an upload may carry: the CSV imports, or a bank collection file (Asobancaria 2001, see bankFiles.*) */
export const UPLOAD_KINDS = [...IMPORT_KINDS, 'asobancaria'] as const;
export type UploadKind = (typeof UPLOAD_KINDS)[number];

/** Files travel to the back office in chunks so that the screen can show progress; 4 MB each. */
export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;
/** The screen accepts files up to this size (512 MB: a whole company's accounts are a few MB). */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/**
 * Attached files (PQR attachments, petty-cash supports) travel the same way, in chunks, before the
 * act that keeps them names their upload: the web door takes at most 6 MB a request, an attachment
 * may have 25 MB. Any logged-in user sends their own; only they may use it.
 */
export const ATTACHMENT_UPLOAD_MAX_BYTES = 25 * 1024 * 1024;

/** one piece of an upload, at its offset */
const chunk = z.strictObject({
  uploadId,
  offset: z.number().int().min(0),
  /** base64 of at most UPLOAD_CHUNK_BYTES bytes */
  dataBase64: z.string().max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4 + 4),
});

export const importsSchemas = {
  'imports.begin': z.strictObject({
    kind: z.enum(UPLOAD_KINDS),
    fileName: z.string().trim().min(1).max(200),
    size: z
      .number()
      .int()
      .min(0)
      .max(MAX_UPLOAD_BYTES, { message: 'El archivo pasa de 512 MB, el máximo que se carga aquí: pídalo en partes (por ejemplo, uno por ciclo o por ruta)' }),
  }),
  'imports.chunk': chunk,
  /** validates the whole file against the database; writes nothing */
  'imports.preview': z.strictObject({ uploadId }),
  /** validates again and writes everything in one transaction, or nothing */
  'imports.commit': z.strictObject({ uploadId }),
  'imports.discard': z.strictObject({ uploadId }),
  /** begins sending an attached file (then attachments.chunk; then the act names { uploadId }) */
  'attachments.begin': z.strictObject({
    fileName: z.string().trim().min(1).max(200),
    size: z
      .number()
      .int()
      .min(1, { message: 'El archivo está vacío' })
      .max(ATTACHMENT_UPLOAD_MAX_BYTES, { message: 'El archivo supera el tamaño máximo de 25 MB' }),
  }),
  'attachments.chunk': chunk,
  'attachments.discard': z.strictObject({ uploadId }),
};

export interface RowError {
  /** 1-based line of the file (the header is line 1) */
  line: number;
  /** column name as in the header, or '' when the whole line is wrong */
  column: string;
  message: string;
}

export interface ImportSummary {
  kind: ImportKind;
  fileName: string;
  encoding: 'utf-8' | 'windows-1252';
  separator: ',' | ';';
  /** data rows read (lines minus header and blank lines) */
  rows: number;
  /** records: accounts, or invoices (an invoice may take several lines) */
  newCount: number;
  changedCount: number;
  unchangedCount: number;
  rejectedCount: number;
  /** the first 1,000 errors, in file order */
  errors: RowError[];
  /** true when the file can be committed (no rejected rows, no file-level error) */
  acceptable: boolean;
  /** a file-level problem: not CSV, empty, wrong header… */
  fileError: string | null;
}

export interface ImportResult extends ImportSummary {
  committed: boolean;
  batchId: number | null;
}

export interface ImportsOutputs {
  'imports.begin': { uploadId: string };
  'imports.chunk': { received: number };
  'imports.preview': ImportSummary;
  'imports.commit': ImportResult;
  'imports.discard': { discarded: true };
  'attachments.begin': { uploadId: string };
  'attachments.chunk': { received: number };
  'attachments.discard': { discarded: true };
}
