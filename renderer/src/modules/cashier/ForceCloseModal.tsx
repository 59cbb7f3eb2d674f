/** Cierre forzado (coordinator): a forgotten session closed with the drawer counted and a note. */
import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { send } from '../../api/client';
import type { CashSession, SessionReport } from '../../../../shared/contract';
import type { Denomination } from '../../../../shared/denominations';
import { useT } from '../../i18n';
import { apiErrorOf, notifySuccess } from '../../app/forms';
import { useSession } from '../../app/session';
import { DenominationCount, countOf, draftTotal, emptyDraft } from '../../app/DenominationCount';

/** `onClosed(report)`: the closing report of the session, for the screen to offer it as the normal close does */
export function ForceCloseModal({
  session,
  denominations,
  onClose,
  onClosed,
}: {
  session: CashSession | null;
  denominations: Denomination[];
  onClose: () => void;
  onClosed: (report: SessionReport) => void;
}) {
  const t = useT();
  const { money, dateTime } = useSession();
  const [draft, setDraft] = useState(() => emptyDraft(denominations));
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const close = () => {
    setDraft(emptyDraft(denominations));
    setNote('');
    setConfirming(false);
    setProblem(null);
    onClose();
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const count = countOf(denominations, draft);
    if (!session) return;
    if (!count) return setProblem(t('cashier.count.fix'));
    if (!note.trim()) return setProblem(t('cashier.force.noteMissing'));
    if (!confirming) {
      setProblem(null);
      return setConfirming(true);
    }
    setBusy(true);
    try {
      const report = await send('cashier.forceClose', { sessionId: session.id, count, note: note.trim() });
      notifySuccess(t('cashier.force.done', { till: report.session.tillName, name: report.session.cashierName }));
      close();
      onClosed(report);
    } catch (e) {
      setProblem(apiErrorOf(e).message);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={session !== null} onClose={close} title={t('cashier.force.title')} size="lg">
      {session && (
        <form onSubmit={submit}>
          <Stack>
            <Text>{t('cashier.force.what', { till: session.tillName, name: session.cashierName, since: dateTime(session.openedAt) })}</Text>
            <DenominationCount label={t('cashier.force.countLabel')} denominations={denominations} draft={draft} onChange={setDraft} autoFocus />
            <Textarea label={t('cashier.force.note')} value={note} autosize minRows={2} onChange={(e) => setNote(e.currentTarget.value)} />
            {confirming && (
              <Alert color="orange">
                <Text fw={600}>{t('cashier.force.confirmText', { till: session.tillName, name: session.cashierName, amount: money(draftTotal(denominations, draft)) })}</Text>
              </Alert>
            )}
            {problem && (
              <Alert color="red" role="alert">
                {problem}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={confirming ? () => setConfirming(false) : close}>
                {confirming ? t('common.back') : t('common.cancel')}
              </Button>
              <Button type="submit" color="orange" loading={busy}>
                {confirming ? t('cashier.force.confirm') : t('common.next')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
