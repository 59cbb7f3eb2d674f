/**
 * Recursos: a recurso links to the answer it attacks (and says when it came after its window);
 * an answered PQR lists the recursos filed against it; a reposición y en subsidio apelación not
 * granted is sent to the SSPD (date recorded, cover letter printed).
 */
import { useState } from 'react';
import { Alert, Anchor, Button, Card, Group, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { IconBuildingBank, IconGavel } from '@tabler/icons-react';
import { send } from '../../api/client';
import { NOT_GRANTED_DECISIONS, pqrSchemas, type PqrDetail } from '../../../../shared/contract';
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
