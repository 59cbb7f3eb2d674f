import type { Knex } from 'knex';
import { COUNTRY_LABELS, type CalendarYear, type Country, type NonBusinessDay } from '../../../../shared/contract';
import { addBusinessDays, calendarSpanFor, CalendarRangeError, type BusinessCalendar } from '../../../../shared/business-days';
import { addDays, type IsoDate } from '../../../../shared/dates';
import type { Role } from '../../../../shared/roles';
import { SYSTEM_ACTOR, writeAudit, type Actor } from '../../db/audit';
import { AppError, conflict, notFound, rule } from '../../errors';
import { hasPreloadedHolidays, preloadedHolidays, type NationalHoliday } from './holidays';

/** Who is changing the calendar: the CLI door acts as an administrator. */
export interface CalendarEditor {
  actor: Actor;
  role: Role;
  /** the editor's own office (a coordinator may only close that one) */
  officeId: number | null;
}

interface DayDbRow {
  id: number;
  date: string;
  name: string;
  country: Country | null;
  office_id: number | null;
  source: NonBusinessDay['source'];
}

const toDay = (r: DayDbRow): NonBusinessDay => ({
  id: r.id,
  date: r.date,
  name: r.name,
  scope: r.country ? 'national' : 'local',
  country: r.country,
  officeId: r.office_id,
  source: r.source,
});

const yearStart = (year: number): IsoDate => `${year}-01-01`;
const yearEnd = (year: number): IsoDate => `${year}-12-31`;

/** "lunes, 17 de agosto de 2026" */
export function longDate(date: IsoDate): string {
  return new Intl.DateTimeFormat('es-CO', { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}

/**
 * Loads the national holidays of `country` for the years given (Colombia from date-holidays; others:
 * none, they are kept by hand). Dates already listed for the country are left as they are, so running
 * it twice adds nothing. Returns how many were inserted.
 */
export async function seedNationalHolidays(trx: Knex.Transaction, country: Country, fromYear: number, toYear: number): Promise<number> {
  const wanted: NationalHoliday[] = [];
  for (let year = fromYear; year <= toYear; year++) wanted.push(...preloadedHolidays(country, year));
  if (wanted.length === 0) return 0;
  const existing = new Set(
    (await trx('non_business_days').where({ country }).whereBetween('date', [yearStart(fromYear), yearEnd(toYear)]).pluck('date')) as string[],
  );
  const rows = wanted.filter((h) => !existing.has(h.date)).map((h) => ({ date: h.date, name: h.name, country, office_id: null, source: 'date-holidays' }));
  if (rows.length === 0) return 0;
  for (let i = 0; i < rows.length; i += 100) await trx('non_business_days').insert(rows.slice(i, i + 100));
  await writeAudit(trx, SYSTEM_ACTOR, {
    action: 'calendar.seed',
    entity: 'non_business_days',
    entityId: country,
    after: { fromYear, toYear, inserted: rows.length },
  });
  return rows.length;
}

/**
 * Colombian years that were never pre-loaded (an install older than three years, a term reaching far
 * ahead) are loaded from date-holidays the first time a date in them is asked for.
 */
async function ensurePreloaded(db: Knex, country: Country, from: IsoDate, to: IsoDate): Promise<void> {
  const fromYear = Number(from.slice(0, 4));
  const toYear = Number(to.slice(0, 4));
  if (!hasPreloadedHolidays(country)) return;
  const seededYears = new Set(
    ((await db('non_business_days')
      .where({ country, source: 'date-holidays' })
      .whereBetween('date', [yearStart(fromYear), yearEnd(toYear)])
      .pluck('date')) as string[]).map((d) => Number(d.slice(0, 4))),
  );
  for (let year = fromYear; year <= toYear; year++) {
    if (!seededYears.has(year)) await db.transaction((trx) => seedNationalHolidays(trx, country, year, year));
  }
}

interface OfficeCalendarRow {
  id: number;
  saturday_is_business_day: number | boolean;
}

async function officeAndCountry(db: Knex, officeId: number): Promise<{ office: OfficeCalendarRow; country: Country }> {
  const office: OfficeCalendarRow | undefined = await db('offices').where({ id: officeId }).first('id', 'saturday_is_business_day');
  if (!office) throw notFound('La oficina');
  const company: { country: Country } | undefined = await db('company').where({ id: 1 }).first('country');
  if (!company) throw notFound('La empresa (complete la configuración inicial)');
  return { office, country: company.country };
}

/** National days of the country plus the office's own closures, between two dates inclusive. */
function daysQuery(db: Knex, country: Country, officeId: number, from: IsoDate, to: IsoDate) {
  return db('non_business_days')
    .where((q) => q.where({ country }).orWhere({ office_id: officeId }))
    .whereBetween('date', [from, to]);
}

/**
 * The business-day calendar of an office between two dates: its company's national holidays, its own
 * closures and its Saturday setting. PQR terms and alerts count with this.
 */
export async function loadBusinessCalendar(db: Knex, officeId: number, fromDate: IsoDate, toDate: IsoDate): Promise<BusinessCalendar> {
  const { office, country } = await officeAndCountry(db, officeId);
  await ensurePreloaded(db, country, fromDate, toDate);
  const dates = (await daysQuery(db, country, officeId, fromDate, toDate).pluck('date')) as string[];
  return {
    saturdayIsBusinessDay: Boolean(office.saturday_is_business_day),
    nonBusinessDays: new Set(dates),
    coverage: { from: fromDate, to: toDate },
  };
}

/** The date a term of `days` business days ends for an office; day 1 is the business day after `from`. */
export async function officeAddBusinessDays(db: Knex, officeId: number, from: IsoDate, days: number): Promise<IsoDate> {
  // a wide enough window almost always; a long run of closures widens it
  for (let span = calendarSpanFor(days); ; span *= 2) {
    const calendar = await loadBusinessCalendar(db, officeId, from, addDays(from, span));
    try {
      return addBusinessDays(calendar, from, days);
    } catch (error) {
      if (!(error instanceof CalendarRangeError) || span > 20 * 366) throw error;
    }
  }
}

function noticeFor(country: Country, year: number, nationalDays: number): string | null {
  if (nationalDays > 0) return null;
  const label = COUNTRY_LABELS[country];
  const meanwhile = 'Mientras tanto solo se descuentan los domingos, los sábados que la oficina no atiende y sus cierres.';
  if (hasPreloadedHolidays(country)) return `No hay festivos de ${label} para ${year}: agréguelos antes de contar plazos legales en ese año. ${meanwhile}`;
  return `Los festivos de ${label} no vienen precargados: agréguelos para ${year} antes de contar plazos legales. ${meanwhile}`;
}

export async function listCalendar(db: Knex, officeId: number, year: number): Promise<CalendarYear> {
  const { office, country } = await officeAndCountry(db, officeId);
  await ensurePreloaded(db, country, yearStart(year), yearEnd(year));
  const rows: DayDbRow[] = await daysQuery(db, country, officeId, yearStart(year), yearEnd(year)).orderBy(['date', 'id']);
  const days = rows.map(toDay);
  return {
    officeId,
    year,
    country,
    saturdayIsBusinessDay: Boolean(office.saturday_is_business_day),
    days,
    notice: noticeFor(country, year, days.filter((d) => d.scope === 'national').length),
  };
}

async function getDay(db: Knex, dayId: number): Promise<NonBusinessDay> {
  const row: DayDbRow | undefined = await db('non_business_days').where({ id: dayId }).first();
  if (!row) throw notFound('El día no hábil');
  return toDay(row);
}

async function insertDay(
  trx: Knex.Transaction,
  actor: Actor,
  row: { date: IsoDate; name: string; country: Country | null; office_id: number | null },
): Promise<NonBusinessDay> {
  const [inserted] = await trx('non_business_days').insert({ ...row, source: 'manual' }).returning('id');
  const day = await getDay(trx, typeof inserted === 'object' ? inserted.id : inserted);
  await writeAudit(trx, actor, { action: day.scope === 'national' ? 'calendar.addHoliday' : 'calendar.addClosure', entity: 'non_business_day', entityId: day.id, after: day });
  return day;
}

/** A national holiday of the company's country (administrator). */
export async function addHoliday(db: Knex, actor: Actor, input: { country: Country; date: IsoDate; name: string }): Promise<NonBusinessDay> {
  return db.transaction(async (trx) => {
    const company: { country: Country } | undefined = await trx('company').where({ id: 1 }).first('country');
    if (!company) throw notFound('La empresa (complete la configuración inicial)');
    if (company.country !== input.country) {
      throw rule(`La empresa está en ${COUNTRY_LABELS[company.country]}: los festivos de ${COUNTRY_LABELS[input.country]} no se usarían.`);
    }
    const same: { name: string } | undefined = await trx('non_business_days').where({ country: input.country, date: input.date }).first('name');
    if (same) throw conflict(`El ${longDate(input.date)} ya es festivo nacional (${same.name}).`);
    return insertDay(trx, actor, { date: input.date, name: input.name, country: input.country, office_id: null });
  });
}

function assertMayEditOffice(editor: CalendarEditor, officeId: number): void {
  if (editor.role === 'administrador') return;
  if (editor.role === 'coordinador' && editor.officeId === officeId) return;
  throw new AppError('FORBIDDEN', 'Solo el coordinador de esa oficina o un administrador pueden cambiar su calendario.');
}

/** A local closure of one office (its coordinator, or an administrator). */
export async function addClosure(db: Knex, editor: CalendarEditor, input: { officeId: number; date: IsoDate; name: string }): Promise<NonBusinessDay> {
  assertMayEditOffice(editor, input.officeId);
  return db.transaction(async (trx) => {
    const { country } = await officeAndCountry(trx, input.officeId);
    const same: { name: string } | undefined = await trx('non_business_days').where({ office_id: input.officeId, date: input.date }).first('name');
    if (same) throw conflict(`La oficina ya está cerrada el ${longDate(input.date)} (${same.name}).`);
    const holiday: { name: string } | undefined = await trx('non_business_days').where({ country, date: input.date }).first('name');
    if (holiday) throw conflict(`El ${longDate(input.date)} ya es festivo nacional (${holiday.name}); no hace falta cerrarlo.`);
    return insertDay(trx, editor.actor, { date: input.date, name: input.name, country: null, office_id: input.officeId });
  });
}

/** Removes a day: a national holiday needs an administrator; a closure, its office's coordinator or an administrator. */
export async function removeDay(db: Knex, editor: CalendarEditor, dayId: number): Promise<void> {
  await db.transaction(async (trx) => {
    const day = await getDay(trx, dayId);
    if (day.scope === 'national' && editor.role !== 'administrador') {
      throw new AppError('FORBIDDEN', 'Solo un administrador puede quitar un festivo nacional.');
    }
    if (day.scope === 'local') assertMayEditOffice(editor, day.officeId as number);
    await trx('non_business_days').where({ id: dayId }).del();
    await writeAudit(trx, editor.actor, { action: 'calendar.remove', entity: 'non_business_day', entityId: dayId, before: day });
  });
}
