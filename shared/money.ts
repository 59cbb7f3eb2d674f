/**
 * Money is an integer in the currency's minor unit as the office uses it. Colombian and Costa Rican
 * utilities bill in whole pesos/colones, so their minor unit here is the peso/colón (0 decimals);
 * Ecuador bills in US dollars with cents (2 decimals).
 */
export const CURRENCIES = {
  COP: { decimals: 0, locale: 'es-CO', symbol: '$' },
  USD: { decimals: 2, locale: 'es-EC', symbol: 'US$' },
  CRC: { decimals: 0, locale: 'es-CR', symbol: '₡' },
} as const;
export type CurrencyCode = keyof typeof CURRENCIES;
export const CURRENCY_CODES = Object.keys(CURRENCIES) as CurrencyCode[];

/**
 * An amount in minor units written as decimal digits (with a leading '-' when negative), for sums
 * that may pass Number.MAX_SAFE_INTEGER (2^53 − 1): report totals and closing figures. The database
 * adds them up (its own 64-bit integer sums, read as text) and the code combines them as BigInt, so
 * they stay exact. E.g. '9007199254740993'.
 */
export type ExactAmount = string;

/** BigInt of an amount in minor units (an integer number, a bigint, or an ExactAmount). */
export function exactOf(value: number | bigint | string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`amount ${value} is not a safe integer`);
    return BigInt(value);
  }
  if (!/^-?\d+$/.test(value)) throw new RangeError(`amount "${value}" is not an integer`);
  return BigInt(value);
}

/** The exact sum of amounts in minor units, as an ExactAmount. */
export function sumExact(values: Iterable<number | bigint | string>): ExactAmount {
  let total = 0n;
  for (const v of values) total += exactOf(v);
  return total.toString();
}

/** -1, 0 or 1: the sign of an amount (number or ExactAmount). */
export function signOf(value: number | bigint | string): -1 | 0 | 1 {
  const v = exactOf(value);
  return v < 0n ? -1 : v > 0n ? 1 : 0;
}

/** The absolute value of an amount, as an ExactAmount. */
export function absExact(value: number | bigint | string): ExactAmount {
  const v = exactOf(value);
  return (v < 0n ? -v : v).toString();
}

/** "$ 1.234.567" (es-CO style grouping with dots, decimal comma); exact for an ExactAmount or a bigint too. */
export function formatMoney(minor: number | bigint | string, currency: CurrencyCode = 'COP'): string {
  if (typeof minor !== 'number') return formatExact(exactOf(minor), currency);
  const { decimals, symbol } = CURRENCIES[currency];
  const negative = minor < 0;
  const abs = Math.abs(minor);
  const units = Math.trunc(abs / 10 ** decimals);
  const cents = abs - units * 10 ** decimals;
  const grouped = String(units).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const text = decimals > 0 ? `${grouped},${String(cents).padStart(decimals, '0')}` : grouped;
  return `${negative ? '-' : ''}${symbol} ${text}`;
}

function formatExact(minor: bigint, currency: CurrencyCode): string {
  const { decimals, symbol } = CURRENCIES[currency];
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const scale = 10n ** BigInt(decimals);
  const grouped = (abs / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const text = decimals > 0 ? `${grouped},${(abs % scale).toString().padStart(decimals, '0')}` : grouped;
  return `${negative ? '-' : ''}${symbol} ${text}`;
}

/**
 * Parses an amount as written in a file or typed at the counter, into minor units.
 * Accepts an optional minus sign and, for currencies with decimals, a decimal point or comma.
 * Thousands separators are not accepted (they are ambiguous); returns null when invalid.
 */
export function parseAmount(text: string, currency: CurrencyCode = 'COP'): number | null {
  const { decimals } = CURRENCIES[currency];
  const value = text.trim();
  const re = decimals > 0 ? new RegExp(`^(-?)(\\d{1,15})(?:[.,](\\d{1,${decimals}}))?$`) : /^(-?)(\d{1,15})$/;
  const m = re.exec(value);
  if (!m) return null;
  const fraction = (m[3] ?? '').padEnd(decimals, '0');
  const minor = Number(m[2]) * 10 ** decimals + (fraction ? Number(fraction) : 0);
  if (!Number.isSafeInteger(minor)) return null;
  return m[1] === '-' ? -minor : minor;
}

/** Why a typed amount is not an amount: decimals for a currency without them, or not a number. */
export type TypedMoneyProblem = 'decimals' | 'tooManyDecimals' | 'invalid' | 'tooLarge';

/**
 * An amount as a person types it at the counter, es-CO style: "200.000" is two hundred thousand
 * (the dots group thousands), "1.234,56" has cents (only where the currency has them). Letters and
 * symbols other than the currency's are not accepted. '' (or only the symbol) is empty: null, no
 * problem.
 */
export function parseTypedMoney(text: string, currency: CurrencyCode = 'COP'): { minor: number | null; problem: TypedMoneyProblem | null } {
  const { decimals, symbol } = CURRENCIES[currency];
  const value = text.split(symbol).join('').replace(/\s+/g, '');
  if (value === '') return { minor: null, problem: null };
  const m = /^(\d[\d.]*)?(?:,(\d*))?$/.exec(value);
  if (!m || value.startsWith('.') || /\.\./.test(value)) return { minor: null, problem: 'invalid' };
  const units = (m[1] ?? '').replace(/\./g, '');
  const fraction = m[2];
  if (fraction !== undefined) {
    if (decimals === 0) return { minor: null, problem: 'decimals' };
    if (fraction.length > decimals) return { minor: null, problem: 'tooManyDecimals' };
  }
  if (units === '' && !fraction) return { minor: null, problem: 'invalid' };
  if (units.length > 15) return { minor: null, problem: 'tooLarge' };
  const minor = Number(units || '0') * 10 ** decimals + Number((fraction ?? '').padEnd(decimals, '0') || '0');
  if (!Number.isSafeInteger(minor)) return { minor: null, problem: 'tooLarge' };
  return { minor, problem: null };
}

/**
 * The text of a money field as it is being typed, regrouped: "200000" → "200.000", "1234,5" →
 * "1.234,5" (the part after the comma is left as typed, so a refused comma stays visible). Only
 * digits, dots and one comma are kept.
 */
export function formatTypedMoney(text: string): string {
  const kept = text.replace(/[^\d.,]/g, '');
  const comma = kept.indexOf(',');
  const intDigits = (comma === -1 ? kept : kept.slice(0, comma)).replace(/\./g, '').replace(/^0+(?=\d)/, '');
  const grouped = intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  if (comma === -1) return grouped;
  return `${grouped || '0'},${kept.slice(comma + 1).replace(/[.,]/g, '')}`;
}

/** minor units → the text a money field shows for it: 200000 → "200.000", 123456 (USD) → "1.234,56". */
export function moneyFieldText(minor: number, currency: CurrencyCode = 'COP'): string {
  return formatMoney(Math.abs(minor), currency).slice(CURRENCIES[currency].symbol.length + 1);
}
