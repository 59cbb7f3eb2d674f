/**
 * The one chart kit on screen (@mantine/charts): bars of counts or money with tooltips, a legend
 * and an accessible name, numbers in es-CO. Papers (PDF) keep their own vector drawing in pdfkit.
 */
import { Stack, Text } from '@mantine/core';
import { BarChart, LineChart } from '@mantine/charts';
import { useT } from '../i18n';
import { CURRENCIES } from '../../../shared/money';
import { useSession } from './session';

export interface ChartSeries {
  /** the field of each data row */
  name: string;
  /** what the legend and the tooltip say */
  label: string;
  color: string;
}

export interface ChartProps {
  /** the chart's accessible name (read by screen readers, found by tests) */
  label: string;
  /** one row per bar group: the x field plus one number per series */
  data: Record<string, string | number>[];
  /** the field of each row on the x axis */
  dataKey: string;
  series: ChartSeries[];
  /** 'money' values are minor units shown as "$ 1.234" */
  kind?: 'count' | 'money';
  height?: number;
  /** bars side by side (default) or stacked */
  stacked?: boolean;
  /** how an x value is written on the axis and the tooltip */
  xLabel?: (value: string) => string;
  /** every x value gets its label (the axis otherwise skips some when they do not fit): keep the labels short */
  allTicks?: boolean;
}

function useValueFormat(kind: 'count' | 'money') {
  const { money } = useSession();
  return (value: number) => (kind === 'money' ? money(value) : value.toLocaleString('es-CO'));
}

const compact = new Intl.NumberFormat('es-CO', { notation: 'compact', maximumFractionDigits: 1 });

/** the y axis of money: short ("$ 3,2 M"), so that "$ 1.200.000" is not cut at the axis' width; the tooltip keeps the exact amount */
function useAxisFormat(kind: 'count' | 'money') {
  const { company } = useSession();
  const { decimals, symbol } = CURRENCIES[company.currency];
  return kind === 'money' ? (value: number) => `${symbol} ${compact.format(value / 10 ** decimals)}` : undefined;
}

export function Bars({ label, data, dataKey, series, kind = 'count', height = 220, stacked = false, xLabel, allTicks = false }: ChartProps) {
  const t = useT();
  const format = useValueFormat(kind);
  const axis = useAxisFormat(kind);
  if (data.length === 0) return <Text c="dimmed">{t('chart.noData')}</Text>;
  return (
    <Stack gap={4} role="figure" aria-label={label}>
      <BarChart
        h={height}
        data={data}
        dataKey={dataKey}
        series={series.map((s) => ({ name: s.name, label: s.label, color: s.color }))}
        type={stacked ? 'stacked' : 'default'}
        valueFormatter={format}
        withLegend
        legendProps={{ verticalAlign: 'bottom', height: 36 }}
        tickLine="y"
        yAxisProps={axis ? { tickFormatter: axis, width: 70 } : undefined}
        xAxisProps={{ ...(xLabel ? { tickFormatter: (v: string) => xLabel(String(v)) } : {}), ...(allTicks ? { interval: 0 } : {}) }}
        tooltipProps={{ labelFormatter: xLabel ? (v: unknown) => xLabel(String(v)) : undefined }}
        tooltipAnimationDuration={0}
        barProps={{ isAnimationActive: false }}
      />
    </Stack>
  );
}

export function Lines({ label, data, dataKey, series, kind = 'count', height = 220, xLabel }: ChartProps) {
  const t = useT();
  const format = useValueFormat(kind);
  const axis = useAxisFormat(kind);
  if (data.length === 0) return <Text c="dimmed">{t('chart.noData')}</Text>;
  return (
    <Stack gap={4} role="figure" aria-label={label}>
      <LineChart
        h={height}
        data={data}
        dataKey={dataKey}
        series={series.map((s) => ({ name: s.name, label: s.label, color: s.color }))}
        valueFormatter={format}
        withLegend
        legendProps={{ verticalAlign: 'bottom', height: 36 }}
        yAxisProps={axis ? { tickFormatter: axis, width: 70 } : undefined}
        xAxisProps={xLabel ? { tickFormatter: (v: string) => xLabel(String(v)) } : undefined}
        tooltipProps={{ labelFormatter: xLabel ? (v: unknown) => xLabel(String(v)) : undefined }}
        tooltipAnimationDuration={0}
        lineProps={{ isAnimationActive: false }}
      />
    </Stack>
  );
}
