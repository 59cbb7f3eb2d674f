/**
 * Aprobaciones: the one inbox of everything that waits for the coordinator (PQR answers, petty-cash
 * reimbursements, and every kind a module registers in the back office), the most urgent first.
 * Each item opens the screen where it is decided.
 */
import { useState } from 'react';
import { Badge, Button, Chip, Group, Stack, Text } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { ApprovalItem } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { DataTable } from '../../app/DataTable';
import { formatDate } from '../../app/format';
import { PageTitle } from '../../app/PageTitle';
import { LoadError, Loading } from '../../app/Status';
import { navigate } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';

export function ApprovalsPage() {
  const t = useT();
  const { money, dateTime, can } = useSession();
  const { data, error, loading, reload } = useLoad(() => send('approvals.inbox', {}), []);
  const [kind, setKind] = useState<string>('all');
  const allOffices = can(['administrador']);

  if (loading && !data) return <Loading />;
  if (error || !data) return error ? <LoadError error={error} retry={() => void reload()} /> : null;
  const items = kind === 'all' ? data.items : data.items.filter((i) => i.kind === kind);

  return (
    <>
      <PageTitle title={t('approvals.title')} description={t('approvals.description')} />
      <Stack gap="sm">
        <Chip.Group value={kind} onChange={(v) => setKind(v as string)}>
          <Group gap="xs">
            <Chip value="all" size="sm">
              {t('approvals.all', { n: data.items.length })}
            </Chip>
            {data.groups.map((g) => (
              <Chip key={g.kind} value={g.kind} size="sm" disabled={g.count === 0}>
                {t('approvals.group', { label: g.label, n: g.count })}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        <DataTable<ApprovalItem>
          label={t('approvals.table')}
          records={items}
          idOf={(i) => i.key}
          empty={t('approvals.empty')}
          onRowClick={(i) => navigate(i.path)}
          rowTestId={(i) => `approval-${i.key}`}
          columns={[
            {
              key: 'kindLabel',
              title: t('approvals.col.what'),
              sortable: true,
              noWrap: true,
              render: (i) => (
                <Badge variant="light" color={i.kind.startsWith('pqr') ? 'blue' : 'grape'} style={{ whiteSpace: 'nowrap', overflow: 'visible' }}>
                  {i.kindLabel}
                </Badge>
              ),
            },
            {
              key: 'title',
              title: t('approvals.col.item'),
              sortable: true,
              render: (i) => (
                <Stack gap={0}>
                  <Text size="sm" fw={600}>
                    {i.title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {i.detail}
                  </Text>
                </Stack>
              ),
            },
            ...(allOffices ? [{ key: 'officeCode', title: t('approvals.col.office'), sortable: true, noWrap: true }] : []),
            {
              key: 'requestedAt',
              title: t('approvals.col.requested'),
              sortable: true,
              render: (i) => (
                <Stack gap={0}>
                  <Text size="sm">{i.requestedBy}</Text>
                  <Text size="xs" c="dimmed">
                    {dateTime(i.requestedAt)}
                  </Text>
                </Stack>
              ),
            },
            { key: 'dueDate', title: t('approvals.col.due'), sortable: true, noWrap: true, render: (i) => (i.dueDate ? formatDate(i.dueDate) : '—') },
            { key: 'amount', title: t('approvals.col.amount'), sortable: true, textAlign: 'right', noWrap: true, render: (i) => (i.amount === null ? '—' : money(i.amount)) },
            {
              key: 'open',
              title: '',
              textAlign: 'right',
              render: (i) => (
                <Button
                  size="compact-sm"
                  variant="light"
                  rightSection={<IconArrowRight size={14} />}
                  aria-label={t('approvals.openItem', { title: i.title })}
                  onClick={(e) => {
                    e.stopPropagation();
                    navigate(i.path);
                  }}
                >
                  {t('approvals.open')}
                </Button>
              ),
            },
          ]}
        />
      </Stack>
    </>
  );
}
