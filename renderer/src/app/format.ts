/** How dates and money look on every screen: DD/MM/AAAA and "$ 1.234.567". */
import { isIsoDate, type IsoDate } from '../../../shared/dates';
import { formatMoney, type CurrencyCode } from '../../../shared/money';

/** 'YYYY-MM-DD' (or a timestamp starting with it) → 'DD/MM/AAAA'; '' for nothing. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}

/** An ISO timestamp (UTC) shown in the company's time zone: 'DD/MM/AAAA HH:MM'. */
export function formatDateTime(timestamp: string | null | undefined, timeZone?: string): string {
  if (!timestamp) return '';
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return timestamp;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')} ${part('hour')}:${part('minute')}`;
}

/** 'DD/MM/AAAA' (also D/M/AAAA, with - or .) → 'YYYY-MM-DD', or null when it is not a real date. */
export function parseDisplayDate(text: string): IsoDate | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** 'YYYY-MM' → 'MM/AAAA' */
export function formatPeriod(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return m ? `${m[2]}/${m[1]}` : period;
}

export function money(minor: number, currency: CurrencyCode): string {
  return formatMoney(minor, currency);
}
