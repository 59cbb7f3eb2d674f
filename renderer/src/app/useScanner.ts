/**
 * useScanner: a barcode scanner anywhere on a screen, whatever field has the focus. The burst
 * detector itself (what is a scan, what is typing) is the pure shared/scanBurst.ts.
 */
import { useEffect, useRef } from 'react';
import { burstInputOf, burstStep, DEFAULT_BURST, EMPTY_BURST, GS, type BurstInput, type BurstOptions } from '../../../shared/scanBurst';

/** The editable field the burst went into, and its value before the burst started. */
interface FieldSnapshot {
  element: HTMLInputElement | HTMLTextAreaElement;
  value: string;
}

function snapshotOf(target: EventTarget | null): FieldSnapshot | null {
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return { element: target, value: target.value };
  return null;
}

/** Puts a field back as it was, in a way React's controlled inputs notice (the native setter + an input event). */
function restore(snapshot: FieldSnapshot): void {
  const { element, value } = snapshot;
  if (element.value === value) return;
  const proto = element instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(element, value);
  element.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Listens to the whole window while `enabled`: a scan's keys are taken back out of the focused field
 * (its value before the burst is restored), its Enter never reaches the field or a button, and
 * `onScan` gets the raw text (GS characters included).
 */
export function useScanner(onScan: (code: string) => void, { enabled = true, ...options }: Partial<BurstOptions> & { enabled?: boolean } = {}): void {
  const handler = useRef(onScan);
  handler.current = onScan;
  const minLength = options.minLength ?? DEFAULT_BURST.minLength;
  const maxGapMs = options.maxGapMs ?? DEFAULT_BURST.maxGapMs;
  const pauseMs = options.pauseMs ?? DEFAULT_BURST.pauseMs;
  const slowShare = options.slowShare ?? DEFAULT_BURST.slowShare;

  useEffect(() => {
    if (!enabled) return;
    const settings = { minLength, maxGapMs, pauseMs, slowShare };
    let state = EMPTY_BURST;
    /** the focused field's value when the current burst began */
    let before: FieldSnapshot | null = null;

    const feed = (input: BurstInput, event: Event) => {
      const step = burstStep(state, input, settings);
      state = step.state;
      if (step.starts) before = snapshotOf(event.target);
      if (step.scan === null) return;
      event.preventDefault();
      event.stopPropagation();
      // the scan's characters went into the field: put it back as it was
      if (before && before.element === event.target) restore(before);
      before = null;
      handler.current(step.scan);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.isComposing) return;
      const input = burstInputOf(event.key, event.ctrlKey, event.timeStamp);
      feed(input, event);
      // Ctrl+] typed as the separator must not reach the page as a shortcut
      if (input.kind === 'char' && input.char === GS) event.preventDefault();
    };
    // a character the keyboard layout has no key for (the GS separator, typed by some scanners and
    // by test drivers) arrives only as text inserted into the field, with no keydown
    const onBeforeInput = (event: InputEvent) => {
      if (event.inputType !== 'insertText' || event.data !== GS) return;
      event.preventDefault();
      feed({ kind: 'char', char: GS, at: event.timeStamp }, event);
    };
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('beforeinput', onBeforeInput, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('beforeinput', onBeforeInput, true);
    };
  }, [enabled, minLength, maxGapMs, pauseMs, slowShare]);
}
