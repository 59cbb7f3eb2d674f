/**
 * Informe de acuerdos de pago (issue 16), for the coordinator and the administrator: the agreements by
 * state, office and month of signing, with their amounts and what is still owed on their
 * installments; a click opens an agreement; the same list as a CSV.
 */
import { useState } from 'react';
import { Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { IconFileTypeCsv } from '@tabler/icons-react';
import { send } from '../../api/client';
import { AGREEMENT_STATES, type AgreementRow, type AgreementState } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { PageTitle } from '../../app/PageTitle';
import { DataTable } from '../../app/DataTable';
import { MonthField } from '../../app/DateField';
import { downloadDocument } from '../../app/download';
import { formatDate } from '../../app/format';
import { notifyError } from '../../app/forms';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { LoadError } from '../../app/Status';
import { StateBadge } from './StateBadge';

export function AgreementsReportPage() {
  const t = useT();
  const { money } = useSession();
  const [month, setMonth] = useState<string | null>(null);
  const [state, setState] = useState<AgreementState | null>(null);
  const filter = { month: month ?? undefined, state: state ?? undefined };
  const { data, error, loading, reload } = useLoad(() => send('agreements.report', { month: month ?? undefined, state: state ?? undefined }), [month, state]);
  const [busy, setBusy] = useState(false);
  const csv = () => {
    setBusy(true);
    void send('agreements.reportCsv', filter)
      .then(downloadDocument, notifyError)
      .finally(() => setBusy(false));
  };
  const byState = data?.byState ?? [];
  return (
    <>
      <PageTitle
        title={t('agreements.report.title')}
        description={t('agreements.report.description')}
        actions={
          <Button variant="light" leftSection={<IconFileTypeCsv size={18} />} loading={busy} onClick={csv} data-testid="agreements-csv">
            {t('agreements.report.csv')}
          </Button>
        }
      />
      <Group mb="sm" align="flex-end">
        <MonthField label={t('agreements.report.month')} value={month} onChange={setMonth} clearable w={180} />
        <Select
          label={t('agreements.report.state')}
          placeholder={t('agreements.report.all')}
          data={AGREEMENT_STATES.map((s) => ({ value: s, label: t(`agreements.state.${s}`) }))}
          value={state}
          onChange={(v) => setState(v as AgreementState | null)}
          clearable
          w={240}
        />
      </Group>
      {error && <LoadError error={error} retry={() => void reload()} />}
      <Stack gap="md">
        <Card withBorder padding="sm" maw={760}>
          <Title order={4} mb="xs">
            {t('agreements.report.byState')}
          </Title>
          <DataTable
            label={t('agreements.report.byState')}
            records={byState}
            idOf={(s) => s.state}
            compact
            fetching={loading}
            empty={t('agreements.report.empty')}
            columns={[
              { key: 'state', title: t('agreements.col.state'), render: (s) => <StateBadge state={s.state} health="al_dia" size="sm" /> },
              { key: 'count', title: t('agreements.col.count'), textAlign: 'right' },
              { key: 'debtTotal', title: t('agreements.col.debtTotal'), textAlign: 'right', noWrap: true, render: (s) => money(s.debtTotal) },
              { key: 'outstanding', title: t('agreements.col.outstanding'), textAlign: 'right', noWrap: true, render: (s) => money(s.outstanding) },
            ]}
          />
          <Text size="sm" mt="xs" ta="right" fw={600}>
            {t('agreements.totals')}: {byState.reduce((n, s) => n + s.count, 0)} · {money(byState.reduce((n, s) => n + s.debtTotal, 0))}
          </Text>
        </Card>
        <DataTable<AgreementRow>
          label={t('agreements.report.rows')}
          records={data?.rows ?? []}
          idOf={(r) => r.id}
          fetching={loading}
          empty={t('agreements.report.empty')}
          onRowClick={(r) => navigate(paths.agreement(r.id))}
          rowTestId={(r) => `agreement-row-${r.number}`}
          columns={[
            { key: 'number', title: t('agreements.col.agreement'), sortable: true, noWrap: true, render: (r) => <Text size="sm" fw={600}>{r.number}</Text> },
            { key: 'officeCode', title: t('agreements.col.office'), sortable: true },
            { key: 'businessDate', title: t('agreements.col.date'), sortable: true, noWrap: true, render: (r) => formatDate(r.businessDate) },
            { key: 'accountNumber', title: t('agreements.col.account'), sortable: true },
            { key: 'holderName', title: t('agreements.col.holder'), sortable: true },
            { key: 'state', title: t('agreements.col.state'), sortable: true, render: (r) => <StateBadge state={r.state} health={r.health} size="sm" /> },
            { key: 'debtTotal', title: t('agreements.col.debtTotal'), sortable: true, textAlign: 'right', noWrap: true, render: (r) => money(r.debtTotal) },
            { key: 'outstanding', title: t('agreements.col.outstanding'), sortable: true, textAlign: 'right', noWrap: true, render: (r) => money(r.outstanding) },
          ]}
        />
      </Stack>
    </>
  );
}
