/**
 * Accounts found as the user types: the text is debounced, searched with `accounts.search`, and a
 * late answer for an older text is dropped. `current` says the results belong to what is typed now.
 * Used by Ctrl+K, the cashier's account finder and the account picker of the recaudo and PQR screens.
 */
import { useEffect, useState } from 'react';
import { useDebouncedValue } from '@mantine/hooks';
import { call } from '../../api/client';
import type { AccountSummary } from '../../../../shared/contract';

export interface FoundAccounts {
  /** the text these results are for */
  query: string;
  accounts: AccountSummary[];
  error: string | null;
}

const NOTHING: FoundAccounts = { query: '', accounts: [], error: null };

export function useAccountSearch(
  query: string,
  options: { delayMs?: number; limit?: number; skip?: (text: string) => boolean } = {},
): { found: FoundAccounts; current: boolean; clear: () => void } {
  const { delayMs = 150, limit = 10, skip } = options;
  const [debounced] = useDebouncedValue(query.trim(), delayMs);
  const [found, setFound] = useState<FoundAccounts>(NOTHING);

  useEffect(() => {
    if (!debounced || skip?.(debounced)) return;
    let live = true;
    void call('accounts.search', { query: debounced, limit }).then((result) => {
      if (!live) return;
      setFound(result.ok ? { query: debounced, accounts: result.data, error: null } : { query: debounced, accounts: [], error: result.error.message });
    });
    return () => {
      live = false;
    };
    // `skip` is a predicate the caller may re-create on every render; the text decides
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced, limit]);

  const current = query.trim() !== '' && found.query === query.trim();
  return { found, current, clear: () => setFound(NOTHING) };
}
