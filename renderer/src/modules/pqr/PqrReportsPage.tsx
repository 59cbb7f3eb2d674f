/**
 * Informes de PQR: the monthly report (received, answered on time and late, pending and overdue,
 * average business days to answer, a bar chart per day, by type and by SUI causal) and the two
 * downloads: the SUI Formato A CSV and the report as PDF. Coordinators see their office; the
 * administrator picks one or all.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Group, Progress, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconFileTypeCsv, IconFileTypePdf, IconSearch } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import type { PqrMonthlyByCausal, PqrMonthlyByType, PqrMonthlyReport, SuiFormatoAResult } from '../../../../shared/contract';
import { todayIn } from '../../../../shared/dates';
import { useT } from '../../i18n';
import { Bars } from '../../app/charts';
import { DataTable } from '../../app/DataTable';
import { notifyError, notifySuccess } from '../../app/forms';
import { formatDate } from '../../app/format';
import { downloadDocument } from '../../app/download';
import { PageTitle } from '../../app/PageTitle';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';

interface Query {
  month: string;
  officeId?: number;
}

/** 'YYYY-MM' → "noviembre de 2026" */
function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('es-CO', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** the last 24 months, newest first, ending at `today`'s month */
function recentMonths(today: string): string[] {
  let [y, m] = today.slice(0, 7).split('-').map(Number);
  const months: string[] = [];
  for (let i = 0; i < 24; i++) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return months;
}

export function PqrReportsPage() {
  const t = useT();
  const { company, user, can } = useSession();
  const isAdmin = can(['administrador']);
  const months = recentMonths(todayIn(company.timeZone));
  // the SUI file is sent for the month that just closed
  const [month, setMonth] = useState(months[1]);
  const [office, setOffice] = useState(isAdmin ? 'all' : String(user.officeId));
  const offices = useLoad(async () => (isAdmin ? send('offices.list', {}) : []), [isAdmin]);
  const [query, setQuery] = useState<Query | null>(null);
  const [report, setReport] = useState<PqrMonthlyReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [downloading, setDownloading] = useState<'pdf' | 'csv' | null>(null);
  /** the SUI file with the column names as first line (resources/samples/SUI-FORMATO-A.md) */
  const [header, setHeader] = useState(false);
  const [enteredLate, setEnteredLate] = useState<SuiFormatoAResult['enteredLate']>([]);

  const run = async (event?: React.FormEvent) => {
    event?.preventDefault();
    const next: Query = { month, ...(isAdmin && office !== 'all' ? { officeId: Number(office) } : {}) };
    setEnteredLate([]);
    setBusy(true);
    setFailure(null);
    const result = await call('pqrReports.monthly', next);
    setBusy(false);
    if (!result.ok) {
      setReport(null);
      return setFailure(result.error.message);
    }
    setQuery(next);
    setReport(result.data);
  };

  // the figures (and so the downloads) always follow the month and office chosen
  useEffect(() => {
    void run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [month, office]);

  const download = async (kind: 'pdf' | 'csv') => {
    if (!query) return;
    setDownloading(kind);
    try {
      if (kind === 'pdf') downloadDocument(await send('pqrReports.monthlyPdf', query));
      else {
        const sui = await send('pqrReports.suiFormatoA', { ...query, header });
        downloadDocument(sui.file);
        setEnteredLate(sui.enteredLate);
        notifySuccess(t('pqrReports.csvDone', { month: monthLabel(query.month), rows: sui.rows.toLocaleString('es-CO'), pending: sui.pendingFromEarlier.toLocaleString('es-CO') }));
      }
    } catch (e) {
      notifyError(e);
    } finally {
      setDownloading(null);
    }
  };

  return (
    <>
      <PageTitle
        title={t('pqrReports.title')}
        description={t('pqrReports.description')}
        actions={
          report && (
            <>
              <Button variant="light" leftSection={<IconFileTypeCsv size={18} />} loading={downloading === 'csv'} onClick={() => void download('csv')}>
                {t('pqrReports.csv')}
              </Button>
              <Button variant="light" leftSection={<IconFileTypePdf size={18} />} loading={downloading === 'pdf'} onClick={() => void download('pdf')}>
                {t('pqrReports.pdf')}
              </Button>
            </>
          )
        }
      />
      <Stack gap="md">
        <Card withBorder>
          <form onSubmit={(e) => void run(e)} noValidate>
            <Group align="flex-end">
              <Select
                label={t('pqrReports.month')}
                data={months.map((m) => ({ value: m, label: monthLabel(m) }))}
                value={month}
                onChange={(v) => v && setMonth(v)}
                allowDeselect={false}
                w={220}
              />
              {isAdmin ? (
                <Select
                  label={t('pqrReports.office')}
                  data={[
                    { value: 'all', label: t('pqrReports.allOffices') },
                    ...(offices.data ?? []).map((o) => ({ value: String(o.id), label: `${o.code} · ${o.name}` })),
                  ]}
                  value={office}
                  onChange={(v) => v && setOffice(v)}
                  allowDeselect={false}
                  w={260}
                />
              ) : (
                <TextInput label={t('pqrReports.office')} value={`${user.officeCode} · ${user.officeName}`} readOnly w={260} />
              )}
              <Button type="submit" leftSection={<IconSearch size={18} />} loading={busy}>
                {t('pqrReports.run')}
              </Button>
              <Switch label={t('pqr.legal.suiHeader')} description={t('pqr.legal.suiHeaderHelp')} checked={header} onChange={(e) => setHeader(e.currentTarget.checked)} />
            </Group>
          </form>
        </Card>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        {enteredLate.length > 0 && (
          <Alert color="orange" data-testid="sui-entered-late" title={t('pqr.legal.suiEnteredLateTitle', { n: enteredLate.length })}>
            <Text size="sm">{enteredLate.map((r) => t('pqr.legal.suiEnteredLateLine', { radicado: r.radicado, received: formatDate(r.receivedDate), filed: formatDate(r.filedDate) })).join(' · ')}</Text>
          </Alert>
        )}
        {report && <ReportView report={report} />}
      </Stack>
    </>
  );
}

function Figure({ label, value, testId, detail, tone }: { label: string; value: string; testId: string; detail?: string; tone?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={tone} data-testid={testId}>
        {value}
      </Text>
      {detail && (
        <Text size="sm" c="dimmed">
          {detail}
        </Text>
      )}
    </Card>
  );
}

function ReportView({ report }: { report: PqrMonthlyReport }) {
  const t = useT();
  const maxType = Math.max(1, ...report.byType.map((r) => r.received));
  return (
    <Stack gap="md">
      <Text fw={700}>
        {monthLabel(report.month)} · {report.officeId === null ? t('pqrReports.allOffices') : report.officeName}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
        <Figure label={t('pqrReports.received')} value={String(report.received)} testId="figure-received" />
        <Figure label={t('pqrReports.onTime')} value={String(report.answeredOnTime)} testId="figure-on-time" />
        <Figure label={t('pqrReports.late')} value={String(report.answeredLate)} testId="figure-late" tone={report.answeredLate > 0 ? 'orange' : undefined} />
        <Figure
          label={t('pqrReports.pending')}
          value={String(report.pending)}
          testId="figure-pending"
          detail={t('pqrReports.overdue', { n: report.pendingOverdue })}
          tone={report.pendingOverdue > 0 ? 'red' : undefined}
        />
        <Figure
          label={t('pqrReports.average')}
          value={report.averageBusinessDaysToAnswer === null ? '—' : report.averageBusinessDaysToAnswer.toLocaleString('es-CO')}
          testId="figure-average"
          detail={report.averageBusinessDaysToAnswer === null ? t('pqrReports.noAverage') : undefined}
        />
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        {t('pqrReports.note')}
      </Text>
      <Card withBorder>
        <Text fw={700} mb="sm">
          {t('pqrReports.perDay')}
        </Text>
        <DailyChart report={report} />
      </Card>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder>
          <Text fw={700} mb="sm">
            {t('pqrReports.byType')}
          </Text>
          <DataTable<PqrMonthlyByType>
            label={t('pqrReports.byType')}
            records={report.byType}
            idOf={(r) => r.type}
            empty={t('pqrReports.empty')}
            striped={false}
            compact
            columns={[
              { key: 'name', title: t('pqrReports.type'), sortable: true },
              { key: 'received', title: t('pqrReports.received'), sortable: true, textAlign: 'right' },
              { key: 'bar', title: '', width: '30%', render: (r) => <Progress value={(r.received / maxType) * 100} aria-hidden /> },
              { key: 'answered', title: t('pqrReports.answered'), sortable: true, textAlign: 'right' },
              { key: 'pending', title: t('pqrReports.pendingShort'), sortable: true, textAlign: 'right' },
            ]}
          />
        </Card>
        <Card withBorder>
          <Text fw={700} mb="sm">
            {t('pqrReports.byCausal')}
          </Text>
          <DataTable<PqrMonthlyByCausal>
            label={t('pqrReports.byCausal')}
            records={report.byCausal}
            idOf={(c) => `${c.group}-${c.code}`}
            empty={t('pqrReports.noCausal')}
            striped={false}
            compact
            columns={[
              { key: 'group', title: t('pqrReports.group'), sortable: true },
              { key: 'code', title: t('pqrReports.code'), sortable: true },
              { key: 'name', title: t('pqrReports.causal'), sortable: true },
              { key: 'received', title: t('pqrReports.received'), sortable: true, textAlign: 'right' },
            ]}
          />
        </Card>
      </SimpleGrid>
    </Stack>
  );
}

/** received (blue) and answered (green) per day, with the chart kit: the tooltip gives each day's figures */
function DailyChart({ report }: { report: PqrMonthlyReport }) {
  const t = useT();
  return (
    <Bars
      label={t('pqrReports.perDayChart')}
      data={report.days.map((d) => ({ date: d.date, received: d.received, answered: d.answered }))}
      dataKey="date"
      series={[
        { name: 'received', label: t('pqrReports.received'), color: 'blue.6' },
        { name: 'answered', label: t('pqrReports.answered'), color: 'green.6' },
      ]}
      height={200}
      xLabel={(date) => String(Number(date.slice(8)))}
    />
  );
}
