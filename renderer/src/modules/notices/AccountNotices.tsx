/** The account screen's card: its suspension notices and collection letters, with state and delivery. */
import { Badge, Card, Text, Title } from '@mantine/core';
import type { NoticeRow } from '../../../../shared/contract';
import { send } from '../../api/client';
import { useT } from '../../i18n';
import { formatDate } from '../../app/format';
import { DataTable } from '../../app/DataTable';
import { useSession } from '../../app/session';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';
import { STATE_COLORS, kindKey, methodKey, stateText } from './labels';

export function AccountNotices({ accountId }: { accountId: number }) {
  const t = useT();
  const { money, dateTime } = useSession();
  const { data, error, loading, reload } = useLoad(() => send('notices.ofAccount', { accountId }), [accountId]);
  return (
    <Card withBorder data-testid="account-notices">
      <Title order={4} mb="sm">
        {t('notices.account.title')}
      </Title>
      {loading && !data ? (
        <Loading />
      ) : error ? (
        <LoadError error={error} retry={reload} />
      ) : (
        <DataTable<NoticeRow>
          label={t('notices.account.title')}
          records={data ?? []}
          idOf={(n) => n.id}
          empty={t('notices.account.none')}
          compact
          columns={[
            { key: 'number', title: t('notices.col.number'), sortable: true, noWrap: true, render: (n) => <Text ff="monospace" size="sm">{n.number}</Text> },
            { key: 'kind', title: t('notices.col.kind'), sortable: true, render: (n) => t(kindKey(n.kind)) },
            { key: 'generatedAt', title: t('notices.col.generated'), sortable: true, render: (n) => dateTime(n.generatedAt) },
            { key: 'debt', title: t('notices.col.debt'), sortable: true, textAlign: 'right', noWrap: true, render: (n) => money(n.debt) },
            {
              key: 'state',
              title: t('notices.col.state'),
              sortable: true,
              render: (n) => (
                <Badge color={STATE_COLORS[n.state]} variant="light">
                  {stateText(t, n)}
                </Badge>
              ),
            },
            {
              key: 'deliveredOn',
              title: t('notices.col.delivery'),
              sortable: true,
              render: (n) => (
                <>
                  {n.deliveredOn && n.deliveryMethod
                    ? t('notices.deliveredLine', { date: formatDate(n.deliveredOn), method: t(methodKey(n.deliveryMethod)), by: n.deliveredBy ?? '' })
                    : '—'}
                  {n.deliveryNote ? (
                    <Text size="xs" c="dimmed">
                      {n.deliveryNote}
                    </Text>
                  ) : null}
                </>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
