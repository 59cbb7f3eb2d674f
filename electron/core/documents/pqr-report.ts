/**
 * The monthly PQR report as a letter-size PDF: the figures, a bar chart of what was received and
 * answered each day (vector bars), bars by type, the tables by type and by SUI causal, and
 * "Página n de m" at the foot.
 */
import type { PqrMonthlyReport } from '../../../shared/contract';
import { formatDate, formatDateTime } from '../../../shared/dates';
import { BOLD, FONT, GREY, LETTER, addPageNumbers, drawLetterhead, drawTable, newDocument, toBuffer, type Letterhead, type Pdf } from './layout';

const MARGIN = 50;
const WIDTH = LETTER[0] - 2 * MARGIN;
const BOTTOM = LETTER[1] - MARGIN;
const RECEIVED_COLOR = '#1c7ed6';
const ANSWERED_COLOR = '#37b24d';
const MONTHS = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];

/** "marzo de 2026" */
export function monthName(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return `${MONTHS[m - 1]} de ${year}`;
}

/** a new page when `height` does not fit below `y` on a letter page of 50 pt margins (the survey report uses it too) */
export function ensureRoom(doc: Pdf, y: number, height: number): number {
  if (y + height <= BOTTOM) return y;
  doc.addPage();
  return MARGIN;
}

export function heading(doc: Pdf, text: string, y: number): number {
  doc.font(BOLD).fontSize(11).fillColor('black').text(text, MARGIN, y, { width: WIDTH });
  return doc.y + 6;
}

/** the figures in boxes of a row */
function figures(doc: Pdf, report: PqrMonthlyReport, y: number): number {
  const items: [string, string][] = [
    ['Recibidas', String(report.received)],
    ['Respondidas a tiempo', String(report.answeredOnTime)],
    ['Respondidas tarde', String(report.answeredLate)],
    ['Pendientes', String(report.pending)],
    ['Pendientes vencidas', String(report.pendingOverdue)],
    ['Días hábiles promedio de respuesta', report.averageBusinessDaysToAnswer === null ? '—' : report.averageBusinessDaysToAnswer.toLocaleString('es-CO')],
  ];
  const gap = 6;
  const box = (WIDTH - gap * (items.length - 1)) / items.length;
  items.forEach(([label, value], i) => {
    const x = MARGIN + i * (box + gap);
    doc.save().lineWidth(0.5).strokeColor('#bbbbbb').rect(x, y, box, 52).stroke().restore();
    doc.font(BOLD).fontSize(16).fillColor('black').text(value, x, y + 8, { width: box, align: 'center' });
    doc.font(FONT).fontSize(7).fillColor(GREY).text(label, x + 3, y + 30, { width: box - 6, align: 'center' });
  });
  doc.fillColor('black');
  return y + 62;
}

/** received and answered per day: two thin bars a day, with the scale on the left */
function dailyChart(doc: Pdf, report: PqrMonthlyReport, y: number): number {
  const height = 120;
  const left = MARGIN + 24;
  const width = WIDTH - 24;
  const max = Math.max(1, ...report.days.map((d) => Math.max(d.received, d.answered)));
  const slot = width / report.days.length;
  const bar = Math.max(1, (slot - 2) / 2);
  const base = y + height;
  doc.save().lineWidth(0.5).strokeColor('#888888').moveTo(left, y).lineTo(left, base).lineTo(left + width, base).stroke().restore();
  doc.font(FONT).fontSize(7).fillColor(GREY);
  doc.text(String(max), MARGIN, y - 3, { width: 20, align: 'right' });
  doc.text('0', MARGIN, base - 4, { width: 20, align: 'right' });
  report.days.forEach((d, i) => {
    const x = left + i * slot + 1;
    const hr = (d.received / max) * height;
    const ha = (d.answered / max) * height;
    if (hr > 0) doc.save().rect(x, base - hr, bar, hr).fill(RECEIVED_COLOR).restore();
    if (ha > 0) doc.save().rect(x + bar, base - ha, bar, ha).fill(ANSWERED_COLOR).restore();
    const day = Number(d.date.slice(8));
    if (day === 1 || day % 5 === 0) doc.font(FONT).fontSize(6.5).fillColor(GREY).text(String(day), x - 4, base + 3, { width: slot + 8, align: 'center', lineBreak: false });
  });
  const legendY = base + 14;
  doc.save().rect(left, legendY, 8, 8).fill(RECEIVED_COLOR).restore();
  doc.font(FONT).fontSize(8).fillColor('black').text('Recibidas', left + 12, legendY, { lineBreak: false });
  doc.save().rect(left + 80, legendY, 8, 8).fill(ANSWERED_COLOR).restore();
  doc.text('Respondidas', left + 92, legendY, { lineBreak: false });
  return legendY + 18;
}

/** one horizontal bar per type: received */
function typeBars(doc: Pdf, report: PqrMonthlyReport, y: number): number {
  const labelWidth = 170;
  const barWidth = WIDTH - labelWidth - 40;
  const max = Math.max(1, ...report.byType.map((t) => t.received));
  for (const t of report.byType) {
    doc.font(FONT).fontSize(8).fillColor('black').text(t.name, MARGIN, y + 1, { width: labelWidth - 6, lineBreak: false, ellipsis: true });
    const w = (t.received / max) * barWidth;
    if (w > 0) doc.save().rect(MARGIN + labelWidth, y, w, 10).fill(RECEIVED_COLOR).restore();
    doc.font(FONT).fontSize(8).fillColor('black').text(String(t.received), MARGIN + labelWidth + w + 4, y + 1, { lineBreak: false });
    y += 14;
  }
  return y + 6;
}

export async function pqrMonthlyPdf(report: PqrMonthlyReport, head: Letterhead, opts: { timeZone?: string; now?: Date } = {}): Promise<Buffer> {
  const title = `Informe mensual de PQR · ${monthName(report.month)}`;
  const doc = newDocument({ size: LETTER, margin: MARGIN, title });
  let y = drawLetterhead(doc, head, { x: MARGIN, y: MARGIN, width: WIDTH });
  doc.font(BOLD).fontSize(14).text('INFORME MENSUAL DE PQR', MARGIN, y, { width: WIDTH, align: 'center' });
  doc.font(FONT).fontSize(10).text(`${monthName(report.month)} (del ${formatDate(report.from)} al ${formatDate(report.to)}) · ${report.officeName}`, MARGIN, doc.y + 2, { width: WIDTH, align: 'center' });
  doc.fontSize(8).fillColor(GREY).text(`Generado el ${formatDateTime((opts.now ?? new Date()).toISOString(), opts.timeZone)}`, MARGIN, doc.y + 2, { width: WIDTH, align: 'center' });
  doc.fillColor('black');
  y = figures(doc, report, doc.y + 12);
  doc.font(FONT).fontSize(7.5).fillColor(GREY).text(
    'A tiempo: respuesta aprobada en o antes de la fecha de vencimiento vigente. Pendientes: sin respuesta aprobada al cierre del mes. Días hábiles contados desde la radicación hasta la respuesta, con el calendario de la oficina.',
    MARGIN,
    y,
    { width: WIDTH },
  );
  doc.fillColor('black');
  y = heading(doc, 'Recibidas y respondidas por día', doc.y + 12);
  y = dailyChart(doc, report, y + 4);

  y = ensureRoom(doc, y + 6, 40 + report.byType.length * 14);
  y = heading(doc, 'Recibidas por tipo', y);
  y = typeBars(doc, report, y);

  y = ensureRoom(doc, y, 60);
  y = heading(doc, 'Por tipo de trámite', y);
  if (report.byType.length === 0) {
    doc.font(FONT).fontSize(9).fillColor(GREY).text('No hubo PQR en el mes.', MARGIN, y);
    doc.fillColor('black');
    y = doc.y + 12;
  } else {
    y = drawTable(
      doc,
      [
        { header: 'Tipo', width: WIDTH - 240, value: (r) => r.name },
        { header: 'Recibidas', width: 80, align: 'right', value: (r) => String(r.received) },
        { header: 'Respondidas', width: 80, align: 'right', value: (r) => String(r.answered) },
        { header: 'Pendientes', width: 80, align: 'right', value: (r) => String(r.pending) },
      ],
      report.byType,
      { x: MARGIN, y, bottom: BOTTOM, topOfNextPage: MARGIN, size: 8.5 },
    );
    y += 14;
  }

  y = ensureRoom(doc, y, 60);
  y = heading(doc, 'Recibidas por causal SUI', y);
  if (report.byCausal.length === 0) {
    doc.font(FONT).fontSize(9).fillColor(GREY).text('Ninguna PQR del mes tiene causal SUI.', MARGIN, y);
    doc.fillColor('black');
  } else {
    drawTable(
      doc,
      [
        { header: 'Grupo', width: 45, value: (r) => (r.group === 'F' ? 'F' : 'P') },
        { header: 'Código', width: 50, value: (r) => r.code },
        { header: 'Causal', width: WIDTH - 175, value: (r) => r.name },
        { header: 'Recibidas', width: 80, align: 'right', value: (r) => String(r.received) },
      ],
      report.byCausal,
      { x: MARGIN, y, bottom: BOTTOM, topOfNextPage: MARGIN, size: 8.5 },
    );
  }
  addPageNumbers(doc, title);
  return toBuffer(doc);
}
