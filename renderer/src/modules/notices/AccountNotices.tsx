/** The account screen's card: its suspension notices and collection letters, with state and delivery. */
import { Badge, Card, Table, Text, Title } from '@mantine/core';
import { send } from '../../api/client';
import { useT } from '../../i18n';
import { formatDate } from '../../app/format';
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
      ) : !data || data.length === 0 ? (
        <Text c="dimmed">{t('notices.account.none')}</Text>
      ) : (
        <Table striped aria-label={t('notices.account.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('notices.col.number')}</Table.Th>
              <Table.Th>{t('notices.col.kind')}</Table.Th>
              <Table.Th>{t('notices.col.generated')}</Table.Th>
              <Table.Th ta="right">{t('notices.col.debt')}</Table.Th>
              <Table.Th>{t('notices.col.state')}</Table.Th>
              <Table.Th>{t('notices.col.delivery')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.map((n) => (
              <Table.Tr key={n.id}>
                <Table.Td ff="monospace">{n.number}</Table.Td>
                <Table.Td>{t(kindKey(n.kind))}</Table.Td>
                <Table.Td>{dateTime(n.generatedAt)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {money(n.debt)}
                </Table.Td>
                <Table.Td>
                  <Badge color={STATE_COLORS[n.state]} variant="light">
                    {stateText(t, n)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {n.deliveredOn && n.deliveryMethod
                    ? t('notices.deliveredLine', { date: formatDate(n.deliveredOn), method: t(methodKey(n.deliveryMethod)), by: n.deliveredBy ?? '' })
                    : '—'}
                  {n.deliveryNote ? (
                    <Text size="xs" c="dimmed">
                      {n.deliveryNote}
                    </Text>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
