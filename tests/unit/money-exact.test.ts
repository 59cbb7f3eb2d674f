/** Exact money past 2^53 (shared/money.ts): sums of reports and closings, and their text. */
import { describe, expect, it } from 'vitest';
import { absExact, exactOf, formatMoney, signOf, sumExact } from '../../shared/money';

describe('exact amounts', () => {
  it('adds past 2^53 without rounding: 9.007.199.254.740.991 + 2', () => {
    // as JS numbers the sum is 9007199254740992 (the 3 is lost)
    expect(9_007_199_254_740_991 + 2).toBe(9_007_199_254_740_992);
    expect(sumExact(['9007199254740991', 2])).toBe('9007199254740993');
    expect(sumExact([])).toBe('0');
  });

  it('formats an exact amount like a number, grouping with dots; US$ keeps its cents', () => {
    expect(formatMoney('9007199254740993')).toBe('$ 9.007.199.254.740.993');
    expect(formatMoney('-2300')).toBe('-$ 2.300');
    expect(formatMoney(2_300n)).toBe('$ 2.300');
    expect(formatMoney('900719925474099305', 'USD')).toBe('US$ 9.007.199.254.740.993,05');
    // the same text as the number form for safe amounts
    for (const n of [0, 5, 1_000, 154_300, -54_700]) expect(formatMoney(String(n))).toBe(formatMoney(n));
  });

  it('sign and absolute value of an exact difference; anything but an integer is refused', () => {
    expect([signOf('-9007199254740993'), signOf('0'), signOf(7)]).toEqual([-1, 0, 1]);
    expect(absExact('-9007199254740993')).toBe('9007199254740993');
    expect(() => exactOf('12.5')).toThrow(RangeError);
    expect(() => exactOf(2 ** 60)).toThrow(RangeError);
  });
});
