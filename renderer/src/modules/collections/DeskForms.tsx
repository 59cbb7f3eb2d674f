/**
 * The desk's other forms (issue 15, item 3), each a confirmation that states what will happen and
 * keeps the back office's Spanish refusal in the modal:
 *  - the account's phones and e-mails with their authorisation, added or updated with their source
 *    and the Ley 1581 authorisation (date, how it was given, purposes, channels);
 *  - hand the case to the legal stage (prejurídico / jurídico, with the reason: it then shows among
 *    the notices' candidates) or to the field team (the list the coordinator exports).
 * `onSaved` reloads the desk.
 */
import { useState } from 'react';
import { Button, Card, Checkbox, Group, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { IconGavel, IconMapPin, IconPlus } from '@tabler/icons-react';
import { ApiCallError, call } from '../../api/client';
import {
  AUTHORISATION_VIAS,
  CONTACT_SOURCES,
  FIELD_PURPOSES,
  LEGAL_STAGES,
  PURPOSES,
  type AuthorisationVia,
  type ContactChannel,
  type ContactPointKind,
  type ContactPointRow,
  type ContactSource,
  type DeskData,
  type FieldPurpose,
  type Input,
  type LegalStage,
  type Purpose,
  type Relation,
} from '../../../../shared/contract';
import { RELATIONS } from '../../../../shared/contactRules';
import type { ApiError } from '../../../../shared/result';
import { useT } from '../../i18n';
import { ConfirmModal } from '../../app/ConfirmModal';
import { DataTable } from '../../app/DataTable';
import { DateField } from '../../app/DateField';
import { notifySuccess } from '../../app/forms';
import { formatDate } from '../../app/format';

const PHONE_CHANNELS: ContactChannel[] = ['llamada', 'sms', 'whatsapp'];

type SaveInput = Input<'collections.saveContactPoint'>;
/** the contract's fields, with the authorisation spread out as the form edits it */
type PointForm = Pick<SaveInput, 'contactPointId'> &
  Required<Pick<SaveInput, 'kind' | 'value' | 'relation' | 'holderName' | 'source' | 'active'>> & {
  authorised: boolean;
  on: string | null;
  via: AuthorisationVia | null;
  purposes: Purpose[];
  channels: ContactChannel[];
};

function formOf(p: ContactPointRow | null, today: string): PointForm {
  if (!p) return { kind: 'telefono', value: '', relation: 'titular', holderName: '', source: 'llamada', authorised: true, on: today, via: 'llamada_grabada', purposes: ['cobranza'], channels: ['llamada'], active: true };
  return {
    contactPointId: p.id ?? undefined,
    kind: p.kind,
    value: p.value,
    relation: p.relation,
    holderName: p.holderName,
    source: p.source,
    authorised: p.id === null ? true : p.authorised,
    on: p.authorisedOn ?? today,
    via: p.authorisedVia ?? (p.id === null ? 'contrato' : 'llamada_grabada'),
    purposes: p.purposes.length ? p.purposes : ['cobranza'],
    channels: p.channels.length ? p.channels : p.kind === 'correo' ? ['correo'] : ['llamada'],
    active: p.active,
  };
}

/** a refusal with the fields it names: the first field's message is the modal's, the fields keep theirs */
function refusalOf(error: ApiError, setFields: (f: Record<string, string>) => void): never {
  const fields = error.fields ?? {};
  setFields(fields);
  const first = Object.values(fields)[0];
  throw new ApiCallError({ ...error, message: error.code === 'VALIDATION' && first ? first : error.message });
}

export function DeskContactPoints({ desk, onSaved }: { desk: DeskData; onSaved: () => void }) {
  const t = useT();
  const [form, setForm] = useState<PointForm | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const open = (p: ContactPointRow | null) => {
    setFields({});
    setForm(formOf(p, desk.today));
  };
  const channelsFor = (kind: ContactPointKind): ContactChannel[] => (kind === 'correo' ? ['correo'] : PHONE_CHANNELS);

  const save = async () => {
    if (!form) return;
    const r = await call('collections.saveContactPoint', {
      accountId: desk.accountId,
      contactPointId: form.contactPointId,
      kind: form.kind,
      value: form.value,
      relation: form.relation,
      holderName: form.relation === 'titular' ? '' : form.holderName,
      source: form.source,
      authorisation: form.authorised ? { on: form.on ?? '', via: form.via ?? 'llamada_grabada', purposes: form.purposes, channels: form.channels } : undefined,
      active: form.active,
    });
    if (!r.ok) refusalOf(r.error, setFields);
    notifySuccess(t('collections.deskForms.pointSaved'));
    onSaved();
  };

  const summary = form
    ? t('collections.deskForms.pointSummary', {
        value: form.value || '…',
        relation: t(`collections.relation.${form.relation}`).toLowerCase(),
        source: t(`collections.pointSource.${form.source}`).toLowerCase(),
        authorisation: form.authorised
          ? t('collections.deskForms.pointAuthorised', {
              date: form.on ? formatDate(form.on) : '…',
              via: form.via ? t(`collections.via.${form.via}`).toLowerCase() : '…',
              purposes: form.purposes.map((p) => t(`collections.purpose.${p}`).toLowerCase()).join(', ') || '…',
            })
          : t('collections.deskForms.pointNotAuthorised'),
      })
    : '';

  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" mb={4}>
        <Text fw={600} size="sm">
          {t('collections.deskForms.points')}
        </Text>
        <Button size="compact-xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => open(null)} data-testid="desk-point-add">
          {t('collections.deskForms.addPoint')}
        </Button>
      </Group>
      <DataTable<ContactPointRow>
        label={t('collections.deskForms.pointsTable')}
        records={desk.contactPoints}
        idOf={(p) => `${p.kind}-${p.value}`}
        compact
        maxHeight={130}
        empty={t('collections.deskForms.noPoints')}
        rowTestId={(p) => `desk-point-${p.value}`}
        columns={[
          { key: 'value', title: t('collections.deskForms.value'), noWrap: true },
          { key: 'relation', title: t('collections.deskForms.relation'), noWrap: true, render: (p) => t(`collections.relation.${p.relation}`) },
          {
            key: 'status',
            title: t('collections.deskForms.status'),
            render: (p) => (
              <Text size="xs" c={p.authorised && p.active ? undefined : 'red'}>
                {p.status}
              </Text>
            ),
          },
          {
            key: 'edit',
            title: '',
            width: 90,
            render: (p) => (
              <Button size="compact-xs" variant="subtle" onClick={() => open(p)} aria-label={t('collections.deskForms.editPointOf', { value: p.value })}>
                {t('collections.deskForms.editPoint')}
              </Button>
            ),
          },
        ]}
      />
      <ConfirmModal
        opened={form !== null}
        title={t('collections.deskForms.pointTitle', { account: desk.accountNumber })}
        confirmLabel={t('collections.deskForms.pointSave')}
        onConfirm={save}
        onClose={() => setForm(null)}
        size="lg"
      >
        {form && (
          <Stack gap="xs">
            <Group grow align="flex-start">
              <Select
                label={t('collections.deskForms.kind')}
                data={(['telefono', 'correo'] as const).map((k) => ({ value: k, label: t(`collections.deskForms.kind.${k}`) }))}
                value={form.kind}
                onChange={(v) => v && setForm({ ...form, kind: v as ContactPointKind, channels: v === 'correo' ? ['correo'] : ['llamada'] })}
                allowDeselect={false}
                disabled={form.contactPointId !== undefined}
              />
              <TextInput label={t('collections.deskForms.value')} value={form.value} onChange={(e) => {
                  setForm({ ...form, value: e.currentTarget.value });
                  setFields({ ...fields, value: '' });
                }}
                error={fields.value || undefined} required data-autofocus maxLength={120} />
            </Group>
            <Group grow align="flex-start">
              <Select
                label={t('collections.deskForms.relation')}
                data={RELATIONS.map((r) => ({ value: r, label: t(`collections.relation.${r}`) }))}
                value={form.relation}
                onChange={(v) => v && setForm({ ...form, relation: v as Relation })}
                allowDeselect={false}
              />
              <Select
                label={t('collections.deskForms.source')}
                data={CONTACT_SOURCES.map((s) => ({ value: s, label: t(`collections.pointSource.${s}`) }))}
                value={form.source}
                onChange={(v) => v && setForm({ ...form, source: v as ContactSource })}
                allowDeselect={false}
              />
            </Group>
            {form.relation !== 'titular' && (
              <TextInput label={t('collections.deskForms.holderName')} value={form.holderName} onChange={(e) => setForm({ ...form, holderName: e.currentTarget.value })} maxLength={120} />
            )}
            <Checkbox label={t('collections.deskForms.authorised')} checked={form.authorised} onChange={(e) => setForm({ ...form, authorised: e.currentTarget.checked })} />
            {form.authorised && (
              <>
                <Group grow align="flex-start">
                  <DateField label={t('collections.deskForms.authorisedOn')} value={form.on} onChange={(on) => setForm({ ...form, on })} maxDate={desk.today} error={fields['authorisation.on']} />
                  <Select
                    label={t('collections.deskForms.via')}
                    data={AUTHORISATION_VIAS.map((v) => ({ value: v, label: t(`collections.via.${v}`) }))}
                    value={form.via}
                    onChange={(v) => setForm({ ...form, via: v as AuthorisationVia | null })}
                    error={fields['authorisation.via']}
                  />
                </Group>
                <Checkbox.Group label={t('collections.deskForms.purposes')} value={form.purposes} onChange={(v) => setForm({ ...form, purposes: v as Purpose[] })} error={fields['authorisation.purposes']}>
                  <Group gap="sm" mt={4}>
                    {PURPOSES.map((p) => (
                      <Checkbox key={p} value={p} label={t(`collections.purpose.${p}`)} />
                    ))}
                  </Group>
                </Checkbox.Group>
                <Checkbox.Group label={t('collections.deskForms.channels')} value={form.channels} onChange={(v) => setForm({ ...form, channels: v as ContactChannel[] })} error={fields['authorisation.channels']}>
                  <Group gap="sm" mt={4}>
                    {channelsFor(form.kind).map((c) => (
                      <Checkbox key={c} value={c} label={t(`collections.channel.${c}`)} />
                    ))}
                  </Group>
                </Checkbox.Group>
              </>
            )}
            {form.contactPointId !== undefined && (
              <Checkbox label={t('collections.deskForms.active')} checked={form.active} onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })} />
            )}
            <Text size="sm" data-testid="desk-point-summary">
              {summary}
            </Text>
          </Stack>
        )}
      </ConfirmModal>
    </Card>
  );
}

type Handoff = { kind: 'legal'; stage: LegalStage; reason: string } | { kind: 'field'; purpose: FieldPurpose; reason: string };

/** the two hand-off buttons, their confirmations, and the hand-offs still pending for the account */
export function DeskHandoffs({ desk, onSaved }: { desk: DeskData; onSaved: () => void }) {
  const t = useT();
  const [handoff, setHandoff] = useState<Handoff | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const pending = desk.handoffs.filter((h) => h.state === 'pendiente');
  const start = (next: Handoff) => {
    setFields({});
    setHandoff(next);
  };

  const confirm = async () => {
    if (!handoff) return;
    if (handoff.reason.trim() === '') {
      setFields({ reason: t('collections.deskForms.required') });
      throw new ApiCallError({ code: 'VALIDATION', message: `${t('collections.deskForms.reason')}: ${t('collections.deskForms.required').toLowerCase()}` });
    }
    const r =
      handoff.kind === 'legal'
        ? await call('collections.handToLegal', { accountId: desk.accountId, stage: handoff.stage, reason: handoff.reason.trim() })
        : await call('collections.handToField', { accountId: desk.accountId, purpose: handoff.purpose, reason: handoff.reason.trim() });
    if (!r.ok) refusalOf(r.error, setFields);
    notifySuccess(handoff.kind === 'legal' ? t('collections.deskForms.legalDone', { stage: t(`collections.deskForms.stage.${handoff.stage}`).toLowerCase() }) : t('collections.deskForms.fieldDone'));
    onSaved();
  };

  return (
    <>
      <Group grow gap="xs">
        <Button size="xs" variant="default" leftSection={<IconGavel size={16} />} onClick={() => start({ kind: 'legal', stage: 'prejuridico', reason: '' })} data-testid="desk-legal">
          {t('collections.deskForms.legal')}
        </Button>
        <Button size="xs" variant="default" leftSection={<IconMapPin size={16} />} onClick={() => start({ kind: 'field', purpose: 'verificar_predio', reason: '' })} data-testid="desk-field">
          {t('collections.deskForms.field')}
        </Button>
      </Group>
      {pending.length > 0 && (
        <Stack gap={0} data-testid="desk-handoffs">
          <Text size="xs" c="dimmed">
            {t('collections.deskForms.handoffs')}
          </Text>
          {pending.map((h) => (
            <Text key={h.id} size="xs" title={h.reason}>
              · {h.kind === 'juridico' ? t('collections.deskForms.legal') : t('collections.deskForms.field')}: {h.whatLabel}
            </Text>
          ))}
        </Stack>
      )}
      <ConfirmModal
        opened={handoff !== null}
        title={handoff?.kind === 'legal' ? t('collections.deskForms.legalTitle', { account: desk.accountNumber }) : t('collections.deskForms.fieldTitle', { account: desk.accountNumber })}
        confirmLabel={handoff?.kind === 'legal' ? t('collections.deskForms.legal') : t('collections.deskForms.field')}
        onConfirm={confirm}
        onClose={() => setHandoff(null)}
      >
        {handoff?.kind === 'legal' && (
          <Select
            label={t('collections.deskForms.stage')}
            data={LEGAL_STAGES.map((s) => ({ value: s, label: t(`collections.deskForms.stage.${s}`) }))}
            value={handoff.stage}
            onChange={(v) => v && setHandoff({ ...handoff, stage: v as LegalStage })}
            allowDeselect={false}
          />
        )}
        {handoff?.kind === 'field' && (
          <Select
            label={t('collections.deskForms.purpose')}
            data={FIELD_PURPOSES.map((p) => ({ value: p, label: t(`collections.fieldPurpose.${p}`) }))}
            value={handoff.purpose}
            onChange={(v) => v && setHandoff({ ...handoff, purpose: v as FieldPurpose })}
            allowDeselect={false}
          />
        )}
        {handoff && (
          <>
            <Textarea
              label={t('collections.deskForms.reason')}
              value={handoff.reason}
              onChange={(e) => setHandoff({ ...handoff, reason: e.currentTarget.value })}
              error={fields.reason}
              required
              autosize
              minRows={2}
              maxLength={500}
              data-autofocus
              data-testid="desk-handoff-reason"
            />
            <Text size="sm" data-testid="desk-handoff-summary">
              {handoff.kind === 'legal' ? t('collections.deskForms.legalSummary', { stage: t(`collections.deskForms.stage.${handoff.stage}`).toLowerCase() }) : t('collections.deskForms.fieldSummary')}
            </Text>
          </>
        )}
      </ConfirmModal>
    </>
  );
}
