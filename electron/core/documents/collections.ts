/**
 * The papers of collections (cartera y telecobro), letter size: the portfolio by age, the telecobro
 * report per gestor and campaign, and a gestor's commission liquidation with its signatures; and the
 * CSVs that open in Excel in Spanish (semicolons, UTF-8 with BOM, CRLF, money as plain integers of
 * minor units). A text cell that starts like a formula (= + - @, tab, CR) is written with a leading
 * apostrophe so that a spreadsheet does not run it.
 */
import type { CollectionsReport, HandoffRow, LiquidationDetail, Portfolio } from '../../../shared/contract';
import { AGE_BUCKETS, AGE_BUCKET_LABELS } from '../../../shared/contract';
import { formatDate, formatDateTime } from '../../../shared/dates';
import { formatMoney, type CurrencyCode } from '../../../shared/money';
import type { CsvCell, CsvOptions } from './csv';
import { BOLD, FONT, GREY, LETTER, addPageNumbers, drawLetterhead, drawTable, labelValue, newDocument, rule, toBuffer, type Letterhead, type Pdf } from './layout';

const MARGIN = 40;
const WIDTH = LETTER[0] - 2 * MARGIN;
const BOTTOM = LETTER[1] - MARGIN - 10;
const BAR = '#1c7ed6';

function ensureRoom(doc: Pdf, y: number, height: number): number {
  if (y + height <= BOTTOM) return y;
  doc.addPage();
  return MARGIN;
}

function title(doc: Pdf, head: Letterhead, text: string, subtitle: string, note?: string): number {
  const y = drawLetterhead(doc, head, { x: MARGIN, y: MARGIN, width: WIDTH });
  doc.font(BOLD).fontSize(14).fillColor('black').text(text, MARGIN, y, { width: WIDTH, align: 'center' });
  doc.font(FONT).fontSize(10).text(subtitle, MARGIN, doc.y + 2, { width: WIDTH, align: 'center' });
  if (note) doc.fontSize(8).fillColor(GREY).text(note, MARGIN, doc.y + 2, { width: WIDTH, align: 'center' });
  doc.fillColor('black');
  return doc.y + 12;
}

/** horizontal bars, one per label, scaled to the largest */
function bars(doc: Pdf, items: { label: string; value: number; text: string }[], y: number): number {
  const labelWidth = 120;
  const barWidth = WIDTH - labelWidth - 110;
  const max = Math.max(1, ...items.map((i) => i.value));
  for (const item of items) {
    doc.font(FONT).fontSize(8.5).fillColor('black').text(item.label, MARGIN, y + 1, { width: labelWidth - 6, lineBreak: false, ellipsis: true });
    const w = (item.value / max) * barWidth;
    if (w > 0) doc.save().rect(MARGIN + labelWidth, y, w, 10).fill(BAR).restore();
    doc.font(FONT).fontSize(8).fillColor('black').text(item.text, MARGIN + labelWidth + w + 4, y + 1, { lineBreak: false });
    y += 14;
  }
  return y + 6;
}

export async function portfolioPdf(p: Portfolio, head: Letterhead, currency: CurrencyCode, opts: { timeZone?: string; now?: Date } = {}): Promise<Buffer> {
  const money = (n: number) => formatMoney(n, currency);
  const doc = newDocument({ size: LETTER, margin: MARGIN, title: `Cartera por edades al ${formatDate(p.today)}` });
  let y = title(doc, head, 'CARTERA POR EDADES', `Al ${formatDate(p.today)} · ${DIMENSION_TITLES[p.dimension]}`, `Generado el ${formatDateTime((opts.now ?? new Date()).toISOString(), opts.timeZone)}`);
  y = labelValue(doc, 'Cuentas con deuda', p.accounts.toLocaleString('es-CO'), { x: MARGIN, y, width: 250, bold: true }) + 2;
  y = labelValue(doc, 'Deuda total', money(p.amount), { x: MARGIN, y, width: 250, bold: true }) + 2;
  y = labelValue(doc, 'De ella, vencida', money(p.overdueAmount), { x: MARGIN, y, width: 250 }) + 12;
  doc.font(BOLD).fontSize(10).text('Por edad de la deuda (días desde la factura impaga más antigua ya vencida)', MARGIN, y);
  y = bars(
    doc,
    AGE_BUCKETS.map((b) => ({ label: AGE_BUCKET_LABELS[b], value: p.totals[b].amount, text: `${money(p.totals[b].amount)} · ${p.totals[b].accounts.toLocaleString('es-CO')} cuentas` })),
    doc.y + 6,
  );
  y = ensureRoom(doc, y, 80);
  const bucketWidth = (WIDTH - 110 - 70) / AGE_BUCKETS.length;
  drawTable(
    doc,
    [
      { header: DIMENSION_COLUMN[p.dimension], width: 110, value: (g) => g.label },
      ...AGE_BUCKETS.map((b) => ({ header: AGE_BUCKET_LABELS[b].replace(' días', ''), width: bucketWidth, align: 'right' as const, value: (g: Portfolio['groups'][number]) => `${money(g.buckets[b].amount)}\n${g.buckets[b].accounts}` })),
      { header: 'Total', width: 70, align: 'right', value: (g) => `${money(g.amount)}\n${g.accounts}` },
    ],
    [...p.groups, { key: 'total', label: 'TOTAL', buckets: p.totals, accounts: p.accounts, amount: p.amount }],
    { x: MARGIN, y, bottom: BOTTOM, topOfNextPage: MARGIN, size: 7 },
  );
  addPageNumbers(doc, `Cartera por edades al ${formatDate(p.today)}`);
  return toBuffer(doc);
}

const DIMENSION_TITLES: Record<Portfolio['dimension'], string> = {
  total: 'toda la empresa',
  oficina: 'por oficina (la de su municipio)',
  ciclo: 'por ciclo',
  ruta: 'por ciclo y ruta',
  uso: 'por uso',
  estrato: 'por estrato',
};
const DIMENSION_COLUMN: Record<Portfolio['dimension'], string> = { total: '', oficina: 'Oficina', ciclo: 'Ciclo', ruta: 'Ruta', uso: 'Uso', estrato: 'Estrato' };

/** the collections' spreadsheets: ';' and a BOM, as Excel in Spanish reads them, through the one CSV writer (csv.ts) */
export const COLLECTIONS_CSV: CsvOptions = { separator: ';', bom: true };

/** the rows of the portfolio's spreadsheet (written with COLLECTIONS_CSV) */
export function portfolioCsv(p: Portfolio): CsvCell[][] {
  const header = ['Grupo', ...AGE_BUCKETS.flatMap((b) => [`${AGE_BUCKET_LABELS[b]} (valor)`, `${AGE_BUCKET_LABELS[b]} (cuentas)`]), 'Total (valor)', 'Total (cuentas)'];
  const row = (label: string, buckets: Portfolio['totals'], amount: number, accounts: number) => [
    label,
    ...AGE_BUCKETS.flatMap((b) => [String(buckets[b].amount), String(buckets[b].accounts)]),
    String(amount),
    String(accounts),
  ];
  return [header, ...p.groups.map((g) => row(g.label, g.buckets, g.amount, g.accounts)), row("TOTAL", p.totals, p.amount, p.accounts)];
}

const pct = (n: number | null) => (n === null ? '—' : `${n.toLocaleString('es-CO', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`);

export async function reportPdf(r: CollectionsReport, head: Letterhead, currency: CurrencyCode, opts: { timeZone?: string; now?: Date } = {}): Promise<Buffer> {
  const money = (n: number) => formatMoney(n, currency);
  const range = r.from === r.to ? `del ${formatDate(r.from)}` : `del ${formatDate(r.from)} al ${formatDate(r.to)}`;
  const doc = newDocument({ size: LETTER, margin: MARGIN, title: `Telecobro ${range}` });
  let y = title(doc, head, 'INFORME DE TELECOBRO', `${range} · ${r.officeCode ? `oficina ${r.officeCode}` : 'todas las oficinas'}`, `Generado el ${formatDateTime((opts.now ?? new Date()).toISOString(), opts.timeZone)}`);
  const t = r.totals;
  const figures: [string, string][] = [
    ['Contactos intentados', t.attempted.toLocaleString('es-CO')],
    ['Contactos efectivos', t.effective.toLocaleString('es-CO')],
    ['Tasa de contacto', pct(t.contactRate)],
    ['Compromisos', `${t.commitments} · ${money(t.commitmentsAmount)}`],
    ['Compromisos cumplidos', `${t.commitmentsKept} de ${t.commitmentsDue} (${pct(t.keptRate)})`],
    ['Recuperado', money(t.recovered)],
  ];
  const box = (WIDTH - 5 * 6) / 6;
  figures.forEach(([label, value], i) => {
    const x = MARGIN + i * (box + 6);
    doc.save().lineWidth(0.5).strokeColor('#bbbbbb').rect(x, y, box, 46).stroke().restore();
    doc.font(BOLD).fontSize(10).fillColor('black').text(value, x + 2, y + 8, { width: box - 4, align: 'center' });
    doc.font(FONT).fontSize(7).fillColor(GREY).text(label, x + 2, y + 30, { width: box - 4, align: 'center' });
  });
  doc.fillColor('black');
  y += 58;
  doc.font(BOLD).fontSize(10).text('Por gestor y campaña', MARGIN, y);
  y = drawTable(
    doc,
    [
      { header: 'Gestor', width: 100, value: (x) => x.gestor },
      { header: 'Campaña', width: 100, value: (x) => x.campaignName },
      { header: 'Intentos', width: 42, align: 'right', value: (x) => String(x.attempted) },
      { header: 'Efectivos', width: 45, align: 'right', value: (x) => String(x.effective) },
      { header: 'Tasa', width: 40, align: 'right', value: (x) => pct(x.contactRate) },
      { header: 'Compromisos', width: 75, align: 'right', value: (x) => `${x.commitments}\n${money(x.commitmentsAmount)}` },
      { header: 'Cumplidos', width: 55, align: 'right', value: (x) => `${x.commitmentsKept}/${x.commitmentsDue}\n${pct(x.keptRate)}` },
      { header: 'Recuperado', width: WIDTH - 457, align: 'right', value: (x) => `${money(x.recovered)}\n${x.recoveredPayments} pagos` },
    ],
    r.rows,
    { x: MARGIN, y: doc.y + 4, bottom: BOTTOM, topOfNextPage: MARGIN, size: 7.5 },
  );
  y = ensureRoom(doc, y + 14, 60);
  doc.font(BOLD).fontSize(10).text('Recuperado por día', MARGIN, y);
  y = bars(
    doc,
    r.days.filter((d) => d.recovered > 0 || d.attempted > 0).map((d) => ({ label: formatDate(d.date), value: d.recovered, text: `${money(d.recovered)} · ${d.attempted} intentos, ${d.effective} efectivos` })),
    doc.y + 6,
  );
  y = ensureRoom(doc, y, 60);
  doc.font(BOLD).fontSize(9).text('Definiciones', MARGIN, y);
  doc.font(FONT).fontSize(8).fillColor(GREY);
  for (const line of r.definitions) doc.text(line, MARGIN, doc.y + 2, { width: WIDTH });
  doc.fillColor('black');
  y = ensureRoom(doc, doc.y + 8, 40);
  doc.font(BOLD).fontSize(9).text('Regla de atribución', MARGIN, y);
  doc.font(FONT).fontSize(8).fillColor(GREY).text(r.attributionRule, MARGIN, doc.y + 2, { width: WIDTH });
  doc.fillColor('black');
  addPageNumbers(doc, `Telecobro ${range}`);
  return toBuffer(doc);
}

export function reportCsv(r: CollectionsReport): CsvCell[][] {
  const header = ['Desde', 'Hasta', 'Gestor', 'Campaña', 'Intentos', 'Efectivos', 'Efectivos salientes', 'Tasa de contacto %', 'Compromisos', 'Valor comprometido', 'Compromisos vencidos', 'Cumplidos', 'Cumplidos %', 'Recuperado', 'Pagos atribuidos'];
  const n = (v: number | null) => (v === null ? '' : String(v).replace('.', ','));
  return ([
    header,
    ...r.rows.map((x) => [
      r.from,
      r.to,
      x.gestor,
      x.campaignName,
      String(x.attempted),
      String(x.effective),
      String(x.effectiveOutgoing),
      n(x.contactRate),
      String(x.commitments),
      String(x.commitmentsAmount),
      String(x.commitmentsDue),
      String(x.commitmentsKept),
      n(x.keptRate),
      String(x.recovered),
      String(x.recoveredPayments),
    ]),
  ]);
}

const MONTHS = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];
const bp = (n: number) => `${(n / 100).toLocaleString('es-CO', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} %`;

/**
 * A gestor's liquidation: every attributed payment, the totals by bucket, the goal and the tier, the
 * cap, and the signatures. Drawn only from the stored liquidation (no clock): the same version gives
 * the same paper.
 */
export async function liquidationPdf(l: LiquidationDetail, head: Letterhead, currency: CurrencyCode, opts: { timeZone?: string; attributionRule: string }): Promise<Buffer> {
  const money = (n: number) => formatMoney(n, currency);
  const monthText = `${MONTHS[Number(l.month.slice(5)) - 1]} de ${l.month.slice(0, 4)}`;
  const doc = newDocument({ size: LETTER, margin: MARGIN, title: `Comisiones ${l.gestor} ${monthText}` });
  let y = title(
    doc,
    head,
    'LIQUIDACIÓN DE COMISIONES DE COBRANZA',
    `${l.gestor} · ${monthText} · versión ${l.version}`,
    `Liquidada el ${formatDateTime(l.createdAt, opts.timeZone)} por ${l.createdBy}${l.approvedAt ? ` · aprobada el ${formatDateTime(l.approvedAt, opts.timeZone)} por ${l.approvedBy ?? ''}` : ' · POR APROBAR'}${l.state === 'reemplazada' ? ' · REEMPLAZADA por una versión posterior' : ''}`,
  );
  const half = (WIDTH - 30) / 2;
  let ly = labelValue(doc, 'Recuperado atribuido', money(l.recovered), { x: MARGIN, y, width: half }) + 2;
  ly = labelValue(doc, 'Comisión por edades (base)', money(l.base), { x: MARGIN, y: ly, width: half }) + 2;
  ly = labelValue(doc, 'Meta del mes', l.goal > 0 ? `${money(l.goal)} (${l.goalPercent ?? 0} % alcanzado)` : 'Sin meta', { x: MARGIN, y: ly, width: half }) + 2;
  ly = labelValue(doc, 'Factor del tramo', `${l.factorPercent} %`, { x: MARGIN, y: ly, width: half }) + 2;
  if (l.capApplied) ly = labelValue(doc, 'Tope mensual aplicado', money(l.policy.cap), { x: MARGIN, y: ly, width: half }) + 2;
  ly = labelValue(doc, 'COMISIÓN', money(l.commission), { x: MARGIN, y: ly + 4, width: half, bold: true, size: 12 }) + 4;
  const rx = MARGIN + half + 30;
  doc.font(BOLD).fontSize(9).text('Por edad de la deuda al contactarla', rx, y);
  let ry = drawTable(
    doc,
    [
      { header: 'Edad', width: 80, value: (b) => AGE_BUCKET_LABELS[b.bucket] },
      { header: 'Recuperado', width: 70, align: 'right', value: (b) => money(b.amount) },
      { header: '%', width: 40, align: 'right', value: (b) => bp(b.rateBasisPoints) },
      { header: 'Comisión', width: half - 190, align: 'right', value: (b) => money(b.commission) },
    ],
    l.byBucket,
    { x: rx, y: doc.y + 3, bottom: BOTTOM, topOfNextPage: MARGIN, size: 7.5 },
  );
  ry += 4;
  y = Math.max(ly, ry) + 12;
  doc.font(BOLD).fontSize(10).text(`Pagos atribuidos (${l.items.length})`, MARGIN, y);
  y = drawTable(
    doc,
    [
      { header: 'Fecha', width: 58, value: (i) => formatDate(i.businessDate) },
      { header: 'Recibo', width: 85, value: (i) => i.receipt },
      { header: 'Origen', width: 45, value: (i) => (i.source === 'caja' ? 'Caja' : 'Banco') },
      { header: 'Cuenta', width: 65, value: (i) => i.accountNumber },
      { header: 'Contacto', width: 58, value: (i) => formatDate(i.contactDate) },
      { header: 'Edad', width: 70, value: (i) => AGE_BUCKET_LABELS[i.bucket] },
      { header: 'Valor', width: 65, align: 'right', value: (i) => money(i.amount) },
      { header: '%', width: 34, align: 'right', value: (i) => bp(i.rateBasisPoints) },
      { header: 'Comisión', width: WIDTH - 480, align: 'right', value: (i) => money(i.commission) },
    ],
    l.items,
    { x: MARGIN, y: doc.y + 4, bottom: BOTTOM, topOfNextPage: MARGIN, size: 7.5 },
  );
  y = ensureRoom(doc, y + 12, 150);
  doc.font(FONT).fontSize(7.5).fillColor(GREY);
  doc.text(`Regla de atribución: ${opts.attributionRule}`, MARGIN, y, { width: WIDTH });
  doc.text(
    'Cálculo: cada pago × el porcentaje de su edad, redondeado hacia abajo al peso; la base es la suma; el factor es el del tramo más alto de la meta alcanzada; la comisión es base × factor, redondeada hacia abajo, sin pasar del tope.',
    MARGIN,
    doc.y + 3,
    { width: WIDTH },
  );
  doc.text(`Huella de esta liquidación (SHA-256 de la política y los pagos): ${l.contentHash}`, MARGIN, doc.y + 3, { width: WIDTH });
  doc.fillColor('black');
  y = ensureRoom(doc, doc.y + 40, 70);
  const sign = (x: number, name: string, role: string) => {
    rule(doc, x, y, 150, 0.7);
    doc.font(BOLD).fontSize(8.5).text(name, x, y + 4, { width: 150 });
    doc.font(FONT).fontSize(8).fillColor(GREY).text(role, x, doc.y + 1, { width: 150 });
    doc.fillColor('black');
  };
  const gap = (WIDTH - 3 * 150) / 2;
  sign(MARGIN, l.gestor, 'Gestor de cobro');
  sign(MARGIN + 150 + gap, l.createdBy, 'Liquida (coordinador)');
  sign(MARGIN + 2 * (150 + gap), l.approvedBy ?? '', 'Aprueba');
  addPageNumbers(doc, `Comisiones ${l.gestor} · ${monthText} · versión ${l.version}`);
  return toBuffer(doc);
}

export function fieldCsv(rows: HandoffRow[], timeZone: string): CsvCell[][] {
  const header = ['Cuenta', 'Titular', 'Dirección', 'Para qué', 'Motivo', 'Remitió', 'Fecha'];
  return ([header, ...rows.map((r) => [r.accountNumber, r.holderName, r.address, r.whatLabel, r.reason, r.by, formatDateTime(r.at, timeZone)])]);
}
