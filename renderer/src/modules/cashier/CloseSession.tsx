/**
 * Cerrar caja: count the drawer by denomination; the closing figures follow the count live
 * (cashier.closePreview); above the limit a coordinator approves on the spot; confirm.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Grid, Group, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconLock } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { CashSession, ClosingSummary, SessionReport } from '../../../../shared/contract';
import type { Denomination } from '../../../../shared/denominations';
import { absExact, signOf } from '../../../../shared/money';
import { useT } from '../../i18n';
import { apiErrorOf } from '../../app/forms';
import { downloadDocument } from '../../app/download';
import { useSession } from '../../app/session';
import { PageTitle } from '../../app/PageTitle';
import { ConfirmModal } from '../../app/ConfirmModal';
import { DenominationCount, countOf, draftTotal, emptyDraft } from '../../app/DenominationCount';
import { ClosingFigures } from './ClosingFigures';
import { ApprovalFields, NO_APPROVAL, type Approval } from './ApprovalFields';

export function CloseSession({
  session,
  denominations,
  onCancel,
  onClosed,
}: {
  session: CashSession;
  denominations: Denomination[];
  onCancel: () => void;
  onClosed: (report: SessionReport) => void;
}) {
  const t = useT();
  const { money } = useSession();
  const [draft, setDraft] = useState(() => emptyDraft(denominations));
  const [debouncedDraft] = useDebouncedValue(draft, 250);
  const [summary, setSummary] = useState<ClosingSummary | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [approval, setApproval] = useState<Approval>(NO_APPROVAL);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    const count = countOf(denominations, debouncedDraft);
    if (!count) return;
    let live = true;
    send('cashier.closePreview', { count }).then(
      (s) => {
        if (!live) return;
        setSummary(s);
        setPreviewError(null);
      },
      (e: unknown) => {
        if (live) setPreviewError(apiErrorOf(e).message);
      },
    );
    return () => {
      live = false;
    };
  }, [debouncedDraft, denominations]);

  const counted = draftTotal(denominations, draft);
  const current = summary && summary.countedCash === counted ? summary : null;

  const ask = (event: React.FormEvent) => {
    event.preventDefault();
    if (!countOf(denominations, draft)) return setProblem(t('cashier.count.fix'));
    if (!current) return setProblem(t('cashier.close.wait'));
    if (current.needsApproval && (!approval.username.trim() || !approval.password)) return setProblem(t('cashier.close.approvalMissing'));
    setProblem(null);
    setConfirming(true);
  };

  const differenceText = (s: ClosingSummary) =>
    signOf(s.difference) === 0 ? t('cashier.close.exact') : t(signOf(s.difference) > 0 ? 'cashier.close.sobrante' : 'cashier.close.faltante', { amount: money(absExact(s.difference)) });

  return (
    <>
      <PageTitle
        title={t('cashier.close.title', { till: session.tillName })}
        description={t('cashier.close.description')}
        actions={
          <Button variant="default" onClick={onCancel}>
            {t('cashier.close.back')}
          </Button>
        }
      />
      <form onSubmit={ask}>
        <Grid>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <DenominationCount label={t('cashier.close.countLabel')} denominations={denominations} draft={draft} onChange={setDraft} autoFocus />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Card withBorder>
              <Stack>
                {previewError && <Alert color="red">{previewError}</Alert>}
                {summary ? <ClosingFigures summary={summary} /> : <Text c="dimmed">{t('common.loading')}</Text>}
                {current?.needsApproval && (
                  <ApprovalFields
                    value={approval}
                    onChange={setApproval}
                    why={t('cashier.close.approvalWhy', { difference: differenceText(current), limit: money(current.limit) })}
                  />
                )}
                <TextInput label={t('cashier.close.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
                {problem && (
                  <Alert color="red" role="alert">
                    {problem}
                  </Alert>
                )}
                <Group justify="flex-end">
                  <Button type="submit" color="red" size="md" leftSection={<IconLock size={20} />}>
                    {t('cashier.close.submit')}
                  </Button>
                </Group>
              </Stack>
            </Card>
          </Grid.Col>
        </Grid>
      </form>
      <ConfirmModal
        opened={confirming}
        title={t('cashier.close.confirmTitle')}
        confirmLabel={t('cashier.close.submit')}
        color="red"
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          const count = countOf(denominations, draft);
          if (!count) return;
          const report = await send('cashier.close', {
            count,
            note,
            approval: current?.needsApproval ? { username: approval.username.trim(), password: approval.password } : undefined,
            // the difference the coordinator approved on this screen: another one computed at the close is refused
            approvedDifference: current?.needsApproval ? current.difference : undefined,
          });
          try {
            downloadDocument(await send('cashier.sessionReportPdf', { sessionId: report.session.id }));
          } catch {
            // the closed screen offers the download again
          }
          onClosed(report);
        }}
      >
        {current && (
          <Text size="lg">
            {t('cashier.close.confirmText', { till: session.tillName, counted: money(current.countedCash), expected: money(current.expectedCash), difference: differenceText(current) })}
          </Text>
        )}
      </ConfirmModal>
    </>
  );
}
