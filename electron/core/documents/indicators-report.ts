/**
 * The informe de gestión comercial (issue 19) as a letter-size PDF: per family a section with its
 * figures, a vector bar chart of its headline figure over the 12 months, its breakdown tables and the
 * coordinator's comments; then the signature. Drawn as the monthly PQR report draws (pdfkit vectors).
 * The bytes are kept with the report's number, so a re-print is the same file.
 */
import type { IndicatorFamily, IndicatorFigure, IndicatorKey, IndicatorUnit, IndicatorsSummary, ReportKind } from '../../../shared/contract';
import { formatDate, formatDateTime } from '../../../shared/dates';
import { BREAKDOWN_TITLES_ES, INDICATOR_TEXTS_ES, formatIndicator as figureText } from '../../../shared/indicatorTexts';
import { BOLD, FONT, GREY, LETTER, addPageNumbers, drawLetterhead, drawTable, newDocument, rule, toBuffer, type Letterhead, type Pdf } from './layout';
import { monthName } from './pqr-report';

const MARGIN = 50;
const WIDTH = LETTER[0] - 2 * MARGIN;
const BOTTOM = LETTER[1] - MARGIN;
const BAR = '#1c7ed6';
const SHORT_MONTHS = ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'];

export const FAMILY_TITLES: Record<IndicatorFamily, string> = {
  recaudo: 'Recaudo y facturación',
  cartera: 'Cartera',
  pqr: 'Peticiones, quejas, reclamos y recursos',
  telecobro: 'Telecobro y acuerdos de pago',
  ordenes: 'Órdenes de trabajo',
  caja: 'Caja y caja menor',
};

/** the figure each family's 12-month chart follows */
export const HEADLINE: Record<IndicatorFamily, IndicatorKey> = {
  recaudo: 'recaudo.collected',
  cartera: 'cartera.overdue',
  pqr: 'pqr.received',
  telecobro: 'telecobro.recovered',
  ordenes: 'ordenes.within24hPct',
  caja: 'caja.voidsPerThousand',
};

export interface IndicatorReportData {
  number: string;
  kind: ReportKind;
  period: string;
  summary: IndicatorsSummary;
  /** the 12 monthly summaries of the charts, oldest first */
  series: IndicatorsSummary[];
  comments: Partial<Record<IndicatorFamily, string>>;
  signer: { name: string; title: string };
  issuedAt: string;
  timeZone: string;
}

function ensureRoom(doc: Pdf, y: number, height: number): number {
  if (y + height <= BOTTOM) return y;
  doc.addPage();
  return MARGIN;
}

/** vertical bars, one a month, the value over each bar */
function trendChart(doc: Pdf, points: { month: string; value: number | null }[], unit: IndicatorUnit, y: number): number {
  const height = 90;
  const left = MARGIN + 10;
  const width = WIDTH - 10;
  const max = Math.max(1, ...points.map((p) => p.value ?? 0));
  const slot = width / points.length;
  const base = y + height + 12;
  doc.save().lineWidth(0.5).strokeColor('#888888').moveTo(left, base).lineTo(left + width, base).stroke().restore();
  points.forEach((p, i) => {
    const x = left + i * slot + slot * 0.15;
    const h = ((p.value ?? 0) / max) * height;
    if (h > 0) doc.save().rect(x, base - h, slot * 0.7, h).fill(BAR).restore();
    const short = unit === 'money' && p.value !== null ? `${(p.value / 1_000_000).toLocaleString('es-CO', { maximumFractionDigits: 1 })} M` : figureText(unit === 'money' ? 'count' : unit, p.value);
    doc.font(FONT).fontSize(6).fillColor('black').text(short, x - slot * 0.15, base - h - 9, { width: slot, align: 'center', lineBreak: false });
    const [yy, mm] = p.month.split('-');
    doc.font(FONT).fontSize(6.5).fillColor(GREY).text(`${SHORT_MONTHS[Number(mm) - 1]} ${yy.slice(2)}`, x - slot * 0.15, base + 3, { width: slot, align: 'center', lineBreak: false });
  });
  doc.fillColor('black');
  return base + 16;
}

function section(doc: Pdf, data: IndicatorReportData, family: IndicatorFamily, y: number): number {
  const result = data.summary.families.find((f) => f.family === family);
  if (!result) return y;
  y = ensureRoom(doc, y, 200);
  doc.font(BOLD).fontSize(12).fillColor('black').text(FAMILY_TITLES[family], MARGIN, y, { width: WIDTH });
  y = doc.y + 4;
  y = drawTable<IndicatorFigure>(
    doc,
    [
      { header: 'Indicador', width: WIDTH - 130, value: (f) => INDICATOR_TEXTS_ES[f.key].name },
      { header: 'Valor', width: 130, align: 'right', value: (f) => figureText(f.unit, f.value) },
    ],
    result.figures,
    { x: MARGIN, y, bottom: BOTTOM, topOfNextPage: MARGIN, size: 8.5 },
  );
  const headline = HEADLINE[family];
  const unit = result.figures.find((f) => f.key === headline)?.unit ?? 'count';
  const points = data.series.map((s) => ({ month: s.from.slice(0, 7), value: s.families.find((f) => f.family === family)?.figures.find((f) => f.key === headline)?.value ?? null }));
  y = ensureRoom(doc, y + 10, 140);
  doc.font(BOLD).fontSize(9).text(`${INDICATOR_TEXTS_ES[headline].name}: últimos 12 meses`, MARGIN, y, { width: WIDTH });
  y = trendChart(doc, points, unit, doc.y + 4);
  for (const b of result.breakdowns) {
    if (b.rows.length === 0) continue;
    y = ensureRoom(doc, y + 6, 50);
    const labelWidth = WIDTH - b.columns.length * 100;
    y = drawTable(
      doc,
      [{ header: BREAKDOWN_TITLES_ES[b.key as keyof typeof BREAKDOWN_TITLES_ES] ?? '', width: labelWidth, value: (r: { label: string; values: number[] }) => r.label }, ...b.columns.map((c, i) => ({ header: c.label, width: 100, align: 'right' as const, value: (r: { label: string; values: number[] }) => figureText(c.unit, r.values[i]) }))],
      b.rows,
      { x: MARGIN, y, bottom: BOTTOM, topOfNextPage: MARGIN, size: 8 },
    );
  }
  const comment = data.comments[family]?.trim();
  y = ensureRoom(doc, y + 10, 40);
  doc.font(BOLD).fontSize(9).text('Comentarios de la coordinación', MARGIN, y, { width: WIDTH });
  doc.font(FONT).fontSize(9).fillColor(comment ? 'black' : GREY).text(comment || 'Sin comentarios.', MARGIN, doc.y + 2, { width: WIDTH });
  doc.fillColor('black');
  return doc.y + 18;
}

export async function indicatorReportPdf(data: IndicatorReportData, head: Letterhead): Promise<Buffer> {
  const periodText = data.kind === 'mes' ? monthName(data.period) : `año ${data.period}`;
  const title = `Informe de gestión comercial ${data.number} · ${periodText}`;
  const doc = newDocument({ size: LETTER, margin: MARGIN, title });
  // a fixed creation date: the bytes are kept and re-printed as they are
  doc.info.CreationDate = new Date(data.issuedAt);
  let y = drawLetterhead(doc, head, { x: MARGIN, y: MARGIN, width: WIDTH });
  doc.font(BOLD).fontSize(14).text('INFORME DE GESTIÓN COMERCIAL', MARGIN, y, { width: WIDTH, align: 'center' });
  doc.font(BOLD).fontSize(10).text(`No. ${data.number}`, MARGIN, doc.y + 2, { width: WIDTH, align: 'center' });
  doc
    .font(FONT)
    .fontSize(10)
    .text(`${data.kind === 'mes' ? 'Mensual' : 'Anual'}: ${periodText} (del ${formatDate(data.summary.from)} al ${formatDate(data.summary.to)}) · ${data.summary.officeName}`, MARGIN, doc.y + 2, { width: WIDTH, align: 'center' });
  doc.fontSize(8).fillColor(GREY).text(`Expedido el ${formatDateTime(data.issuedAt, data.timeZone)}`, MARGIN, doc.y + 2, { width: WIDTH, align: 'center' });
  doc.fillColor('black');
  y = doc.y + 14;
  for (const family of data.summary.families.map((f) => f.family)) y = section(doc, data, family, y);
  y = ensureRoom(doc, y + 20, 80);
  rule(doc, MARGIN, y + 30, 220, 0.6);
  doc.font(BOLD).fontSize(9).text(data.signer.name, MARGIN, y + 34, { width: 300 });
  doc.font(FONT).fontSize(8.5).text(data.signer.title, MARGIN, doc.y + 1, { width: 300 });
  doc.fontSize(7.5).fillColor(GREY).text(`Firmado en Ventanilla por ${data.signer.name} el ${formatDateTime(data.issuedAt, data.timeZone)}; informe No. ${data.number}, definiciones de cada indicador en la pantalla Indicadores.`, MARGIN, doc.y + 4, { width: WIDTH });
  doc.fillColor('black');
  addPageNumbers(doc, title);
  return toBuffer(doc);
}
