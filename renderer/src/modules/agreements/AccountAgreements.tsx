/** The account page's card of payment agreements: each one with its state, what it financed and what is still owed; «Acuerdo de pago» opens the simulator. */
import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { send } from '../../api/client';
import type { AgreementDetail } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { DataTable } from '../../app/DataTable';
import { formatDate } from '../../app/format';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { LoadError } from '../../app/Status';
import { AgreementButton } from './AgreementButton';
import { StateBadge } from './StateBadge';

/** what is still owed on the installments (null: not active yet) */
const owed = (a: AgreementDetail) => a.lines.reduce((s, l) => s + (l.balance ?? 0), 0);

export function AccountAgreements({ accountId }: { accountId: number }) {
  const t = useT();
  const { money } = useSession();
  const { data, error, loading, reload } = useLoad(() => send('agreements.ofAccount', { accountId }), [accountId]);
  return (
    <Card withBorder data-testid="account-agreements">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('agreements.account.title')}</Title>
        <AgreementButton accountId={accountId} />
      </Group>
      {error ? (
        <LoadError error={error} retry={() => void reload()} />
      ) : (
        <DataTable<AgreementDetail>
          label={t('agreements.account.title')}
          records={data ?? []}
          idOf={(a) => a.id}
          fetching={loading}
          compact
          empty={t('agreements.account.none')}
          onRowClick={(a) => navigate(paths.agreement(a.id))}
          rowTestId={(a) => `account-agreement-${a.number}`}
          columns={[
            { key: 'number', title: t('agreements.col.agreement'), noWrap: true, render: (a) => <Text size="sm" fw={600}>{a.number}</Text> },
            {
              key: 'state',
              title: t('agreements.col.state'),
              render: (a) => (
                <Stack gap={2}>
                  <StateBadge state={a.state} health={a.health} size="sm" />
                  {/* why it ended without being kept (expired, annulled, a financed invoice paid at the bank) */}
                  {a.endedOn && a.state !== 'cumplido' && a.endReason && (
                    <Text size="xs" c="dimmed" data-testid={`account-agreement-reason-${a.number}`}>
                      {a.endReason}
                    </Text>
                  )}
                </Stack>
              ),
            },
            { key: 'businessDate', title: t('agreements.col.date'), noWrap: true, render: (a) => formatDate(a.businessDate) },
            { key: 'debtTotal', title: t('agreements.col.debtTotal'), textAlign: 'right', noWrap: true, render: (a) => money(a.debtTotal) },
            { key: 'downPayment', title: t('agreements.col.downPayment'), textAlign: 'right', noWrap: true, render: (a) => money(a.downPayment) },
            { key: 'outstanding', title: t('agreements.col.outstanding'), textAlign: 'right', noWrap: true, render: (a) => t('agreements.account.line', { n: a.installments, outstanding: money(owed(a)) }) },
          ]}
        />
      )}
    </Card>
  );
}
