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

/** "$ 1.234.567" (es-CO style grouping with dots, decimal comma). */
export function formatMoney(minor: number, currency: CurrencyCode = 'COP'): string {
  const { decimals, symbol } = CURRENCIES[currency];
  const negative = minor < 0;
  const abs = Math.abs(minor);
  const units = Math.trunc(abs / 10 ** decimals);
  const cents = abs - units * 10 ** decimals;
  const grouped = String(units).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const text = decimals > 0 ? `${grouped},${String(cents).padStart(decimals, '0')}` : grouped;
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
