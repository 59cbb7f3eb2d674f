/**
 * Drawing helpers every paper shares: the document and its bytes, fonts, rules, label/value rows,
 * tables that continue on the next page, page numbers, the ANULADO watermark and vector barcodes.
 * Layouts stay pure functions from data to a PDF Buffer.
 */
import type PDFDocument from 'pdfkit';
import type BwipJs from 'bwip-js/node';
import { onFirstUse } from '../lazy-package';

export type Pdf = PDFKit.PDFDocument;

/** pdfkit and bwip-js load with the first paper, not at start (lazy-package.ts) */
export const pdfkit = onFirstUse<typeof PDFDocument>('pdfkit');
export const bwipjs = onFirstUse<typeof BwipJs>('bwip-js/node');

/** US letter, the size of every office paper except the thermal receipt */
export const LETTER: [number, number] = [612, 792];
/** points per millimetre */
export const MM = 72 / 25.4;

/** pdfkit's standard fonts, called by name (a registered alias re-reads the metrics on every call) */
export const FONT = 'Helvetica';
export const BOLD = 'Helvetica-Bold';

export const GREY = '#555555';
export const LIGHT = '#999999';

/** A new document; pages are buffered so that page numbers can be written at the end. */
export function newDocument(options: { size: [number, number]; margin: number; title: string; autoFirstPage?: boolean }): Pdf {
  return new (pdfkit())({
    size: options.size,
    margin: options.margin,
    bufferPages: true,
    autoFirstPage: options.autoFirstPage ?? true,
    info: { Title: options.title, Producer: 'Ventanilla', Creator: 'Ventanilla' },
    lang: 'es-CO',
  });
}

/** Ends the document and resolves with its bytes. */
export function toBuffer(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** The image inside a `data:image/png;base64,…` or jpeg data URL, or null when there is none. */
export function imageFromDataUrl(dataUrl: string): Buffer | null {
  const m = /^data:image\/(png|jpe?g);base64,([A-Za-z0-9+/=\s]+)$/i.exec(dataUrl.trim());
  if (!m) return null;
  const bytes = Buffer.from(m[2], 'base64');
  return bytes.length > 0 ? bytes : null;
}

/** Draws the logo fitted in a box; returns false (nothing drawn) when there is no usable image. */
export function drawLogo(doc: Pdf, dataUrl: string, box: { x: number; y: number; width: number; height: number; align?: 'center' | 'right' }): boolean {
  const image = imageFromDataUrl(dataUrl);
  if (!image) return false;
  try {
    doc.image(image, box.x, box.y, { fit: [box.width, box.height], align: box.align, valign: 'center' });
    return true;
  } catch {
    return false; // a damaged image must not stop the paper
  }
}

export interface Letterhead {
  company: { name: string; nit: string; logoDataUrl: string };
  /** the office line under the company; omitted when empty */
  officeLines: string[];
}

/**
 * The letter-size header: logo on the left, company name in bold, NIT and the office lines beside
 * it, a rule below. Returns the y where the body starts.
 */
export function drawLetterhead(doc: Pdf, head: Letterhead, area: { x: number; y: number; width: number }): number {
  const logoSize = 54;
  const hasLogo = drawLogo(doc, head.company.logoDataUrl, { x: area.x, y: area.y, width: logoSize, height: logoSize });
  const textX = hasLogo ? area.x + logoSize + 12 : area.x;
  const textWidth = area.width - (textX - area.x);
  doc.fillColor('black').font(BOLD).fontSize(13).text(head.company.name, textX, area.y, { width: textWidth });
  doc.font(FONT).fontSize(9).fillColor(GREY).text(`NIT ${head.company.nit}`, textX, doc.y + 1, { width: textWidth });
  for (const line of head.officeLines.filter((l) => l.trim() !== '')) doc.text(line, textX, doc.y, { width: textWidth });
  const bottom = Math.max(doc.y, hasLogo ? area.y + logoSize : 0) + 8;
  rule(doc, area.x, bottom, area.width, 1);
  doc.fillColor('black');
  return bottom + 10;
}

/** A horizontal line. */
export function rule(doc: Pdf, x: number, y: number, width: number, lineWidth = 0.5, dash = false): void {
  doc.save().lineWidth(lineWidth).strokeColor('black');
  if (dash) doc.dash(2, { space: 2 });
  doc.moveTo(x, y).lineTo(x + width, y).stroke();
  doc.restore();
}

/** A label on the left and its value on the right of the same line; returns the y below it. */
export function labelValue(
  doc: Pdf,
  label: string,
  value: string,
  at: { x: number; y: number; width: number; size?: number; bold?: boolean; labelWidth?: number },
): number {
  const size = at.size ?? 9;
  const font = at.bold ? BOLD : FONT;
  doc.font(font).fontSize(size);
  const valueWidth = Math.min(doc.widthOfString(value) + 2, at.width * 0.6);
  const labelWidth = at.labelWidth ?? at.width - valueWidth - 4;
  doc.text(label, at.x, at.y, { width: labelWidth });
  const labelBottom = doc.y;
  doc.font(font).fontSize(size).text(value, at.x + at.width - valueWidth, at.y, { width: valueWidth, align: 'right' });
  return Math.max(labelBottom, doc.y);
}

export interface Column<Row> {
  header: string;
  width: number;
  align?: 'left' | 'right' | 'center';
  value: (row: Row) => string;
}

/** Words of a text in lines no wider than `width` in the current font (as pdfkit wraps at spaces). */
function wrapWords(doc: Pdf, text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (line && doc.widthOfString(next) > width) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    lines.push(line);
  }
  return lines;
}

/**
 * The strike-through of a voided row: one segment through the middle of every line of every cell,
 * as wide as that line's text, so that a name wrapped on two lines is struck on both (a single
 * line through the middle of the row would run between them).
 */
export function strikeSegments(
  doc: Pdf,
  cells: readonly string[],
  columns: readonly { width: number; align?: 'left' | 'right' | 'center' }[],
  at: { x: number; y: number; pad: number; size: number },
): { x: number; y: number; width: number }[] {
  doc.font(FONT).fontSize(at.size);
  const lineHeight = doc.currentLineHeight(true);
  const segments: { x: number; y: number; width: number }[] = [];
  let x = at.x;
  cells.forEach((text, i) => {
    const inner = columns[i].width - 2 * at.pad;
    if (text.trim() !== '') {
      const count = Math.max(1, Math.round(doc.heightOfString(text, { width: inner }) / lineHeight));
      const words = wrapWords(doc, text, inner);
      const lines = words.length === count ? words : Array.from({ length: count }, () => '');
      lines.forEach((line, n) => {
        const width = line ? Math.min(inner, doc.widthOfString(line)) : inner;
        const offset = columns[i].align === 'right' ? inner - width : columns[i].align === 'center' ? (inner - width) / 2 : 0;
        segments.push({ x: x + at.pad + offset, y: at.y + at.pad + n * lineHeight + at.size * 0.45, width });
      });
    }
    x += columns[i].width;
  });
  return segments;
}

/**
 * A table with a bold header row, continued on new pages (header repeated) when it reaches
 * `bottom`. Returns the y below the last row.
 */
export function drawTable<Row>(
  doc: Pdf,
  columns: Column<Row>[],
  rows: readonly Row[],
  at: { x: number; y: number; bottom: number; topOfNextPage: number; size?: number; strike?: (row: Row) => boolean },
): number {
  const size = at.size ?? 8.5;
  const pad = 3;
  const totalWidth = columns.reduce((sum, c) => sum + c.width, 0);
  let y = at.y;
  const header = () => {
    doc.save().rect(at.x, y, totalWidth, size + 2 * pad + 2).fill('#e8e8e8').restore();
    let x = at.x;
    doc.font(BOLD).fontSize(size).fillColor('black');
    for (const c of columns) {
      doc.text(c.header, x + pad, y + pad + 1, { width: c.width - 2 * pad, align: c.align ?? 'left', lineBreak: false, ellipsis: true });
      x += c.width;
    }
    y += size + 2 * pad + 2;
  };
  header();
  doc.font(FONT).fontSize(size);
  for (const row of rows) {
    const cells = columns.map((c) => c.value(row));
    const height = Math.max(...cells.map((text, i) => doc.font(FONT).fontSize(size).heightOfString(text, { width: columns[i].width - 2 * pad }))) + 2 * pad;
    if (y + height > at.bottom) {
      doc.addPage();
      y = at.topOfNextPage;
      header();
    }
    let x = at.x;
    doc.font(FONT).fontSize(size).fillColor('black');
    cells.forEach((text, i) => {
      doc.text(text, x + pad, y + pad, { width: columns[i].width - 2 * pad, align: columns[i].align ?? 'left' });
      x += columns[i].width;
    });
    if (at.strike?.(row)) for (const seg of strikeSegments(doc, cells, columns, { x: at.x, y, pad, size })) rule(doc, seg.x, seg.y, seg.width, 0.6);
    y += height;
    doc.save().lineWidth(0.3).strokeColor('#bbbbbb').moveTo(at.x, y).lineTo(at.x + totalWidth, y).stroke().restore();
  }
  return y;
}

/** "Página n de m" at the foot of every page (the document must buffer its pages). */
export function addPageNumbers(doc: Pdf, footer?: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const { width, height, margins } = doc.page;
    const bottomMargin = margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the margin must not add a page
    const y = height - bottomMargin + 14;
    doc.font(FONT).fontSize(8).fillColor(GREY);
    if (footer) doc.text(footer, margins.left, y, { width: width - margins.left - margins.right, align: 'left', lineBreak: false });
    doc.text(`Página ${i - start + 1} de ${count}`, margins.left, y, { width: width - margins.left - margins.right, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottomMargin;
  }
  doc.fillColor('black');
}

/** A big diagonal word across the current page (ANULADO), light enough to read what is under it. */
export function drawWatermark(doc: Pdf, word: string): void {
  const { width, height } = doc.page;
  const diagonal = Math.sqrt(width * width + height * height);
  const size = Math.min(110, (diagonal * 0.8) / (word.length * 0.65));
  stamp(doc, word, { cx: width / 2, cy: height / 2, angle: (-Math.atan2(height, width) * 180) / Math.PI, size });
}

/** A light red word, rotated around its centre (one impression of a watermark). */
export function stamp(doc: Pdf, word: string, at: { cx: number; cy: number; angle: number; size: number }): void {
  doc.save();
  doc.rotate(at.angle, { origin: [at.cx, at.cy] });
  doc.font(BOLD).fontSize(at.size).fillColor('#cc0000').fillOpacity(0.22);
  const textWidth = doc.widthOfString(word);
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0; // a stamp near the foot must not add a page
  doc.text(word, at.cx - textWidth / 2, at.cy - at.size / 2, { lineBreak: false });
  doc.page.margins.bottom = bottom;
  doc.restore();
  doc.fillColor('black').fillOpacity(1);
}

/**
 * A barcode drawn as vector paths (bwip-js `toSVG` → `doc.path`): sharp on any printer and cheap.
 * 'code128' for a line of text, 'qrcode' for a square. Fits the box keeping the proportions.
 */
export function drawBarcode(doc: Pdf, text: string, box: { x: number; y: number; width: number; height: number; kind: 'code128' | 'qrcode' }): void {
  let svg: string;
  try {
    svg = box.kind === 'code128' ? bwipjs().toSVG({ bcid: 'code128', text, height: 10 }) : bwipjs().toSVG({ bcid: 'qrcode', text });
  } catch {
    return; // the code is printed as text beside the barcode: a paper never fails for its barcode
  }
  const viewBox = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  if (!viewBox) return;
  const [vw, vh] = [Number(viewBox[1]), Number(viewBox[2])];
  const sx = box.width / vw;
  const sy = box.kind === 'qrcode' ? sx : box.height / vh;
  const scaleX = box.kind === 'qrcode' ? Math.min(sx, box.height / vh) : sx;
  const scaleY = box.kind === 'qrcode' ? scaleX : sy;
  doc.save();
  doc.translate(box.x, box.y).scale(scaleX, scaleY);
  for (const m of svg.matchAll(/<path ([^>]*?)\/>/g)) {
    const attrs = m[1];
    const d = /\bd="([^"]+)"/.exec(attrs)?.[1];
    if (!d) continue;
    const strokeWidth = /stroke-width="([\d.]+)"/.exec(attrs)?.[1];
    if (strokeWidth) doc.path(d).lineWidth(Number(strokeWidth)).strokeColor('black').stroke();
    else doc.path(d).fillColor('black').fill('non-zero');
  }
  doc.restore();
  doc.fillColor('black');
}
