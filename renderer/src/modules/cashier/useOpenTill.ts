/**
 * Whether the user has a till open now (a cashier or coordinator at the counter): the account page
 * and the Ctrl+K results then offer "Cobrar", which opens Caja with the account loaded.
 */
import { useCallback, useEffect, useState } from 'react';
import { call } from '../../api/client';
import { useSession } from '../../app/session';

const COUNTER_ROLES = ['cajero', 'coordinador'] as const;

export function useOpenTill(): { open: boolean; refresh: () => void } {
  const { can } = useSession();
  const counter = can(COUNTER_ROLES);
  const [open, setOpen] = useState(false);
  const refresh = useCallback(() => {
    if (!counter) return;
    void call('cashier.current', {}).then((r) => setOpen(r.ok && r.data !== null));
  }, [counter]);
  useEffect(refresh, [refresh]);
  return { open: counter && open, refresh };
}
