import type { DocumentFile } from '../../../shared/contract';

/** A generated PDF as the handlers return it (the same bytes are previewed, saved and printed). */
export function pdfFile(fileName: string, pdf: Buffer): DocumentFile {
  return { fileName, mimeType: 'application/pdf', base64: pdf.toString('base64') };
}

export function csvFile(fileName: string, csv: string): DocumentFile {
  return { fileName, mimeType: 'text/csv', base64: Buffer.from(csv, 'utf8').toString('base64') };
}
