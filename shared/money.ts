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
