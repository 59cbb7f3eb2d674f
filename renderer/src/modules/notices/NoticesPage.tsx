/**
 * Avisos y cobros (/avisos): generate a round of numbered notices (criteria → preview list with
 * checkboxes → confirmation → PDF), follow them (printed, delivered, closed), and — administrators —
 * the collection policy.
 */
import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Checkbox, Group, Modal, NumberInput, Select, Stack, Tabs, Text, TextInput, Textarea } from '@mantine/core';
import { IconFileDownload, IconSearch } from '@tabler/icons-react';
import { send } from '../../api/client';
import { DateField } from '../../app/DateField';
import { DataTable } from '../../app/DataTable';
import { useT } from '../../i18n';
import { ConfirmModal } from '../../app/ConfirmModal';
import { PageTitle } from '../../app/PageTitle';
import { FormError } from '../../app/FormParts';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';
import { useSession } from '../../app/session';
import { MoneyInput } from '../../app/MoneyInput';
import { downloadDocument } from '../../app/download';
import { printDocument } from '../../app/PrintButton';
import { apiErrorOf, notifyError, notifySuccess, text } from '../../app/forms';
import { formatDate } from '../../app/format';
import { todayIn, type IsoDate } from '../../../../shared/dates';
import {
  BILLING_PERIOD_LABELS,
  DELIVERY_METHODS,
  NOTICE_KINDS,
  NOTICE_STATES,
  noticePolicyFields,
  type DeliveryMethod,
  type LegalRule,
  type NoticeKind,
  type NoticePolicy,
  type NoticePreviewResult,
  type NoticeRow,
  type NoticeState,
} from '../../../../shared/contract';

type Candidate = NoticePreviewResult['candidates'][number];
import { STATE_COLORS, kindKey, methodKey, stateKey, stateText } from './labels';

export function NoticesPage() {
  const t = useT();
  const { can } = useSession();
  const [tab, setTab] = useState<string | null>('generate');
  return (
    <Stack>
      <PageTitle title={t('notices.title')} description={t('notices.description')} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="generate">{t('notices.tab.generate')}</Tabs.Tab>
          <Tabs.Tab value="tracking">{t('notices.tab.tracking')}</Tabs.Tab>
          {can(['administrador']) && <Tabs.Tab value="policy">{t('notices.tab.policy')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="generate">
          <GenerateTab onGenerated={() => setTab('tracking')} />
        </Tabs.Panel>
        <Tabs.Panel value="tracking">
          <TrackingTab />
        </Tabs.Panel>
        {can(['administrador']) && (
          <Tabs.Panel value="policy">
            <PolicyTab />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}

interface CriteriaForm {
  kind: NoticeKind;
  minPeriods: number | '';
  minDebt: number | null;
  minDebtInvalid: boolean;
  pastSuspensionDate: boolean;
  cycle: string;
  route: string;
  use: string;
  estrato: string;
}

function GenerateTab({ onGenerated }: { onGenerated: () => void }) {
  const t = useT();
  const { money } = useSession();
  const [form, setForm] = useState<CriteriaForm>({ kind: 'suspension', minPeriods: 2, minDebt: null, minDebtInvalid: false, pastSuspensionDate: false, cycle: '', route: '', use: '', estrato: '' });
  const set = <K extends keyof CriteriaForm>(key: K, value: CriteriaForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const [preview, setPreview] = useState<NoticePreviewResult | null>(null);
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const search = async (event?: React.FormEvent) => {
    event?.preventDefault();
    setError(null);
    if (form.minDebtInvalid) return;
    const minDebt = form.minDebt ?? undefined;
    setBusy(true);
    try {
      const result = await send('notices.preview', {
        kind: form.kind,
        minPeriods: form.minPeriods === '' ? undefined : Number(form.minPeriods),
        minDebt,
        pastSuspensionDate: form.pastSuspensionDate,
        cycle: form.cycle.trim() || undefined,
        route: form.route.trim() || undefined,
        use: form.use.trim() || undefined,
        estrato: form.estrato.trim() === '' ? undefined : Number(form.estrato),
      });
      setPreview(result);
      setChosen(new Set(result.candidates.filter((c) => c.eligible).map((c) => c.accountId)));
    } catch (e) {
      setError(apiErrorOf(e).message);
    } finally {
      setBusy(false);
    }
  };

  const eligible = useMemo(() => preview?.candidates.filter((c) => c.eligible) ?? [], [preview]);
  const toggle = (accountId: number, on: boolean) =>
    setChosen((s) => {
      const next = new Set(s);
      if (on) next.add(accountId);
      else next.delete(accountId);
      return next;
    });

  const generate = async () => {
    if (!preview) return;
    const result = await send('notices.generate', { kind: preview.kind, accountIds: [...chosen], pastSuspensionDate: form.pastSuspensionDate });
    await printDocument(t, 'letter', `Avisos ${result.batch.firstNumber} a ${result.batch.lastNumber}`, result.file, { whenNotConfigured: 'download' });
    notifySuccess(t('notices.generated', { count: result.batch.count, first: result.batch.firstNumber, last: result.batch.lastNumber }));
    if (result.escalated > 0) notifySuccess(t('notices.escalated', { count: result.escalated }));
    setPreview(null);
    setChosen(new Set());
    onGenerated();
  };

  return (
    <Stack>
      <Card withBorder>
        <form onSubmit={search}>
          <Group align="flex-end" wrap="wrap">
            <Select
              label={t('notices.kind')}
              data={NOTICE_KINDS.map((k) => ({ value: k, label: t(kindKey(k)) }))}
              value={form.kind}
              onChange={(v) => v && set('kind', v as NoticeKind)}
              allowDeselect={false}
              w={210}
            />
            <NumberInput label={t('notices.minPeriods')} value={form.minPeriods} onChange={(v) => set('minPeriods', v === '' ? '' : Number(v))} min={1} max={120} w={190} />
            <MoneyInput
              label={t('notices.minDebt')}
              value={form.minDebt}
              onChange={(v, invalid) => setForm((f) => ({ ...f, minDebt: v, minDebtInvalid: invalid !== null }))}
              placeholder="0"
              w={150}
            />
            <TextInput label={t('notices.cycle')} value={form.cycle} onChange={text((v) => set('cycle', v))} w={80} />
            <TextInput label={t('notices.route')} value={form.route} onChange={text((v) => set('route', v))} w={80} />
            <TextInput label={t('notices.use')} value={form.use} onChange={text((v) => set('use', v))} w={120} />
            <TextInput label={t('notices.estrato')} value={form.estrato} onChange={text((v) => set('estrato', v.replace(/\D/g, '').slice(0, 1)))} w={80} />
            <Checkbox label={t('notices.pastSuspensionDate')} checked={form.pastSuspensionDate} onChange={(e) => set('pastSuspensionDate', e.currentTarget.checked)} mb={8} />
            <Button type="submit" leftSection={<IconSearch size={16} />} loading={busy}>
              {t('notices.search')}
            </Button>
          </Group>
          <FormError message={error} />
        </form>
      </Card>

      {preview && (
        <Card withBorder>
          <Group justify="space-between" mb="sm">
            <Stack gap={2}>
              <Text>{preview.candidates.length === 0 ? t('notices.noMatches') : t('notices.matches', { count: preview.candidates.length, eligible: preview.eligibleCount })}</Text>
              {preview.limited && (
                <Text size="sm" c="orange">
                  {t('notices.limited', { count: preview.candidates.length })}
                </Text>
              )}
              {preview.closedAsPaid > 0 && (
                <Text size="sm" c="dimmed">
                  {t('notices.closedAsPaid', { count: preview.closedAsPaid })}
                </Text>
              )}
            </Stack>
            <Group>
              <Button variant="default" disabled={eligible.length === 0} onClick={() => setChosen(new Set(eligible.map((c) => c.accountId)))}>
                {t('notices.selectAll')}
              </Button>
              <Button disabled={chosen.size === 0} onClick={() => setConfirming(true)}>
                {t('notices.generateButton', { count: chosen.size })}
              </Button>
            </Group>
          </Group>
          {preview.candidates.length > 0 && (
            <DataTable<Candidate>
              label={t('notices.tab.generate')}
              records={preview.candidates}
              idOf={(c) => c.accountId}
              minWidth={900}
              rowTestId={(c) => `candidate-${c.accountNumber}`}
              columns={[
                {
                  key: 'chosen',
                  title: '',
                  width: 40,
                  render: (c) => (
                    <Checkbox
                      aria-label={`${t('notices.col.account')} ${c.accountNumber}`}
                      checked={chosen.has(c.accountId)}
                      disabled={!c.eligible}
                      onChange={(e) => toggle(c.accountId, e.currentTarget.checked)}
                    />
                  ),
                },
                { key: 'accountNumber', title: t('notices.col.account'), sortable: true, noWrap: true, render: (c) => <Text ff="monospace" size="sm">{c.accountNumber}</Text> },
                { key: 'holderName', title: t('notices.col.holder'), sortable: true },
                { key: 'route', title: t('notices.col.route'), sortValue: (c) => `${c.cycle} / ${c.route}`, render: (c) => `${c.cycle} / ${c.route}` },
                { key: 'debt', title: t('notices.col.debt'), sortable: true, textAlign: 'right', noWrap: true, render: (c) => money(c.debt) },
                { key: 'unpaidPeriods', title: t('notices.col.periods'), sortable: true, textAlign: 'right' },
                { key: 'oldestDueDate', title: t('notices.col.oldestDue'), sortable: true, noWrap: true, render: (c) => formatDate(c.oldestDueDate) },
                { key: 'daysPastDue', title: t('notices.col.daysPastDue'), sortable: true, textAlign: 'right' },
                { key: 'lastNotice', title: t('notices.col.lastNotice'), sortValue: (c) => c.lastNotice?.number, render: (c) => (c.lastNotice ? `${c.lastNotice.number} · ${stateText(t, c.lastNotice)}` : '—') },
                {
                  key: 'reason',
                  title: t('notices.col.reason'),
                  sortable: true,
                  render: (c) => (
                    <Text size="sm" c={c.eligible ? 'teal' : 'dimmed'}>
                      {c.reason}
                    </Text>
                  ),
                },
              ]}
            />
          )}
        </Card>
      )}

      <ConfirmModal opened={confirming} title={t('notices.confirmTitle')} confirmLabel={t('notices.confirmButton')} onConfirm={generate} onClose={() => setConfirming(false)}>
        <Text>{t('notices.confirmText', { count: chosen.size, kind: preview ? t(kindKey(preview.kind)) : '' })}</Text>
      </ConfirmModal>
    </Stack>
  );
}

function TrackingTab() {
  const t = useT();
  const { money, company, dateTime } = useSession();
  const [kind, setKind] = useState<NoticeKind | null>(null);
  const [state, setState] = useState<NoticeState | null>(null);
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const { data, error, loading, reload } = useLoad(() => send('notices.list', { kind: kind ?? undefined, state: state ?? undefined, text: query }), [kind, state, query]);
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [delivering, setDelivering] = useState(false);
  const [closing, setClosing] = useState<NoticeRow | null>(null);
  const chosenRows = (data ?? []).filter((n) => chosen.has(n.id));

  const markPrinted = async () => {
    try {
      const rows = await send('notices.markPrinted', { noticeIds: chosenRows.map((n) => n.id) });
      notifySuccess(t('notices.printedDone', { count: rows.length }));
      setChosen(new Set());
      await reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const copy = async (notice: NoticeRow) => {
    try {
      downloadDocument(await send('notices.pdf', { noticeId: notice.id }));
    } catch (e) {
      notifyError(e);
    }
  };

  return (
    <Stack>
      <Group align="flex-end">
        <Select
          label={t('notices.kind')}
          placeholder={t('notices.allKinds')}
          data={NOTICE_KINDS.map((k) => ({ value: k, label: t(kindKey(k)) }))}
          value={kind}
          onChange={(v) => setKind(v as NoticeKind | null)}
          clearable
          w={210}
        />
        <Select
          label={t('notices.col.state')}
          placeholder={t('notices.allStates')}
          data={NOTICE_STATES.map((s) => ({ value: s, label: t(stateKey(s)) }))}
          value={state}
          onChange={(v) => setState(v as NoticeState | null)}
          clearable
          w={170}
        />
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setQuery(search);
          }}
        >
          <TextInput label={t('notices.filterText')} value={search} onChange={text(setSearch)} w={220} />
        </form>
        <Button variant="default" disabled={chosenRows.length === 0} onClick={markPrinted}>
          {t('notices.markPrinted', { count: chosenRows.length })}
        </Button>
        <Button disabled={chosenRows.length === 0} onClick={() => setDelivering(true)}>
          {t('notices.recordDelivery', { count: chosenRows.length })}
        </Button>
      </Group>
      {loading && !data ? (
        <Loading />
      ) : error ? (
        <LoadError error={error} retry={reload} />
      ) : (
        <DataTable<NoticeRow>
          label={t('notices.tab.tracking')}
          records={data ?? []}
          idOf={(n) => n.id}
          empty={t('notices.noNotices')}
          minWidth={900}
          pinLastColumn
          rowTestId={(n) => `notice-${n.number}`}
          columns={[
            {
              key: 'chosen',
              title: '',
              width: 40,
              render: (n) => (
                <Checkbox
                  aria-label={`${t('notices.col.number')} ${n.number}`}
                  checked={chosen.has(n.id)}
                  disabled={n.state === 'cerrado'}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setChosen((s) => {
                      const next = new Set(s);
                      if (on) next.add(n.id);
                      else next.delete(n.id);
                      return next;
                    });
                  }}
                />
              ),
            },
            { key: 'number', title: t('notices.col.number'), sortable: true, noWrap: true, render: (n) => <Text ff="monospace" size="sm">{n.number}</Text> },
            { key: 'accountNumber', title: t('notices.col.account'), sortable: true, render: (n) => <Text ff="monospace" size="sm">{n.accountNumber}</Text> },
            { key: 'holderName', title: t('notices.col.holder'), sortable: true },
            { key: 'debt', title: t('notices.col.debt'), sortable: true, textAlign: 'right', noWrap: true, render: (n) => money(n.debt) },
            { key: 'generatedAt', title: t('notices.col.generated'), sortable: true, render: (n) => dateTime(n.generatedAt) },
            {
              key: 'state',
              title: t('notices.col.state'),
              sortable: true,
              width: 150,
              render: (n) => (
                <Badge color={STATE_COLORS[n.state]} variant="light" style={{ overflow: 'visible' }}>
                  {stateText(t, n)}
                </Badge>
              ),
            },
            {
              key: 'deliveredOn',
              title: t('notices.col.delivery'),
              sortable: true,
              render: (n) => (n.deliveredOn && n.deliveryMethod ? t('notices.deliveredLine', { date: formatDate(n.deliveredOn), method: t(methodKey(n.deliveryMethod)), by: n.deliveredBy ?? '' }) : '—'),
            },
            {
              key: 'actions',
              title: '',
              render: (n) => (
                <Group gap="xs" wrap="nowrap">
                  <Button size="xs" variant="subtle" leftSection={<IconFileDownload size={14} />} onClick={() => copy(n)}>
                    {t('notices.reprint')}
                  </Button>
                  {n.state !== 'cerrado' && (
                    <Button size="xs" variant="subtle" color="red" onClick={() => setClosing(n)}>
                      {t('notices.close')}
                    </Button>
                  )}
                </Group>
              ),
            },
          ]}
        />
      )}
      <DeliveryModal
        opened={delivering}
        notices={chosenRows}
        today={todayIn(company.timeZone)}
        onClose={() => setDelivering(false)}
        onDone={async () => {
          setChosen(new Set());
          await reload();
        }}
      />
      <CloseModal notice={closing} onClose={() => setClosing(null)} onDone={reload} />
    </Stack>
  );
}

function DeliveryModal({ opened, notices, today, onClose, onDone }: { opened: boolean; notices: NoticeRow[]; today: string; onClose: () => void; onDone: () => Promise<void> }) {
  const t = useT();
  const [date, setDate] = useState<IsoDate | null>(today);
  const [by, setBy] = useState('');
  const [method, setMethod] = useState<DeliveryMethod>('personal');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const deliveredOn = date;
    if (!deliveredOn) return setError(t('common.dateInvalid'));
    if (by.trim() === '') return setError(`${t('notices.deliveredBy')}: ${t('common.required')}`);
    setBusy(true);
    setError(null);
    try {
      const rows = await send('notices.recordDelivery', { noticeIds: notices.map((n) => n.id), deliveredOn, deliveredBy: by, method, note });
      notifySuccess(t('notices.deliveryDone', { count: rows.length }));
      setBy('');
      setNote('');
      onClose();
      await onDone();
    } catch (e) {
      setError(apiErrorOf(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('notices.deliveryTitle')}>
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm">{t('notices.deliveryText', { count: notices.length, numbers: notices.map((n) => n.number).join(', ') })}</Text>
          <DateField label={t('notices.deliveredOn')} value={date} onChange={setDate} required />
          <TextInput label={t('notices.deliveredBy')} value={by} onChange={text(setBy)} required data-autofocus />
          <Select label={t('notices.method')} data={DELIVERY_METHODS.map((m) => ({ value: m, label: t(methodKey(m)) }))} value={method} onChange={(v) => v && setMethod(v as DeliveryMethod)} allowDeselect={false} />
          <TextInput label={t('notices.deliveryNote')} value={note} onChange={text(setNote)} />
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CloseModal({ notice, onClose, onDone }: { notice: NoticeRow | null; onClose: () => void; onDone: () => Promise<void> }) {
  const t = useT();
  const [reason, setReason] = useState<'anulada' | 'pagada'>('anulada');
  const [note, setNote] = useState('');
  return (
    <ConfirmModal
      opened={notice !== null}
      title={t('notices.closeTitle', { number: notice?.number ?? '' })}
      confirmLabel={t('notices.close')}
      color="red"
      onClose={onClose}
      onConfirm={async () => {
        if (!notice) return;
        await send('notices.close', { noticeId: notice.id, reason, note });
        notifySuccess(t('notices.closeDone', { number: notice.number }));
        setNote('');
        await onDone();
      }}
    >
      <Select
        label={t('notices.closeReason')}
        data={[
          { value: 'anulada', label: t('notices.reason.anulada') },
          { value: 'pagada', label: t('notices.reason.pagada') },
        ]}
        value={reason}
        onChange={(v) => v && setReason(v as 'anulada' | 'pagada')}
        allowDeselect={false}
      />
      <Textarea label={t('notices.closeNote')} value={note} onChange={text(setNote)} required autosize minRows={2} />
    </ConfirmModal>
  );
}

const POLICY_FIELDS: Exclude<keyof NoticePolicy, 'billingPeriod'>[] = ['persuasivoDays', 'prejuridicoDays', 'juridicoDays', 'stageWaitDays', 'suspensionMinPeriods', 'suspensionGraceDays'];

/** the law's cap for the billing period, from the legal rules table: "Con facturación mensual… (Ley 142 …)" */
function suspensionCapText(rules: LegalRule[], billingPeriod: NoticePolicy['billingPeriod']): string {
  const rule = rules.find((r) => r.key === (billingPeriod === 'bimestral' ? 'suspensionMaxBimonthlyPeriods' : 'suspensionMaxMonthlyPeriods'));
  return rule ? `${rule.explanation} (${rule.basis})` : '';
}

function PolicyTab() {
  const t = useT();
  const { data, setData, error, loading, reload } = useLoad(() => send('notices.policy', {}), []);
  const rules = useLoad(() => send('pqr.legalRules', {}), []);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (loading && !data) return <Loading />;
  if (error) return <LoadError error={error} retry={reload} />;
  if (!data) return null;
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = noticePolicyFields.safeParse(data);
    if (!parsed.success) return setSaveError(parsed.error.issues[0]?.message ?? '');
    setBusy(true);
    setSaveError(null);
    try {
      setData(await send('notices.savePolicy', parsed.data));
      notifySuccess(t('notices.policy.saved'));
    } catch (e) {
      setSaveError(apiErrorOf(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder maw={640}>
      <form onSubmit={save}>
        <Stack>
          <Alert color="blue" variant="light">
            {t('notices.policy.help')}
          </Alert>
          <Select
            label={t('notices.policy.billingPeriod')}
            data={(['mensual', 'bimestral'] as const).map((v) => ({ value: v, label: BILLING_PERIOD_LABELS[v] }))}
            value={data.billingPeriod}
            onChange={(v) => v && setData({ ...data, billingPeriod: v as NoticePolicy['billingPeriod'] })}
            allowDeselect={false}
            w={220}
          />
          {POLICY_FIELDS.map((field) => (
            <NumberInput
              key={field}
              label={t(`notices.policy.${field}` as Parameters<typeof t>[0])}
              value={data[field]}
              min={0}
              allowDecimal={false}
              onChange={(v) => setData({ ...data, [field]: v === '' ? 0 : Number(v) })}
              description={field === 'suspensionMinPeriods' ? suspensionCapText(rules.data ?? [], data.billingPeriod) : undefined}
            />
          ))}
          <FormError message={saveError} />
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
