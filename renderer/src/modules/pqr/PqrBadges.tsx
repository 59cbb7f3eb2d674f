/** How a PQR's state and its clock look in every list: the traffic light, the state, the silencio risk; the answer's state. */
import { Badge, Group, Text } from '@mantine/core';
import type { LegalDue, PqrAnswer, PqrListItem, PqrState, TrafficLight } from '../../../../shared/contract';
import { formatDate } from '../../app/format';
import { useT, type MessageKey } from '../../i18n';

export const LIGHTS: Record<TrafficLight, { label: MessageKey; color: string }> = {
  a_tiempo: { label: 'pqr.light.a_tiempo', color: 'teal' },
  por_vencer: { label: 'pqr.light.por_vencer', color: 'yellow' },
  vencida: { label: 'pqr.light.vencida', color: 'red' },
  sin_termino: { label: 'pqr.light.sin_termino', color: 'gray' },
};

export const STATES: Record<PqrState, { label: MessageKey; color: string }> = {
  radicada: { label: 'pqr.state.radicada', color: 'blue' },
  asignada: { label: 'pqr.state.asignada', color: 'indigo' },
  suspendida: { label: 'pqr.state.suspendida', color: 'orange' },
  respondida: { label: 'pqr.state.respondida', color: 'teal' },
  cerrada: { label: 'pqr.state.cerrada', color: 'gray' },
  anulada: { label: 'pqr.state.anulada', color: 'dark' },
};

/** the light; a paused clock says so instead of "sin término" */
export function LightBadge({ light, state }: { light: TrafficLight; state: PqrState }) {
  const t = useT();
  if (state === 'suspendida') {
    return (
      <Badge color="orange" variant="light" miw={96} data-testid="pqr-light">
        {t('pqr.light.paused')}
      </Badge>
    );
  }
  return (
    <Badge color={LIGHTS[light].color} variant={light === 'sin_termino' ? 'light' : 'filled'} miw={96} data-testid="pqr-light">
      {t(LIGHTS[light].label)}
    </Badge>
  );
}

export function StateBadge({ state }: { state: PqrState }) {
  const t = useT();
  return (
    <Badge color={STATES[state].color} variant="light" data-testid="pqr-state">
      {t(STATES[state].label)}
    </Badge>
  );
}

/** the answer drafted and waiting for the coordinator: the tray says so beside the state */
export function AwaitingApprovalBadge() {
  const t = useT();
  return (
    <Badge color="grape" variant="light" data-testid="pqr-awaiting-approval">
      {t('pqr.awaitingApproval')}
    </Badge>
  );
}

/** silencio positivo: the risk (due soon), that it occurred (to be recognised), or that it was recognised */
export function SilencioBadge({ silencio = 'riesgo' }: { silencio?: PqrListItem['silencio'] }) {
  const t = useT();
  if (!silencio) return null;
  const look = {
    riesgo: { color: 'yellow', key: 'pqr.legal.silencioRiskBadge' },
    ocurrido: { color: 'red', key: 'pqr.legal.silencioBadge' },
    reconocido: { color: 'teal', key: 'pqr.legal.silencioRecognizedBadge' },
  } as const;
  return (
    <Badge color={look[silencio].color} variant="outline" data-testid="pqr-silencio" title={t('pqr.silencioRisk')} style={{ textTransform: 'none' }}>
      {t(look[silencio].key)}
    </Badge>
  );
}

/** the nearest date of the legal workflow: "Citación hasta 12/11/2026", colored by its light */
export function LegalDueLine({ due }: { due: LegalDue | null }) {
  const t = useT();
  if (!due) return null;
  const color = due.light === 'vencida' ? 'red' : due.light === 'por_vencer' ? 'orange' : 'dimmed';
  return (
    <Text size="xs" c={color} fw={due.light === 'a_tiempo' ? undefined : 600} data-testid="pqr-legal-due">
      {t(`pqr.legalDue.${due.kind}`, { date: formatDate(due.date) })}
    </Text>
  );
}

/** "5 días hábiles", "Vencida hace 2 días hábiles", "Término suspendido" … */
export function DaysLeft({ item }: { item: Pick<PqrListItem, 'businessDaysLeft' | 'state' | 'light'> }) {
  const t = useT();
  const n = item.businessDaysLeft;
  if (item.state === 'suspendida') return <Text size="sm" c="orange">{t('pqr.days.paused')}</Text>;
  if (n === null) return <Text size="sm" c="dimmed">—</Text>;
  if (n < 0) return <Text size="sm" c="red" fw={600}>{t('pqr.days.overdue', { n: -n })}</Text>;
  if (n === 0) return <Text size="sm" c="orange" fw={600}>{t('pqr.days.today')}</Text>;
  return <Text size="sm">{t(n === 1 ? 'pqr.days.one' : 'pqr.days.left', { n })}</Text>;
}

/** light + state + risk, in one row (the tray and the detail header) */
export function ClockBadges({ item }: { item: Pick<PqrListItem, 'light' | 'state' | 'silencio'> }) {
  return (
    <Group gap={6} wrap="nowrap">
      {/* a paused clock: the state says it once */}
      {item.state !== 'suspendida' && <LightBadge light={item.light} state={item.state} />}
      <StateBadge state={item.state} />
      <SilencioBadge silencio={item.silencio} />
    </Group>
  );
}

/** the answer at a glance: Borrador / Devuelta con motivo / Aprobada · 2026-GAR-S-000012 · Enviada el … */
export function AnswerBadge({ answer, testId = 'pqr-answer-badge' }: { answer: PqrAnswer | null; testId?: string }) {
  const t = useT();
  if (!answer) {
    return (
      <Badge color="gray" variant="outline" data-testid={testId}>
        {t('pqr.answer.none')}
      </Badge>
    );
  }
  if (answer.state === 'borrador') {
    return (
      <Badge color="yellow" variant="light" data-testid={testId}>
        {t('pqr.answer.badgeDraft')}
      </Badge>
    );
  }
  if (answer.state === 'devuelta') {
    return (
      <Badge color="orange" variant="light" data-testid={testId} title={answer.returnedReason ?? undefined}>
        {t('pqr.answer.badgeReturned')}
      </Badge>
    );
  }
  const parts = [t('pqr.answer.badgeApproved'), answer.outgoingRadicado ?? ''];
  if (answer.sent) parts.push(t('pqr.answer.badgeSent', { date: formatDate(answer.sent.on) }));
  return (
    <Badge color="teal" variant="light" data-testid={testId} style={{ textTransform: 'none' }}>
      {parts.filter(Boolean).join(' · ')}
    </Badge>
  );
}

/** a recurso filed after its 5-business-day window */
export function ExtemporaneousBadge() {
  const t = useT();
  return (
    <Badge color="red" variant="light" data-testid="pqr-extemporaneous">
      {t('pqr.recurso.extemporaneous')}
    </Badge>
  );
}
