/**
 * Correspondencia de salida e interna that is not a PQR answer: the list with filters (kind, words,
 * dates, pending delivery); a new letter from a template with its own radicado (the letter
 * downloads); one item's letter, its delivery record (carrier, guide, sent, delivered, received by)
 * and, for coordinators, the annulment (the number stays, marked, with the reason).
 */
import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Checkbox, Group, Modal, SegmentedControl, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconBan, IconFileText, IconPlus, IconSearch, IconTruckDelivery } from '@tabler/icons-react';
import { send } from '../../api/client';
import { CORRESPONDENCE_KINDS, pqrSchemas, type Correspondence, type CorrespondenceItem, type CorrespondenceKind, type Input } from '../../../../shared/contract';
import { todayIn } from '../../../../shared/dates';
import { useT } from '../../i18n';
import { check, notifyError, notifySuccess, text, type FieldErrors } from '../../app/forms';
import { DataTable } from '../../app/DataTable';
import { formatDate } from '../../app/format';
import { DateField, DateRangeField, type DateRange } from '../../app/DateField';
import { downloadDocument } from '../../app/download';
import { ConfirmModal } from '../../app/ConfirmModal';
import { FormActions, FormError } from '../../app/FormParts';
import { PageTitle } from '../../app/PageTitle';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';
import { paths } from '../../app/router';
import { useSession } from '../../app/session';
import { AnnulRadicadoModal, parsed } from './PqrActions';

const COORDINATION = ['coordinador', 'administrador'] as const;
type KindFilter = 'todas' | CorrespondenceKind;

/** `openId`: an item opened at once (a link from elsewhere, e.g. an agreement's acta sent by mail) */
export function CorrespondencePage({ openId: initialOpenId = null }: { openId?: number | null } = {}) {
  const t = useT();
  const [kind, setKind] = useState<KindFilter>('todas');
  const [words, setWords] = useState('');
  const [range, setRange] = useState<DateRange>({ from: null, to: null });
  const [pending, setPending] = useState(false);
  const [query, setQuery] = useState<Input<'correspondence.list'>>({ text: '', pendingDelivery: false, limit: 100 });
  const [filterError, setFilterError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<number | null>(initialOpenId);
  const { data, error, loading, reload } = useLoad(() => send('correspondence.list', query), [query]);

  const apply = (event?: React.FormEvent, nextKind: KindFilter = kind, nextPending = pending) => {
    event?.preventDefault();
    if (range.from && range.to && range.to < range.from) return setFilterError(t('date.rangeInverted'));
    setFilterError(null);
    setQuery({ kind: nextKind === 'todas' ? undefined : nextKind, text: words.trim(), from: range.from ?? undefined, to: range.to ?? undefined, pendingDelivery: nextPending, limit: 100 });
  };

  return (
    <>
      <PageTitle
        title={t('corr.title')}
        description={t('corr.description')}
        actions={
          <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
            {t('corr.new')}
          </Button>
        }
      />
      <Stack gap="md">
        <form onSubmit={(e) => apply(e)}>
          <Group align="flex-end" gap="sm" wrap="nowrap">
            <SegmentedControl
              value={kind}
              onChange={(v) => {
                setKind(v as KindFilter);
                apply(undefined, v as KindFilter);
              }}
              data={[
                { value: 'todas', label: t('corr.kind.todas') },
                ...CORRESPONDENCE_KINDS.map((k) => ({ value: k, label: t(`corr.kind.${k}`) })),
              ]}
              aria-label={t('corr.kindFilter')}
            />
            <TextInput label={t('corr.search')} placeholder={t('corr.searchPlaceholder')} value={words} onChange={text(setWords)} leftSection={<IconSearch size={16} />} style={{ flex: 1 }} miw={180} />
            <DateRangeField value={range} onChange={setRange} fromLabel={t('corr.from')} toLabel={t('corr.to')} width={140} />
            <Checkbox
              label={t('corr.pendingOnly')}
              checked={pending}
              onChange={(e) => {
                setPending(e.currentTarget.checked);
                apply(undefined, kind, e.currentTarget.checked);
              }}
              mb={8}
            />
            <Button type="submit" variant="light">
              {t('corr.apply')}
            </Button>
          </Group>
        </form>
        <FormError message={filterError} />
        {loading && !data ? (
          <Loading />
        ) : error ? (
          <LoadError error={error} retry={() => void reload()} />
        ) : (
          <CorrespondenceTable items={data ?? []} onOpen={setOpenId} />
        )}
      </Stack>
      {creating && (
        <NewLetterModal
          onClose={() => setCreating(false)}
          onCreated={(item) => {
            setCreating(false);
            void reload();
            setOpenId(item.id);
          }}
        />
      )}
      {openId !== null && <ItemModal correspondenceId={openId} onClose={() => setOpenId(null)} onChanged={() => void reload()} />}
    </>
  );
}

function DeliveryBadge({ item }: { item: CorrespondenceItem }) {
  const t = useT();
  if (item.annulled) return <Badge color="dark" variant="light">{t('corr.annulled')}</Badge>;
  if (!item.delivery) return <Badge color="yellow" variant="light">{t('corr.pending')}</Badge>;
  if (item.delivery.deliveredOn) {
    return (
      <Badge color="teal" variant="light" style={{ textTransform: 'none' }}>
        {t('corr.deliveredOn', { date: formatDate(item.delivery.deliveredOn) })}
      </Badge>
    );
  }
  return (
    <Badge color="blue" variant="light" style={{ textTransform: 'none' }}>
      {t('corr.sentOn', { date: formatDate(item.delivery.sentOn) })}
    </Badge>
  );
}

function CorrespondenceTable({ items, onOpen }: { items: CorrespondenceItem[]; onOpen: (id: number) => void }) {
  const t = useT();
  return (
    <DataTable<CorrespondenceItem>
      label={t('corr.title')}
      records={items}
      idOf={(item) => item.id}
      empty={<span data-testid="corr-empty">{t('corr.none')}</span>}
      minWidth={900}
      rowTestId={(item) => `corr-row-${item.radicado}`}
      rowAttributes={(item) => (item.annulled ? { style: { textDecoration: 'line-through' } } : {})}
      columns={[
        {
          key: 'radicado',
          title: t('corr.radicado'),
          sortable: true,
          noWrap: true,
          render: (item) => (
            <Button variant="subtle" size="compact-sm" ff="monospace" onClick={() => onOpen(item.id)}>
              {item.radicado}
            </Button>
          ),
        },
        { key: 'kind', title: t('corr.kindLabel'), sortable: true, render: (item) => t(`corr.kind.${item.kind}`) },
        { key: 'businessDate', title: t('corr.date'), sortable: true, noWrap: true, render: (item) => formatDate(item.businessDate) },
        { key: 'recipientName', title: t('corr.recipient'), sortable: true },
        { key: 'subject', title: t('corr.subject'), sortable: true },
        { key: 'pqrRadicado', title: t('corr.pqr'), sortable: true, noWrap: true, render: (item) => <Text ff="monospace" size="sm">{item.pqrRadicado ?? '—'}</Text> },
        { key: 'delivery', title: t('corr.delivery'), width: 200, sortValue: (item) => (item.annulled ? 3 : !item.delivery ? 0 : item.delivery.deliveredOn ? 2 : 1), render: (item) => <DeliveryBadge item={item} /> },
      ]}
    />
  );
}

interface LetterValues {
  kind: CorrespondenceKind;
  templateId: string | null;
  recipientName: string;
  recipientAddress: string;
  subject: string;
  text: string;
}

function NewLetterModal({ onClose, onCreated }: { onClose: () => void; onCreated: (item: Correspondence) => void }) {
  const t = useT();
  const [values, setValues] = useState<LetterValues>({ kind: 'salida', templateId: null, recipientName: '', recipientAddress: '', subject: '', text: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [confirming, setConfirming] = useState<Input<'correspondence.create'> | null>(null);
  const { data: templates } = useLoad(() => send('correspondence.templates', { kind: values.kind }), [values.kind]);
  const set = <K extends keyof LetterValues>(key: K, value: LetterValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => {
      const next = { ...e };
      delete next[key];
      return next;
    });
  };
  const chosenId = values.templateId ?? (templates && templates.length > 0 ? String(templates[0].templateId) : null);
  const template = templates?.find((x) => String(x.templateId) === chosenId);
  const preview = useMemo(() => {
    if (!template) return '';
    const fill: Record<string, string> = {
      texto: values.text.trim(),
      asunto: values.subject.trim(),
      destinatario: values.recipientName.trim(),
      direccion: values.recipientAddress.trim(),
    };
    return template.body.replace(/\{\{\s*([a-z_]+)\s*\}\}|\[([a-z_]+)\]/g, (whole, a?: string, b?: string) => {
      const name = a ?? b ?? '';
      return name in fill && fill[name] ? fill[name] : whole;
    });
  }, [template, values]);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const input = {
      kind: values.kind,
      recipientName: values.recipientName,
      recipientAddress: values.recipientAddress,
      subject: values.subject,
      text: values.text,
      templateId: chosenId ? Number(chosenId) : undefined,
    };
    const checked = check(pqrSchemas['correspondence.create'], input);
    if (!checked.ok) return setErrors({ ...checked.errors, _: t('pqr.file.fixErrors') });
    setErrors({});
    setConfirming(checked.data);
  };

  return (
    <Modal opened onClose={onClose} title={t('corr.newTitle')} size="xl">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Group grow align="flex-start">
            <Select
              label={t('corr.kindLabel')}
              data={CORRESPONDENCE_KINDS.map((k) => ({ value: k, label: t(`corr.kindLong.${k}`) }))}
              value={values.kind}
              onChange={(v) => {
                if (!v) return;
                set('kind', v as CorrespondenceKind);
                set('templateId', null);
              }}
              allowDeselect={false}
            />
            <Select
              label={t('corr.template')}
              data={(templates ?? []).map((x) => ({ value: String(x.templateId), label: x.name }))}
              value={chosenId}
              onChange={(v) => set('templateId', v)}
              allowDeselect={false}
            />
          </Group>
          <Group grow align="flex-start">
            <TextInput
              label={t(values.kind === 'interna' ? 'corr.recipientInternal' : 'corr.recipient')}
              value={values.recipientName}
              onChange={text((v) => set('recipientName', v))}
              error={errors.recipientName}
              maxLength={160}
              required
              data-autofocus
            />
            <TextInput label={t('corr.address')} value={values.recipientAddress} onChange={text((v) => set('recipientAddress', v))} error={errors.recipientAddress} maxLength={200} />
          </Group>
          <TextInput label={t('corr.subject')} value={values.subject} onChange={text((v) => set('subject', v))} error={errors.subject} maxLength={300} required />
          <Textarea label={t('corr.text')} value={values.text} onChange={text((v) => set('text', v))} error={errors.text} autosize minRows={5} maxRows={14} maxLength={20000} required />
          {preview && (
            <Card withBorder style={{ borderStyle: 'dashed' }} data-testid="corr-preview">
              <Text size="xs" c="dimmed">
                {t('pqr.answer.livePreview')}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {preview}
              </Text>
            </Card>
          )}
          <FormError message={errors._} />
          <FormActions onCancel={onClose} busy={false} submitLabel={t('corr.create')} />
        </Stack>
      </form>
      {confirming && (
        <ConfirmModal
          opened
          title={t('corr.confirmTitle')}
          confirmLabel={t('corr.confirmButton')}
          onClose={() => setConfirming(null)}
          onConfirm={async () => {
            const result = await send('correspondence.create', confirming);
            downloadDocument(result.letter);
            notifySuccess(t('corr.created', { radicado: result.item.radicado }));
            onCreated(result.item);
          }}
        >
          <Text fw={600} data-testid="corr-confirm">
            {t(`corr.confirmSentence.${confirming.kind}`, { name: confirming.recipientName })}
          </Text>
          <Text size="sm">{confirming.subject}</Text>
        </ConfirmModal>
      )}
    </Modal>
  );
}

type ItemAct = 'delivery' | 'annul';

function ItemModal({ correspondenceId, onClose, onChanged }: { correspondenceId: number; onClose: () => void; onChanged: () => void }) {
  const t = useT();
  const { can, dateTime } = useSession();
  const { data: item, setData, error, loading, reload } = useLoad(() => send('correspondence.get', { correspondenceId }), [correspondenceId]);
  const [act, setAct] = useState<ItemAct | null>(null);
  const changed = (after: Correspondence, said: string) => {
    setData(after);
    notifySuccess(said);
    onChanged();
  };
  return (
    <>
    <Modal opened={act === null} onClose={onClose} title={item ? t('corr.itemTitle', { radicado: item.radicado }) : t('corr.title')} size="xl">
      {loading && !item ? (
        <Loading />
      ) : error || !item ? (
        error ? <LoadError error={error} retry={() => void reload()} /> : null
      ) : (
        <Stack gap="sm" data-testid="corr-item">
          {item.annul && (
            <Alert color="red" icon={<IconBan />} title={t('corr.annulledTitle')}>
              {t('pqr.detail.annulled', { reason: item.annul.reason, by: item.annul.by, at: dateTime(item.annul.at) })}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            <Field label={t('corr.kindLabel')}>{t(`corr.kindLong.${item.kind}`)}</Field>
            <Field label={t('corr.date')}>
              {formatDate(item.businessDate)} · {item.createdBy}
            </Field>
            <Field label={t('corr.recipient')}>
              {item.recipientName}
              {item.recipientAddress ? ` · ${item.recipientAddress}` : ''}
            </Field>
            <Field label={t('corr.signer')}>
              {item.signer.name} · {item.signer.title}
            </Field>
            {item.pqrId !== null && (
              <Field label={t('corr.pqr')}>
                <a href={`#${paths.pqrDetail(item.pqrId)}`}>{item.pqrRadicado}</a>
              </Field>
            )}
            <Field label={t('corr.delivery')}>
              {item.delivery
                ? t('corr.deliveryValue', {
                    carrier: item.delivery.carrier,
                    guide: item.delivery.guide || '—',
                    sent: formatDate(item.delivery.sentOn),
                    delivered: item.delivery.deliveredOn ? formatDate(item.delivery.deliveredOn) : t('corr.notYet'),
                    by: item.delivery.receivedBy || '—',
                  })
                : t('corr.pending')}
            </Field>
          </SimpleGrid>
          <Text fw={600}>{item.subject}</Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={12}>
            {item.body}
          </Text>
          <Group gap="xs">
            <Button variant="default" leftSection={<IconFileText size={16} />} onClick={() => void send('correspondence.letterPdf', { correspondenceId: item.id }).then(downloadDocument, notifyError)}>
              {t('corr.letter')}
            </Button>
            {!item.annulled && (
              <Button variant="light" leftSection={<IconTruckDelivery size={16} />} onClick={() => setAct('delivery')}>
                {t(item.delivery ? 'corr.updateDelivery' : 'corr.recordDelivery')}
              </Button>
            )}
            {!item.annulled && can(COORDINATION) && (
              <Button variant="subtle" color="red" leftSection={<IconBan size={16} />} onClick={() => setAct('annul')}>
                {t('corr.annul')}
              </Button>
            )}
          </Group>
        </Stack>
      )}
    </Modal>
      {item && act === 'delivery' && <DeliveryModal item={item} onClose={() => setAct(null)} onDone={changed} />}
      {item && act === 'annul' && <AnnulModal item={item} onClose={() => setAct(null)} onDone={changed} />}
    </>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

interface ItemActProps {
  item: Correspondence;
  onClose: () => void;
  onDone: (after: Correspondence, said: string) => void;
}

function DeliveryModal({ item, onClose, onDone }: ItemActProps) {
  const t = useT();
  const { company } = useSession();
  const [carrier, setCarrier] = useState(item.delivery?.carrier ?? '');
  const [guide, setGuide] = useState(item.delivery?.guide ?? '');
  const [sent, setSent] = useState<string | null>(item.delivery?.sentOn ?? todayIn(company.timeZone));
  const [delivered, setDelivered] = useState<string | null>(item.delivery?.deliveredOn ?? null);
  const [receivedBy, setReceivedBy] = useState(item.delivery?.receivedBy ?? '');
  return (
    <ConfirmModal
      opened
      title={t('corr.deliveryTitle', { radicado: item.radicado })}
      confirmLabel={t('corr.deliveryButton')}
      onClose={onClose}
      onConfirm={async () => {
        const sentOn = sent;
        const deliveredOn = delivered ?? undefined;
        if (!sentOn) throw new Error(t('common.dateInvalid'));
        const input = parsed(pqrSchemas['correspondence.recordDelivery'], { correspondenceId: item.id, carrier, guide, sentOn, deliveredOn, receivedBy });
        onDone(await send('correspondence.recordDelivery', input), t('corr.deliverySaid', { radicado: item.radicado }));
      }}
    >
      <Group grow align="flex-start">
        <TextInput label={t('corr.carrier')} value={carrier} onChange={text(setCarrier)} maxLength={80} required data-autofocus />
        <TextInput label={t('corr.guide')} value={guide} onChange={text(setGuide)} maxLength={60} />
      </Group>
      <Group grow align="flex-start">
        <DateField label={t('corr.sentOnLabel')} value={sent} onChange={setSent} required />
        <DateField label={t('corr.deliveredOnLabel')} value={delivered} onChange={setDelivered} minDate={sent ?? undefined} />
      </Group>
      <TextInput label={t('corr.receivedBy')} value={receivedBy} onChange={text(setReceivedBy)} maxLength={120} />
    </ConfirmModal>
  );
}

function AnnulModal({ item, onClose, onDone }: ItemActProps) {
  const t = useT();
  return (
    <AnnulRadicadoModal
      radicado={item.radicado}
      title={t('corr.annulTitle', { radicado: item.radicado })}
      warning={t('corr.annulWarning', { radicado: item.radicado })}
      onClose={onClose}
      annul={async (reason) => {
        const input = parsed(pqrSchemas['correspondence.annul'], { correspondenceId: item.id, reason });
        onDone(await send('correspondence.annul', input), t('corr.annulledSaid', { radicado: item.radicado }));
      }}
    />
  );
}
