/**
 * Cash between the till and the fund (when the company funds petty cash from the till): a small
 * form for a user with an open till session (direction, amount, note), and the transfers made.
 * They show in the till's session too.
 */
import { useState } from 'react';
import { Alert, Button, Card, Group, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { send } from '../../api/client';
import type { PettyCashStatus } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { notifySuccess, text } from '../../app/forms';
import { DataTable } from '../../app/DataTable';
import { ConfirmModal } from '../../app/ConfirmModal';
import { useLoad } from '../../app/useLoad';
import { useSession } from '../../app/session';
import { MoneyInput } from '../../app/MoneyInput';
import { TILL_ROLES } from './labels';

type Direction = 'caja_a_fondo' | 'fondo_a_caja';

export function TransfersPanel({ status, readOnly, onChanged }: { status: PettyCashStatus; readOnly: boolean; onChanged: () => Promise<void> }) {
  const t = useT();
  const { money, can, dateTime } = useSession();
  const mayHaveTill = can(TILL_ROLES);
  const till = useLoad(() => (mayHaveTill ? send('cashier.current', {}) : Promise.resolve(null)), [mayHaveTill]);
  return (
    <Stack gap="lg">
      {!readOnly &&
        mayHaveTill &&
        (till.data ? (
          <TransferForm status={status} tillName={till.data.tillName} onChanged={onChanged} />
        ) : (
          !till.loading && <Alert color="gray">{t('pettyCash.transfer.noTill')}</Alert>
        ))}
      <Stack gap="xs">
        <Title order={4}>{t('pettyCash.transfer.list')}</Title>
        <DataTable<PettyCashStatus['transfers'][number]>
          label={t('pettyCash.transfer.list')}
          records={status.transfers}
          idOf={(x) => x.id}
          empty={t('pettyCash.transfer.none')}
          striped={false}
          minWidth={760}
          columns={[
            { key: 'at', title: t('pettyCash.transfer.at'), sortable: true, noWrap: true, render: (x) => dateTime(x.at) },
            { key: 'direction', title: t('pettyCash.transfer.direction'), sortable: true, render: (x) => t(x.direction === 'caja_a_fondo' ? 'pettyCash.transfer.toFund' : 'pettyCash.transfer.toTill') },
            { key: 'tillName', title: t('pettyCash.transfer.till'), sortable: true },
            { key: 'by', title: t('pettyCash.transfer.by'), sortable: true },
            { key: 'amount', title: t('pettyCash.expenses.amount'), sortable: true, textAlign: 'right', noWrap: true, render: (x) => money(x.amount) },
            { key: 'note', title: t('pettyCash.transfer.note') },
          ]}
        />
      </Stack>
    </Stack>
  );
}

function TransferForm({ status, tillName, onChanged }: { status: PettyCashStatus; tillName: string; onChanged: () => Promise<void> }) {
  const t = useT();
  const { money } = useSession();
  const [direction, setDirection] = useState<Direction>('caja_a_fondo');
  const [amount, setAmount] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!amount || amount <= 0) return setProblem(t('pettyCash.transfer.amountMissing'));
    setProblem(null);
    setConfirming(true);
  };
  const sentence = t(direction === 'caja_a_fondo' ? 'pettyCash.transfer.confirmToFund' : 'pettyCash.transfer.confirmToTill', { amount: money(amount ?? 0), till: tillName });
  return (
    <Card withBorder maw={640}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text fw={600}>{t('pettyCash.transfer.title', { till: tillName })}</Text>
          <SegmentedControl
            value={direction}
            onChange={(v) => setDirection(v as Direction)}
            data={[
              { value: 'caja_a_fondo', label: t('pettyCash.transfer.toFund') },
              { value: 'fondo_a_caja', label: t('pettyCash.transfer.toTill') },
            ]}
          />
          <Group grow align="flex-start">
            <MoneyInput label={t('pettyCash.expenses.amount')} value={amount} onChange={setAmount} required />
            <TextInput label={t('pettyCash.transfer.note')} value={note} onChange={text(setNote)} maxLength={300} />
          </Group>
          {problem && (
            <Alert color="red" role="alert" p="xs">
              {problem}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit">{t('pettyCash.transfer.submit')}</Button>
          </Group>
        </Stack>
      </form>
      <ConfirmModal
        opened={confirming}
        title={t('pettyCash.transfer.submit')}
        confirmLabel={t('pettyCash.transfer.submit')}
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          await send('pettyCash.tillTransfer', { fundId: status.fund.id, direction, amount: amount ?? 0, note });
          notifySuccess(t('pettyCash.transfer.done'));
          setAmount(null);
          setNote('');
          await onChanged();
        }}
      >
        <Text fw={600}>{sentence}</Text>
      </ConfirmModal>
    </Card>
  );
}
