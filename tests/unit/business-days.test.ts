import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  businessDaysBetween,
  calendarSpanFor,
  CalendarRangeError,
  isBusinessDay,
  type BusinessCalendar,
} from '../../shared/business-days';
import { addDays } from '../../shared/dates';

const calendar = (nonBusinessDays: string[] = [], saturdayIsBusinessDay = false): BusinessCalendar => ({
  saturdayIsBusinessDay,
  nonBusinessDays: new Set(nonBusinessDays),
});

describe('isBusinessDay', () => {
  it('Sunday never, Saturday only when the office opens, listed days never', () => {
    expect(isBusinessDay(calendar(), '2026-08-16')).toBe(false); // Sunday
    expect(isBusinessDay(calendar([], true), '2026-08-16')).toBe(false);
    expect(isBusinessDay(calendar(), '2026-08-15')).toBe(false); // Saturday
    expect(isBusinessDay(calendar([], true), '2026-08-15')).toBe(true);
    expect(isBusinessDay(calendar(), '2026-08-17')).toBe(true); // Monday
    expect(isBusinessDay(calendar(['2026-08-17']), '2026-08-17')).toBe(false);
    expect(isBusinessDay(calendar(['2026-08-22'], true), '2026-08-22')).toBe(false); // a closed Saturday
  });
});

describe('addBusinessDays', () => {
  it('day 1 is the business day after filing, even when filing on a non-business day', () => {
    expect(addBusinessDays(calendar(), '2026-08-14', 1)).toBe('2026-08-17'); // Fri → Mon
    expect(addBusinessDays(calendar(), '2026-08-15', 1)).toBe('2026-08-17'); // filed Sat → Mon
    expect(addBusinessDays(calendar(), '2026-08-16', 1)).toBe('2026-08-17'); // filed Sun → Mon
    expect(addBusinessDays(calendar(), '2026-08-14', 0)).toBe('2026-08-14');
  });

  it('counts 15 days over three weekends, a holiday Monday and, when open, Saturdays', () => {
    // Mon 17 Aug 2026 is a holiday: Tue 18 is day 1, then four full weeks minus one day → Mon 7 Sep
    expect(addBusinessDays(calendar(['2026-08-17']), '2026-08-14', 15)).toBe('2026-09-07');
    expect(addBusinessDays(calendar(['2026-08-17'], true), '2026-08-14', 15)).toBe('2026-09-02');
  });

  it('crosses the end of the year and months of different lengths', () => {
    expect(addBusinessDays(calendar(['2026-12-25', '2027-01-01']), '2026-12-30', 2)).toBe('2027-01-04');
    expect(addBusinessDays(calendar(), '2028-02-25', 2)).toBe('2028-02-29'); // leap day is a Tuesday
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => addBusinessDays(calendar(), '2026-08-14', -1)).toThrow(/entero positivo/);
    expect(() => addBusinessDays(calendar(), '2026-08-14', 1.5)).toThrow(/entero positivo/);
  });

  it('throws instead of guessing when the count runs past the loaded dates', () => {
    const partial: BusinessCalendar = { ...calendar(), coverage: { from: '2026-08-14', to: '2026-08-20' } };
    expect(addBusinessDays(partial, '2026-08-14', 4)).toBe('2026-08-20');
    expect(() => addBusinessDays(partial, '2026-08-14', 5)).toThrow(CalendarRangeError);
  });

  it('throws, naming the date, when the count starts before the loaded dates; the first loaded day itself is fine', () => {
    const fromFebruary: BusinessCalendar = { ...calendar(), coverage: { from: '2026-02-01', to: '2026-12-31' } };
    // filed Tue 20 Jan: day 1 would be Wed 21 Jan, before the loaded range
    expect(() => addBusinessDays(fromFebruary, '2026-01-20', 3)).toThrow(new CalendarRangeError('2026-01-21'));
    expect(() => businessDaysBetween(fromFebruary, '2026-01-20', '2026-02-10')).toThrow(CalendarRangeError);
    // filed Sat 31 Jan: Sun 1 Feb is the first loaded day (not business), Mon 2 Feb is day 1
    expect(addBusinessDays(fromFebruary, '2026-01-31', 1)).toBe('2026-02-02');
    const error = new CalendarRangeError('2027-01-04');
    expect(error).toMatchObject({ name: 'CalendarRangeError', date: '2027-01-04', message: 'El calendario no está cargado para el 2027-01-04' });
  });

  it('loads 7/5 of the days plus a month: 52 calendar days for a 15-day term, 73 for 30', () => {
    // ceil(15 × 7 / 5) + 31 = 21 + 31; ceil(30 × 7 / 5) + 31 = 42 + 31
    expect(calendarSpanFor(15)).toBe(52);
    expect(calendarSpanFor(30)).toBe(73);
  });

  it('the span suggested for N days holds N business days in an ordinary year', () => {
    const holidays = calendar(['2026-12-08', '2026-12-25', '2027-01-01', '2027-01-11']);
    for (const days of [1, 5, 15, 30, 400]) {
      const from = '2026-12-01';
      const covered: BusinessCalendar = { ...holidays, coverage: { from, to: addDays(from, calendarSpanFor(days)) } };
      expect(() => addBusinessDays(covered, from, days)).not.toThrow();
    }
  });
});

describe('businessDaysBetween', () => {
  it('is the inverse of addBusinessDays', () => {
    const c = calendar(['2026-08-17', '2026-10-12']);
    for (const days of [0, 1, 5, 15, 30, 60]) {
      expect(businessDaysBetween(c, '2026-08-14', addBusinessDays(c, '2026-08-14', days))).toBe(days);
    }
  });

  it('counts nothing when the end is not after the start', () => {
    expect(businessDaysBetween(calendar(), '2026-08-14', '2026-08-14')).toBe(0);
    expect(businessDaysBetween(calendar(), '2026-08-14', '2026-08-10')).toBe(0);
  });
});
