/**
 * Cartera por edades (issue 15, item 1): the portfolio in age buckets with amount and accounts, in
 * total or by office, cycle, route, use or estrato, as a table and a chart. A bucket (or a group's
 * bucket) opens its accounts, paged by the back office; an account opens its page. PDF (previewed)
 * and CSV of the same figures.
 */
import { useRef, useState } from 'react';
import { Anchor, Button, Card, Grid, Group, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconFileTypeCsv, IconFileTypePdf } from '@tabler/icons-react';
import { send } from '../../api/client';
import { AGE_BUCKETS, AGE_BUCKET_LABELS, PORTFOLIO_DIMENSIONS, type AgeBucket, type PortfolioDimension, type PortfolioGroup } from '../../../../shared/contract';
import { useT, type MessageKey } from '../../i18n';
import { Bars } from '../../app/charts';
import { DataTable } from '../../app/DataTable';
import { formatDate } from '../../app/format';
import { PageTitle } from '../../app/PageTitle';
import { PdfPreviewModal } from '../../app/PdfPreview';
import { LoadError, Loading } from '../../app/Status';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { Figure, Pager, useDocumentFile } from './parts';

/** the buckets' colours, from fresh to old, the same in every chart of the module */
export const BUCKET_COLORS: Record<AgeBucket, string> = {
  al_dia: 'teal.6',
  d1_30: 'lime.6',
  d31_60: 'yellow.6',
  d61_90: 'orange.6',
  d91_180: 'red.5',
  d181_360: 'red.8',
  mas_360: 'grape.8',
};

const PAGE = 50;

/** the buckets' short column titles, so that seven buckets and the total fit 1366 px */
const BUCKET_SHORT: Record<AgeBucket, string> = { al_dia: 'Al día', d1_30: '1–30', d31_60: '31–60', d61_90: '61–90', d91_180: '91–180', d181_360: '181–360', mas_360: '> 360' };

/** a group's name under its bar: short enough for fifteen bars at 1366 px */
function axisLabel(dimension: PortfolioDimension, g: PortfolioGroup): string {
  if (dimension === 'ruta' && g.key !== '') return g.key;
  if (dimension === 'oficina') return g.label.split(' · ')[0];
  return g.label;
}

interface Cell {
  bucket: AgeBucket | null;
  key?: string;
  label: string;
}

export function PortfolioPage() {
  const t = useT();
  const { money } = useSession();
  const [dimension, setDimension] = useState<PortfolioDimension>('total');
  const portfolio = useLoad(() => send('collections.portfolio', { dimension }), [dimension]);
  const [cell, setCell] = useState<Cell | null>(null);
  const files = useDocumentFile();
  const drill = useRef<HTMLDivElement>(null);

  const open = (next: Cell) => {
    setCell(next);
    setTimeout(() => drill.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }), 50);
  };

  const file = (format: 'pdf' | 'csv') => files.get(format, () => send('collections.portfolioFile', { dimension, format }));

  const p = portfolio.data;
  return (
    <>
      <PageTitle
        title={t('collections.portfolio.title')}
        description={p ? t('collections.portfolio.description', { date: formatDate(p.today) }) : undefined}
        actions={
          <>
            <Button variant="light" leftSection={<IconFileTypePdf size={18} />} loading={files.busy === 'pdf'} onClick={() => void file('pdf')}>
              {t('collections.pdf')}
            </Button>
            <Button variant="light" leftSection={<IconFileTypeCsv size={18} />} loading={files.busy === 'csv'} onClick={() => void file('csv')}>
              {t('collections.csv')}
            </Button>
          </>
        }
      />
      <Stack gap="sm">
        <SegmentedControl
          aria-label={t('collections.portfolio.dimension')}
          value={dimension}
          onChange={(v) => {
            setDimension(v as PortfolioDimension);
            setCell(null);
          }}
          data={PORTFOLIO_DIMENSIONS.map((d) => ({ value: d, label: t(`collections.dimension.${d}` as MessageKey) }))}
          w="fit-content"
        />
        {portfolio.error && <LoadError error={portfolio.error} retry={() => void portfolio.reload()} />}
        {!p && !portfolio.error && <Loading />}
        {p && (
          <>
            <SimpleGrid cols={3}>
              <Figure label={t('collections.portfolio.accounts')} value={p.accounts.toLocaleString('es-CO')} testId="portfolio-accounts" />
              <Figure label={t('collections.portfolio.amount')} value={money(p.amount)} testId="portfolio-amount" />
              <Figure label={t('collections.portfolio.overdue')} value={money(p.overdueAmount)} testId="portfolio-overdue" />
            </SimpleGrid>
            {dimension === 'total' ? (
              <Grid gap="md">
                <Grid.Col span={6}>
                  <DataTable
                    label={t('collections.portfolio.table')}
                    records={AGE_BUCKETS.map((b) => ({ bucket: b, ...p.totals[b] }))}
                    idOf={(r) => r.bucket}
                    compact
                    onRowClick={(r) => open({ bucket: r.bucket, label: AGE_BUCKET_LABELS[r.bucket] })}
                    rowTestId={(r) => `bucket-${r.bucket}`}
                    columns={[
                      {
                        key: 'bucket',
                        title: t('collections.portfolio.bucket'),
                        render: (r) => (
                          <Anchor component="button" type="button" size="sm" onClick={() => open({ bucket: r.bucket, label: AGE_BUCKET_LABELS[r.bucket] })}>
                            {AGE_BUCKET_LABELS[r.bucket]}
                          </Anchor>
                        ),
                      },
                      { key: 'accounts', title: t('collections.portfolio.accounts'), textAlign: 'right', render: (r) => r.accounts.toLocaleString('es-CO'), testId: 'bucket-accounts' },
                      { key: 'amount', title: t('collections.portfolio.amount'), textAlign: 'right', render: (r) => money(r.amount), testId: 'bucket-amount' },
                      { key: 'share', title: '%', textAlign: 'right', render: (r) => (p.amount > 0 ? `${((r.amount * 100) / p.amount).toLocaleString('es-CO', { maximumFractionDigits: 1 })} %` : '—') },
                    ]}
                  />
                </Grid.Col>
                <Grid.Col span={6}>
                  <Card withBorder padding="sm">
                    <Bars
                      label={t('collections.portfolio.chart')}
                      data={AGE_BUCKETS.map((b) => ({ bucket: AGE_BUCKET_LABELS[b], amount: p.totals[b].amount }))}
                      dataKey="bucket"
                      series={[{ name: 'amount', label: t('collections.portfolio.amount'), color: 'blue.6' }]}
                      kind="money"
                      height={250}
                    />
                  </Card>
                </Grid.Col>
              </Grid>
            ) : (
              <Groups dimension={dimension} groups={p.groups} onOpen={open} />
            )}
          </>
        )}
        <div ref={drill}>{cell && <Accounts key={`${dimension}|${cell.key ?? ''}|${cell.bucket ?? ''}`} dimension={dimension} cell={cell} />}</div>
      </Stack>
      <PdfPreviewModal file={files.preview} title={t('collections.portfolio.title')} onClose={files.close} />
    </>
  );
}

/** the groups of a dimension: one row each, a bucket's amount opens its accounts; the chart stacks the buckets */
function Groups({ dimension, groups, onOpen }: { dimension: PortfolioDimension; groups: PortfolioGroup[]; onOpen: (cell: Cell) => void }) {
  const t = useT();
  const { money } = useSession();
  return (
    <Stack gap="sm">
      <DataTable
        label={t('collections.portfolio.table')}
        records={groups}
        idOf={(g) => g.key}
        compact
        maxHeight={300}
        pageSize={100}
        rowTestId={(g) => `group-${g.key}`}
        columns={[
          { key: 'label', title: t('collections.portfolio.group'), sortValue: (g) => g.label },
          ...AGE_BUCKETS.map((b) => ({
            key: b,
            title: <span title={AGE_BUCKET_LABELS[b]}>{BUCKET_SHORT[b]}</span>,
            textAlign: 'right' as const,
            noWrap: true,
            render: (g: PortfolioGroup) =>
              g.buckets[b].accounts === 0 ? (
                <Text size="sm" c="dimmed">
                  —
                </Text>
              ) : (
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  title={t('collections.portfolio.cellTitle', { n: g.buckets[b].accounts })}
                  onClick={() => onOpen({ bucket: b, key: g.key, label: `${g.label} · ${AGE_BUCKET_LABELS[b]}` })}
                >
                  {money(g.buckets[b].amount)}
                </Anchor>
              ),
          })),
          {
            key: 'amount',
            title: t('collections.portfolio.total'),
            textAlign: 'right',
            noWrap: true,
            sortValue: (g) => g.amount,
            render: (g) => (
              <Anchor component="button" type="button" size="sm" fw={700} onClick={() => onOpen({ bucket: null, key: g.key, label: g.label })}>
                {money(g.amount)}
              </Anchor>
            ),
          },
        ]}
      />
      <Card withBorder padding="sm">
        <Bars
          label={t('collections.portfolio.chart')}
          // short axis labels (a route's «1-02», an office's code), every one shown
          data={groups.slice(0, 15).map((g) => ({ group: axisLabel(dimension, g), ...Object.fromEntries(AGE_BUCKETS.map((b, i) => [`b${i}`, g.buckets[b].amount])) }))}
          dataKey="group"
          allTicks
          // named b0…b6: the legend lists the series by name, and so in the buckets' order
          series={AGE_BUCKETS.map((b, i) => ({ name: `b${i}`, label: AGE_BUCKET_LABELS[b], color: BUCKET_COLORS[b] }))}
          kind="money"
          stacked
          height={240}
        />
      </Card>
    </Stack>
  );
}

/** the accounts of a cell, paged by the back office */
function Accounts({ dimension, cell }: { dimension: PortfolioDimension; cell: Cell }) {
  const t = useT();
  const { money } = useSession();
  const [offset, setOffset] = useState(0);
  const list = useLoad(
    () => send('collections.portfolioAccounts', { dimension, key: cell.key, bucket: cell.bucket ?? undefined, offset, limit: PAGE }),
    [dimension, cell.key, cell.bucket, offset],
  );
  const total = list.data?.total ?? 0;
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" mb="xs">
        <Text fw={700} data-testid="portfolio-drill-title">
          {t('collections.portfolio.accountsOf', { cell: cell.label, n: total.toLocaleString('es-CO') })}
        </Text>
        {total > PAGE && <Pager offset={offset} page={PAGE} total={total} onChange={setOffset} />}
      </Group>
      {list.error && <LoadError error={list.error} retry={() => void list.reload()} />}
      <DataTable
        label={t('collections.portfolio.accountsTable')}
        records={list.data?.rows ?? []}
        idOf={(a) => a.accountId}
        fetching={list.loading}
        compact
        pageSize={PAGE}
        onRowClick={(a) => navigate(paths.account(a.accountId))}
        rowTestId={(a) => `portfolio-account-${a.accountNumber}`}
        rowAttributes={(a) => ({ tabIndex: 0, onKeyDown: (e: React.KeyboardEvent) => e.key === 'Enter' && navigate(paths.account(a.accountId)) })}
        columns={[
          { key: 'accountNumber', title: t('collections.col.account'), noWrap: true },
          { key: 'holderName', title: t('collections.col.holder') },
          { key: 'address', title: t('collections.col.address'), visibleFrom: 'lg' },
          { key: 'route', title: t('collections.col.route'), noWrap: true, render: (a) => `${a.cycle}-${a.route}` },
          { key: 'use', title: t('collections.col.use'), render: (a) => t(`account.use.${a.use}` as MessageKey) },
          { key: 'estrato', title: t('collections.col.estrato'), textAlign: 'right' },
          { key: 'daysPastDue', title: t('collections.col.days'), textAlign: 'right' },
          { key: 'debt', title: t('collections.col.debt'), textAlign: 'right', noWrap: true, render: (a) => money(a.debt) },
        ]}
      />
    </Card>
  );
}
