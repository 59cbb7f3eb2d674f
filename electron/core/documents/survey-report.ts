/**
 * The report of a satisfaction survey (issue 19) as a letter-size PDF: the company's figures (answers,
 * NPS, NSU, CSAT, response rate, the sample and the margin of error planned and achieved), the tables
 * by office and by estrato, and per breakdown a vector chart of NPS, NSU and CSAT (horizontal bars:
 * NSU and CSAT on 0–100, NPS on -100…100 around its zero). Numbered, signed by who issued it; the
 * bytes are kept, so a re-print is the same file. Drawn as the informe de gestión is (pdfkit vectors).
 */
import type { IndicatorSet, Survey, SurveyReport } from '../../../shared/contract';
import { SURVEY_USE_LABELS } from '../../../shared/contract';
import { formatDateTime } from '../../../shared/dates';
import { BOLD, FONT, GREY, LETTER, addPageNumbers, drawLetterhead, drawTable, newDocument, rule, toBuffer, type Letterhead, type Pdf } from './layout';
import { ensureRoom, heading } from './pqr-report';

const MARGIN = 50;
const WIDTH = LETTER[0] - 2 * MARGIN;
const BOTTOM = LETTER[1] - MARGIN;
const COLORS = { nps: '#1c7ed6', nsu: '#37b24d', csat: '#f59f00' } as const;
const NAMES = { nps: 'NPS', nsu: 'NSU', csat: 'CSAT' } as const;

export interface SurveyReportData {
  number: string;
  survey: Survey;
  report: SurveyReport;
  /** 'Todas las oficinas' or the office's name */
  scopeName: string;
  signer: { name: string; title: string };
  issuedAt: string;
  timeZone: string;
}

/** 42.9 → "42,9"; null → "—" */
export function figure(value: number | null, suffix = ''): string {
  return value === null ? '—' : `${value.toLocaleString('es-CO', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}${suffix}`;
}

/** basis points → "17,2 %" */
export function percentOfBp(bp: number | null): string {
  return bp === null ? '—' : `${(bp / 100).toLocaleString('es-CO', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
}

interface Group extends IndicatorSet {
  label: string;
}

function indicatorTable(doc: Pdf, first: string, groups: Group[], y: number): number {
  return drawTable<Group>(
    doc,
    [
      { header: first, width: WIDTH - 4 * 80, value: (g) => g.label },
      { header: 'Respuestas', width: 80, align: 'right', value: (g) => g.responses.toLocaleString('es-CO') },
      { header: 'NPS', width: 80, align: 'right', value: (g) => figure(g.nps) },
      { header: 'NSU', width: 80, align: 'right', value: (g) => figure(g.nsu) },
      { header: 'CSAT', width: 80, align: 'right', value: (g) => figure(g.csat, ' %') },
    ],
    groups,
    { x: MARGIN, y, bottom: BOTTOM, topOfNextPage: MARGIN, size: 8.5 },
  );
}

/**
 * One row per group, three thin bars each (NPS, NSU, CSAT) with the value at the bar's end. The
 * scale runs from -100 to 100 with its zero marked, so that a negative NPS goes left of zero.
 */
function barsChart(doc: Pdf, groups: Group[], y: number): number {
  const labelWidth = 130;
  const left = MARGIN + labelWidth;
  const width = WIDTH - labelWidth - 40;
  const zero = left + width / 2;
  const scale = width / 200;
  const bar = 6;
  const rowHeight = 3 * bar + 10;
  // legend
  let lx = MARGIN;
  for (const key of ['nps', 'nsu', 'csat'] as const) {
    doc.save().rect(lx, y + 1, 8, 8).fill(COLORS[key]).restore();
    doc.font(FONT).fontSize(8).fillColor('black').text(NAMES[key], lx + 11, y, { lineBreak: false });
    lx += 60;
  }
  doc.font(FONT).fontSize(7).fillColor(GREY).text('escala de -100 a 100 (NSU y CSAT de 0 a 100)', lx, y + 1, { lineBreak: false });
  y += 16;
  const top = y;
  for (const g of groups) {
    doc.font(FONT).fontSize(8).fillColor('black').text(g.label, MARGIN, y + bar, { width: labelWidth - 6, lineBreak: false, ellipsis: true });
    (['nps', 'nsu', 'csat'] as const).forEach((key, i) => {
      const value = g[key];
      const by = y + i * bar;
      if (value === null) {
        doc.font(FONT).fontSize(6).fillColor(GREY).text('sin respuestas', zero + 3, by, { lineBreak: false });
        return;
      }
      const w = Math.abs(value) * scale;
      const x = value >= 0 ? zero : zero - w;
      if (w > 0) doc.save().rect(x, by, w, bar - 1).fill(COLORS[key]).restore();
      const text = figure(value);
      doc.font(FONT).fontSize(6).fillColor('black');
      const tw = doc.widthOfString(text);
      doc.text(text, value >= 0 ? zero + w + 2 : zero - w - tw - 2, by - 0.5, { lineBreak: false });
    });
    y += rowHeight;
  }
  // the axis: zero, -100 and 100
  doc.save().lineWidth(0.6).strokeColor('#666666').moveTo(zero, top - 2).lineTo(zero, y - 4).stroke().restore();
  doc.save().lineWidth(0.3).strokeColor('#bbbbbb').moveTo(left, y - 4).lineTo(left + width, y - 4).stroke().restore();
  doc.font(FONT).fontSize(6.5).fillColor(GREY);
  doc.text('-100', left - 8, y - 2, { lineBreak: false });
  doc.text('0', zero - 2, y - 2, { lineBreak: false });
  doc.text('100', left + width - 6, y - 2, { lineBreak: false });
  doc.fillColor('black');
  return y + 12;
}

export async function surveyReportPdf(data: SurveyReportData, head: Letterhead): Promise<Buffer> {
  const { report, survey } = data;
  const title = `Informe de encuesta ${data.number} · ${survey.name}`;
  const doc = newDocument({ size: LETTER, margin: MARGIN, title });
  // a fixed creation date: the bytes are kept and re-printed as they are
  doc.info.CreationDate = new Date(data.issuedAt);
  let y = drawLetterhead(doc, head, { x: MARGIN, y: MARGIN, width: WIDTH });
  doc.font(BOLD).fontSize(14).text('INFORME DE ENCUESTA DE SATISFACCIÓN', MARGIN, y, { width: WIDTH, align: 'center' });
  doc.font(BOLD).fontSize(10).text(`No. ${data.number}`, MARGIN, doc.y + 2, { width: WIDTH, align: 'center' });
  doc.font(FONT).fontSize(10).text(`${survey.name} · ${SURVEY_USE_LABELS[survey.use]} · ${data.scopeName}`, MARGIN, doc.y + 2, { width: WIDTH, align: 'center' });
  doc.fontSize(8).fillColor(GREY).text(`Expedido el ${formatDateTime(data.issuedAt, data.timeZone)}`, MARGIN, doc.y + 2, { width: WIDTH, align: 'center' });
  doc.fillColor('black');
  y = heading(doc, 'Resultados', doc.y + 14);
  const lines: [string, string][] = [
    ['Respuestas recibidas', report.responses.toLocaleString('es-CO')],
    ['NPS (promotores - detractores, de -100 a 100)', figure(report.nps)],
    ['NSU (satisfacción media, de 0 a 100)', figure(report.nsu)],
    ['CSAT (% de usuarios satisfechos)', figure(report.csat, ' %')],
    ['Muestra sacada', report.sampleSize.toLocaleString('es-CO')],
    ['Tasa de respuesta (de la muestra)', figure(report.responseRate, ' %')],
  ];
  if (report.population !== null) lines.push(['Población (cuentas activas al sacar la muestra)', report.population.toLocaleString('es-CO')]);
  if (report.plannedMarginBp !== null) lines.push([`Margen de error planeado (confianza del ${report.confidence} %)`, percentOfBp(report.plannedMarginBp)]);
  if (report.achievedMarginBp !== null) lines.push([`Margen de error logrado con las respuestas de la muestra (confianza del ${report.confidence} %)`, percentOfBp(report.achievedMarginBp)]);
  y = drawTable<[string, string]>(
    doc,
    [
      { header: 'Indicador', width: WIDTH - 120, value: (r) => r[0] },
      { header: 'Valor', width: 120, align: 'right', value: (r) => r[1] },
    ],
    lines,
    { x: MARGIN, y, bottom: BOTTOM, topOfNextPage: MARGIN, size: 9 },
  );
  const offices: Group[] = report.byOffice.map((o) => ({ ...o, label: o.officeName }));
  const estratos: Group[] = report.byEstrato.map((e) => ({ ...e, label: e.estrato === null ? 'Sin estrato (no residencial)' : `Estrato ${e.estrato}` }));
  for (const [name, first, groups] of [
    ['Por oficina', 'Oficina', offices],
    ['Por estrato', 'Estrato', estratos],
  ] as const) {
    y = ensureRoom(doc, y + 16, 60 + groups.length * 40);
    y = heading(doc, name, y);
    if (groups.length === 0) {
      doc.font(FONT).fontSize(9).fillColor(GREY).text('Sin respuestas.', MARGIN, y, { width: WIDTH });
      doc.fillColor('black');
      y = doc.y + 4;
      continue;
    }
    y = indicatorTable(doc, first, groups, y);
    y = ensureRoom(doc, y + 10, 30 + groups.length * 28);
    y = barsChart(doc, groups, y);
  }
  y = ensureRoom(doc, y + 10, 100);
  doc
    .font(FONT)
    .fontSize(7.5)
    .fillColor(GREY)
    .text(
      'NPS: % de promotores (9 y 10) menos % de detractores (0 a 6) en la pregunta de recomendación. NSU: la satisfacción media de 0 a 10 llevada a 0–100. CSAT: % de satisfechos (sí, o 7 o más de 10). ' +
        'Margen de error: proporción en el peor caso (p = 0,5) con la corrección por población finita (Cochran, Sampling Techniques, 1977, §4.4).',
      MARGIN,
      y,
      { width: WIDTH },
    );
  doc.fillColor('black');
  y = doc.y + 10;
  rule(doc, MARGIN, y + 30, 220, 0.6);
  doc.font(BOLD).fontSize(9).text(data.signer.name, MARGIN, y + 34, { width: 300 });
  doc.font(FONT).fontSize(8.5).text(data.signer.title, MARGIN, doc.y + 1, { width: 300 });
  addPageNumbers(doc, title);
  return toBuffer(doc);
}
