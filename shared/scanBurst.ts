/**
 * Tells a barcode scanner from a person typing. A scanner acts as a keyboard: it "types" the whole
 * code in a burst, a few milliseconds between keys, and ends with Enter. A person cannot keep
 * 12 keys under 35 ms apart, so such a burst ending in Enter is a scan.
 *
 * A busy computer delivers some keys late: measured here, a burst typed 5 ms apart by the test
 * driver on a loaded 2-core machine had its first gap at 38–71 ms every time (the screen reacting to
 * the first character) and now and then another of 35–150 ms. So a scan may have a few slow gaps
 * (up to a quarter of them, at least 2, each under 400 ms); a person still cannot type three
 * quarters of twelve or more keys under 35 ms apart. A pause of 400 ms or more always ends a burst,
 * so what a person typed before picking up the scanner is not part of the scan.
 *
 * This is the pure part, with no browser in it: the renderer's hook (renderer/src/app/useScanner.ts)
 * feeds it every key with its time and acts on what it answers.
 */
import { GS } from './gs1';

export { GS };

export interface BurstOptions {
  /** characters a scan has before its Enter */
  minLength: number;
  /** a gap under this (ms) is a scanner's pace */
  maxGapMs: number;
  /** a gap of this (ms) or more ends any burst */
  pauseMs: number;
  /** share of slow gaps (≥ maxGapMs) a scan may have, the Enter's included; at least 2 are always allowed */
  slowShare: number;
}

export const DEFAULT_BURST: BurstOptions = { minLength: 12, maxGapMs: 35, pauseMs: 400, slowShare: 0.25 };

/** What a key means for the detector. */
export type BurstInput =
  | { kind: 'char'; char: string; at: number }
  | { kind: 'enter'; at: number }
  /** a key that cannot be part of a scan (Tab, arrows, Backspace…): the burst is broken */
  | { kind: 'other'; at: number }
  /** a modifier alone (Shift before an uppercase letter): changes nothing */
  | { kind: 'ignore' };

export interface BurstState {
  text: string;
  /** gaps[i]: ms between character i-1 and i (gaps[0] is 0) */
  gaps: number[];
  /** time of the last key of the burst, or null when no burst is under way */
  lastAt: number | null;
}

export const EMPTY_BURST: BurstState = { text: '', gaps: [], lastAt: null };

export interface BurstStep {
  state: BurstState;
  /** this key starts a new possible burst: remember the focused field's value now */
  starts: boolean;
  /** the scanned text, when this key (an Enter) ends a scan */
  scan: string | null;
}

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Fn']);

/**
 * A keydown as the detector sees it. The FNC1 separator reaches the browser as the GS character
 * (0x1D): as a key named 'GroupSeparator', as 'Unidentified', or as Ctrl+']' (how a keyboard types
 * 0x1D).
 */
export function burstInputOf(key: string, ctrlKey: boolean, at: number): BurstInput {
  if (key === 'Enter') return { kind: 'enter', at };
  if (key === 'GroupSeparator' || key === 'Unidentified' || key === GS) return { kind: 'char', char: GS, at };
  if (ctrlKey && key === ']') return { kind: 'char', char: GS, at };
  if (MODIFIERS.has(key)) return { kind: 'ignore' };
  if (key.length === 1 && !ctrlKey) return { kind: 'char', char: key, at };
  return { kind: 'other', at };
}

/** The scan in a burst that ended with an Enter `enterGap` ms after its last key, or null. */
export function scanOf(state: BurstState, enterGap: number, options: BurstOptions = DEFAULT_BURST): string | null {
  if (state.text.length < options.minLength) return null;
  const gaps = [...state.gaps.slice(1), enterGap];
  const slow = gaps.filter((g) => g >= options.maxGapMs).length;
  return slow <= Math.max(2, Math.floor(gaps.length * options.slowShare)) ? state.text : null;
}

/** One key through the detector. */
export function burstStep(state: BurstState, input: BurstInput, options: BurstOptions = DEFAULT_BURST): BurstStep {
  if (input.kind === 'ignore') return { state, starts: false, scan: null };
  const gap = state.lastAt === null ? Infinity : input.at - state.lastAt;
  const goesOn = gap < options.pauseMs;
  if (input.kind === 'enter') return { state: EMPTY_BURST, starts: false, scan: goesOn ? scanOf(state, gap, options) : null };
  if (input.kind === 'other') return { state: EMPTY_BURST, starts: false, scan: null };
  if (goesOn) return { state: { text: state.text + input.char, gaps: [...state.gaps, gap], lastAt: input.at }, starts: false, scan: null };
  return { state: { text: input.char, gaps: [0], lastAt: input.at }, starts: true, scan: null };
}

/** Runs a whole sequence of keys (for tests and replays): the scans found, in order. */
export function scansIn(inputs: readonly BurstInput[], options: BurstOptions = DEFAULT_BURST): string[] {
  let state = EMPTY_BURST;
  const scans: string[] = [];
  for (const input of inputs) {
    const step = burstStep(state, input, options);
    state = step.state;
    if (step.scan !== null) scans.push(step.scan);
  }
  return scans;
}
