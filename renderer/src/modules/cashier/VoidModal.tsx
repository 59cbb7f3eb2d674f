/**
 * Anular un recibo: the reason and a coordinator's username and password typed here, now. The
 * receipt stays, marked ANULADO; the screen says how much cash to hand back. A payment with cash
 * may give it back by transfer instead (with the transfer's reference): the way out when the drawer
 * cannot cover it, which the back office says next to that choice.
 */
import { useState } from 'react';
import { Alert, Button, Group, Modal, Radio, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { send } from '../../api/client';
import { cashierSchemas, type ReceiptListItem, type VoidRefundMethod, type VoidResult } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { apiErrorOf, check, type FieldErrors } from '../../app/forms';
import { useSession } from '../../app/session';
import { ApprovalFields, NO_APPROVAL, type Approval } from './ApprovalFields';

/** the fields this modal shows an error next to */
const SHOWN_FIELDS = ['reason', 'approval.username', 'approval.password', 'refund.method', 'refund.reference'];

export function VoidModal({ receipt, onClose, onVoided }: { receipt: ReceiptListItem | null; onClose: () => void; onVoided: (result: VoidResult) => void }) {
  const t = useT();
  const { money } = useSession();
  const [reason, setReason] = useState('');
  const [approval, setApproval] = useState<Approval>(NO_APPROVAL);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<VoidResult | null>(null);
  const [refundMethod, setRefundMethod] = useState<VoidRefundMethod>('efectivo');
  const [refundReference, setRefundReference] = useState('');
  const hadCash = receipt?.methods.includes('efectivo') ?? false;

  const close = () => {
    setReason('');
    setRefundMethod('efectivo');
    setRefundReference('');
    setApproval(NO_APPROVAL);
    setErrors({});
    setResult(null);
    onClose();
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!receipt || busy) return;
    const refund = hadCash ? { method: refundMethod, reference: refundMethod === 'transferencia' ? refundReference : '' } : undefined;
    const checked = check(cashierSchemas['cashier.void'], { paymentId: receipt.paymentId, reason, approval, refund });
    if (!checked.ok) return setErrors(checked.errors);
    setBusy(true);
    try {
      const done = await send('cashier.void', checked.data);
      setResult(done);
      setErrors({});
      onVoided(done);
    } catch (e) {
      const error = apiErrorOf(e);
      // a refusal about a field shown here goes next to it; any other above the buttons
      const fields = error.fields ?? {};
      const shown = Object.keys(fields).length > 0 && Object.keys(fields).every((k) => SHOWN_FIELDS.includes(k));
      setErrors(shown ? fields : { ...fields, _: error.message });
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
            ) : result.refund.method === 'transferencia' ? (
              <Text size="lg" fw={700} data-testid="void-transfer">
                {t('cashier.void.transferDone', { amount: money(result.refund.amount), reference: result.refund.reference })}
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
            {hadCash && (
              <Radio.Group
                label={t('cashier.void.refund')}
                value={refundMethod}
                onChange={(v) => {
                  setRefundMethod(v as VoidRefundMethod);
                  // the drawer's refusal was about the other choice
                  setErrors(({ 'refund.method': _answered, ...rest }) => rest);
                }}
                error={errors['refund.method']}
              >
                <Group mt={4} align="flex-start">
                  <Radio value="efectivo" label={t('cashier.void.refundCash')} />
                  <Radio value="transferencia" label={t('cashier.void.refundTransfer')} />
                  {refundMethod === 'transferencia' && (
                    <TextInput
                      size="xs"
                      aria-label={t('cashier.void.refundReference')}
                      placeholder={t('cashier.void.refundReference')}
                      value={refundReference}
                      error={errors['refund.reference']}
                      onChange={(e) => setRefundReference(e.currentTarget.value)}
                    />
                  )}
                </Group>
                {refundMethod === 'transferencia' && (
                  <Text size="xs" c="dimmed" mt={4}>
                    {t('cashier.void.refundTransferHelp')}
                  </Text>
                )}
              </Radio.Group>
            )}
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
