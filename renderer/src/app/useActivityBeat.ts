import { useEffect } from 'react';
import { call } from '../api/client';

/** at most one beat in this time while the person types, clicks or moves the mouse */
const BEAT_MS = 30_000;
const INPUT_EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const;

/**
 * Tells the back office that the person is at the keyboard. The server locks a session with no
 * activity for the company's idleLockMinutes by itself, and someone reading an account or writing a
 * long answer makes no calls for a while: while there is input, `auth.activity` goes at most every
 * BEAT_MS. When the server has locked the session already, the answer (LOCKED) brings the lock screen
 * through the client's session listener.
 */
export function useActivityBeat(locked: boolean): void {
  useEffect(() => {
    if (locked) return;
    let last = Date.now();
    const onInput = () => {
      const now = Date.now();
      if (now - last < BEAT_MS) return;
      last = now;
      void call('auth.activity', {});
    };
    for (const name of INPUT_EVENTS) window.addEventListener(name, onInput, { passive: true });
    return () => {
      for (const name of INPUT_EVENTS) window.removeEventListener(name, onInput);
    };
  }, [locked]);
}
