/**
 * Un acuerdo de pago (issue 16): holder and signer, its state, the schedule with each installment's
 * paid or unpaid state, the included debts, the acta with its coupons (preview and print, as every
 * paper), the certified mail (creates the outgoing correspondence: its radicado de salida with a link)
 * and its history. A coordinator annuls a waiting one with the reason.
 */
import { useState } from 'react';
import { Alert, Anchor, Button, Card, Grid, Group, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import { IconArrowLeft, IconEye, IconMailForward, IconX } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { AgreementDetail, DocumentFile, SimulatedDebt } from '../../../../shared/contract';
import { todayIn } from '../../../../shared/dates';
import { useT } from '../../i18n';
import { ConfirmModal } from '../../app/ConfirmModal';
import { DataTable } from '../../app/DataTable';
import { formatDate } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/forms';
import { PdfPreviewModal } from '../../app/PdfPreview';
import { PrintButton } from '../../app/PrintButton';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { Facts } from '../accounts/AccountPage';
import { Figures } from './AgreementSimulatorPage';
import { ScheduleTable } from './ScheduleTable';
import { StateBadge } from './StateBadge';

const CORRESPONDENCE_READERS = ['auxiliar', 'coordinador', 'administrador'] as const;
const COORDINATION = ['coordinador', 'administrador'] as const;

export function AgreementPage({ agreementId }: { agreementId: number }) {
  const { data, setData, error, loading, reload } = useLoad(() => send('agreements.get', { agreementId }), [agreementId]);
  if (loading && !data) return <Loading />;
  if (error || !data) return error ? <LoadError error={error} retry={() => void reload()} /> : null;
  return <Agreement a={data} onChanged={setData} reload={() => void reload()} />;
}

function Agreement({ a, onChanged, reload }: { a: AgreementDetail; onChanged: (a: AgreementDetail) => void; reload: () => void }) {
  const t = useT();
  const { money, can, company, dateTime } = useSession();
  const [preview, setPreview] = useState<DocumentFile | null>(null);
  const [sending, setSending] = useState(false);
  const [annulling, setAnnulling] = useState(false);
  const [reason, setReason] = useState('');
  const today = todayIn(company.timeZone);
  const ended = a.state === 'anulado' || a.state === 'vencido';
  const percent = (bp: number) => `${(bp / 100).toLocaleString('es-CO', { maximumFractionDigits: 2 })} %`;

  const openPreview = () => void send('agreements.actaPdf', { agreementId: a.id }).then(setPreview, notifyError);

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Button variant="subtle" size="compact-sm" leftSection={<IconArrowLeft size={16} />} onClick={() => navigate(paths.account(a.accountId))} w="fit-content">
            {t('agreements.page.back', { number: a.accountNumber })}
          </Button>
          <Group gap="sm">
            <Title order={2} data-testid="agreement-number">
              {t('agreements.page.title', { number: a.number })}
            </Title>
            <StateBadge state={a.state} health={a.health} size="lg" />
          </Group>
        </Stack>
        <Group gap="sm">
          <Button variant="default" leftSection={<IconEye size={18} />} onClick={openPreview} data-testid="agreement-preview">
            {t('agreements.page.previewActa')}
          </Button>
          <PrintButton kind="letter" title={`Acta ${a.number}`} load={() => send('agreements.actaPdf', { agreementId: a.id })} label={t('agreements.page.printActa')} />
          {!a.correspondence && !ended && (
            <Button leftSection={<IconMailForward size={18} />} onClick={() => setSending(true)} data-testid="agreement-mail">
              {t('agreements.page.sendByMail')}
            </Button>
          )}
          {a.state === 'pendiente' && can(COORDINATION) && (
            <Button color="red" variant="light" leftSection={<IconX size={18} />} onClick={() => setAnnulling(true)}>
              {t('agreements.page.annul')}
            </Button>
          )}
        </Group>
      </Group>

      {a.state === 'pendiente' && a.downPaymentBalance > 0 && (
        <Alert color="blue" p="xs" data-testid="agreement-waiting">
          {t('agreements.page.waiting', { amount: money(a.downPaymentBalance), date: formatDate(a.downPaymentDeadline) })}
        </Alert>
      )}
      {a.endedOn && (
        <Alert color={a.state === 'cumplido' ? 'green' : 'gray'} p="xs">
          {t('agreements.page.ended', { date: formatDate(a.endedOn), reason: a.endReason })}
        </Alert>
      )}
      {a.creditReturned > 0 && (
        <Alert color="teal" p="xs">
          {t('agreements.page.credit', { amount: money(a.creditReturned) })}
        </Alert>
      )}
      {a.correspondence && (
        <Alert color="teal" p="xs" icon={<IconMailForward />} data-testid="agreement-mailed">
          {t('agreements.page.sent')}{' '}
          {can(CORRESPONDENCE_READERS) ? (
            <Anchor fw={700} onClick={() => navigate(paths.correspondenceItem(a.correspondence!.id))}>
              {a.correspondence.radicado}
            </Anchor>
          ) : (
            <Text span fw={700}>
              {a.correspondence.radicado}
            </Text>
          )}
        </Alert>
      )}

      <Card withBorder padding="sm">
        <Grid>
          <Grid.Col span={5}>
            <Facts
              labelWidth={120}
              items={[
                [t('agreements.page.holder'), `${a.holderName} · ${a.accountNumber}`],
                [t('agreements.page.signer'), `${a.signerName} (${a.signerIdNumber}) · ${t(`agreements.relation.${a.signerRelation}`)}`],
                [t('agreements.page.channel'), t(`agreements.channel.${a.channel}`)],
              ]}
            />
          </Grid.Col>
          <Grid.Col span={7}>
            <Facts
              labelWidth={120}
              items={[
                [t('agreements.page.signedOn'), formatDate(a.businessDate)],
                [t('agreements.page.rate'), `${percent(a.annualRateBp)} E.A.`],
                [t('agreements.page.approvedBy'), a.approvedBy ?? '—'],
                [t('agreements.page.activatedOn'), a.activatedOn ? formatDate(a.activatedOn) : '—'],
              ]}
            />
          </Grid.Col>
        </Grid>
        <Figures simulation={a} />
      </Card>

      <Grid gap="sm">
        <Grid.Col span={7}>
          <Card withBorder padding="sm" h="100%">
            <Title order={4} mb="xs">
              {t('agreements.page.schedule')}
            </Title>
            <ScheduleTable lines={a.lines} today={today} />
          </Card>
        </Grid.Col>
        <Grid.Col span={5}>
          <Stack gap="sm">
            <Card withBorder padding="sm">
              <Title order={4} mb="xs">
                {t('agreements.page.debts')}
              </Title>
              <DataTable<SimulatedDebt>
                label={t('agreements.page.debts')}
                records={a.debts}
                idOf={(d) => `${d.kind}:${d.id}`}
                compact
                maxHeight={160}
                columns={[
                  { key: 'label', title: t('agreements.col.debt') },
                  { key: 'dueDate', title: t('agreements.col.dueDate'), noWrap: true, render: (d) => formatDate(d.dueDate) },
                  { key: 'balance', title: t('agreements.col.amount'), textAlign: 'right', noWrap: true, render: (d) => money(d.balance) },
                ]}
              />
            </Card>
            <Card withBorder padding="sm">
              <Title order={4} mb="xs">
                {t('agreements.page.history')}
              </Title>
              <Timeline bulletSize={12} lineWidth={2} active={a.history.length} data-testid="agreement-history">
                {a.history.map((h, i) => (
                  <Timeline.Item key={i} title={<Text size="sm">{h.text}</Text>}>
                    <Text size="xs" c="dimmed">
                      {dateTime(h.at)} · {h.actor}
                    </Text>
                  </Timeline.Item>
                ))}
              </Timeline>
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>

      <PdfPreviewModal file={preview} title={t('agreements.page.actaTitle', { number: a.number })} onClose={() => setPreview(null)} />
      <ConfirmModal
        opened={sending}
        title={t('agreements.page.sendTitle')}
        confirmLabel={t('agreements.page.sendButton')}
        onClose={() => setSending(false)}
        onConfirm={async () => {
          const sent = await send('agreements.sendByMail', { agreementId: a.id });
          notifySuccess(t('agreements.page.sentDone', { radicado: sent.radicado }));
          reload();
        }}
      >
        <Text>{t('agreements.page.sendText', { number: a.number, signer: a.signerName })}</Text>
      </ConfirmModal>
      <ConfirmModal
        opened={annulling}
        title={t('agreements.page.annulTitle', { number: a.number })}
        confirmLabel={t('agreements.page.annulButton')}
        color="red"
        onClose={() => setAnnulling(false)}
        onConfirm={async () => onChanged(await send('agreements.annul', { agreementId: a.id, reason }))}
      >
        <Text size="sm">{t('agreements.page.annulText')}</Text>
        <Textarea label={t('agreements.page.annulReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={300} autosize minRows={2} />
      </ConfirmModal>
    </Stack>
  );
}
