/**
 * Radicar: a PQR or incoming correspondence filed at the counter. The clerk fills the form, confirms
 * ("Radicar reclamo de …"), and gets the radicado in big letters with its due date; the sticker
 * downloads at once (it is pasted on the paper) and the constancia is there for the petitioner.
 * `/pqr/radicar/cuenta/<id>` opens it with that account chosen (from the account page).
 */
import { useEffect, useMemo, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  FileButton,
  Grid,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconCheck, IconDownload, IconPaperclip, IconTrash, IconX } from '@tabler/icons-react';
import { send } from '../../api/client';
import {
  ID_TYPES,
  pqrSchemas,
  type AccountDetail,
  type FiledPqr,
  type Input,
  type IdType,
  type PqrCatalog,
  type PqrChannel,
  type PqrDetail,
  type PqrType,
} from '../../../../shared/contract';
import { addMonths, todayIn } from '../../../../shared/dates';
import { useT } from '../../i18n';
import { apiErrorOf, check, notifyError, text, useForm, type FieldErrors } from '../../app/forms';
import { formatDate } from '../../app/format';
import { DateField } from '../../app/DateField';
import { useSession } from '../../app/session';
import { RuleNote, ruleDays, useLegalRules } from './legal';
import { downloadDocument } from '../../app/download';
import { printDocument } from '../../app/PrintButton';
import { ConfirmModal } from '../../app/ConfirmModal';
import { FormError } from '../../app/FormParts';
import { PageTitle } from '../../app/PageTitle';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';
import { navigate, paths, usePath } from '../../app/router';
import { AccountPicker } from '../../app/AccountPicker';
import { ATTACHMENT_ACCEPT, attachmentProblem, formatSize, toPending, typeLabel, uploadAttachments, type PendingAttachment } from './attachments';
import { causalOptions, typeOptions, typeWithTerm } from './catalog';

interface FilingValues {
  type: PqrType | null;
  channel: PqrChannel;
  causalId: string | null;
  invoiceId: string | null;
  name: string;
  idType: IdType | null;
  idNumber: string;
  phone: string;
  email: string;
  address: string;
  acceptsElectronicNotification: boolean;
  subject: string;
  text: string;
  pages: number | string;
  annexes: number | string;
  destination: string;
  /** a recurso: the radicado of the answered PQR (or of its answer) it attacks */
  appealsRadicado: string;
  /** received before it is filed (an e-mail, a letter, the web form): when and the channel's evidence */
  receivedEarlier: boolean;
  receivedDate: string;
  receivedTime: string;
  receivedEvidence: string;
  /** a petición about the service contract (Ley 142); null: decided by whether an account is chosen */
  aboutService: boolean | null;
}

const EMPTY: FilingValues = {
  type: null,
  channel: 'ventanilla',
  causalId: null,
  invoiceId: null,
  name: '',
  idType: 'CC',
  idNumber: '',
  phone: '',
  email: '',
  address: '',
  acceptsElectronicNotification: false,
  subject: '',
  text: '',
  pages: 1,
  annexes: 0,
  destination: '',
  appealsRadicado: '',
  receivedEarlier: false,
  receivedDate: '',
  receivedTime: '',
  receivedEvidence: '',
  aboutService: null,
};

/** the types that attack an answer and must say which */
const RECURSO_TYPES: readonly PqrType[] = ['recurso_reposicion', 'reposicion_apelacion'];

/** the contract nests the petitioner: its fields' errors come as 'petitioner.name' … */
const PETITIONER_FIELDS = ['name', 'idType', 'idNumber', 'phone', 'email', 'address', 'acceptsElectronicNotification'] as const;
function errorKeyOf(key: keyof FilingValues): string {
  return (PETITIONER_FIELDS as readonly string[]).includes(key) ? `petitioner.${key}` : key;
}

/** the filing screen with an account already chosen (the account page's button) */
/** a reclamo heard in a collections call (issue 15): the desk leaves the draft here, the form takes it once */
export const COMPLAINT_DRAFT_KEY = 'collections.complaintDraft';

function complaintDraft(accountId: number | null): Partial<FilingValues> {
  const raw = sessionStorage.getItem(COMPLAINT_DRAFT_KEY);
  if (!raw || accountId === null) return {};
  sessionStorage.removeItem(COMPLAINT_DRAFT_KEY);
  const draft = JSON.parse(raw) as { accountId: number; subject: string; text: string };
  if (draft.accountId !== accountId) return {};
  return { type: 'reclamo', channel: 'telefono', subject: draft.subject, text: draft.text };
}

export function fileForAccountPath(accountId: number): string {
  return `${paths.pqrFile}/cuenta/${accountId}`;
}

/** the filing screen for a recurso against this PQR's answer (the detail page's button) */
export function fileRecursoPath(radicado: string): string {
  return `${paths.pqrFile}/recurso/${encodeURIComponent(radicado)}`;
}

/** '/pqr/radicar/recurso/2026-CEN-P-000001' → '2026-CEN-P-000001' */
function appealedFromPath(path: string): string {
  const m = /^\/pqr\/radicar\/recurso\/([^/]+)$/.exec(path);
  return m ? decodeURIComponent(m[1]) : '';
}

/** '/pqr/radicar/cuenta/12' → 12 */
function accountIdFromPath(path: string): number | null {
  const m = /^\/pqr\/radicar\/cuenta\/(\d+)$/.exec(path);
  return m ? Number(m[1]) : null;
}

export function PqrFilePage() {
  const t = useT();
  const path = usePath();
  const { data: catalog, error, loading, reload } = useLoad(() => send('pqr.catalog', {}), []);
  const [filed, setFiled] = useState<FiledPqr | null>(null);
  const [round, setRound] = useState(0);

  if (loading && !catalog) return <Loading />;
  if (error || !catalog) return error ? <LoadError error={error} retry={() => void reload()} /> : null;

  return (
    <>
      <PageTitle title={t('pqr.file.title')} description={t('pqr.file.description')} />
      {filed ? (
        <Filed
          filed={filed}
          onAnother={() => {
            setFiled(null);
            setRound((r) => r + 1);
            if (path !== paths.pqrFile) navigate(paths.pqrFile);
          }}
        />
      ) : (
        <FilingForm key={`${round}-${path}`} catalog={catalog} initialAccountId={accountIdFromPath(path)} initialAppealed={appealedFromPath(path)} onFiled={setFiled} />
      )}
    </>
  );
}

function FilingForm({
  catalog,
  initialAccountId,
  initialAppealed,
  onFiled,
}: {
  catalog: PqrCatalog;
  initialAccountId: number | null;
  /** a recurso started from the answered PQR's page: its radicado */
  initialAppealed: string;
  onFiled: (f: FiledPqr) => void;
}) {
  const t = useT();
  const { company } = useSession();
  const rules = useLegalRules();
  const form = useForm<FilingValues>(() => ({ ...EMPTY, appealsRadicado: initialAppealed, ...complaintDraft(initialAccountId) }));
  const { values, setValues, errors, setErrors } = form;
  /** sets a field and clears its error (also the nested petitioner ones) */
  const set = <K extends keyof FilingValues>(key: K, value: FilingValues[K]) => {
    form.set(key, value);
    const errorKey = errorKeyOf(key);
    setErrors((e) => {
      if (!(errorKey in e)) return e;
      const next = { ...e };
      delete next[errorKey];
      return next;
    });
  };
  const [account, setAccount] = useState<AccountDetail | null>(null);
  const [attachments, setAttachments] = useState<PendingAttachment[]>([]);
  const [attachError, setAttachError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Input<'pqr.file'> | null>(null);

  const baseType = catalog.types.find((x) => x.type === values.type) ?? null;
  /** a petición about the service follows the row peticion_servicio of the terms table (Ley 142) */
  const aboutService = values.type === 'peticion' && (values.aboutService ?? account !== null);
  const typeInfo = aboutService ? { ...catalog.peticionServicio, name: baseType?.name ?? catalog.peticionServicio.name } : baseType;
  const today = todayIn(company.timeZone);
  const claimMonths = ruleDays(rules, 'invoiceClaimMonths', 5);
  const chosenInvoice = account?.invoiceHistory.find((i) => String(i.id) === values.invoiceId) ?? null;
  /** a reclamo against an invoice issued more than 5 months ago (Ley 142 art. 154): received and flagged */
  const oldInvoice = values.type === 'reclamo' && chosenInvoice !== null && today > addMonths(chosenInvoice.issueDate, claimMonths) ? chosenInvoice : null;
  const isRecurso = values.type !== null && RECURSO_TYPES.includes(values.type);
  /** the answered PQR the recurso attacks, found by its radicado (typed or scanned + Enter) */
  const [appealed, setAppealed] = useState<PqrDetail | null>(null);
  const [lookedUp, setLookedUp] = useState('');
  const [appealNote, setAppealNote] = useState<string | null>(null);
  const findAppealed = async () => {
    const radicado = values.appealsRadicado.trim().toUpperCase();
    if (!radicado || radicado === lookedUp) return;
    setLookedUp(radicado);
    setAppealed(null);
    setAppealNote(null);
    try {
      const found = await send('pqr.findByRadicado', { radicado });
      setAppealed(found);
      if (found.answer?.state !== 'aprobada') setErrors((e) => ({ ...e, appealsRadicado: t('pqr.file.appealsNoAnswer', { radicado: found.radicado }) }));
      // who files a recurso is usually who filed the PQR: filled in where the clerk has not written yet
      setValues((v) => ({
        ...v,
        name: v.name || found.petitioner.name,
        idType: v.idNumber ? v.idType : (found.petitioner.idType ?? v.idType),
        idNumber: v.idNumber || found.petitioner.idNumber,
        phone: v.phone || found.petitioner.phone,
        email: v.email || found.petitioner.email,
        address: v.address || found.petitioner.address,
        causalId: v.causalId ?? (found.causal ? String(found.causal.id) : null),
        subject: v.subject || t('pqr.file.appealsSubject', { radicado: found.answer?.outgoingRadicado ?? found.radicado }),
      }));
      if (!account && found.accountId !== null) void chooseAccount(found.accountId);
    } catch (e) {
      // a radicado de salida is not found among the PQRs: the back office checks it when filing
      const error = apiErrorOf(e);
      if (error.code === 'NOT_FOUND') setAppealNote(t('pqr.file.appealsNotFound', { radicado }));
      else setErrors((errs) => ({ ...errs, appealsRadicado: error.message }));
    }
  };
  const types = useMemo(() => typeOptions(catalog), [catalog]);
  const causales = useMemo(() => causalOptions(catalog, t), [catalog, t]);

  const chooseAccount = async (accountId: number) => {
    try {
      const detail = await send('accounts.get', { accountId });
      setAccount(detail);
      // the holder is usually who comes: filled in where the clerk has not written yet
      setValues((v) => ({
        ...v,
        invoiceId: null,
        name: v.name || detail.holderName,
        idType: v.idNumber ? v.idType : detail.idType,
        idNumber: v.idNumber || detail.idNumber,
        phone: v.phone || detail.phone,
        email: v.email || detail.email,
        address: v.address || detail.noticeAddress || detail.address,
      }));
      setErrors((e) => Object.fromEntries(Object.entries(e).filter(([key]) => !key.startsWith('petitioner.'))));
    } catch (e) {
      notifyError(e);
    }
  };

  // a recurso type chosen with a radicado already there (started from the answered PQR): look it up
  useEffect(() => {
    if (isRecurso && values.appealsRadicado.trim()) void findAppealed();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [isRecurso]);

  useEffect(() => {
    if (initialAccountId !== null) void chooseAccount(initialAccountId);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialAccountId]);

  function buildInput() {
    return {
      type: values.type ?? undefined,
      channel: values.channel,
      causalId: values.causalId ? Number(values.causalId) : undefined,
      accountId: account?.id,
      invoiceId: values.invoiceId ? Number(values.invoiceId) : undefined,
      petitioner: {
        name: values.name,
        idType: values.idType ?? undefined,
        idNumber: values.idNumber,
        phone: values.phone,
        email: values.email,
        address: values.address,
        acceptsElectronicNotification: values.acceptsElectronicNotification,
      },
      subject: values.subject,
      text: values.text,
      pages: typeof values.pages === 'number' ? values.pages : Number.NaN,
      annexes: typeof values.annexes === 'number' ? values.annexes : Number.NaN,
      destination: values.destination,
      // the files go in chunks once confirmed (uploadAttachments); checked here by attachmentProblem
      attachments: [],
      appealsRadicado: isRecurso && values.appealsRadicado.trim() ? values.appealsRadicado.trim().toUpperCase() : undefined,
      receivedAt: values.receivedEarlier ? { date: values.receivedDate, time: values.receivedTime.trim() } : undefined,
      receivedEvidence: values.receivedEarlier ? values.receivedEvidence : '',
      aboutService: values.type === 'peticion' ? aboutService : undefined,
    };
  }

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const input = buildInput();
    const checked = check(pqrSchemas['pqr.file'], input);
    const found: FieldErrors = checked.ok ? {} : { ...checked.errors };
    if (!values.type) found.type = t('common.required');
    if (typeInfo?.needsCausal && !values.causalId) found.causalId = t('pqr.file.causalRequired');
    if (values.acceptsElectronicNotification && !values.email.trim()) found['petitioner.email'] = t('pqr.file.emailNeeded');
    if (!Number.isInteger(input.pages)) found.pages = t('common.required');
    if (!Number.isInteger(input.annexes)) found.annexes = t('common.required');
    if (isRecurso && !values.appealsRadicado.trim()) found.appealsRadicado = t('pqr.file.appealsRequired');
    if (!checked.ok || Object.keys(found).length > 0) {
      setErrors({ ...found, _: t('pqr.file.fixErrors') });
      return;
    }
    setErrors({});
    setConfirming(checked.data);
  };

  const addFiles = async (files: File[]) => {
    setAttachError(null);
    const problems: string[] = [];
    const accepted: PendingAttachment[] = [];
    for (const file of files) {
      const problem = attachmentProblem(file);
      if (problem) problems.push(problem);
      else accepted.push(toPending(file));
    }
    const room = 10 - attachments.length;
    if (accepted.length > room) problems.push(t('pqr.file.tooManyFiles'));
    setAttachments((list) => [...list, ...accepted.slice(0, Math.max(0, room))]);
    if (problems.length > 0) setAttachError(problems.join(' '));
  };

  const err = (key: string) => errors[key];

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError message={errors._} />
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Stack gap="sm">
              <Title order={4}>{t('pqr.file.request')}</Title>
              <Group align="flex-start" wrap="nowrap">
                <Select
                  style={{ flex: 2 }}
                  label={t('pqr.file.type')}
                  data={types}
                  value={values.type}
                  onChange={(v) => set('type', v as PqrType | null)}
                  error={err('type')}
                  searchable
                  required
                  data-autofocus
                  title={typeInfo ? typeWithTerm(typeInfo) : undefined}
                  comboboxProps={{ width: 'target', position: 'bottom-start' }}
                />
                <Select
                  style={{ flex: 1 }}
                  label={t('pqr.file.channel')}
                  data={catalog.channels.map((c) => ({ value: c.channel, label: c.name }))}
                  value={values.channel}
                  onChange={(v) => v && set('channel', v as PqrChannel)}
                  allowDeselect={false}
                  required
                />
              </Group>
              {typeInfo && (
                <Text size="xs" c="dimmed" data-testid="pqr-type-rule">
                  {typeInfo.rule}
                </Text>
              )}
              {values.type === 'peticion' && (
                <Checkbox
                  label={t('pqr.legal.aboutService')}
                  description={t('pqr.legal.aboutServiceHelp')}
                  checked={aboutService}
                  onChange={(e) => set('aboutService', e.currentTarget.checked)}
                />
              )}
              <Checkbox
                label={t('pqr.legal.receivedEarlier')}
                description={t('pqr.legal.receivedEarlierHelp')}
                checked={values.receivedEarlier}
                onChange={(e) => set('receivedEarlier', e.currentTarget.checked)}
              />
              {values.receivedEarlier && (
                <Card withBorder padding="xs" data-testid="pqr-received">
                  <Group grow align="flex-start">
                    <DateField label={t('pqr.legal.receivedDate')} value={values.receivedDate || null} onChange={(v) => set('receivedDate', v ?? '')} error={err('receivedAt.date')} required />
                    <TextInput label={t('pqr.legal.receivedTime')} placeholder="HH:MM" value={values.receivedTime} onChange={text((v) => set('receivedTime', v))} error={err('receivedAt.time')} required />
                  </Group>
                  <TextInput
                    mt="xs"
                    label={t('pqr.legal.receivedEvidence')}
                    description={t(`pqr.legal.evidence.${values.channel}`)}
                    value={values.receivedEvidence}
                    onChange={text((v) => set('receivedEvidence', v))}
                    error={err('receivedEvidence')}
                    maxLength={300}
                    required
                  />
                  <Text size="xs" c="dimmed" mt={4}>
                    {t('pqr.legal.receivedRule')}
                  </Text>
                </Card>
              )}
              {isRecurso && (
                <Stack gap={4}>
                  <TextInput
                    label={t('pqr.file.appeals')}
                    description={t('pqr.file.appealsHelp')}
                    placeholder={t('pqr.file.appealsPlaceholder')}
                    value={values.appealsRadicado}
                    onChange={text((v) => set('appealsRadicado', v))}
                    onKeyDown={(e) => {
                      // a scanner ends with Enter: look the radicado up instead of submitting the form
                      if (e.key === 'Enter') {
                        e.preventDefault();
                        void findAppealed();
                      }
                    }}
                    onBlur={() => void findAppealed()}
                    error={err('appealsRadicado')}
                    maxLength={40}
                    styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                    required
                  />
                  {appealNote && (
                    <Text size="xs" c="orange.8" data-testid="pqr-appealed-note">
                      {appealNote}
                    </Text>
                  )}
                  {appealed && (
                    <Card withBorder padding="xs" data-testid="pqr-appealed">
                      <Text size="sm" fw={600}>
                        {t('pqr.file.appealsFound', { radicado: appealed.radicado, type: appealed.typeName, name: appealed.petitioner.name })}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {appealed.answer?.state === 'aprobada'
                          ? t('pqr.file.appealsAnswer', {
                              decision: appealed.answer.decisionName,
                              radicado: appealed.answer.outgoingRadicado ?? '',
                              notified: appealed.notifiedDate ? formatDate(appealed.notifiedDate) : '—',
                              deadline: appealed.recursoDeadline ? formatDate(appealed.recursoDeadline) : '—',
                            })
                          : t('pqr.file.appealsNoAnswer', { radicado: appealed.radicado })}
                      </Text>
                    </Card>
                  )}
                </Stack>
              )}
              <Select
                label={t('pqr.file.causal')}
                placeholder={t('pqr.file.causalPlaceholder')}
                description={typeInfo?.needsCausal ? t('pqr.file.causalNeeded') : t('pqr.file.causalOptional')}
                data={causales}
                value={values.causalId}
                onChange={(v) => set('causalId', v)}
                error={err('causalId')}
                searchable
                clearable
                required={typeInfo?.needsCausal ?? false}
                nothingFoundMessage={t('pqr.file.causalNone')}
              />
              <TextInput label={t('pqr.file.subject')} value={values.subject} onChange={text((v) => set('subject', v))} error={err('subject')} maxLength={200} required />
              <Textarea
                label={t('pqr.file.text')}
                description={t('pqr.file.textHelp')}
                value={values.text}
                onChange={text((v) => set('text', v))}
                error={err('text')}
                autosize
                minRows={4}
                maxRows={12}
                maxLength={20000}
                required
              />
              <Group grow align="flex-start">
                <NumberInput label={t('pqr.file.pages')} value={values.pages} onChange={(v) => set('pages', v)} error={err('pages')} min={0} max={5000} allowDecimal={false} required />
                <NumberInput label={t('pqr.file.annexes')} value={values.annexes} onChange={(v) => set('annexes', v)} error={err('annexes')} min={0} max={500} allowDecimal={false} required />
                <TextInput label={t('pqr.file.destination')} placeholder={t('pqr.file.destinationPlaceholder')} value={values.destination} onChange={text((v) => set('destination', v))} error={err('destination')} maxLength={120} />
              </Group>
              <Attachments list={attachments} error={attachError} onAdd={(files) => void addFiles(files)} onRemove={(i) => setAttachments((l) => l.filter((_, j) => j !== i))} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Stack gap="sm">
              <Title order={4}>{t('pqr.file.accountTitle')}</Title>
              {account ? (
                <Card withBorder padding="sm" data-testid="pqr-account">
                  <Group justify="space-between" wrap="nowrap">
                    <div>
                      <Text fw={700}>{t('pqr.file.accountLine', { number: account.number })}</Text>
                      <Text size="sm">{account.holderName}</Text>
                      <Text size="xs" c="dimmed">
                        {account.address}
                      </Text>
                    </div>
                    <ActionIcon variant="subtle" color="gray" aria-label={t('pqr.file.accountRemove')} onClick={() => { setAccount(null); set('invoiceId', null); }}>
                      <IconX size={18} />
                    </ActionIcon>
                  </Group>
                  {oldInvoice && (
                    <Alert color="orange" p="xs" mt="sm" data-testid="pqr-old-invoice">
                      <Text size="sm">{t('pqr.legal.oldInvoice', { number: oldInvoice.number, date: formatDate(oldInvoice.issueDate), n: claimMonths })}</Text>
                      <RuleNote rule={rules.invoiceClaimMonths} />
                    </Alert>
                  )}
                  <Select
                    mt="sm"
                    label={t('pqr.file.invoice')}
                    placeholder={t('pqr.file.invoicePlaceholder')}
                    data={account.invoiceHistory.map((i) => ({ value: String(i.id), label: t('pqr.file.invoiceOption', { number: i.number, period: i.period, due: formatDate(i.dueDate) }) }))}
                    value={values.invoiceId}
                    onChange={(v) => set('invoiceId', v)}
                    error={err('invoiceId')}
                    searchable
                    clearable
                  />
                </Card>
              ) : (
                <AccountPicker onPick={(a) => void chooseAccount(a.id)} />
              )}
              <Title order={4} mt="sm">
                {t('pqr.file.petitioner')}
              </Title>
              <TextInput label={t('pqr.file.name')} value={values.name} onChange={text((v) => set('name', v))} error={err('petitioner.name')} maxLength={120} required />
              <Group grow align="flex-start">
                <Select label={t('pqr.file.idType')} data={[...ID_TYPES]} value={values.idType} onChange={(v) => set('idType', v as IdType | null)} error={err('petitioner.idType')} clearable />
                <TextInput label={t('pqr.file.idNumber')} value={values.idNumber} onChange={text((v) => set('idNumber', v))} error={err('petitioner.idNumber')} maxLength={20} />
              </Group>
              <Group grow align="flex-start">
                <TextInput label={t('pqr.file.phone')} value={values.phone} onChange={text((v) => set('phone', v))} error={err('petitioner.phone')} />
                <TextInput label={t('pqr.file.email')} type="email" value={values.email} onChange={text((v) => set('email', v))} error={err('petitioner.email')} />
              </Group>
              <TextInput label={t('pqr.file.address')} value={values.address} onChange={text((v) => set('address', v))} error={err('petitioner.address')} maxLength={160} />
              <Checkbox
                label={t('pqr.file.electronic')}
                description={t('pqr.file.electronicHelp')}
                checked={values.acceptsElectronicNotification}
                onChange={(e) => set('acceptsElectronicNotification', e.currentTarget.checked)}
              />
            </Stack>
          </Grid.Col>
        </Grid>
        <Group justify="flex-end">
          <Button type="submit" size="md">
            {t('pqr.file.submit')}
          </Button>
        </Group>
      </Stack>
      {confirming && (
        <ConfirmModal
          opened
          title={t('pqr.file.confirmTitle')}
          confirmLabel={t('pqr.file.confirmButton')}
          onClose={() => setConfirming(null)}
          onConfirm={async () => {
            const result = await send('pqr.file', { ...confirming, attachments: await uploadAttachments(attachments) });
            void printDocument(t, 'sticker', `Rótulo ${result.pqr.radicado}`, result.sticker, { whenNotConfigured: 'download' });
            onFiled(result);
          }}
        >
          <Text fw={600} data-testid="pqr-file-confirm">
            {t('pqr.file.confirmSentence', { type: (typeInfo?.name ?? '').toLowerCase(), name: values.name.trim() })}
          </Text>
          <Text size="sm">{typeInfo ? typeWithTerm(typeInfo) : ''}</Text>
          {confirming.receivedAt && (
            <Text size="sm" data-testid="pqr-file-confirm-received">
              {t('pqr.legal.confirmReceived', { date: formatDate(confirming.receivedAt.date), time: confirming.receivedAt.time })}
            </Text>
          )}
          {confirming.appealsRadicado && (
            <Text size="sm" data-testid="pqr-file-confirm-appeals">
              {t('pqr.file.appealsLine', { radicado: confirming.appealsRadicado })}
            </Text>
          )}
          <Text size="sm" c="dimmed">
            {[
              account ? t('pqr.file.accountLine', { number: account.number }) : t('pqr.file.noAccount'),
              t('pqr.file.pagesLine', { pages: confirming.pages, annexes: confirming.annexes }),
              t('pqr.file.filesLine', { n: attachments.length }),
            ].join(' · ')}
          </Text>
        </ConfirmModal>
      )}
    </form>
  );
}

function Attachments({ list, error, onAdd, onRemove }: { list: PendingAttachment[]; error: string | null; onAdd: (files: File[]) => void; onRemove: (index: number) => void }) {
  const t = useT();
  return (
    <Stack gap={6}>
      <Group justify="space-between">
        <Text fw={500} size="sm">
          {t('pqr.file.attachments')}
        </Text>
        <FileButton onChange={onAdd} multiple accept={ATTACHMENT_ACCEPT}>
          {(props) => (
            <Button {...props} variant="light" size="xs" leftSection={<IconPaperclip size={14} />} aria-label={t('pqr.file.attach')}>
              {t('pqr.file.attach')}
            </Button>
          )}
        </FileButton>
      </Group>
      <Text size="xs" c="dimmed">
        {t('pqr.file.attachHelp')}
      </Text>
      {error && (
        <Alert color="red" role="alert" p="xs">
          {error}
        </Alert>
      )}
      {list.length > 0 && (
        <Table aria-label={t('pqr.file.attachments')} verticalSpacing={4}>
          <Table.Tbody>
            {list.map((a, i) => (
              <Table.Tr key={`${a.fileName}-${i}`}>
                <Table.Td>{a.fileName}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color="gray">
                    {typeLabel(a.mimeType)}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">{formatSize(a.size)}</Table.Td>
                <Table.Td w={40}>
                  <ActionIcon variant="subtle" color="red" aria-label={t('pqr.file.removeFile', { file: a.fileName })} onClick={() => onRemove(i)}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** The radicado in big letters, its due date, the papers; Esc starts another. */
function Filed({ filed, onAnother }: { filed: FiledPqr; onAnother: () => void }) {
  const t = useT();
  const { dateTime } = useSession();
  const { pqr } = filed;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onAnother();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onAnother]);
  return (
    <Card withBorder padding="xl" maw={720} data-testid="pqr-filed">
      <Stack gap="sm">
        <Group gap="xs">
          <IconCheck color="var(--mantine-color-teal-6)" />
          <Text fw={600}>{t('pqr.filed.title', { type: pqr.typeName })}</Text>
        </Group>
        <Text size="sm" c="dimmed">
          {t('pqr.filed.radicado')}
        </Text>
        <Title order={1} ff="monospace" data-testid="pqr-radicado">
          {pqr.radicado}
        </Title>
        <Text size="lg" data-testid="pqr-due">
          {pqr.dueDate ? t('pqr.filed.due', { date: formatDate(pqr.dueDate), days: pqr.termBusinessDays }) : t('pqr.filed.noTerm')}
        </Text>
        <Text size="sm">{t('pqr.filed.petitioner', { name: pqr.petitioner.name })}</Text>
        <Text size="sm" data-testid="pqr-filed-received">
          {t('pqr.legal.filedReceived', { at: dateTime(pqr.receivedAt) })}
          {pqr.termStartDate > pqr.receivedDate ? ` ${t('pqr.legal.afterClosing', { date: formatDate(pqr.termStartDate) })}` : ''}
        </Text>
        {pqr.enteredLate && (
          <Badge color="orange" variant="light" style={{ textTransform: 'none' }}>
            {t('pqr.legal.enteredLate', { received: formatDate(pqr.receivedDate), filed: formatDate(pqr.filedDate) })}
          </Badge>
        )}
        <Text size="sm" c="dimmed">
          {t('pqr.filed.stickerDownloaded')}
        </Text>
        <Group mt="sm">
          <Button leftSection={<IconDownload size={16} />} variant="light" onClick={() => downloadDocument(filed.sticker)}>
            {t('pqr.papers.sticker')}
          </Button>
          <Button leftSection={<IconDownload size={16} />} variant="light" onClick={() => downloadDocument(filed.constancia)}>
            {t('pqr.papers.constancia')}
          </Button>
          <Button variant="default" onClick={() => navigate(paths.pqrDetail(pqr.id))}>
            {t('pqr.filed.open')}
          </Button>
          <Button onClick={onAnother}>{t('pqr.filed.another')}</Button>
        </Group>
      </Stack>
    </Card>
  );
}

