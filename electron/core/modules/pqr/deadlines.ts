/**
 * The legal term of a PQR in business days, pure functions over an office's BusinessCalendar.
 *
 * - Due date: day 1 is the business day after filing; the term ends on day `term`.
 * - Pause (suspensión): on the day it starts, the business days still left are kept (those strictly
 *   after today up to the due date; 0 when already due). While paused there is no due date.
 * - Resume: 'pruebas' (evidence) gives back only the days that were left, counted from the day after
 *   the resumption. 'completar_peticion' (Ley 1755 art. 17: "the term restarts the day after the
 *   documents arrive") restarts the full term from the resumption date.
 * - Extension (prórroga, art. 14 par.): once, while the current due date has not passed, to a
 *   business day after it and no later than the current due date plus one more full term — which,
 *   when nothing paused the clock, is exactly twice the original term counted from filing
 *   (addBusinessDays(filed, 2 × term)); a pause moves both dates alike.
 * - Traffic light: days left counted from today in business days; overdue when the due date is
 *   before today; due soon within `dueSoon` business days; no light when the clock does not run.
 */
import { addBusinessDays, businessDaysBetween, isBusinessDay, type BusinessCalendar } from '../../../../shared/business-days';
import type { PauseReason, PqrState, TrafficLight } from '../../../../shared/contract';
import { addDays, type IsoDate, formatDate } from '../../../../shared/dates';

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

export function dueDateAfterResume(calendar: BusinessCalendar, resumedOn: IsoDate, reason: PauseReason, remaining: number, term: number): IsoDate {
  return addBusinessDays(calendar, resumedOn, reason === 'completar_peticion' ? term : remaining);
}

/** the latest date an extension may give */
export function extensionLimit(calendar: BusinessCalendar, currentDue: IsoDate, term: number): IsoDate {
  return addBusinessDays(calendar, currentDue, term);
}

/** Why an extension is refused (Spanish), or null when it may be granted. */
export function extensionRefusal(
  calendar: BusinessCalendar,
  e: { today: IsoDate; currentDue: IsoDate | null; newDue: IsoDate; term: number; alreadyExtended: boolean; clockRunning: boolean },
): string | null {
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
 * businessDaysBetween answered from running totals over [from, to] computed once: a list of
 * hundreds of PQRs due months apart costs one walk over the calendar, not one per row.
 */
export function runningCounter(calendar: BusinessCalendar, from: IsoDate, to: IsoDate): Between {
  const upTo = new Map<IsoDate, number>();
  let count = 0;
  for (let date = from; date <= to; date = addDays(date, 1)) {
    if (isBusinessDay(calendar, date)) count++;
    upTo.set(date, count);
  }
  return (a, b) => {
    if (b <= a) return 0;
    const atA = upTo.get(a);
    const atB = upTo.get(b);
    return atA === undefined || atB === undefined ? businessDaysBetween(calendar, a, b) : atB - atA;
  };
}

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
