/**
 * The customer's invoice (factura de servicios públicos), letter size or half-letter: letterhead,
 * account and holder, readings and a six-period consumption chart, charges grouped per service,
 * total, due and suspension dates, payment points, the GS1-128 payment barcode and a stub to detach.
 *
 * Built for batches of thousands: `InvoiceWriter` draws one invoice per page into a streamed pdfkit
 * document (no buffered pages), with standard fonts by name, barcodes as vector paths, the logo
 * embedded once and every text placed without pdfkit's line wrapper. `invoicePdf` makes the single
 * invoice of a reprint (DUPLICADO).
 */
import { paymentBarcodeText, type PaymentBarcode } from '../../../shared/gs1';
import { CURRENCIES, formatMoney, type CurrencyCode } from '../../../shared/money';
import { formatDate, formatPeriod } from '../../../shared/dates';
import { imageFromDataUrl, pdfkit, toBuffer, type Pdf } from './layout';
import { gs1128Widths } from './code128';

export type InvoicePaperSize = 'letter' | 'halfLetter';

/** page sizes in points: letter 8.5 × 11 in; half-letter 5.5 × 8.5 in */
export const INVOICE_PAGE: Record<InvoicePaperSize, [number, number]> = { letter: [612, 792], halfLetter: [396, 612] };

export interface InvoicePaperLine {
  concept: string;
  quantity: string;
  unitValue: number;
  amount: number;
}

/** Everything printed on one invoice. */
export interface InvoicePaper {
  invoiceNumber: string;
  accountNumber: string;
  holderName: string;
  address: string;
  neighborhood: string;
  estrato: number | null;
  use: string;
  cycle: string;
  route: string;
  routeSequence: number;
  meterNumber: string;
  period: string;
  issueDate: string;
  dueDate: string;
  suspensionDate: string | null;
  previousReading: number | null;
  currentReading: number | null;
  consumptionM3: number;
  paymentReference: string;
  total: number;
  lines: InvoicePaperLine[];
  /** consumption of up to six periods ending with this one, oldest first */
  history: { period: string; consumptionM3: number }[];
}

/** What is the same on every invoice of a company: printed once per batch. */
export interface InvoiceIssuer {
  companyName: string;
  nit: string;
  gln: string;
  currency: CurrencyCode;
  logoDataUrl: string;
  /** office lines under the company name (address, phone) */
  officeLines: string[];
  /** "Pague en nuestras oficinas y bancos autorizados" */
  paymentPoints: string;
}

export interface InvoiceDrawOptions {
  /** a reprint: the word DUPLICADO on the page */
  duplicate?: boolean;
}

const SHORT_MONTHS = ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'];

/** the billing period as every paper and screen writes it: "09/2026" */
export function periodLabel(period: string): string {
  return formatPeriod(period);
}

function shortPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number);
  return SHORT_MONTHS[month - 1] ? `${SHORT_MONTHS[month - 1]} ${String(year).slice(2)}` : period;
}

const USE_LABELS: Record<string, string> = {
  residencial: 'Residencial',
  comercial: 'Comercial',
  industrial: 'Industrial',
  oficial: 'Oficial',
  especial: 'Especial',
};

/** The groups charges are printed in, in this order. */
export const CHARGE_GROUPS = ['acueducto', 'alcantarillado', 'aseo', 'subsidios', 'contribuciones', 'saldoAnterior', 'intereses', 'otros'] as const;
export type ChargeGroup = (typeof CHARGE_GROUPS)[number];

export const CHARGE_GROUP_TITLES: Record<ChargeGroup, string> = {
  acueducto: 'Acueducto',
  alcantarillado: 'Alcantarillado',
  aseo: 'Aseo',
  subsidios: 'Subsidios',
  contribuciones: 'Contribuciones',
  saldoAnterior: 'Saldo anterior',
  intereses: 'Intereses de mora',
  otros: 'Otros cobros',
};

/**
 * The group of a charge by the words of its concept, as commercial systems write them
 * ("CARGO FIJO ACUEDUCTO", "Alcantarillado vertimiento", "SUBSIDIO ESTRATO 2", "Contribución de
 * solidaridad", "SALDO ANTERIOR", "INTERESES DE MORA"). Subsidies and contributions first: their
 * concepts may name a service too.
 */
export function chargeGroupOf(concept: string): ChargeGroup {
  const words = concept
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();
  if (words.includes('SUBSIDIO')) return 'subsidios';
  if (words.includes('CONTRIBUCION')) return 'contribuciones';
  if (words.includes('SALDO ANTERIOR')) return 'saldoAnterior';
  if (words.includes('INTERES')) return 'intereses';
  if (words.includes('ALCANTARILLADO')) return 'alcantarillado';
  if (words.includes('ACUEDUCTO')) return 'acueducto';
  if (words.includes('ASEO')) return 'aseo';
  return 'otros';
}

export interface ChargeSection {
  group: ChargeGroup;
  title: string;
  lines: InvoicePaperLine[];
  subtotal: number;
}

/** The invoice's lines grouped for printing, groups in CHARGE_GROUPS order, lines in their order. */
export function chargeSections(lines: readonly InvoicePaperLine[]): ChargeSection[] {
  const byGroup = new Map<ChargeGroup, InvoicePaperLine[]>();
  for (const line of lines) {
    const group = chargeGroupOf(line.concept);
    const list = byGroup.get(group) ?? [];
    list.push(line);
    byGroup.set(group, list);
  }
  return CHARGE_GROUPS.filter((g) => byGroup.has(g)).map((group) => {
    const groupLines = byGroup.get(group) ?? [];
    return { group, title: CHARGE_GROUP_TITLES[group], lines: groupLines, subtotal: groupLines.reduce((s, l) => s + l.amount, 0) };
  });
}

/** The payment barcode's data for an invoice: amount in whole currency units, as the counter reads it. */
export function invoiceBarcode(issuer: Pick<InvoiceIssuer, 'gln' | 'currency'>, invoice: Pick<InvoicePaper, 'paymentReference' | 'total' | 'dueDate'>): PaymentBarcode {
  const amount = Math.round(invoice.total / 10 ** CURRENCIES[issuer.currency].decimals);
  return { gln: issuer.gln, reference: invoice.paymentReference, amount, dueDate: invoice.dueDate };
}

/** A linear barcode's bars: left edge and width in modules, out of `modules` in all. */
interface LinearBarcode {
  bars: { x: number; width: number }[];
  modules: number;
}

/** GS1-128 (FNC1 after the start and after each variable field), or null if it cannot be encoded. */
export function gs1Barcode(text: string): LinearBarcode | null {
  let widths: number[];
  try {
    widths = gs1128Widths(text);
  } catch {
    return null;
  }
  const bars: LinearBarcode['bars'] = [];
  let x = 0;
  widths.forEach((w, k) => {
    if (k % 2 === 0) bars.push({ x, width: w });
    x += w;
  });
  return { bars, modules: x };
}

/** the pdfkit internals the fast text path writes through (standard fonts only) */
interface RawFont {
  id: string;
  ascender: number;
  ref: () => unknown;
  font: { encodeText: (text: string) => string[]; characterToGlyph: (code: number) => string; widthOfGlyph: (glyph: string) => number };
}

interface RawTextDoc {
  _font: RawFont;
  page: { fonts: Record<string, unknown> };
  addContent: (content: string) => void;
}

/** "0.043 0.310 0.541 rg" for "#0b4f8a" (fill colour, as text and bars use it) */
const rgbCache = new Map<string, string>();
function rgbOperator(color: string): string {
  let op = rgbCache.get(color);
  if (!op) {
    const hex = color === 'white' ? 'ffffff' : color === 'black' ? '000000' : color.replace('#', '');
    op = `${[0, 2, 4].map((i) => (parseInt(hex.slice(i, i + 2), 16) / 255).toFixed(3)).join(' ')} rg`;
    rgbCache.set(color, op);
  }
  return op;
}

/** a PDF literal string of WinAnsi codes given in hex (pdfkit's encodeText), escaping what must be */
function pdfLiteral(hexCodes: string[]): string {
  let out = '';
  for (const h of hexCodes) {
    const code = parseInt(h, 16);
    if (code === 0x28 || code === 0x29 || code === 0x5c) out += `\\${String.fromCharCode(code)}`;
    else if (code >= 32 && code < 127) out += String.fromCharCode(code);
    else out += `\\${code.toString(8).padStart(3, '0')}`;
  }
  return out;
}

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const INK = '#1a1a1a';
const GREY = '#5a5a5a';
const ACCENT = '#0b4f8a';
const BAND = '#e6eef6';
const RED = '#b00020';

type Align = 'left' | 'right' | 'center';

/**
 * Draws invoices one per page on a document it does not own. Everything that repeats (fonts, the
 * logo image, the company lines) is prepared once in the constructor.
 */
export class InvoiceWriter {
  private readonly width: number;
  private readonly height: number;
  /** scale of sizes and spacing: 1 on letter, smaller on half-letter */
  private readonly k: number;
  private readonly margin: number;
  /** the logo opened once (pdfkit's openImage, untyped): every page references the same image object */
  private readonly logo: object | null;

  constructor(
    private readonly doc: Pdf,
    private readonly issuer: InvoiceIssuer,
    private readonly size: InvoicePaperSize,
  ) {
    [this.width, this.height] = INVOICE_PAGE[size];
    this.k = size === 'letter' ? 1 : 0.68;
    this.margin = size === 'letter' ? 30 : 20;
    const image = imageFromDataUrl(issuer.logoDataUrl);
    let logo: object | null = null;
    if (image) {
      try {
        logo = (doc as unknown as { openImage: (src: Buffer) => object }).openImage(image);
      } catch {
        logo = null;
      }
    }
    this.logo = logo;
    this.regularFont = (doc.font(FONT) as unknown as RawTextDoc)._font;
    this.boldFont = (doc.font(BOLD) as unknown as RawTextDoc)._font;
  }

  private readonly regularFont: RawFont;
  private readonly boldFont: RawFont;

  /** One page with the invoice. */
  draw(invoice: InvoicePaper, options: InvoiceDrawOptions = {}): void {
    const doc = this.doc;
    doc.addPage({ size: [this.width, this.height], margin: 0 });
    const barcode = invoiceBarcode(this.issuer, invoice);
    const humanReadable = paymentBarcodeText(barcode);
    const bars = gs1Barcode(humanReadable);
    let y = this.header(invoice);
    y = this.customer(invoice, y);
    y = this.charges(invoice, y);
    this.totals(invoice, y, bars, humanReadable);
    this.stub(invoice, bars, humanReadable);
    if (options.duplicate) this.duplicateMark();
    this.flushText();
  }

  // ---- small drawing helpers: text without the line wrapper ----

  /**
   * Queues a line of text (top-left at x, y; right-aligned or centred in `width`). The page's texts
   * are written at its end as one text object on top of the graphics (see flushText).
   */
  private put(text: string, x: number, y: number, o: { size: number; bold?: boolean; color?: string; align?: Align; width?: number }): void {
    const size = o.size * this.k;
    const font = o.bold ? this.boldFont : this.regularFont;
    let left = x;
    if (o.align && o.align !== 'left') {
      const w = this.textWidth(text, size, font);
      const box = o.width ?? 0;
      left = o.align === 'right' ? x + box - w : x + (box - w) / 2;
    }
    const baseline = this.height - y - (font.ascender / 1000) * size;
    let ops = '';
    if (font !== this.textFont || size !== this.textSize) {
      ops += `/${font.id} ${size.toFixed(2)} Tf `;
      this.textFont = font;
      this.textSize = size;
      this.usedFonts.add(font);
    }
    const color = o.color ?? INK;
    if (color !== this.textColor) {
      ops += `${rgbOperator(color)} `;
      this.textColor = color;
    }
    this.textOps.push(`${ops}1 0 0 1 ${left.toFixed(2)} ${baseline.toFixed(2)} Tm (${pdfLiteral(font.font.encodeText(text))}) Tj`);
  }

  /** the page's queued texts */
  private textOps: string[] = [];
  private textFont: RawFont | null = null;
  private textSize = 0;
  private textColor = '';
  private usedFonts = new Set<RawFont>();

  /**
   * Writes the page's texts as one text object (BT … ET) straight into the page's content: what
   * pdfkit's text() writes in the end, without its layout machinery and one object per call
   * (measured: the page costs a third). Standard fonts only (WinAnsi), no kerning.
   */
  private flushText(): void {
    const raw = this.doc as unknown as RawTextDoc;
    for (const font of this.usedFonts) if (raw.page.fonts[font.id] == null) raw.page.fonts[font.id] = font.ref();
    if (this.textOps.length > 0) raw.addContent(`q 1 0 0 -1 0 ${this.height} cm BT\n${this.textOps.join('\n')}\nET Q`);
    this.textOps = [];
    this.textFont = null;
    this.textColor = '';
    this.usedFonts = new Set();
  }

  /** widths of the characters of each standard font, in 1/1000 of the size, as they are asked for */
  private readonly charWidths = new Map<string, Map<number, number>>();

  /** The width of a line (no kerning, as flushText draws it); pdfkit's widthOfString is 20× slower. */
  private textWidth(text: string, size: number, font: RawFont): number {
    let widths = this.charWidths.get(font.id);
    if (!widths) {
      widths = new Map();
      this.charWidths.set(font.id, widths);
    }
    let total = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let w = widths.get(code);
      if (w === undefined) {
        w = font.font.widthOfGlyph(font.font.characterToGlyph(code));
        widths.set(code, w);
      }
      total += w;
    }
    return (total * size) / 1000;
  }

  /**
   * The lines of a text wrapped at spaces to fit a width: names, addresses and the office's phone
   * are never cut (a word wider than the line is broken where it must).
   */
  private wrap(text: string, width: number, size: number, bold = false): string[] {
    const font = bold ? this.boldFont : this.regularFont;
    const scaled = size * this.k;
    const fits = (t: string) => this.textWidth(t, scaled, font) <= width;
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (fits(next)) {
        line = next;
        continue;
      }
      if (line) lines.push(line);
      let rest = word;
      while (!fits(rest) && rest.length > 1) {
        let cut = rest.length - 1;
        while (cut > 1 && !fits(rest.slice(0, cut))) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    if (line || lines.length === 0) lines.push(line);
    return lines;
  }

  /** the size (down to 6) at which a number, an amount or a date fits its box whole */
  private sizeToFit(text: string, width: number, size: number, bold = false): number {
    const font = bold ? this.boldFont : this.regularFont;
    let fitted = size;
    while (fitted > 6 && this.textWidth(text, fitted * this.k, font) > width) fitted -= 0.5;
    return fitted;
  }

  /** cuts a text with "…" to fit a width: only for descriptive words (a charge's concept), never a number, a name or an address */
  private fit(text: string, width: number, size: number, bold = false): string {
    const font = bold ? this.boldFont : this.regularFont;
    const scaled = size * this.k;
    if (this.textWidth(text, scaled, font) <= width) return text;
    let cut = text;
    while (cut.length > 1 && this.textWidth(`${cut}…`, scaled, font) > width) cut = cut.slice(0, -1);
    return `${cut.trimEnd()}…`;
  }

  private money(amount: number): string {
    return formatMoney(amount, this.issuer.currency);
  }

  private s(value: number): number {
    return value * this.k;
  }

  // ---- the sections, top to bottom ----

  private header(invoice: InvoicePaper): number {
    const { doc, margin: m } = this;
    const contentWidth = this.width - 2 * m;
    const top = m;
    const logoSize = this.s(50);
    let textX = m;
    if (this.logo) {
      doc.image(this.logo as Buffer, m, top, { fit: [logoSize, logoSize], valign: 'center' });
      textX = m + logoSize + this.s(8);
    }
    const boxWidth = contentWidth * 0.36;
    const textWidth = m + contentWidth - boxWidth - textX - this.s(8);
    // the company's name and the office's lines (address, phone) wrap: none is cut
    let lineY = top;
    for (const nameLine of this.wrap(this.issuer.companyName, textWidth, 12.5, true)) {
      this.put(nameLine, textX, lineY, { size: 12.5, bold: true, color: ACCENT });
      lineY += this.s(15);
    }
    this.put(`NIT ${this.issuer.nit}`, textX, lineY + this.s(1), { size: 8.5, color: GREY });
    this.put('Empresa de servicios públicos domiciliarios', textX, lineY + this.s(12), { size: 8.5, color: GREY });
    lineY += this.s(23);
    for (const line of this.issuer.officeLines) {
      if (line.trim() === '') continue;
      for (const part of this.wrap(line, textWidth, 8)) {
        this.put(part, textX, lineY, { size: 8, color: GREY });
        lineY += this.s(10);
      }
    }
    // the invoice's own box on the right
    const bx = m + contentWidth - boxWidth;
    const bh = this.s(56);
    doc.save().roundedRect(bx, top, boxWidth, bh, 4).fill(BAND).restore();
    const pad = this.s(7);
    const inner = boxWidth - 2 * pad;
    this.put('FACTURA DE SERVICIOS PÚBLICOS', bx + pad, top + this.s(6), { size: 7.5, bold: true, color: ACCENT, align: 'center', width: inner });
    this.put(`No. ${invoice.invoiceNumber}`, bx + pad, top + this.s(17), { size: 10.5, bold: true, align: 'center', width: inner });
    this.put(`Periodo: ${periodLabel(invoice.period)}`, bx + pad, top + this.s(31), { size: 8, align: 'center', width: inner });
    this.put(`Fecha de expedición: ${formatDate(invoice.issueDate)}`, bx + pad, top + this.s(42), { size: 8, align: 'center', width: inner });
    const bottom = Math.max(lineY, top + logoSize, top + bh) + this.s(6);
    doc.save().lineWidth(1.2).strokeColor(ACCENT).moveTo(m, bottom).lineTo(m + contentWidth, bottom).stroke().restore();
    return bottom + this.s(8);
  }

  private customer(invoice: InvoicePaper, top: number): number {
    const { doc, margin: m } = this;
    const contentWidth = this.width - 2 * m;
    const leftWidth = contentWidth * 0.56;
    const labelWidth = this.s(62);
    /** a label and its value, wrapped to as many lines as it needs; returns the height used */
    const row = (label: string, value: string, y: number, bold = false, size = 8.5) => {
      this.put(label, m, y + this.s(1), { size: 7.5, color: GREY });
      const lines = this.wrap(value, leftWidth - labelWidth, size, bold);
      lines.forEach((line, i) => this.put(line, m + labelWidth, y + i * this.s(10), { size, bold }));
      return this.s(12) + (lines.length - 1) * this.s(10);
    };
    let y = top;
    const accountSize = this.sizeToFit(invoice.accountNumber, leftWidth - labelWidth, 11, true);
    this.put('Cuenta', m, y, { size: 7.5, color: GREY });
    this.put(invoice.accountNumber, m + labelWidth, y - this.s(1), { size: accountSize, bold: true });
    y += this.s(14);
    y += row('Titular', invoice.holderName, y, true);
    y += row('Dirección', invoice.address, y);
    y += row('Barrio', invoice.neighborhood || '—', y);
    const use = USE_LABELS[invoice.use] ?? invoice.use;
    y += row('Estrato y uso', `${invoice.estrato === null ? 'Sin estrato' : `Estrato ${invoice.estrato}`} · ${use}`, y);
    y += row('Ciclo y ruta', `Ciclo ${invoice.cycle} · Ruta ${invoice.route} · Secuencia ${invoice.routeSequence}`, y);
    y += row('Medidor', invoice.meterNumber || '—', y);
    y += this.s(2);

    // readings box
    const readingsY = y;
    const cellWidth = leftWidth / 3;
    doc.save().rect(m, readingsY, leftWidth, this.s(30)).fill(BAND).restore();
    const cell = (label: string, value: string, i: number, bold = false) => {
      this.put(label, m + i * cellWidth, readingsY + this.s(4), { size: 7, color: GREY, align: 'center', width: cellWidth });
      this.put(value, m + i * cellWidth, readingsY + this.s(15), { size: 10, bold, align: 'center', width: cellWidth });
    };
    cell('Lectura anterior', invoice.previousReading === null ? '—' : String(invoice.previousReading), 0);
    cell('Lectura actual', invoice.currentReading === null ? '—' : String(invoice.currentReading), 1);
    cell('Consumo', `${invoice.consumptionM3} m³`, 2, true);
    const leftBottom = readingsY + this.s(30);

    // consumption chart on the right
    const chartX = m + leftWidth + this.s(14);
    const chartWidth = contentWidth - leftWidth - this.s(14);
    this.chart(invoice, { x: chartX, y: top, width: chartWidth, height: leftBottom - top });
    return leftBottom + this.s(10);
  }

  /** bars of the last six periods' consumption, the current one highlighted */
  private chart(invoice: InvoicePaper, box: { x: number; y: number; width: number; height: number }): void {
    const doc = this.doc;
    doc.save().lineWidth(0.5).strokeColor('#c8d3de').rect(box.x, box.y, box.width, box.height).stroke().restore();
    const title = this.size === 'letter' ? 'Consumo de los últimos seis periodos (m³)' : 'Consumo de seis periodos (m³)';
    this.put(title, box.x + this.s(6), box.y + this.s(5), { size: 7.5, bold: true, color: ACCENT });
    const history = invoice.history.length > 0 ? invoice.history.slice(-6) : [{ period: invoice.period, consumptionM3: invoice.consumptionM3 }];
    const max = Math.max(1, ...history.map((h) => h.consumptionM3));
    const plotTop = box.y + this.s(34);
    const plotBottom = box.y + box.height - this.s(14);
    const plotHeight = plotBottom - plotTop;
    const slot = (box.width - this.s(12)) / 6;
    const barWidth = slot * 0.55;
    let average = 0;
    history.forEach((h, i) => {
      const x = box.x + this.s(6) + i * slot + (slot - barWidth) / 2;
      const barHeight = Math.max(0.5, (h.consumptionM3 / max) * plotHeight);
      const current = h.period === invoice.period;
      doc.rect(x, plotBottom - barHeight, barWidth, barHeight).fill(current ? ACCENT : '#9db7cf');
      this.put(String(h.consumptionM3), x - slot / 4, plotBottom - barHeight - this.s(9), { size: 7, bold: current, align: 'center', width: barWidth + slot / 2 });
      this.put(shortPeriod(h.period), x - slot / 4, plotBottom + this.s(3), { size: 6.5, color: GREY, align: 'center', width: barWidth + slot / 2 });
      average += h.consumptionM3;
    });
    average = Math.round(average / history.length);
    this.put(`Promedio: ${average} m³`, box.x, box.y + this.s(15), { size: 7, color: GREY, align: 'right', width: box.width - this.s(6) });
    doc.save().lineWidth(0.5).strokeColor('#888888').moveTo(box.x + this.s(6), plotBottom).lineTo(box.x + box.width - this.s(6), plotBottom).stroke().restore();
  }

  private charges(invoice: InvoicePaper, top: number): number {
    const { doc, margin: m } = this;
    const contentWidth = this.width - 2 * m;
    const colQty = m + contentWidth * 0.5;
    const colUnit = m + contentWidth * 0.66;
    const colAmount = m + contentWidth * 0.83;
    const colWidth = contentWidth * 0.17;
    const rowHeight = this.s(11);
    let y = top;
    doc.save().rect(m, y, contentWidth, this.s(14)).fill(ACCENT).restore();
    this.put('Concepto', m + this.s(5), y + this.s(3.5), { size: 8, bold: true, color: 'white' });
    this.put('Cantidad', colQty, y + this.s(3.5), { size: 8, bold: true, color: 'white', align: 'right', width: contentWidth * 0.12 });
    this.put('Valor unitario', colUnit, y + this.s(3.5), { size: 8, bold: true, color: 'white', align: 'right', width: colWidth - this.s(4) });
    this.put('Valor', colAmount, y + this.s(3.5), { size: 8, bold: true, color: 'white', align: 'right', width: colWidth - this.s(5) });
    y += this.s(16);
    for (const section of chargeSections(invoice.lines)) {
      doc.save().rect(m, y, contentWidth, rowHeight + this.s(1)).fill(BAND).restore();
      this.put(section.title, m + this.s(5), y + this.s(2), { size: 8.5, bold: true, color: ACCENT });
      this.put(this.money(section.subtotal), colAmount, y + this.s(2), { size: 8.5, bold: true, align: 'right', width: colWidth - this.s(5) });
      y += rowHeight + this.s(2);
      const same = (a: string) => a.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().trim();
      const onlyRepeatsTitle = section.lines.length === 1 && same(section.lines[0].concept) === same(section.title);
      for (const line of onlyRepeatsTitle ? [] : section.lines) {
        this.put(this.fit(line.concept, contentWidth * 0.45, 8), m + this.s(12), y, { size: 8 });
        if (line.quantity !== '1' || line.unitValue !== line.amount) {
          this.put(line.quantity, colQty, y, { size: 8, align: 'right', width: contentWidth * 0.12 });
          this.put(this.money(line.unitValue), colUnit, y, { size: 8, align: 'right', width: colWidth - this.s(4) });
        }
        this.put(this.money(line.amount), colAmount, y, { size: 8, color: line.amount < 0 ? RED : INK, align: 'right', width: colWidth - this.s(5) });
        y += rowHeight;
      }
      y += this.s(2);
    }
    doc.save().lineWidth(0.8).strokeColor(ACCENT).moveTo(m, y).lineTo(m + contentWidth, y).stroke().restore();
    return y + this.s(8);
  }

  private totals(invoice: InvoicePaper, top: number, bars: LinearBarcode | null, humanReadable: string): void {
    const { doc, margin: m } = this;
    const contentWidth = this.width - 2 * m;
    const boxHeight = this.s(64);
    // total to pay, due date and suspension date, side by side
    const third = contentWidth / 3;
    doc.save().roundedRect(m, top, contentWidth, boxHeight, 4).fill(BAND).restore();
    doc.save().roundedRect(m, top, third, boxHeight, 4).fill(ACCENT).restore();
    this.put('TOTAL A PAGAR', m, top + this.s(12), { size: 9, bold: true, color: 'white', align: 'center', width: third });
    this.put(this.money(invoice.total), m, top + this.s(28), { size: 17, bold: true, color: 'white', align: 'center', width: third });
    this.put('PAGUE HASTA', m + third, top + this.s(12), { size: 9, bold: true, color: ACCENT, align: 'center', width: third });
    this.put(formatDate(invoice.dueDate), m + third, top + this.s(28), { size: 17, bold: true, align: 'center', width: third });
    this.put('FECHA DE SUSPENSIÓN', m + 2 * third, top + this.s(12), { size: 9, bold: true, color: RED, align: 'center', width: third });
    this.put(invoice.suspensionDate ? formatDate(invoice.suspensionDate) : 'No aplica', m + 2 * third, top + this.s(28), {
      size: 17,
      bold: true,
      color: RED,
      align: 'center',
      width: third,
    });
    this.put('Evite la suspensión: pague a tiempo.', m + 2 * third, top + this.s(49), { size: 7, color: RED, align: 'center', width: third });
    let y = top + boxHeight + this.s(8);
    const points = this.wrap(this.issuer.paymentPoints, contentWidth, 8.5, true);
    points.forEach((line, i) => this.put(line, m, y + i * this.s(10), { size: 8.5, bold: true, color: ACCENT, align: 'center', width: contentWidth }));
    y += this.s(14) + (points.length - 1) * this.s(10);
    // the payment barcode, centred
    const barWidth = Math.min(contentWidth * 0.8, this.s(400));
    this.drawBars(bars, { x: m + (contentWidth - barWidth) / 2, y, width: barWidth, height: this.s(40) });
    this.put(humanReadable, m, y + this.s(43), { size: 8, align: 'center', width: contentWidth });
  }

  /** the detachable payment coupon at the foot of the page, below a dashed cut line */
  private stub(invoice: InvoicePaper, bars: LinearBarcode | null, humanReadable: string): void {
    const { doc, margin: m } = this;
    const contentWidth = this.width - 2 * m;
    const stubHeight = this.s(138);
    const top = this.height - m - stubHeight;
    doc.save().lineWidth(0.8).strokeColor(GREY).dash(4, { space: 3 }).moveTo(m - 10, top).lineTo(this.width - m + 10, top).stroke().undash().restore();
    this.put('Corte por la línea', m, top - this.s(9), { size: 6.5, color: GREY, align: 'right', width: contentWidth });
    let y = top + this.s(10);
    this.put('CUPÓN DE PAGO', m, y, { size: 10, bold: true, color: ACCENT });
    const nameSize = this.sizeToFit(this.issuer.companyName, contentWidth * 0.6, 8);
    this.put(this.issuer.companyName, m + contentWidth * 0.4, y + this.s(1), { size: nameSize, color: GREY, align: 'right', width: contentWidth * 0.6 });
    y += this.s(16);
    const quarter = contentWidth / 4;
    const fact = (label: string, value: string, i: number, bold = false) => {
      this.put(label, m + i * quarter, y, { size: 7, color: GREY });
      // an account, a period, an amount, a date: shrunk to fit, never cut
      this.put(value, m + i * quarter, y + this.s(10), { size: this.sizeToFit(value, quarter - this.s(6), 10, bold), bold });
    };
    fact('Cuenta', invoice.accountNumber, 0, true);
    fact('Periodo', periodLabel(invoice.period), 1);
    fact('Total a pagar', this.money(invoice.total), 2, true);
    fact('Pague hasta', formatDate(invoice.dueDate), 3, true);
    y += this.s(28);
    const ref = `Factura No. ${invoice.invoiceNumber} · Titular: ${invoice.holderName}`;
    this.put(ref, m, y, { size: this.sizeToFit(ref, contentWidth, 7.5), color: GREY });
    y += this.s(12);
    const barWidth = Math.min(contentWidth * 0.8, this.s(400));
    this.drawBars(bars, { x: m + (contentWidth - barWidth) / 2, y, width: barWidth, height: this.s(40) });
    this.put(humanReadable, m, y + this.s(43), { size: 8, align: 'center', width: contentWidth });
    doc.fillColor(INK);
  }

  private drawBars(bars: LinearBarcode | null, box: { x: number; y: number; width: number; height: number }): void {
    if (!bars) return; // the human-readable text below still lets the cashier type it
    const unit = box.width / bars.modules;
    const top = box.y.toFixed(2);
    const height = box.height.toFixed(2);
    const rects = bars.bars.map((bar) => `${(box.x + bar.x * unit).toFixed(3)} ${top} ${(bar.width * unit).toFixed(3)} ${height} re`);
    (this.doc as unknown as RawTextDoc).addContent(`q 0 0 0 rg ${rects.join(' ')} f Q`);
  }

  private duplicateMark(): void {
    const doc = this.doc;
    const word = 'DUPLICADO';
    const size = this.s(80);
    doc.save();
    doc.rotate(-35, { origin: [this.width / 2, this.height * 0.42] });
    doc.font(BOLD).fontSize(size).fillColor('#cc0000').fillOpacity(0.18);
    const w = doc.widthOfString(word);
    doc.text(word, this.width / 2 - w / 2, this.height * 0.42 - size / 2, { lineBreak: false });
    doc.restore();
    doc.fillOpacity(1);
    this.put('DUPLICADO', this.margin, this.margin - this.s(12), { size: 8, bold: true, color: RED });
  }
}

/** A new streamed invoice document (no buffered pages, no automatic first page). */
export function newInvoiceDocument(title: string): Pdf {
  return new (pdfkit())({
    autoFirstPage: false,
    bufferPages: false,
    margin: 0,
    info: { Title: title, Producer: 'Ventanilla', Creator: 'Ventanilla' },
    lang: 'es-CO',
  });
}

/** One invoice as a PDF (a reprint from the account screen says DUPLICADO). */
export function invoicePdf(issuer: InvoiceIssuer, invoice: InvoicePaper, options: InvoiceDrawOptions & { size?: InvoicePaperSize } = {}): Promise<Buffer> {
  const doc = newInvoiceDocument(`Factura ${invoice.invoiceNumber}`);
  new InvoiceWriter(doc, issuer, options.size ?? 'letter').draw(invoice, options);
  return toBuffer(doc);
}
