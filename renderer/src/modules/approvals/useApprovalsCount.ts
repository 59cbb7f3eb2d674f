/**
 * How many approvals wait for the user (the badge beside "Aprobaciones"): read when the shell
 * opens, on every change of screen, when the window comes back to the front, every minute, and
 * when a screen says it decided one (`approvalsChanged()`).
 */
import { useEffect, useState } from 'react';
import { call } from '../../api/client';

const EVENT = 'ventanilla:approvals-changed';

/** A screen that approved or returned something calls this so that the badge follows at once. */
export function approvalsChanged(): void {
  window.dispatchEvent(new Event(EVENT));
}

export function useApprovalsCount(enabled: boolean, path: string): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const read = () =>
      void call('approvals.count', {}).then((r) => {
        if (live && r.ok) setCount(r.data.count);
      });
    read();
    const timer = window.setInterval(read, 60_000);
    window.addEventListener(EVENT, read);
    window.addEventListener('focus', read);
    return () => {
      live = false;
      window.clearInterval(timer);
      window.removeEventListener(EVENT, read);
      window.removeEventListener('focus', read);
    };
  }, [enabled, path]);
  return enabled ? count : 0;
}
