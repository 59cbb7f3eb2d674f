/**
 * A letter on the company's letterhead: place and date, the number (radicado or notice number) with
 * its barcode, the recipient, the reference and subject lines, the body's paragraphs, the signature
 * and the footer on every page. Every module's letters use it (PQR answers and notifications,
 * outgoing correspondence, suspension notices, collection letters). Pure: data → PDF bytes.
 */
import { paragraphsOf } from '../../../shared/letterTemplates';
import { longDate } from './labels';
import { BOLD, FONT, GREY, LETTER, drawBarcode, drawLetterhead, drawWatermark, newDocument, rule, toBuffer, type Letterhead, type Pdf } from './layout';

const MARGIN = 64;
const WIDTH = LETTER[0] - 2 * MARGIN;

export interface LetterData {
  head: Letterhead;
  /** "Garzón" */
  city: string;
  /** business date of the letter, 'YYYY-MM-DD' */
  date: string;
  /** the letter's own number (radicado de salida, notice number), printed top right with a Code 128; optional */
  number?: string;
  recipient: { name: string; lines: string[] };
  /** the line above the recipient's name: 'Señor(a)' by default, 'Para:' for a memo, '' for none */
  salutation?: string;
  /** "Referencia: Radicado No. … del …" lines, optional */
  reference?: string[];
  subject: string;
  /** the filled template text; blank lines separate paragraphs */
  body: string;
  signer: { name: string; title: string };
  /** printed at the foot of each page */
  footer?: string;
  /** "Anexo: copia íntegra de la decisión", "Copia: …" */
  closingLines?: string[];
  /** a word across every page and under the date: BORRADOR for previews, ANULADO, DUPLICADO */
  watermark?: string;
  /** empty signature lines with captions after the signer (acta de notificación: "Notificado", "Notificador") */
  extraSignatures?: { name: string; caption: string }[];
}

function ensureRoom(doc: Pdf, needed: number): void {
  if (doc.y + needed > LETTER[1] - MARGIN - 20) doc.addPage();
}

function signatureBlock(doc: Pdf, name: string, caption: string[], x: number, lineY: number): void {
  rule(doc, x, lineY, 220, 0.8);
  doc.font(BOLD).fontSize(10).fillColor('black').text(name || ' ', x, lineY + 5, { width: 230 });
  doc.font(FONT).fontSize(9);
  for (const line of caption.filter(Boolean)) doc.text(line, x, doc.y, { width: 230 });
}

/** draws one letter from the current page on (the caller gives it a fresh page) */
export function drawLetter(doc: Pdf, letter: LetterData): void {
  const top = drawLetterhead(doc, letter.head, { x: MARGIN, y: MARGIN - 24, width: WIDTH });

  if (letter.number) {
    doc.font(FONT).fontSize(8).fillColor(GREY).text('No.', MARGIN + WIDTH - 200, top, { width: 200, align: 'right' });
    doc.font(BOLD).fontSize(11).fillColor('black').text(letter.number, MARGIN + WIDTH - 200, doc.y, { width: 200, align: 'right' });
    drawBarcode(doc, letter.number, { x: MARGIN + WIDTH - 170, y: doc.y + 2, width: 170, height: 26, kind: 'code128' });
  }
  doc.font(FONT).fontSize(10.5).fillColor('black').text(`${letter.city}, ${longDate(letter.date)}`, MARGIN, top, { width: WIDTH - 210 });
  if (letter.watermark) doc.font(BOLD).fontSize(10.5).fillColor('#cc0000').text(letter.watermark, MARGIN, doc.y + 4, { width: WIDTH - 210 }).fillColor('black');
  doc.y = Math.max(doc.y, top + (letter.number ? 56 : 0)) + 14;

  const salutation = letter.salutation ?? 'Señor(a)';
  if (salutation) doc.text(salutation, MARGIN, doc.y, { width: WIDTH });
  doc.font(BOLD).text(letter.recipient.name, MARGIN, doc.y, { width: WIDTH });
  doc.font(FONT);
  for (const line of letter.recipient.lines.filter((l) => l.trim() !== '')) doc.text(line, { width: WIDTH });
  doc.y += 14;

  for (const line of letter.reference ?? []) doc.font(BOLD).text(line, MARGIN, doc.y, { width: WIDTH });
  doc.font(BOLD).text(`Asunto: ${letter.subject}`, MARGIN, doc.y, { width: WIDTH });
  doc.y += 14;

  for (const p of paragraphsOf(letter.body)) {
    ensureRoom(doc, 30);
    doc.font(FONT).fontSize(10.5).fillColor('black').text(p, MARGIN, doc.y, { width: WIDTH, align: 'justify', lineGap: 1.5 });
    doc.y += 9;
  }

  ensureRoom(doc, 80);
  signatureBlock(doc, letter.signer.name, [letter.signer.title, letter.head.company.name], MARGIN, doc.y + 40);
  if (letter.extraSignatures?.length) {
    ensureRoom(doc, 90);
    const lineY = doc.y + 48;
    letter.extraSignatures.slice(0, 2).forEach((s, i) => signatureBlock(doc, s.name, [s.caption], MARGIN + i * (WIDTH / 2 + 10), lineY));
  }
  if (letter.closingLines?.length) {
    doc.y += 16;
    doc.font(FONT).fontSize(8.5).fillColor(GREY);
    for (const line of letter.closingLines) doc.text(line, MARGIN, doc.y, { width: WIDTH });
  }
}

/** the footer and "Página i de n" of the pages [first, first + count) of one letter, and its watermark */
function finishLetterPages(doc: Pdf, letter: LetterData, first: number, count: number): void {
  const footer = [letter.footer, letter.number].filter(Boolean).join(' · ');
  for (let i = 0; i < count; i++) {
    doc.switchToPage(first + i);
    if (letter.watermark) drawWatermark(doc, letter.watermark);
    const { width, height, margins } = doc.page;
    const bottomMargin = margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the margin must not add a page
    const y = height - bottomMargin + 14;
    doc.font(FONT).fontSize(8).fillColor(GREY);
    if (footer) doc.text(footer, margins.left, y, { width: width - margins.left - margins.right - 80, align: 'left', lineBreak: false });
    doc.text(`Página ${i + 1} de ${count}`, margins.left, y, { width: width - margins.left - margins.right, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottomMargin;
  }
  doc.fillColor('black');
}

/** one letter as a PDF */
export async function letterPdf(letter: LetterData): Promise<Buffer> {
  return lettersPdf([letter], letter.subject);
}

/** several letters in one PDF (a round of notices), each starting on its own page with its own page count */
export async function lettersPdf(letters: LetterData[], title: string): Promise<Buffer> {
  const doc = newDocument({ size: LETTER, margin: MARGIN, title, autoFirstPage: false });
  for (const letter of letters) {
    doc.addPage();
    const first = doc.bufferedPageRange().start + doc.bufferedPageRange().count - 1;
    drawLetter(doc, letter);
    const end = doc.bufferedPageRange().start + doc.bufferedPageRange().count;
    finishLetterPages(doc, letter, first, end - first);
    doc.switchToPage(end - 1);
  }
  return toBuffer(doc);
}
