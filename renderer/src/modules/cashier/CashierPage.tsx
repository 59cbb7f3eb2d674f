/**
 * Caja: the cashier's counter. Without an open session it opens one (till + opening float);
 * with one it is the payment desk; closing counts the drawer and downloads the closing report.
 */
import { useCallback, useState } from 'react';
import { send } from '../../api/client';
import type { CashSession, SessionReport } from '../../../../shared/contract';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { OpenSession } from './OpenSession';
import { PaymentDesk } from './PaymentDesk';
import { CloseSession } from './CloseSession';
import { ClosedSession } from './ClosedSession';

/** `accountId`: Caja opened with this account loaded for payment ("Cobrar" on an account or in Ctrl+K) */
export function CashierPage({ accountId = null }: { accountId?: number | null }) {
  const { data, setData, error, loading, reload } = useLoad(
    async () => ({ session: await send('cashier.current', {}), setup: await send('cashier.denominations', {}) }),
    [],
  );
  const [closing, setClosing] = useState(false);
  const [closed, setClosed] = useState<SessionReport | null>(null);

  const setSession = useCallback((session: CashSession | null) => setData((d) => (d ? { ...d, session } : d)), [setData]);
  const refreshSession = useCallback(async () => {
    try {
      setSession(await send('cashier.current', {}));
    } catch {
      // the bar keeps its last figures; the next act will show the problem
    }
  }, [setSession]);

  if (loading && !data) return <Loading />;
  if (error || !data) return error ? <LoadError error={error} retry={() => void reload()} /> : null;
  const { session, setup } = data;

  if (closed)
    return (
      <ClosedSession
        report={closed}
        onDone={() => {
          setClosed(null);
          void reload();
        }}
      />
    );
  if (!session) return <OpenSession denominations={setup.denominations} onOpened={setSession} />;
  if (closing)
    return (
      <CloseSession
        session={session}
        denominations={setup.denominations}
        onCancel={() => setClosing(false)}
        onClosed={(report) => {
          setClosing(false);
          setClosed(report);
          setSession(null);
        }}
      />
    );
  return <PaymentDesk session={session} onChanged={refreshSession} onClose={() => setClosing(true)} accountId={accountId} />;
}
