import type { DocumentFile } from '../../../shared/contract';

/** A generated PDF as the handlers return it (the same bytes are previewed, saved and printed). */
export function pdfFile(fileName: string, pdf: Buffer): DocumentFile {
  return { fileName, mimeType: 'application/pdf', base64: pdf.toString('base64') };
}

/** CSV documents: csv.ts (the one CSV writer) */
