/**
 * The print spool: every document sent to print is first stored under the data folder as
 * `print-spool/<sha256>.pdf` (the same bytes print once whatever their name), so that a failed job
 * can be sent again later and the log can always show what was printed.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { invalid } from '../../errors';

export interface SpooledFile {
  filePath: string;
  sha256: string;
  pages: number;
}

export function spoolDir(dataDir: string): string {
  return path.join(dataDir, 'print-spool');
}

/**
 * The number of pages of a PDF: its page objects (`/Type /Page`, not `/Pages`). Every paper of
 * this app is a pdfkit file, whose page dictionaries are plain text; 0 when none is found.
 */
export function countPdfPages(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
}

/** Checks the bytes are a PDF and stores them (once per content). */
export function spoolPdf(dataDir: string, base64: string): SpooledFile {
  const pdf = Buffer.from(base64, 'base64');
  if (pdf.length < 8 || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw invalid('El documento no es un PDF válido: no se imprimió nada.');
  const pages = countPdfPages(pdf);
  if (pages === 0) throw invalid('El documento PDF no tiene páginas: no se imprimió nada.');
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const dir = spoolDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const filePath = path.join(dir, `${sha256}.pdf`);
  if (!fs.existsSync(filePath)) {
    // write beside it and rename, so a half-written file never has the final name
    const partial = `${filePath}.${process.pid}.part`;
    fs.writeFileSync(partial, pdf);
    fs.renameSync(partial, filePath);
  }
  return { filePath, sha256, pages };
}
