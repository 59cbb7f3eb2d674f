/** Entrada / salida de efectivo: kind, amount, reason and note; then a confirmation that says it all. */
import { useState } from 'react';
import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { send } from '../../api/client';
import { CASH_MOVEMENT_REASONS, cashierSchemas, type CashMovementKind, type CashMovementReason } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { apiErrorOf, check, notifySuccess, useForm } from '../../app/forms';
import { useSession } from '../../app/session';
import { MoneyInput } from '../../app/MoneyInput';
import { KIND_LABELS, REASON_LABELS } from './labels';

interface Values {
  kind: CashMovementKind;
  amount: number | null;
  reason: CashMovementReason | null;
  note: string;
}

const EMPTY: Values = { kind: 'salida', amount: null, reason: null, note: '' };

export function MovementModal({ opened, onClose, onDone }: { opened: boolean; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { money } = useSession();
  const { values, set, setValues, errors, setErrors } = useForm<Values>(EMPTY);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  const close = () => {
    setValues(EMPTY);
    setErrors({});
    setConfirming(false);
    onClose();
  };
  const input = () => ({ kind: values.kind, amount: values.amount ?? Number.NaN, reason: values.reason ?? undefined, note: values.note });

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const checked = check(cashierSchemas['cashier.movement'], input());
    if (!checked.ok) {
      setErrors({ ...checked.errors, ...(checked.errors.amount ? { amount: t('cashier.movementForm.amountInvalid') } : {}), ...(checked.errors.reason ? { reason: t('common.required') } : {}) });
      setConfirming(false);
      return;
    }
    if (!confirming) return setConfirming(true);
    setBusy(true);
    try {
      const movement = await send('cashier.movement', checked.data);
      notifySuccess(t('cashier.movementForm.done', { kind: t(KIND_LABELS[movement.kind]), amount: money(movement.amount) }));
      onDone();
      close();
    } catch (e) {
      const error = apiErrorOf(e);
      setErrors({ ...(error.fields ?? {}), _: error.message });
    } finally {
      setBusy(false);
    }
  };

  const amount = values.amount;
  return (
    <Modal opened={opened} onClose={close} title={t('cashier.movementForm.title')}>
      <form onSubmit={submit}>
        <Stack>
          <SegmentedControl
            fullWidth
            value={values.kind}
            onChange={(v) => {
              set('kind', v as CashMovementKind);
              setConfirming(false);
            }}
            data={[
              { value: 'entrada', label: t('cashier.movement.entrada') },
              { value: 'salida', label: t('cashier.movement.salida') },
            ]}
            disabled={confirming}
          />
          <MoneyInput
            label={t('cashier.movementForm.amount')}
            value={values.amount}
            error={errors.amount}
            disabled={confirming}
            data-autofocus
            onChange={(v) => set('amount', v)}
          />
          <Select
            label={t('cashier.movementForm.reason')}
            data={CASH_MOVEMENT_REASONS.map((r) => ({ value: r, label: t(REASON_LABELS[r]) }))}
            value={values.reason}
            error={errors.reason}
            disabled={confirming}
            onChange={(v) => set('reason', v as CashMovementReason | null)}
          />
          <TextInput label={t('cashier.movementForm.note')} value={values.note} error={errors.note} disabled={confirming} onChange={(e) => set('note', e.currentTarget.value)} />
          {confirming && values.reason && amount !== null && (
            <Alert color="blue">
              <Text fw={600}>
                {t(values.kind === 'entrada' ? 'cashier.movementForm.confirmIn' : 'cashier.movementForm.confirmOut', { amount: money(amount), reason: t(REASON_LABELS[values.reason]) })}
              </Text>
            </Alert>
          )}
          {errors._ && (
            <Alert color="red" role="alert">
              {errors._}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={confirming ? () => setConfirming(false) : close}>
              {confirming ? t('common.back') : t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {confirming ? t('cashier.movementForm.confirm') : t('common.next')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
