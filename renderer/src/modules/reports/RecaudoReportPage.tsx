/**
 * Informe de recaudo: what was collected in a date range, by day, office, cashier and method, with
 * the totals per method, the grand total and the voided receipts. Coordinators see their office;
 * the administrator picks one or all. The same report downloads as PDF or CSV.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconFileTypeCsv, IconFileTypePdf, IconSearch } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import type { RecaudoReport } from '../../../../shared/contract';
import { todayIn } from '../../../../shared/dates';
import { useT } from '../../i18n';
import { notifyError, useForm } from '../../app/forms';
import { DataTable } from '../../app/DataTable';
import { formatDate } from '../../app/format';
import { DateRangeField } from '../../app/DateField';
import { downloadDocument } from '../../app/download';
import { PageTitle } from '../../app/PageTitle';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { METHOD_LABELS } from './methods';

type RecaudoRow = RecaudoReport['rows'][number] & { i: number };

interface Query {
  from: string;
  to: string;
  officeId?: number;
}

export function RecaudoReportPage() {
  const t = useT();
  const { company, user, can } = useSession();
  const isAdmin = can(['administrador']);
  const today = todayIn(company.timeZone);
  const { values, set, errors, setErrors } = useForm<{ from: string | null; to: string | null; office: string }>({ from: today, to: today, office: isAdmin ? 'all' : String(user.officeId) });
  const offices = useLoad(async () => (isAdmin ? send('offices.list', {}) : []), [isAdmin]);
  const [query, setQuery] = useState<Query | null>(null);
  const [report, setReport] = useState<RecaudoReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [downloading, setDownloading] = useState<'pdf' | 'csv' | null>(null);

  const run = async (event?: React.FormEvent) => {
    event?.preventDefault();
    const { from, to } = values;
    const found: Record<string, string> = {};
    if (!from) found.from = t('common.dateInvalid');
    if (!to) found.to = t('common.dateInvalid');
    if (from && to && from > to) found.to = t('reports.recaudo.toBeforeFrom');
    if (Object.keys(found).length) return setErrors(found);
    const next: Query = { from: from as string, to: to as string, ...(isAdmin && values.office !== 'all' ? { officeId: Number(values.office) } : {}) };
    setBusy(true);
    setFailure(null);
    const result = await call('reports.recaudo', next);
    setBusy(false);
    if (!result.ok) {
      setReport(null);
      return setFailure(result.error.message);
    }
    setQuery(next);
    setReport(result.data);
  };

  // today's report right away
  useEffect(() => {
    void run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const download = async (format: 'pdf' | 'csv') => {
    if (!query) return;
    setDownloading(format);
    try {
      downloadDocument(await send('reports.recaudoFile', { ...query, format }));
    } catch (e) {
      notifyError(e);
    } finally {
      setDownloading(null);
    }
  };

  return (
    <>
      <PageTitle
        title={t('reports.recaudo.title')}
        description={t('reports.recaudo.description')}
        actions={
          report && (
            <>
              <Button variant="light" leftSection={<IconFileTypePdf size={18} />} loading={downloading === 'pdf'} onClick={() => void download('pdf')}>
                {t('reports.recaudo.pdf')}
              </Button>
              <Button variant="light" leftSection={<IconFileTypeCsv size={18} />} loading={downloading === 'csv'} onClick={() => void download('csv')}>
                {t('reports.recaudo.csv')}
              </Button>
            </>
          )
        }
      />
      <Stack gap="md">
        <Card withBorder>
          <form onSubmit={(e) => void run(e)} noValidate>
            <Group align="flex-end">
              <DateRangeField
                value={{ from: values.from, to: values.to }}
                onChange={(range) => {
                  set('from', range.from);
                  set('to', range.to);
                }}
                fromLabel={t('reports.recaudo.from')}
                toLabel={t('reports.recaudo.to')}
                width={160}
                required
                error={errors.from ?? errors.to}
              />
              {isAdmin ? (
                <Select
                  label={t('reports.recaudo.office')}
                  data={[
                    { value: 'all', label: t('reports.recaudo.allOffices') },
                    ...(offices.data ?? []).map((o) => ({ value: String(o.id), label: `${o.code} · ${o.name}` })),
                  ]}
                  value={values.office}
                  onChange={(v) => v && set('office', v)}
                  allowDeselect={false}
                  w={260}
                />
              ) : (
                <TextInput label={t('reports.recaudo.office')} value={`${user.officeCode} · ${user.officeName}`} readOnly w={260} />
              )}
              <Button type="submit" leftSection={<IconSearch size={18} />} loading={busy}>
                {t('reports.recaudo.run')}
              </Button>
            </Group>
          </form>
        </Card>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        {report && <ReportView report={report} />}
      </Stack>
    </>
  );
}

function ReportView({ report }: { report: RecaudoReport }) {
  const t = useT();
  const { money } = useSession();
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
        {report.totals.map((m) => (
          <Card key={m.method} withBorder padding="sm">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t(METHOD_LABELS[m.method])}
            </Text>
            <Text size="lg" fw={700} data-testid={`total-${m.method}`}>
              {money(m.amount)}
            </Text>
            <Text size="sm" c="dimmed">
              {t(m.count === 1 ? 'reports.recaudo.paymentsOne' : 'reports.recaudo.paymentsMany', { n: m.count })}
            </Text>
          </Card>
        ))}
        <Card withBorder padding="sm" bg="var(--mantine-primary-color-light)">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t('reports.recaudo.grandTotal')}
          </Text>
          <Text size="lg" fw={800} data-testid="report-total">
            {money(report.total)}
          </Text>
        </Card>
        <Card withBorder padding="sm">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t('reports.recaudo.voided')}
          </Text>
          <Text size="lg" fw={700} c={report.voidedCount > 0 ? 'red' : undefined} data-testid="report-voided">
            {money(report.voidedAmount)}
          </Text>
          <Text size="sm" c="dimmed">
            {t(report.voidedCount === 1 ? 'reports.recaudo.receiptsOne' : 'reports.recaudo.receiptsMany', { n: report.voidedCount })}
          </Text>
        </Card>
      </SimpleGrid>
      <Card withBorder>
        <Text fw={700} mb="sm">
          {t('reports.recaudo.detail', { from: formatDate(report.from), to: formatDate(report.to), office: report.officeCode ?? t('reports.recaudo.allOffices') })}
        </Text>
        <DataTable<RecaudoRow>
          label={t('reports.recaudo.title')}
          records={report.rows.map((r, i) => ({ ...r, i }))}
          idOf={(r) => r.i}
          empty={t('reports.recaudo.empty')}
          minWidth={760}
          columns={[
            { key: 'businessDate', title: t('reports.recaudo.date'), sortable: true, noWrap: true, render: (r) => formatDate(r.businessDate) },
            { key: 'officeCode', title: t('reports.recaudo.office'), sortable: true },
            { key: 'cashierName', title: t('reports.recaudo.cashier'), sortable: true },
            { key: 'method', title: t('reports.recaudo.method'), sortValue: (r) => t(METHOD_LABELS[r.method]), render: (r) => t(METHOD_LABELS[r.method]) },
            { key: 'count', title: t('reports.recaudo.count'), sortable: true, textAlign: 'right', render: (r) => r.count.toLocaleString('es-CO') },
            { key: 'amount', title: t('reports.recaudo.amount'), sortable: true, textAlign: 'right', noWrap: true, render: (r) => money(r.amount) },
          ]}
        />
        {report.rows.length > 0 && (
          <Group justify="space-between" px="xs" pt="xs" data-testid="recaudo-grand-total">
            <Text fw={700}>{t('reports.recaudo.grandTotal')}</Text>
            <Group gap="xl">
              <Text fw={700}>{report.rows.reduce((n, r) => n + r.count, 0).toLocaleString('es-CO')}</Text>
              <Text fw={700}>{money(report.total)}</Text>
            </Group>
          </Group>
        )}
      </Card>
    </Stack>
  );
}
