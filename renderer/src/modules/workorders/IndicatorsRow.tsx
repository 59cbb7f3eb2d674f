/** The board's figures for this month: reconnections within their hours (%), average hours to reconnect, suspensions executed against ordered. */
import { SimpleGrid, Text } from '@mantine/core';
import type { WorkOrderIndicators } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { formatDate } from '../../app/format';
import { Figure } from '../collections/parts';
import { hoursText } from './labels';

export function IndicatorsRow({ data }: { data: WorkOrderIndicators }) {
  const t = useT();
  const pct = data.reconnectionsWithinLimitPct === null ? '—' : `${data.reconnectionsWithinLimitPct.toLocaleString('es-CO')} %`;
  const range = t('wo.ind.range', { from: formatDate(data.from), to: formatDate(data.to) });
  return (
    <SimpleGrid cols={4} spacing="xs" data-testid="wo-indicators">
      <Figure label={t('wo.ind.within', { hours: data.reconnectionHours })} value={pct} sub={t('wo.ind.withinSub', { within: data.reconnectionsWithinLimit, total: data.reconnectionsExecuted })} testId="ind-within" />
      <Figure label={t('wo.ind.average')} value={hoursText(data.averageHoursToReconnect)} sub={range} testId="ind-average" />
      <Figure label={t('wo.ind.suspensions')} value={`${data.suspensionsExecuted} / ${data.suspensionsOrdered}`} sub={t('wo.ind.suspensionsSub')} testId="ind-suspensions" />
      <Figure
        label={t('wo.ind.lateOpen')}
        value={
          <Text size="lg" fw={700} c={data.openLateReconnections > 0 ? 'red' : undefined} data-testid="ind-late">
            {data.openLateReconnections}
          </Text>
        }
        sub={t('wo.ind.lateOpenSub', { hours: data.reconnectionHours })}
      />
    </SimpleGrid>
  );
}
