/**
 * A campaign's own accounts (issue 15): the list in queue order, paged by the back office, with the
 * gestor, today's debt and age, the state in the queue and the last outcome; filtered by gestor (the
 * coordinator) and state; the same list whole as CSV. A gestor gets only their own accounts from the
 * back office. An account opens its page.
 */
import { useState } from 'react';
import { Badge, Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import { IconFileTypeCsv } from '@tabler/icons-react';
import { send } from '../../api/client';
import { ASSIGNMENT_STATES, type AssignmentState, type CampaignAccountRow, type CampaignGestorStats } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { DataTable } from '../../app/DataTable';
import { LoadError } from '../../app/Status';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { Pager, useDocumentFile } from './parts';

const PAGE = 50;

const STATE_COLORS: Record<AssignmentState, string> = { pendiente: 'blue', en_espera: 'yellow', compromiso: 'teal', gestionada: 'gray', cerrada: 'dark' };

export function CampaignAccounts({ campaignId, gestores }: { campaignId: number; gestores: CampaignGestorStats[] }) {
  const t = useT();
  const { money, dateTime, can } = useSession();
  const [gestorId, setGestorId] = useState<number | undefined>(undefined);
  const [state, setState] = useState<AssignmentState | undefined>(undefined);
  const [offset, setOffset] = useState(0);
  const files = useDocumentFile();
  const list = useLoad(() => send('collections.campaignAccounts', { campaignId, gestorId, state, offset, limit: PAGE }), [campaignId, gestorId, state, offset]);
  const total = list.data?.total ?? 0;
  const coordination = can(['coordinador', 'administrador']);
  const open = (a: CampaignAccountRow) => navigate(paths.account(a.accountId));

  return (
    <Card withBorder padding="sm" data-testid="campaign-account-list">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Group gap="sm" wrap="nowrap">
          <Text fw={700}>{t('collections.campaignAccounts.title')}</Text>
          <Text size="sm" c="dimmed" data-testid="campaign-account-list-total">
            {t('collections.campaignAccounts.count', { n: total.toLocaleString('es-CO') })}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap">
          {coordination && (
            <Select
              size="xs"
              aria-label={t('collections.campaignAccounts.gestor')}
              placeholder={t('collections.campaignAccounts.allGestores')}
              data={gestores.map((g) => ({ value: String(g.gestorId), label: g.fullName }))}
              value={gestorId === undefined ? null : String(gestorId)}
              onChange={(v) => {
                setGestorId(v ? Number(v) : undefined);
                setOffset(0);
              }}
              clearable
              w={200}
            />
          )}
          <Select
            size="xs"
            aria-label={t('collections.campaignAccounts.state')}
            placeholder={t('collections.campaignAccounts.allStates')}
            data={ASSIGNMENT_STATES.map((s) => ({ value: s, label: t(`collections.assignmentState.${s}`) }))}
            value={state ?? null}
            onChange={(v) => {
              setState((v as AssignmentState | null) ?? undefined);
              setOffset(0);
            }}
            clearable
            w={170}
            data-testid="campaign-account-list-state"
          />
          <Button
            size="xs"
            variant="default"
            leftSection={<IconFileTypeCsv size={16} />}
            loading={files.busy === 'csv'}
            onClick={() => void files.get('csv', () => send('collections.campaignAccountsFile', { campaignId, gestorId, state }))}
            data-testid="campaign-account-list-csv"
          >
            {t('collections.campaignAccounts.csv')}
          </Button>
        </Group>
      </Group>
      {list.error && <LoadError error={list.error} retry={() => void list.reload()} />}
      <Stack gap="xs">
        <DataTable<CampaignAccountRow>
          label={t('collections.campaignAccounts.table')}
          records={list.data?.rows ?? []}
          idOf={(a) => a.assignmentId}
          fetching={list.loading}
          compact
          pageSize={PAGE}
          empty={t('collections.campaignAccounts.empty')}
          onRowClick={open}
          rowTestId={(a) => `campaign-account-${a.accountNumber}`}
          rowAttributes={(a) => ({ tabIndex: 0, onKeyDown: (e: React.KeyboardEvent) => e.key === 'Enter' && open(a) })}
          columns={[
            { key: 'accountNumber', title: t('collections.col.account'), noWrap: true },
            { key: 'holderName', title: t('collections.col.holder') },
            { key: 'gestor', title: t('collections.col.gestor'), noWrap: true },
            { key: 'debt', title: t('collections.col.debt'), textAlign: 'right', noWrap: true, render: (a) => money(a.debt) },
            { key: 'daysPastDue', title: t('collections.col.days'), textAlign: 'right' },
            {
              key: 'state',
              title: t('collections.campaignAccounts.state'),
              noWrap: true,
              render: (a) => (
                <Group gap={4} wrap="nowrap">
                  <Badge size="sm" variant="light" color={STATE_COLORS[a.state]}>
                    {t(`collections.assignmentState.${a.state}`)}
                  </Badge>
                  {a.brokenPromise && (
                    <Badge size="sm" color="red">
                      {t('collections.campaignAccounts.broken')}
                    </Badge>
                  )}
                </Group>
              ),
            },
            { key: 'contacts', title: t('collections.campaignAccounts.contacts'), textAlign: 'right' },
            {
              key: 'lastOutcome',
              title: t('collections.campaignAccounts.lastOutcome'),
              render: (a) =>
                a.lastOutcome ? (
                  <Text size="sm">
                    {a.lastOutcome}{' '}
                    <Text span size="xs" c="dimmed">
                      {dateTime(a.lastContactAt)}
                    </Text>
                  </Text>
                ) : (
                  '—'
                ),
            },
          ]}
        />
        {total > PAGE && (
          <Group justify="flex-end">
            <Pager offset={offset} page={PAGE} total={total} onChange={setOffset} />
          </Group>
        )}
      </Stack>
    </Card>
  );
}
