/** Reads a generated PDF the way a person would: its text through poppler's pdftotext, and its pages. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function withTempPdf<T>(pdf: Buffer, work: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-pdf-'));
  const file = path.join(dir, 'document.pdf');
  try {
    fs.writeFileSync(file, pdf);
    return work(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF as `pdftotext -layout` lays it out (columns kept on their lines). */
export function pdfText(pdf: Buffer): string {
  // a batch's text passes execFileSync's default 1 MB output limit at ~200 pages
  return withTempPdf(pdf, (file) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));
}

/** The PDF's text with runs of spaces collapsed to one, for matching phrases across layout columns. */
export function pdfTextFlat(pdf: Buffer): string {
  return pdfText(pdf).replace(/[ \t]+/g, ' ');
}

export interface PdfInfo {
  pages: number;
  /** first page's size in points */
  width: number;
  height: number;
}

/** Page count and the first page's size, from `pdfinfo`. */
export function pdfInfo(pdf: Buffer): PdfInfo {
  const out = withTempPdf(pdf, (file) => execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
  const pages = Number(/^Pages:\s+(\d+)/m.exec(out)?.[1] ?? NaN);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(out);
  return { pages, width: Number(size?.[1] ?? NaN), height: Number(size?.[2] ?? NaN) };
}

export function pdfPageCount(pdf: Buffer): number {
  return pdfInfo(pdf).pages;
}
