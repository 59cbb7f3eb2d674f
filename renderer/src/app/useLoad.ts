import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../../../shared/result';
import { apiErrorOf } from './forms';

/** Loads data for a screen: the value, the Spanish error, and a way to load again. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setData(await run());
      setError(null);
    } catch (e) {
      setError(apiErrorOf(e));
    } finally {
      setLoading(false);
    }
  }, [run]);
  useEffect(() => {
    let live = true;
    setLoading(true);
    run().then(
      (value) => {
        if (!live) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(apiErrorOf(e));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [run]);
  return { data, setData, error, loading, reload };
}
