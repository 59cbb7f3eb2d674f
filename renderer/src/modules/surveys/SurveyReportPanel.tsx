/** A survey's report: the figures, the charts by office and by estrato (the one chart kit), the tables and the numbered PDF. */
import { useState } from 'react';
import { Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconFileTypePdf } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { IndicatorSet, Survey } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { Bars } from '../../app/charts';
import { DataTable } from '../../app/DataTable';
import { downloadDocument } from '../../app/download';
import { notifyError, notifySuccess } from '../../app/forms';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';

const one = new Intl.NumberFormat('es-CO', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const fig = (v: number | null, suffix = '') => (v === null ? '—' : `${one.format(v)}${suffix}`);

type Row = IndicatorSet & { label: string };

function Figure({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId: string }) {
  return (
    <Card withBorder padding="xs">
      <Text size="xs" c="dimmed" truncate="end" title={label}>
        {label}
      </Text>
      <Text fw={700} size="lg" data-testid={testId}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}

export function SurveyReportPanel({ survey }: { survey: Survey }) {
  const t = useT();
  const report = useLoad(() => send('surveys.report', { surveyId: survey.id }), [survey.id]);
  const [issuing, setIssuing] = useState(false);
  if (report.loading && !report.data) return <Loading />;
  if (report.error || !report.data) return report.error ? <LoadError error={report.error} retry={() => void report.reload()} /> : null;
  const r = report.data;
  const offices: Row[] = r.byOffice.map((o) => ({ ...o, label: o.officeName }));
  const estratos: Row[] = r.byEstrato.map((e) => ({ ...e, label: e.estrato === null ? t('surveys.report.noEstrato') : t('surveys.report.estrato', { n: e.estrato }) }));
  const chartData = (rows: Row[]) => rows.map((x) => ({ group: x.label, nps: x.nps ?? 0, nsu: x.nsu ?? 0, csat: x.csat ?? 0 }));
  const series = [
    { name: 'nps', label: 'NPS', color: 'blue.6' },
    { name: 'nsu', label: 'NSU', color: 'teal.6' },
    { name: 'csat', label: 'CSAT (%)', color: 'orange.5' },
  ];
  const issue = async () => {
    setIssuing(true);
    try {
      const file = await send('surveys.reportPdf', { surveyId: survey.id });
      downloadDocument(file);
      notifySuccess(t('surveys.report.issued', { number: file.number }));
    } catch (error) {
      notifyError(error);
    } finally {
      setIssuing(false);
    }
  };
  const table = (title: string, rows: Row[]) => (
    <DataTable<Row>
      label={title}
      records={rows}
      idOf={(x) => x.label}
      compact
      columns={[
        { key: 'label', title },
        { key: 'responses', title: t('surveys.report.responses'), textAlign: 'right' },
        { key: 'nps', title: 'NPS', textAlign: 'right', render: (x) => fig(x.nps) },
        { key: 'nsu', title: 'NSU', textAlign: 'right', render: (x) => fig(x.nsu) },
        { key: 'csat', title: 'CSAT', textAlign: 'right', render: (x) => fig(x.csat, ' %') },
      ]}
    />
  );
  return (
    <Stack gap="sm">
      <Group justify="flex-end" mt={-8}>
        <Button variant="light" size="xs" leftSection={<IconFileTypePdf size={16} />} loading={issuing} onClick={() => void issue()} data-testid="survey-pdf">
          {t('surveys.report.pdf')}
        </Button>
      </Group>
      <SimpleGrid cols={6} spacing="xs">
          <Figure label={t('surveys.report.responses')} value={r.responses.toLocaleString('es-CO')} testId="survey-responses" />
          <Figure label={t('surveys.report.nps')} value={fig(r.nps)} testId="survey-nps" />
          <Figure label={t('surveys.report.nsu')} value={fig(r.nsu)} testId="survey-nsu" />
          <Figure label={t('surveys.report.csat')} value={fig(r.csat, ' %')} testId="survey-csat" />
          <Figure label={t('surveys.report.rate')} value={fig(r.responseRate, ' %')} testId="survey-rate" />
          <Figure
            label={t('surveys.report.margin')}
            value={r.achievedMarginBp === null ? '—' : `${one.format(r.achievedMarginBp / 100)} %`}
            hint={r.plannedMarginBp === null ? undefined : t('surveys.report.marginOf', { planned: one.format(r.plannedMarginBp / 100), confidence: r.confidence ?? '' })}
            testId="survey-margin"
          />
      </SimpleGrid>
      <SimpleGrid cols={2} spacing="sm">
        <Card withBorder padding="xs">
          <Title order={5} mb={4}>
            {t('surveys.report.chartOffice')}
          </Title>
          <Bars label={t('surveys.report.chartOffice')} data={chartData(offices)} dataKey="group" series={series} height={170} allTicks />
        </Card>
        <Card withBorder padding="xs">
          <Title order={5} mb={4}>
            {t('surveys.report.chartEstrato')}
          </Title>
          <Bars label={t('surveys.report.chartEstrato')} data={chartData(estratos)} dataKey="group" series={series} height={170} allTicks />
        </Card>
      </SimpleGrid>
      <SimpleGrid cols={2} spacing="sm">
        {table(t('surveys.report.byOffice'), offices)}
        {table(t('surveys.report.byEstrato'), estratos)}
      </SimpleGrid>
    </Stack>
  );
}
