/**
 * The edges of the PQR term functions (electron/core/modules/pqr/deadlines.ts) that the counted
 * cases do not reach: a PQR just filed (radicada) already has its light, a running clock with no
 * due date gets neither a light nor an extension, and the fast counter the inbox uses for hundreds
 * of rows answers exactly as the plain count, also for dates outside the window it precomputed.
 * Holidays of 2026 as in tests/unit/pqr-deadlines.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { businessDaysBetween, type BusinessCalendar } from '../../shared/business-days';
import { addDays } from '../../shared/dates';
import { businessDaysLeft, extensionRefusal, runningCounter, trafficLight } from '../../electron/core/modules/pqr/deadlines';

const co: BusinessCalendar = {
  saturdayIsBusinessDay: false,
  nonBusinessDays: new Set(['2026-01-01', '2026-01-12', '2026-03-23', '2026-04-02', '2026-04-03', '2026-05-01', '2026-05-18', '2026-06-08', '2026-06-15', '2026-06-29']),
};

describe('the light of a PQR', () => {
  it('a PQR just filed (radicada, not yet assigned) already counts its days', () => {
    // filed 9 Jan, due Mon 2 Feb; on Tue 27 Jan: 28 29 30, 2 Feb = 4 left
    expect(trafficLight(co, '2026-01-27', 'radicada', '2026-02-02', 3)).toEqual({ businessDaysLeft: 4, light: 'a_tiempo' });
    expect(trafficLight(co, '2026-02-03', 'radicada', '2026-02-02', 3)).toEqual({ businessDaysLeft: -1, light: 'vencida' });
  });

  it('no due date: no light, even in a state where the clock runs', () => {
    expect(trafficLight(co, '2026-01-27', 'asignada', null, 3)).toEqual({ businessDaysLeft: null, light: 'sin_termino' });
  });

  it('no extension without a due date, even with the clock running', () => {
    expect(extensionRefusal(co, { today: '2026-01-27', currentDue: null, newDue: '2026-02-10', term: 15, alreadyExtended: false, clockRunning: true })).toBe(
      'El término no está corriendo (suspendido, respondido, cerrado o anulado): no se puede prorrogar.',
    );
  });
});

describe('the inbox\'s fast counter', () => {
  // precomputed for January 2026 only
  const between = runningCounter(co, '2026-01-01', '2026-01-31');

  it('inside its window it answers as the plain count', () => {
    // Fri 9 Jan → Fri 30 Jan: 13 14 15 16, 19–23, 26–30 = 14 (Mon 12 is Reyes)
    expect(between('2026-01-09', '2026-01-30')).toBe(14);
    for (let a = '2026-01-01'; a <= '2026-01-31'; a = addDays(a, 3)) {
      for (let b = a; b <= '2026-01-31'; b = addDays(b, 4)) expect(between(a, b), `${a} → ${b}`).toBe(businessDaysBetween(co, a, b));
    }
  });

  it('outside its window it still counts right: a due date in March, a today in December', () => {
    // 30 Jan → 6 Mar: 2–6 Feb (5), 9–13 (10), 16–20 (15), 23–27 (20), 2–6 Mar (25)
    expect(between('2026-01-30', '2026-03-06')).toBe(25);
    expect(between('2025-12-30', '2026-01-09')).toBe(businessDaysBetween(co, '2025-12-30', '2026-01-09'));
    expect(businessDaysLeft(co, '2026-01-30', '2026-03-06', between)).toBe(25);
  });

  it('a date not after the first is 0 days, as the plain count says', () => {
    expect(between('2026-01-20', '2026-01-20')).toBe(0);
    expect(between('2026-01-30', '2026-01-09')).toBe(0);
  });
});

describe('the fast counter over two years of holidays (the lights of the tray do not change)', () => {
  // Colombian holidays of 2025 and 2026 (Ley 51 de 1983); 20 Jul 2025 falls on a Sunday, and an office closure on Saturday 7 Mar 2026
  const holidays = [
    '2025-01-01', '2025-01-06', '2025-03-24', '2025-04-17', '2025-04-18', '2025-05-01', '2025-06-02', '2025-06-23', '2025-06-30', '2025-07-20',
    '2025-08-07', '2025-08-18', '2025-10-13', '2025-11-03', '2025-11-17', '2025-12-08', '2025-12-25',
    '2026-01-01', '2026-01-12', '2026-03-07', '2026-03-23', '2026-04-02', '2026-04-03', '2026-05-01', '2026-05-18', '2026-06-08', '2026-06-15',
    '2026-06-29', '2026-07-20', '2026-08-07', '2026-08-17', '2026-10-12', '2026-11-02', '2026-11-16', '2026-12-08', '2026-12-25',
  ];
  const calendars: [string, BusinessCalendar][] = [
    ['Saturdays off', { saturdayIsBusinessDay: false, nonBusinessDays: new Set(holidays) }],
    ['Saturdays worked', { saturdayIsBusinessDay: true, nonBusinessDays: new Set(holidays) }],
  ];

  it.each(calendars)('%s: pairs of dates up to 100 days apart, and a few a year or more apart, answer as the plain count', (_, calendar) => {
    const between = runningCounter(calendar, '2025-01-01', '2026-12-31');
    // by hand, Saturdays off: Wed 16 Apr 2025 → Mon 21 Apr: Thu 17 and Fri 18 are Semana Santa, so only Mon 21 = 1
    if (!calendar.saturdayIsBusinessDay) expect(between('2025-04-16', '2025-04-21')).toBe(1);
    let pairs = 0;
    for (let a = '2025-01-01'; a <= '2026-12-31'; a = addDays(a, 9)) {
      for (let b = a; b <= '2026-12-31' && b <= addDays(a, 100); b = addDays(b, 3)) {
        expect(between(a, b), `${a} → ${b}`).toBe(businessDaysBetween(calendar, a, b));
        pairs++;
      }
    }
    for (let b = '2026-01-01'; b <= '2026-12-31'; b = addDays(b, 29)) expect(between('2025-01-01', b), `2025-01-01 → ${b}`).toBe(businessDaysBetween(calendar, '2025-01-01', b));
    expect(pairs).toBeGreaterThan(2500);
  });

  it.each(calendars)('%s: the lights of 400 PQRs in every state, due across both years, are those of the plain count', (_, calendar) => {
    const states = ['radicada', 'asignada', 'respondida', 'suspendida', 'cerrada'] as const;
    const between = runningCounter(calendar, '2025-01-01', '2026-12-31');
    const lights = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const today = addDays('2025-03-01', (i * 37) % 600);
      const due = i % 17 === 0 ? null : addDays(today, ((i * 53) % 61) - 20);
      const state = states[i % states.length];
      const fast = trafficLight(calendar, today, state, due, 3, between);
      expect(fast, `${state} due ${due} seen ${today}`).toEqual(trafficLight(calendar, today, state, due, 3));
      lights.add(fast.light);
    }
    expect([...lights].sort()).toEqual(['a_tiempo', 'por_vencer', 'sin_termino', 'vencida']);
  });
});
