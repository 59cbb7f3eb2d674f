/**
 * The paz y salvo certificate, letter size: the company certifies that an account had no debt on a
 * date; valid until a date; with a verification code (text and QR) anyone can check later.
 */
import type { PazYSalvoCertificate } from '../../../shared/contract';
import { formatDate, formatDateTime } from '../../../shared/dates';
import { ID_TYPE_LABELS, longDate } from './labels';
import { BOLD, FONT, GREY, LETTER, drawBarcode, drawLetterhead, newDocument, rule, toBuffer } from './layout';

const MARGIN = 72;

/** 'K7QM3XRT9P' (or already grouped) → 'K7QM-3XRT-9P', how the code is printed and read aloud */
export function groupVerificationCode(code: string): string {
  return code.replace(/-/g, '').replace(/(.{4})(?=.)/g, '$1-');
}

/** Where a citizen verifies a certificate (Ajustes): a web address and a phone line, '' when there is none. */
export interface PazYSalvoVerification {
  url: string;
  phone: string;
}

/** The address the QR carries: the company's verification page with the code, or the code alone without one. */
export function verificationTarget(code: string, verify: PazYSalvoVerification): string {
  const url = verify.url.trim();
  if (!url) return code;
  if (url.includes('{codigo}')) return url.split('{codigo}').join(encodeURIComponent(code));
  return `${url}${url.includes('?') ? '&' : '?'}codigo=${encodeURIComponent(code)}`;
}

/** What the certificate tells the citizen: where and how to verify it, never an internal screen. */
export function verificationText(companyName: string, code: string, verify: PazYSalvoVerification): string {
  const ways: string[] = [];
  const url = verify.url.trim();
  if (url) ways.push(url.includes('{codigo}') ? `escanee el código QR o ingrese a ${url.split('{codigo}').join(code)}` : `escanee el código QR o ingrese a ${url} con el código ${code}`);
  if (verify.phone.trim()) ways.push(`llame al ${verify.phone.trim()} y dé el código ${code}`);
  ways.push(`presente el certificado en cualquiera de las oficinas de atención de ${companyName}`);
  const listed = ways.length === 1 ? ways[0] : `${ways.slice(0, -1).join(', ')} o ${ways[ways.length - 1]}`;
  return `Para comprobar que este certificado es auténtico y sigue vigente, ${listed}.`;
}

export async function pazYSalvoPdf(c: PazYSalvoCertificate, opts: { timeZone?: string; verify?: PazYSalvoVerification } = {}): Promise<Buffer> {
  const verify = opts.verify ?? { url: '', phone: '' };
  const doc = newDocument({ size: LETTER, margin: MARGIN, title: `Paz y salvo ${c.label}` });
  const width = LETTER[0] - 2 * MARGIN;
  const x = MARGIN;
  const code = groupVerificationCode(c.verificationCode);

  let y = drawLetterhead(doc, { company: c.company, officeLines: [`${c.office.name} · ${c.office.city}`] }, { x, y: 50, width });
  y += 30;
  doc.font(BOLD).fontSize(16).text('CERTIFICADO DE PAZ Y SALVO', x, y, { width, align: 'center' });
  doc.font(BOLD).fontSize(12).text(`No. ${c.label}`, x, doc.y + 4, { width, align: 'center' });
  y = doc.y + 36;

  const idType = ID_TYPE_LABELS[c.account.idType] ?? c.account.idType;
  const identified = c.account.idType === 'NIT' ? `identificada con NIT ${c.account.idNumber}` : `identificado(a) con ${idType} No. ${c.account.idNumber}`;
  const paragraphs = [
    `La empresa ${c.company.name}, identificada con NIT ${c.company.nit}, certifica que la cuenta (contrato) No. ${c.account.number}, ` +
      `a nombre de ${c.account.holderName}, ${identified}, correspondiente al predio ubicado en ${c.account.address}, ` +
      `se encuentra a paz y salvo por todo concepto a la fecha ${longDate(c.businessDate)}.`,
    `Este certificado es válido hasta el ${longDate(c.validUntil)} (${formatDate(c.validUntil)}). Después de esa fecha debe solicitarse uno nuevo.`,
    `Se expide en ${c.office.city}, el ${longDate(c.businessDate)}, a solicitud del interesado.`,
  ];
  doc.font(FONT).fontSize(11.5).fillColor('black');
  for (const p of paragraphs) {
    doc.text(p, x, y, { width, align: 'justify', lineGap: 4 });
    y = doc.y + 16;
  }

  // verification box
  y += 10;
  const boxHeight = 96;
  doc.save().roundedRect(x, y, width, boxHeight, 4).lineWidth(0.8).strokeColor('#777777').stroke().restore();
  drawBarcode(doc, verificationTarget(c.verificationCode, verify), { x: x + 12, y: y + 12, width: 72, height: 72, kind: 'qrcode' });
  const tx = x + 100;
  const tw = width - 112;
  doc.font(FONT).fontSize(9).fillColor(GREY).text('Código de verificación', tx, y + 14, { width: tw });
  doc.font(BOLD).fontSize(16).fillColor('black').text(code, tx, doc.y + 2, { width: tw });
  doc
    .font(FONT)
    .fontSize(9)
    .fillColor(GREY)
    .text(verificationText(c.company.name, code, verify), tx, doc.y + 4, { width: tw });
  doc.fillColor('black');
  y += boxHeight + 70;

  // signature
  rule(doc, x, y, 220, 0.8);
  doc.font(BOLD).fontSize(10).text(c.issuedBy, x, y + 5, { width: 300 });
  doc.font(FONT).fontSize(9).text(`${c.office.name}`, x, doc.y, { width: 300 });
  doc.fontSize(8).fillColor(GREY).text(`Expedido el ${formatDateTime(c.issuedAt, opts.timeZone)}`, x, doc.y + 2, { width: 300 });
  doc.fillColor('black');
  return toBuffer(doc);
}
