/**
 * Informe de telecobro (issue 15, item 6): for a date range, per gestor and campaign, the contacts
 * attempted, the effective ones and the contact rate, the commitments (count, amount, kept %) and the
 * money recovered by the stated attribution rule; a chart by day (every day labelled up to a month);
 * the definitions of the figures (an incoming contact with the debtor is effective, not an attempt);
 * PDF (previewed) and CSV of the same report. A gestor sees their own figures; the coordinator their office's.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconFileTypeCsv, IconFileTypePdf, IconSearch } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import type { CollectionsReport, ReportRow } from '../../../../shared/contract';
import { todayIn } from '../../../../shared/dates';
import { useT } from '../../i18n';
import { Bars } from '../../app/charts';
import { DataTable } from '../../app/DataTable';
import { DateRangeField, type DateRange } from '../../app/DateField';
import { formatDate } from '../../app/format';
import { PageTitle } from '../../app/PageTitle';
import { PdfPreviewModal } from '../../app/PdfPreview';
import { useSession } from '../../app/session';
import { Figure, useDocumentFile } from './parts';

const percent = (v: number | null) => (v === null ? '—' : `${v.toLocaleString('es-CO', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`);

export function CollectionsReportPage() {
  const t = useT();
  const { company } = useSession();
  const today = todayIn(company.timeZone);
  const [range, setRange] = useState<DateRange>({ from: today, to: today });
  const [report, setReport] = useState<CollectionsReport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const files = useDocumentFile();

  const run = async (event?: React.FormEvent) => {
    event?.preventDefault();
    if (!range.from || !range.to) return setFailure(t('collections.report.needRange'));
    setBusy(true);
    setFailure(null);
    const r = await call('collections.report', { from: range.from, to: range.to });
    setBusy(false);
    if (!r.ok) return setFailure(r.error.message);
    setReport(r.data);
  };

  useEffect(() => {
    void run();
    // today's report right away
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const file = (format: 'pdf' | 'csv') => report && files.get(format, () => send('collections.reportFile', { from: report.from, to: report.to, format }));

  return (
    <>
      <PageTitle
        title={t('collections.report.title')}
        description={t('collections.report.description')}
        actions={
          report && (
            <>
              <Button variant="light" leftSection={<IconFileTypePdf size={18} />} loading={files.busy === 'pdf'} onClick={() => void file('pdf')} data-testid="report-pdf">
                {t('collections.pdf')}
              </Button>
              <Button variant="light" leftSection={<IconFileTypeCsv size={18} />} loading={files.busy === 'csv'} onClick={() => void file('csv')} data-testid="report-csv">
                {t('collections.csv')}
              </Button>
            </>
          )
        }
      />
      <Stack gap="sm">
        <form onSubmit={(e) => void run(e)} noValidate>
          <Group align="flex-end">
            <DateRangeField value={range} onChange={setRange} size="sm" />
            <Button type="submit" leftSection={<IconSearch size={18} />} loading={busy} data-testid="report-run">
              {t('collections.report.run')}
            </Button>
          </Group>
        </form>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        {report && <ReportView report={report} />}
      </Stack>
      <PdfPreviewModal file={files.preview} title={t('collections.report.title')} onClose={files.close} />
    </>
  );
}

function ReportView({ report }: { report: CollectionsReport }) {
  const t = useT();
  const { money } = useSession();
  const r = report.totals;
  return (
    <Stack gap="sm">
      <SimpleGrid cols={5}>
        <Figure label={t('collections.report.attempted')} value={r.attempted.toLocaleString('es-CO')} testId="report-attempted" />
        <Figure label={t('collections.report.effective')} value={r.effective.toLocaleString('es-CO')} sub={t('collections.report.rate', { rate: percent(r.contactRate) })} testId="report-effective" />
        <Figure label={t('collections.report.commitments')} value={r.commitments.toLocaleString('es-CO')} sub={money(r.commitmentsAmount)} testId="report-commitments" />
        <Figure label={t('collections.report.kept')} value={percent(r.keptRate)} sub={t('collections.report.keptOf', { kept: r.commitmentsKept, due: r.commitmentsDue })} testId="report-kept" />
        <Figure label={t('collections.report.recovered')} value={money(r.recovered)} sub={t('collections.report.payments', { n: r.recoveredPayments })} testId="report-recovered" />
      </SimpleGrid>
      <DataTable<ReportRow>
        label={t('collections.report.table')}
        records={report.rows}
        idOf={(row) => `${row.gestorId}-${row.campaignId ?? 0}`}
        compact
        maxHeight={260}
        empty={t('collections.report.empty')}
        rowTestId={(row) => `report-row-${row.gestorId}-${row.campaignId ?? 0}`}
        columns={[
          { key: 'gestor', title: t('collections.col.gestor'), sortable: true, noWrap: true },
          { key: 'campaignName', title: t('collections.col.campaign'), sortable: true },
          { key: 'attempted', title: t('collections.report.attemptedShort'), textAlign: 'right' },
          { key: 'effective', title: t('collections.report.effectiveShort'), textAlign: 'right' },
          { key: 'contactRate', title: t('collections.report.rateShort'), textAlign: 'right', render: (row) => percent(row.contactRate) },
          { key: 'commitments', title: t('collections.report.commitmentsShort'), textAlign: 'right' },
          { key: 'commitmentsAmount', title: t('collections.report.promised'), textAlign: 'right', noWrap: true, render: (row) => money(row.commitmentsAmount) },
          { key: 'keptRate', title: t('collections.report.keptShort'), textAlign: 'right', render: (row) => percent(row.keptRate) },
          { key: 'recovered', title: t('collections.report.recoveredShort'), textAlign: 'right', noWrap: true, sortable: true, render: (row) => money(row.recovered), testId: 'report-row-recovered' },
        ]}
      />
      <Card withBorder padding="sm">
        <Bars
          label={t('collections.report.chart')}
          data={report.days.map((d) => ({ date: d.date, attempted: d.attempted, effective: d.effective, commitments: d.commitments }))}
          dataKey="date"
          // every day labelled: dd/mm up to two weeks, the day alone up to a month (longer ranges: the axis picks)
          xLabel={(d) => (report.days.length <= 16 ? formatDate(d).slice(0, 5) : d.slice(8, 10))}
          allTicks={report.days.length <= 31}
          series={[
            { name: 'attempted', label: t('collections.report.attemptedShort'), color: 'gray.5' },
            { name: 'effective', label: t('collections.report.effectiveShort'), color: 'blue.6' },
            { name: 'commitments', label: t('collections.report.commitmentsShort'), color: 'teal.6' },
          ]}
          height={200}
        />
      </Card>
      <Stack gap={0} data-testid="report-definitions">
        {report.definitions.map((line) => (
          <Text size="xs" c="dimmed" key={line}>
            {line}
          </Text>
        ))}
      </Stack>
      <Text size="xs" c="dimmed" data-testid="report-rule">
        {report.attributionRule}
      </Text>
    </Stack>
  );
}
