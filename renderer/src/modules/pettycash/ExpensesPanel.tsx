/**
 * The vouchers of the fund, newest first: number, date, payee, concept, rubro, amount, state. A
 * voucher still waiting for its support is flagged and takes the file here; every voucher's PDF
 * prints again, and the support opens as it was attached.
 */
import { useState } from 'react';
import { ActionIcon, Badge, Button, Group, Modal, Select, Stack, Text, Tooltip } from '@mantine/core';
import { IconFileText, IconPaperclip, IconPlus } from '@tabler/icons-react';
import { send } from '../../api/client';
import { EXPENSE_STATES, type ExpenseState, type PettyCashExpense } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { apiErrorOf, notifyError, notifySuccess } from '../../app/forms';
import { DataTable } from '../../app/DataTable';
import { formatDate } from '../../app/format';
import { downloadDocument } from '../../app/download';
import { FormError } from '../../app/FormParts';
import { useSession } from '../../app/session';
import { EXPENSE_STATE_COLORS, EXPENSE_STATE_LABELS, payeeId } from './labels';
import { SupportPicker, type PendingSupport } from './SupportPicker';
import { uploadAttachment } from '../pqr/attachments';

export function ExpenseStateBadge({ state }: { state: ExpenseState }) {
  const t = useT();
  return (
    <Badge variant="light" color={EXPENSE_STATE_COLORS[state]} tt="none" styles={{ root: { minWidth: 'max-content' } }}>
      {t(EXPENSE_STATE_LABELS[state])}
    </Badge>
  );
}

export function ExpensesPanel({
  expenses,
  canRecord,
  readOnly,
  onNew,
  onChanged,
}: {
  expenses: PettyCashExpense[];
  canRecord: boolean;
  readOnly: boolean;
  onNew: () => void;
  onChanged: () => Promise<void>;
}) {
  const t = useT();
  const { money } = useSession();
  const [filter, setFilter] = useState<ExpenseState | null>(null);
  const [attaching, setAttaching] = useState<PettyCashExpense | null>(null);
  const shown = filter ? expenses.filter((e) => e.state === filter) : expenses;

  const open = async (run: () => Promise<void>) => {
    try {
      await run();
    } catch (e) {
      notifyError(e);
    }
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Select
          w={260}
          aria-label={t('pettyCash.expenses.filter')}
          placeholder={t('pettyCash.expenses.all')}
          data={EXPENSE_STATES.map((s) => ({ value: s, label: t(EXPENSE_STATE_LABELS[s]) }))}
          value={filter}
          onChange={(v) => setFilter(v as ExpenseState | null)}
          clearable
        />
        {canRecord && !readOnly && (
          <Button leftSection={<IconPlus size={16} />} onClick={onNew}>
            {t('pettyCash.expense.new')}
          </Button>
        )}
      </Group>
      <DataTable<PettyCashExpense>
        label={t('pettyCash.expenses.title')}
        records={shown}
        idOf={(e) => e.id}
        empty={t('pettyCash.expenses.none')}
        minWidth={900}
        pinLastColumn
        rowTestId={(e) => `petty-expense-${e.number}`}
        columns={[
          { key: 'number', title: t('pettyCash.expenses.number'), sortable: true, noWrap: true },
          { key: 'date', title: t('pettyCash.expenses.date'), sortable: true, noWrap: true, render: (e) => formatDate(e.date) },
          {
            key: 'payee',
            title: t('pettyCash.expenses.payee'),
            sortValue: (e) => e.payee.name,
            render: (e) => (
              <>
                <Text size="sm">{e.payee.name}</Text>
                <Text size="xs" c="dimmed">
                  {payeeId(e.payee)}
                </Text>
              </>
            ),
          },
          {
            key: 'concept',
            title: t('pettyCash.expenses.concept'),
            sortable: true,
            render: (e) => (
              <>
                <Text size="sm">{e.concept}</Text>
                {e.rejectedReason && (
                  <Text size="xs" c="red">
                    {t('pettyCash.expenses.rejectedBecause', { reason: e.rejectedReason })}
                  </Text>
                )}
              </>
            ),
          },
          { key: 'line', title: t('pettyCash.expenses.line'), sortValue: (e) => e.budgetLine.code, render: (e) => e.budgetLine.code },
          {
            key: 'amount',
            title: t('pettyCash.expenses.amount'),
            sortable: true,
            textAlign: 'right',
            noWrap: true,
            render: (e) => (
              <>
                {money(e.amount)}
                {e.withholdings > 0 && (
                  <Text size="xs" c="dimmed">
                    {t('pettyCash.expenses.netShort', { net: money(e.net) })}
                  </Text>
                )}
              </>
            ),
          },
          { key: 'state', title: t('pettyCash.expenses.state'), sortValue: (e) => t(EXPENSE_STATE_LABELS[e.state]), render: (e) => <ExpenseStateBadge state={e.state} /> },
          {
            key: 'actions',
            title: '',
            render: (e) => (
              <Group gap={4} wrap="nowrap" justify="flex-end">
                {e.support ? (
                  <Tooltip label={t('pettyCash.expenses.openSupport', { file: e.support.fileName })}>
                    <ActionIcon variant="subtle" aria-label={t('pettyCash.expenses.openSupport', { file: e.support.fileName })} onClick={() => void open(async () => downloadDocument(await send('pettyCash.support', { expenseId: e.id })))}>
                      <IconPaperclip size={16} />
                    </ActionIcon>
                  </Tooltip>
                ) : (
                  !readOnly && (
                    <Button size="compact-xs" color="orange" variant="light" onClick={() => setAttaching(e)}>
                      {t('pettyCash.expenses.attach')}
                    </Button>
                  )
                )}
                <Tooltip label={t('pettyCash.expenses.voucher')}>
                  <ActionIcon variant="subtle" aria-label={t('pettyCash.expenses.voucherOf', { number: e.number })} onClick={() => void open(async () => downloadDocument(await send('pettyCash.voucherPdf', { expenseId: e.id })))}>
                    <IconFileText size={16} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            ),
          },
        ]}
      />
      {attaching && <AttachSupportModal expense={attaching} onClose={() => setAttaching(null)} onDone={onChanged} />}
    </Stack>
  );
}

function AttachSupportModal({ expense, onClose, onDone }: { expense: PettyCashExpense; onClose: () => void; onDone: () => Promise<void> }) {
  const t = useT();
  const [support, setSupport] = useState<PendingSupport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!support) return setError(t('pettyCash.support.missing'));
    setBusy(true);
    try {
      await send('pettyCash.attachSupport', { expenseId: expense.id, support: await uploadAttachment(support) });
      notifySuccess(t('pettyCash.support.attached', { number: expense.number }));
      await onDone();
      onClose();
    } catch (e) {
      setError(apiErrorOf(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('pettyCash.support.attachTitle', { number: expense.number })}>
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <SupportPicker value={support} onChange={setSupport} withoutSupportHint={false} />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('pettyCash.support.attachButton')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
