/**
 * Compromisos de pago (issue 15, item 4): the promises to pay with their state (pendiente, cumplido,
 * parcial, incumplido), filtered by state and by date; «Revisar ahora» runs the monitor (it compares
 * each commitment due with the account's payments up to its date plus the grace days) and says what
 * it found; the last runs (at start-up, at the set hour, on demand) below.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import { PROMISE_STATES, PROMISE_STATE_LABELS, type CommitmentRow, type MonitorRun, type PromiseState } from '../../../../shared/contract';
import { useT, type MessageKey } from '../../i18n';
import { DataTable } from '../../app/DataTable';
import { DateRangeField, type DateRange } from '../../app/DateField';
import { formatDate } from '../../app/format';
import { PageTitle } from '../../app/PageTitle';
import { LoadError } from '../../app/Status';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';

export const PROMISE_COLORS: Record<PromiseState, string> = { pendiente: 'blue', cumplido: 'teal', parcial: 'orange', incumplido: 'red' };

export function CommitmentsPage() {
  const t = useT();
  const { money, dateTime, can } = useSession();
  const coordination = can(['coordinador', 'administrador']);
  const [state, setState] = useState<PromiseState | 'todos'>('todos');
  const [range, setRange] = useState<DateRange>({ from: null, to: null });
  const inverted = range.from !== null && range.to !== null && range.to < range.from;
  const list = useLoad(
    () => (inverted ? Promise.resolve([] as CommitmentRow[]) : send('collections.commitments', { ...(state === 'todos' ? {} : { state }), ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) })),
    [state, range.from, range.to, inverted],
  );
  const runs = useLoad(() => (coordination ? send('collections.monitorRuns', {}) : Promise.resolve([] as MonitorRun[])), [coordination]);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<MonitorRun | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const runMonitor = async () => {
    setRunning(true);
    setFailure(null);
    const r = await call('collections.runMonitor', {});
    setRunning(false);
    if (!r.ok) return setFailure(r.error.message);
    setResult(r.data);
    void list.reload();
    void runs.reload();
  };

  return (
    <>
      <PageTitle
        title={t('collections.commitments.title')}
        description={t('collections.commitments.description')}
        actions={
          coordination && (
            <Button leftSection={<IconRefresh size={18} />} loading={running} onClick={() => void runMonitor()} data-testid="monitor-run">
              {t('collections.commitments.run')}
            </Button>
          )
        }
      />
      <Stack gap="sm">
        {result && (
          <Alert color="teal" withCloseButton onClose={() => setResult(null)} data-testid="monitor-result">
            {t('collections.commitments.result', {
              checked: result.checked,
              kept: result.kept,
              partial: result.partial,
              broken: result.broken,
              reopened: result.reopened,
              requeued: result.requeued,
            })}
          </Alert>
        )}
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <Group align="flex-end" gap="md">
          <SegmentedControl
            aria-label={t('collections.commitments.state')}
            value={state}
            onChange={(v) => setState(v as PromiseState | 'todos')}
            data={[{ value: 'todos', label: t('collections.commitments.all') }, ...PROMISE_STATES.map((s) => ({ value: s, label: PROMISE_STATE_LABELS[s] }))]}
          />
          <DateRangeField value={range} onChange={setRange} fromLabel={t('collections.commitments.dateFrom')} toLabel={t('collections.commitments.dateTo')} size="sm" />
        </Group>
        {list.error && <LoadError error={list.error} retry={() => void list.reload()} />}
        <DataTable<CommitmentRow>
          label={t('collections.commitments.table')}
          records={list.data ?? []}
          idOf={(c) => c.id}
          fetching={list.loading}
          compact
          maxHeight={coordination ? 330 : 480}
          empty={t('collections.commitments.empty')}
          onRowClick={(c) => navigate(paths.account(c.accountId))}
          rowTestId={(c) => `commitment-${c.id}`}
          rowAttributes={(c) => ({ tabIndex: 0, onKeyDown: (e: React.KeyboardEvent) => e.key === 'Enter' && navigate(paths.account(c.accountId)) })}
          initialSort={{ key: 'date', direction: 'asc' }}
          columns={[
            { key: 'accountNumber', title: t('collections.col.account'), noWrap: true, sortable: true },
            { key: 'holderName', title: t('collections.col.holder'), sortable: true },
            { key: 'gestor', title: t('collections.col.gestor'), sortable: true },
            { key: 'campaignName', title: t('collections.col.campaign'), visibleFrom: 'xl', render: (c) => c.campaignName ?? '—' },
            { key: 'amount', title: t('collections.commitments.amount'), textAlign: 'right', noWrap: true, sortable: true, render: (c) => money(c.amount) },
            { key: 'madeOn', title: t('collections.commitments.madeOn'), noWrap: true, sortable: true, render: (c) => formatDate(c.madeOn) },
            { key: 'date', title: t('collections.commitments.date'), noWrap: true, sortable: true, render: (c) => formatDate(c.date) },
            { key: 'windowEnd', title: t('collections.commitments.windowEnd'), noWrap: true, sortable: true, render: (c) => formatDate(c.windowEnd) },
            { key: 'paid', title: t('collections.commitments.paid'), textAlign: 'right', noWrap: true, sortable: true, render: (c) => money(c.paid) },
            {
              key: 'state',
              title: t('collections.commitments.state'),
              sortable: true,
              testId: 'commitment-state',
              render: (c) => (
                <Badge color={PROMISE_COLORS[c.state]} variant="light">
                  {PROMISE_STATE_LABELS[c.state]}
                </Badge>
              ),
            },
          ]}
        />
        {coordination && (
          <Card withBorder padding="sm">
            <Text fw={700} size="sm" mb={4}>
              {t('collections.commitments.runs')}
            </Text>
            <DataTable<MonitorRun>
              label={t('collections.commitments.runs')}
              records={(runs.data ?? []).slice(0, 10)}
              idOf={(r) => r.id}
              compact
              maxHeight={160}
              empty={t('collections.commitments.noRuns')}
              columns={[
                { key: 'startedAt', title: t('collections.commitments.runAt'), render: (r) => dateTime(r.startedAt) },
                { key: 'trigger', title: t('collections.commitments.trigger'), render: (r) => t(`collections.trigger.${r.trigger}` as MessageKey) },
                { key: 'checked', title: t('collections.commitments.checked'), textAlign: 'right' },
                { key: 'kept', title: PROMISE_STATE_LABELS.cumplido, textAlign: 'right' },
                { key: 'partial', title: PROMISE_STATE_LABELS.parcial, textAlign: 'right' },
                { key: 'broken', title: PROMISE_STATE_LABELS.incumplido, textAlign: 'right' },
                { key: 'requeued', title: t('collections.commitments.requeued'), textAlign: 'right' },
              ]}
            />
          </Card>
        )}
      </Stack>
    </>
  );
}
