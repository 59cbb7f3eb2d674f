/**
 * The papers of petty cash (caja menor), letter size on the letterhead: the comprobante de egreso
 * (and the advance voucher), the reimbursement report (relación de gastos per budget line, the
 * voucher list, totals, signatures) with the supports appended — images drawn on their own page,
 * PDF supports merged page by page with pdf-lib —, the acta de arqueo and the final legalisation
 * report. Pure functions: data → PDF bytes.
 */
import type { PayeeIdType } from '../../../shared/contract';
import { formatDate, formatDateTime } from '../../../shared/dates';
import { formatMoney, type CurrencyCode } from '../../../shared/money';
import { BOLD, FONT, GREY, LETTER, addPageNumbers, drawBarcode, drawLetterhead, drawTable, labelValue, newDocument, rule, stamp, toBuffer, type Column, type Letterhead, type Pdf } from './layout';

const MARGIN = 50;
const WIDTH = LETTER[0] - 2 * MARGIN;
const BOTTOM = LETTER[1] - MARGIN - 20;

export const PAYEE_ID_LABELS: Record<PayeeIdType, string> = { NIT: 'NIT', CC: 'C.C.', CE: 'C.E.', PAS: 'Pasaporte' };

export interface PaperBase {
  head: Letterhead;
  currency: CurrencyCode;
  timeZone: string;
  /** "Caja menor GAR-2026 · Resolución 045 del 15/01/2026" */
  fundLine: string;
}

function start(title: string, base: PaperBase): { doc: Pdf; y: number } {
  const doc = newDocument({ size: LETTER, margin: MARGIN, title });
  let y = drawLetterhead(doc, base.head, { x: MARGIN, y: MARGIN, width: WIDTH });
  doc.font(BOLD).fontSize(13).fillColor('black').text(title, MARGIN, y, { width: WIDTH, align: 'center' });
  doc.font(FONT).fontSize(9).fillColor(GREY).text(base.fundLine, MARGIN, doc.y + 2, { width: WIDTH, align: 'center' });
  doc.fillColor('black');
  y = doc.y + 12;
  return { doc, y };
}

function ensureRoom(doc: Pdf, y: number, needed: number): number {
  if (y + needed <= BOTTOM) return y;
  doc.addPage();
  return MARGIN;
}

/** Signature lines side by side: a line, the name under it and the caption. Returns the y below. */
function signatures(doc: Pdf, y: number, people: { caption: string; name: string; id?: string }[]): number {
  y = ensureRoom(doc, y, 80);
  const gap = 24;
  const width = (WIDTH - gap * (people.length - 1)) / people.length;
  const lineY = y + 40;
  people.forEach((p, i) => {
    const x = MARGIN + i * (width + gap);
    rule(doc, x, lineY, width, 0.6);
    doc.font(BOLD).fontSize(8.5).text(p.caption, x, lineY + 4, { width });
    doc.font(FONT).fontSize(8.5).text(p.name || ' ', x, doc.y + 1, { width });
    if (p.id) doc.text(p.id, x, doc.y, { width });
  });
  return lineY + 48;
}

function rows(doc: Pdf, y: number, pairs: [string, string][], money = false): number {
  for (const [label, value] of pairs) {
    doc.font(BOLD).fontSize(9.5).text(label, MARGIN, y, { width: 140 });
    doc.font(FONT).fontSize(9.5).text(value, MARGIN + 145, y, { width: WIDTH - 145, align: money ? 'right' : 'left' });
    y = Math.max(doc.y, y + 12) + 4;
  }
  return y;
}

// ------------------------------------------------------------------ comprobante de egreso / anticipo

export interface VoucherPaper extends PaperBase {
  kind: 'egreso' | 'anticipo';
  number: string;
  date: string;
  payee: { idType: PayeeIdType; idNumber: string; name: string };
  concept: string;
  budgetLine: { code: string; name: string };
  amount: number;
  withholdings: number;
  amountInWords: string;
  /** no support attached yet: PENDIENTE DE SOPORTE is stamped */
  pendingSupport: boolean;
  /** "Legaliza el anticipo AN-…" lines */
  notes: string[];
  custodian: string;
  createdBy: string;
  createdAt: string;
}

export async function voucherPdf(v: VoucherPaper): Promise<Buffer> {
  const money = (n: number) => formatMoney(n, v.currency);
  const title = v.kind === 'egreso' ? 'COMPROBANTE DE EGRESO DE CAJA MENOR' : 'COMPROBANTE DE ANTICIPO DE CAJA MENOR';
  const { doc, y: top } = start(title, v);
  doc.font(BOLD).fontSize(12).text(`No. ${v.number}`, MARGIN, top, { width: WIDTH / 2 });
  drawBarcode(doc, v.number, { x: MARGIN + WIDTH - 190, y: top - 4, width: 190, height: 26, kind: 'code128' });
  let y = top + 30;
  y = rows(doc, y, [
    ['Fecha', formatDate(v.date)],
    [v.kind === 'egreso' ? 'Pagado a' : 'Entregado a', v.payee.name],
    ['Identificación', `${PAYEE_ID_LABELS[v.payee.idType]} ${v.payee.idNumber}`],
    ['Concepto', v.concept],
    ['Rubro', `${v.budgetLine.code} ${v.budgetLine.name}`],
  ]);
  y += 6;
  rule(doc, MARGIN, y, WIDTH);
  y += 8;
  y = labelValue(doc, 'Valor', money(v.amount), { x: MARGIN, y, width: WIDTH, size: 10 }) + 4;
  if (v.kind === 'egreso') {
    y = labelValue(doc, 'Retenciones', money(v.withholdings), { x: MARGIN, y, width: WIDTH, size: 10 }) + 4;
    y = labelValue(doc, 'Neto pagado', money(v.amount - v.withholdings), { x: MARGIN, y, width: WIDTH, size: 11, bold: true }) + 6;
  }
  doc.font(FONT).fontSize(9).text(`Son: ${v.amountInWords}`, MARGIN, y, { width: WIDTH });
  y = doc.y + 8;
  for (const note of v.notes) {
    doc.font(FONT).fontSize(9).text(note, MARGIN, y, { width: WIDTH });
    y = doc.y + 4;
  }
  doc.font(FONT).fontSize(8).fillColor(GREY).text(`Elaboró: ${v.createdBy} · ${formatDateTime(v.createdAt, v.timeZone)}`, MARGIN, y + 4, { width: WIDTH });
  doc.fillColor('black');
  y = doc.y + 16;
  y = signatures(doc, y, [
    { caption: 'Recibí conforme', name: v.payee.name, id: `${PAYEE_ID_LABELS[v.payee.idType]} ${v.payee.idNumber}` },
    { caption: 'Custodio de la caja menor', name: v.custodian },
  ]);
  if (v.pendingSupport) {
    doc.font(BOLD).fontSize(11).fillColor('#cc0000').text('PENDIENTE DE SOPORTE', MARGIN, y, { width: WIDTH, align: 'center' });
    doc.fillColor('black');
    stamp(doc, 'PENDIENTE DE SOPORTE', { cx: LETTER[0] / 2, cy: Math.min(y + 110, LETTER[1] - 120), angle: -12, size: 40 });
  }
  addPageNumbers(doc, v.number);
  return toBuffer(doc);
}

// ------------------------------------------------------------------ reembolso

export interface ReimbursementPaper extends PaperBase {
  number: string;
  state: string;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string;
  byLine: { code: string; name: string; limit: number; total: number }[];
  vouchers: { number: string; date: string; payee: string; payeeId: string; concept: string; line: string; amount: number; outcome: string; rejectedReason: string | null }[];
  total: number;
  approvedTotal: number | null;
  custodian: string;
  coordinator: string;
}

export interface SupportFile {
  voucherNumber: string;
  fileName: string;
  mimeType: string;
  content: Buffer;
}

const OUTCOME_LABELS: Record<string, string> = { solicitado: 'Solicitado', aprobado: 'Aprobado', rechazado: 'Rechazado' };

export async function reimbursementReportPdf(r: ReimbursementPaper, supports: readonly SupportFile[]): Promise<Buffer> {
  const money = (n: number) => formatMoney(n, r.currency);
  const { doc, y: top } = start('SOLICITUD DE REEMBOLSO DE CAJA MENOR', r);
  let y = rows(doc, top, [
    ['Reembolso', `${r.number} (${OUTCOME_LABELS[r.state] ?? r.state})`],
    ['Solicitado por', `${r.requestedBy} · ${formatDateTime(r.requestedAt, r.timeZone)}`],
    ...(r.decidedAt ? ([['Decidido por', `${r.decidedBy ?? ''} · ${formatDateTime(r.decidedAt, r.timeZone)}`]] as [string, string][]) : []),
    ...(r.note ? ([['Observación', r.note]] as [string, string][]) : []),
  ]);
  y += 6;
  doc.font(BOLD).fontSize(10.5).text('Relación de gastos por rubro', MARGIN, y);
  y = doc.y + 4;
  const lineColumns: Column<ReimbursementPaper['byLine'][number]>[] = [
    { header: 'Rubro', width: 70, value: (l) => l.code },
    { header: 'Nombre', width: 250, value: (l) => l.name },
    { header: 'Límite', width: 96, align: 'right', value: (l) => money(l.limit) },
    { header: 'Total', width: WIDTH - 416, align: 'right', value: (l) => money(l.total) },
  ];
  y = drawTable(doc, lineColumns, r.byLine, { x: MARGIN, y, bottom: BOTTOM, topOfNextPage: MARGIN });
  y = labelValue(doc, 'Total solicitado', money(r.total), { x: MARGIN, y: y + 6, width: WIDTH, size: 10, bold: true }) + 4;
  if (r.approvedTotal !== null) y = labelValue(doc, 'Total aprobado', money(r.approvedTotal), { x: MARGIN, y, width: WIDTH, size: 10, bold: true }) + 4;
  y = ensureRoom(doc, y + 10, 60);
  doc.font(BOLD).fontSize(10.5).text('Comprobantes', MARGIN, y);
  y = doc.y + 4;
  const voucherColumns: Column<ReimbursementPaper['vouchers'][number]>[] = [
    { header: 'Comprobante', width: 92, value: (v) => v.number },
    { header: 'Fecha', width: 50, value: (v) => formatDate(v.date) },
    { header: 'Beneficiario', width: 120, value: (v) => `${v.payee}\n${v.payeeId}` },
    { header: 'Concepto', width: 106, value: (v) => (v.rejectedReason ? `${v.concept}\nRechazado: ${v.rejectedReason}` : v.concept) },
    { header: 'Rubro', width: 34, value: (v) => v.line },
    { header: 'Estado', width: 50, value: (v) => OUTCOME_LABELS[v.outcome] ?? v.outcome },
    { header: 'Valor', width: WIDTH - 452, align: 'right', value: (v) => money(v.amount) },
  ];
  y = drawTable(doc, voucherColumns, r.vouchers, { x: MARGIN, y, bottom: BOTTOM, topOfNextPage: MARGIN, size: 8, strike: (v) => v.outcome === 'rechazado' });
  y = labelValue(doc, `${r.vouchers.length} comprobantes · Total`, money(r.total), { x: MARGIN, y: y + 6, width: WIDTH, size: 10, bold: true }) + 6;
  if (supports.length > 0) {
    doc.font(FONT).fontSize(8.5).fillColor(GREY).text(`Se anexan ${supports.length} soportes a continuación, en el orden de los comprobantes.`, MARGIN, y, { width: WIDTH });
    doc.fillColor('black');
    y = doc.y + 6;
  }
  signatures(doc, y + 8, [
    { caption: 'Custodio de la caja menor', name: r.custodian },
    { caption: 'Coordinador(a) que aprueba', name: r.coordinator },
  ]);
  addPageNumbers(doc, `Reembolso ${r.number}`);
  return appendSupports(await toBuffer(doc), supports);
}

/**
 * Appends the supports after the report: a PNG or JPG on its own letter page (fitted, with a
 * caption naming the voucher), a PDF's pages copied as they are. A support that cannot be read
 * leaves a page saying so: the report never fails for one damaged file.
 */
export async function appendSupports(report: Buffer, supports: readonly SupportFile[]): Promise<Buffer> {
  if (supports.length === 0) return report;
  // pdf-lib loads with the first report that has supports, not at start (issue 20, item 5)
  const { PDFDocument, StandardFonts, rgb } = await import('pdf-lib');
  const out = await PDFDocument.load(report);
  const font = await out.embedFont(StandardFonts.Helvetica);
  const caption = (page: ReturnType<typeof out.addPage>, text: string) => page.drawText(text, { x: MARGIN, y: LETTER[1] - 30, size: 9, font, color: rgb(0.33, 0.33, 0.33) });
  for (const s of supports) {
    const label = `Soporte del comprobante ${s.voucherNumber}: ${s.fileName}`;
    try {
      if (s.mimeType === 'application/pdf') {
        const source = await PDFDocument.load(s.content, { ignoreEncryption: true });
        const pages = await out.copyPages(source, source.getPageIndices());
        pages.forEach((page) => out.addPage(page));
      } else {
        const image = s.mimeType === 'image/png' ? await out.embedPng(s.content) : await out.embedJpg(s.content);
        const page = out.addPage(LETTER);
        const box = { width: LETTER[0] - 2 * MARGIN, height: LETTER[1] - 2 * MARGIN - 20 };
        const scale = Math.min(box.width / image.width, box.height / image.height, 1);
        const w = image.width * scale;
        const h = image.height * scale;
        page.drawImage(image, { x: (LETTER[0] - w) / 2, y: LETTER[1] - MARGIN - 20 - h, width: w, height: h });
        caption(page, label);
      }
    } catch {
      const page = out.addPage(LETTER);
      caption(page, label);
      page.drawText('Este soporte no se pudo anexar (archivo dañado o protegido): consúltelo en la aplicación.', { x: MARGIN, y: LETTER[1] - 60, size: 10, font });
    }
  }
  return Buffer.from(await out.save());
}

// ------------------------------------------------------------------ acta de arqueo

export interface ArqueoPaper extends PaperBase {
  at: string;
  surprise: boolean;
  countedBy: string;
  custodian: string;
  count: { kind: string; value: number; quantity: number }[];
  cash: number;
  vouchersOnHand: number;
  advancesOnHand: number;
  expected: number;
  difference: number;
  system: { cash: number; vouchers: number; advances: number };
  note: string;
}

export async function arqueoActaPdf(a: ArqueoPaper): Promise<Buffer> {
  const money = (n: number) => formatMoney(n, a.currency);
  const { doc, y: top } = start('ACTA DE ARQUEO DE CAJA MENOR', a);
  doc.font(FONT).fontSize(9.5).text(
    `El ${formatDateTime(a.at, a.timeZone)} ${a.countedBy} practicó un arqueo${a.surprise ? ' sorpresivo' : ''} a la caja menor a cargo de ${a.custodian}, con el resultado siguiente.`,
    MARGIN,
    top,
    { width: WIDTH },
  );
  let y = doc.y + 10;
  doc.font(BOLD).fontSize(10.5).text('Efectivo contado', MARGIN, y);
  y = doc.y + 4;
  const countColumns: Column<ArqueoPaper['count'][number]>[] = [
    { header: 'Denominación', width: 200, value: (c) => `${c.kind === 'billete' ? 'Billete' : 'Moneda'} de ${money(c.value)}` },
    { header: 'Cantidad', width: 100, align: 'right', value: (c) => String(c.quantity) },
    { header: 'Total', width: 140, align: 'right', value: (c) => money(c.value * c.quantity) },
  ];
  y = drawTable(doc, countColumns, a.count, { x: MARGIN, y, bottom: BOTTOM, topOfNextPage: MARGIN });
  y += 10;
  const line = (label: string, value: number, bold = false) => {
    y = labelValue(doc, label, money(value), { x: MARGIN, y, width: WIDTH, size: 10, bold }) + 4;
  };
  line('Efectivo contado', a.cash);
  line('Comprobantes de egreso en poder del custodio', a.vouchersOnHand);
  line('Anticipos en poder del custodio', a.advancesOnHand);
  line('Total arqueado', a.cash + a.vouchersOnHand + a.advancesOnHand, true);
  line('Valor de la caja menor (debe haber)', a.expected, true);
  rule(doc, MARGIN, y, WIDTH);
  y += 6;
  const result = a.difference === 0 ? 'SIN DIFERENCIA' : a.difference < 0 ? 'FALTANTE' : 'SOBRANTE';
  y = labelValue(doc, `Diferencia: ${result}`, money(Math.abs(a.difference)), { x: MARGIN, y, width: WIDTH, size: 11, bold: true }) + 10;
  doc.font(FONT).fontSize(8.5).fillColor(GREY).text(
    `Según los registros: efectivo ${money(a.system.cash)}, comprobantes sin reembolsar ${money(a.system.vouchers)}, anticipos abiertos ${money(a.system.advances)}.`,
    MARGIN,
    y,
    { width: WIDTH },
  );
  doc.fillColor('black');
  y = doc.y + 6;
  if (a.note) {
    doc.font(FONT).fontSize(9.5).text(`Observaciones: ${a.note}`, MARGIN, y, { width: WIDTH });
    y = doc.y + 6;
  }
  signatures(doc, y + 10, [
    { caption: 'Practicó el arqueo', name: a.countedBy },
    { caption: 'Custodio de la caja menor', name: a.custodian },
  ]);
  addPageNumbers(doc, 'Acta de arqueo de caja menor');
  return toBuffer(doc);
}

// ------------------------------------------------------------------ legalización definitiva

export interface FinalReportPaper extends PaperBase {
  state: 'abierta' | 'legalizada';
  amount: number;
  legalizedOn: string | null;
  legalizedBy: string;
  custodian: string;
  lines: { code: string; name: string; limit: number; reimbursed: number; legalised: number }[];
  reimbursements: { number: string; decidedAt: string | null; approvedTotal: number }[];
  vouchers: { number: string; date: string; payee: string; concept: string; line: string; amount: number }[];
  netTransfers: number;
  available: number;
  returnedCash: number | null;
  difference: number | null;
  note: string;
}

export async function finalReportPdf(f: FinalReportPaper): Promise<Buffer> {
  const money = (n: number) => formatMoney(n, f.currency);
  const { doc, y: top } = start('LEGALIZACIÓN DEFINITIVA DE CAJA MENOR', f);
  let y = top;
  if (f.state !== 'legalizada') {
    doc.font(BOLD).fontSize(10).fillColor('#cc0000').text('BORRADOR: la caja menor sigue abierta.', MARGIN, y, { width: WIDTH, align: 'center' });
    doc.fillColor('black');
    y = doc.y + 8;
  }
  y = rows(doc, y, [
    ['Valor de la caja menor', money(f.amount)],
    ['Custodio', f.custodian],
    ['Fecha de legalización', f.legalizedOn ? formatDate(f.legalizedOn) : '—'],
  ]);
  y += 6;
  doc.font(BOLD).fontSize(10.5).text('Ejecución por rubro', MARGIN, y);
  y = doc.y + 4;
  const lineColumns: Column<FinalReportPaper['lines'][number]>[] = [
    { header: 'Rubro', width: 60, value: (l) => l.code },
    { header: 'Nombre', width: 180, value: (l) => l.name },
    { header: 'Límite', width: 90, align: 'right', value: (l) => money(l.limit) },
    { header: 'Reembolsado', width: 90, align: 'right', value: (l) => money(l.reimbursed) },
    { header: 'Legalizado', width: WIDTH - 420, align: 'right', value: (l) => money(l.legalised) },
  ];
  y = drawTable(doc, lineColumns, f.lines, { x: MARGIN, y, bottom: BOTTOM, topOfNextPage: MARGIN }) + 10;
  y = ensureRoom(doc, y, 60);
  doc.font(BOLD).fontSize(10.5).text('Reembolsos aprobados en el año', MARGIN, y);
  y = doc.y + 4;
  y =
    drawTable(
      doc,
      [
        { header: 'Reembolso', width: 160, value: (r: FinalReportPaper['reimbursements'][number]) => r.number },
        { header: 'Aprobado el', width: 160, value: (r) => formatDateTime(r.decidedAt, f.timeZone) },
        { header: 'Valor', width: WIDTH - 320, align: 'right', value: (r) => money(r.approvedTotal) },
      ],
      f.reimbursements,
      { x: MARGIN, y, bottom: BOTTOM, topOfNextPage: MARGIN },
    ) + 10;
  y = ensureRoom(doc, y, 60);
  doc.font(BOLD).fontSize(10.5).text('Comprobantes legalizados sin reembolso', MARGIN, y);
  y = doc.y + 4;
  y =
    drawTable(
      doc,
      [
        { header: 'Comprobante', width: 100, value: (v: FinalReportPaper['vouchers'][number]) => v.number },
        { header: 'Fecha', width: 60, value: (v) => formatDate(v.date) },
        { header: 'Beneficiario', width: 130, value: (v) => v.payee },
        { header: 'Concepto', width: 120, value: (v) => v.concept },
        { header: 'Rubro', width: 45, value: (v) => v.line },
        { header: 'Valor', width: WIDTH - 455, align: 'right', value: (v) => money(v.amount) },
      ],
      f.vouchers,
      { x: MARGIN, y, bottom: BOTTOM, topOfNextPage: MARGIN, size: 8 },
    ) + 10;
  y = ensureRoom(doc, y, 110);
  const legalisedTotal = f.vouchers.reduce((s, v) => s + v.amount, 0);
  const line = (label: string, value: string, bold = false) => {
    y = labelValue(doc, label, value, { x: MARGIN, y, width: WIDTH, size: 10, bold }) + 4;
  };
  line('Valor de la caja menor', money(f.amount));
  if (f.netTransfers !== 0) line('Traslados netos con la caja', money(f.netTransfers));
  line('Comprobantes legalizados sin reembolso', money(legalisedTotal));
  line('Saldo en efectivo que debe devolverse', money(f.available), true);
  if (f.returnedCash !== null) line('Efectivo devuelto', money(f.returnedCash), true);
  if (f.difference !== null && f.difference !== 0) line(`Diferencia: ${f.difference < 0 ? 'FALTANTE' : 'SOBRANTE'}`, money(Math.abs(f.difference)), true);
  if (f.note) {
    doc.font(FONT).fontSize(9.5).text(`Observaciones: ${f.note}`, MARGIN, y, { width: WIDTH });
    y = doc.y + 6;
  }
  signatures(doc, y + 10, [
    { caption: 'Custodio de la caja menor', name: f.custodian },
    { caption: 'Coordinador(a) que legaliza', name: f.legalizedBy },
  ]);
  addPageNumbers(doc, 'Legalización definitiva de caja menor');
  return toBuffer(doc);
}
