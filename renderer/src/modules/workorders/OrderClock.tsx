/**
 * An order's clock: the hours since it was ordered against the hours it has (a reconnection's 24);
 * red when it is past its due instant, with the hours elapsed.
 */
import { Text } from '@mantine/core';
import type { WorkOrderRow } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { hoursText, isOpen } from './labels';

export function OrderClock({ order }: { order: WorkOrderRow }) {
  const t = useT();
  if (order.state === 'anulada' || order.hours === null) return <Text size="sm">—</Text>;
  const limit = Math.round((Date.parse(order.dueAt) - Date.parse(order.createdAt)) / 360_000) / 10;
  const text = isOpen(order)
    ? order.late
      ? t('wo.clock.late', { hours: hoursText(order.hours), limit: hoursText(limit) })
      : t('wo.clock.open', { hours: hoursText(order.hours), limit: hoursText(limit) })
    : t('wo.clock.done', { hours: hoursText(order.hours) });
  return (
    <Text size="sm" c={order.late ? 'red' : undefined} fw={order.late ? 700 : undefined} data-testid={`clock-${order.number}`} style={{ whiteSpace: 'nowrap' }}>
      {text}
    </Text>
  );
}
