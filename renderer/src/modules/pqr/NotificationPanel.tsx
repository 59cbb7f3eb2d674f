/**
 * Notification of an approved answer: the steps with their dates and papers (citación, acta de
 * notificación personal, aviso, envío electrónico and its certified access, publication), the
 * citación's last day, the aviso's first day, the pending electronic notification, the day it counts
 * as notified and the last day for a recurso. Each rule is explained beside it, from the legal rules
 * table; the back office refuses what the law does not allow (a late citación without a
 * coordinator's reason, an early aviso) and the modal shows why.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconAlertTriangle, IconBell, IconMailOpened, IconPrinter } from '@tabler/icons-react';
import { send } from '../../api/client';
import { NOTIFICATION_STEPS, PUBLICATION_REASONS, pqrSchemas, type NotificationStep, type PqrDetail, type PublicationReason } from '../../../../shared/contract';
import { todayIn, zonedDateTime, type IsoDate } from '../../../../shared/dates';
import { DateField } from '../../app/DateField';
import { useT } from '../../i18n';
import { notifyError, text } from '../../app/forms';
import { formatDate } from '../../app/format';
import { downloadDocument } from '../../app/download';
import { ConfirmModal } from '../../app/ConfirmModal';
import { useSession } from '../../app/session';
import { parsed, type ActProps } from './PqrActions';
import { RuleNote, ruleDays, useLegalRules, type RuleBook } from './legal';

const COORDINATION = ['coordinador', 'administrador'] as const;

export function NotificationPanel({ pqr, onDone }: { pqr: PqrDetail; onDone: ActProps['onDone'] }) {
  const t = useT();
  const { company } = useSession();
  const rules = useLegalRules();
  const [notifying, setNotifying] = useState(false);
  const today = todayIn(company.timeZone);
  const approved = pqr.answer?.state === 'aprobada';
  const notified = pqr.notifiedDate !== null;
  const canNotify = approved && !notified && pqr.state !== 'anulada' && pqr.state !== 'cerrada';
  const recursoDays = ruleDays(rules, 'recursoBusinessDays', 5);

  return (
    <Card withBorder data-testid="pqr-notification">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('pqr.notify.title')}</Title>
        {notified ? (
          <Badge color="teal" variant="light" style={{ textTransform: 'none' }} data-testid="pqr-notified-badge">
            {t('pqr.notify.notifiedBadge', { type: t(`pqr.notificationType.${pqr.notificationType ?? 'personal'}`), date: formatDate(pqr.notifiedDate) })}
          </Badge>
        ) : pqr.electronicPending ? (
          <Badge color="orange" variant="light" style={{ textTransform: 'none' }} data-testid="pqr-electronic-pending">
            {t('pqr.notify.electronicPending', { date: formatDate(pqr.electronicPending.sentOn) })}
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
            {t(today > pqr.recursoDeadline ? 'pqr.notify.deadlinePassed' : 'pqr.notify.deadline', { date: formatDate(pqr.recursoDeadline), n: recursoDays })}
          </Text>
        )}
        {pqr.recursoDeadline && <RuleNote rule={rules.recursoBusinessDays} />}
        {canNotify && pqr.citacionDueDate && (
          <Alert color={today > pqr.citacionDueDate ? 'red' : 'blue'} icon={<IconAlertTriangle />} p="xs" data-testid="pqr-citacion-due">
            <Text size="sm" fw={600}>
              {t(today > pqr.citacionDueDate ? 'pqr.notify.citacionLate' : 'pqr.notify.citacionDue', { date: formatDate(pqr.citacionDueDate) })}
            </Text>
            <RuleNote rule={rules.citacionBusinessDays} />
          </Alert>
        )}
        {canNotify && pqr.avisoFrom && (
          <Alert color="yellow" icon={<IconAlertTriangle />} p="xs" data-testid="pqr-aviso-warning">
            <Text size="sm" fw={600}>
              {t(today < pqr.avisoFrom ? 'pqr.notify.avisoFrom' : 'pqr.notify.avisoNow', { from: formatDate(pqr.avisoFrom) })}
            </Text>
            <RuleNote rule={rules.avisoAfterCitacionBusinessDays} />
          </Alert>
        )}
        {canNotify && pqr.electronicPending && (
          <Alert color="orange" icon={<IconMailOpened />} p="xs" data-testid="pqr-electronic-alert">
            <Text size="sm" fw={600}>
              {t('pqr.notify.electronicWaiting', { email: pqr.electronicPending.email, date: formatDate(pqr.electronicPending.sentOn) })}
            </Text>
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
                  <Table.Td>
                    {formatDate(n.stepDate)}
                    {n.time ? ` ${n.time}` : ''}
                  </Table.Td>
                  <Table.Td>{n.notifiedDate ? formatDate(n.notifiedDate) : '—'}</Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {[n.personName, n.personIdNumber, n.email, n.guide ? t('pqr.notify.guideValue', { guide: n.guide }) : '', n.place, n.evidence].filter(Boolean).join(' · ') || '—'}
                    </Text>
                    {n.lateReason && (
                      <Text size="xs" c="red">
                        {t('pqr.notify.lateReasonValue', { reason: n.lateReason })}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed">
                      {n.recordedBy}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
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
      {notifying && <NotifyModal pqr={pqr} rules={rules} onClose={() => setNotifying(false)} onDone={onDone} />}
    </Card>
  );
}

function firstStep(pqr: PqrDetail): NotificationStep {
  if (pqr.electronicPending) return 'acceso';
  const electronic = pqr.petitioner.acceptsElectronicNotification && pqr.petitioner.email !== '';
  if (electronic) return 'electronica';
  if (pqr.notifications.some((n) => n.step === 'citacion')) return 'aviso';
  return pqr.petitioner.address.trim() === '' ? 'publicacion' : 'citacion';
}

function NotifyModal({ pqr, rules, onClose, onDone }: ActProps & { rules: RuleBook }) {
  const t = useT();
  const { company, can } = useSession();
  const hasCitacion = pqr.notifications.some((n) => n.step === 'citacion');
  const [step, setStep] = useState<NotificationStep>(firstStep(pqr));
  const [date, setDate] = useState<IsoDate | null>(todayIn(company.timeZone));
  const [time, setTime] = useState(zonedDateTime(new Date(), company.timeZone).time);
  const [personName, setPersonName] = useState(pqr.petitioner.name);
  const [personIdNumber, setPersonIdNumber] = useState(pqr.petitioner.idNumber);
  const [email, setEmail] = useState(pqr.petitioner.email);
  const [guide, setGuide] = useState('');
  const [evidence, setEvidence] = useState('');
  const [place, setPlace] = useState('');
  const [reason, setReason] = useState<PublicationReason>(pqr.petitioner.address.trim() === '' ? 'direccion_desconocida' : 'aviso_devuelto');
  const [lateReason, setLateReason] = useState('');
  const iso = date;
  const shownDate = iso ? formatDate(iso) : '—';
  const coordinator = can(COORDINATION);
  const lateCitacion = step === 'citacion' && pqr.citacionDueDate !== null && iso !== null && iso > pqr.citacionDueDate;
  const earlyAviso = step === 'aviso' && pqr.avisoFrom !== null && iso !== null && iso < pqr.avisoFrom;
  const recursoDays = ruleDays(rules, 'recursoBusinessDays', 5);
  const publicationDays = ruleDays(rules, 'publicationBusinessDays', 5);

  const available = (s: NotificationStep): boolean => {
    if (s === 'aviso') return hasCitacion;
    if (s === 'electronica') return pqr.petitioner.acceptsElectronicNotification;
    if (s === 'acceso') return pqr.electronicPending !== null;
    return true;
  };
  const hint = !available('aviso') ? t('pqr.notify.avisoNeedsCitacion') : !pqr.petitioner.acceptsElectronicNotification ? t('pqr.notify.noElectronic') : undefined;

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
          time: step === 'acceso' ? time : undefined,
          evidence: step === 'acceso' || step === 'publicacion' ? evidence : '',
          place: step === 'publicacion' ? place : '',
          publicationReason: step === 'publicacion' ? reason : undefined,
          lateReason: lateCitacion ? lateReason : '',
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
        description={step === 'citacion' ? hint : undefined}
      />
      <Group grow align="flex-start">
        <DateField label={t(`pqr.notify.dateOf.${step}`)} value={date} onChange={setDate} required />
        {step === 'acceso' && <TextInput label={t('pqr.notify.time')} placeholder="HH:MM" value={time} onChange={text(setTime)} required />}
      </Group>
      {step === 'personal' && (
        <Group grow align="flex-start">
          <TextInput label={t('pqr.notify.personName')} value={personName} onChange={text(setPersonName)} maxLength={120} required />
          <TextInput label={t('pqr.notify.personId')} value={personIdNumber} onChange={text(setPersonIdNumber)} maxLength={20} required />
        </Group>
      )}
      {step === 'electronica' && <TextInput label={t('pqr.notify.email')} type="email" value={email} onChange={text(setEmail)} required />}
      {(step === 'citacion' || step === 'aviso') && <TextInput label={t('pqr.notify.guide')} value={guide} onChange={text(setGuide)} maxLength={60} />}
      {step === 'acceso' && (
        <TextInput label={t('pqr.notify.accessEvidence')} description={t('pqr.notify.accessEvidenceHelp')} value={evidence} onChange={text(setEvidence)} maxLength={300} required />
      )}
      {step === 'publicacion' && (
        <>
          <Select
            label={t('pqr.notify.publicationReason')}
            data={PUBLICATION_REASONS.map((r) => ({ value: r, label: t(`pqr.publicationReason.${r}`) }))}
            value={reason}
            onChange={(v) => v && setReason(v as PublicationReason)}
            allowDeselect={false}
          />
          <TextInput label={t('pqr.notify.place')} description={t('pqr.notify.placeHelp')} value={place} onChange={text(setPlace)} maxLength={200} required />
          <TextInput label={t('pqr.notify.publicationEvidence')} value={evidence} onChange={text(setEvidence)} maxLength={300} />
          <RuleNote rule={rules.publicationBusinessDays} />
        </>
      )}
      {lateCitacion && pqr.citacionDueDate && (
        <Alert color="red" icon={<IconAlertTriangle />} p="xs" data-testid="pqr-citacion-late">
          <Text size="sm">{t(coordinator ? 'pqr.notify.citacionLateCoordinator' : 'pqr.notify.citacionLateClerk', { date: formatDate(pqr.citacionDueDate) })}</Text>
          {coordinator && <Textarea label={t('pqr.notify.lateReason')} value={lateReason} onChange={text(setLateReason)} autosize minRows={2} maxLength={500} required mt="xs" />}
        </Alert>
      )}
      {earlyAviso && pqr.avisoFrom && (
        <Alert color="red" icon={<IconAlertTriangle />} p="xs" data-testid="pqr-aviso-early">
          {t('pqr.notify.avisoEarly', { from: formatDate(pqr.avisoFrom), n: ruleDays(rules, 'avisoAfterCitacionBusinessDays', 5) })}
        </Alert>
      )}
      {step === 'electronica' && (
        <Text size="xs" c="dimmed">
          {t('pqr.notify.electronicRule')}
        </Text>
      )}
      <Text fw={600} data-testid="pqr-act-sentence">
        {t(`pqr.notify.sentence.${step}`, { date: shownDate, name: personName, email, n: recursoDays, days: publicationDays })}
      </Text>
    </ConfirmModal>
  );
}
