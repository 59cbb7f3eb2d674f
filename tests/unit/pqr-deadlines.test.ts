/**
 * PQR terms counted by hand from the official Colombian holiday lists, against the pure functions of
 * electron/core/modules/pqr/deadlines.ts. Day 1 is the business day after filing.
 *
 * Holidays 2026 (Ley 51 de 1983 moves; Easter 5 April; Ley 2578 de 2026 adds 9 July → 13 July):
 *   1 Jan, 12 Jan (Reyes), 23 Mar (San José), 2–3 Apr (Jueves/Viernes Santo), 1 May, 18 May
 *   (Ascensión), 8 Jun (Corpus), 15 Jun (Sagrado Corazón), 29 Jun (San Pedro), 13 Jul, 20 Jul, 7 Aug,
 *   17 Aug (Asunción), 12 Oct, 2 Nov (Todos los Santos), 16 Nov (Cartagena), 8 Dec, 25 Dec.
 * Holidays 2027 (Easter 28 March): 1 Jan, 11 Jan, 22 Mar, 25–26 Mar, 1 May (Sat), 10 May, 31 May,
 *   7 Jun, 5 Jul (San Pedro), 12 Jul (9 July), 20 Jul, 7 Aug (Sat), 16 Aug, 18 Oct, 1 Nov, 15 Nov,
 *   8 Dec, 25 Dec (Sat).
 */
import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../../shared/business-days';
import {
  avisoWindowOf,
  businessDaysLeft,
  citacionDueOf,
  completionDeadline,
  completionRequestLimit,
  dayOneOf,
  dueDateAfterResume,
  dueDateOf,
  extensionLimit,
  extensionRefusal,
  pausedDays,
  pruebasLimit,
  publicationDatesOf,
  recursoDeadlineOf,
  remainingAtPause,
  termStartOf,
  trafficLight,
} from '../../electron/core/modules/pqr/deadlines';
import { silencioRecognizeBy } from '../../electron/core/modules/pqr/legalActs';

const HOLIDAYS_2026 = ['2026-01-01', '2026-01-12', '2026-03-23', '2026-04-02', '2026-04-03', '2026-05-01', '2026-05-18', '2026-06-08', '2026-06-15', '2026-06-29', '2026-07-13', '2026-07-20', '2026-08-07', '2026-08-17', '2026-10-12', '2026-11-02', '2026-11-16', '2026-12-08', '2026-12-25'];
const HOLIDAYS_2027 = ['2027-01-01', '2027-01-11', '2027-03-22', '2027-03-25', '2027-03-26', '2027-05-01', '2027-05-10', '2027-05-31', '2027-06-07', '2027-07-05', '2027-07-12', '2027-07-20', '2027-08-07', '2027-08-16', '2027-10-18', '2027-11-01', '2027-11-15', '2027-12-08', '2027-12-25'];

const calendar = (saturdayIsBusinessDay = false): BusinessCalendar => ({ saturdayIsBusinessDay, nonBusinessDays: new Set([...HOLIDAYS_2026, ...HOLIDAYS_2027]) });
const co = calendar();

describe('due date of a PQR, counted by hand', () => {
  it('filed on Friday 9 January 2026, before the Monday holiday of Reyes (12 Jan)', () => {
    // Tue 13 (1) 14 15 16 (4), 19–23 (5–9), 26–30 (10–14), Mon 2 Feb (15)
    expect(dayOneOf(co, '2026-01-09')).toBe('2026-01-13');
    expect(dueDateOf(co, '2026-01-09', 15)).toBe('2026-02-02');
  });

  it('during Semana Santa 2026 (Jueves and Viernes Santo 2–3 April)', () => {
    // filed Wed 1 Apr: Mon 6 (1) … Fri 10 (5), 13–17 (6–10), 20–24 (11–15)
    expect(dueDateOf(co, '2026-04-01', 15)).toBe('2026-04-24');
    expect(dueDateOf(co, '2026-04-01', 10)).toBe('2026-04-17');
    // filed on Jueves Santo itself: day 1 is still Monday 6 April
    expect(dayOneOf(co, '2026-04-02')).toBe('2026-04-06');
    expect(dueDateOf(co, '2026-04-02', 15)).toBe('2026-04-24');
  });

  it('during Semana Santa 2027 (25–26 March) and after San José (22 March)', () => {
    // filed Wed 24 Mar: Mon 29 (1) 30 31 1 Apr 2 Apr (5), 5–9 (6–10), 12–16 (11–15)
    expect(dueDateOf(co, '2027-03-24', 15)).toBe('2027-04-16');
    // filed Fri 19 Mar: Tue 23 (1) Wed 24 (2), Mon 29 (3) … Fri 2 Apr (7), 5–9 (8–12), 12 13 14 (13–15)
    expect(dueDateOf(co, '2027-03-19', 15)).toBe('2027-04-14');
    // a consulta (30 days): 29 Mar–2 Apr (1–5), 5–9 (6–10), 12–16 (11–15), 19–23 (16–20), 26–30 (21–25), 3–7 May (26–30)
    expect(dueDateOf(co, '2027-03-24', 30)).toBe('2027-05-07');
  });

  it('filed on 24 December 2026', () => {
    // Fri 25 holiday; Mon 28 (1) 29 30 31 (4), 1 Jan holiday, 4–8 Jan (5–9), 11 Jan holiday, 12–15 (10–13), 18 (14), 19 (15)
    expect(dueDateOf(co, '2026-12-24', 15)).toBe('2027-01-19');
  });

  it('filed on 31 December 2026', () => {
    // 1 Jan holiday; 4–8 Jan (1–5), 11 holiday, 12–15 (6–9), 18–22 (10–14), Mon 25 (15)
    expect(dueDateOf(co, '2026-12-31', 15)).toBe('2027-01-25');
  });

  it('filed on Saturday 21 March 2026, when Saturdays do not count and when they do', () => {
    // Mon 23 San José. Saturdays off: Tue 24 (1) 25 26 27 (4), 30 31 1 Apr (5–7), 2–3 Santo, 6–10 (8–12), 13 14 15 (13–15)
    expect(dueDateOf(co, '2026-03-21', 15)).toBe('2026-04-15');
    // Saturdays count: 24 25 26 27 Sat 28 (1–5), 30 31 1 Apr (6–8), Sat 4 Apr (9), 6–10 (10–14), Sat 11 (15)
    expect(dueDateOf(calendar(true), '2026-03-21', 15)).toBe('2026-04-11');
  });
});

describe('pause and resume', () => {
  it('evidence (pruebas) for 4 business days moves the due date 4 business days', () => {
    // filed 9 Jan, due 2 Feb; paused Tue 20 Jan: left 21 22 23 26 27 28 29 30, 2 Feb = 9
    expect(remainingAtPause(co, '2026-01-20', '2026-02-02')).toBe(9);
    // resumed Mon 26 Jan (stopped 21, 22, 23, 26): 27 (1) … 30 (4), 2 Feb (5) … 6 Feb (9)
    expect(dueDateAfterResume(co, '2026-01-26', 9)).toBe('2026-02-06');
  });

  it('a completed petition (art. 17 "se reactivará") resumes with the days that were left, never the whole term again', () => {
    // the same 9 days left, resumed Mon 26 Jan: 6 Feb, not 16 Feb (a restarted 15-day term)
    expect(dueDateAfterResume(co, '2026-01-26', 9)).toBe('2026-02-06');
  });

  it('resumed after the pruebas limit, the days left count from the limit', () => {
    // paused Tue 20 Jan with 26 of 30 days already used: limit = 21 22 23 26 → Mon 26 Jan
    const limit = pruebasLimit(co, '2026-01-20', 30, 26);
    expect(limit).toBe('2026-01-26');
    // resumed Tue 3 Feb, a week late: the 9 days run from 26 Jan → 27–30 (1–4), 2–6 Feb (5–9)
    expect(dueDateAfterResume(co, '2026-02-03', 9, limit)).toBe('2026-02-06');
    // and the pause used only the 4 days up to its limit
    expect(pausedDays(co, '2026-01-20', '2026-02-03', limit)).toBe(4);
    expect(pausedDays(co, '2026-01-20', '2026-01-23', limit)).toBe(3);
  });

  it('a pause on or after the due date keeps 0 days', () => {
    expect(remainingAtPause(co, '2026-02-02', '2026-02-02')).toBe(0);
    expect(remainingAtPause(co, '2026-02-04', '2026-02-02')).toBe(0);
  });
});

describe('the one extension', () => {
  const base = { today: '2026-01-30', currentDue: '2026-02-02', term: 15, alreadyExtended: false, clockRunning: true };

  it('may reach twice the term from filing and no further', () => {
    // 2 × 15 from 9 Jan: due 2 Feb + 15 = 3–6 Feb (1–4), 9–13 (5–9), 16–20 (10–14), Mon 23 Feb (15)
    expect(extensionLimit(co, '2026-02-02', 15)).toBe('2026-02-23');
    expect(extensionLimit(co, '2026-02-02', 15)).toBe(dueDateOf(co, '2026-01-09', 30));
    expect(extensionRefusal(co, { ...base, newDue: '2026-02-23' })).toBeNull();
    expect(extensionRefusal(co, { ...base, newDue: '2026-02-24' })).toContain('no puede pasar del 23/02/2026');
  });

  it('is refused twice, after the due date, to an earlier date or a non-business day', () => {
    expect(extensionRefusal(co, { ...base, newDue: '2026-02-10', alreadyExtended: true })).toContain('una sola');
    expect(extensionRefusal(co, { ...base, today: '2026-02-03', newDue: '2026-02-10' })).toContain('venció el 2026-02-02');
    expect(extensionRefusal(co, { ...base, newDue: '2026-02-02' })).toContain('posterior');
    expect(extensionRefusal(co, { ...base, newDue: '2026-02-14' })).toContain('no es día hábil');
    expect(extensionRefusal(co, { ...base, newDue: '2026-02-10', clockRunning: false })).toContain('no está corriendo');
    // on the due date itself it is still in time
    expect(extensionRefusal(co, { ...base, today: '2026-02-02', newDue: '2026-02-10' })).toBeNull();
  });
});

describe('traffic light (due soon = 3 business days)', () => {
  const light = (today: string, state: 'asignada' | 'suspendida' | 'respondida' = 'asignada', due: string | null = '2026-02-02') => trafficLight(co, today, state, due, 3);

  it('on time, due soon, overdue', () => {
    expect(light('2026-01-09')).toEqual({ businessDaysLeft: 15, light: 'a_tiempo' });
    // 27 Jan: 28 29 30 2 Feb = 4 left
    expect(light('2026-01-27')).toEqual({ businessDaysLeft: 4, light: 'a_tiempo' });
    expect(light('2026-01-28')).toEqual({ businessDaysLeft: 3, light: 'por_vencer' });
    expect(light('2026-02-02')).toEqual({ businessDaysLeft: 0, light: 'por_vencer' });
    expect(light('2026-02-03')).toEqual({ businessDaysLeft: -1, light: 'vencida' });
    // a weekend after the due date is still one day late, not zero
    expect(businessDaysLeft(co, '2026-02-07', '2026-02-06')).toBe(-1);
  });

  it('no light when the clock does not run', () => {
    expect(light('2026-02-10', 'suspendida', null)).toEqual({ businessDaysLeft: null, light: 'sin_termino' });
    expect(light('2026-02-10', 'respondida')).toEqual({ businessDaysLeft: null, light: 'sin_termino' });
  });
});

describe('the day the term counts from (received, and the closing hour)', () => {
  const received = (date: string, time: string) => ({ date, time });

  it('a petition received on Friday 9 January 2026 after the 17:00 closing counts from Tuesday 13 (Monday 12 is Reyes)', () => {
    // after closing: as if received Tue 13 → day 1 Wed 14; 14 15 16 (3), 19–23 (4–8), 26–30 (9–13), 2 Feb (14), 3 Feb (15)
    const start = termStartOf(co, received('2026-01-09', '17:30'), '17:00');
    expect(start).toBe('2026-01-13');
    expect(dueDateOf(co, start, 15)).toBe('2026-02-03');
    // at 16:59 and at 17:00 sharp it counts that Friday: due Mon 2 Feb
    expect(termStartOf(co, received('2026-01-09', '16:59'), '17:00')).toBe('2026-01-09');
    expect(termStartOf(co, received('2026-01-09', '17:00'), '17:00')).toBe('2026-01-09');
    // an office without a closing hour: that Friday
    expect(termStartOf(co, received('2026-01-09', '23:50'), null)).toBe('2026-01-09');
  });

  it('a petition received on a Saturday keeps its date: day 1 is the next business day (the earlier reading)', () => {
    // Sat 10 Jan: Sun 11, Mon 12 Reyes → day 1 Tue 13, due 2 Feb as if filed on Friday 9
    expect(termStartOf(co, received('2026-01-10', '20:00'), '17:00')).toBe('2026-01-10');
    expect(dueDateOf(co, '2026-01-10', 15)).toBe('2026-02-02');
  });

  it('received on Wednesday 1 April 2026 after closing: Jueves Santo counts from Monday 6 April', () => {
    // next business day after Wed 1 Apr: Thu 2 and Fri 3 are holy days → Mon 6; day 1 Tue 7; 7–10 (4), 13–17 (9), 20–24 (14), Mon 27 (15)
    const start = termStartOf(co, received('2026-04-01', '18:10'), '17:00');
    expect(start).toBe('2026-04-06');
    expect(dueDateOf(co, start, 15)).toBe('2026-04-27');
  });
});

describe('incomplete petition (Ley 1755 art. 17)', () => {
  it('the request to complete is made within 10 business days of the receipt', () => {
    // received Fri 9 Jan 2026: 13 14 15 16 (4), 19–23 (5–9), Mon 26 (10)
    expect(completionRequestLimit(co, '2026-01-09', 10)).toBe('2026-01-26');
    // across Semana Santa: received Wed 1 Apr: 6–10 (1–5), 13–17 (6–10)
    expect(completionRequestLimit(co, '2026-04-01', 10)).toBe('2026-04-17');
  });

  it('the petitioner has one calendar month; a last day that is not a business day moves to the next one', () => {
    // asked Mon 26 Jan 2026 → Thu 26 Feb
    expect(completionDeadline(co, '2026-01-26', 1)).toBe('2026-02-26');
    // asked Fri 30 Jan → 30 Feb does not exist: Sat 28 Feb → Mon 2 Mar
    expect(completionDeadline(co, '2026-01-30', 1)).toBe('2026-03-02');
    // across 31 December: asked Thu 31 Dec 2026 → Sun 31 Jan 2027 → Mon 1 Feb 2027
    expect(completionDeadline(co, '2026-12-31', 1)).toBe('2027-02-01');
  });
});

describe('pause for pruebas (CPACA art. 79 as reference, 30 business days)', () => {
  it('the limit counts the business days still allowed', () => {
    // paused Tue 20 Jan 2026: 21 22 23 (3), 26–30 (8), 2–6 Feb (13), 9–13 (18), 16–20 (23), 23–27 (28), 2 Mar (29), 3 Mar (30)
    expect(pruebasLimit(co, '2026-01-20', 30, 0)).toBe('2026-03-03');
    // across Semana Santa and San José: paused Mon 16 Mar, 15 days: 17–20 (4), 23 holiday, 24–27 (8), 30 31 1 Apr (11), 2–3 holy, 6–9 (15)
    expect(pruebasLimit(co, '2026-03-16', 15, 0)).toBe('2026-04-09');
  });
});

describe('notification (Ley 1437 arts. 68–69) and the recurso window (Ley 142 art. 154)', () => {
  it('the citación is sent within 5 business days of the decision; day 7 is late', () => {
    // decision Thu 5 Nov 2026: 6 (1), 9 10 11 12 (2–5) → 12 Nov; day 6 = 13, day 7 = Tue 17 (Mon 16 Cartagena)
    expect(citacionDueOf(co, '2026-11-05', 5)).toBe('2026-11-12');
    expect(dueDateOf(co, '2026-11-05', 7)).toBe('2026-11-17');
  });

  it('the aviso only after the 5 business days of the citación: days 4 and 5 are early', () => {
    // citación Thu 5 Nov 2026: 6 (1), 9 (2), 10 (3), 11 (4), 12 (5) → the aviso from Fri 13
    expect(avisoWindowOf(co, '2026-11-05', 5)).toEqual({ lastWaitDay: '2026-11-12', from: '2026-11-13' });
    // a citación on Friday 13 Nov, before the Monday holiday: 17 (1) 18 19 20 (4) 23 (5) → from Tue 24
    expect(avisoWindowOf(co, '2026-11-13', 5)).toEqual({ lastWaitDay: '2026-11-23', from: '2026-11-24' });
  });

  it('publication for 5 business days across Semana Santa: notified at the end of the next business day', () => {
    // posted Mon 30 Mar 2026: 31 (1), 1 Apr (2), 2–3 holy, 6 7 8 (3–5) → removed Wed 8; notified Thu 9
    expect(publicationDatesOf(co, '2026-03-30', 5)).toEqual({ removedOn: '2026-04-08', notifiedOn: '2026-04-09' });
  });

  it('a Saturday counted as business day never shortens the recurso window: the later date wins', () => {
    // notified Fri 13 Nov 2026. Office open Saturdays: Sat 14 (1), Mon 16 holiday, 17 18 19 20 (2–5) → 20 Nov.
    // Without Saturdays: 17 18 19 20 (1–4), Mon 23 (5) → 23 Nov: the later one is the window
    expect(recursoDeadlineOf(calendar(true), '2026-11-13', 5)).toBe('2026-11-23');
    expect(recursoDeadlineOf(co, '2026-11-13', 5)).toBe('2026-11-23');
    // across 31 December: notified Wed 30 Dec 2026: 31 (1), 1 Jan holiday, Mon 4 – Thu 7 (2–5) → 7 Jan 2027;
    // counting Saturday 2 Jan it would be Wed 6 Jan: still 7 Jan
    expect(recursoDeadlineOf(calendar(true), '2026-12-30', 5)).toBe('2027-01-07');
  });
});

describe('silencio positivo (Ley 142 art. 158)', () => {
  it('is recognised within 72 hours of the due date', () => {
    // due Mon 2 Feb 2026: the 72 hours run out at the end of Thu 5 Feb
    expect(silencioRecognizeBy('2026-02-02', 72)).toBe('2026-02-05');
  });
});

describe('the extension and the Ley 142 types', () => {
  it('a type that admits no extension is refused with the rule of the table', () => {
    const refusal = extensionRefusal(co, {
      today: '2026-01-30',
      currentDue: '2026-02-02',
      newDue: '2026-02-10',
      term: 15,
      alreadyExtended: false,
      clockRunning: true,
      admitsExtension: { admits: false, typeName: 'Reclamo', rule: 'Norma especial (Ley 142 de 1994, art. 158).' },
    });
    expect(refusal).toBe('Reclamo: no admite prórroga. Norma especial (Ley 142 de 1994, art. 158).');
  });
});
