/**
 * The legal facts of one PQR, on top of its page, each with the rule it comes from: entered later
 * than received, a reclamo against an invoice too old to claim, the traslado's own term, silencio
 * positivo (the risk, that it occurred and by when it must be recognised, its recognition) and the
 * desistimiento tácito.
 */
import { Alert, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconArrowsExchange, IconGavel, IconInbox } from '@tabler/icons-react';
import type { PqrDetail } from '../../../../shared/contract';
import { formatDate } from '../../app/format';
import { useT } from '../../i18n';
import { RuleNote, useLegalRules } from './legal';

export function LegalAlerts({ pqr, today }: { pqr: PqrDetail; today: string }) {
  const t = useT();
  const rules = useLegalRules();
  const s = pqr.silencioPositivo;
  const alerts = [
    pqr.enteredLate && (
      <Alert key="late" color="orange" icon={<IconInbox />} p="xs" data-testid="pqr-entered-late">
        <Text size="sm">{t('pqr.legal.enteredLateLong', { received: formatDate(pqr.receivedDate), filed: formatDate(pqr.filedDate) })}</Text>
      </Alert>
    ),
    pqr.invoiceClaimLate && (
      <Alert key="invoice" color="orange" icon={<IconAlertTriangle />} p="xs" data-testid="pqr-invoice-late">
        <Text size="sm">{t('pqr.legal.invoiceClaimLate', { number: pqr.invoiceNumber ?? '' })}</Text>
        <RuleNote rule={rules.invoiceClaimMonths} />
      </Alert>
    ),
    pqr.transferDueDate && (
      <Alert key="transfer" color={today > pqr.transferDueDate ? 'red' : 'blue'} icon={<IconArrowsExchange />} p="xs" data-testid="pqr-transfer-due">
        <Text size="sm" fw={600}>
          {t(today > pqr.transferDueDate ? 'pqr.legal.transferLate' : 'pqr.legal.transferDue', { date: formatDate(pqr.transferDueDate) })}
        </Text>
        <RuleNote rule={rules.transferBusinessDays} />
      </Alert>
    ),
    pqr.silencio === 'riesgo' && (
      <Alert key="risk" color="yellow" icon={<IconAlertTriangle />} p="xs" data-testid="pqr-silencio-risk">
        <Text size="sm" fw={600}>
          {t('pqr.legal.silencioRisk', { date: formatDate(pqr.dueDate) })}
        </Text>
        <RuleNote rule={rules.silencioAlertBusinessDays} />
      </Alert>
    ),
    s && !s.recognizedOn && (
      <Alert key="silencio" color="red" icon={<IconGavel />} p="xs" title={t('pqr.legal.silencioOccurredTitle')} data-testid="pqr-silencio-occurred">
        <Text size="sm" fw={600}>
          {t('pqr.legal.silencioOccurred', { occurred: formatDate(s.occurredOn), by: formatDate(s.recognizeBy) })}
        </Text>
        <RuleNote rule={rules.silencioRecognitionHours} />
      </Alert>
    ),
    s?.recognizedOn && (
      <Alert key="recognized" color="teal" icon={<IconGavel />} p="xs" data-testid="pqr-silencio-recognized">
        <Text size="sm">{t('pqr.legal.silencioRecognized', { date: formatDate(s.recognizedOn), radicado: s.radicado ?? '' })}</Text>
      </Alert>
    ),
    pqr.desisted && (
      <Alert key="desisted" color="gray" icon={<IconArrowsExchange />} p="xs" data-testid="pqr-desisted">
        <Text size="sm">{t('pqr.legal.desisted', { date: formatDate(pqr.desisted.on), radicado: pqr.desisted.radicado })}</Text>
      </Alert>
    ),
  ].filter(Boolean);
  if (alerts.length === 0) return null;
  return <Stack gap="xs">{alerts}</Stack>;
}
