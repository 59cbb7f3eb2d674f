/**
 * Recibos del turno: the receipts of the open session, a receipt of an earlier session found by its
 * number, with a reprint (COPIA) and a void for each.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconPrinter, IconSearch } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { Receipt, ReceiptListItem, VoidResult } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { apiErrorOf, notifyError } from '../../app/forms';
import { DataTable } from '../../app/DataTable';
import { printDocument } from '../../app/PrintButton';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { METHOD_LABELS } from './labels';
import { VoidModal } from './VoidModal';

function listItemOf(receipt: Receipt): ReceiptListItem {
  return {
    paymentId: receipt.paymentId,
    receiptNumber: receipt.receiptNumber,
    receiptLabel: receipt.receiptLabel,
    postedAt: receipt.postedAt,
    accountNumber: receipt.account.number,
    holderName: receipt.account.holderName,
    amount: receipt.amount,
    methods: [...new Set(receipt.tenders.map((x) => x.method))],
    status: receipt.status,
  };
}

export function ReceiptsModal({ opened, onClose, onVoided }: { opened: boolean; onClose: () => void; onVoided: (result: VoidResult) => void }) {
  const t = useT();
  return (
    <Modal opened={opened} onClose={onClose} title={t('cashier.receipts.title')} size="72rem">
      {opened && <ReceiptsList onVoided={onVoided} />}
    </Modal>
  );
}

function ReceiptsList({ onVoided }: { onVoided: (result: VoidResult) => void }) {
  const t = useT();
  const { money, dateTime } = useSession();
  const { data, error, loading, reload } = useLoad(() => send('cashier.payments', {}), []);
  const [number, setNumber] = useState('');
  const [found, setFound] = useState<ReceiptListItem | null>(null);
  const [findError, setFindError] = useState<string | null>(null);
  const [voiding, setVoiding] = useState<ReceiptListItem | null>(null);

  const find = async (event: React.FormEvent) => {
    event.preventDefault();
    const receiptNumber = Number(number.replace(/\D/g, ''));
    if (!receiptNumber) return setFindError(t('cashier.receipts.numberInvalid'));
    try {
      setFound(listItemOf(await send('cashier.findReceipt', { receiptNumber })));
      setFindError(null);
    } catch (e) {
      setFound(null);
      setFindError(apiErrorOf(e).message);
    }
  };

  const reprint = async (item: ReceiptListItem) => {
    try {
      const file = await send('cashier.receiptPdf', { paymentId: item.paymentId, copy: true });
      await printDocument(t, 'receipt', `Recibo ${item.receiptLabel} (COPIA)`, file, { whenNotConfigured: 'download' });
    } catch (e) {
      notifyError(e);
    }
  };

  if (loading && !data) return <Loading />;
  if (error || !data) return error ? <LoadError error={error} retry={() => void reload()} /> : null;
  const rows = found && !data.some((r) => r.paymentId === found.paymentId) ? [found, ...data] : data;

  return (
    <Stack>
      <form onSubmit={find}>
        <Group align="flex-end" gap="xs">
          <TextInput label={t('cashier.receipts.findLabel')} description={t('cashier.receipts.findHint')} value={number} onChange={(e) => setNumber(e.currentTarget.value)} />
          <Button type="submit" variant="light" leftSection={<IconSearch size={16} />}>
            {t('cashier.receipts.find')}
          </Button>
        </Group>
      </form>
      {findError && <Alert color="red">{findError}</Alert>}
      <DataTable<ReceiptListItem>
        label={t('cashier.receipts.title')}
        records={rows}
        idOf={(r) => r.paymentId}
        empty={t('cashier.receipts.none')}
        minWidth={760}
        striped={false}
        pinLastColumn
        rowColor={(r) => (r.status === 'anulado' ? 'dimmed' : undefined)}
        columns={[
          { key: 'receiptLabel', title: t('cashier.receipts.number'), sortable: true, noWrap: true, render: (r) => <Text fw={600} size="sm">{r.receiptLabel}</Text> },
          { key: 'postedAt', title: t('cashier.receipts.time'), sortable: true, noWrap: true, render: (r) => dateTime(r.postedAt) },
          { key: 'accountNumber', title: t('cashier.receipts.account'), sortable: true, render: (r) => `${r.accountNumber} · ${r.holderName}` },
          { key: 'amount', title: t('cashier.receipts.amount'), sortable: true, textAlign: 'right', noWrap: true, render: (r) => money(r.amount) },
          { key: 'methods', title: t('cashier.receipts.methods'), render: (r) => r.methods.map((m) => t(METHOD_LABELS[m])).join(', ') },
          {
            key: 'status',
            title: t('cashier.receipts.state'),
            sortable: true,
            render: (r) => (
              <Badge color={r.status === 'anulado' ? 'red' : 'teal'} variant="light">
                {t(r.status === 'anulado' ? 'cashier.receipts.voided' : 'cashier.receipts.live')}
              </Badge>
            ),
          },
          {
            key: 'actions',
            title: '',
            render: (r) => (
              <Group gap={4} wrap="nowrap">
                <Button size="compact-sm" variant="subtle" leftSection={<IconPrinter size={14} />} onClick={() => void reprint(r)} aria-label={t('cashier.receipts.copyOf', { label: r.receiptLabel })}>
                  {t('cashier.receipts.copy')}
                </Button>
                {r.status === 'vigente' && (
                  <Button size="compact-sm" variant="subtle" color="red" onClick={() => setVoiding(r)} aria-label={t('cashier.receipts.voidOf', { label: r.receiptLabel })}>
                    {t('cashier.receipts.void')}
                  </Button>
                )}
              </Group>
            ),
          },
        ]}
      />
      <VoidModal
        receipt={voiding}
        onClose={() => setVoiding(null)}
        onVoided={(result) => {
          if (found && found.paymentId === result.receipt.paymentId) setFound(listItemOf(result.receipt));
          void reload();
          onVoided(result);
        }}
      />
    </Stack>
  );
}
