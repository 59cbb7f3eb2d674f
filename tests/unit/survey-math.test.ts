import { describe, expect, it } from 'vitest';
import { allocate, csat, marginAchieved, nps, nsu, sampleSize } from '../../shared/surveyMath';

describe('the sample size for a margin of error (Cochran 1977, eqs. 4.1–4.2)', () => {
  it('gives the sizes counted by hand', () => {
    // n0 = 1.96² × 0.25 / 0.05² = 384.16
    expect(sampleSize(10_000, 0.05)).toBe(370); // 384.16 / (1 + 383.16/10000) = 369.98 → 370
    expect(sampleSize(1_000, 0.05)).toBe(278); // 384.16 / 1.38316 = 277.74 → 278
    expect(sampleSize(200_000, 0.05)).toBe(384); // 383.42 → 384
    // 3 %: n0 = 1067.11; N = 50,000 → 1067.11 / 1.02132 = 1044.8 → 1045
    expect(sampleSize(50_000, 0.03)).toBe(1045);
    // 99 %, 5 %: n0 = 2.576² × 0.25 / 0.0025 = 663.58; N = 5,000 → 663.58 / 1.13252 = 585.9 → 586
    expect(sampleSize(5_000, 0.05, 99)).toBe(586);
    // a tiny population: never more than it has
    expect(sampleSize(30, 0.05)).toBe(28); // 384.16 / 13.772 = 27.9 → 28
    expect(sampleSize(0, 0.05)).toBe(0);
  });

  it('allocates in proportion to the strata, the parts adding up to the sample', () => {
    // 370 over 5,000 / 3,000 / 2,000: 185, 111, 74 exactly
    expect(allocate([5_000, 3_000, 2_000], 370)).toEqual([185, 111, 74]);
    // 2 over 1/1/1: 0.67 each → 1, 1, 0 (equal remainders: the first strata win)
    expect(allocate([1, 1, 1], 2)).toEqual([1, 1, 0]);
    // 5 over 7/2/1: 3.5, 1.0, 0.5 → 3, 1, 0 and the one left to the first .5 → 4, 1, 0
    expect(allocate([7, 2, 1], 5)).toEqual([4, 1, 0]);
  });
});

describe('the indicators computed by hand', () => {
  it('NPS = % promoters − % detractors; NSU = mean × 10; CSAT = % satisfied', () => {
    // 10, 9, 9 promoters; 8, 7 passives; 6, 3 detractors: (3 − 2) / 7 = 14.3
    expect(nps([10, 9, 9, 8, 7, 6, 3])).toBe(14.3);
    // mean 52 / 7 = 7.43 → 74.3
    expect(nsu([10, 9, 9, 8, 7, 6, 3])).toBe(74.3);
    // yes, yes, no, 7, 6: 3 of 5 = 60
    expect(csat([true, true, false, 7, 6])).toBe(60);
    expect(nps([])).toBeNull();
  });
});

describe('the margin of error achieved with the answers received', () => {
  it('is the inverse of the sample size, counted by hand', () => {
    // N = 14, n = 10, 95 %: 1.96 × √(0.25/10) × √(4/13) = 1.96 × 0.158114 × 0.554700 = 0.171903
    expect(marginAchieved(14, 10)).toBeCloseTo(0.171903, 5);
    // the size for 5 % of 10,000 is 370: its margin is at most 5 % (4.9999…)
    expect(marginAchieved(10_000, 370)!).toBeLessThanOrEqual(0.05);
    expect(marginAchieved(10_000, 369)!).toBeGreaterThan(0.05);
    expect(marginAchieved(14, 14)).toBe(0);
    expect(marginAchieved(14, 0)).toBeNull();
  });
});
