import type Holidays from 'date-holidays';
import { onFirstUse } from '../../lazy-package';
import type { Country } from '../../../../shared/contract';
import type { IsoDate } from '../../../../shared/dates';

export interface NationalHoliday {
  date: IsoDate;
  name: string;
}

/**
 * Spanish names that date-holidays 3.37 gets wrong, by its rule: Easter+43 is the Ascensión del
 * Señor (it says "La Asunción", which is 15 August).
 */
const NAME_BY_RULE: Record<string, string> = {
  'easter 43': 'Ascensión del Señor',
  '12-08': 'Inmaculada Concepción',
};

/** loaded with the first year of holidays asked, not at start (lazy-package.ts) */
const dateHolidays = onFirstUse<typeof Holidays>('date-holidays');
let colombia: Holidays | null = null;

/**
 * Colombia's public holidays (Ley 51 de 1983 and Ley 2578 de 2026) for one year, from date-holidays.
 * date-holidays 3.37 already has Ley 2578's 9 July moved to Monday ("monday after 07-09 since 2026",
 * 13 July 2026); tests/integration/calendar.test.ts fails if an upgrade loses it. Easter Sunday
 * ("Pascua") is left out: it is no legal holiday, and Sundays never count anyway. Two holidays on one
 * date (e.g. 30 June 2025) become one day with both names.
 */
export function colombianHolidays(year: number): NationalHoliday[] {
  colombia ??= new (dateHolidays())('CO', { languages: ['es'] });
  const source = colombia;
  const byDate = new Map<IsoDate, string[]>();
  for (const h of source.getHolidays(year, 'es')) {
    if (h.type !== 'public' || h.rule === 'easter') continue;
    const date = h.date.slice(0, 10);
    const name = NAME_BY_RULE[h.rule] ?? h.name;
    byDate.set(date, [...(byDate.get(date) ?? []), name]);
  }
  return [...byDate]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, names]) => ({ date, name: names.join(' / ').slice(0, 80) }));
}

/** Only Colombia's holidays come pre-loaded: Ecuador's and Costa Rica's data in date-holidays are stale. */
export function hasPreloadedHolidays(country: Country): boolean {
  return country === 'CO';
}

export function preloadedHolidays(country: Country, year: number): NationalHoliday[] {
  return country === 'CO' ? colombianHolidays(year) : [];
}
