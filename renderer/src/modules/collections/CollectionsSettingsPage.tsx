/**
 * Administración › Cobranza (issue 15): the administrator's tables of collections, one form each —
 * the collections policy (the payment channels the gestor reads out, protected uses, commitment
 * limit, grace and attribution days, the monitor's hour, whether the contract authorises the
 * commercial system's phones), the commission policy (rate by age bucket, goal tiers, cap), the
 * outcome codes of a contact, and the contact rules of the company's country with their source.
 * Each form is checked with the back office's own schema and saved by its `saveX` handler (audited).
 */
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { ActionIcon, Badge, Button, Card, Checkbox, Chip, Group, NumberInput, Select, SimpleGrid, Stack, Switch, Tabs, Text, TextInput, Textarea } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import {
  AGE_BUCKETS,
  AGE_BUCKET_LABELS,
  OUTCOME_ACTIONS,
  USES,
  collectionsPolicyFields,
  collectionsSchemas,
  commissionPolicyFields,
  type CollectionsPolicy,
  type CollectionsSettings,
  type CommissionPolicy,
  type ContactRules,
  type OutcomeRow,
} from '../../../../shared/contract';
import { RELATIONS, RELATION_LABELS, contactRulesSchema } from '../../../../shared/contactRules';
import { useT, type MessageKey } from '../../i18n';
import { DataTable } from '../../app/DataTable';
import { FormActions, FormError } from '../../app/FormParts';
import { check, notifySuccess, useForm, type FieldErrors } from '../../app/forms';
import { MoneyInput } from '../../app/MoneyInput';
import { PageTitle } from '../../app/PageTitle';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';

const DAYS = [1, 2, 3, 4, 5, 6, 0];
const whole = (v: string | number) => (typeof v === 'number' ? v : Number.NaN);

export function CollectionsSettingsPage() {
  const t = useT();
  const settings = useLoad(() => send('collections.settings', {}), []);
  if (settings.error) return <LoadError error={settings.error} retry={() => void settings.reload()} />;
  const s = settings.data;
  if (!s) return <Loading />;
  return (
    <>
      <PageTitle title={t('collections.settings.title')} description={t('collections.settings.description')} />
      <Tabs defaultValue="policy" keepMounted={false}>
        <Tabs.List mb="sm">
          <Tabs.Tab value="policy">{t('collections.settings.policy')}</Tabs.Tab>
          <Tabs.Tab value="commissions">{t('collections.settings.commissions')}</Tabs.Tab>
          <Tabs.Tab value="outcomes">{t('collections.settings.outcomes')}</Tabs.Tab>
          <Tabs.Tab value="rules">{t('collections.settings.rules')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="policy">
          <PolicyForm policy={s.policy} onSaved={(policy) => settings.setData({ ...s, policy })} />
        </Tabs.Panel>
        <Tabs.Panel value="commissions">
          <CommissionForm policy={s.commissionPolicy} onSaved={(commissionPolicy) => settings.setData({ ...s, commissionPolicy })} />
        </Tabs.Panel>
        <Tabs.Panel value="outcomes">
          <Outcomes outcomes={s.outcomes} onSaved={(outcomes) => settings.setData({ ...s, outcomes })} />
        </Tabs.Panel>
        <Tabs.Panel value="rules">
          <RulesForm settings={s} onSaved={(rules) => settings.setData({ ...s, rules })} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function useSaver<T>(onSaved: (value: T) => void, setErrors: (e: FieldErrors) => void) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const save = async (run: () => ReturnType<typeof call>) => {
    setBusy(true);
    const r = await run();
    setBusy(false);
    if (!r.ok) return setErrors({ ...(r.error.fields ?? {}), _: r.error.message });
    onSaved(r.data as T);
    notifySuccess(t('collections.settings.saved'));
  };
  return { busy, save };
}

/**
 * A table's form: its values (again when the saved ones change), checked with the back office's schema
 * before `store` sends them; a refusal spreads over the fields, a success goes to `onSaved`.
 */
function useTableForm<T extends object, S extends z.ZodType>(saved: T, schema: S, store: (data: z.output<S>) => ReturnType<typeof call>, onSaved: (value: T) => void) {
  const form = useForm<T>(saved);
  const { setValues, setErrors } = form;
  const { busy, save } = useSaver(onSaved, setErrors);
  useEffect(() => setValues(saved), [saved, setValues]);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const checked = check(schema, form.values);
    if (!checked.ok) return setErrors(checked.errors);
    await save(() => store(checked.data));
  };
  return { ...form, busy, submit };
}

function PolicyForm({ policy, onSaved }: { policy: CollectionsPolicy; onSaved: (p: CollectionsPolicy) => void }) {
  const t = useT();
  const { values, set, errors, busy, submit } = useTableForm(policy, collectionsPolicyFields, (data) => call('collections.savePolicy', data), onSaved);
  const days: { key: 'commitmentMaxDays' | 'graceDays' | 'attributionDays' | 'paidSinceDays'; min: number; max: number }[] = [
    { key: 'commitmentMaxDays', min: 1, max: 90 },
    { key: 'graceDays', min: 0, max: 15 },
    { key: 'attributionDays', min: 1, max: 90 },
    { key: 'paidSinceDays', min: 0, max: 60 },
  ];
  return (
    <Card withBorder maw={1060}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <FormError message={errors._} />
          <SimpleGrid cols={2} spacing="xl">
            <Stack gap="sm">
              <Textarea
                label={t('collections.settings.paymentChannelsText')}
                description={t('collections.settings.paymentChannelsTextHelp')}
                value={values.paymentChannelsText}
                onChange={(e) => set('paymentChannelsText', e.currentTarget.value)}
                error={errors.paymentChannelsText}
                autosize
                minRows={3}
                maxRows={6}
                maxLength={2000}
                data-autofocus
              />
              <Checkbox.Group label={t('collections.settings.protectedUses')} description={t('collections.settings.protectedUsesHelp')} value={values.protectedUses} onChange={(v) => set('protectedUses', v as CollectionsPolicy['protectedUses'])} error={errors.protectedUses}>
                <Group gap="md" mt={4}>
                  {USES.map((u) => (
                    <Checkbox key={u} value={u} label={t(`account.use.${u}` as MessageKey)} />
                  ))}
                </Group>
              </Checkbox.Group>
              <Switch
                label={t('collections.settings.contractDataAuthorised')}
                description={t('collections.settings.contractDataAuthorisedHelp')}
                checked={values.contractDataAuthorised}
                onChange={(e) => set('contractDataAuthorised', e.currentTarget.checked)}
                data-testid="policy-contract-authorised"
              />
            </Stack>
            <Stack gap="sm">
              {days.map(({ key, min, max }) => (
                <NumberInput
                  key={key}
                  label={t(`collections.settings.${key}` as MessageKey)}
                  description={t(`collections.settings.${key}Help` as MessageKey)}
                  value={values[key]}
                  onChange={(v) => set(key, whole(v))}
                  error={errors[key]}
                  min={min}
                  max={max}
                  allowDecimal={false}
                />
              ))}
              <TextInput label={t('collections.settings.monitorHour')} description={t('collections.settings.monitorHourHelp')} value={values.monitorHour} onChange={(e) => set('monitorHour', e.currentTarget.value)} error={errors.monitorHour} maxLength={5} w={220} />
            </Stack>
          </SimpleGrid>
          <FormActions busy={busy} />
        </Stack>
      </form>
    </Card>
  );
}

function CommissionForm({ policy, onSaved }: { policy: CommissionPolicy; onSaved: (p: CommissionPolicy) => void }) {
  const t = useT();
  const { values, set, errors, busy, submit } = useTableForm(policy, commissionPolicyFields, (data) => call('collections.saveCommissionPolicy', data), onSaved);
  const setTier = (i: number, field: 'fromPercent' | 'factorPercent', v: number) => set('tiers', values.tiers.map((tier, j) => (j === i ? { ...tier, [field]: v } : tier)));
  return (
    <Card withBorder maw={1060}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <FormError message={errors._} />
          <SimpleGrid cols={2} spacing="xl">
            <Stack gap={6}>
              <Text fw={600} size="sm">
                {t('collections.settings.rates')}
              </Text>
              <Text size="xs" c="dimmed">
                {t('collections.settings.ratesHelp')}
              </Text>
              {AGE_BUCKETS.map((b) => (
                <Group key={b} justify="space-between" wrap="nowrap">
                  <Text size="sm">{AGE_BUCKET_LABELS[b]}</Text>
                  <NumberInput
                    aria-label={t('collections.settings.rateOf', { bucket: AGE_BUCKET_LABELS[b] })}
                    value={values.rateBasisPoints[b] / 100}
                    onChange={(v) => set('rateBasisPoints', { ...values.rateBasisPoints, [b]: Math.round(whole(v) * 100) })}
                    error={errors[`rateBasisPoints.${b}`]}
                    min={0}
                    max={100}
                    decimalScale={2}
                    decimalSeparator=","
                    suffix=" %"
                    w={130}
                    size="xs"
                  />
                </Group>
              ))}
            </Stack>
            <Stack gap="sm">
              <MoneyInput label={t('collections.settings.monthlyGoal')} description={t('collections.settings.monthlyGoalHelp')} value={values.monthlyGoal} onChange={(v) => set('monthlyGoal', v ?? Number.NaN)} error={errors.monthlyGoal} />
              <div>
                <Text fw={500} size="sm">
                  {t('collections.settings.tiers')}
                </Text>
                <Text size="xs" c="dimmed" mb={4}>
                  {t('collections.settings.tiersHelp')}
                </Text>
                <Stack gap={4}>
                  {values.tiers.map((tier, i) => (
                    <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
                      <NumberInput size="xs" w={150} prefix={t('collections.settings.tierFrom')} suffix=" %" aria-label={t('collections.settings.tierFromLabel', { n: i + 1 })} value={tier.fromPercent} onChange={(v) => setTier(i, 'fromPercent', whole(v))} min={0} max={1000} allowDecimal={false} error={errors[`tiers.${i}.fromPercent`]} />
                      <NumberInput size="xs" w={150} prefix={t('collections.settings.tierFactor')} suffix=" %" aria-label={t('collections.settings.tierFactorLabel', { n: i + 1 })} value={tier.factorPercent} onChange={(v) => setTier(i, 'factorPercent', whole(v))} min={0} max={500} allowDecimal={false} error={errors[`tiers.${i}.factorPercent`]} />
                      <ActionIcon variant="subtle" color="red" aria-label={t('collections.settings.tierRemove', { n: i + 1 })} disabled={values.tiers.length === 1} onClick={() => set('tiers', values.tiers.filter((_, j) => j !== i))}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Group>
                  ))}
                  {errors.tiers && (
                    <Text size="xs" c="red">
                      {errors.tiers}
                    </Text>
                  )}
                  <Button size="compact-sm" variant="subtle" leftSection={<IconPlus size={14} />} w="fit-content" disabled={values.tiers.length >= 10} onClick={() => set('tiers', [...values.tiers, { fromPercent: 100, factorPercent: 100 }])}>
                    {t('collections.settings.tierAdd')}
                  </Button>
                </Stack>
              </div>
              <MoneyInput label={t('collections.settings.cap')} description={t('collections.settings.capHelp')} value={values.cap} onChange={(v) => set('cap', v ?? Number.NaN)} error={errors.cap} />
            </Stack>
          </SimpleGrid>
          <FormActions busy={busy} />
        </Stack>
      </form>
    </Card>
  );
}

interface OutcomeDraft {
  code?: string;
  label: string;
  effective: boolean;
  action: OutcomeRow['action'];
  active: boolean;
}

function Outcomes({ outcomes, onSaved }: { outcomes: OutcomeRow[]; onSaved: (o: OutcomeRow[]) => void }) {
  const t = useT();
  const [draft, setDraft] = useState<OutcomeDraft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, save } = useSaver<OutcomeRow[]>((rows) => {
    onSaved(rows);
    setDraft(null);
  }, setErrors);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    const checked = check(collectionsSchemas['collections.saveOutcome'], draft);
    if (!checked.ok) return setErrors(checked.errors);
    await save(() => call('collections.saveOutcome', checked.data));
  };
  const open = (d: OutcomeDraft) => {
    setErrors({});
    setDraft(d);
  };
  return (
    <SimpleGrid cols={2} spacing="md" maw={1200}>
      <Stack gap="xs">
        <Button leftSection={<IconPlus size={16} />} w="fit-content" onClick={() => open({ label: '', effective: false, action: '', active: true })}>
          {t('collections.settings.outcomeNew')}
        </Button>
        <DataTable<OutcomeRow>
          label={t('collections.settings.outcomes')}
          records={outcomes}
          idOf={(o) => o.code}
          compact
          maxHeight={470}
          pageSize={100}
          onRowClick={(o) => open({ code: o.code, label: o.label, effective: o.effective, action: o.action, active: o.active })}
          rowAttributes={(o) => ({ tabIndex: 0, onKeyDown: (e: React.KeyboardEvent) => e.key === 'Enter' && open({ code: o.code, label: o.label, effective: o.effective, action: o.action, active: o.active }) })}
          rowTestId={(o) => `outcome-${o.code}`}
          columns={[
            { key: 'label', title: t('collections.settings.outcomeLabel') },
            { key: 'effective', title: t('collections.settings.outcomeEffectiveShort'), render: (o) => (o.effective ? t('collections.settings.yes') : t('collections.settings.no')) },
            { key: 'action', title: t('collections.settings.outcomeAction'), render: (o) => t(`collections.outcomeAction.${o.action || 'none'}` as MessageKey) },
            { key: 'active', title: '', render: (o) => !o.active && <Badge color="gray">{t('collections.settings.inactive')}</Badge> },
          ]}
        />
      </Stack>
      {draft && (
        <Card withBorder>
          <form onSubmit={(e) => void submit(e)} noValidate>
            <Stack gap="sm">
              <Text fw={700}>{draft.code ? t('collections.settings.outcomeEdit', { code: draft.code }) : t('collections.settings.outcomeNew')}</Text>
              <FormError message={errors._} />
              <TextInput label={t('collections.settings.outcomeLabel')} value={draft.label} onChange={(e) => setDraft({ ...draft, label: e.currentTarget.value })} error={errors.label} maxLength={80} required autoFocus data-testid="outcome-label" />
              <Switch label={t('collections.settings.outcomeEffective')} checked={draft.effective} onChange={(e) => setDraft({ ...draft, effective: e.currentTarget.checked })} />
              <Select
                label={t('collections.settings.outcomeAction')}
                allowDeselect={false}
                data={OUTCOME_ACTIONS.map((a) => ({ value: a || 'none', label: t(`collections.outcomeAction.${a || 'none'}` as MessageKey) }))}
                value={draft.action || 'none'}
                onChange={(v) => setDraft({ ...draft, action: (v === 'none' ? '' : v) as OutcomeDraft['action'] })}
              />
              <Switch label={t('collections.settings.outcomeActive')} checked={draft.active} onChange={(e) => setDraft({ ...draft, active: e.currentTarget.checked })} />
              <FormActions busy={busy} onCancel={() => setDraft(null)} />
            </Stack>
          </form>
        </Card>
      )}
    </SimpleGrid>
  );
}

function RulesForm({ settings, onSaved }: { settings: CollectionsSettings; onSaved: (r: ContactRules) => void }) {
  const t = useT();
  const { values, set, errors, setValues, busy, submit } = useTableForm(settings.rules, contactRulesSchema, (rules) => call('collections.saveContactRules', { rules }), onSaved);
  const defaults = settings.defaults.find((d) => d.country === values.country);
  const setWindow = (i: number, change: Partial<ContactRules['windows'][number]>) => set('windows', values.windows.map((w, j) => (j === i ? { ...w, ...change } : w)));
  return (
    <Card withBorder maw={1200}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <FormError message={errors._} />
          <Group justify="space-between">
            <Text fw={700}>{t('collections.settings.rulesOf', { country: values.name })}</Text>
            {defaults && (
              <Button variant="subtle" size="compact-sm" onClick={() => setValues(defaults)}>
                {t('collections.settings.rulesDefaults')}
              </Button>
            )}
          </Group>
          <SimpleGrid cols={2} spacing="xl">
            <Stack gap="sm">
              <TextInput label={t('collections.settings.rulesSource')} value={values.source} onChange={(e) => set('source', e.currentTarget.value)} error={errors.source} maxLength={200} required />
              <Textarea label={t('collections.settings.rulesSourceDetail')} value={values.sourceDetail} onChange={(e) => set('sourceDetail', e.currentTarget.value)} error={errors.sourceDetail} autosize minRows={3} maxRows={5} maxLength={2000} />
              <Switch label={t('collections.settings.rulesVerified')} description={t('collections.settings.rulesVerifiedHelp')} checked={values.verified} onChange={(e) => set('verified', e.currentTarget.checked)} />
            </Stack>
            <Stack gap="sm">
              <Switch label={t('collections.settings.noHolidays')} checked={values.noHolidays} onChange={(e) => set('noHolidays', e.currentTarget.checked)} />
              <Group align="flex-start" wrap="nowrap">
                <NumberInput w={130} label={t('collections.settings.dailyMax')} value={values.daily.max} onChange={(v) => set('daily', { ...values.daily, max: whole(v) })} error={errors['daily.max']} min={1} max={20} allowDecimal={false} />
                <Select
                  w={200}
                  label={t('collections.settings.dailyPer')}
                  allowDeselect={false}
                  data={(['deudor', 'canal'] as const).map((p) => ({ value: p, label: t(`collections.settings.dailyPer.${p}`) }))}
                  value={values.daily.per}
                  onChange={(v) => v && set('daily', { ...values.daily, per: v as ContactRules['daily']['per'] })}
                />
                <Select
                  w={170}
                  label={t('collections.settings.dailyCounts')}
                  allowDeselect={false}
                  data={(['directos', 'intentos'] as const).map((c) => ({ value: c, label: t(`collections.settings.dailyCounts.${c}`) }))}
                  value={values.daily.counts}
                  onChange={(v) => v && set('daily', { ...values.daily, counts: v as ContactRules['daily']['counts'] })}
                />
              </Group>
              <Switch label={t('collections.settings.singleChannelWeek')} checked={values.singleChannelWeekAfterDirect} onChange={(e) => set('singleChannelWeekAfterDirect', e.currentTarget.checked)} />
              <Switch label={t('collections.settings.authorisedOnly')} checked={values.authorisedChannelsOnly} onChange={(e) => set('authorisedChannelsOnly', e.currentTarget.checked)} />
              <Checkbox.Group label={t('collections.settings.relations')} value={values.relations} onChange={(v) => set('relations', v as ContactRules['relations'])} error={errors.relations}>
                <Group gap="md" mt={4}>
                  {RELATIONS.map((r) => (
                    <Checkbox key={r} value={r} label={RELATION_LABELS[r]} />
                  ))}
                </Group>
              </Checkbox.Group>
              <div>
                <Text fw={500} size="sm">
                  {t('collections.settings.windows')}
                </Text>
                <Stack gap={6} mt={4}>
                  {values.windows.map((w, i) => (
                    <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
                      <TextInput size="xs" w={70} style={{ flexShrink: 0 }} aria-label={t('collections.settings.windowFrom', { n: i + 1 })} value={w.from} onChange={(e) => setWindow(i, { from: e.currentTarget.value })} error={errors[`windows.${i}.from`]} maxLength={5} />
                      <TextInput size="xs" w={70} style={{ flexShrink: 0 }} aria-label={t('collections.settings.windowTo', { n: i + 1 })} value={w.to} onChange={(e) => setWindow(i, { to: e.currentTarget.value })} error={errors[`windows.${i}.to`]} maxLength={5} />
                      <Chip.Group multiple value={w.days.map(String)} onChange={(v) => setWindow(i, { days: v.map(Number) })}>
                        <Group gap={2} wrap="nowrap">
                          {DAYS.map((d) => (
                            <Chip key={d} value={String(d)} size="xs" radius="sm" icon={<span />} styles={{ iconWrapper: { display: 'none' } }}>
                              {t(`collections.day.${d}` as MessageKey)}
                            </Chip>
                          ))}
                        </Group>
                      </Chip.Group>
                      <ActionIcon variant="subtle" color="red" aria-label={t('collections.settings.windowRemove', { n: i + 1 })} onClick={() => set('windows', values.windows.filter((_, j) => j !== i))}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Group>
                  ))}
                  {errors[`windows.${values.windows.length - 1}.days`] && (
                    <Text size="xs" c="red">
                      {errors[`windows.${values.windows.length - 1}.days`]}
                    </Text>
                  )}
                  <Button size="compact-sm" variant="subtle" leftSection={<IconPlus size={14} />} w="fit-content" disabled={values.windows.length >= 7} onClick={() => set('windows', [...values.windows, { days: [6], from: '08:00', to: '12:00' }])}>
                    {t('collections.settings.windowAdd')}
                  </Button>
                </Stack>
              </div>
            </Stack>
          </SimpleGrid>
          <FormActions busy={busy} />
        </Stack>
      </form>
    </Card>
  );
}
