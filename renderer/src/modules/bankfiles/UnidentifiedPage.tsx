/**
 * Pagos por identificar: bank payments whose reference matched nothing. The coordinator assigns
 * each to the account it belongs to (it is applied like a payment) or marks it returned to the
 * payer through the bank. Both acts are confirmed in a modal that names the money.
 */
import { useState } from 'react';
import { Badge, Button, Group, Modal, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconArrowBackUp, IconUserCheck } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { AccountSummary, UnidentifiedPayment } from '../../../../shared/contract';
import { useT, type MessageKey } from '../../i18n';
import { notifySuccess, text } from '../../app/forms';
import { DataTable } from '../../app/DataTable';
import { formatDate } from '../../app/format';
import { PageTitle } from '../../app/PageTitle';
import { ConfirmModal } from '../../app/ConfirmModal';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';
import { useSession } from '../../app/session';
import { AccountPicker } from '../../app/AccountPicker';

type Filter = 'pendiente' | 'asignado' | 'devuelto' | 'todos';

/** bank references come zero-padded to 48 characters: shown without the padding */
export function shortReference(reference: string): string {
  return reference.replace(/^0+(?=.)/, '');
}

const STATUS: Record<UnidentifiedPayment['status'], { label: MessageKey; color: string }> = {
  pendiente: { label: 'bankfiles.unidentified.status.pendiente', color: 'orange' },
  asignado: { label: 'bankfiles.unidentified.status.asignado', color: 'teal' },
  devuelto: { label: 'bankfiles.unidentified.status.devuelto', color: 'gray' },
};

export function UnidentifiedPage() {
  const t = useT();
  const { money } = useSession();
  const [filter, setFilter] = useState<Filter>('pendiente');
  const { data, error, loading, reload } = useLoad(() => send('unidentified.list', { status: filter }), [filter]);
  const [assigning, setAssigning] = useState<UnidentifiedPayment | null>(null);
  const [returning, setReturning] = useState<UnidentifiedPayment | null>(null);

  const pendingTotal = data?.filter((p) => p.status === 'pendiente').reduce((sum, p) => sum + p.amount, 0) ?? 0;

  return (
    <>
      <PageTitle title={t('bankfiles.unidentified.title')} description={t('bankfiles.unidentified.description')} />
      <Stack gap="md">
        <Group justify="space-between">
          <SegmentedControl
            aria-label={t('bankfiles.unidentified.filter')}
            data={(['pendiente', 'asignado', 'devuelto', 'todos'] as const).map((value) => ({
              value,
              label: t(`bankfiles.unidentified.filter.${value}`),
            }))}
            value={filter}
            onChange={(v) => setFilter(v as Filter)}
          />
          {data && filter === 'pendiente' && (
            <Text fw={600} data-testid="unidentified-total">
              {t('bankfiles.unidentified.pendingTotal', { n: data.length, total: money(pendingTotal) })}
            </Text>
          )}
        </Group>
        {loading && !data ? (
          <Loading />
        ) : error ? (
          <LoadError error={error} retry={() => void reload()} />
        ) : (
          <Queue payments={data ?? []} showStatus={filter !== 'pendiente'} onAssign={setAssigning} onReturn={setReturning} />
        )}
      </Stack>

      {assigning && (
        <AssignFlow
          payment={assigning}
          onClose={() => setAssigning(null)}
          onDone={(p) => {
            notifySuccess(t('bankfiles.unidentified.assigned', { amount: money(p.amount), account: p.accountNumber ?? '' }));
            void reload();
          }}
        />
      )}
      {returning && (
        <ReturnModal
          payment={returning}
          onClose={() => setReturning(null)}
          onDone={(p) => {
            notifySuccess(t('bankfiles.unidentified.returned', { amount: money(p.amount) }));
            void reload();
          }}
        />
      )}
    </>
  );
}

function Queue({
  payments,
  showStatus,
  onAssign,
  onReturn,
}: {
  payments: UnidentifiedPayment[];
  /** the pending list does not repeat "Pendiente" on every row */
  showStatus: boolean;
  onAssign: (p: UnidentifiedPayment) => void;
  onReturn: (p: UnidentifiedPayment) => void;
}) {
  const t = useT();
  const { money, dateTime } = useSession();
  return (
    <DataTable<UnidentifiedPayment>
      label={t('bankfiles.unidentified.title')}
      records={payments}
      idOf={(p) => p.id}
      empty={t('bankfiles.unidentified.empty')}
      minWidth={1000}
      pinLastColumn
      rowTestId={(p) => `unidentified-${p.id}`}
      columns={[
        {
          key: 'fileName',
          title: t('bankfiles.unidentified.fileLine'),
          noWrap: true,
          sortValue: (p) => `${p.fileName} ${String(p.line).padStart(8, '0')}`,
          render: (p) => (
            <>
              <Text size="sm">{p.fileName}</Text>
              <Text c="dimmed" size="xs">
                {t('bankfiles.unidentified.lineN', { line: p.line })}
              </Text>
            </>
          ),
        },
        {
          key: 'reference',
          title: t('bankfiles.unidentified.reference'),
          sortable: true,
          render: (p) => (
            <Text ff="monospace" fz="sm" title={p.reference}>
              {shortReference(p.reference)}
            </Text>
          ),
        },
        { key: 'amount', title: t('bankfiles.unidentified.amount'), sortable: true, textAlign: 'right', noWrap: true, render: (p) => <Text fw={600} size="sm">{money(p.amount)}</Text> },
        { key: 'collectionDate', title: t('bankfiles.unidentified.date'), sortable: true, noWrap: true, render: (p) => formatDate(p.collectionDate) },
        {
          key: 'bankName',
          title: t('bankfiles.unidentified.bankBranch'),
          sortable: true,
          noWrap: true,
          render: (p) => (
            <>
              <Text size="sm">{p.bankName}</Text>
              <Text c="dimmed" size="xs">
                {t('bankfiles.unidentified.branchN', { branch: p.branch })}
              </Text>
            </>
          ),
        },
        ...(showStatus
          ? [
              {
                key: 'status',
                title: t('bankfiles.unidentified.state'),
                sortable: true,
                render: (p: UnidentifiedPayment) => (
                  <>
                    <Badge color={STATUS[p.status].color} variant="light" style={{ flexShrink: 0 }} miw={96}>
                      {t(STATUS[p.status].label)}
                    </Badge>
                    {p.status === 'asignado' && p.accountNumber && (
                      <Text size="sm" fw={600}>
                        {t('bankfiles.unidentified.toAccount', { account: p.accountNumber })}
                      </Text>
                    )}
                    {p.status !== 'pendiente' && (
                      <Text size="xs" c="dimmed" lineClamp={2} title={p.note || undefined} maw={260}>
                        {p.resolvedBy} · {dateTime(p.resolvedAt)}
                        {p.note ? ` · ${p.note}` : ''}
                      </Text>
                    )}
                  </>
                ),
              },
            ]
          : []),
        {
          key: 'actions',
          title: '',
          render: (p) =>
            p.status === 'pendiente' && (
              <Group gap="xs" wrap="nowrap">
                <Button size="compact-sm" leftSection={<IconUserCheck size={14} />} onClick={() => onAssign(p)}>
                  {t('bankfiles.unidentified.assign')}
                </Button>
                <Button size="compact-sm" variant="light" color="gray" leftSection={<IconArrowBackUp size={14} />} onClick={() => onReturn(p)}>
                  {t('bankfiles.unidentified.return')}
                </Button>
              </Group>
            ),
        },
      ]}
    />
  );
}

/** First pick the account, then confirm "Asignar $ … a la cuenta …". */
function AssignFlow({ payment, onClose, onDone }: { payment: UnidentifiedPayment; onClose: () => void; onDone: (p: UnidentifiedPayment) => void }) {
  const t = useT();
  const { money } = useSession();
  const [account, setAccount] = useState<AccountSummary | null>(null);
  const [note, setNote] = useState('');

  if (!account) {
    return (
      <Modal opened onClose={onClose} size="lg" title={t('bankfiles.unidentified.assignTitle')}>
        <Stack>
          <Text>
            {t('bankfiles.unidentified.assignWhich', { amount: money(payment.amount), reference: shortReference(payment.reference), bank: payment.bankName })}
          </Text>
          <AccountPicker onPick={setAccount} />
          <TextInput label={t('bankfiles.unidentified.note')} value={note} onChange={text(setNote)} maxLength={300} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    );
  }
  return (
    <ConfirmModal
      opened
      title={t('bankfiles.unidentified.assignConfirmTitle')}
      confirmLabel={t('bankfiles.unidentified.assignButton')}
      onClose={onClose}
      onConfirm={async () => {
        onDone(await send('unidentified.assign', { unidentifiedId: payment.id, accountId: account.id, note }));
      }}
    >
      <Text fw={600} data-testid="assign-confirm">
        {t('bankfiles.unidentified.assignSentence', { amount: money(payment.amount), account: account.number, holder: account.holderName })}
      </Text>
      <Text size="sm" c="dimmed">
        {t('bankfiles.unidentified.assignDetail', { reference: shortReference(payment.reference), bank: payment.bankName, date: formatDate(payment.collectionDate) })}
      </Text>
      <Button variant="subtle" size="compact-sm" w="fit-content" onClick={() => setAccount(null)}>
        {t('bankfiles.unidentified.otherAccount')}
      </Button>
    </ConfirmModal>
  );
}

function ReturnModal({ payment, onClose, onDone }: { payment: UnidentifiedPayment; onClose: () => void; onDone: (p: UnidentifiedPayment) => void }) {
  const t = useT();
  const { money } = useSession();
  const [note, setNote] = useState('');
  return (
    <ConfirmModal
      opened
      title={t('bankfiles.unidentified.returnTitle')}
      confirmLabel={t('bankfiles.unidentified.returnButton')}
      color="orange"
      onClose={onClose}
      onConfirm={async () => {
        // the reason is required: said in the modal, nothing is sent
        if (!note.trim()) throw new Error(t('bankfiles.unidentified.noteRequired'));
        onDone(await send('unidentified.return', { unidentifiedId: payment.id, note }));
      }}
    >
      <Text fw={600}>
        {t('bankfiles.unidentified.returnSentence', { amount: money(payment.amount), reference: shortReference(payment.reference), bank: payment.bankName })}
      </Text>
      <Textarea
        label={t('bankfiles.unidentified.returnNote')}
        description={t('bankfiles.unidentified.returnNoteHelp')}
        value={note}
        onChange={text(setNote)}
        maxLength={300}
        autosize
        minRows={2}
        withAsterisk
        data-autofocus
      />
    </ConfirmModal>
  );
}
