import { addDays, weekday, type IsoDate } from './dates';

/**
 * A business-day calendar for one office: Sundays never count, Saturdays count only when the office
 * says so, and the listed non-business days (national holidays and the office's closures) never count.
 */
export interface BusinessCalendar {
  saturdayIsBusinessDay: boolean;
  nonBusinessDays: ReadonlySet<IsoDate>;
  /**
   * The dates whose non-business days were loaded. A count that runs past `to` throws instead of
   * silently treating unknown holidays as business days; leave it out for a calendar known in full.
   */
  coverage?: { from: IsoDate; to: IsoDate };
}

export function isBusinessDay(calendar: BusinessCalendar, date: IsoDate): boolean {
  const day = weekday(date);
  if (day === 0) return false;
  if (day === 6 && !calendar.saturdayIsBusinessDay) return false;
  return !calendar.nonBusinessDays.has(date);
}

/** Thrown when a count needs days the calendar was not loaded for; the caller loads a wider range. */
export class CalendarRangeError extends Error {
  constructor(readonly date: IsoDate) {
    super(`El calendario no está cargado para el ${date}`);
    this.name = 'CalendarRangeError';
  }
}

function checkCoverage(calendar: BusinessCalendar, date: IsoDate): void {
  const range = calendar.coverage;
  if (range && (date < range.from || date > range.to)) throw new CalendarRangeError(date);
}

/**
 * The date on which a term of `days` business days ends, counted as the law does: day 1 is the first
 * business day after `start` (the day of filing). `days` = 0 returns `start`.
 */
export function addBusinessDays(calendar: BusinessCalendar, start: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days) || days < 0) throw new Error('El número de días hábiles debe ser un entero positivo');
  let date = start;
  let counted = 0;
  while (counted < days) {
    date = addDays(date, 1);
    checkCoverage(calendar, date);
    if (isBusinessDay(calendar, date)) counted++;
  }
  return date;
}

/** Business days strictly after `from` up to and including `to` (0 when `to` ≤ `from`). */
export function businessDaysBetween(calendar: BusinessCalendar, from: IsoDate, to: IsoDate): number {
  let count = 0;
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) {
    checkCoverage(calendar, date);
    if (isBusinessDay(calendar, date)) count++;
  }
  return count;
}

/**
 * A range of calendar days that surely holds `days` business days after `start` in an ordinary
 * calendar (five business days a week plus room for holidays); callers widen it on CalendarRangeError.
 */
export function calendarSpanFor(days: number): number {
  return Math.ceil((days * 7) / 5) + 31;
}
