/**
 * Indicadores (issue 19): one screen for a month or a range of months. A tab per family; each figure
 * has its definition one click away (ⓘ), its 12-month trend (chart button) and, a click on the
 * figure itself, the records behind it. Each tab ends with the comments the coordinator writes for
 * that section of the informe de gestión; the title's buttons issue the monthly and yearly report
 * (numbered, signed PDF). Coordinators see their office; the administrator one office or the company.
 */
import { useEffect, useState } from 'react';
import { ActionIcon, Button, Card, Group, Modal, Popover, Select, SimpleGrid, Stack, Tabs, Text, Textarea, TextInput, UnstyledButton } from '@mantine/core';
import { IconChartLine, IconDeviceFloppy, IconFileTypePdf, IconInfoCircle } from '@tabler/icons-react';
import { send } from '../../api/client';
import {
  INDICATOR_FAMILIES,
  type IndicatorBreakdown,
  type IndicatorFamily,
  type IndicatorFamilyResult,
  type IndicatorFigure,
  type IndicatorKey,
  type IndicatorReportRow,
  type ReportKind,
} from '../../../../shared/contract';
import { todayIn } from '../../../../shared/dates';
import { formatIndicator } from '../../../../shared/indicatorTexts';
import { useT, type MessageKey } from '../../i18n';
import { Lines } from '../../app/charts';
import { DataTable } from '../../app/DataTable';
import { MonthField } from '../../app/DateField';
import { downloadDocument } from '../../app/download';
import { formatPeriod } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/forms';
import { PageTitle } from '../../app/PageTitle';
import { useSession } from '../../app/session';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';

/** the month before `today`'s: the one a coordinator presents */
function lastClosedMonth(today: string): string {
  const [y, m] = today.slice(0, 7).split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function IndicatorsPage() {
  const t = useT();
  const { company, user, can } = useSession();
  const isAdmin = can(['administrador']);
  const initial = lastClosedMonth(todayIn(company.timeZone));
  const [from, setFrom] = useState<string | null>(initial);
  const [to, setTo] = useState<string | null>(initial);
  const [office, setOffice] = useState(isAdmin ? 'all' : String(user.officeId));
  const officeId = isAdmin && office !== 'all' ? Number(office) : undefined;
  const offices = useLoad(async () => (isAdmin ? send('offices.list', {}) : []), [isAdmin]);
  const valid = from !== null && to !== null && from <= to;
  const summary = useLoad(async () => (valid ? send('indicators.summary', { from, to, ...(officeId ? { officeId } : {}) }) : null), [from, to, officeId, valid]);
  const [tab, setTab] = useState<string>('recaudo');
  const [issuing, setIssuing] = useState<ReportKind | null>(null);
  const [reportsVersion, setReportsVersion] = useState(0);

  const issue = async (kind: ReportKind) => {
    if (!to) return;
    setIssuing(kind);
    try {
      const issued = await send('indicators.issueReport', { kind, period: kind === 'mes' ? to : to.slice(0, 4), ...(officeId ? { officeId } : {}) });
      downloadDocument(issued.file);
      notifySuccess(t('indicators.reportIssued', { number: issued.number }));
      setReportsVersion((v) => v + 1);
    } catch (e) {
      notifyError(e);
    } finally {
      setIssuing(null);
    }
  };

  return (
    <>
      <PageTitle
        title={t('indicators.title')}
        description={t('indicators.description')}
        actions={
          <>
            <Button variant="light" leftSection={<IconFileTypePdf size={18} />} loading={issuing === 'mes'} disabled={!valid} onClick={() => void issue('mes')}>
              {t('indicators.monthlyReport')}
            </Button>
            <Button variant="light" leftSection={<IconFileTypePdf size={18} />} loading={issuing === 'anio'} disabled={!valid} onClick={() => void issue('anio')}>
              {t('indicators.yearlyReport')}
            </Button>
          </>
        }
      />
      <Stack gap="sm">
        <Group align="flex-end">
          <MonthField label={t('indicators.from')} value={from} onChange={setFrom} w={150} />
          <MonthField label={t('indicators.to')} value={to} onChange={setTo} w={150} error={from && to && from > to ? t('date.rangeInverted') : undefined} />
          {isAdmin ? (
            <Select
              label={t('indicators.office')}
              data={[{ value: 'all', label: t('indicators.allOffices') }, ...(offices.data ?? []).map((o) => ({ value: String(o.id), label: `${o.code} · ${o.name}` }))]}
              value={office}
              onChange={(v) => v && setOffice(v)}
              allowDeselect={false}
              w={260}
            />
          ) : (
            <TextInput label={t('indicators.office')} value={`${user.officeCode} · ${user.officeName}`} readOnly w={260} />
          )}
        </Group>
        {summary.error && <LoadError error={summary.error} retry={() => void summary.reload()} />}
        {summary.loading && !summary.data && <Loading />}
        {summary.data && to && (
          <Tabs value={tab} onChange={(v) => v && setTab(v)} keepMounted={false}>
            <Tabs.List>
              {INDICATOR_FAMILIES.map((f) => (
                <Tabs.Tab key={f} value={f}>
                  {t(`indicators.family.${f}` as MessageKey)}
                </Tabs.Tab>
              ))}
              <Tabs.Tab value="reports">{t('indicators.family.reports')}</Tabs.Tab>
            </Tabs.List>
            {summary.data.families.map((f) => (
              <Tabs.Panel key={f.family} value={f.family} pt="sm">
                <FamilyPanel result={f} from={summary.data?.from.slice(0, 7) ?? to} to={to} officeId={officeId} />
              </Tabs.Panel>
            ))}
            <Tabs.Panel value="reports" pt="sm">
              <IssuedReports officeId={officeId} version={reportsVersion} />
            </Tabs.Panel>
          </Tabs>
        )}
      </Stack>
    </>
  );
}

interface Scope {
  from: string;
  to: string;
  officeId?: number;
}

function FamilyPanel({ result, from, to, officeId }: { result: IndicatorFamilyResult } & Scope) {
  const [records, setRecords] = useState<IndicatorKey | null>(null);
  const [trend, setTrend] = useState<IndicatorKey | null>(null);
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 2, md: 3, lg: 5 }} spacing="sm">
        {result.figures.map((f) => (
          <FigureCard key={f.key} figure={f} onRecords={() => setRecords(f.key)} onTrend={() => setTrend(f.key)} />
        ))}
      </SimpleGrid>
      <Group align="flex-start" grow>
        {result.breakdowns
          .filter((b) => b.rows.length > 0)
          .map((b) => (
            <Breakdown key={b.key} breakdown={b} />
          ))}
        <Comments family={result.family} to={to} officeId={officeId} />
      </Group>
      {records && <RecordsModal indicator={records} from={from} to={to} officeId={officeId} onClose={() => setRecords(null)} />}
      {trend && <TrendModal indicator={trend} to={to} officeId={officeId} onClose={() => setTrend(null)} />}
    </Stack>
  );
}

function FigureCard({ figure, onRecords, onTrend }: { figure: IndicatorFigure; onRecords: () => void; onTrend: () => void }) {
  const t = useT();
  const { company } = useSession();
  const name = t(`indicators.${figure.key}.name` as MessageKey);
  return (
    <Card withBorder padding="xs" data-testid={`indicator-${figure.key}`}>
      <Group justify="space-between" wrap="nowrap" gap={4}>
        <Text size="xs" c="dimmed" fw={600} lineClamp={2}>
          {name}
        </Text>
        <Group gap={0} wrap="nowrap">
          <Popover width={320} withArrow shadow="md" position="bottom-end">
            <Popover.Target>
              <ActionIcon variant="subtle" size="sm" aria-label={t('indicators.definition', { name })}>
                <IconInfoCircle size={16} />
              </ActionIcon>
            </Popover.Target>
            <Popover.Dropdown>
              <Text size="sm">{t(`indicators.${figure.key}.definition` as MessageKey)}</Text>
            </Popover.Dropdown>
          </Popover>
          <ActionIcon variant="subtle" size="sm" aria-label={`${t('indicators.trend')}: ${name}`} onClick={onTrend}>
            <IconChartLine size={16} />
          </ActionIcon>
        </Group>
      </Group>
      <UnstyledButton onClick={onRecords} aria-label={t('indicators.records', { name })} data-testid={`figure-${figure.key}`}>
        <Text size="xl" fw={700} c="blue.8" td="underline dotted">
          {formatIndicator(figure.unit, figure.value, company.currency)}
        </Text>
      </UnstyledButton>
    </Card>
  );
}

function Breakdown({ breakdown }: { breakdown: IndicatorBreakdown }) {
  const t = useT();
  const { company } = useSession();
  const title = t(breakdown.key as MessageKey);
  return (
    <Card withBorder padding="xs">
      <Text fw={700} size="sm" mb={4}>
        {title}
      </Text>
      <DataTable<{ label: string; values: number[] }>
        label={title}
        records={breakdown.rows}
        idOf={(r) => r.label}
        compact
        striped={false}
        maxHeight={220}
        columns={[
          { key: 'label', title: t('indicators.concept') },
          ...breakdown.columns.map((c, i) => ({
            key: `v${i}`,
            title: c.label,
            textAlign: 'right' as const,
            noWrap: true,
            sortValue: (r: { values: number[] }) => r.values[i],
            render: (r: { values: number[] }) => formatIndicator(c.unit, r.values[i], company.currency),
          })),
        ]}
      />
    </Card>
  );
}

function Comments({ family, to, officeId }: { family: IndicatorFamily; to: string; officeId?: number }) {
  const t = useT();
  const { dateTime } = useSession();
  const [kind, setKind] = useState<ReportKind>('mes');
  const period = kind === 'mes' ? to : to.slice(0, 4);
  const loaded = useLoad(async () => send('indicators.comments', { kind, period, ...(officeId ? { officeId } : {}) }), [kind, period, officeId]);
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  useEffect(() => setText(loaded.data?.sections[family] ?? ''), [loaded.data, family]);
  const save = async () => {
    setSaving(true);
    try {
      await send('indicators.saveComments', { kind, period, ...(officeId ? { officeId } : {}), sections: { [family]: text } });
      notifySuccess(t('indicators.commentsSaved'));
      await loaded.reload();
    } catch (e) {
      notifyError(e);
    } finally {
      setSaving(false);
    }
  };
  const section = t(`indicators.family.${family}` as MessageKey);
  return (
    <Card withBorder padding="xs">
      <Group justify="space-between" mb={4}>
        <Text fw={700} size="sm">
          {t('indicators.comments')}
        </Text>
        <Select
          aria-label={t('indicators.commentsFor')}
          size="xs"
          w={170}
          data={[
            { value: 'mes', label: t('indicators.commentsMonth', { month: formatPeriod(to) }) },
            { value: 'anio', label: t('indicators.commentsYear', { year: to.slice(0, 4) }) },
          ]}
          value={kind}
          onChange={(v) => v && setKind(v as ReportKind)}
          allowDeselect={false}
        />
      </Group>
      <Textarea
        aria-label={`${t('indicators.comments')}: ${section}`}
        description={t('indicators.commentsHelp', { section })}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        autosize
        minRows={3}
        maxRows={6}
        maxLength={4000}
      />
      <Group justify="space-between" mt={6}>
        <Text size="xs" c="dimmed">
          {loaded.data?.updatedBy ? t('indicators.commentsLast', { who: loaded.data.updatedBy, when: dateTime(loaded.data.updatedAt) }) : ''}
        </Text>
        <Button size="xs" leftSection={<IconDeviceFloppy size={16} />} loading={saving} onClick={() => void save()}>
          {t('indicators.saveComments')}
        </Button>
      </Group>
    </Card>
  );
}

const PAGE = 50;

function RecordsModal({ indicator, from, to, officeId, onClose }: { indicator: IndicatorKey; onClose: () => void } & Scope) {
  const t = useT();
  const [page, setPage] = useState(1);
  const loaded = useLoad(
    async () => send('indicators.records', { key: indicator, from, to, offset: (page - 1) * PAGE, limit: PAGE, ...(officeId ? { officeId } : {}) }),
    [indicator, from, to, officeId, page],
  );
  const name = t(`indicators.${indicator}.name` as MessageKey);
  const data = loaded.data;
  return (
    <Modal opened onClose={onClose} title={t('indicators.records', { name })} size="80rem">
      {loaded.error && <LoadError error={loaded.error} />}
      {!data && loaded.loading && <Loading />}
      {data && (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            {t('indicators.recordsCount', { n: data.total.toLocaleString('es-CO') })}
          </Text>
          <DataTable<{ i: number; cells: string[] }>
            label={t('indicators.records', { name })}
            records={data.rows.map((cells, i) => ({ i, cells }))}
            idOf={(r) => r.i}
            empty={t('indicators.noRecords')}
            compact
            maxHeight={420}
            fetching={loaded.loading}
            columns={data.columns.map((c, n) => ({ key: `c${n}`, title: c, render: (r: { cells: string[] }) => r.cells[n] }))}
          />
          {data.total > PAGE && (
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" disabled={page === 1} onClick={() => setPage(page - 1)}>
                {t('common.back')}
              </Button>
              <Text size="sm">
                {page} / {Math.ceil(data.total / PAGE)}
              </Text>
              <Button size="xs" variant="default" disabled={page * PAGE >= data.total} onClick={() => setPage(page + 1)}>
                {t('common.next')}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Modal>
  );
}

function TrendModal({ indicator, to, officeId, onClose }: { indicator: IndicatorKey; to: string; officeId?: number; onClose: () => void }) {
  const t = useT();
  const loaded = useLoad(async () => send('indicators.trend', { key: indicator, month: to, ...(officeId ? { officeId } : {}) }), [indicator, to, officeId]);
  const name = t(`indicators.${indicator}.name` as MessageKey);
  const title = t('indicators.trendOf', { name, month: formatPeriod(to) });
  return (
    <Modal opened onClose={onClose} title={title} size="xl">
      {loaded.error && <LoadError error={loaded.error} />}
      {!loaded.data && loaded.loading && <Loading />}
      {loaded.data && (
        <Lines
          label={title}
          kind={loaded.data.unit === 'money' ? 'money' : 'count'}
          data={loaded.data.points.map((p) => ({ month: p.month, value: p.value ?? 0 }))}
          dataKey="month"
          series={[{ name: 'value', label: name, color: 'blue.6' }]}
          height={260}
          xLabel={formatPeriod}
        />
      )}
    </Modal>
  );
}

function IssuedReports({ officeId, version }: { officeId?: number; version: number }) {
  const t = useT();
  const { dateTime } = useSession();
  const loaded = useLoad(async () => send('indicators.reports', officeId ? { officeId } : {}), [officeId, version]);
  const reprint = async (r: IndicatorReportRow) => {
    try {
      downloadDocument(await send('indicators.reportPdf', { id: r.id }));
    } catch (e) {
      notifyError(e);
    }
  };
  if (loaded.error) return <LoadError error={loaded.error} />;
  return (
    <DataTable<IndicatorReportRow>
      label={t('indicators.family.reports')}
      records={loaded.data ?? []}
      idOf={(r) => r.id}
      empty={t('indicators.noReports')}
      fetching={loaded.loading}
      columns={[
        { key: 'number', title: t('indicators.reportNumber'), noWrap: true },
        { key: 'period', title: t('indicators.reportPeriod'), render: (r) => (r.kind === 'mes' ? t('indicators.commentsMonth', { month: formatPeriod(r.period) }) : t('indicators.commentsYear', { year: r.period })) },
        { key: 'officeName', title: t('indicators.office') },
        { key: 'signedBy', title: t('indicators.reportSigned') },
        { key: 'issuedAt', title: t('indicators.reportIssuedAt'), render: (r) => dateTime(r.issuedAt) },
        {
          key: 'actions',
          title: '',
          render: (r) => (
            <Button size="xs" variant="light" leftSection={<IconFileTypePdf size={14} />} onClick={() => void reprint(r)}>
              {t('indicators.reprint')}
            </Button>
          ),
        },
      ]}
    />
  );
}
