/**
 * Escritorio del gestor (issue 15), keyboard first: N (or the button) brings the next account of the
 * queue (callbacks due first, then broken commitments, then by age and debt); the account, its debt by
 * invoice, its phones and e-mails with their authorisation, the payment channels to tell the customer
 * and the rules in force; the contact form records the call (Ctrl+Enter) with an outcome, notes, a
 * commitment or a callback. The back office enforces the contact rules and answers in Spanish; the
 * refusal stays under the form. A «reclamo» opens the PQR filing with the call's text. The account's
 * phones and e-mails (added or updated with their Ley 1581 authorisation) and the hand-offs to the
 * legal stage and the field team are DeskForms.tsx.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Checkbox, Grid, Group, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconMoodSmile, IconPlayerTrackNext } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import { SendByMailButton } from '../mail/SendByMailButton';
import type { ContactChannel, DeskData, QueueItem, QueueSummary } from '../../../../shared/contract';
import { useT, type MessageKey } from '../../i18n';
import { PageTitle } from '../../app/PageTitle';
import { DataTable } from '../../app/DataTable';
import { DateField } from '../../app/DateField';
import { MoneyInput } from '../../app/MoneyInput';
import { formatDate, formatPeriod } from '../../app/format';
import { useSession } from '../../app/session';
import { navigate, paths } from '../../app/router';
import { COMPLAINT_DRAFT_KEY, fileForAccountPath } from '../pqr/PqrFilePage';
import { DeskContactPoints, DeskHandoffs } from './DeskForms';

const CHANNELS: ContactChannel[] = ['llamada', 'sms', 'whatsapp', 'correo'];
/** the outcome that opens the agreement simulator after the call is recorded (seeded by migration 016) */
const AGREEMENT_OUTCOME = 'acuerdo_de_pago';

interface FormState {
  channel: ContactChannel;
  direction: 'saliente' | 'entrante';
  address: string;
  outcome: string | null;
  notes: string;
  amount: number | null;
  date: string | null;
  callbackDate: string | null;
  callbackTime: string;
  forAnyone: boolean;
}

const emptyForm = (address = ''): FormState => ({
  channel: 'llamada',
  direction: 'saliente',
  address,
  outcome: null,
  notes: '',
  amount: null,
  date: null,
  callbackDate: null,
  callbackTime: '',
  forAnyone: false,
});

function newKey(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

export function CollectionsDeskPage() {
  const t = useT();
  const session = useSession();
  const [queue, setQueue] = useState<QueueSummary | null>(null);
  const [next, setNext] = useState<QueueItem | null>(null);
  const [desk, setDesk] = useState<DeskData | null>(null);
  const [empty, setEmpty] = useState(false);
  const [form, setForm] = useState<FormState>(emptyForm());
  const [key, setKey] = useState(newKey);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const loadQueue = useCallback(async () => {
    const r = await call('collections.queue', {});
    if (r.ok) setQueue(r.data);
  }, []);

  const takeNext = useCallback(async () => {
    setError(null);
    setDone(null);
    setBusy(true);
    const r = await call('collections.next', {});
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setNext(r.data);
    if (!r.data) {
      setDesk(null);
      setEmpty(true);
      return;
    }
    setEmpty(false);
    const d = await call('collections.desk', { accountId: r.data.accountId });
    if (!d.ok) return setError(d.error.message);
    setDesk(d.data);
    const phone = d.data.contactPoints.find((p) => p.kind === 'telefono' && p.authorised);
    setForm(emptyForm(phone?.value ?? ''));
    setKey(newKey());
    void loadQueue();
  }, [loadQueue]);

  useEffect(() => {
    void loadQueue();
  }, [loadQueue]);

  /** the same account again, after a form changed its contact data or hand-offs (the contact form keeps what was typed) */
  const reloadDesk = useCallback(async () => {
    if (!desk) return;
    const d = await call('collections.desk', { accountId: desk.accountId });
    if (d.ok) setDesk(d.data);
  }, [desk]);

  const outcome = desk?.outcomes.find((o) => o.code === form.outcome) ?? null;

  const record = useCallback(async () => {
    if (!desk || busy) return;
    if (!form.outcome) return setError(t('collections.desk.outcome') + ': obligatorio');
    setBusy(true);
    setError(null);
    const point = desk.contactPoints.find((p) => p.value === form.address && p.id !== null);
    const r = await call('collections.recordContact', {
      idempotencyKey: key,
      accountId: desk.accountId,
      channel: form.channel,
      direction: form.direction,
      contactPointId: point?.id ?? undefined,
      address: point ? '' : form.address,
      outcome: form.outcome,
      notes: form.notes,
      callback: form.callbackDate ? { date: form.callbackDate, time: form.callbackTime, forAnyone: form.forAnyone } : undefined,
      commitment: outcome?.action === 'compromiso' && form.amount !== null && form.date ? { amount: form.amount, date: form.date } : undefined,
    });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setDone(t('collections.desk.recorded'));
    // «acuerdo de pago»: the call recorded, the simulator opens for the account, by phone
    if (outcome?.code === AGREEMENT_OUTCOME) return navigate(paths.agreementNew(desk.accountId, true));
    if (outcome?.action === 'reclamo') {
      const draft = await call('collections.complaintDraft', { contactId: r.data.contact.id });
      if (draft.ok) {
        // the PQR filing reads it once: the account, the call's text, channel teléfono
        sessionStorage.setItem(COMPLAINT_DRAFT_KEY, JSON.stringify(draft.data));
        navigate(fileForAccountPath(draft.data.accountId));
        return;
      }
    }
    await takeNext();
  }, [desk, busy, form, key, outcome, t, takeNext]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // a form of DeskForms is open: its keys are its own
      if (e.target instanceof HTMLElement && e.target.closest('[role="dialog"]')) return;
      const typing = e.target instanceof HTMLElement && ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName);
      if (e.key === 'Enter' && e.ctrlKey) {
        e.preventDefault();
        void record();
      } else if (!typing && (e.key === 'n' || e.key === 'N') && !e.ctrlKey && !e.altKey && !e.metaKey) {
        e.preventDefault();
        void takeNext();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [record, takeNext]);

  const addresses = useMemo(() => (desk ? desk.contactPoints.filter((p) => p.active).map((p) => ({ value: p.value, label: `${p.value} · ${p.authorised ? 'autorizado' : 'sin autorización'}` })) : []), [desk]);
  const why = next ? (next.why === 'callback' ? t('collections.desk.why.callback', { time: session.time(next.callbackAt) }) : t(`collections.desk.why.${next.why}` as MessageKey)) : '';

  return (
    <>
      <PageTitle
        title={t('collections.desk.title')}
        description={t('collections.desk.description')}
        actions={
          <Button leftSection={<IconPlayerTrackNext size={18} />} onClick={() => void takeNext()} loading={busy && !desk} data-testid="desk-next">
            {t('collections.desk.next')}
          </Button>
        }
      />
      {queue && (
        <Text size="sm" c="dimmed" mb="sm" data-testid="desk-queue">
          {t('collections.desk.queue', { pending: queue.pending, callbacks: queue.callbacksDue, broken: queue.brokenCommitments })}
        </Text>
      )}
      {empty && <Alert color="gray">{t('collections.desk.empty')}</Alert>}
      {desk && (
        <Grid gap="md">
          <Grid.Col span={7}>
            <Stack gap="sm">
              <Card withBorder padding="sm">
                <Group justify="space-between" align="flex-start">
                  <div>
                    <Title order={3} data-testid="desk-account">
                      {desk.accountNumber} · {desk.holderName}
                    </Title>
                    <Text size="sm" c="dimmed">
                      {desk.address} · {t('collections.desk.age', { days: desk.daysPastDue })} · {why}
                    </Text>
                  </div>
                  <div style={{ textAlign: 'right' }}>
                    <Text size="xs" c="dimmed">
                      {t('collections.desk.debt')}
                    </Text>
                    <Text fw={700} size="xl" data-testid="desk-debt">
                      {session.money(desk.debt)}
                    </Text>
                    {desk.held && desk.held.total > 0 && (
                      <Text size="sm" c="grape" data-testid="desk-held">
                        {t('cashier.account.heldTotal', { number: desk.held.agreementNumber, amount: session.money(desk.held.total) })}
                      </Text>
                    )}
                  </div>
                </Group>
              </Card>
              <DataTable
                label={t('collections.desk.invoices')}
                records={desk.invoices}
                idOf={(i) => `${i.kind}-${i.invoiceId}`}
                maxHeight={170}
                columns={[
                  {
                    key: 'number',
                    title: t('collections.desk.col.invoice'),
                    render: (i) =>
                      i.heldBy ? (
                        <Stack gap={2} align="flex-start">
                          <Text size="sm" c="dimmed">
                            {i.number}
                          </Text>
                          <Badge color="grape" size="xs" variant="light" tt="none" data-testid="desk-held-badge">
                            {t('cashier.account.heldBadge', { number: i.heldBy })}
                          </Badge>
                        </Stack>
                      ) : (
                        i.number
                      ),
                  },
                  { key: 'period', title: t('collections.desk.col.period'), render: (i) => (i.period ? formatPeriod(i.period) : '—') },
                  { key: 'dueDate', title: t('collections.desk.col.due'), render: (i) => formatDate(i.dueDate) },
                  { key: 'daysPastDue', title: t('collections.desk.col.days'), textAlign: 'right' },
                  { key: 'balance', title: t('collections.desk.col.balance'), textAlign: 'right', render: (i) => session.money(i.balance) },
                ]}
              />
              <DeskContactPoints desk={desk} onSaved={() => void reloadDesk()} />
              <Card withBorder padding="sm">
                <Text fw={600} size="sm">
                  {t('collections.desk.paymentChannels')}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
                  {desk.paymentChannelsText}
                </Text>
                <Text fw={600} size="sm" mt="xs">
                  {t('collections.desk.rules')}
                </Text>
                <Text size="sm">
                  {desk.rulesText} <Text span size="xs" c="dimmed">({desk.rulesSource})</Text>
                </Text>
              </Card>
              <Card withBorder padding="sm">
                <Text fw={600} size="sm">
                  {t('collections.desk.history')}
                </Text>
                {desk.contacts.length === 0 && desk.commitments.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('collections.desk.noHistory')}
                  </Text>
                ) : (
                  <Stack gap={2}>
                    {desk.contacts.slice(0, 5).map((c) => (
                      <Text size="sm" key={`c${c.id}`}>
                        {session.dateTime(c.at)} · {c.outcomeLabel} · {c.gestor}
                      </Text>
                    ))}
                    {desk.commitments.slice(0, 3).map((c) => (
                      <Text size="sm" key={`p${c.id}`}>
                        Compromiso {session.money(c.amount)} para el {formatDate(c.date)}: <Badge size="xs">{c.state}</Badge>
                      </Text>
                    ))}
                  </Stack>
                )}
              </Card>
            </Stack>
          </Grid.Col>
          <Grid.Col span={5}>
            <Card withBorder padding="sm">
              <Title order={4} mb="xs">
                {t('collections.desk.form')}
              </Title>
              <Stack gap="xs">
                <Group grow>
                  <Select
                    label={t('collections.desk.channel')}
                    data={CHANNELS.map((c) => ({ value: c, label: t(`collections.channel.${c}` as MessageKey) }))}
                    value={form.channel}
                    onChange={(v) => v && setForm({ ...form, channel: v as ContactChannel })}
                    allowDeselect={false}
                  />
                  <Select
                    label={t('collections.desk.direction')}
                    data={(['saliente', 'entrante'] as const).map((d) => ({ value: d, label: t(`collections.desk.direction.${d}`) }))}
                    value={form.direction}
                    onChange={(v) => v && setForm({ ...form, direction: v as FormState['direction'] })}
                    allowDeselect={false}
                  />
                </Group>
                <Select label={t('collections.desk.address')} data={addresses} value={form.address || null} onChange={(v) => setForm({ ...form, address: v ?? '' })} data-testid="desk-address" />
                <Select
                  label={t('collections.desk.outcome')}
                  data={desk.outcomes.filter((o) => o.active).map((o) => ({ value: o.code, label: o.label }))}
                  value={form.outcome}
                  onChange={(v) => setForm({ ...form, outcome: v })}
                  searchable
                  autoFocus
                  data-testid="desk-outcome"
                />
                {outcome?.action === 'compromiso' && (
                  <Group grow align="flex-start">
                    <MoneyInput label={t('collections.desk.commitmentAmount')} value={form.amount} onChange={(amount) => setForm({ ...form, amount })} />
                    <DateField
                      label={t('collections.desk.commitmentDate', { date: formatDate(desk.commitmentMaxDate) })}
                      value={form.date}
                      onChange={(date) => setForm({ ...form, date })}
                      minDate={desk.today}
                      maxDate={desk.commitmentMaxDate}
                    />
                  </Group>
                )}
                <Textarea label={t('collections.desk.notes')} value={form.notes} onChange={(e) => setForm({ ...form, notes: e.currentTarget.value })} autosize minRows={2} maxRows={4} maxLength={2000} />
                <Group grow align="flex-start">
                  <DateField label={t('collections.desk.callbackDate')} value={form.callbackDate} onChange={(callbackDate) => setForm({ ...form, callbackDate })} minDate={desk.today} businessDaysOnly />
                  <TextInput label={t('collections.desk.callbackTime')} value={form.callbackTime} onChange={(e) => setForm({ ...form, callbackTime: e.currentTarget.value })} placeholder="16:30" maxLength={5} />
                </Group>
                {form.callbackDate && <Checkbox label={t('collections.desk.callbackForAnyone')} checked={form.forAnyone} onChange={(e) => setForm({ ...form, forAnyone: e.currentTarget.checked })} />}
                {error && (
                  <Alert color="red" data-testid="desk-error">
                    {error}
                  </Alert>
                )}
                {done && <Alert color="teal">{done}</Alert>}
                <Button onClick={() => void record()} loading={busy} data-testid="desk-record">
                  {outcome?.action === 'reclamo' ? t('collections.desk.fileReclamo') : outcome?.code === AGREEMENT_OUTCOME ? t('agreements.desk.recordAndSimulate') : t('collections.desk.record')}
                </Button>
                <DeskHandoffs desk={desk} onSaved={() => void reloadDesk()} />
                {/* issue 19: the survey by phone, and the payment reminder by e-mail within the contact rules */}
                <Group gap="xs">
                  <Button size="xs" variant="light" leftSection={<IconMoodSmile size={14} />} onClick={() => navigate(paths.surveyAnswer(desk.accountId, true))} data-testid="desk-survey">
                    {t('surveys.answer.byPhone')}
                  </Button>
                  <SendByMailButton
                    size="xs"
                    variant="light"
                    accountId={desk.accountId}
                    purpose="cobranza"
                    what={t('collections.desk.mailReminderWhat')}
                    sendTo={async (to) => {
                      const sent = await send('mail.sendCollectionReminder', { accountId: desk.accountId, to });
                      void reloadDesk();
                      return sent;
                    }}
                  />
                </Group>
              </Stack>
            </Card>
          </Grid.Col>
        </Grid>
      )}
    </>
  );
}
