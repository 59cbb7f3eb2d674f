/** The schedule of a payment agreement: French system in integer pesos, the last installment absorbing the rounding. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildSchedule, downPaymentFor, installmentDueDate, monthlyRate, unpaidPrincipal } from '../../shared/agreementSchedule';

describe('buildSchedule', () => {
  it('matches a schedule counted by hand', () => {
    /*
     * $ 1.000.000 at 12 % E.A. in 3 installments.
     * monthly rate r = 1,12^(1/12) − 1 = 0,0094888 (0,94888 %)
     * installment = 1.000.000 × r / (1 − (1 + r)^−3) = 339.679,4 → $ 339.679
     * 1: interest 1.000.000 × r = 9.488,8 → 9.489; principal 339.679 − 9.489 = 330.190; left 669.810
     * 2: interest   669.810 × r = 6.355,7 → 6.356; principal 339.679 − 6.356 = 333.323; left 336.487
     * 3: interest   336.487 × r = 3.192,9 → 3.193; principal = what is left, 336.487; total 339.680
     * interest 9.489 + 6.356 + 3.193 = 19.038; principal 1.000.000; total 1.019.038
     */
    expect(monthlyRate(1_200)).toBeCloseTo(0.0094888, 7);
    const s = buildSchedule({ principal: 1_000_000, annualRateBp: 1_200, installments: 3, firstDueDate: '2026-01-31', dayOfMonth: 31 });
    expect(s.lines.map((l) => [l.number, l.dueDate, l.principal, l.interest, l.total, l.balanceAfter])).toEqual([
      [1, '2026-01-31', 330_190, 9_489, 339_679, 669_810],
      [2, '2026-02-28', 333_323, 6_356, 339_679, 336_487],
      [3, '2026-03-31', 336_487, 3_193, 339_680, 0],
    ]);
    expect([s.installment, s.totalPrincipal, s.totalInterest, s.total]).toEqual([339_679, 1_000_000, 19_038, 1_019_038]);
  });

  it('without interest divides in equal parts, the last one taking the remainder', () => {
    // 100.000 / 3 = 33.333 (remainder 1): 33.333, 33.333, 33.334
    const s = buildSchedule({ principal: 100_000, annualRateBp: 0, installments: 3, firstDueDate: '2026-05-10', dayOfMonth: 10 });
    expect(s.lines.map((l) => [l.principal, l.interest, l.total])).toEqual([
      [33_333, 0, 33_333],
      [33_333, 0, 33_333],
      [33_334, 0, 33_334],
    ]);
  });

  it('moves each due date with the office calendar', () => {
    // 2026-06-15 is a Monday holiday (Sagrado Corazón); the callback moves it to Tuesday the 16th
    const s = buildSchedule({ principal: 90_000, annualRateBp: 0, installments: 2, firstDueDate: '2026-05-15', dayOfMonth: 15, toBusinessDay: (d) => (d === '2026-06-15' ? '2026-06-16' : d) });
    expect(s.lines.map((l) => l.dueDate)).toEqual(['2026-05-15', '2026-06-16']);
  });

  it('keeps the day of the month, clamped to short months', () => {
    expect(installmentDueDate('2026-01-30', 30, 2)).toBe('2026-02-28');
    expect(installmentDueDate('2026-01-30', 30, 3)).toBe('2026-03-30');
    expect(installmentDueDate('2026-11-05', 5, 3)).toBe('2027-01-05');
    // the first due date is the one chosen even when the later ones fall on another day of the month
    expect(installmentDueDate('2026-01-31', 15, 1)).toBe('2026-01-31');
    expect(installmentDueDate('2026-01-31', 15, 2)).toBe('2026-02-15');
  });

  it('down payment by percentage rounds up to the peso; principal unpaid counts interest first', () => {
    expect(downPaymentFor(333_333, 1_700)).toBe(56_667); // 56.666,61 → 56.667
    expect(unpaidPrincipal({ principal: 30_000, total: 33_000 }, 33_000)).toBe(30_000);
    expect(unpaidPrincipal({ principal: 30_000, total: 33_000 }, 10_000)).toBe(10_000);
    expect(unpaidPrincipal({ principal: 30_000, total: 33_000 }, 0)).toBe(0);
  });

  it('refuses what is not money or not a count', () => {
    expect(() => buildSchedule({ principal: -1, annualRateBp: 0, installments: 2, firstDueDate: '2026-01-01', dayOfMonth: 1 })).toThrow('principal must be a non-negative integer');
    expect(() => buildSchedule({ principal: 10.5, annualRateBp: 0, installments: 2, firstDueDate: '2026-01-01', dayOfMonth: 1 })).toThrow();
    expect(() => buildSchedule({ principal: 10, annualRateBp: 0, installments: 0, firstDueDate: '2026-01-01', dayOfMonth: 1 })).toThrow('installments must be a positive integer');
    expect(() => buildSchedule({ principal: 10, annualRateBp: -1, installments: 1, firstDueDate: '2026-01-01', dayOfMonth: 1 })).toThrow('annualRateBp must be a non-negative integer');
  });
});

describe('the money rules of a schedule (properties)', () => {
  const input = fc.record({
    debt: fc.integer({ min: 1, max: 500_000_000 }),
    downBp: fc.integer({ min: 0, max: 10_000 }),
    annualRateBp: fc.integer({ min: 0, max: 4_000 }),
    installments: fc.integer({ min: 1, max: 60 }),
  });

  it('down payment + the principals = the financed debt, to the peso; interest adds up; nothing negative', () => {
    fc.assert(
      fc.property(input, ({ debt, downBp, annualRateBp, installments }) => {
        const down = Math.min(debt, downPaymentFor(debt, downBp));
        const s = buildSchedule({ principal: debt - down, annualRateBp, installments, firstDueDate: '2026-01-15', dayOfMonth: 15 });
        expect(down + s.lines.reduce((a, l) => a + l.principal, 0)).toBe(debt);
        expect(s.lines.reduce((a, l) => a + l.interest, 0)).toBe(s.totalInterest);
        expect(s.total).toBe(s.totalPrincipal + s.totalInterest);
        for (const l of s.lines) {
          expect(Number.isInteger(l.principal) && Number.isInteger(l.interest)).toBe(true);
          expect(l.principal).toBeGreaterThanOrEqual(0);
          expect(l.interest).toBeGreaterThanOrEqual(0);
          expect(l.total).toBe(l.principal + l.interest);
        }
        expect(s.lines[s.lines.length - 1].balanceAfter).toBe(0);
        if (annualRateBp === 0) expect(s.totalInterest).toBe(0);
      }),
    );
  });

  it('every installment but the last is the fixed one; the last differs only by the rounding', () => {
    fc.assert(
      // a debt of at least $ 100.000 (the service refuses installments below $ 1.000, so smaller ones never get here)
      fc.property(input.filter(({ debt, installments }) => debt >= 1_000 * installments), ({ debt, annualRateBp, installments }) => {
        const s = buildSchedule({ principal: debt, annualRateBp, installments, firstDueDate: '2026-01-15', dayOfMonth: 15 });
        const fixedOnes = s.lines.slice(0, -1).filter((l) => l.total !== s.installment);
        // a fixed installment smaller than the interest cannot happen for these rates and amounts
        expect(fixedOnes).toEqual([]);
        // each month's two roundings (the fixed installment, the interest) move the balance by at most 1,
        // and that error then earns interest: |e_n| ≤ Σ (1 + r)^j ≤ n (1 + r)^n
        const bound = installments * Math.pow(1 + monthlyRate(annualRateBp), installments);
        expect(Math.abs(s.lines[s.lines.length - 1].total - s.installment)).toBeLessThanOrEqual(bound);
      }),
    );
  });
});
