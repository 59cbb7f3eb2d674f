/**
 * The cash receipt (recibo de caja), in the till's layout: an 80 mm thermal roll (one page as long
 * as its content) or a letter page. A reprint says COPIA; a voided receipt carries ANULADO across
 * it with the reason and who approved the void.
 */
import type { Receipt } from '../../../shared/contract';
import { formatDateTime } from '../../../shared/dates';
import { formatMoney } from '../../../shared/money';
import { tenderText } from './labels';
import { BOLD, FONT, GREY, LETTER, MM, drawBarcode, drawLetterhead, drawLogo, drawWatermark, labelValue, newDocument, rule, stamp, toBuffer, type Pdf } from './layout';

/** 80 mm roll, in points */
export const THERMAL_WIDTH = 80 * MM;
const THERMAL_MARGIN = 4 * MM;

export async function receiptPdf(receipt: Receipt, opts: { copy: boolean }): Promise<Buffer> {
  return receipt.layout === 'carta' ? letterReceipt(receipt, opts.copy) : thermalReceipt(receipt, opts.copy);
}

function title(receipt: Receipt): string {
  return `Recibo de caja ${receipt.receiptLabel}`;
}

/** Facts printed on both layouts, in order, label → value. */
function headerFacts(r: Receipt): [string, string][] {
  return [
    ['Fecha', r.postedAtText || formatDateTime(r.postedAt, r.timeZone)],
    ['Cajero', r.cashierName],
    ['Caja', r.tillName],
  ];
}

function voidText(r: Receipt): string[] {
  if (!r.void) return [];
  return [
    `Anulado el ${formatDateTime(r.void.at, r.timeZone)} por ${r.void.voidedBy}`,
    `Aprobó: ${r.void.approvedBy}`,
    `Motivo: ${r.void.reason}`,
  ];
}

// ---------------------------------------------------------------- 80 mm thermal roll

/** Draws the whole receipt from the top; returns the y below the last line. `measuring` skips the barcode (same height). */
function drawThermal(doc: Pdf, r: Receipt, copy: boolean, measuring = false): number {
  const x = THERMAL_MARGIN;
  const width = THERMAL_WIDTH - 2 * THERMAL_MARGIN;
  const money = (n: number) => formatMoney(n, r.currency);
  let y = THERMAL_MARGIN;
  const center = (text: string, size: number, bold = false) => {
    doc.font(bold ? BOLD : FONT).fontSize(size).fillColor('black').text(text, x, y, { width, align: 'center' });
    y = doc.y;
  };
  const row = (label: string, value: string, opts: { bold?: boolean; size?: number } = {}) => {
    y = labelValue(doc, label, value, { x, y, width, size: opts.size ?? 8, bold: opts.bold }) + 1;
  };
  const line = (dashed = true) => {
    y += 3;
    rule(doc, x, y, width, 0.5, dashed);
    y += 4;
  };

  if (drawLogo(doc, r.company.logoDataUrl, { x, y, width, height: 34, align: 'center' })) y += 38;
  center(r.company.name, 9.5, true);
  center(`NIT ${r.company.nit}`, 8);
  center(r.office.name, 8);
  const officeLine = [r.office.address, r.office.city].filter(Boolean).join(', ');
  if (officeLine) center(officeLine, 7.5);
  if (r.office.phone) center(`Tel. ${r.office.phone}`, 7.5);
  line(false);
  center('RECIBO DE CAJA', 10, true);
  center(`No. ${r.receiptLabel}`, 11, true);
  if (copy) {
    y += 2;
    doc.save().rect(x + width / 2 - 45, y, 90, 22).lineWidth(1.2).stroke().restore();
    doc.font(BOLD).fontSize(16).text('COPIA', x, y + 4, { width, align: 'center' });
    y += 26;
  }
  if (r.status === 'anulado') {
    y += 2;
    doc.save().rect(x, y, width, 20).fill('#000000').restore();
    doc.font(BOLD).fontSize(14).fillColor('white').text('ANULADO', x, y + 4, { width, align: 'center' });
    doc.fillColor('black');
    y += 24;
    for (const text of voidText(r)) {
      doc.font(FONT).fontSize(7.5).text(text, x, y, { width });
      y = doc.y;
    }
  }
  line();
  for (const [label, value] of headerFacts(r)) row(label, value);
  line();
  row('Cuenta', r.account.number, { bold: true, size: 9 });
  doc.font(FONT).fontSize(8).text(r.account.holderName, x, y, { width });
  doc.fontSize(7.5).fillColor(GREY).text(r.account.address, x, doc.y, { width });
  doc.fillColor('black');
  y = doc.y;
  line();
  doc.font(BOLD).fontSize(8).text('Concepto pagado', x, y, { width });
  y = doc.y + 1;
  for (const l of r.lines) {
    row(l.description, money(l.amount));
    doc.font(FONT).fontSize(7).fillColor(GREY).text(`Saldo después del pago: ${money(l.balanceAfter)}`, x + 6, y, { width: width - 6 });
    doc.fillColor('black');
    y = doc.y + 2;
  }
  if (r.creditAdded > 0) row('Abono a saldo a favor', money(r.creditAdded));
  line();
  doc.font(BOLD).fontSize(8).text('Forma de pago', x, y, { width });
  y = doc.y + 1;
  for (const t of r.tenders) row(tenderText(t), money(t.amount));
  line();
  row('TOTAL PAGADO', money(r.amount), { bold: true, size: 10 });
  if (r.cashReceived > 0) {
    row('Efectivo recibido', money(r.cashReceived));
    row('Cambio', money(r.change), { bold: true });
  }
  if (r.creditAdded > 0) row('Saldo a favor agregado', money(r.creditAdded));
  row('Nuevo saldo de la cuenta', money(r.balanceAfter), { bold: true });
  if (r.reconnection) {
    line();
    center(reconnectionText(r.reconnection), 7.5, true);
  }
  line();
  center('Código de verificación', 7.5);
  center(r.verificationCode, 10, true);
  y += 3;
  if (!measuring) drawBarcode(doc, r.verificationCode, { x: x + 10, y, width: width - 20, height: 28, kind: 'code128' });
  y += 32;
  doc.font(FONT).fontSize(7).fillColor(GREY);
  center('Conserve este recibo como soporte de su pago.', 7);
  if (r.copiesPrinted > 0 && copy) center(`Copia impresa (${r.copiesPrinted} ${r.copiesPrinted === 1 ? 'copia' : 'copias'} en total)`, 7);
  doc.fillColor('black');
  return y + THERMAL_MARGIN;
}

async function thermalReceipt(r: Receipt, copy: boolean): Promise<Buffer> {
  // first pass on a tall scratch page to learn the length, then the real page of that length
  const scratch = newDocument({ size: [THERMAL_WIDTH, 5000], margin: 0, title: title(r) });
  const height = Math.ceil(drawThermal(scratch, r, copy, true)) + 6;
  scratch.end();
  const doc = newDocument({ size: [THERMAL_WIDTH, height], margin: 0, title: title(r) });
  drawThermal(doc, r, copy);
  if (r.status === 'anulado') {
    for (let cy = 120; cy < height - 40; cy += 160) stamp(doc, 'ANULADO', { cx: THERMAL_WIDTH / 2, cy, angle: -35, size: 34 });
  }
  return toBuffer(doc);
}

// ---------------------------------------------------------------- letter

async function letterReceipt(r: Receipt, copy: boolean): Promise<Buffer> {
  const margin = 50;
  const doc = newDocument({ size: LETTER, margin, title: title(r) });
  const width = LETTER[0] - 2 * margin;
  const x = margin;
  const money = (n: number) => formatMoney(n, r.currency);
  const officeLines = [`${r.office.name} · ${[r.office.address, r.office.city].filter(Boolean).join(', ')}`, r.office.phone ? `Tel. ${r.office.phone}` : ''];

  // title box on the right of the letterhead
  const boxWidth = 170;
  let y = drawLetterhead(doc, { company: r.company, officeLines }, { x, y: margin, width: width - boxWidth - 10 });
  doc.save().roundedRect(x + width - boxWidth, margin, boxWidth, 56, 4).lineWidth(1).stroke().restore();
  doc.font(BOLD).fontSize(11).text('RECIBO DE CAJA', x + width - boxWidth, margin + 10, { width: boxWidth, align: 'center' });
  doc.fontSize(14).text(`No. ${r.receiptLabel}`, x + width - boxWidth, margin + 28, { width: boxWidth, align: 'center' });
  y = Math.max(y, margin + 66);
  if (copy) {
    doc.font(BOLD).fontSize(22).text('COPIA', x + width - boxWidth, y, { width: boxWidth, align: 'center' });
    y = doc.y + 4;
  }

  // who, when, which account: two columns
  const colWidth = (width - 20) / 2;
  let left = y;
  for (const [label, value] of headerFacts(r)) left = labelValue(doc, label, value, { x, y: left, width: colWidth }) + 2;
  let right = y;
  right = labelValue(doc, 'Cuenta', r.account.number, { x: x + colWidth + 20, y: right, width: colWidth, bold: true, size: 10 }) + 2;
  doc.font(FONT).fontSize(9).text(r.account.holderName, x + colWidth + 20, right, { width: colWidth });
  doc.fillColor(GREY).text(r.account.address, x + colWidth + 20, doc.y, { width: colWidth });
  doc.fillColor('black');
  right = doc.y;
  y = Math.max(left, right) + 10;

  // what was paid
  const cols = [
    { header: 'Concepto pagado', width: width - 220, align: 'left' as const },
    { header: 'Valor pagado', width: 110, align: 'right' as const },
    { header: 'Saldo después', width: 110, align: 'right' as const },
  ];
  const headerRow = (cells: string[], bold: boolean, fill?: string) => {
    const height = 16;
    if (fill) doc.save().rect(x, y, width, height).fill(fill).restore();
    let cx = x;
    doc.font(bold ? BOLD : FONT).fontSize(9).fillColor('black');
    cells.forEach((cell, i) => {
      doc.text(cell, cx + 4, y + 4, { width: cols[i].width - 8, align: cols[i].align });
      cx += cols[i].width;
    });
    y += height;
  };
  headerRow(cols.map((c) => c.header), true, '#e8e8e8');
  for (const l of r.lines) headerRow([l.description, money(l.amount), money(l.balanceAfter)], false);
  if (r.creditAdded > 0) headerRow(['Abono a saldo a favor de la cuenta', money(r.creditAdded), ''], false);
  rule(doc, x, y + 2, width);
  y += 10;

  // how it was paid, and the totals
  doc.font(BOLD).fontSize(9).text('Forma de pago', x, y);
  let ty = doc.y + 2;
  for (const t of r.tenders) ty = labelValue(doc, tenderText(t), money(t.amount), { x, y: ty, width: colWidth }) + 2;
  let sy = y;
  const totals: [string, string, boolean][] = [['TOTAL PAGADO', money(r.amount), true]];
  if (r.cashReceived > 0) totals.push(['Efectivo recibido', money(r.cashReceived), false], ['Cambio', money(r.change), true]);
  if (r.creditAdded > 0) totals.push(['Saldo a favor agregado', money(r.creditAdded), false]);
  totals.push(['Nuevo saldo de la cuenta', money(r.balanceAfter), true]);
  for (const [label, value, bold] of totals) sy = labelValue(doc, label, value, { x: x + colWidth + 20, y: sy, width: colWidth, bold, size: bold ? 10 : 9 }) + 3;
  y = Math.max(ty, sy) + 14;

  if (r.reconnection) {
    doc.font(BOLD).fontSize(9).fillColor('black').text(reconnectionText(r.reconnection), x, y, { width });
    y = doc.y + 10;
  }

  if (r.status === 'anulado') {
    doc.save().rect(x, y, width, 18).fill('#000000').restore();
    doc.font(BOLD).fontSize(12).fillColor('white').text('RECIBO ANULADO', x, y + 4, { width, align: 'center' });
    doc.fillColor('black');
    y += 22;
    for (const text of voidText(r)) {
      doc.font(FONT).fontSize(9).text(text, x, y, { width });
      y = doc.y;
    }
    y += 10;
  }

  // verification
  rule(doc, x, y, width, 0.5, true);
  y += 8;
  doc.font(FONT).fontSize(8).fillColor(GREY).text('Código de verificación', x, y);
  doc.font(BOLD).fontSize(12).fillColor('black').text(r.verificationCode, x, doc.y + 1);
  drawBarcode(doc, r.verificationCode, { x: x + width - 200, y, width: 200, height: 34, kind: 'code128' });
  y += 44;
  doc.font(FONT).fontSize(8).fillColor(GREY).text('Conserve este recibo como soporte de su pago.', x, y, { width });
  doc.fillColor('black');
  if (r.status === 'anulado') drawWatermark(doc, 'ANULADO');
  return toBuffer(doc);
}

/** the line of a receipt whose payment ordered the reconnection (Ley 142 art. 142) */
export function reconnectionText(reconnection: NonNullable<Receipt['reconnection']>): string {
  return `Se ordenó la reconexión del servicio: orden ${reconnection.number}, a más tardar el ${reconnection.dueAtText}.`;
}
