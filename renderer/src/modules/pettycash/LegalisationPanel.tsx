/**
 * Year-end legalisation (coordinator): what will be returned (the cash that should be in the box),
 * what still stands in the way (a pending reimbursement, open advances, vouchers not reimbursed),
 * the cash actually returned, confirmation, and the final report PDF. After it the fund is closed
 * for good and the page shows it read-only.
 */
import { useState } from 'react';
import { Alert, Button, Card, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { send } from '../../api/client';
import type { PettyCashFund, PettyCashStatus } from '../../../../shared/contract';
import { todayIn, type IsoDate } from '../../../../shared/dates';
import { DateField } from '../../app/DateField';
import { useT } from '../../i18n';
import { text } from '../../app/forms';
import { downloadDocument } from '../../app/download';
import { ConfirmModal } from '../../app/ConfirmModal';
import { useSession } from '../../app/session';
import { MoneyInput } from '../../app/MoneyInput';

export function LegalisationPanel({ status, onLegalised }: { status: PettyCashStatus; onLegalised: (fund: PettyCashFund) => Promise<void> }) {
  const t = useT();
  const { money, company } = useSession();
  const [date, setDate] = useState<IsoDate | null>(todayIn(company.timeZone));
  const [returned, setReturned] = useState<number | null>(status.available);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const obstacles = [
    status.pendingReimbursement ? t('pettyCash.legalize.pendingReimbursement', { number: status.pendingReimbursement.number }) : null,
    status.openAdvances.length > 0 ? t('pettyCash.legalize.openAdvances', { n: status.openAdvances.length, amount: money(status.openAdvancesTotal) }) : null,
    status.pendingSupportCount > 0 ? t('pettyCash.legalize.pendingSupport', { n: status.pendingSupportCount }) : null,
  ].filter((x): x is string => x !== null);
  const difference = (returned ?? 0) - status.available;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!date) return setProblem(t('common.dateInvalid'));
    if (returned === null) return setProblem(t('pettyCash.legalize.returnedMissing'));
    if (difference !== 0 && !note.trim()) return setProblem(t('pettyCash.legalize.noteNeeded'));
    setProblem(null);
    setConfirming(true);
  };

  return (
    <Card withBorder maw={760}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={4}>{t('pettyCash.legalize.title', { year: status.fund.year })}</Title>
          <Text size="sm" c="dimmed">
            {t('pettyCash.legalize.help')}
          </Text>
          <Text size="lg">
            {t('pettyCash.legalize.toReturn')} <b data-testid="petty-legalize-available">{money(status.available)}</b>
          </Text>
          {status.unreimbursed > 0 && <Text size="sm">{t('pettyCash.legalize.unreimbursed', { amount: money(status.unreimbursed) })}</Text>}
          {obstacles.length > 0 && (
            <Alert color="orange" title={t('pettyCash.legalize.obstaclesTitle')}>
              <List size="sm">
                {obstacles.map((o) => (
                  <List.Item key={o}>{o}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Group grow align="flex-start">
            <DateField label={t('pettyCash.legalize.date')} value={date} onChange={setDate} required />
            <MoneyInput label={t('pettyCash.legalize.returned')} value={returned} onChange={setReturned} required />
          </Group>
          {returned !== null && difference !== 0 && (
            <Alert color="red" p="xs">
              {t(difference < 0 ? 'pettyCash.legalize.short' : 'pettyCash.legalize.over', { amount: money(Math.abs(difference)) })}
            </Alert>
          )}
          <TextInput label={t('pettyCash.legalize.note')} value={note} onChange={text(setNote)} maxLength={500} />
          {problem && (
            <Alert color="red" role="alert" p="xs">
              {problem}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" color="red">
              {t('pettyCash.legalize.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
      <ConfirmModal
        opened={confirming}
        title={t('pettyCash.legalize.submit')}
        confirmLabel={t('pettyCash.legalize.submit')}
        color="red"
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          const result = await send('pettyCash.legalize', { fundId: status.fund.id, date: date ?? '', returnedCash: returned ?? 0, note });
          downloadDocument(result.report);
          await onLegalised(result.fund);
        }}
      >
        <Text fw={600} data-testid="petty-legalize-confirm">
          {t('pettyCash.legalize.confirmText', { year: status.fund.year, amount: money(returned ?? 0) })}
        </Text>
        <Text size="sm">{t('pettyCash.legalize.confirmFinal')}</Text>
      </ConfirmModal>
    </Card>
  );
}
