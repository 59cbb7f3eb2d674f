/**
 * Anular un recibo: the reason and a coordinator's username and password typed here, now. The
 * receipt stays, marked ANULADO; the screen says how much cash to hand back.
 */
import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { send } from '../../api/client';
import { cashierSchemas, type ReceiptListItem, type VoidResult } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { apiErrorOf, check, type FieldErrors } from '../../app/forms';
import { useSession } from '../../app/session';
import { ApprovalFields, NO_APPROVAL, type Approval } from './ApprovalFields';

export function VoidModal({ receipt, onClose, onVoided }: { receipt: ReceiptListItem | null; onClose: () => void; onVoided: (result: VoidResult) => void }) {
  const t = useT();
  const { money } = useSession();
  const [reason, setReason] = useState('');
  const [approval, setApproval] = useState<Approval>(NO_APPROVAL);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<VoidResult | null>(null);

  const close = () => {
    setReason('');
    setApproval(NO_APPROVAL);
    setErrors({});
    setResult(null);
    onClose();
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!receipt || busy) return;
    const checked = check(cashierSchemas['cashier.void'], { paymentId: receipt.paymentId, reason, approval });
    if (!checked.ok) return setErrors(checked.errors);
    setBusy(true);
    try {
      const done = await send('cashier.void', checked.data);
      setResult(done);
      setErrors({});
      onVoided(done);
    } catch (e) {
      const error = apiErrorOf(e);
      setErrors({ ...(error.fields ?? {}), _: error.message });
      setApproval((a) => ({ ...a, password: '' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={receipt !== null} onClose={close} title={receipt ? t('cashier.void.title', { label: receipt.receiptLabel }) : ''} size="lg">
      {receipt && result ? (
        <Stack>
          <Alert color="teal" title={t('cashier.void.done', { label: receipt.receiptLabel })}>
            {result.cashReturned > 0 ? (
              <Text size="xl" fw={700} data-testid="void-cash-returned">
                {t('cashier.void.handBack', { amount: money(result.cashReturned) })}
              </Text>
            ) : (
              <Text>{t('cashier.void.noCash')}</Text>
            )}
          </Alert>
          <Group justify="flex-end">
            <Button onClick={close} data-autofocus>
              {t('cashier.void.ok')}
            </Button>
          </Group>
        </Stack>
      ) : receipt ? (
        <form onSubmit={submit}>
          <Stack>
            <Text>
              {t('cashier.void.what', { label: receipt.receiptLabel, amount: money(receipt.amount), number: receipt.accountNumber, holder: receipt.holderName })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('cashier.void.effects')}
            </Text>
            <Textarea label={t('cashier.void.reason')} value={reason} error={errors.reason} autosize minRows={2} data-autofocus onChange={(e) => setReason(e.currentTarget.value)} />
            <ApprovalFields value={approval} onChange={setApproval} why={t('cashier.void.why')} errors={errors} />
            {errors._ && (
              <Alert color="red" role="alert">
                {errors._}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="red" loading={busy}>
                {t('cashier.void.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Modal>
  );
}
