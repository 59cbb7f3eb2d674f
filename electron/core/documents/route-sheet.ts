/**
 * The crew's route sheet (hoja de ruta): its assigned orders in route order (cycle, route, sequence),
 * one block each with the order's number as a vector Code 128 (the field scanner reads it back into
 * the results), the account, the address, what to do and by when, and the blanks the crew fills in
 * (time, reading, seal, observations). Letter size, page numbers at the foot.
 */
import type { WorkOrderRow } from '../../../shared/contract';
import { formatDateTime } from '../../../shared/dates';
import { BOLD, FONT, GREY, LETTER, addPageNumbers, drawBarcode, drawLetterhead, newDocument, rule, toBuffer, type Letterhead } from './layout';

export interface RouteSheetData {
  head: Letterhead;
  crew: { code: string; name: string; members: string };
  printedAt: string;
  timeZone: string;
  orders: WorkOrderRow[];
}

const MARGIN = 40;
const BLOCK = 92;

export async function routeSheetPdf(data: RouteSheetData): Promise<Buffer> {
  const doc = newDocument({ size: LETTER, margin: MARGIN, title: `Hoja de ruta ${data.crew.code}` });
  const width = LETTER[0] - 2 * MARGIN;
  const bottom = LETTER[1] - MARGIN - 20;
  let y = drawLetterhead(doc, data.head, { x: MARGIN, y: MARGIN, width });
  doc.font(BOLD).fontSize(13).fillColor('black').text(`HOJA DE RUTA — Cuadrilla ${data.crew.code} ${data.crew.name}`, MARGIN, y, { width });
  doc.font(FONT).fontSize(9).fillColor(GREY).text(`${data.orders.length} ${data.orders.length === 1 ? 'orden asignada' : 'órdenes asignadas'} en orden de ruta · impresa el ${formatDateTime(data.printedAt, data.timeZone)}${data.crew.members ? ` · ${data.crew.members}` : ''}`, MARGIN, doc.y + 2, { width });
  y = doc.y + 10;
  if (data.orders.length === 0) doc.font(FONT).fontSize(11).fillColor('black').text('La cuadrilla no tiene órdenes asignadas.', MARGIN, y, { width });
  data.orders.forEach((o, i) => {
    if (y + BLOCK > bottom) {
      doc.addPage();
      y = MARGIN;
    }
    rule(doc, MARGIN, y, width, 0.6);
    const top = y + 6;
    doc.font(BOLD).fontSize(11).fillColor('black').text(`${i + 1}. ${o.number} · ${o.typeLabel.toUpperCase()}${o.priority === 'alta' ? ' · PRIORIDAD ALTA' : ''}`, MARGIN, top, { width: width - 190 });
    doc.font(FONT).fontSize(9).text(`Cuenta ${o.accountNumber} · ${o.holderName}`, MARGIN, doc.y + 1, { width: width - 190 });
    doc.text(`${o.address} · ciclo ${o.cycle}, ruta ${o.route}, secuencia ${o.routeSequence}`, MARGIN, doc.y, { width: width - 190 });
    doc.fillColor(o.late ? '#b00000' : 'black').text(`Vence: ${formatDateTime(o.dueAt, data.timeZone)}${o.late ? ' (VENCIDA)' : ''} · ${o.originRef}`, MARGIN, doc.y, { width: width - 190 });
    doc.fillColor(GREY).fontSize(8.5).text('Hora: ________  Lectura: __________  Sello: __________  Resultado: ejecutada / fallida (causa: ______________)', MARGIN, doc.y + 4, { width });
    drawBarcode(doc, o.number, { x: MARGIN + width - 180, y: top, width: 180, height: 34, kind: 'code128' });
    doc.font(FONT).fontSize(8).fillColor('black').text(o.number, MARGIN + width - 180, top + 37, { width: 180, align: 'center' });
    y = Math.max(doc.y + 8, top + BLOCK - 6);
  });
  addPageNumbers(doc, `Hoja de ruta ${data.crew.code}`);
  return toBuffer(doc);
}
