/**
 * The payment desk of an open session: the session bar, finding the account (search or the
 * scanner, which works in any field of this screen), the account's debts, the payment, and the
 * receipt once posted.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Grid, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconBarcode, IconPrinter, IconRefresh } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { AccountSummary, CashSession, PayableAccount, Receipt } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { apiErrorOf, notifyError, notifySuccess } from '../../app/forms';
import { printDocument } from '../../app/PrintButton';
import { useSession } from '../../app/session';
import { useScanner } from '../../app/useScanner';
import { useLoad } from '../../app/useLoad';
import { paths, replacePath } from '../../app/router';
import { AccountFinder } from './AccountFinder';
import { DebtsPanel } from './DebtsPanel';
import { PaymentPanel } from './PaymentPanel';
import { ReceiptView } from './ReceiptView';
import { SendByMailButton } from '../mail/SendByMailButton';
import { ReceiptsModal } from './ReceiptsModal';
import { MovementModal } from './MovementModal';
import { SessionBar } from './SessionBar';
import { newIdempotencyKey } from './labels';
import type { DebtRef, DraftCharge } from './payment';
import { AgreementButton } from '../agreements/AgreementButton';

/** one payment being prepared: the key is made here, once, and kept until it posts */
interface Draft {
  key: string;
  payable: PayableAccount;
  picked: DebtRef[];
  charges: DraftCharge[];
  warnings: string[];
}

export function PaymentDesk({
  session,
  onChanged,
  onClose,
  accountId = null,
}: {
  session: CashSession;
  onChanged: () => Promise<void>;
  onClose: () => void;
  /** an account to load at once (Cobrar from the account page or Ctrl+K) */
  accountId?: number | null;
}) {
  const t = useT();
  const { money } = useSession();
  const { data: chargeItems } = useLoad(() => send('chargeItems.list', {}), []);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loadingAccount, setLoadingAccount] = useState(false);
  const [receipt, setReceipt] = useState<{ receipt: Receipt; printed: boolean } | null>(null);
  const [modal, setModal] = useState<'movement' | 'receipts' | null>(null);

  const startPayment = (payable: PayableAccount, picked: DebtRef[] = [], warnings: string[] = []) => {
    setReceipt(null);
    setProblem(null);
    setDraft({ key: newIdempotencyKey(), payable, picked, charges: [], warnings });
  };

  const openAccount = async (account: Pick<AccountSummary, 'id'>) => {
    setLoadingAccount(true);
    try {
      startPayment(await send('cashier.account', { accountId: account.id }));
    } catch (e) {
      setProblem(apiErrorOf(e).message);
    } finally {
      setLoadingAccount(false);
    }
  };

  // "Cobrar" from an account: load it once, then the address is plain Caja again (a reload does not reload the account)
  useEffect(() => {
    if (accountId === null) return;
    void openAccount({ id: accountId });
    replacePath(paths.cashier);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [accountId]);

  const scan = useCallback(async (code: string) => {
    setLoadingAccount(true);
    try {
      const result = await send('cashier.scan', { code });
      startPayment(result.account, [result.debt], result.warnings);
    } catch (e) {
      setProblem(apiErrorOf(e).message);
    } finally {
      setLoadingAccount(false);
    }
  }, []);
  useScanner((code) => void scan(code), { enabled: modal === null });

  const print = useCallback(async () => {
    if (!receipt) return;
    try {
      // to the receipt printer when one is configured; otherwise the PDF downloads as before
      const file = await send('cashier.receiptPdf', { paymentId: receipt.receipt.paymentId, copy: receipt.printed });
      await printDocument(t, 'receipt', `Recibo ${receipt.receipt.receiptLabel}${receipt.printed ? ' (COPIA)' : ''}`, file, { whenNotConfigured: 'download' });
      setReceipt((r) => (r ? { ...r, printed: true } : r));
    } catch (e) {
      notifyError(e);
    }
  }, [receipt, t]);

  const newPayment = useCallback(() => {
    setReceipt(null);
    setDraft(null);
    setProblem(null);
  }, []);

  // with a receipt on screen: Ctrl+P prints it, Esc starts the next payment
  useEffect(() => {
    if (!receipt || modal) return;
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'p') {
        e.preventDefault();
        void print();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        newPayment();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [receipt, modal, print, newPayment]);

  return (
    <Stack gap="md">
      <SessionBar session={session} onMovement={() => setModal('movement')} onReceipts={() => setModal('receipts')} onClose={onClose} />

      {problem && (
        <Alert color="red" role="alert" icon={<IconBarcode />} withCloseButton onClose={() => setProblem(null)} data-testid="scan-error">
          {problem}
        </Alert>
      )}

      {receipt ? (
        <Stack align="center" gap="md">
          <Alert color="teal" w="100%" maw={560}>
            {t('cashier.pay.done', { label: receipt.receipt.receiptLabel, amount: money(receipt.receipt.amount) })}
          </Alert>
          <ReceiptView receipt={receipt.receipt} />
          <Group>
            <Button size="md" leftSection={<IconPrinter size={20} />} onClick={() => void print()}>
              {t(receipt.printed ? 'cashier.receipt.printCopy' : 'cashier.receipt.print')}
            </Button>
            <SendByMailButton
              size="md"
              variant="light"
              accountId={receipt.receipt.account.id}
              purpose="recibo"
              what={t('mail.what.receipt', { label: receipt.receipt.receiptLabel })}
              sendTo={(to) => send('mail.sendReceipt', { paymentId: receipt.receipt.paymentId, to })}
            />
            <Button size="md" variant="default" leftSection={<IconRefresh size={20} />} onClick={newPayment} data-autofocus>
              {t('cashier.receipt.next')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Grid>
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Stack gap="md">
              <AccountFinder onOpen={(a) => void openAccount(a)} onCode={(code) => void scan(code)} />
              {!draft && !loadingAccount && (
                <Text c="dimmed">
                  <IconBarcode size={16} style={{ verticalAlign: 'middle' }} /> {t('cashier.desk.hint')}
                </Text>
              )}
              {draft && draft.warnings.length > 0 && (
                <Alert color="yellow" icon={<IconAlertTriangle />} data-testid="scan-warnings">
                  {draft.warnings.map((w) => (
                    <Text key={w} size="sm">
                      {w}
                    </Text>
                  ))}
                </Alert>
              )}
              {draft && (
                <DebtsPanel
                  payable={draft.payable}
                  picked={draft.picked}
                  onPick={(picked) => setDraft({ ...draft, picked })}
                  charges={draft.charges}
                  onCharges={(charges) => setDraft({ ...draft, charges })}
                  chargeItems={chargeItems ?? []}
                />
              )}
              {draft && draft.payable.totalDue > 0 && <AgreementButton accountId={draft.payable.account.id} size="sm" />}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            {draft && (
              <PaymentPanel
                key={draft.key}
                payable={draft.payable}
                picked={draft.picked}
                charges={draft.charges}
                idempotencyKey={draft.key}
                onPaid={(posted) => {
                  setReceipt({ receipt: posted, printed: false });
                  setDraft(null);
                  notifySuccess(t('cashier.pay.done', { label: posted.receiptLabel, amount: money(posted.amount) }));
                  void onChanged();
                }}
              />
            )}
          </Grid.Col>
        </Grid>
      )}

      <MovementModal opened={modal === 'movement'} onClose={() => setModal(null)} onDone={() => void onChanged()} />
      <ReceiptsModal
        opened={modal === 'receipts'}
        onClose={() => setModal(null)}
        onVoided={(result) => {
          if (receipt && receipt.receipt.paymentId === result.receipt.paymentId) setReceipt({ ...receipt, receipt: result.receipt });
          void onChanged();
        }}
      />
    </Stack>
  );
}
