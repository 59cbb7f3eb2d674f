/**
 * One PQR: radicado, type, state, traffic light and due date on top; the petitioner, the account,
 * the request and its attachments; the answer (AnswerPanel), its notification (NotificationPanel)
 * and the recursos (RecursoPanel); the history of every act with who and when; the acts the
 * person's role and the PQR's state allow, each confirmed in a modal (PqrActions).
 */
import { useState, type ReactNode } from 'react';
import { Alert, Anchor, Button, Card, FileButton, Grid, Group, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import {
  IconMoodSmile,
  IconArrowLeft,
  IconDownload,
  IconFileText,
  IconLock,
  IconLockOpen,
  IconMessage,
  IconPlayerPause,
  IconPlayerPlay,
  IconPrinter,
  IconBan,
  IconCalendarPlus,
  IconUserCheck,
  IconPaperclip,
  IconGavel,
  IconArrowsExchange,
  IconClockPlus,
} from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { send } from '../../api/client';
import type { PqrAttachment, PqrDetail, PqrEventAction } from '../../../../shared/contract';
import { DataTable } from '../../app/DataTable';
import { useT } from '../../i18n';
import { notifyError, notifySuccess } from '../../app/forms';
import { formatDate } from '../../app/format';
import { downloadDocument } from '../../app/download';
import { printDocument } from '../../app/PrintButton';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { AnswerBadge, ClockBadges, DaysLeft, ExtemporaneousBadge } from './PqrBadges';
import { AnswerPanel } from './AnswerPanel';
import { NotificationPanel } from './NotificationPanel';
import { hasRecursoPart, RecursoPanel } from './RecursoPanel';
import { ActModal, type PqrAct } from './PqrActions';
import { causalLabel } from './catalog';
import { ATTACHMENT_ACCEPT, attachmentProblem, formatSize, toPending, typeLabel, uploadAttachment, type PendingAttachment } from './attachments';
import { ConfirmModal } from '../../app/ConfirmModal';
import { todayIn } from '../../../../shared/dates';
import { LegalAlerts } from './LegalAlerts';

const COORDINATION = ['coordinador', 'administrador'] as const;
const OPEN_STATES = ['radicada', 'asignada', 'suspendida', 'respondida'];

const EVENT_COLORS: Partial<Record<PqrEventAction, string>> = {
  radicada: 'blue',
  asignada: 'indigo',
  reasignada: 'indigo',
  suspendida: 'orange',
  reanudada: 'teal',
  prorrogada: 'yellow',
  cerrada: 'gray',
  reabierta: 'orange',
  anulada: 'red',
  respondida: 'yellow',
  aprobada: 'teal',
  devuelta: 'orange',
  enviada: 'cyan',
  citada: 'grape',
  notificada: 'teal',
  recurrida: 'red',
  remitida_sspd: 'indigo',
  notificacion_enviada: 'cyan',
  publicada: 'grape',
  silencio_positivo: 'red',
  silencio_reconocido: 'teal',
  desistida: 'gray',
  decidida_sspd: 'indigo',
};

export function PqrDetailPage({ pqrId }: { pqrId: number }) {
  const t = useT();
  const { can, user, dateTime, company } = useSession();
  const { data: pqr, setData, error, loading, reload } = useLoad(() => send('pqr.get', { pqrId }), [pqrId]);
  const [act, setAct] = useState<PqrAct | null>(null);
  const [adding, setAdding] = useState<PendingAttachment | null>(null);

  if (loading && !pqr) return <Loading />;
  if (error || !pqr) return error ? <LoadError error={error} retry={() => void reload()} /> : null;

  const coordinator = can(COORDINATION);
  const open = OPEN_STATES.includes(pqr.state);
  const mine = pqr.assignedTo !== null && pqr.assignedTo === user.fullName;
  const running = pqr.state === 'radicada' || pqr.state === 'asignada';
  const today = todayIn(company.timeZone);
  const completing = pqr.state === 'suspendida' && pqr.paused?.reason === 'completar_peticion' && pqr.completion !== null;
  const silencioPending = pqr.silencioPositivo !== null && pqr.silencioPositivo.recognizedOn === null && pqr.state !== 'anulada' && pqr.state !== 'cerrada';
  /** a clerk works (pauses, resumes, closes) what is assigned to them; coordinators anything of the office */
  const works = coordinator || mine;
  /** checked here first (type, size), confirmed, then the back office checks again */
  const pickAttachment = async (file: File) => {
    const problem = attachmentProblem(file);
    if (problem) return notifications.show({ color: 'red', message: problem, autoClose: 7000 });
    setAdding(toPending(file));
  };
  const done = (after: PqrDetail, said: string) => {
    setData(after);
    notifySuccess(said);
  };
  /** a paper again: to the printer of its kind (Administración › Impresoras), or downloaded when there is none */
  const paper = (name: 'pqr.stickerPdf' | 'pqr.constanciaPdf' | 'pqr.extensionLetterPdf') => () =>
    void send(name, { pqrId: pqr.id }).then(
      (file) => printDocument(t, name === 'pqr.stickerPdf' ? 'sticker' : 'letter', `${file.fileName.replace(/\.pdf$/, '')}`, file, { whenNotConfigured: 'download' }),
      notifyError,
    );

  return (
    <Stack gap="md">
      <Button variant="subtle" size="compact-sm" leftSection={<IconArrowLeft size={16} />} onClick={() => navigate(paths.pqr)} w="fit-content">
        {t('pqr.detail.back')}
      </Button>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={2} ff="monospace" data-testid="pqr-detail-radicado">
              {pqr.radicado}
            </Title>
            <ClockBadges item={pqr} />
            {pqr.state !== 'anulada' && pqr.type !== 'correspondencia' && <AnswerBadge answer={pqr.answer} />}
            {pqr.extemporaneous && <ExtemporaneousBadge />}
          </Group>
          <Text size="lg" fw={500}>
            {pqr.typeName} · {pqr.subject}
          </Text>
          <Group gap="lg">
            {pqr.state !== 'suspendida' && (
              <Text data-testid="pqr-detail-due">{pqr.dueDate ? t('pqr.detail.due', { date: formatDate(pqr.dueDate) }) : t('pqr.detail.noDue')}</Text>
            )}
            <DaysLeft item={pqr} />
            <Text size="sm" c="dimmed" data-testid="pqr-detail-assigned">
              {pqr.assignedTo ? t('pqr.detail.assignedTo', { name: pqr.assignedTo }) : t('pqr.unassigned')}
            </Text>
          </Group>
        </Stack>
      </Group>

      {pqr.paused && (
        <Alert color="orange" icon={<IconPlayerPause />} title={t('pqr.detail.pausedTitle')}>
          {t('pqr.detail.paused', { reason: t(`pqr.pause.${pqr.paused.reason}`), since: formatDate(pqr.paused.since), n: pqr.paused.remainingBusinessDays })}
          {pqr.paused.reason === 'pruebas' && pqr.paused.limitDate && (
            <Text size="sm" data-testid="pqr-pause-limit">
              {t('pqr.legal.pruebasLimit', { evidence: pqr.paused.evidence, date: formatDate(pqr.paused.limitDate) })}
            </Text>
          )}
          {completing && pqr.completion && (
            <Text size="sm" data-testid="pqr-completion">
              {t(today > pqr.completion.deadline ? 'pqr.legal.completionPassed' : 'pqr.legal.completionUntil', { requested: formatDate(pqr.completion.requestedOn), date: formatDate(pqr.completion.deadline) })}
            </Text>
          )}
        </Alert>
      )}
      <LegalAlerts pqr={pqr} today={today} />
      {pqr.extension && (
        <Alert color="yellow" icon={<IconCalendarPlus />} title={t('pqr.detail.extendedTitle', { date: formatDate(pqr.extension.newDueDate) })}>
          <Text size="sm">{pqr.extension.reasons}</Text>
          <Text size="xs" c="dimmed">
            {t('pqr.detail.originalDue', { date: formatDate(pqr.originalDueDate) })}
          </Text>
        </Alert>
      )}
      {pqr.annulled && (
        <Alert color="red" icon={<IconBan />} title={t('pqr.detail.annulledTitle')}>
          {t('pqr.detail.annulled', { reason: pqr.annulled.reason, by: pqr.annulled.by, at: dateTime(pqr.annulled.at) })}
        </Alert>
      )}
      {pqr.state === 'cerrada' && pqr.closedResult && (
        <Alert color="gray" icon={<IconLock />} title={t('pqr.detail.closedTitle')}>
          {pqr.closedResult}
        </Alert>
      )}

      <Group gap="xs" data-testid="pqr-actions">
        {coordinator && open && (
          <Button leftSection={<IconUserCheck size={16} />} onClick={() => setAct('assign')}>
            {t(pqr.assignedTo ? 'pqr.act.reassign' : 'pqr.act.assign')}
          </Button>
        )}
        {pqr.state !== 'anulada' && (
          <Button variant="light" leftSection={<IconMessage size={16} />} onClick={() => setAct('comment')}>
            {t('pqr.act.comment')}
          </Button>
        )}
        {works && running && pqr.dueDate && (
          <Button variant="light" color="orange" leftSection={<IconPlayerPause size={16} />} onClick={() => setAct('pause')}>
            {t('pqr.act.pause')}
          </Button>
        )}
        {works && pqr.state === 'suspendida' && (
          <Button variant="light" color="teal" leftSection={<IconPlayerPlay size={16} />} onClick={() => setAct('resume')}>
            {t('pqr.act.resume')}
          </Button>
        )}
        {coordinator && running && pqr.dueDate && !pqr.extension && pqr.admitsExtension && (
          <Button variant="light" color="yellow" leftSection={<IconCalendarPlus size={16} />} onClick={() => setAct('extend')}>
            {t('pqr.act.extend')}
          </Button>
        )}
        {works && completing && pqr.completion && !pqr.completion.extended && today <= pqr.completion.deadline && (
          <Button variant="light" leftSection={<IconClockPlus size={16} />} onClick={() => setAct('extendCompletion')}>
            {t('pqr.legal.extendCompletion')}
          </Button>
        )}
        {coordinator && completing && pqr.completion && today > pqr.completion.deadline && (
          <Button variant="light" color="red" leftSection={<IconArrowsExchange size={16} />} onClick={() => setAct('desist')}>
            {t('pqr.legal.desist')}
          </Button>
        )}
        {coordinator && silencioPending && (
          <Button color="red" leftSection={<IconGavel size={16} />} onClick={() => setAct('silencio')}>
            {t('pqr.legal.recognizeSilencio')}
          </Button>
        )}
        {works && open && (
          <Button variant="light" color="gray" leftSection={<IconLock size={16} />} onClick={() => setAct('close')}>
            {t('pqr.act.close')}
          </Button>
        )}
        {works && pqr.state === 'cerrada' && pqr.accountId !== null && (
          <Button variant="light" color="teal" leftSection={<IconMoodSmile size={16} />} onClick={() => navigate(paths.surveyAnswerPqr(pqr.accountId!, pqr.id))}>
            {t('pqr.act.survey')}
          </Button>
        )}
        {coordinator && pqr.state === 'cerrada' && (
          <Button variant="light" color="orange" leftSection={<IconLockOpen size={16} />} onClick={() => setAct('reopen')}>
            {t('pqr.act.reopen')}
          </Button>
        )}
        {coordinator && pqr.state !== 'anulada' && (
          <Button variant="subtle" color="red" leftSection={<IconBan size={16} />} onClick={() => setAct('annul')}>
            {t('pqr.act.annul')}
          </Button>
        )}
        <Button variant="default" leftSection={<IconPrinter size={16} />} onClick={paper('pqr.stickerPdf')}>
          {t('pqr.papers.stickerAgain')}
        </Button>
        <Button variant="default" leftSection={<IconFileText size={16} />} onClick={paper('pqr.constanciaPdf')}>
          {t('pqr.papers.constanciaAgain')}
        </Button>
        {pqr.extension && (
          <Button variant="default" leftSection={<IconFileText size={16} />} onClick={paper('pqr.extensionLetterPdf')}>
            {t('pqr.papers.extensionLetter')}
          </Button>
        )}
      </Group>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Card withBorder>
              <Title order={4} mb="xs">
                {t('pqr.detail.request')}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                <Field label={t('pqr.detail.channel')}>{t(`pqr.channel.${pqr.channel}`)}</Field>
                <Field label={t('pqr.detail.causal')}>{pqr.causal ? causalLabel(pqr.causal) : '—'}</Field>
                <Field label={t('pqr.detail.account')}>
                  {pqr.accountId !== null ? (
                    <Anchor href={`#${paths.account(pqr.accountId)}`} fw={600}>
                      {pqr.accountNumber}
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Field>
                <Field label={t('pqr.detail.invoice')}>{pqr.invoiceNumber ?? '—'}</Field>
                <Field label={t('pqr.detail.filed')}>
                  {dateTime(pqr.filedAt)} · {pqr.filedBy} · {pqr.officeCode}
                </Field>
                <Field label={t('pqr.legal.received')}>
                  <span data-testid="pqr-detail-received">
                    {dateTime(pqr.receivedAt)}
                    {pqr.receivedEvidence ? ` · ${pqr.receivedEvidence}` : ''}
                  </span>
                </Field>
                <Field label={t('pqr.detail.term')}>
                  {t('pqr.detail.termValue', { n: pqr.termBusinessDays })} · {pqr.termBasis}
                  {pqr.termStartDate > pqr.receivedDate ? ` · ${t('pqr.legal.afterClosing', { date: formatDate(pqr.termStartDate) })}` : ''}
                </Field>
                <Field label={t('pqr.detail.pages')}>{t('pqr.detail.pagesValue', { pages: pqr.pages, annexes: pqr.annexes })}</Field>
                <Field label={t('pqr.detail.destination')}>{pqr.destination || '—'}</Field>
              </SimpleGrid>
              <Text size="xs" c="dimmed" mt={6} data-testid="pqr-term-rule">
                {pqr.termRule}
              </Text>
              <Text size="sm" c="dimmed" mt="sm">
                {t('pqr.detail.subject')}
              </Text>
              <Text fw={600}>{pqr.subject}</Text>
              <Text size="sm" c="dimmed" mt="sm">
                {t('pqr.detail.text')}
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{pqr.text}</Text>
            </Card>
            {(pqr.answer || ['radicada', 'asignada', 'suspendida'].includes(pqr.state)) && <AnswerPanel pqr={pqr} onDone={done} />}
            {(pqr.answer?.state === 'aprobada' || pqr.notifications.length > 0) && <NotificationPanel pqr={pqr} onDone={done} />}
            {hasRecursoPart(pqr) && <RecursoPanel pqr={pqr} onDone={done} />}
            <Card withBorder>
              <Title order={4} mb="xs">
                {t('pqr.detail.petitioner')}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                <Field label={t('pqr.file.name')}>{pqr.petitioner.name}</Field>
                <Field label={t('pqr.file.idNumber')}>{pqr.petitioner.idNumber ? `${pqr.petitioner.idType ?? ''} ${pqr.petitioner.idNumber}`.trim() : '—'}</Field>
                <Field label={t('pqr.file.phone')}>{pqr.petitioner.phone || '—'}</Field>
                <Field label={t('pqr.file.email')}>{pqr.petitioner.email || '—'}</Field>
                <Field label={t('pqr.file.address')}>{pqr.petitioner.address || '—'}</Field>
                <Field label={t('pqr.detail.electronic')}>{pqr.petitioner.acceptsElectronicNotification ? t('common.yes') : t('common.no')}</Field>
              </SimpleGrid>
            </Card>
            <Card withBorder>
              <Group justify="space-between" mb="xs">
                <Title order={4}>{t('pqr.file.attachments')}</Title>
                {open && (
                  <FileButton onChange={(file) => file && void pickAttachment(file)} accept={ATTACHMENT_ACCEPT}>
                    {(props) => (
                      <Button {...props} size="xs" variant="light" leftSection={<IconPaperclip size={14} />}>
                        {t('pqr.detail.addAttachment')}
                      </Button>
                    )}
                  </FileButton>
                )}
              </Group>
              {pqr.attachments.length === 0 ? (
                <Text c="dimmed" size="sm">
                  {t('pqr.detail.noAttachments')}
                </Text>
              ) : (
                <DataTable<PqrAttachment>
                  label={t('pqr.file.attachments')}
                  records={pqr.attachments}
                  idOf={(a) => a.id}
                  compact
                  columns={[
                    {
                      key: 'fileName',
                      title: t('pqr.attachments.file'),
                      sortable: true,
                      render: (a) => (
                        <>
                          <Text size="sm" fw={500}>
                            {a.fileName}
                          </Text>
                          <Text size="xs" c="dimmed" ff="monospace" title={a.sha256}>
                            SHA-256 {a.sha256.slice(0, 16)}…
                          </Text>
                        </>
                      ),
                    },
                    { key: 'mimeType', title: t('pqr.attachments.type'), sortable: true, render: (a) => typeLabel(a.mimeType) },
                    { key: 'size', title: t('pqr.attachments.size'), sortable: true, textAlign: 'right', noWrap: true, render: (a) => formatSize(a.size) },
                    {
                      key: 'download',
                      title: '',
                      render: (a) => (
                        <Button
                          size="compact-sm"
                          variant="light"
                          leftSection={<IconDownload size={14} />}
                          aria-label={t('pqr.detail.download', { file: a.fileName })}
                          onClick={() => void send('pqr.attachment', { attachmentId: a.id }).then(downloadDocument, notifyError)}
                        >
                          {t('pqr.detail.downloadShort')}
                        </Button>
                      ),
                    },
                  ]}
                />
              )}
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Card withBorder>
            <Title order={4} mb="sm">
              {t('pqr.detail.history')}
            </Title>
            <Timeline bulletSize={14} lineWidth={2} active={pqr.history.length} data-testid="pqr-history">
              {pqr.history.map((e) => (
                <Timeline.Item key={e.id} color={EVENT_COLORS[e.action] ?? 'blue'}>
                  <Text size="sm" fw={500}>
                    {e.text}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {e.userName} · {dateTime(e.at)}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          </Card>
        </Grid.Col>
      </Grid>

      {adding && (
        <ConfirmModal
          opened
          title={t('pqr.detail.addAttachmentTitle', { radicado: pqr.radicado })}
          confirmLabel={t('pqr.detail.addAttachmentButton')}
          onClose={() => setAdding(null)}
          onConfirm={async () => {
            setData(await send('pqr.addAttachment', { pqrId: pqr.id, attachment: await uploadAttachment(adding) }));
            notifySuccess(t('pqr.detail.attachmentAdded', { file: adding.fileName, radicado: pqr.radicado }));
          }}
        >
          <Text fw={600}>{t('pqr.detail.addAttachmentSentence', { file: adding.fileName, type: typeLabel(adding.mimeType), size: formatSize(adding.size), radicado: pqr.radicado })}</Text>
        </ConfirmModal>
      )}
      {act && (
        <ActModal
          act={act}
          pqr={pqr}
          onClose={() => setAct(null)}
          onDone={done}
        />
      )}
    </Stack>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}
