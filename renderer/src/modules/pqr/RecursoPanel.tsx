/**
 * Recursos: a recurso links to the answer it attacks (and says when it came after its window);
 * an answered PQR lists the recursos filed against it; a reposición y en subsidio apelación not
 * granted is sent to the SSPD (date recorded, cover letter printed), and the SSPD's decision on it
 * (confirma, revoca, modifica; resolution number and date) is recorded when it arrives.
 */
import { useState } from 'react';
import { Alert, Anchor, Button, Card, Group, SegmentedControl, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconBuildingBank, IconGavel, IconScale } from '@tabler/icons-react';
import { send } from '../../api/client';
import { NOT_GRANTED_DECISIONS, pqrSchemas, SSPD_OUTCOMES, type PqrDetail, type SspdOutcome } from '../../../../shared/contract';
import { todayIn, type IsoDate } from '../../../../shared/dates';
import { DateField } from '../../app/DateField';
import { useT } from '../../i18n';
import { text } from '../../app/forms';
import { formatDate } from '../../app/format';
import { downloadDocument } from '../../app/download';
import { ConfirmModal } from '../../app/ConfirmModal';
import { paths } from '../../app/router';
import { useSession } from '../../app/session';
import { ExtemporaneousBadge, StateBadge } from './PqrBadges';
import { parsed, type ActProps } from './PqrActions';

const COORDINATION = ['coordinador', 'administrador'] as const;
export const RECURSO_TYPES = ['recurso_reposicion', 'reposicion_apelacion'] as const;

/** a reposición y apelación whose own answer did not grant it, not yet sent */
export function mayGoToSspd(pqr: PqrDetail): boolean {
  const answer = pqr.answer;
  return pqr.type === 'reposicion_apelacion' && pqr.sspd === null && pqr.state !== 'anulada' && answer?.state === 'aprobada' && NOT_GRANTED_DECISIONS.includes(answer.decision);
}

/** shown when the PQR is a recurso, has recursos against it, or went to the SSPD */
export function hasRecursoPart(pqr: PqrDetail): boolean {
  return pqr.appeals !== null || pqr.recursos.length > 0 || pqr.sspd !== null || (RECURSO_TYPES as readonly string[]).includes(pqr.type);
}

export function RecursoPanel({ pqr, onDone }: { pqr: PqrDetail; onDone: ActProps['onDone'] }) {
  const t = useT();
  const { can } = useSession();
  const [sending, setSending] = useState(false);
  const [deciding, setDeciding] = useState(false);
  const coordinator = can(COORDINATION);

  return (
    <Card withBorder data-testid="pqr-recursos">
      <Title order={4} mb="xs">
        {t('pqr.recurso.title')}
      </Title>
      <Stack gap="xs">
        {pqr.appeals && (
          <Group gap="xs">
            <IconGavel size={18} />
            <Text size="sm">
              {t('pqr.recurso.against')}{' '}
              <Anchor href={`#${paths.pqrDetail(pqr.appeals.pqrId)}`} ff="monospace" fw={600} data-testid="pqr-appeals-link">
                {pqr.appeals.radicado}
              </Anchor>
            </Text>
            {pqr.extemporaneous && <ExtemporaneousBadge />}
          </Group>
        )}
        {pqr.extemporaneous && (
          <Text size="sm" c="red">
            {t('pqr.recurso.extemporaneousHelp')}
          </Text>
        )}
        {pqr.recursos.length > 0 && (
          <Table aria-label={t('pqr.recurso.filedAgainst')} verticalSpacing={4}>
            <Table.Tbody>
              {pqr.recursos.map((r) => (
                <Table.Tr key={r.pqrId}>
                  <Table.Td>
                    <Anchor href={`#${paths.pqrDetail(r.pqrId)}`} ff="monospace" fw={600}>
                      {r.radicado}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`pqr.type.${r.type}`)}</Table.Td>
                  <Table.Td>
                    <StateBadge state={r.state} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {pqr.sspd && (
          <Alert color="indigo" icon={<IconBuildingBank />} p="xs" data-testid="pqr-sspd">
            {t('pqr.recurso.sentToSspd', { date: formatDate(pqr.sspd.sentOn) })}
            {pqr.sspd.note ? ` · ${pqr.sspd.note}` : ''}
          </Alert>
        )}
        {pqr.sspd?.decision && (
          <Alert color={pqr.sspd.decision.outcome === 'confirma' ? 'teal' : 'orange'} icon={<IconScale />} p="xs" data-testid="pqr-sspd-decision">
            {t('pqr.sspdDecision.recorded', {
              outcome: t(`pqr.sspdDecision.outcome.${pqr.sspd.decision.outcome}`),
              number: pqr.sspd.decision.resolutionNumber,
              date: formatDate(pqr.sspd.decision.resolutionDate),
            })}
            {pqr.sspd.decision.note ? ` · ${pqr.sspd.decision.note}` : ''}
          </Alert>
        )}
        {coordinator && pqr.sspd && !pqr.sspd.decision && (
          <Group>
            <Button variant="light" color="indigo" leftSection={<IconScale size={16} />} onClick={() => setDeciding(true)}>
              {t('pqr.sspdDecision.button')}
            </Button>
          </Group>
        )}
        {pqr.type === 'reposicion_apelacion' && !pqr.sspd && pqr.answer?.state !== 'aprobada' && (
          <Text size="sm" c="dimmed">
            {t('pqr.recurso.sspdAfterAnswer')}
          </Text>
        )}
        {coordinator && mayGoToSspd(pqr) && (
          <Group>
            <Button color="indigo" leftSection={<IconBuildingBank size={16} />} onClick={() => setSending(true)}>
              {t('pqr.recurso.sendToSspd')}
            </Button>
          </Group>
        )}
      </Stack>
      {sending && <SspdModal pqr={pqr} onClose={() => setSending(false)} onDone={onDone} />}
      {deciding && <SspdDecisionModal pqr={pqr} onClose={() => setDeciding(false)} onDone={onDone} />}
    </Card>
  );
}

function SspdModal({ pqr, onClose, onDone }: ActProps) {
  const t = useT();
  const { company } = useSession();
  const [date, setDate] = useState<IsoDate | null>(todayIn(company.timeZone));
  const [note, setNote] = useState('');
  return (
    <ConfirmModal
      opened
      title={t('pqr.recurso.sspdTitle', { radicado: pqr.radicado })}
      confirmLabel={t('pqr.recurso.sspdButton')}
      color="indigo"
      onClose={onClose}
      onConfirm={async () => {
        const sentOn = date;
        if (!sentOn) throw new Error(t('common.dateInvalid'));
        const input = parsed(pqrSchemas['pqr.sendToSspd'], { pqrId: pqr.id, sentOn, note });
        const result = await send('pqr.sendToSspd', input);
        downloadDocument(result.letter);
        onDone(result.pqr, t('pqr.recurso.sspdSaid', { radicado: pqr.radicado, date: formatDate(sentOn) }));
      }}
    >
      <Text fw={600} data-testid="pqr-act-sentence">
        {t('pqr.recurso.sspdSentence', { radicado: pqr.radicado, decision: pqr.answer?.decisionName ?? '' })}
      </Text>
      <DateField label={t('pqr.recurso.sspdDate')} value={date} onChange={setDate} required w={200} />
      <Textarea label={t('pqr.recurso.sspdNote')} value={note} onChange={text(setNote)} autosize minRows={2} maxLength={500} />
    </ConfirmModal>
  );
}

/** the SSPD answered the apelación: its outcome, resolution number and date, a note */
function SspdDecisionModal({ pqr, onClose, onDone }: ActProps) {
  const t = useT();
  const { company } = useSession();
  const [outcome, setOutcome] = useState<SspdOutcome>('confirma');
  const [number, setNumber] = useState('');
  const [date, setDate] = useState<IsoDate | null>(todayIn(company.timeZone));
  const [note, setNote] = useState('');
  const outcomeName = t(`pqr.sspdDecision.outcome.${outcome}`);
  return (
    <ConfirmModal
      opened
      title={t('pqr.sspdDecision.title', { radicado: pqr.radicado })}
      confirmLabel={t('pqr.sspdDecision.confirm')}
      color="indigo"
      onClose={onClose}
      onConfirm={async () => {
        const resolutionDate = date;
        if (!resolutionDate) throw new Error(t('common.dateInvalid'));
        const input = parsed(pqrSchemas['pqr.recordSspdDecision'], { pqrId: pqr.id, outcome, resolutionNumber: number, resolutionDate, note });
        const result = await send('pqr.recordSspdDecision', input);
        onDone(result, t('pqr.sspdDecision.said', { radicado: pqr.radicado, outcome: outcomeName }));
      }}
    >
      <Text fw={600} data-testid="pqr-act-sentence">
        {t('pqr.sspdDecision.sentence', { radicado: pqr.radicado, outcome: outcomeName.toLowerCase(), date: formatDate(pqr.sspd?.sentOn ?? '') })}
      </Text>
      <SegmentedControl
        aria-label={t('pqr.sspdDecision.outcome')}
        value={outcome}
        onChange={(v) => setOutcome(v as SspdOutcome)}
        data={SSPD_OUTCOMES.map((o) => ({ value: o, label: t(`pqr.sspdDecision.outcome.${o}`) }))}
      />
      <Group grow align="flex-start">
        <TextInput label={t('pqr.sspdDecision.number')} value={number} onChange={text(setNumber)} maxLength={40} required data-autofocus />
        <DateField label={t('pqr.sspdDecision.date')} value={date} onChange={setDate} required />
      </Group>
      <Textarea label={t('pqr.recurso.sspdNote')} value={note} onChange={text(setNote)} autosize minRows={2} maxLength={500} />
    </ConfirmModal>
  );
}
