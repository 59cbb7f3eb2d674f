/**
 * The payment barcode printed on invoices (GS1-128), as a scanner types it at the counter:
 * (415) biller GLN, 13 digits · (8020) payment reference, up to 25 characters ·
 * (3900) amount, no decimals, up to 15 digits (N..15: leading zeros allowed) · (96) due date YYYYMMDD.
 *
 * Scanners act as keyboards and send the FNC1 separator three ways: as the GS character (0x1D),
 * dropped altogether, or with a `]C1` symbology prefix in front. All three parse here. With FNC1
 * dropped the variable-length fields run together, so the reference ends where "3900" followed by
 * an amount and "96" + a valid date close the string.
 */
import { isValidGln } from './nit';
import { isIsoDate } from './dates';

export const GS = '\u001d';

/** the text without GS separators in front */
function dropLeadingGs(text: string): string {
  let start = 0;
  while (text[start] === GS) start += 1;
  return text.slice(start);
}

export interface PaymentBarcode {
  gln: string;
  reference: string;
  /** whole currency units as printed in (3900): for COP/CRC this is the minor unit itself */
  amount: number;
  /** YYYY-MM-DD, or null when the code carries no (96) */
  dueDate: string | null;
}

/**
 * `alternatives`: with FNC1 dropped and "3900" inside the reference, other ways to read the same
 * digits; whoever looks the reference up tries them in order after `value`.
 */
export type Gs1ParseResult = { ok: true; value: PaymentBarcode; alternatives: PaymentBarcode[] } | { ok: false; message: string };

/** true when the text looks like a payment barcode (so the screen treats it as a scan, not a search) */
export function looksLikePaymentBarcode(text: string): boolean {
  return /^(\]C1)?\(?415\)?\d{13}/.test(text.replaceAll(GS, '').replace(/\s/g, ''));
}

export function parsePaymentBarcode(raw: string): Gs1ParseResult {
  let text = raw.replace(/[\r\n]/g, '');
  // some scanners type the FNC1 as a visible "<GS>" or "^]" when the keyboard layout cannot
  text = text.replace(/<GS>|\^\]/g, GS);
  if (text.startsWith(']C1')) text = text.slice(3);
  // human-readable form with parentheses, as printed under the bars
  text = text.replace(/\((\d{2,4})\)/g, (_m, ai: string) => `${GS}${ai}`);
  text = dropLeadingGs(text).trim();
  if (!text.startsWith('415')) return { ok: false, message: 'El código no es una factura de servicios: no empieza con (415)' };
  const gln = text.slice(3, 16);
  if (!/^\d{13}$/.test(gln)) return { ok: false, message: 'El código está incompleto: el GLN de la empresa debe tener 13 dígitos' };
  if (!isValidGln(gln)) return { ok: false, message: `El GLN ${gln} tiene un dígito de verificación inválido: vuelva a escanear` };
  let rest = dropLeadingGs(text.slice(16));
  if (!rest.startsWith('8020')) return { ok: false, message: 'El código no trae la referencia de pago (8020)' };
  rest = rest.slice(4);

  const readings: PaymentBarcode[] = [];
  let firstProblem = 'El código no trae el valor a pagar (3900)';
  const gs = rest.indexOf(GS);
  const splits: [string, string][] = [];
  if (gs >= 0) splits.push([rest.slice(0, gs), rest.slice(gs + 1).replaceAll(GS, '')]);
  else {
    // FNC1 dropped: every "3900" could end the reference; the last one first (amounts rarely hold "3900")
    for (let at = rest.lastIndexOf('3900'); at > 0; at = rest.lastIndexOf('3900', at - 1)) splits.push([rest.slice(0, at), rest.slice(at)]);
  }
  for (const [reference, tail] of splits) {
    if (reference.length === 0 || reference.length > 25) {
      firstProblem = 'La referencia de pago del código es inválida';
      continue;
    }
    // (3900) is N..15: up to 15 digits, leading zeros allowed ("0000125000" is $ 125.000)
    const m = /^3900(\d{1,15}?)(?:96(\d{8}))?$/.exec(tail);
    if (!m) {
      firstProblem = 'El valor a pagar (3900) o la fecha límite (96) del código son inválidos';
      continue;
    }
    if (Number(m[1]) === 0) {
      firstProblem = 'El valor a pagar (3900) del código es cero';
      continue;
    }
    let dueDate: string | null = null;
    if (m[2]) {
      dueDate = `${m[2].slice(0, 4)}-${m[2].slice(4, 6)}-${m[2].slice(6, 8)}`;
      if (!isIsoDate(dueDate)) {
        firstProblem = `La fecha límite del código (${m[2]}) no es una fecha válida`;
        continue;
      }
    }
    readings.push({ gln, reference, amount: Number(m[1]), dueDate });
  }
  if (readings.length === 0) return { ok: false, message: firstProblem };
  return { ok: true, value: readings[0], alternatives: readings.slice(1) };
}

/** The data of a payment barcode with GS separators, as bwip-js' gs1-128 wants it in parentheses. */
export function paymentBarcodeText(code: PaymentBarcode): string {
  const due = code.dueDate ? `(96)${code.dueDate.replaceAll('-', '')}` : '';
  return `(415)${code.gln}(8020)${code.reference}(3900)${code.amount}${due}`;
}
