/** Dates of business are 'YYYY-MM-DD' strings in the office's time zone. These helpers never use the machine's zone. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function toUtc(date: IsoDate): Date {
  const m = ISO_DATE.exec(date);
  if (!m || !isIsoDate(date)) throw new Error(`Fecha inválida: ${date}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

function fromUtc(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** 0 = Sunday … 6 = Saturday */
export function weekday(date: IsoDate): number {
  return toUtc(date).getUTCDay();
}

/** Formatters are costly to build (≈0.2 ms each): one per kind and time zone, kept. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(kind: 'date' | 'dateTime', timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone ?? ''}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter =
      kind === 'date'
        ? // en-CA formats as YYYY-MM-DD
          new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
        : new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Today's date in a time zone such as 'America/Bogota'. */
export function todayIn(timeZone: string, now: Date = new Date()): IsoDate {
  return formatterFor('date', timeZone).format(now);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** 'YYYY-MM' */
export function isPeriod(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** A period as people read it, on screens and papers alike: 'YYYY-MM' → 'MM/AAAA' ("10/2026"). */
export function formatPeriod(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return m ? `${m[2]}/${m[1]}` : period;
}

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
  const parts = formatterFor('dateTime', timeZone).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')} ${part('hour')}:${part('minute')}`;
}

/** Calendar months added to a date, clamped to the month's last day (31 Jan + 1 month → 28 or 29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const d = toUtc(date);
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return fromUtc(target);
}

/** The date and the time ('HH:MM') of a timestamp on the clocks of a time zone. */
export function zonedDateTime(timestamp: string | Date, timeZone: string): { date: IsoDate; time: string } {
  const instant = typeof timestamp === 'string' ? new Date(timestamp) : timestamp;
  const parts = formatterFor('dateTime', timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` };
}

/** 'HH:MM', 00:00 to 23:59 */
export function isClockTime(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

/**
 * The instant (ISO, UTC) that a wall-clock date and time of a time zone name: '2026-11-03' 17:30 in
 * America/Bogota → '2026-11-03T22:30:00.000Z'. Two passes settle the zone's offset on that day.
 */
export function zonedTimeToUtc(date: IsoDate, time: string, timeZone: string): string {
  if (!isIsoDate(date) || !isClockTime(time)) throw new Error(`Fecha u hora inválida: ${date} ${time}`);
  const [h, m] = time.split(':').map(Number);
  const wanted = toUtc(date).getTime() + (h * 60 + m) * 60_000;
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const seen = zonedDateTime(new Date(guess), timeZone);
    const [sh, sm] = seen.time.split(':').map(Number);
    const shown = toUtc(seen.date).getTime() + (sh * 60 + sm) * 60_000;
    guess += wanted - shown;
  }
  return new Date(guess).toISOString();
}
