import { z } from 'zod';
import { COUNTRIES, type Country } from './setup';
import { id, isoDate, requiredText } from './common';

export const calendarSchemas = {
  /** national days of the office's country plus the office's own closures, for one year */
  'calendar.list': z.strictObject({ officeId: id, year: z.number().int().min(2000).max(2100) }),
  /** a national holiday for a country (administrator) */
  'calendar.addHoliday': z.strictObject({ country: z.enum(COUNTRIES), date: isoDate, name: requiredText(80) }),
  /** a local closure of one office (coordinator of that office, or administrator) */
  'calendar.addClosure': z.strictObject({ officeId: id, date: isoDate, name: requiredText(80) }),
  'calendar.remove': z.strictObject({ dayId: id }),
  /** the date a term of N business days ends for an office, day 1 being the business day after `from` */
  'calendar.addBusinessDays': z.strictObject({ officeId: id, from: isoDate, days: z.number().int().min(0).max(400) }),
};

export interface NonBusinessDay {
  id: number;
  date: string;
  name: string;
  /** national (country) or local (office) */
  scope: 'national' | 'local';
  country: Country | null;
  officeId: number | null;
  source: 'date-holidays' | 'manual';
}

export interface CalendarYear {
  officeId: number;
  year: number;
  country: Country;
  saturdayIsBusinessDay: boolean;
  days: NonBusinessDay[];
  /** Spanish notice when the country's holidays are not pre-loaded (Ecuador, Costa Rica) */
  notice: string | null;
}

export interface CalendarOutputs {
  'calendar.list': CalendarYear;
  'calendar.addHoliday': NonBusinessDay;
  'calendar.addClosure': NonBusinessDay;
  'calendar.remove': { removed: true };
  'calendar.addBusinessDays': { date: string };
}
