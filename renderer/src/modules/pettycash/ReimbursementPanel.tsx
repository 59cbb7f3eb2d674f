/**
 * Reembolso. The custodian picks the vouchers not yet reimbursed (all selected at first), sees the
 * totals per rubro and asks for the reimbursement: the report (relación de gastos with the
 * supports) downloads. The coordinator sees the pending request, may return single vouchers with a
 * reason, and approves it (the fund is restored by the approved total) or rejects it whole.
 */
import { useMemo, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Card, Checkbox, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconFileText } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { PettyCashExpense, PettyCashReimbursement, PettyCashStatus } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { notifyError, notifySuccess, text } from '../../app/forms';
import { DataTable } from '../../app/DataTable';
import { formatDate } from '../../app/format';
import { downloadDocument } from '../../app/download';
import { ConfirmModal } from '../../app/ConfirmModal';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';
import { useSession } from '../../app/session';
import { ExpenseStateBadge } from './ExpensesPanel';
import { REIMBURSABLE_STATES, REIMBURSEMENT_STATE_LABELS } from './labels';

export function ReimbursementPanel({
  status,
  expenses,
  isCustodian,
  isCoordinator,
  readOnly,
  version,
  onChanged,
}: {
  status: PettyCashStatus;
  expenses: PettyCashExpense[];
  isCustodian: boolean;
  isCoordinator: boolean;
  readOnly: boolean;
  /** changes when the fund changed: the history reloads */
  version: number;
  onChanged: () => Promise<void>;
}) {
  const t = useT();
  const history = useLoad(() => send('pettyCash.reimbursements', { fundId: status.fund.id }), [status.fund.id, version]);
  const pending = status.pendingReimbursement;
  return (
    <Stack gap="lg">
      {pending && isCoordinator && !readOnly && <DecidePending key={pending.id} request={pending} onChanged={onChanged} />}
      {pending && !isCoordinator && (
        <Alert color="grape">{t('pettyCash.reimbursement.waiting', { number: pending.number })}</Alert>
      )}
      {!pending && isCustodian && !readOnly && <RequestReimbursement status={status} expenses={expenses} onChanged={onChanged} />}
      {!pending && !isCustodian && !readOnly && <Text c="dimmed">{t('pettyCash.reimbursement.onlyCustodian', { name: status.fund.custodian.name })}</Text>}
      <Stack gap="xs">
        <Title order={4}>{t('pettyCash.reimbursement.history')}</Title>
        {history.loading && !history.data ? (
          <Loading />
        ) : history.error ? (
          <LoadError error={history.error} retry={() => void history.reload()} />
        ) : (history.data ?? []).length === 0 ? (
          <Text c="dimmed">{t('pettyCash.reimbursement.none')}</Text>
        ) : (
          <ReimbursementHistory list={history.data ?? []} />
        )}
      </Stack>
    </Stack>
  );
}

function ReimbursementHistory({ list }: { list: PettyCashReimbursement[] }) {
  const t = useT();
  const { money, dateTime } = useSession();
  return (
    <DataTable<PettyCashReimbursement>
      label={t('pettyCash.reimbursement.history')}
      records={list}
      idOf={(r) => r.id}
      striped={false}
      minWidth={720}
      rowTestId={(r) => `petty-reimbursement-${r.number}`}
      columns={[
        { key: 'number', title: t('pettyCash.reimbursement.number'), sortable: true, noWrap: true },
        {
          key: 'requestedAt',
          title: t('pettyCash.reimbursement.requestedAt'),
          sortable: true,
          render: (r) => (
            <>
              <Text size="sm">{dateTime(r.requestedAt)}</Text>
              <Text size="xs" c="dimmed">
                {r.requestedBy}
              </Text>
            </>
          ),
        },
        {
          key: 'state',
          title: t('pettyCash.reimbursement.state'),
          sortable: true,
          render: (r) => (
            <>
              <Badge variant="light" color={r.state === 'aprobado' ? 'teal' : r.state === 'rechazado' ? 'red' : 'grape'}>
                {t(REIMBURSEMENT_STATE_LABELS[r.state])}
              </Badge>
              {r.decidedBy && (
                <Text size="xs" c="dimmed">
                  {r.decidedBy} · {dateTime(r.decidedAt)}
                </Text>
              )}
            </>
          ),
        },
        { key: 'total', title: t('pettyCash.reimbursement.total'), sortable: true, textAlign: 'right', noWrap: true, render: (r) => money(r.total) },
        { key: 'approvedTotal', title: t('pettyCash.reimbursement.approvedTotal'), sortable: true, textAlign: 'right', noWrap: true, render: (r) => (r.approvedTotal === null ? '—' : money(r.approvedTotal)) },
        {
          key: 'actions',
          title: '',
          render: (r) => (
            <ActionIcon
              variant="subtle"
              aria-label={t('pettyCash.reimbursement.reportOf', { number: r.number })}
              onClick={() => void send('pettyCash.reimbursementPdf', { reimbursementId: r.id }).then(downloadDocument, notifyError)}
            >
              <IconFileText size={16} />
            </ActionIcon>
          ),
        },
      ]}
    />
  );
}

function RequestReimbursement({ status, expenses, onChanged }: { status: PettyCashStatus; expenses: PettyCashExpense[]; onChanged: () => Promise<void> }) {
  const t = useT();
  const { money } = useSession();
  const candidates = useMemo(() => expenses.filter((e) => REIMBURSABLE_STATES.includes(e.state)), [expenses]);
  const waiting = expenses.filter((e) => e.state === 'pendiente_soporte');
  const [excluded, setExcluded] = useState<Set<number>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const chosen = candidates.filter((e) => !excluded.has(e.id));
  const total = chosen.reduce((sum, e) => sum + e.amount, 0);
  const byLine = status.budgetLines
    .map((l) => ({ line: l, total: chosen.filter((e) => e.budgetLine.id === l.id).reduce((s, e) => s + e.amount, 0) }))
    .filter((x) => x.total > 0);
  const toggle = (id: number, on: boolean) =>
    setExcluded((set) => {
      const next = new Set(set);
      if (on) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={4}>{t('pettyCash.reimbursement.requestTitle')}</Title>
        <Text size="sm" c="dimmed">
          {t('pettyCash.reimbursement.requestHelp')}
        </Text>
        {waiting.length > 0 && (
          <Alert color="orange" p="xs">
            {t('pettyCash.reimbursement.waitingSupport', { n: waiting.length, numbers: waiting.map((e) => e.number).join(', ') })}
          </Alert>
        )}
        {candidates.length === 0 ? (
          <Text c="dimmed">{t('pettyCash.reimbursement.nothing')}</Text>
        ) : (
          <>
            <Table aria-label={t('pettyCash.reimbursement.candidates')} verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label={t('pettyCash.reimbursement.all')}
                      checked={excluded.size === 0}
                      indeterminate={excluded.size > 0 && chosen.length > 0}
                      onChange={(e) => setExcluded(e.currentTarget.checked ? new Set() : new Set(candidates.map((x) => x.id)))}
                    />
                  </Table.Th>
                  <Table.Th>{t('pettyCash.expenses.number')}</Table.Th>
                  <Table.Th>{t('pettyCash.expenses.date')}</Table.Th>
                  <Table.Th>{t('pettyCash.expenses.payee')}</Table.Th>
                  <Table.Th>{t('pettyCash.expenses.line')}</Table.Th>
                  <Table.Th ta="right">{t('pettyCash.expenses.amount')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {candidates.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>
                      <Checkbox aria-label={t('pettyCash.reimbursement.include', { number: e.number })} checked={!excluded.has(e.id)} onChange={(ev) => toggle(e.id, ev.currentTarget.checked)} />
                    </Table.Td>
                    <Table.Td>
                      {e.number} {e.state === 'rechazado' && <ExpenseStateBadge state={e.state} />}
                    </Table.Td>
                    <Table.Td>{formatDate(e.date)}</Table.Td>
                    <Table.Td>{e.payee.name}</Table.Td>
                    <Table.Td>{e.budgetLine.code}</Table.Td>
                    <Table.Td ta="right">{money(e.amount)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group justify="space-between" align="flex-end">
              <Stack gap={0}>
                {byLine.map((x) => (
                  <Text size="sm" key={x.line.id}>
                    {x.line.code} · {x.line.name}: <b>{money(x.total)}</b>
                  </Text>
                ))}
                <Text fw={700} data-testid="petty-reimbursement-total">
                  {t('pettyCash.reimbursement.totalLine', { n: chosen.length, total: money(total) })}
                </Text>
              </Stack>
              <Button size="md" disabled={chosen.length === 0} onClick={() => setConfirming(true)}>
                {t('pettyCash.reimbursement.request')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
      <ConfirmModal
        opened={confirming}
        title={t('pettyCash.reimbursement.request')}
        confirmLabel={t('pettyCash.reimbursement.request')}
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          const result = await send('pettyCash.requestReimbursement', { fundId: status.fund.id, expenseIds: chosen.map((e) => e.id) });
          downloadDocument(result.report);
          notifySuccess(t('pettyCash.reimbursement.requested', { number: result.reimbursement.number }));
          await onChanged();
        }}
      >
        <Text fw={600} data-testid="petty-request-confirm">
          {t('pettyCash.reimbursement.confirmText', { n: chosen.length, total: money(total) })}
        </Text>
      </ConfirmModal>
    </Card>
  );
}

function DecidePending({ request, onChanged }: { request: PettyCashReimbursement; onChanged: () => Promise<void> }) {
  const t = useT();
  const { money, dateTime } = useSession();
  /** expense id → reason typed; present means "return this voucher" */
  const [rejected, setRejected] = useState<Record<number, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<'approve' | 'reject' | null>(null);
  const [note, setNote] = useState('');
  const rejectedIds = Object.keys(rejected).map(Number);
  const approvedTotal = request.expenses.filter((e) => !(e.id in rejected)).reduce((s, e) => s + e.amount, 0);

  const ask = (what: 'approve' | 'reject') => {
    if (what === 'approve' && rejectedIds.some((id) => !rejected[id].trim())) return setProblem(t('pettyCash.decide.reasonMissing'));
    if (what === 'approve' && rejectedIds.length === request.expenses.length) return setProblem(t('pettyCash.decide.allRejected'));
    if (what === 'reject' && !note.trim()) return setProblem(t('pettyCash.decide.noteMissing'));
    setProblem(null);
    setConfirming(what);
  };

  return (
    <Card withBorder padding="md" data-testid="petty-decide">
      <Stack gap="sm">
        <Title order={4}>{t('pettyCash.decide.title', { number: request.number })}</Title>
        <Text size="sm" c="dimmed">
          {t('pettyCash.decide.requestedBy', { by: request.requestedBy, at: dateTime(request.requestedAt), total: money(request.total) })}
        </Text>
        <Table aria-label={t('pettyCash.decide.vouchers')} verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('pettyCash.expenses.number')}</Table.Th>
              <Table.Th>{t('pettyCash.expenses.payee')}</Table.Th>
              <Table.Th ta="right">{t('pettyCash.expenses.amount')}</Table.Th>
              <Table.Th>{t('pettyCash.decide.return')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {request.expenses.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{e.number}</Table.Td>
                <Table.Td>{e.payeeName}</Table.Td>
                <Table.Td ta="right">{money(e.amount)}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Checkbox
                      aria-label={t('pettyCash.decide.returnVoucher', { number: e.number })}
                      checked={e.id in rejected}
                      onChange={(ev) => {
                        const on = ev.currentTarget.checked;
                        setRejected((r) => {
                          const next = { ...r };
                          if (on) next[e.id] = '';
                          else delete next[e.id];
                          return next;
                        });
                      }}
                    />
                    {e.id in rejected && (
                      <TextInput
                        size="xs"
                        style={{ flex: 1 }}
                        placeholder={t('pettyCash.decide.reason')}
                        aria-label={t('pettyCash.decide.reasonOf', { number: e.number })}
                        value={rejected[e.id]}
                        onChange={text((v) => setRejected((r) => ({ ...r, [e.id]: v })))}
                        maxLength={300}
                      />
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {request.byLine.length > 0 && (
          <Text size="sm">{request.byLine.map((l) => `${l.code} · ${l.name}: ${money(l.total)}`).join(' · ')}</Text>
        )}
        <TextInput label={t('pettyCash.decide.note')} value={note} onChange={text(setNote)} maxLength={500} />
        {problem && (
          <Alert color="red" role="alert" p="xs">
            {problem}
          </Alert>
        )}
        <Group justify="space-between">
          <Button variant="default" leftSection={<IconFileText size={16} />} onClick={() => void send('pettyCash.reimbursementPdf', { reimbursementId: request.id }).then(downloadDocument, notifyError)}>
            {t('pettyCash.decide.report')}
          </Button>
          <Group>
            <Button color="red" variant="light" onClick={() => ask('reject')}>
              {t('pettyCash.decide.rejectAll')}
            </Button>
            <Button color="teal" size="md" onClick={() => ask('approve')}>
              {t('pettyCash.decide.approve')}
            </Button>
          </Group>
        </Group>
      </Stack>
      <ConfirmModal
        opened={confirming !== null}
        title={confirming === 'reject' ? t('pettyCash.decide.rejectAll') : t('pettyCash.decide.approve')}
        confirmLabel={confirming === 'reject' ? t('pettyCash.decide.rejectAll') : t('pettyCash.decide.approve')}
        color={confirming === 'reject' ? 'red' : 'teal'}
        onClose={() => setConfirming(null)}
        onConfirm={async () => {
          const approve = confirming === 'approve';
          const result = await send('pettyCash.decideReimbursement', {
            reimbursementId: request.id,
            approve,
            rejected: approve ? rejectedIds.map((expenseId) => ({ expenseId, reason: rejected[expenseId].trim() })) : [],
            note,
          });
          notifySuccess(
            approve
              ? t('pettyCash.decide.approved', { number: result.number, amount: money(result.approvedTotal ?? approvedTotal) })
              : t('pettyCash.decide.rejected', { number: result.number }),
          );
          await onChanged();
        }}
      >
        <Text fw={600} data-testid="petty-decide-confirm">
          {confirming === 'reject'
            ? t('pettyCash.decide.rejectText', { number: request.number })
            : t('pettyCash.decide.approveText', { number: request.number, amount: money(approvedTotal) })}
        </Text>
        {confirming === 'approve' && rejectedIds.length > 0 && <Text size="sm">{t('pettyCash.decide.returnedCount', { n: rejectedIds.length })}</Text>}
      </ConfirmModal>
    </Card>
  );
}
