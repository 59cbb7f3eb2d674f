/**
 * One order: what it is, its clock, its result and photos; while open, its result recorded here or
 * the order cancelled with the reason (confirmed).
 */
import { useEffect, useState } from 'react';
import { Badge, Button, Divider, Group, Modal, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { send } from '../../api/client';
import { WORK_ORDER_ORIGIN_LABELS, type WorkOrderRow } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { ConfirmModal } from '../../app/ConfirmModal';
import { notifySuccess, text } from '../../app/forms';
import { LabeledValue } from '../../app/LabeledValue';
import { useSession } from '../../app/session';
import { OrderClock } from './OrderClock';
import { PhotoStrip } from './PhotoStrip';
import { ResultForm } from './ResultForm';
import { STATE_COLORS, isOpen, stateLabel } from './labels';

export function OrderModal({ order, onClose, changed }: { order: WorkOrderRow | null; onClose: () => void; changed: () => void }) {
  const t = useT();
  const { dateTime, money } = useSession();
  const [shown, setShown] = useState<WorkOrderRow | null>(order);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  useEffect(() => setShown(order), [order]);
  useEffect(() => {
    // the order as it is now (the list may be older)
    if (order) void send('workOrders.get', { orderId: order.id }).then(setShown, () => undefined);
  }, [order]);
  const o = shown;

  const cancel = async () => {
    if (!o) return;
    setShown(await send('workOrders.cancel', { orderId: o.id, reason: reason.trim() }));
    setReason('');
    notifySuccess(t('wo.cancel.done', { number: o.number }));
    changed();
  };

  return (
    <Modal opened={order !== null} onClose={onClose} size="min(1000px, 94vw)" title={o ? <Title order={4}>{t('wo.order.title', { number: o.number, type: o.typeLabel })}</Title> : ''} data-testid="wo-order">
      {o && (
        <Stack gap="sm">
          <Group gap="xs">
            <Badge color={STATE_COLORS[o.state]} variant="light" data-testid="wo-order-state">
              {stateLabel(o.state)}
            </Badge>
            <OrderClock order={o} />
          </Group>
          <SimpleGrid cols={4} spacing="xs">
            <LabeledValue label={t('wo.col.account')}>{`${o.accountNumber} · ${o.holderName}`}</LabeledValue>
            <LabeledValue label={t('wo.order.address')}>{`${o.address} (${o.cycle}-${o.route}·${o.routeSequence})`}</LabeledValue>
            <LabeledValue label={t('wo.order.origin')}>{o.originRef || WORK_ORDER_ORIGIN_LABELS[o.origin]}</LabeledValue>
            <LabeledValue label={t('wo.col.crew')}>{o.crewName}</LabeledValue>
            <LabeledValue label={t('wo.col.created')}>{`${dateTime(o.createdAt)} · ${o.createdBy}`}</LabeledValue>
            <LabeledValue label={t('wo.col.due')}>{dateTime(o.dueAt)}</LabeledValue>
            <LabeledValue label={t('wo.order.priority')}>{o.priority.charAt(0).toUpperCase() + o.priority.slice(1)}</LabeledValue>
            {o.state === 'anulada' && <LabeledValue label={t('wo.order.cancelReason')}>{o.cancelReason}</LabeledValue>}
            {(o.state === 'ejecutada' || o.state === 'fallida') && (
              <>
                <LabeledValue label={t('wo.result.at')}>{`${dateTime(o.executedAt)} · ${o.executedBy}`}</LabeledValue>
                <LabeledValue label={t('wo.result.reading')}>{o.meterReading === null ? '' : String(o.meterReading)}</LabeledValue>
                <LabeledValue label={t('wo.result.seal')}>{o.sealNumber}</LabeledValue>
                {o.failureCause && <LabeledValue label={t('wo.result.cause')}>{o.failureCause}</LabeledValue>}
                <LabeledValue label={t('wo.result.observations')}>{o.observations}</LabeledValue>
                {o.chargeId !== null && <LabeledValue label={t('wo.order.charge')}>{t('wo.order.chargeAdded')}</LabeledValue>}
              </>
            )}
          </SimpleGrid>
          {(o.state === 'ejecutada' || o.state === 'fallida') && (
            <>
              <Divider label={t('wo.result.photos')} labelPosition="left" />
              <PhotoStrip orderId={o.id} count={o.photos} />
            </>
          )}
          {isOpen(o) && (
            <>
              <Divider label={t('wo.result.title')} labelPosition="left" />
              <ResultForm
                key={o.id}
                order={o}
                done={(r) => {
                  setShown(r.order);
                  notifySuccess(r.charge ? t('wo.result.doneCharge', { number: r.order.number, amount: money(r.charge.amount) }) : t('wo.result.done', { number: r.order.number }));
                  changed();
                }}
              />
              <Group justify="flex-start">
                <Button variant="subtle" color="red" size="compact-sm" onClick={() => setCancelling(true)} data-testid="wo-cancel">
                  {t('wo.cancel.button')}
                </Button>
              </Group>
            </>
          )}
        </Stack>
      )}
      <ConfirmModal opened={cancelling} color="red" title={t('wo.cancel.title', { number: o?.number ?? '' })} confirmLabel={t('wo.cancel.confirm')} onConfirm={cancel} onClose={() => setCancelling(false)}>
        <Text size="sm">{t('wo.cancel.what', { number: o?.number ?? '', account: o?.accountNumber ?? '' })}</Text>
        <Textarea label={t('wo.cancel.reason')} value={reason} onChange={text(setReason)} maxLength={300} required autosize minRows={2} data-autofocus data-testid="wo-cancel-reason" />
      </ConfirmModal>
    </Modal>
  );
}
