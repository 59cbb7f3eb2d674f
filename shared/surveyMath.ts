/**
 * The arithmetic of satisfaction surveys, pure (the back office computes with it; the screen shows
 * the sample size as the margin is typed).
 *
 * Sample size for a proportion with a margin of error e at confidence z, worst case p = 0.5, with the
 * finite population correction (W. G. Cochran, Sampling Techniques, 3rd ed., Wiley 1977, §4.4,
 * eqs. 4.1–4.2):  n0 = z²·p·(1−p) / e²,  n = n0 / (1 + (n0 − 1)/N), rounded up.
 *   e = 5 %, 95 % (z = 1.96): n0 = 384.16 → N = 10,000 gives 370; N = 1,000 gives 278.
 * The sample is allocated to the strata (office × use × estrato) in proportion to their size
 * (Cochran §5.5, proportional allocation), rounded by largest remainder so the parts add up to n.
 *
 * Indicators (each over the answers to the questions marked for it):
 * - NPS (Reichheld, "The One Number You Need to Grow", Harvard Business Review, Dec. 2003): on the
 *   0–10 "would you recommend" question, % promoters (9–10) − % detractors (0–6), from −100 to 100;
 * - NSU, nivel de satisfacción del usuario: the mean of the 0–10 satisfaction answers on a 0–100 scale
 *   (mean × 10). Utilities define it their own way; this is the product's reading, stated here;
 * - CSAT: % satisfied — a "yes" on a yes/no question, or 7 or more on a 0–10 one;
 * - response rate: the sampled accounts that answered over the sample drawn.
 */

export const Z_BY_CONFIDENCE: Record<90 | 95 | 99, number> = { 90: 1.645, 95: 1.96, 99: 2.576 };
export type Confidence = keyof typeof Z_BY_CONFIDENCE;

/** the sample size for a population of `population`, margin `margin` (0.05 = 5 %) */
export function sampleSize(population: number, margin: number, confidence: Confidence = 95): number {
  if (population <= 0) return 0;
  const z = Z_BY_CONFIDENCE[confidence];
  const n0 = (z * z * 0.25) / (margin * margin);
  const n = n0 / (1 + (n0 - 1) / population);
  // a float a hair above an integer (278.0000001) is that integer
  return Math.min(population, Math.ceil(n - 1e-9));
}

/** proportional allocation of `total` over strata sizes, largest remainder; never more than a stratum has */
export function allocate(sizes: readonly number[], total: number): number[] {
  const population = sizes.reduce((a, b) => a + b, 0);
  if (population === 0 || total <= 0) return sizes.map(() => 0);
  const exact = sizes.map((s) => (s * total) / population);
  const parts = exact.map((x) => Math.floor(x));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    if (parts[i] < sizes[i]) {
      parts[i]++;
      left--;
    }
  }
  return parts;
}

/** NPS from 0–10 answers; null without answers */
export function nps(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return round1(((promoters - detractors) * 100) / scores.length);
}

/** NSU: the mean 0–10 satisfaction on a 0–100 scale; null without answers */
export function nsu(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  return round1((scores.reduce((a, b) => a + b, 0) / scores.length) * 10);
}

/** CSAT: % satisfied (yes, or 7+ of 10); null without answers */
export function csat(answers: readonly (boolean | number)[]): number | null {
  if (answers.length === 0) return null;
  const satisfied = answers.filter((a) => (typeof a === 'boolean' ? a : a >= 7)).length;
  return round1((satisfied * 100) / answers.length);
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/**
 * The margin of error achieved by `answers` answers out of a population of `population` (worst case
 * p = 0.5, with the finite population correction): the inverse of sampleSize,
 * e = z·√(p(1−p)/n)·√((N−n)/(N−1)). Null without answers; 0 when everyone answered.
 *   N = 14, n = 10 at 95 %: 1.96 × √(0.25/10) × √(4/13) = 0.1719 → 17.2 %.
 */
export function marginAchieved(population: number, answers: number, confidence: Confidence = 95): number | null {
  if (answers <= 0 || population <= 0) return null;
  if (answers >= population) return 0;
  const z = Z_BY_CONFIDENCE[confidence];
  return z * Math.sqrt(0.25 / answers) * Math.sqrt((population - answers) / (population - 1));
}
