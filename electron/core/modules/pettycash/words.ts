/**
 * An amount in Spanish words, as the comprobante de egreso writes it under the figures:
 * 154300 → "CIENTO CINCUENTA Y CUATRO MIL TRESCIENTOS PESOS M/CTE". Whole units only (COP, CRC);
 * for currencies with cents the cents are written as "CON 05/100".
 */
import { CURRENCIES, type CurrencyCode } from '../../../../shared/money';

const UNITS = ['', 'UNO', 'DOS', 'TRES', 'CUATRO', 'CINCO', 'SEIS', 'SIETE', 'OCHO', 'NUEVE', 'DIEZ', 'ONCE', 'DOCE', 'TRECE', 'CATORCE', 'QUINCE', 'DIECISÉIS', 'DIECISIETE', 'DIECIOCHO', 'DIECINUEVE', 'VEINTE', 'VEINTIUNO', 'VEINTIDÓS', 'VEINTITRÉS', 'VEINTICUATRO', 'VEINTICINCO', 'VEINTISÉIS', 'VEINTISIETE', 'VEINTIOCHO', 'VEINTINUEVE'];
const TENS = ['', '', '', 'TREINTA', 'CUARENTA', 'CINCUENTA', 'SESENTA', 'SETENTA', 'OCHENTA', 'NOVENTA'];
const HUNDREDS = ['', 'CIENTO', 'DOSCIENTOS', 'TRESCIENTOS', 'CUATROCIENTOS', 'QUINIENTOS', 'SEISCIENTOS', 'SETECIENTOS', 'OCHOCIENTOS', 'NOVECIENTOS'];

/** 0–999 */
function belowThousand(n: number): string {
  if (n === 100) return 'CIEN';
  const h = Math.floor(n / 100);
  const rest = n % 100;
  const parts: string[] = [];
  if (h > 0) parts.push(HUNDREDS[h]);
  if (rest > 0 && rest < 30) parts.push(UNITS[rest]);
  else if (rest >= 30) parts.push(rest % 10 === 0 ? TENS[rest / 10] : `${TENS[Math.floor(rest / 10)]} Y ${UNITS[rest % 10]}`);
  return parts.join(' ');
}

/** "UNO" becomes "UN" before MIL / MILLONES ("VEINTIÚN MIL", "UN MILLÓN") */
function apocope(words: string): string {
  return words.replace(/VEINTIUNO$/, 'VEINTIÚN').replace(/UNO$/, 'UN');
}

/** 0–999.999 */
function belowMillion(n: number): string {
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  const parts: string[] = [];
  if (thousands === 1) parts.push('MIL');
  else if (thousands > 1) parts.push(`${apocope(belowThousand(thousands))} MIL`);
  if (rest > 0) parts.push(belowThousand(rest));
  return parts.join(' ');
}

/** A whole number in Spanish capitals; 0 is "CERO". */
export function integerInWords(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error('integerInWords: a non-negative integer');
  if (n === 0) return 'CERO';
  const millions = Math.floor(n / 1_000_000);
  const rest = n % 1_000_000;
  const parts: string[] = [];
  if (millions === 1) parts.push('UN MILLÓN');
  else if (millions > 1) parts.push(`${apocope(integerInWords(millions))} MILLONES`);
  if (rest > 0) parts.push(belowMillion(rest));
  return parts.join(' ');
}

const CURRENCY_WORDS: Record<CurrencyCode, { one: string; many: string; suffix: string }> = {
  COP: { one: 'PESO', many: 'PESOS', suffix: ' M/CTE' },
  USD: { one: 'DÓLAR', many: 'DÓLARES', suffix: '' },
  CRC: { one: 'COLÓN', many: 'COLONES', suffix: '' },
};

/** An amount in minor units in words with the currency's name. */
export function amountInWords(minor: number, currency: CurrencyCode = 'COP'): string {
  const { decimals } = CURRENCIES[currency];
  const abs = Math.abs(minor);
  const units = Math.floor(abs / 10 ** decimals);
  const cents = abs - units * 10 ** decimals;
  const names = CURRENCY_WORDS[currency];
  const words = units === 1 ? `UN ${names.one}` : `${apocope(integerInWords(units))}${/(MILLÓN|MILLONES)$/.test(integerInWords(units)) ? ' DE' : ''} ${names.many}`;
  const centsText = decimals > 0 ? ` CON ${String(cents).padStart(decimals, '0')}/100` : '';
  return `${minor < 0 ? 'MENOS ' : ''}${words}${centsText}${names.suffix}`;
}
