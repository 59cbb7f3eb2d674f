/**
 * The collection report (recaudo diario) as a letter PDF and as a CSV that opens right in Excel in
 * Spanish (semicolons, UTF-8 with BOM, amounts as plain integers of minor units).
 */
import type { AuditAnchorPoint, DocumentFile, RecaudoReport } from '../../../shared/contract';
import { formatDate, formatDateTime } from '../../../shared/dates';
import { formatMoney } from '../../../shared/money';
import { drawAuditAnchor } from './audit-anchor';
import { METHOD_LABELS } from './labels';
import { BOLD, FONT, GREY, LETTER, addPageNumbers, drawLetterhead, drawTable, labelValue, newDocument, toBuffer } from './layout';
import { csvFile, csvText, type CsvCell, type CsvOptions } from './csv';

const MARGIN = 50;
const WIDTH = LETTER[0] - 2 * MARGIN;
const BOTTOM = LETTER[1] - MARGIN;

function periodText(report: RecaudoReport): string {
  const range = report.from === report.to ? `del ${formatDate(report.from)}` : `del ${formatDate(report.from)} al ${formatDate(report.to)}`;
  return `${range} · ${report.officeCode ? `oficina ${report.officeCode}` : 'todas las oficinas'}`;
}

export async function recaudoPdf(report: RecaudoReport, opts: { timeZone?: string; now?: Date; auditAnchor?: AuditAnchorPoint } = {}): Promise<Buffer> {
  const money = (n: number | string) => formatMoney(n, report.currency);
  const doc = newDocument({ size: LETTER, margin: MARGIN, title: `Recaudo ${periodText(report)}` });
  const x = MARGIN;
  let y = drawLetterhead(doc, { company: report.company, officeLines: [report.officeCode ? `Oficina ${report.officeCode}` : 'Todas las oficinas'] }, { x, y: MARGIN, width: WIDTH });
  doc.font(BOLD).fontSize(14).text('INFORME DE RECAUDO', x, y, { width: WIDTH, align: 'center' });
  doc.font(FONT).fontSize(10).text(periodText(report), x, doc.y + 2, { width: WIDTH, align: 'center' });
  doc.fontSize(8).fillColor(GREY).text(`Generado el ${formatDateTime((opts.now ?? new Date()).toISOString(), opts.timeZone)}`, x, doc.y + 2, { width: WIDTH, align: 'center' });
  doc.fillColor('black');
  y = doc.y + 14;

  doc.font(BOLD).fontSize(10).text('Detalle por día, oficina, cajero y forma de pago', x, y);
  y = doc.y + 4;
  if (report.rows.length === 0) {
    doc.font(FONT).fontSize(9).fillColor(GREY).text('No hubo recaudo en el periodo.', x, y);
    doc.fillColor('black');
    y = doc.y + 14;
  } else {
    y = drawTable(
      doc,
      [
        { header: 'Fecha', width: 70, value: (r) => formatDate(r.businessDate) },
        { header: 'Oficina', width: 50, value: (r) => r.officeCode },
        { header: 'Cajero', width: 160, value: (r) => r.cashierName },
        { header: 'Forma de pago', width: 100, value: (r) => METHOD_LABELS[r.method] ?? r.method },
        { header: 'Pagos', width: 42, align: 'right', value: (r) => String(r.count) },
        { header: 'Valor', width: WIDTH - 422, align: 'right', value: (r) => money(r.amount) },
      ],
      report.rows,
      { x, y, bottom: BOTTOM, topOfNextPage: MARGIN, size: 8.5 },
    );
    y += 16;
  }

  if (y + 140 > BOTTOM) {
    doc.addPage();
    y = MARGIN;
  }
  const half = (WIDTH - 30) / 2;
  doc.font(BOLD).fontSize(10).text('Totales por forma de pago', x, y);
  const totalsRows = report.totals.map((t) => ({ label: METHOD_LABELS[t.method] ?? t.method, count: String(t.count), amount: money(t.amount) }));
  totalsRows.push({ label: 'TOTAL RECAUDADO', count: String(report.totals.reduce((s, t) => s + t.count, 0)), amount: money(report.total) });
  const totalsBottom = drawTable(
    doc,
    [
      { header: 'Forma de pago', width: half - 140, value: (r) => r.label },
      { header: 'Pagos', width: 45, align: 'right', value: (r) => r.count },
      { header: 'Valor', width: 95, align: 'right', value: (r) => r.amount },
    ],
    totalsRows,
    { x, y: doc.y + 4, bottom: BOTTOM, topOfNextPage: MARGIN, size: 9 },
  );
  const rx = x + half + 30;
  let ry = labelValue(doc, 'TOTAL RECAUDADO', money(report.total), { x: rx, y, width: half, bold: true, size: 12 }) + 8;
  ry = labelValue(doc, 'Pagos anulados (no suman)', String(report.voidedCount), { x: rx, y: ry, width: half }) + 2;
  ry = labelValue(doc, 'Valor de los pagos anulados', money(report.voidedAmount), { x: rx, y: ry, width: half }) + 2;
  doc.font(FONT).fontSize(8).fillColor(GREY).text('Los pagos anulados se excluyen del recaudo y se muestran aparte.', rx, ry + 4, { width: half });
  doc.fillColor('black');
  if (opts.auditAnchor) {
    let ay = Math.max(doc.y, totalsBottom) + 16;
    if (ay + 50 > BOTTOM) {
      doc.addPage();
      ay = MARGIN;
    }
    drawAuditAnchor(doc, opts.auditAnchor, { x, y: ay, width: WIDTH, title: 'Ancla de la auditoría al generar el informe' });
  }

  addPageNumbers(doc, `Recaudo ${periodText(report)}`);
  return toBuffer(doc);
}

const CSV_HEADER = ['Fecha', 'Oficina', 'Cajero', 'Forma de pago', 'Pagos', 'Valor'];

/**
 * One line per report row: date (YYYY-MM-DD), office, cashier, method (in Spanish), count and amount
 * in minor units as a plain integer. UTF-8 with BOM, ';' and CRLF, as Excel in Spanish expects;
 * written by the one CSV writer (csv.ts: a name that starts like a formula is defused).
 */
function recaudoRows(report: RecaudoReport): CsvCell[][] {
  return report.rows.map((r) => [r.businessDate, r.officeCode, r.cashierName, METHOD_LABELS[r.method] ?? r.method, r.count, r.amount]);
}

const RECAUDO_CSV: CsvOptions = { separator: ';', bom: true, header: CSV_HEADER, numeric: [4, 5] };

export function recaudoCsv(report: RecaudoReport): string {
  return csvText(recaudoRows(report), RECAUDO_CSV);
}

export function recaudoCsvFile(report: RecaudoReport, fileName: string): DocumentFile {
  return csvFile(fileName, recaudoRows(report), RECAUDO_CSV);
}
