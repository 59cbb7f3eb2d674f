/**
 * The closing report of a cash session (informe de cierre de caja), letter size: the session, the
 * cash arithmetic with the difference named SOBRANTE or FALTANTE, totals per method, the closing
 * count by denomination, every receipt (voided ones marked), every void and every cash movement,
 * the signature lines and the audit chain's anchor the close took. Several pages when the day was long, numbered "Página n de m".
 */
import type { SessionReport } from '../../../shared/contract';
import { formatDate, formatDateTime } from '../../../shared/dates';
import { absExact, formatMoney, signOf, sumExact } from '../../../shared/money';
import { drawAuditAnchor } from './audit-anchor';
import { METHOD_LABELS, MOVEMENT_REASON_LABELS } from './labels';
import { BOLD, FONT, GREY, LETTER, addPageNumbers, drawLetterhead, drawTable, labelValue, newDocument, rule, toBuffer, type Pdf } from './layout';

const MARGIN = 50;
const WIDTH = LETTER[0] - 2 * MARGIN;
const BOTTOM = LETTER[1] - MARGIN;

/** "SOBRANTE", "FALTANTE" or "SIN DIFERENCIA" for counted − expected */
export function differenceLabel(difference: number | string): string {
  const sign = signOf(difference);
  return sign > 0 ? 'SOBRANTE' : sign < 0 ? 'FALTANTE' : 'SIN DIFERENCIA';
}

export async function sessionReportPdf(report: SessionReport): Promise<Buffer> {
  const { session, summary } = report;
  const tz = report.timeZone;
  const money = (n: number | string) => formatMoney(n, report.currency);
  const when = (ts: string | null) => (ts ? formatDateTime(ts, tz) : '—');
  const doc = newDocument({ size: LETTER, margin: MARGIN, title: `Cierre de caja, turno ${session.id}` });
  const x = MARGIN;

  let y = drawLetterhead(doc, { company: report.company, officeLines: [`${report.office.name} (${report.office.code})`] }, { x, y: MARGIN, width: WIDTH });
  doc.font(BOLD).fontSize(14).text('INFORME DE CIERRE DE CAJA', x, y, { width: WIDTH, align: 'center' });
  doc.font(FONT).fontSize(10).text(`Turno No. ${session.id} · ${session.tillName} · ${formatDate(session.businessDate)}`, x, doc.y + 2, { width: WIDTH, align: 'center' });
  y = doc.y + 4;
  if (session.status === 'abierta') {
    doc.font(BOLD).fontSize(10).fillColor('#cc0000').text('TURNO ABIERTO: informe parcial, la caja no se ha cerrado', x, y, { width: WIDTH, align: 'center' });
    doc.fillColor('black');
    y = doc.y + 4;
  }
  y += 6;

  // the session
  const half = (WIDTH - 24) / 2;
  const facts: [string, string][] = [
    ['Cajero', session.cashierName],
    ['Caja', session.tillName],
    ['Apertura', when(session.openedAt)],
    ['Cierre', when(session.closedAt)],
  ];
  const factsRight: [string, string][] = [
    ['Tipo de cierre', session.forced ? 'FORZADO por coordinador' : session.status === 'cerrada' ? 'Normal, por el cajero' : '—'],
    ['Aprobado por', report.approvedBy ?? '—'],
    ['Recibos', String(session.paymentCount)],
    ['Recaudo vigente', money(session.collected)],
  ];
  let left = y;
  for (const [label, value] of facts) left = labelValue(doc, label, value, { x, y: left, width: half }) + 2;
  let right = y;
  for (const [label, value] of factsRight) right = labelValue(doc, label, value, { x: x + half + 24, y: right, width: half }) + 2;
  y = Math.max(left, right);
  if (report.closeNote) {
    doc.font(FONT).fontSize(9).text(`Observación: ${report.closeNote}`, x, y + 2, { width: WIDTH });
    y = doc.y;
  }
  y += 10;

  // the arithmetic, and the totals per method beside it
  const arithmetic: [string, string, boolean][] = [
    ['Saldo inicial (base)', money(summary.openingFloat), false],
    ['(+) Efectivo recibido', money(summary.cashReceived), false],
    ['(-) Cambio entregado', money(summary.changeGiven), false],
    ['(+) Entradas de efectivo', money(summary.cashIn), false],
    ['(-) Salidas de efectivo', money(summary.cashOut), false],
    ['(-) Devoluciones por anulación', money(summary.voidsCashReturned), false],
    ['(=) Efectivo esperado', money(summary.expectedCash), true],
    ['Efectivo contado', money(summary.countedCash), true],
  ];
  const boxTop = y;
  doc.font(BOLD).fontSize(10).text('Arqueo del efectivo', x, y);
  let ay = doc.y + 4;
  for (const [label, value, bold] of arithmetic) {
    if (label.startsWith('(=)') || label === 'Efectivo contado') rule(doc, x, ay - 1, half, 0.4);
    ay = labelValue(doc, label, value, { x, y: ay + 1, width: half, bold, size: 9.5 }) + 2;
  }
  const diffSign = signOf(summary.difference);
  const diffColor = diffSign < 0 ? '#b00000' : diffSign > 0 ? '#005a9e' : 'black';
  doc.save().rect(x, ay + 2, half, 20).lineWidth(1).strokeColor(diffColor).stroke().restore();
  doc.fillColor(diffColor);
  labelValue(doc, `Diferencia: ${differenceLabel(summary.difference)}`, money(absExact(summary.difference)), { x: x + 4, y: ay + 7, width: half - 8, bold: true, size: 10 });
  doc.fillColor('black');
  ay += 26;
  if (summary.needsApproval) {
    doc.font(FONT).fontSize(8).fillColor(GREY).text(`La diferencia supera el límite de ${money(summary.limit)}: requiere aprobación del coordinador.`, x, ay, { width: half });
    doc.fillColor('black');
    ay = doc.y;
  }

  const mx = x + half + 24;
  doc.font(BOLD).fontSize(10).text('Recaudo por forma de pago', mx, boxTop);
  const perMethod = summary.perMethod.map((m) => ({ label: METHOD_LABELS[m.method] ?? m.method, count: String(m.count), amount: money(m.amount) }));
  const totalCount = summary.perMethod.reduce((s, m) => s + m.count, 0);
  const totalAmount = sumExact(summary.perMethod.map((m) => m.amount));
  perMethod.push({ label: 'TOTAL', count: String(totalCount), amount: money(totalAmount) });
  let my = drawTable(
    doc,
    [
      { header: 'Forma de pago', width: half - 150, value: (r) => r.label },
      { header: 'Pagos', width: 50, align: 'right', value: (r) => r.count },
      { header: 'Valor', width: 100, align: 'right', value: (r) => r.amount },
    ],
    perMethod,
    { x: mx, y: doc.y + 4, bottom: BOTTOM, topOfNextPage: MARGIN, size: 9 },
  );
  my += 4;
  y = Math.max(ay, my) + 14;

  // the closing count by denomination
  if (report.closingCount && report.closingCount.length > 0) {
    y = section(doc, 'Conteo de cierre por denominación', y, 80);
    const lines = report.closingCount.filter((c) => c.quantity > 0);
    const counted = report.closingCount.reduce((s, c) => s + c.value * c.quantity, 0);
    y = drawTable(
      doc,
      [
        { header: 'Denominación', width: 180, value: (c) => (c.kind === 'total' ? 'TOTAL CONTADO' : `${c.kind === 'billete' ? 'Billete' : 'Moneda'} de ${money(c.value)}`) },
        { header: 'Cantidad', width: 80, align: 'right', value: (c) => (c.kind === 'total' ? '' : String(c.quantity)) },
        { header: 'Subtotal', width: 120, align: 'right', value: (c) => money(c.kind === 'total' ? counted : c.value * c.quantity) },
      ],
      [...lines.map((c) => ({ kind: c.kind as string, value: c.value, quantity: c.quantity })), { kind: 'total', value: 0, quantity: 0 }],
      { x, y, bottom: BOTTOM, topOfNextPage: MARGIN, size: 8.5 },
    );
    y += 14;
  }

  // every receipt
  y = section(doc, `Recibos del turno (${report.receipts.length})`, y, 60);
  if (report.receipts.length === 0) y = note(doc, 'No se recibieron pagos en este turno.', y);
  else {
    y = drawTable(
      doc,
      [
        { header: 'Recibo', width: 72, value: (r) => r.receiptLabel },
        { header: 'Hora', width: 70, value: (r) => when(r.postedAt) },
        { header: 'Cuenta', width: 60, value: (r) => r.accountNumber },
        { header: 'Titular', width: 120, value: (r) => r.holderName },
        { header: 'Forma de pago', width: 82, value: (r) => r.methods.map((m) => METHOD_LABELS[m] ?? m).join(', ') },
        { header: 'Valor', width: 58, align: 'right', value: (r) => money(r.amount) },
        { header: 'Estado', width: WIDTH - 462, value: (r) => (r.status === 'anulado' ? 'ANULADO' : 'Vigente') },
      ],
      report.receipts,
      { x, y, bottom: BOTTOM, topOfNextPage: MARGIN, size: 7.5, strike: (r) => r.status === 'anulado' },
    );
    y += 14;
  }

  // every void posted in this session
  y = section(doc, `Anulaciones registradas en el turno (${report.voids.length})`, y, 60);
  if (report.voids.length === 0) y = note(doc, 'Sin anulaciones.', y);
  else {
    y = drawTable(
      doc,
      [
        { header: 'Recibo', width: 72, value: (v) => v.receiptLabel },
        { header: 'Fecha', width: 78, value: (v) => when(v.at) },
        { header: 'Valor', width: 62, align: 'right', value: (v) => money(v.amount) },
        { header: 'Efectivo devuelto', width: 70, align: 'right', value: (v) => (v.refundMethod === 'transferencia' ? `Transf. ${v.refundReference}` : money(v.cashReturned)) },
        { header: 'Aprobó', width: 90, value: (v) => v.approvedBy },
        { header: 'Motivo', width: WIDTH - 372, value: (v) => v.reason },
      ],
      report.voids,
      { x, y, bottom: BOTTOM, topOfNextPage: MARGIN, size: 7.5 },
    );
    y += 14;
  }

  // every cash movement
  y = section(doc, `Entradas y salidas de efectivo (${report.movements.length})`, y, 60);
  if (report.movements.length === 0) y = note(doc, 'Sin movimientos de efectivo.', y);
  else {
    y = drawTable(
      doc,
      [
        { header: 'Fecha', width: 78, value: (m) => when(m.createdAt) },
        { header: 'Tipo', width: 50, value: (m) => (m.kind === 'entrada' ? 'Entrada' : 'Salida') },
        { header: 'Motivo', width: 110, value: (m) => MOVEMENT_REASON_LABELS[m.reason] ?? m.reason },
        { header: 'Observación', width: WIDTH - 378, value: (m) => m.note },
        { header: 'Usuario', width: 70, value: (m) => m.userName },
        { header: 'Valor', width: 70, align: 'right', value: (m) => money(m.amount) },
      ],
      report.movements,
      { x, y, bottom: BOTTOM, topOfNextPage: MARGIN, size: 7.5 },
    );
    y += 14;
  }

  // signatures
  if (y + (report.auditAnchor ? 135 : 90) > BOTTOM) {
    doc.addPage();
    y = MARGIN;
  }
  // the audit chain's anchor taken by the closing act, above the signatures that sign it
  if (report.auditAnchor) y = drawAuditAnchor(doc, report.auditAnchor, { x, y, width: WIDTH, title: 'Ancla de la auditoría al cierre' });
  y += 50;
  const sigWidth = (WIDTH - 60) / 2;
  rule(doc, x, y, sigWidth, 0.8);
  rule(doc, x + sigWidth + 60, y, sigWidth, 0.8);
  doc.font(BOLD).fontSize(9).text('Firma del cajero', x, y + 4, { width: sigWidth });
  doc.font(FONT).fontSize(8.5).text(session.cashierName, x, doc.y, { width: sigWidth });
  doc.font(BOLD).fontSize(9).text('Firma del coordinador', x + sigWidth + 60, y + 4, { width: sigWidth });
  doc.font(FONT).fontSize(8.5).text(report.approvedBy ?? 'Nombre:', x + sigWidth + 60, doc.y, { width: sigWidth });

  addPageNumbers(doc, `Cierre de caja · turno ${session.id} · ${session.cashierName}`);
  return toBuffer(doc);
}

/** A section title; starts a new page when fewer than `needed` points remain. Returns the y below it. */
function section(doc: Pdf, title: string, y: number, needed: number): number {
  let top = y;
  if (top + needed > BOTTOM) {
    doc.addPage();
    top = MARGIN;
  }
  doc.font(BOLD).fontSize(10).fillColor('black').text(title, MARGIN, top, { width: WIDTH });
  return doc.y + 4;
}

function note(doc: Pdf, text: string, y: number): number {
  doc.font(FONT).fontSize(9).fillColor(GREY).text(text, MARGIN, y, { width: WIDTH });
  doc.fillColor('black');
  return doc.y + 12;
}
