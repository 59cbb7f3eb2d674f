/** The account screen's card: its work orders, newest first, with each one's clock (a reconnection's 24 hours). */
import { Badge, Card, Text, Title } from '@mantine/core';
import type { WorkOrderRow } from '../../../../shared/contract';
import { send } from '../../api/client';
import { useT } from '../../i18n';
import { DataTable } from '../../app/DataTable';
import { useSession } from '../../app/session';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';
import { OrderClock } from './OrderClock';
import { STATE_COLORS, stateLabel } from './labels';

export function AccountWorkOrders({ accountId }: { accountId: number }) {
  const t = useT();
  const { dateTime } = useSession();
  const { data, error, loading, reload } = useLoad(() => send('workOrders.ofAccount', { accountId }), [accountId]);
  return (
    <Card withBorder data-testid="account-work-orders">
      <Title order={4} mb="sm">
        {t('wo.account.title')}
      </Title>
      {loading && !data ? (
        <Loading />
      ) : error ? (
        <LoadError error={error} retry={reload} />
      ) : (
        <DataTable<WorkOrderRow>
          label={t('wo.account.title')}
          records={data ?? []}
          idOf={(o) => o.id}
          empty={t('wo.account.none')}
          compact
          rowColor={(o) => (o.late && o.type === 'reconexion' ? 'red' : undefined)}
          columns={[
            { key: 'number', title: t('wo.col.number'), noWrap: true, sortable: true, render: (o) => <Text ff="monospace" size="sm">{o.number}</Text> },
            { key: 'typeLabel', title: t('wo.col.type'), sortable: true },
            { key: 'originRef', title: t('wo.order.origin') },
            { key: 'createdAt', title: t('wo.col.created'), sortable: true, noWrap: true, render: (o) => dateTime(o.createdAt) },
            { key: 'hours', title: t('wo.col.clock'), render: (o) => <OrderClock order={o} /> },
            { key: 'executedAt', title: t('wo.account.executed'), noWrap: true, render: (o) => (o.executedAt ? `${dateTime(o.executedAt)} · ${o.executedBy}` : '—') },
            {
              key: 'state',
              title: t('wo.col.state'),
              sortable: true,
              render: (o) => (
                <Badge color={STATE_COLORS[o.state]} variant="light">
                  {stateLabel(o.state)}
                </Badge>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
