/**
 * One field result (issue 17, item 4): executed at, by, meter reading, seal, observations and photos,
 * or a failed visit with its cause. Confirmed in a modal that says what will happen to the account.
 */
import { useState } from 'react';
import { Button, FileInput, Group, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { IconPhoto } from '@tabler/icons-react';
import { send } from '../../api/client';
import { PHOTO_MAX_BYTES, type RecordedResult, type WorkOrderRow } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { ConfirmModal } from '../../app/ConfirmModal';
import { text } from '../../app/forms';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { formatSize, toPending, uploadAttachments } from '../pqr/attachments';
import { nowInZone } from './labels';

const PHOTO_ACCEPT = 'image/jpeg,image/png,.jpg,.jpeg,.png';

export function ResultForm({ order, done }: { order: WorkOrderRow; done: (result: RecordedResult) => void }) {
  const t = useT();
  const { company } = useSession();
  const causes = useLoad(() => send('workOrders.causes', {}), []);
  const [outcome, setOutcome] = useState<'ejecutada' | 'fallida'>('ejecutada');
  const [executedAt, setExecutedAt] = useState(() => nowInZone(company.timeZone));
  const [executedBy, setExecutedBy] = useState(order.crewName ?? '');
  const [reading, setReading] = useState<number | ''>('');
  const [seal, setSeal] = useState('');
  const [observations, setObservations] = useState('');
  const [cause, setCause] = useState<string | null>(null);
  const [photos, setPhotos] = useState<File[]>([]);
  const [confirming, setConfirming] = useState(false);
  const tooBig = photos.find((p) => p.size > PHOTO_MAX_BYTES);
  const ready = executedAt.trim() !== '' && executedBy.trim() !== '' && (outcome === 'ejecutada' || cause !== null) && !tooBig;

  const record = async () => {
    const sent = await uploadAttachments(photos.map(toPending));
    done(
      await send('workOrders.recordResult', {
        orderId: order.id,
        outcome,
        executedAt: executedAt.trim(),
        executedBy: executedBy.trim(),
        ...(reading === '' ? {} : { meterReading: reading }),
        sealNumber: seal.trim(),
        observations: observations.trim(),
        ...(outcome === 'fallida' && cause ? { failureCause: cause } : {}),
        photos: sent,
      }),
    );
  };

  return (
    <Stack gap="xs" data-testid="wo-result-form">
      <SegmentedControl
        w="fit-content"
        value={outcome}
        onChange={(v) => setOutcome(v as 'ejecutada' | 'fallida')}
        data={[
          { value: 'ejecutada', label: t('wo.result.executed') },
          { value: 'fallida', label: t('wo.result.failed') },
        ]}
      />
      <SimpleGrid cols={3} spacing="xs">
        <TextInput label={t('wo.result.at')} description={t('wo.result.atHint')} value={executedAt} onChange={text(setExecutedAt)} required maxLength={30} />
        <TextInput label={t('wo.result.by')} value={executedBy} onChange={text(setExecutedBy)} required maxLength={80} />
        {outcome === 'ejecutada' ? (
          <NumberInput label={t('wo.result.reading')} value={reading} onChange={(v) => setReading(typeof v === 'number' ? v : '')} min={0} max={99_999_999} allowDecimal={false} allowNegative={false} thousandSeparator="" />
        ) : (
          <Select label={t('wo.result.cause')} data={(causes.data ?? []).map((c) => ({ value: c.code, label: c.label }))} value={cause} onChange={setCause} required data-testid="wo-result-cause" />
        )}
        <TextInput label={t('wo.result.seal')} value={seal} onChange={text(setSeal)} maxLength={40} />
        <FileInput
          label={t('wo.result.photos')}
          multiple
          clearable
          accept={PHOTO_ACCEPT}
          value={photos}
          onChange={(files) => setPhotos(files.slice(0, 10))}
          leftSection={<IconPhoto size={16} />}
          placeholder={t('wo.result.photosHint')}
          error={tooBig ? t('wo.result.photoTooBig', { name: tooBig.name, size: formatSize(tooBig.size) }) : undefined}
          data-testid="wo-result-photos"
          style={{ gridColumn: 'span 2' }}
        />
      </SimpleGrid>
      <Textarea label={t('wo.result.observations')} value={observations} onChange={text(setObservations)} maxLength={500} autosize minRows={1} maxRows={3} />
      <Group justify="flex-end">
        <Button disabled={!ready} onClick={() => setConfirming(true)} data-testid="wo-result-save">
          {t('wo.result.save')}
        </Button>
      </Group>
      <ConfirmModal opened={confirming} title={t('wo.result.confirmTitle', { number: order.number })} confirmLabel={t('wo.result.save')} onConfirm={record} onClose={() => setConfirming(false)}>
        <Text size="sm">{t(outcome === 'ejecutada' ? 'wo.result.confirmExecuted' : 'wo.result.confirmFailed', { number: order.number, type: order.typeLabel, account: order.accountNumber, at: executedAt, by: executedBy })}</Text>
        {outcome === 'ejecutada' && (order.type === 'reconexion' || order.type === 'reinstalacion') && <Text size="sm">{t('wo.result.confirmCharge')}</Text>}
        {outcome === 'ejecutada' && (order.type === 'suspension' || order.type === 'corte') && <Text size="sm">{t('wo.result.confirmSuspended', { account: order.accountNumber })}</Text>}
        {photos.length > 0 && <Text size="sm">{t('wo.result.confirmPhotos', { count: photos.length })}</Text>}
      </ConfirmModal>
    </Stack>
  );
}
