/**
 * The papers of a PQR filing: the sticker pasted on the received paper (a 100 × 50 mm thermal
 * label), the constancia de radicación handed to the petitioner with the due date and their rights,
 * and the letter telling the petitioner of the one extension (prórroga). Pure: data → PDF bytes.
 */
import type { Country, PqrDetail, PqrType, PqrTypeInfo } from '../../../shared/contract';
import { formatDate, formatDateTime, todayIn } from '../../../shared/dates';
import { ID_TYPE_LABELS, PAUSE_REASON_LABELS, PQR_CHANNEL_LABELS, PQR_TYPE_LABELS, longDate } from './labels';
import { BOLD, FONT, GREY, LETTER, MM, addPageNumbers, bwipjs, drawBarcode, drawLetterhead, drawWatermark, newDocument, rule, stamp, toBuffer, type Letterhead, type Pdf } from './layout';

export interface PqrPaperContext {
  head: Letterhead;
  /** company time zone, for the times printed */
  timeZone: string;
  /** optional: the office, for the place and the signer of letters ("Garzón, 20 de noviembre de 2026") */
  office?: { name: string; city: string };
  /** optional: the term's legal basis and whether silencio positivo applies, overriding what the PQR recorded at filing */
  term?: Pick<PqrTypeInfo, 'basis' | 'silencioPositivo'>;
  /** optional: the legal rules' values the rights paragraph cites (Colombian defaults otherwise) */
  rules?: { completionRequestBusinessDays: number; completionUserMonths: number; invoiceClaimMonths: number };
  /** optional: the company's country; the paragraphs that cite Colombian law print only for 'CO' (the default) */
  country?: Country;
  /** optional: who signs the extension letter; default "Coordinador(a) de la oficina <name>" with a blank name */
  signer?: { name: string; title?: string };
}

/** The sticker label: 100 mm × 50 mm, a common thermal label size. */
export const STICKER_LABEL_MM = { width: 100, height: 50 } as const;
export const STICKER_SIZE: [number, number] = [STICKER_LABEL_MM.width * MM, STICKER_LABEL_MM.height * MM];

/** the width of one bar module on the sticker: 0.375 mm, three dots of a 203 dpi thermal printer */
const STICKER_MODULE = 0.375 * MM;
/** Code 128 needs a blank quiet zone of at least 10 modules on each side */
const QUIET_MODULES = 10;

/** Colombian defaults when the caller does not pass the catalog's basis */
const DEFAULT_BASIS_CO: Record<PqrType, string> = {
  peticion: 'Ley 1755 de 2015, art. 14',
  queja: 'Ley 142 de 1994, art. 158',
  reclamo: 'Ley 142 de 1994, art. 158',
  recurso_reposicion: 'Ley 142 de 1994, art. 158',
  reposicion_apelacion: 'Ley 142 de 1994, art. 158',
  solicitud_informacion: 'Ley 1755 de 2015, art. 14, num. 1',
  consulta: 'Ley 1755 de 2015, art. 14, num. 2',
  denuncia: 'Ley 1755 de 2015, art. 14',
  sugerencia: 'Ley 1755 de 2015, art. 14',
  tutela: 'Decreto 2591 de 1991 (o el término que fije el juez)',
  correspondencia: 'Ley 1755 de 2015, art. 14',
};

function typeName(pqr: PqrDetail): string {
  return pqr.typeName || PQR_TYPE_LABELS[pqr.type] || pqr.type;
}

function termBasis(pqr: PqrDetail, ctx: PqrPaperContext): string {
  return ctx.term?.basis || pqr.termBasis || DEFAULT_BASIS_CO[pqr.type];
}

function silencioApplies(pqr: PqrDetail, ctx: PqrPaperContext): boolean {
  if ((ctx.country ?? 'CO') !== 'CO') return false;
  return ctx.term ? ctx.term.silencioPositivo : pqr.silencioApplies;
}

/** One line of text cut with "…" so that it fits `width` in the current font. */
export function fitLine(doc: Pdf, text: string, width: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (doc.widthOfString(clean) <= width) return clean;
  let lo = 0;
  let hi = clean.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (doc.widthOfString(`${clean.slice(0, mid).trimEnd()}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${clean.slice(0, lo).trimEnd()}…`;
}

/** Words wrapped into at most `maxLines` lines of `width`; the last one cut with "…" when the text is longer. */
export function wrapLines(doc: Pdf, text: string, width: number, maxLines: number): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const lines: string[] = [];
  let current = '';
  let i = 0;
  for (; i < words.length && lines.length < maxLines - 1; i++) {
    const candidate = current ? `${current} ${words[i]}` : words[i];
    if (doc.widthOfString(candidate) <= width) {
      current = candidate;
    } else if (current) {
      lines.push(current);
      current = '';
      i--;
    } else {
      lines.push(fitLine(doc, words[i], width)); // a single word wider than the line
    }
  }
  const rest = [current, ...words.slice(i)].filter(Boolean).join(' ');
  if (rest) lines.push(fitLine(doc, rest, width));
  return lines.slice(0, maxLines);
}

/** How many modules wide the Code 128 of `text` is (bwip-js draws 2 units a module). */
function code128Modules(text: string): number {
  try {
    const svg = bwipjs().toSVG({ bcid: 'code128', text, height: 10 });
    const width = Number(/viewBox="0 0 ([\d.]+) /.exec(svg)?.[1] ?? NaN);
    return Number.isFinite(width) ? width / 2 : 0;
  } catch {
    return 0;
  }
}

/** "Remite: " in bold and its value in regular, on one line cut to fit. */
function stickerField(doc: Pdf, label: string, value: string, at: { x: number; y: number; width: number; size: number }): void {
  doc.font(BOLD).fontSize(at.size).fillColor('black');
  const labelText = `${label}: `;
  const labelWidth = doc.widthOfString(labelText);
  doc.text(labelText, at.x, at.y, { lineBreak: false });
  doc.font(FONT).fontSize(at.size);
  doc.text(fitLine(doc, value || '—', at.width - labelWidth), at.x + labelWidth, at.y, { lineBreak: false });
}

/** the sticker pasted on the received paper: Code 128 of the radicado, date and time, clerk, sender, destination, subject, pages and annexes */
export async function pqrStickerPdf(pqr: PqrDetail, ctx: PqrPaperContext): Promise<Buffer> {
  // margin 0: every line is placed by hand inside the label, so nothing can flow onto a second page
  const doc = newDocument({ size: STICKER_SIZE, margin: 0, title: `Radicado ${pqr.radicado}` });
  const [pageWidth, pageHeight] = STICKER_SIZE;
  const pad = 3 * MM;
  const x = pad;
  const width = pageWidth - 2 * pad;
  const size = 7.5;
  const line = 9;

  // company (short) and the type on the first line
  doc.font(BOLD).fontSize(size);
  const type = fitLine(doc, typeName(pqr).toUpperCase(), width * 0.45);
  const typeWidth = doc.widthOfString(type);
  doc.text(type, x + width - typeWidth, pad, { lineBreak: false });
  doc.text(fitLine(doc, ctx.head.company.name, width - typeWidth - 8), x, pad, { lineBreak: false });

  // RADICADO and the number, big
  let y = pad + 10;
  doc.font(BOLD).fontSize(7).fillColor(GREY).text('RADICADO', x, y + 5, { lineBreak: false });
  const labelWidth = doc.widthOfString('RADICADO') + 6;
  let numberSize = 15;
  doc.font(BOLD).fontSize(numberSize);
  while (numberSize > 8 && doc.widthOfString(pqr.radicado) > width - labelWidth) doc.fontSize(--numberSize);
  doc.fillColor('black').text(fitLine(doc, pqr.radicado, width - labelWidth), x + labelWidth, y + (15 - numberSize) / 2, { lineBreak: false });
  y += 19;

  // the barcode: 0.375 mm modules, centred, never closer than 10 modules to the label's edges
  const barHeight = 13 * MM;
  const modules = code128Modules(pqr.radicado);
  if (modules > 0) {
    const module = Math.min(STICKER_MODULE, pageWidth / (modules + 2 * QUIET_MODULES));
    const barWidth = modules * module;
    drawBarcode(doc, pqr.radicado, { x: (pageWidth - barWidth) / 2, y, width: barWidth, height: barHeight, kind: 'code128' });
  }
  y += barHeight + 4;

  // the facts, one line each; the subject may take two
  stickerField(doc, 'Fecha', formatDateTime(pqr.filedAt, ctx.timeZone), { x, y, width: width * 0.42, size });
  stickerField(doc, 'Recibió', pqr.filedBy, { x: x + width * 0.44, y, width: width * 0.56, size });
  y += line;
  stickerField(doc, 'Remite', pqr.petitioner.name, { x, y, width, size });
  y += line;
  stickerField(doc, 'Destino', pqr.destination, { x, y, width, size });
  y += line;
  doc.font(BOLD).fontSize(size);
  const subjectLabel = 'Asunto: ';
  const subjectIndent = doc.widthOfString(subjectLabel);
  doc.text(subjectLabel, x, y, { lineBreak: false });
  doc.font(FONT).fontSize(size);
  for (const text of wrapLines(doc, pqr.subject, width - subjectIndent, 2)) {
    doc.text(text, x + subjectIndent, y, { lineBreak: false });
    y += line;
  }
  doc.font(BOLD).fontSize(size).text(`Folios: ${pqr.pages} · Anexos: ${pqr.annexes}`, x, Math.min(y, pageHeight - pad - line), { lineBreak: false });

  if (pqr.annulled) stamp(doc, 'ANULADO', { cx: pageWidth / 2, cy: pageHeight / 2, angle: -18, size: 40 });
  return toBuffer(doc);
}

const MARGIN = 56;
const WIDTH = LETTER[0] - 2 * MARGIN;
const BOTTOM = LETTER[1] - MARGIN - 4;

/** a page break when fewer than `needed` points are left above the foot */
function ensureRoom(doc: Pdf, needed: number): void {
  if (doc.y + needed > BOTTOM) {
    doc.addPage();
    doc.y = MARGIN;
  }
}

function sectionTitle(doc: Pdf, title: string): void {
  ensureRoom(doc, 40);
  const y = doc.y + 10;
  doc.font(BOLD).fontSize(10).fillColor('black').text(title.toUpperCase(), MARGIN, y, { width: WIDTH });
  rule(doc, MARGIN, doc.y + 1, WIDTH, 0.4);
  doc.y += 5;
}

/** a titled block of label / value rows in a column; empty values are left out; returns the y below it */
function factsColumn(doc: Pdf, title: string, rows: [string, string][], at: { x: number; y: number; width: number }): number {
  doc.font(BOLD).fontSize(10).fillColor('black').text(title.toUpperCase(), at.x, at.y, { width: at.width });
  rule(doc, at.x, doc.y + 1, at.width, 0.4);
  let y = doc.y + 5;
  const labelWidth = 92;
  for (const [label, value] of rows) {
    if (!value) continue;
    doc.font(BOLD).fontSize(8).fillColor(GREY).text(label, at.x, y + 0.5, { width: labelWidth - 4 });
    const labelBottom = doc.y;
    doc.font(FONT).fontSize(9).fillColor('black').text(value, at.x + labelWidth, y, { width: at.width - labelWidth });
    y = Math.max(labelBottom, doc.y) + 1.5;
  }
  return y;
}

function paragraph(doc: Pdf, text: string, opts: { size?: number; bold?: boolean; gap?: number } = {}): void {
  ensureRoom(doc, 30);
  doc
    .font(opts.bold ? BOLD : FONT)
    .fontSize(opts.size ?? 9.5)
    .fillColor('black')
    .text(text, MARGIN, doc.y, { width: WIDTH, align: 'justify', lineGap: 1.5 });
  doc.y += opts.gap ?? 5;
}

function identification(pqr: PqrDetail): string {
  if (!pqr.petitioner.idNumber) return '';
  const type = pqr.petitioner.idType ? (ID_TYPE_LABELS[pqr.petitioner.idType] ?? pqr.petitioner.idType) : '';
  return [type ? type.charAt(0).toUpperCase() + type.slice(1) : '', pqr.petitioner.idNumber].filter(Boolean).join(' No. ');
}

/** '15 días hábiles' / '1 día hábil' */
function businessDays(n: number): string {
  return n === 1 ? '1 día hábil' : `${n} días hábiles`;
}

/** the lines about the term: when it was received, its length and basis, and the date the answer is due (or that the clock is stopped) */
function termLines(pqr: PqrDetail, ctx: PqrPaperContext): { text: string; bold?: boolean }[] {
  const received = formatDateTime(pqr.receivedAt, ctx.timeZone);
  const late = pqr.enteredLate ? ` Se radicó el ${longDate(pqr.filedDate)}: el término corre desde el recibo${pqr.receivedEvidence ? ` (${pqr.receivedEvidence})` : ''}.` : '';
  const afterHours = pqr.termStartDate > pqr.receivedDate ? ` Se recibió después de la hora de cierre de la oficina: se entiende recibida el ${longDate(pqr.termStartDate)}.` : '';
  const lines: { text: string; bold?: boolean }[] = [
    {
      text: `Término para responder: ${businessDays(pqr.termBusinessDays)} (${termBasis(pqr, ctx)}), contados a partir del día hábil siguiente a su recibo, el ${received}.${late}${afterHours}`,
    },
  ];
  if (pqr.paused) {
    lines.push({
      text:
        `El término está suspendido desde el ${longDate(pqr.paused.since)} por ${PAUSE_REASON_LABELS[pqr.paused.reason] ?? pqr.paused.reason}. ` +
        `Quedan ${businessDays(pqr.paused.remainingBusinessDays)}, que se contarán a partir del día hábil siguiente a la reanudación; ` +
        `la nueva fecha máxima de respuesta se le informará entonces.`,
      bold: true,
    });
  } else if (pqr.extension) {
    lines.push({ text: `Fecha máxima de respuesta: ${longDate(pqr.extension.newDueDate)} (término prorrogado; la fecha inicial era el ${longDate(pqr.originalDueDate)}).`, bold: true });
  } else {
    lines.push({ text: `Fecha máxima de respuesta: ${longDate(pqr.dueDate ?? pqr.originalDueDate)}`, bold: true });
  }
  return lines;
}

/** numbers in words as the law writes them: 'diez (10)' */
function inWords(n: number): string {
  const words = ['cero', 'uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve', 'diez', 'once', 'doce', 'trece', 'catorce', 'quince'];
  return n < words.length ? `${words[n]} (${n})` : String(n);
}

/**
 * The petitioner's rights, in plain Spanish, citing the law only where it applies and saying what
 * the law says for the PQR's type: the extension only where Ley 1755 allows it (never for the Ley 142
 * types), the silencio positivo of art. 158 or of art. 14 num. 1, the incomplete petition.
 */
function rightsParagraphs(pqr: PqrDetail, ctx: PqrPaperContext): string[] {
  const colombia = (ctx.country ?? 'CO') === 'CO';
  const silencio = silencioApplies(pqr, ctx);
  const rules = ctx.rules ?? { completionRequestBusinessDays: 10, completionUserMonths: 1, invoiceClaimMonths: 5 };
  let extension: string;
  if (pqr.admitsExtension) {
    extension =
      `Si la empresa no puede responder en ese plazo, debe informárselo antes de que venza, con los motivos de la demora y la fecha en que responderá` +
      (colombia ? ', que no podrá exceder el doble del término inicial (Ley 1755 de 2015, art. 14, parágrafo).' : '.');
  } else if (colombia && silencio) {
    extension =
      'Su solicitud se rige por la Ley 142 de 1994 (art. 158), norma especial de los servicios públicos domiciliarios: el término no admite ' +
      'prórroga; solo se detiene si usted causa la demora o se practican pruebas.';
  } else {
    extension = 'Este término no admite prórroga.';
  }
  const paragraphs = [`Usted tiene derecho a recibir una respuesta de fondo, clara y oportuna a su solicitud dentro del término indicado. ${extension}`];
  if (colombia) {
    const months = rules.completionUserMonths === 1 ? 'un (1) mes' : `${inWords(rules.completionUserMonths)} meses`;
    paragraphs.push(
      `Si su solicitud está incompleta, se le indicará lo que falta dentro de los ${inWords(rules.completionRequestBusinessDays)} días hábiles siguientes a su recibo; tendrá ` +
        `${months} para aportarlo (prorrogable una vez) y el término se reanudará al día siguiente, con los días que quedaban; si no lo aporta, ` +
        'se entenderá que desistió (desistimiento tácito, Ley 1755 de 2015, art. 17).',
    );
  }
  if (silencio && pqr.termKey === 'solicitud_informacion') {
    paragraphs.push(
      'Silencio administrativo positivo: si la empresa no responde dentro del término, su solicitud se entenderá aceptada, la empresa ya no podrá ' +
        'negar la entrega de los documentos y las copias se le entregarán dentro de los tres (3) días siguientes (Ley 1755 de 2015, art. 14, num. 1).',
    );
  } else if (silencio) {
    paragraphs.push(
      'Silencio administrativo positivo: si la empresa no responde dentro del término, salvo que usted haya auspiciado la demora o que se ' +
        'requiera la práctica de pruebas, se entenderá que su solicitud fue resuelta a su favor (Ley 142 de 1994, art. 158). La empresa deberá ' +
        'reconocer sus efectos dentro de las setenta y dos (72) horas siguientes al vencimiento del término; si no lo hace, usted podrá ' +
        'solicitar a la Superintendencia de Servicios Públicos Domiciliarios que imponga las sanciones a que haya lugar.',
    );
  }
  if (colombia && pqr.invoiceClaimLate) {
    paragraphs.push(
      `Atención: la factura ${pqr.invoiceNumber ?? ''} se expidió hace más de ${inWords(rules.invoiceClaimMonths)} meses; según el artículo 154 de la Ley 142 de 1994, ` +
        'no procede reclamación contra facturas con más de cinco meses de expedidas. Su solicitud se recibió y se le responderá.',
    );
  }
  if (colombia && (pqr.type === 'reclamo' || pqr.type === 'queja')) {
    paragraphs.push(
      'Contra la decisión que resuelva su reclamo sobre facturación, suspensión, corte o terminación del contrato proceden el recurso de ' +
        'reposición ante la empresa y, en subsidio, el de apelación ante la Superintendencia de Servicios Públicos Domiciliarios, que deben ' +
        'presentarse dentro de los cinco (5) días hábiles siguientes a la notificación de la decisión (Ley 142 de 1994, art. 154).',
    );
  }
  if (colombia && pqr.type === 'reposicion_apelacion') {
    paragraphs.push(
      'La empresa resolverá el recurso de reposición; si no accede a lo pedido, remitirá el expediente a la Superintendencia de Servicios ' +
        'Públicos Domiciliarios para que resuelva el recurso de apelación.',
    );
  }
  return paragraphs;
}

/** a signature line with the name and the lines under it, its rule at `lineY` (default: 32 points below the text so far) */
function signature(doc: Pdf, name: string, lines: string[], at: { x?: number; lineY?: number } = {}): void {
  if (at.lineY === undefined) ensureRoom(doc, 72);
  const x = at.x ?? MARGIN;
  const y = at.lineY ?? doc.y + 32;
  rule(doc, x, y, 230, 0.8);
  doc.font(BOLD).fontSize(10).fillColor('black').text(name || ' ', x, y + 5, { width: 240 });
  doc.font(FONT).fontSize(9);
  for (const l of lines.filter(Boolean)) doc.text(l, x, doc.y, { width: 240 });
}

/** the constancia de radicación handed to the petitioner, with the due date */
export async function pqrConstanciaPdf(pqr: PqrDetail, ctx: PqrPaperContext): Promise<Buffer> {
  const doc = newDocument({ size: LETTER, margin: MARGIN, title: `Constancia de radicación ${pqr.radicado}` });
  let y = drawLetterhead(doc, ctx.head, { x: MARGIN, y: MARGIN - 10, width: WIDTH });
  doc.font(BOLD).fontSize(15).fillColor('black').text('CONSTANCIA DE RADICACIÓN', MARGIN, y + 6, { width: WIDTH, align: 'center' });
  y = doc.y + 10;

  // the radicado box: number and date on the left, the barcode on the right
  const boxHeight = pqr.annulled ? 76 : 64;
  doc.save().roundedRect(MARGIN, y, WIDTH, boxHeight, 4).lineWidth(0.8).strokeColor('#777777').stroke().restore();
  doc.font(FONT).fontSize(8.5).fillColor(GREY).text('Radicado No.', MARGIN + 12, y + 9, { width: 250 });
  doc.font(BOLD).fontSize(17).fillColor('black').text(pqr.radicado, MARGIN + 12, doc.y + 1, { width: 260, lineBreak: false });
  doc.font(FONT).fontSize(9).text(`Fecha y hora de radicación: ${formatDateTime(pqr.filedAt, ctx.timeZone)}`, MARGIN + 12, y + 45, { width: 260 });
  if (pqr.annulled) {
    doc.font(BOLD).fontSize(9).fillColor('#cc0000');
    doc.text(fitLine(doc, `RADICADO ANULADO el ${formatDateTime(pqr.annulled.at, ctx.timeZone)}. Motivo: ${pqr.annulled.reason}`, WIDTH - 24), MARGIN + 12, y + boxHeight - 12, { lineBreak: false });
    doc.fillColor('black');
  }
  const modules = code128Modules(pqr.radicado);
  const barWidth = Math.min(210, modules * 1.1);
  if (modules > 0) drawBarcode(doc, pqr.radicado, { x: MARGIN + WIDTH - barWidth - 14, y: y + 10, width: barWidth, height: 44, kind: 'code128' });
  doc.y = y + boxHeight + 4;

  // the request and the petitioner, side by side
  const gutter = 16;
  const column = (WIDTH - gutter) / 2;
  const top = doc.y + 10;
  const left = factsColumn(
    doc,
    'Solicitud',
    [
      ['Tipo', typeName(pqr)],
      ['Canal de recepción', PQR_CHANNEL_LABELS[pqr.channel] ?? pqr.channel],
      ['Causal', pqr.causal ? `${pqr.causal.group}-${pqr.causal.code} ${pqr.causal.name}` : ''],
      ['Asunto', pqr.subject],
      ['Cuenta (contrato)', pqr.accountNumber ?? ''],
      ['Factura', pqr.invoiceNumber ?? ''],
      ['Folios y anexos', `Folios: ${pqr.pages} · Anexos: ${pqr.annexes}`],
      ['Destino', pqr.destination],
      ['Recibió', pqr.filedBy],
    ],
    { x: MARGIN, y: top, width: column },
  );
  const right = factsColumn(
    doc,
    'Peticionario',
    [
      ['Nombre', pqr.petitioner.name],
      ['Identificación', identification(pqr)],
      ['Dirección', pqr.petitioner.address],
      ['Teléfono', pqr.petitioner.phone],
      ['Correo electrónico', pqr.petitioner.email],
      ['Notificación electrónica', pqr.petitioner.acceptsElectronicNotification ? 'Autorizada' : 'No autorizada'],
    ],
    { x: MARGIN + column + gutter, y: top, width: column },
  );
  doc.y = Math.max(left, right);

  sectionTitle(doc, 'Archivos adjuntos');
  if (pqr.attachments.length === 0) paragraph(doc, 'Ninguno.');
  for (const a of pqr.attachments) {
    ensureRoom(doc, 14);
    const y0 = doc.y;
    doc.font(FONT).fontSize(9).fillColor('black').text(`• ${a.fileName}`, MARGIN, y0, { width: WIDTH - 170 });
    const nameBottom = doc.y;
    doc.font('Courier').fontSize(8.5).fillColor(GREY).text(`SHA-256 ${a.sha256.slice(0, 16)}…`, MARGIN + WIDTH - 165, y0 + 0.5, { width: 165, align: 'right', lineBreak: false });
    doc.y = Math.max(nameBottom, y0 + 11) + 2;
  }

  sectionTitle(doc, 'Término de respuesta');
  for (const l of termLines(pqr, ctx)) paragraph(doc, l.text, { bold: l.bold, size: l.bold ? 10.5 : 9.5 });

  sectionTitle(doc, 'Sus derechos');
  for (const p of rightsParagraphs(pqr, ctx)) paragraph(doc, p, { size: 8, gap: 3 });
  // how to follow the request on the left, the clerk's signature on the right
  ensureRoom(doc, 80);
  const followY = doc.y + 6;
  doc
    .font(BOLD)
    .fontSize(8.5)
    .text(
      `Seguimiento: para consultar el estado de su solicitud o aportar documentos, cite el radicado No. ${pqr.radicado} en nuestras ` +
        `oficinas de atención, por teléfono o por correo electrónico. Conserve esta constancia.`,
      MARGIN,
      followY,
      { width: column },
    );
  const followBottom = doc.y;
  signature(doc, pqr.filedBy, ['Funcionario(a) que radica', ctx.office?.name ?? `Oficina ${pqr.officeCode}`], { x: MARGIN + column + gutter, lineY: followY + 30 });
  doc.y = Math.max(doc.y, followBottom);

  if (pqr.annulled) {
    const { count } = doc.bufferedPageRange();
    for (let i = 0; i < count; i++) {
      doc.switchToPage(i);
      drawWatermark(doc, 'ANULADO');
    }
  }
  addPageNumbers(doc, `Radicado ${pqr.radicado}`);
  return toBuffer(doc);
}

/** the letter telling the petitioner of the extension (prórroga), its reasons and the new date */
export async function pqrExtensionLetterPdf(pqr: PqrDetail, ctx: PqrPaperContext): Promise<Buffer> {
  if (!pqr.extension) throw new Error(`El radicado ${pqr.radicado} no tiene prórroga`);
  const extension = pqr.extension;
  const doc = newDocument({ size: LETTER, margin: MARGIN, title: `Prórroga ${pqr.radicado}` });
  const y = drawLetterhead(doc, ctx.head, { x: MARGIN, y: MARGIN - 10, width: WIDTH });
  const officeName = ctx.office?.name ?? `Oficina ${pqr.officeCode}`;

  const letterDate = longDate(todayIn(ctx.timeZone, new Date(extension.at)));
  doc.font(FONT).fontSize(10.5).fillColor('black').text(ctx.office?.city ? `${ctx.office.city}, ${letterDate}` : letterDate, MARGIN, y + 14, { width: WIDTH });
  doc.y += 18;

  doc.text('Señor(a)', MARGIN, doc.y, { width: WIDTH });
  doc.font(BOLD).text(pqr.petitioner.name, { width: WIDTH });
  doc.font(FONT);
  for (const l of [pqr.petitioner.address, pqr.petitioner.email]) if (l) doc.text(l, { width: WIDTH });
  doc.y += 16;

  doc.font(BOLD).text(`Referencia: Radicado No. ${pqr.radicado} del ${formatDate(pqr.filedDate)}`, MARGIN, doc.y, { width: WIDTH });
  doc.font(FONT).text(`Asunto: Prórroga del término para responder su ${typeName(pqr).toLowerCase()} — ${pqr.subject}`, { width: WIDTH });
  doc.y += 14;

  doc.text('Respetado(a) señor(a):', MARGIN, doc.y, { width: WIDTH });
  doc.y += 8;
  const body = [
    `En atención a la solicitud (${typeName(pqr).toLowerCase()}) que usted radicó el ${longDate(pqr.filedDate)} con el número ${pqr.radicado}, le informamos que ` +
      `su solicitud se encuentra en trámite. Por las razones que se exponen a continuación no es posible resolverla dentro del término ` +
      `inicial, que vence el ${longDate(pqr.originalDueDate)}. Por ello, con fundamento en el parágrafo del artículo 14 de la Ley 1437 de 2011, ` +
      `sustituido por la Ley 1755 de 2015, le informamos que el término para responder se prorroga.`,
  ];
  for (const p of body) paragraph(doc, p, { size: 10.5, gap: 10 });
  paragraph(doc, 'Motivos:', { size: 10.5, bold: true, gap: 3 });
  paragraph(doc, extension.reasons, { size: 10.5, gap: 10 });
  paragraph(
    doc,
    `La respuesta a su solicitud le será comunicada a más tardar el ${longDate(extension.newDueDate)}, fecha que no excede el doble del término inicial.`,
    { size: 10.5, bold: true, gap: 10 },
  );
  paragraph(doc, `Para cualquier información sobre su trámite, cite el radicado No. ${pqr.radicado}.`, { size: 10.5, gap: 18 });
  paragraph(doc, 'Cordialmente,', { size: 10.5 });

  signature(doc, ctx.signer?.name ?? '', [ctx.signer?.title ?? `Coordinador(a) de la oficina ${officeName}`, ctx.head.company.name]);
  addPageNumbers(doc, `Radicado ${pqr.radicado}`);
  return toBuffer(doc);
}
