/**
 * The legal term of a PQR in business days, pure functions over an office's BusinessCalendar.
 *
 * - Due date: day 1 is the business day after filing; the term ends on day `term`.
 * - Term start: the day the petition was received (Ley 142 art. 158 "a partir de su presentación",
 *   Ley 1755 art. 14 "siguientes a su recepción"); received on a business day after the office's
 *   closing hour, the next business day.
 * - Pause (suspensión): on the day it starts, the business days still left are kept (those strictly
 *   after today up to the due date; 0 when already due). While paused there is no due date.
 * - Resume: both reasons give back only the days that were left, counted from the day after the
 *   resumption (Ley 1755 art. 17: the term "se reactivará" the day after the documents arrive; the
 *   days already spent stay spent, the earlier date is the safe reading). A pause for pruebas has a
 *   maximum in business days (all its pauses together); resumed after it, the days left count from
 *   the maximum's last day, when the term legally ran again.
 * - Request to complete (art. 17): only within the rule's business days after the term start; the
 *   petitioner's month ends on the same day of the next month (on the next business day when that
 *   one is not).
 * - Extension (prórroga, art. 14 par.): once, while the current due date has not passed, to a
 *   business day after it and no later than the current due date plus one more full term — which,
 *   when nothing paused the clock, is exactly twice the original term counted from filing
 *   (addBusinessDays(filed, 2 × term)); a pause moves both dates alike.
 * - Traffic light: days left counted from today in business days; overdue when the due date is
 *   before today; due soon within `dueSoon` business days; no light when the clock does not run.
 */
import { addBusinessDays, businessDaysBetween, isBusinessDay, type BusinessCalendar } from '../../../../shared/business-days';
import type { PqrState, TrafficLight } from '../../../../shared/contract';
import { addDays, addMonths, isIsoDate, type IsoDate, formatDate } from '../../../../shared/dates';

export function dueDateOf(calendar: BusinessCalendar, filed: IsoDate, term: number): IsoDate {
  return addBusinessDays(calendar, filed, term);
}

/** the first business day of the term */
export function dayOneOf(calendar: BusinessCalendar, filed: IsoDate): IsoDate {
  return addBusinessDays(calendar, filed, 1);
}

/** business days left when the clock stops today (0 when the due date is today or past) */
export function remainingAtPause(calendar: BusinessCalendar, today: IsoDate, due: IsoDate): number {
  return businessDaysBetween(calendar, today, due);
}

/**
 * The day the term counts from (day 1 is the business day after it): the day received, or, when
 * received on a business day after the office's closing hour ('HH:MM', strictly later), the next
 * business day. A petition received on a non-business day keeps its date: day 1 is then the next
 * business day, the earlier (safe) reading.
 */
export function termStartOf(calendar: BusinessCalendar, received: { date: IsoDate; time: string }, closingTime: string | null): IsoDate {
  if (closingTime !== null && received.time > closingTime && isBusinessDay(calendar, received.date)) return addBusinessDays(calendar, received.date, 1);
  return received.date;
}

/** The due date after a pause: the days that were left, counted from the resumption (or from the pause's limit when resumed after it). */
export function dueDateAfterResume(calendar: BusinessCalendar, resumedOn: IsoDate, remaining: number, limit: IsoDate | null = null): IsoDate {
  return addBusinessDays(calendar, limit !== null && resumedOn > limit ? limit : resumedOn, remaining);
}

/** the last day a request to complete the petition may be made (Ley 1755 art. 17) */
export function completionRequestLimit(calendar: BusinessCalendar, termStart: IsoDate, days: number): IsoDate {
  return addBusinessDays(calendar, termStart, days);
}

/** the last day of the petitioner's month(s) to complete the petition; a non-business last day moves to the next business day */
export function completionDeadline(calendar: BusinessCalendar, requestedOn: IsoDate, months: number): IsoDate {
  let date = addMonths(requestedOn, months);
  while (!isBusinessDay(calendar, date)) date = addDays(date, 1);
  return date;
}

/** the last day of a pause for pruebas: the business days still allowed after `since` */
export function pruebasLimit(calendar: BusinessCalendar, since: IsoDate, maxDays: number, usedDays: number): IsoDate {
  return addBusinessDays(calendar, since, Math.max(0, maxDays - usedDays));
}

/** the business days a pause used: from its start up to the resumption, never past its limit */
export function pausedDays(calendar: BusinessCalendar, since: IsoDate, resumedOn: IsoDate, limit: IsoDate | null): number {
  return businessDaysBetween(calendar, since, limit !== null && resumedOn > limit ? limit : resumedOn);
}

/**
 * The last day to file a recurso: `days` business days after the notification on the office's
 * calendar, and never earlier than the same count without Saturdays: an office that works on
 * Saturdays must not shorten the user's window (when in doubt, the later date).
 */
export function recursoDeadlineOf(calendar: BusinessCalendar, notified: IsoDate, days: number): IsoDate {
  const office = addBusinessDays(calendar, notified, days);
  const withoutSaturdays = addBusinessDays({ ...calendar, saturdayIsBusinessDay: false }, notified, days);
  return office > withoutSaturdays ? office : withoutSaturdays;
}

/** the citación's last day (Ley 1437 art. 68): `days` business days after the decision */
export function citacionDueOf(calendar: BusinessCalendar, decidedOn: IsoDate, days: number): IsoDate {
  return addBusinessDays(calendar, decidedOn, days);
}

/**
 * The aviso (Ley 1437 art. 69): the citación's `days` business days must have passed; `lastWaitDay`
 * is the last of them (an aviso on it or before is early), `from` the first business day after.
 */
export function avisoWindowOf(calendar: BusinessCalendar, citacionOn: IsoDate, days: number): { lastWaitDay: IsoDate; from: IsoDate } {
  const lastWaitDay = addBusinessDays(calendar, citacionOn, days);
  return { lastWaitDay, from: addBusinessDays(calendar, lastWaitDay, 1) };
}

/** publication (art. 69 inciso 2): removed after `days` business days; notified at the end of the next business day */
export function publicationDatesOf(calendar: BusinessCalendar, postedOn: IsoDate, days: number): { removedOn: IsoDate; notifiedOn: IsoDate } {
  const removedOn = addBusinessDays(calendar, postedOn, days);
  return { removedOn, notifiedOn: addBusinessDays(calendar, removedOn, 1) };
}

/** the latest date an extension may give */
export function extensionLimit(calendar: BusinessCalendar, currentDue: IsoDate, term: number): IsoDate {
  return addBusinessDays(calendar, currentDue, term);
}

/** Why an extension is refused (Spanish), or null when it may be granted. */
export function extensionRefusal(
  calendar: BusinessCalendar,
  e: { today: IsoDate; currentDue: IsoDate | null; newDue: IsoDate; term: number; alreadyExtended: boolean; clockRunning: boolean; admitsExtension?: { admits: boolean; typeName: string; rule: string } },
): string | null {
  if (e.admitsExtension && !e.admitsExtension.admits) return `${e.admitsExtension.typeName}: no admite prórroga. ${e.admitsExtension.rule}`;
  if (e.alreadyExtended) return 'La prórroga ya se concedió: la ley permite una sola.';
  if (!e.clockRunning || e.currentDue === null) return 'El término no está corriendo (suspendido, respondido, cerrado o anulado): no se puede prorrogar.';
  if (e.today > e.currentDue) return `El término venció el ${e.currentDue}: la prórroga debe informarse antes del vencimiento.`;
  if (e.newDue <= e.currentDue) return `La nueva fecha debe ser posterior al vencimiento actual (${e.currentDue}).`;
  const limit = extensionLimit(calendar, e.currentDue, e.term);
  if (e.newDue > limit) return `La nueva fecha no puede pasar del ${formatDate(limit)}: el máximo es el doble del término inicial (${e.term} días hábiles más).`;
  if (!isBusinessDay(calendar, e.newDue)) return `El ${e.newDue} no es día hábil en esta oficina.`;
  return null;
}

/** the states in which the term runs */
export const RUNNING_STATES: readonly PqrState[] = ['radicada', 'asignada'];

export function clockRuns(state: PqrState): boolean {
  return RUNNING_STATES.includes(state);
}

export interface Light {
  businessDaysLeft: number | null;
  light: TrafficLight;
}

/** business days strictly after `from` up to and including `to` */
export type Between = (from: IsoDate, to: IsoDate) => number;

/**
 * businessDaysBetween for dates in [from, to], by arithmetic instead of a walk: the business
 * weekdays between two day numbers (whole weeks, then at most six days) less the non-business days
 * of the calendar that fall on a business weekday between them (a binary search in their sorted
 * list). Each distinct date is parsed once; a list of hundreds of PQRs due months apart costs no
 * walk over the calendar at all. Dates outside [from, to] fall back to the plain count (which
 * refuses days the calendar was not loaded for).
 */
export function runningCounter(calendar: BusinessCalendar, from: IsoDate, to: IsoDate): Between {
  const working = [0, 1, 2, 3, 4, 5, 6].map((day) => day !== 0 && (day !== 6 || calendar.saturdayIsBusinessDay));
  const perWeek = working.filter(Boolean).length;
  /** business weekdays among day numbers 0 … n − 1 (day 0, 1 January 1970, was a Thursday) */
  const weekdaysBefore = (n: number): number => {
    const weeks = Math.floor(n / 7);
    let count = weeks * perWeek;
    for (let k = weeks * 7; k < n; k++) if (working[(((k + 4) % 7) + 7) % 7]) count++;
    return count;
  };
  const numbers = new Map<IsoDate, number>();
  const dayNumber = (date: IsoDate): number => {
    let n = numbers.get(date);
    if (n === undefined) {
      if (!isIsoDate(date)) throw new Error(`Fecha inválida: ${date}`);
      n = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
      numbers.set(date, n);
    }
    return n;
  };
  const closed = [...calendar.nonBusinessDays]
    .filter((d) => d >= from && d <= to && isIsoDate(d))
    .map(dayNumber)
    .filter((n) => working[(((n + 4) % 7) + 7) % 7])
    .sort((a, b) => a - b);
  /** non-business days on business weekdays up to day number n included */
  const closedUpTo = (n: number): number => {
    let lo = 0;
    let hi = closed.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (closed[mid] <= n) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return (a, b) => {
    if (b <= a) return 0;
    if (a < from || b > to) return businessDaysBetween(calendar, a, b);
    const x = dayNumber(a);
    const y = dayNumber(b);
    return weekdaysBefore(y + 1) - weekdaysBefore(x + 1) - (closedUpTo(y) - closedUpTo(x));
  };
}

const DAY_MS = 86_400_000;

/** Business days from today to the due date: positive ahead, 0 on the day, negative once past. */
export function businessDaysLeft(calendar: BusinessCalendar, today: IsoDate, due: IsoDate, between: Between = (a, b) => businessDaysBetween(calendar, a, b)): number {
  if (due >= today) return between(today, due);
  return -Math.max(1, between(due, today));
}

export function trafficLight(calendar: BusinessCalendar, today: IsoDate, state: PqrState, due: IsoDate | null, dueSoon: number, between?: Between): Light {
  if (!clockRuns(state) || due === null) return { businessDaysLeft: null, light: 'sin_termino' };
  const left = businessDaysLeft(calendar, today, due, between);
  if (due < today) return { businessDaysLeft: left, light: 'vencida' };
  return { businessDaysLeft: left, light: left <= dueSoon ? 'por_vencer' : 'a_tiempo' };
}
