/**
 * Arqueo de caja menor, by someone other than the custodian, at any time: the cash counted by
 * denomination (the cashier's counter), the vouchers and advance receipts found in the box, and
 * live what the fund should hold against what was counted, SOBRANTE or FALTANTE. Confirmed, the
 * acta downloads with its signature lines. The history of arqueos follows.
 */
import { useMemo, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Card, Checkbox, Grid, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconFileText } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { PettyCashArqueo, PettyCashStatus } from '../../../../shared/contract';
import { denominationsOf } from '../../../../shared/denominations';
import { useT } from '../../i18n';
import { notifyError, notifySuccess, text } from '../../app/forms';
import { DataTable } from '../../app/DataTable';
import { downloadDocument } from '../../app/download';
import { ConfirmModal } from '../../app/ConfirmModal';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';
import { useSession } from '../../app/session';
import { MoneyInput } from '../../app/MoneyInput';
import { DenominationCount, countOf, draftTotal, emptyDraft } from '../../app/DenominationCount';
import { expectedHoldings } from './labels';

export function DifferenceText({ difference }: { difference: number }) {
  const t = useT();
  const { money } = useSession();
  if (difference === 0) return <Badge color="teal">{t('pettyCash.arqueo.exact')}</Badge>;
  return (
    <Badge color={difference > 0 ? 'blue' : 'red'} size="lg">
      {t(difference > 0 ? 'pettyCash.arqueo.sobrante' : 'pettyCash.arqueo.faltante', { amount: money(Math.abs(difference)) })}
    </Badge>
  );
}

export function ArqueoPanel({
  status,
  isCustodian,
  isCoordinator,
  readOnly,
  version,
  onChanged,
}: {
  status: PettyCashStatus;
  isCustodian: boolean;
  /** a coordinator or an administrator: the arqueo is theirs (never the custodian's) */
  isCoordinator: boolean;
  readOnly: boolean;
  version: number;
  onChanged: () => Promise<void>;
}) {
  const t = useT();
  const history = useLoad(() => send('pettyCash.arqueos', { fundId: status.fund.id }), [status.fund.id, version]);
  return (
    <Stack gap="lg">
      {readOnly ? null : isCustodian ? (
        <Alert color="blue" title={t('pettyCash.arqueo.notCustodianTitle')}>
          {t('pettyCash.arqueo.notCustodian')}
        </Alert>
      ) : !isCoordinator ? (
        <Alert color="blue" title={t('pettyCash.arqueo.coordinatorOnlyTitle')}>
          {t('pettyCash.arqueo.coordinatorOnly')}
        </Alert>
      ) : (
        <ArqueoForm status={status} onChanged={onChanged} />
      )}
      <Stack gap="xs">
        <Title order={4}>{t('pettyCash.arqueo.history')}</Title>
        {history.loading && !history.data ? (
          <Loading />
        ) : history.error ? (
          <LoadError error={history.error} retry={() => void history.reload()} />
        ) : (history.data ?? []).length === 0 ? (
          <Text c="dimmed">{t('pettyCash.arqueo.none')}</Text>
        ) : (
          <ArqueoHistory list={history.data ?? []} />
        )}
      </Stack>
    </Stack>
  );
}

function ArqueoHistory({ list }: { list: PettyCashArqueo[] }) {
  const t = useT();
  const { money, dateTime } = useSession();
  return (
    <DataTable<PettyCashArqueo>
      label={t('pettyCash.arqueo.history')}
      records={list}
      idOf={(a) => a.id}
      striped={false}
      minWidth={760}
      columns={[
        {
          key: 'at',
          title: t('pettyCash.arqueo.at'),
          sortable: true,
          render: (a) => (
            <>
              {dateTime(a.at)} {a.surprise && <Badge variant="light" color="gray">{t('pettyCash.arqueo.surpriseBadge')}</Badge>}
            </>
          ),
        },
        { key: 'countedBy', title: t('pettyCash.arqueo.countedBy'), sortable: true },
        { key: 'cash', title: t('pettyCash.arqueo.cash'), sortable: true, textAlign: 'right', noWrap: true, render: (a) => money(a.cash) },
        { key: 'papers', title: t('pettyCash.arqueo.papers'), sortValue: (a) => a.vouchersOnHand + a.advancesOnHand, textAlign: 'right', noWrap: true, render: (a) => money(a.vouchersOnHand + a.advancesOnHand) },
        { key: 'expected', title: t('pettyCash.arqueo.expected'), sortable: true, textAlign: 'right', noWrap: true, render: (a) => money(a.expected) },
        { key: 'difference', title: t('pettyCash.arqueo.difference'), sortable: true, render: (a) => <DifferenceText difference={a.difference} /> },
        {
          key: 'actions',
          title: '',
          render: (a) => (
            <ActionIcon variant="subtle" aria-label={t('pettyCash.arqueo.actaOf', { at: dateTime(a.at) })} onClick={() => void send('pettyCash.arqueoPdf', { arqueoId: a.id }).then(downloadDocument, notifyError)}>
              <IconFileText size={16} />
            </ActionIcon>
          ),
        },
      ]}
    />
  );
}

function ArqueoForm({ status, onChanged }: { status: PettyCashStatus; onChanged: () => Promise<void> }) {
  const t = useT();
  const { company, money } = useSession();
  const denominations = useMemo(() => denominationsOf(company.currency), [company.currency]);
  const [draft, setDraft] = useState(() => emptyDraft(denominations));
  const [vouchers, setVouchers] = useState<number | null>(status.unreimbursed > 0 ? null : 0);
  const [advances, setAdvances] = useState<number | null>(status.openAdvancesTotal > 0 ? null : 0);
  const [surprise, setSurprise] = useState(true);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const cash = draftTotal(denominations, draft);
  const expected = expectedHoldings(status);
  const counted = cash + (vouchers ?? 0) + (advances ?? 0);
  const difference = counted - expected;

  const ask = (event: React.FormEvent) => {
    event.preventDefault();
    if (!countOf(denominations, draft)) return setProblem(t('pettyCash.arqueo.countInvalid'));
    if (vouchers === null || advances === null) return setProblem(t('pettyCash.arqueo.papersMissing'));
    setProblem(null);
    setConfirming(true);
  };

  return (
    <form onSubmit={ask} aria-label={t('pettyCash.arqueo.title')}>
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <DenominationCount label={t('pettyCash.arqueo.countLabel')} denominations={denominations} draft={draft} onChange={setDraft} autoFocus />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder>
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                {t('pettyCash.arqueo.help', { custodian: status.fund.custodian.name })}
              </Text>
              <MoneyInput
                label={t('pettyCash.arqueo.vouchersOnHand')}
                description={t('pettyCash.arqueo.vouchersHint', { amount: money(status.unreimbursed) })}
                value={vouchers}
                onChange={setVouchers}
                required
              />
              <MoneyInput
                label={t('pettyCash.arqueo.advancesOnHand')}
                description={t('pettyCash.arqueo.advancesHint', { amount: money(status.openAdvancesTotal) })}
                value={advances}
                onChange={setAdvances}
                required
              />
              <Table verticalSpacing={4} aria-label={t('pettyCash.arqueo.figures')}>
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Td>{t('pettyCash.arqueo.cash')}</Table.Td>
                    <Table.Td ta="right">{money(cash)}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Td>{t('pettyCash.arqueo.countedTotal')}</Table.Td>
                    <Table.Td ta="right" fw={700} data-testid="petty-arqueo-counted">
                      {money(counted)}
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Td>{t('pettyCash.arqueo.expected')}</Table.Td>
                    <Table.Td ta="right" fw={700} data-testid="petty-arqueo-expected">
                      {money(expected)}
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Td>{t('pettyCash.arqueo.difference')}</Table.Td>
                    <Table.Td ta="right" data-testid="petty-arqueo-difference">
                      <DifferenceText difference={difference} />
                    </Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
              <Checkbox label={t('pettyCash.arqueo.surprise')} checked={surprise} onChange={(e) => setSurprise(e.currentTarget.checked)} />
              <TextInput label={t('pettyCash.arqueo.note')} value={note} onChange={text(setNote)} maxLength={500} />
              {problem && (
                <Alert color="red" role="alert" p="xs">
                  {problem}
                </Alert>
              )}
              <Group justify="flex-end">
                <Button type="submit" size="md">
                  {t('pettyCash.arqueo.submit')}
                </Button>
              </Group>
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
      <ConfirmModal
        opened={confirming}
        title={t('pettyCash.arqueo.confirmTitle')}
        confirmLabel={t('pettyCash.arqueo.submit')}
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          const count = countOf(denominations, draft);
          if (!count) return;
          const result = await send('pettyCash.arqueo', { fundId: status.fund.id, cash: count, vouchersOnHand: vouchers ?? 0, advancesOnHand: advances ?? 0, surprise, note });
          downloadDocument(result.acta);
          notifySuccess(t('pettyCash.arqueo.done'));
          setDraft(emptyDraft(denominations));
          setNote('');
          await onChanged();
        }}
      >
        <Text fw={600} data-testid="petty-arqueo-confirm">
          {t('pettyCash.arqueo.confirmText', { counted: money(counted), expected: money(expected) })}
        </Text>
        <DifferenceText difference={difference} />
      </ConfirmModal>
    </form>
  );
}
