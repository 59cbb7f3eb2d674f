/**
 * The acta of a payment agreement (acuerdo de pago) and its coupons. Pure: data → PDF bytes.
 * - The acta: the letterhead, the number AP-AAAA-000001 with its Code 128, the account and its
 *   holder, who signs (an owner who is not the holder signs as co-obligated; a tenant with the
 *   subscriber's written authorisation), the debt by invoice, the down payment, the schedule, the
 *   clauses (the administrator's letter template, filled) and the signature lines.
 * - The coupons: the down payment and each installment, each with its own GS1-128 (GLN, the coupon's
 *   payment reference, the amount, the due date) that the counter scans like an invoice's.
 */
import { paragraphsOf } from '../../../shared/letterTemplates';
import { paymentBarcodeText, type PaymentBarcode } from '../../../shared/gs1';
import { formatMoney, type CurrencyCode } from '../../../shared/money';
import { formatDate } from '../../../shared/dates';
import { gs1Barcode } from './invoice';
import { longDate } from './labels';
import { BOLD, FONT, GREY, LETTER, drawBarcode, drawLetterhead, drawTable, newDocument, rule, toBuffer, type Letterhead, type Pdf } from './layout';

const MARGIN = 56;
const WIDTH = LETTER[0] - 2 * MARGIN;
const BOTTOM = LETTER[1] - MARGIN;

export interface AgreementPaper {
  head: Letterhead;
  city: string;
  currency: CurrencyCode;
  gln: string;
  number: string;
  date: string;
  account: { number: string; holderName: string; address: string };
  signer: { name: string; idNumber: string; relation: 'titular' | 'propietario' | 'arrendatario'; authorisation: string };
  debts: { label: string; dueDate: string; amount: number }[];
  debtTotal: number;
  downPayment: number;
  downPaymentDeadline: string;
  financed: number;
  /** "18 %" */
  rateText: string;
  lines: { number: number; dueDate: string; principal: number; interest: number; total: number }[];
  totalInterest: number;
  /** the filled clauses (the letter template's body) */
  clauses: string;
  reclamoConsent: string;
  /** who signs for the company */
  companySigner: { name: string; title: string };
  /** the coupons: down payment (when still owed) and installments, with their payment references */
  coupons: { title: string; reference: string; amount: number; dueDate: string }[];
}

function relationText(s: AgreementPaper['signer'], holder: string): string {
  if (s.relation === 'titular') return 'en calidad de titular de la cuenta';
  if (s.relation === 'propietario') return `propietario(a) del inmueble, quien firma como codeudor(a) solidario(a) de la cuenta de ${holder}`;
  return `arrendatario(a), con la autorización escrita del suscriptor: ${s.authorisation}`;
}

function ensureRoom(doc: Pdf, needed: number): void {
  if (doc.y + needed > BOTTOM) {
    doc.addPage();
    doc.y = MARGIN;
  }
}

function drawActa(doc: Pdf, a: AgreementPaper): void {
  const money = (n: number) => formatMoney(n, a.currency);
  const top = drawLetterhead(doc, a.head, { x: MARGIN, y: MARGIN - 24, width: WIDTH });
  doc.font(BOLD).fontSize(13).fillColor('black').text('ACTA DE ACUERDO DE PAGO', MARGIN, top, { width: WIDTH - 200 });
  doc.font(FONT).fontSize(10).text(`${a.city}, ${longDate(a.date)}`, MARGIN, doc.y + 2, { width: WIDTH - 200 });
  doc.font(BOLD).fontSize(11).text(`No. ${a.number}`, MARGIN + WIDTH - 200, top, { width: 200, align: 'right' });
  drawBarcode(doc, a.number, { x: MARGIN + WIDTH - 170, y: top + 16, width: 170, height: 24, kind: 'code128' });
  doc.y = top + 52;

  doc.font(FONT).fontSize(10).text(
    `Cuenta ${a.account.number}, titular ${a.account.holderName}, predio ${a.account.address}. Firma ${a.signer.name}, identificado(a) con ${a.signer.idNumber}, ${relationText(a.signer, a.account.holderName)}.`,
    MARGIN,
    doc.y,
    { width: WIDTH, align: 'justify' },
  );
  doc.y += 8;
  doc.font(BOLD).fontSize(10).text('Deuda incluida en el acuerdo', MARGIN, doc.y);
  doc.y += 2;
  let y = drawTable(
    doc,
    [
      { header: 'Factura o cobro', width: 300, value: (d: AgreementPaper['debts'][number]) => d.label },
      { header: 'Vencimiento', width: 100, value: (d) => formatDate(d.dueDate) },
      { header: 'Valor', width: WIDTH - 400, align: 'right', value: (d) => money(d.amount) },
    ],
    a.debts,
    { x: MARGIN, y: doc.y, bottom: BOTTOM, topOfNextPage: MARGIN },
  );
  doc.font(BOLD).fontSize(9).text(`Total deuda: ${money(a.debtTotal)}`, MARGIN, y + 4, { width: WIDTH, align: 'right' });
  doc.font(FONT).fontSize(10).text(
    `Cuota inicial: ${money(a.downPayment)}, a pagar a más tardar el ${formatDate(a.downPaymentDeadline)}. Saldo financiado: ${money(a.financed)} en ${a.lines.length} cuotas mensuales, tasa de financiación ${a.rateText} efectiva anual; intereses del acuerdo: ${money(a.totalInterest)}.`,
    MARGIN,
    doc.y + 6,
    { width: WIDTH, align: 'justify' },
  );
  if (a.reclamoConsent) doc.text(`Consentimiento expreso para incluir facturas en reclamo: ${a.reclamoConsent}`, MARGIN, doc.y + 4, { width: WIDTH });
  doc.y += 8;
  ensureRoom(doc, 60);
  doc.font(BOLD).fontSize(10).text('Plan de pagos', MARGIN, doc.y);
  doc.y += 2;
  y = drawTable(
    doc,
    [
      { header: 'Cuota', width: 50, align: 'center', value: (l: AgreementPaper['lines'][number]) => String(l.number) },
      { header: 'Vence', width: 100, value: (l) => formatDate(l.dueDate) },
      { header: 'Capital', width: 110, align: 'right', value: (l) => money(l.principal) },
      { header: 'Interés', width: 110, align: 'right', value: (l) => money(l.interest) },
      { header: 'Valor cuota', width: WIDTH - 370, align: 'right', value: (l) => money(l.total) },
    ],
    a.lines,
    { x: MARGIN, y: doc.y, bottom: BOTTOM, topOfNextPage: MARGIN },
  );
  doc.y = y + 10;
  for (const p of paragraphsOf(a.clauses)) {
    ensureRoom(doc, 30);
    doc.font(FONT).fontSize(9.5).fillColor('black').text(p, MARGIN, doc.y, { width: WIDTH, align: 'justify', lineGap: 1 });
    doc.y += 6;
  }
  ensureRoom(doc, 90);
  const lineY = doc.y + 46;
  const signature = (name: string, caption: string[], x: number) => {
    rule(doc, x, lineY, 220, 0.8);
    doc.font(BOLD).fontSize(9.5).fillColor('black').text(name || ' ', x, lineY + 5, { width: 230 });
    doc.font(FONT).fontSize(8.5);
    for (const c of caption) doc.text(c, x, doc.y, { width: 230 });
  };
  signature(a.signer.name, [`C.C. ${a.signer.idNumber}`, a.signer.relation === 'propietario' ? 'Codeudor(a) solidario(a)' : a.signer.relation === 'arrendatario' ? 'Arrendatario(a)' : 'Titular'], MARGIN);
  signature(a.companySigner.name, [a.companySigner.title, a.head.company.name], MARGIN + WIDTH / 2 + 10);
}

/** one coupon: the title, the account, the amount and due date, and its GS1-128 */
function drawCoupon(doc: Pdf, a: AgreementPaper, c: AgreementPaper['coupons'][number], top: number): void {
  const height = 150;
  doc.save().lineWidth(0.6).dash(4, { space: 3 }).rect(MARGIN, top, WIDTH, height).stroke().undash().restore();
  doc.font(BOLD).fontSize(10).fillColor('black').text(`${a.head.company.name} — ${c.title}`, MARGIN + 10, top + 8, { width: WIDTH - 20 });
  doc.font(FONT).fontSize(9).text(`Cuenta ${a.account.number} · ${a.account.holderName} · Acuerdo ${a.number}`, MARGIN + 10, doc.y + 2, { width: WIDTH - 20 });
  doc.font(BOLD).fontSize(11).text(`Valor: ${formatMoney(c.amount, a.currency)}    Páguese hasta: ${formatDate(c.dueDate)}`, MARGIN + 10, doc.y + 4, { width: WIDTH - 20 });
  const code: PaymentBarcode = { gln: a.gln, reference: c.reference, amount: c.amount, dueDate: c.dueDate };
  const text = paymentBarcodeText(code);
  const bars = gs1Barcode(text);
  const barTop = top + 62;
  const barWidth = WIDTH - 60;
  if (bars) {
    const unit = barWidth / bars.modules;
    doc.save().fillColor('black');
    for (const bar of bars.bars) doc.rect(MARGIN + 30 + bar.x * unit, barTop, bar.width * unit, 56);
    doc.fill().restore();
  }
  doc.font(FONT).fontSize(8).fillColor(GREY).text(text, MARGIN, barTop + 60, { width: WIDTH, align: 'center' });
  doc.fillColor('black');
}

export async function agreementActaPdf(a: AgreementPaper): Promise<Buffer> {
  const doc = newDocument({ size: LETTER, margin: MARGIN, title: `Acta de acuerdo de pago ${a.number}` });
  drawActa(doc, a);
  // the coupons, three to a page
  a.coupons.forEach((c, i) => {
    if (i % 3 === 0) doc.addPage();
    drawCoupon(doc, a, c, MARGIN + (i % 3) * 220);
  });
  return toBuffer(doc);
}
