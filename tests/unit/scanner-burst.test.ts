/**
 * The scanner's burst detector: a scan is ≥ 12 keys at a scanner's pace (under 35 ms apart, a few
 * late keys of a busy computer tolerated) ending in Enter; a person typing is never one.
 */
import { describe, expect, it } from 'vitest';
import { burstInputOf, burstStep, EMPTY_BURST, GS, scansIn, type BurstInput } from '../../shared/scanBurst';

/** keys as a keyboard sends them, `gap` ms apart, starting at `start` ('\n' is Enter) */
function keys(text: string, gap: number, start = 1000): BurstInput[] {
  return [...text].map((ch, i) => burstInputOf(ch === '\n' ? 'Enter' : ch, false, start + i * gap));
}

const CODE = `4157709998123459${'8020'}000123456789${GS}3900154300${GS}9620261130`;
const PLAIN = CODE.split(GS).join('');

describe('burst detector', () => {
  it('a fast burst ending in Enter is a scan, with the GS separators kept', () => {
    expect(scansIn(keys(`${CODE}\n`, 8))).toEqual([CODE]);
  });

  it('the same keys typed by a person are not a scan, even a fast typist at 40 ms a key', () => {
    expect(scansIn(keys(`${CODE}\n`, 90))).toEqual([]);
    expect(scansIn(keys(`${CODE}\n`, 40))).toEqual([]);
  });

  it('a short fast burst (fewer than 12 keys) is not a scan', () => {
    expect(scansIn(keys('12345678901\n', 5))).toEqual([]);
    expect(scansIn(keys('123456789012\n', 5))).toEqual(['123456789012']);
  });

  it('a few late keys of a busy computer do not break a scan', () => {
    // 45 keys with three gaps of 53, 120 and 250 ms
    const late = [...keys(PLAIN.slice(0, 10), 5, 0), ...keys(PLAIN.slice(10, 20), 5, 45 + 53), ...keys(PLAIN.slice(20, 30), 5, 98 + 45 + 120), ...keys(`${PLAIN.slice(30)}\n`, 5, 263 + 45 + 250)];
    expect(scansIn(late)).toEqual([PLAIN]);
  });

  it('too many slow gaps is typing, not a scan', () => {
    // 14 keys, 4 of the 14 gaps slow (more than a quarter)
    const inputs = [...keys('415', 5, 0), ...keys('770', 5, 100), ...keys('999', 5, 200), ...keys('812', 5, 300), ...keys('34\n', 5, 400)];
    expect(scansIn(inputs)).toEqual([]);
  });

  it('a pause of 400 ms or more ends a burst; what follows must be a scan on its own', () => {
    const longPause = [...keys('4157709998', 5, 0), ...keys(`${PLAIN.slice(10)}\n`, 5, 500)];
    expect(scansIn(longPause)).toEqual([PLAIN.slice(10)]);
    const tooShortAfter = [...keys('41577099981234', 5, 0), ...keys('59\n', 5, 600)];
    expect(scansIn(tooShortAfter)).toEqual([]);
  });

  it('an Enter long after a fast burst is not a scan', () => {
    const inputs = [...keys('415770999812345', 5, 0), burstInputOf('Enter', false, 15 * 5 + 500)];
    expect(scansIn(inputs)).toEqual([]);
  });

  it('what a person typed before picking up the scanner (a pause of 400 ms or more) is not part of the scan', () => {
    const afterAPause = [...keys('juan', 150, 0), ...keys(`]C1${PLAIN}\n`, 6, 450 + 400)];
    expect(scansIn(afterAPause)).toEqual([`]C1${PLAIN}`]);
  });

  it('a slow first gap (the screen reacting to the first key) does not cut the first character off', () => {
    const inputs = [...keys(PLAIN.slice(0, 1), 5, 0), ...keys(`${PLAIN.slice(1)}\n`, 5, 70)];
    expect(scansIn(inputs)).toEqual([PLAIN]);
  });

  it('Shift keys between characters do not break a burst; Tab or Backspace do', () => {
    const withShift: BurstInput[] = [];
    keys('ABCDEFGHIJKLM', 5).forEach((input) => {
      withShift.push(burstInputOf('Shift', false, (input as { at: number }).at - 1), input);
    });
    withShift.push(burstInputOf('Enter', false, 1000 + 13 * 5));
    expect(scansIn(withShift)).toEqual(['ABCDEFGHIJKLM']);

    const withTab = [...keys('ABCDEFG', 5, 0), burstInputOf('Tab', false, 34), ...keys('HIJKLM\n', 5, 36)];
    expect(scansIn(withTab)).toEqual([]);
    const withBackspace = [...keys('ABCDEFGHIJ', 5, 0), burstInputOf('Backspace', false, 50), ...keys('KLMNO\n', 5, 55)];
    expect(scansIn(withBackspace)).toEqual([]);
  });

  it('the separator arrives as GroupSeparator, Unidentified or Ctrl+]', () => {
    expect(burstInputOf('GroupSeparator', false, 1)).toEqual({ kind: 'char', char: GS, at: 1 });
    expect(burstInputOf('Unidentified', false, 1)).toEqual({ kind: 'char', char: GS, at: 1 });
    expect(burstInputOf(']', true, 1)).toEqual({ kind: 'char', char: GS, at: 1 });
    expect(burstInputOf(']', false, 1)).toEqual({ kind: 'char', char: ']', at: 1 });
    // other Ctrl shortcuts are not characters of a code
    expect(burstInputOf('k', true, 1)).toEqual({ kind: 'other', at: 1 });
  });

  it('marks where a possible burst starts (so the field value can be restored from there)', () => {
    let step = burstStep(EMPTY_BURST, burstInputOf('a', false, 0));
    expect(step.starts).toBe(true);
    step = burstStep(step.state, burstInputOf('b', false, 10));
    expect(step.starts).toBe(false);
    step = burstStep(step.state, burstInputOf('c', false, 900));
    expect(step.starts).toBe(true);
    expect(step.state.text).toBe('c');
  });

  it('thresholds can be changed', () => {
    expect(scansIn(keys('ABCDEF\n', 50), { minLength: 6, maxGapMs: 60, pauseMs: 400, slowShare: 0 })).toEqual(['ABCDEF']);
  });
});
