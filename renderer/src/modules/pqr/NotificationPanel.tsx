/**
 * Notification of an approved answer: the steps with their dates and papers (citación, acta de
 * notificación personal, aviso, constancia electrónica), the day it counts as notified and the
 * last day for a recurso; a warning when the aviso comes before 5 business days after the citación.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconBell, IconPrinter } from '@tabler/icons-react';
import { send } from '../../api/client';
import { NOTIFICATION_STEPS, RECURSO_WINDOW_BUSINESS_DAYS, pqrSchemas, type NotificationStep, type PqrDetail } from '../../../../shared/contract';
import { todayIn, type IsoDate } from '../../../../shared/dates';
import { DateField } from '../../app/DateField';
import { useT } from '../../i18n';
import { notifyError, text } from '../../app/forms';
import { formatDate } from '../../app/format';
import { downloadDocument } from '../../app/download';
import { ConfirmModal } from '../../app/ConfirmModal';
import { useLoad } from '../../app/useLoad';
import { useSession } from '../../app/session';
import { parsed, type ActProps } from './PqrActions';

/** the first day the aviso may be sent: 5 business days after the citación (office calendar), or null */
function useAvisoFrom(pqr: PqrDetail): string | null {
  const citacion = [...pqr.notifications].reverse().find((n) => n.step === 'citacion');
  const from = citacion?.stepDate ?? null;
  const { data } = useLoad(
    () => (from ? send('calendar.addBusinessDays', { officeId: pqr.officeId, from, days: RECURSO_WINDOW_BUSINESS_DAYS }) : Promise.resolve(null)),
    [pqr.officeId, from],
  );
  return data?.date ?? null;
}

export function NotificationPanel({ pqr, onDone }: { pqr: PqrDetail; onDone: ActProps['onDone'] }) {
  const t = useT();
  const { company } = useSession();
  const [notifying, setNotifying] = useState(false);
  const avisoFrom = useAvisoFrom(pqr);
  const today = todayIn(company.timeZone);
  const approved = pqr.answer?.state === 'aprobada';
  const notified = pqr.notifiedDate !== null;
  const canNotify = approved && !notified && pqr.state !== 'anulada' && pqr.state !== 'cerrada';
  const hasCitacion = pqr.notifications.some((n) => n.step === 'citacion');
  const tooEarlyForAviso = hasCitacion && !notified && avisoFrom !== null && today < avisoFrom;

  return (
    <Card withBorder data-testid="pqr-notification">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('pqr.notify.title')}</Title>
        {notified ? (
          <Badge color="teal" variant="light" style={{ textTransform: 'none' }} data-testid="pqr-notified-badge">
            {t('pqr.notify.notifiedBadge', { type: t(`pqr.step.${pqr.notificationType ?? 'personal'}`), date: formatDate(pqr.notifiedDate) })}
          </Badge>
        ) : (
          <Badge color="gray" variant="outline">
            {t('pqr.notify.pending')}
          </Badge>
        )}
      </Group>
      <Stack gap="xs">
        {!approved && <Text size="sm" c="dimmed">{t('pqr.notify.needsApproval')}</Text>}
        {pqr.recursoDeadline && (
          <Text size="sm" fw={600} c={today > pqr.recursoDeadline ? 'dimmed' : undefined} data-testid="pqr-recurso-deadline">
            {t(today > pqr.recursoDeadline ? 'pqr.notify.deadlinePassed' : 'pqr.notify.deadline', { date: formatDate(pqr.recursoDeadline), n: RECURSO_WINDOW_BUSINESS_DAYS })}
          </Text>
        )}
        {tooEarlyForAviso && avisoFrom && (
          <Alert color="yellow" icon={<IconAlertTriangle />} p="xs" data-testid="pqr-aviso-warning">
            {t('pqr.notify.avisoWait', { from: formatDate(avisoFrom), n: RECURSO_WINDOW_BUSINESS_DAYS })}
          </Alert>
        )}
        {pqr.notifications.length > 0 && (
          <Table aria-label={t('pqr.notify.steps')} verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('pqr.notify.step')}</Table.Th>
                <Table.Th>{t('pqr.notify.date')}</Table.Th>
                <Table.Th>{t('pqr.notify.counts')}</Table.Th>
                <Table.Th>{t('pqr.notify.who')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {pqr.notifications.map((n) => (
                <Table.Tr key={n.id} data-testid={`pqr-step-${n.step}`}>
                  <Table.Td>{t(`pqr.step.${n.step}`)}</Table.Td>
                  <Table.Td>{formatDate(n.stepDate)}</Table.Td>
                  <Table.Td>{n.notifiedDate ? formatDate(n.notifiedDate) : '—'}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{[n.personName, n.personIdNumber, n.email, n.guide ? t('pqr.notify.guideValue', { guide: n.guide }) : ''].filter(Boolean).join(' · ') || '—'}</Text>
                    <Text size="xs" c="dimmed">
                      {n.recordedBy}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="light"
                      leftSection={<IconPrinter size={14} />}
                      aria-label={t('pqr.notify.paperOf', { step: t(`pqr.step.${n.step}`) })}
                      onClick={() => void send('pqr.notificationPdf', { notificationId: n.id }).then(downloadDocument, notifyError)}
                    >
                      {t('pqr.notify.paper')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {canNotify && (
          <Group>
            <Button leftSection={<IconBell size={16} />} variant="light" onClick={() => setNotifying(true)}>
              {t('pqr.notify.record')}
            </Button>
          </Group>
        )}
      </Stack>
      {notifying && <NotifyModal pqr={pqr} avisoFrom={avisoFrom} onClose={() => setNotifying(false)} onDone={onDone} />}
    </Card>
  );
}

function NotifyModal({ pqr, avisoFrom, onClose, onDone }: ActProps & { avisoFrom: string | null }) {
  const t = useT();
  const { company } = useSession();
  const hasCitacion = pqr.notifications.some((n) => n.step === 'citacion');
  const electronic = pqr.petitioner.acceptsElectronicNotification && pqr.petitioner.email !== '';
  const [step, setStep] = useState<NotificationStep>(electronic ? 'electronica' : hasCitacion ? 'aviso' : 'citacion');
  const [date, setDate] = useState<IsoDate | null>(todayIn(company.timeZone));
  const [personName, setPersonName] = useState(pqr.petitioner.name);
  const [personIdNumber, setPersonIdNumber] = useState(pqr.petitioner.idNumber);
  const [email, setEmail] = useState(pqr.petitioner.email);
  const [guide, setGuide] = useState('');
  const iso = date;
  const shownDate = iso ? formatDate(iso) : '—';
  const early = step === 'aviso' && avisoFrom !== null && iso !== null && iso < avisoFrom;

  const available = (s: NotificationStep): boolean => {
    if (s === 'aviso') return hasCitacion;
    if (s === 'electronica') return pqr.petitioner.acceptsElectronicNotification;
    return true;
  };

  return (
    <ConfirmModal
      opened
      title={t('pqr.notify.modalTitle', { radicado: pqr.radicado })}
      confirmLabel={t('pqr.notify.confirm', { step: t(`pqr.step.${step}`) })}
      onClose={onClose}
      onConfirm={async () => {
        if (!iso) throw new Error(t('common.dateInvalid'));
        const input = parsed(pqrSchemas['pqr.notify'], {
          pqrId: pqr.id,
          step,
          date: iso,
          personName: step === 'personal' ? personName : '',
          personIdNumber: step === 'personal' ? personIdNumber : '',
          email: step === 'electronica' ? email : '',
          guide: step === 'citacion' || step === 'aviso' ? guide : '',
        });
        const result = await send('pqr.notify', input);
        downloadDocument(result.paper);
        const after = result.pqr;
        onDone(
          after,
          after.notifiedDate
            ? t('pqr.notify.notifiedSaid', { date: formatDate(after.notifiedDate), deadline: formatDate(after.recursoDeadline) })
            : t('pqr.notify.recordedSaid', { step: t(`pqr.step.${step}`) }),
        );
      }}
    >
      <Select
        label={t('pqr.notify.step')}
        data={NOTIFICATION_STEPS.map((s) => ({ value: s, label: t(`pqr.step.${s}`), disabled: !available(s) }))}
        value={step}
        onChange={(v) => v && setStep(v as NotificationStep)}
        allowDeselect={false}
        description={!hasCitacion ? t('pqr.notify.avisoNeedsCitacion') : !pqr.petitioner.acceptsElectronicNotification ? t('pqr.notify.noElectronic') : undefined}
      />
      <DateField label={t(`pqr.notify.dateOf.${step}`)} value={date} onChange={setDate} required w={200} />
      {step === 'personal' && (
        <Group grow align="flex-start">
          <TextInput label={t('pqr.notify.personName')} value={personName} onChange={text(setPersonName)} maxLength={120} required />
          <TextInput label={t('pqr.notify.personId')} value={personIdNumber} onChange={text(setPersonIdNumber)} maxLength={20} required />
        </Group>
      )}
      {step === 'electronica' && <TextInput label={t('pqr.notify.email')} type="email" value={email} onChange={text(setEmail)} required />}
      {(step === 'citacion' || step === 'aviso') && <TextInput label={t('pqr.notify.guide')} value={guide} onChange={text(setGuide)} maxLength={60} />}
      {early && avisoFrom && (
        <Alert color="yellow" icon={<IconAlertTriangle />} p="xs" data-testid="pqr-aviso-early">
          {t('pqr.notify.avisoEarly', { from: formatDate(avisoFrom), n: RECURSO_WINDOW_BUSINESS_DAYS })}
        </Alert>
      )}
      <Text fw={600} data-testid="pqr-act-sentence">
        {t(`pqr.notify.sentence.${step}`, { date: shownDate, name: personName, email, n: RECURSO_WINDOW_BUSINESS_DAYS })}
      </Text>
    </ConfirmModal>
  );
}
