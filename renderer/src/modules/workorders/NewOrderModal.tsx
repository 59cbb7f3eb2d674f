/** An order made by hand (a revision, a verificación de lectura, a suspension outside a notice…), with its reason. */
import { useState } from 'react';
import { Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { send } from '../../api/client';
import { WORK_ORDER_PRIORITIES, type AccountSummary, type WorkOrderPriority } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { AccountPicker } from '../../app/AccountPicker';
import { ConfirmModal } from '../../app/ConfirmModal';
import { notifySuccess, text } from '../../app/forms';
import { useLoad } from '../../app/useLoad';

export function NewOrderModal({ opened, onClose, created }: { opened: boolean; onClose: () => void; created: () => void }) {
  const t = useT();
  const types = useLoad(() => send('workOrders.types', {}), []);
  const [account, setAccount] = useState<AccountSummary | null>(null);
  const [type, setType] = useState<string | null>(null);
  const [priority, setPriority] = useState<WorkOrderPriority>('normal');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const typeLabel = types.data?.find((ty) => ty.code === type)?.label ?? '';
  const close = () => {
    setAccount(null);
    setType(null);
    setReason('');
    setPriority('normal');
    onClose();
  };
  const create = async () => {
    if (!account || !type) return;
    const order = await send('workOrders.create', { accountId: account.id, type, priority, reason: reason.trim() });
    notifySuccess(t('wo.new.done', { number: order.number, account: account.number }));
    created();
    close();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('wo.new.title')} size="lg">
      <Stack gap="sm">
        {account ? (
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm" fw={600} data-testid="wo-new-account">
              {account.number} · {account.holderName} · {account.address}
            </Text>
            <Button variant="subtle" size="compact-sm" leftSection={<IconX size={14} />} onClick={() => setAccount(null)}>
              {t('wo.new.otherAccount')}
            </Button>
          </Group>
        ) : (
          <AccountPicker onPick={setAccount} />
        )}
        <Group grow>
          <Select label={t('wo.col.type')} data={(types.data ?? []).map((ty) => ({ value: ty.code, label: ty.label }))} value={type} onChange={setType} required data-testid="wo-new-type" />
          <Select label={t('wo.order.priority')} data={WORK_ORDER_PRIORITIES.map((p) => ({ value: p, label: p }))} value={priority} onChange={(v) => setPriority((v ?? 'normal') as WorkOrderPriority)} allowDeselect={false} />
        </Group>
        <Textarea label={t('wo.new.reason')} value={reason} onChange={text(setReason)} maxLength={300} required autosize minRows={2} data-testid="wo-new-reason" />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button disabled={!account || !type || reason.trim() === ''} onClick={() => setConfirming(true)} data-testid="wo-new-save">
            {t('wo.new.save')}
          </Button>
        </Group>
      </Stack>
      <ConfirmModal opened={confirming} title={t('wo.new.title')} confirmLabel={t('wo.new.save')} onConfirm={create} onClose={() => setConfirming(false)}>
        <Text size="sm">{t('wo.new.what', { type: typeLabel, account: account?.number ?? '', reason: reason.trim() })}</Text>
      </ConfirmModal>
    </Modal>
  );
}
