/**
 * How dates, periods and money look on every screen: DD/MM/AAAA, MM/AAAA, "$ 1.234.567".
 * Times (a timestamp's hour) are shown only through the session's `dateTime`/`time`, which use the
 * company's time zone, never the computer's (see session.tsx).
 */
import { formatDateTime, isIsoDate, type IsoDate } from '../../../shared/dates';
import { formatMoney, type CurrencyCode } from '../../../shared/money';

export { formatDate, formatPeriod } from '../../../shared/dates';

/** 'DD/MM/AAAA' (also D/M/AAAA, with - or .) → 'YYYY-MM-DD', or null when it is not a real date. */
export function parseDisplayDate(text: string): IsoDate | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** an amount in minor units: a number, or an exact sum (ExactAmount) of a report or a closing */
export function money(minor: number | string, currency: CurrencyCode): string {
  return formatMoney(minor, currency);
}

/** A timestamp as 'DD/MM/AAAA HH:MM' in a time zone (the session binds the company's). */
export function dateTimeIn(timestamp: string | null | undefined, timeZone: string): string {
  return formatDateTime(timestamp, timeZone);
}

/** A timestamp's hour 'HH:MM' in a time zone. */
export function timeIn(timestamp: string | null | undefined, timeZone: string): string {
  return formatDateTime(timestamp, timeZone).slice(11);
}
