/**
 * Administración › Términos y causales PQR: the legal term of each type for the company's country
 * (business days, the rule it comes from, whether it admits the Ley 1755 extension and whether
 * silencio positivo applies, the petición about the service apart), the legal rules of the workflow
 * (request to complete, pruebas, traslado, citación, aviso, publication, recurso, silencio positivo,
 * invoice claims, suspension caps: value and source) and the SUI causales (add, edit, deactivate).
 */
import { useState } from 'react';
import { Badge, Button, Group, Modal, NumberInput, SegmentedControl, Stack, Switch, Tabs, Text, Textarea, TextInput } from '@mantine/core';
import { IconEdit, IconPlus } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import { pqrSchemas, type LegalRule, type PqrTypeInfo, type SuiCausal } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { check, notifySuccess, text, useForm } from '../../app/forms';
import { DataTable } from '../../app/DataTable';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { PageTitle } from '../../app/PageTitle';
import { FormActions, FormError } from '../../app/FormParts';

export function PqrTablesPage() {
  const t = useT();
  const { data: catalog, error, loading, reload } = useLoad(() => send('pqr.catalog', {}), []);
  const [term, setTerm] = useState<PqrTypeInfo | null>(null);
  const [legalRule, setLegalRule] = useState<LegalRule | null>(null);
  const [causal, setCausal] = useState<SuiCausal | 'new' | null>(null);

  if (loading && !catalog) return <Loading />;
  if (error || !catalog) return error ? <LoadError error={error} retry={() => void reload()} /> : null;

  return (
    <>
      <PageTitle title={t('pqr.tables.title')} description={t('pqr.tables.description', { country: catalog.country })} />
      <Tabs defaultValue="terms">
        <Tabs.List>
          <Tabs.Tab value="terms">{t('pqr.tables.terms')}</Tabs.Tab>
          <Tabs.Tab value="rules">{t('pqr.legal.rulesTab')}</Tabs.Tab>
          <Tabs.Tab value="causales">{t('pqr.tables.causales')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="terms" pt="md">
          <DataTable<PqrTypeInfo>
            label={t('pqr.tables.terms')}
            records={[...catalog.types, catalog.peticionServicio]}
            idOf={(info) => info.termKey}
            minWidth={720}
            pinLastColumn
            rowTestId={(info) => `pqr-term-${info.termKey}`}
            columns={[
              { key: 'name', title: t('pqr.tables.type'), sortable: true, render: (info) => <Text fw={600} size="sm">{info.name}</Text> },
              { key: 'termBusinessDays', title: t('pqr.tables.term'), sortable: true, textAlign: 'right', noWrap: true, render: (info) => t('pqr.detail.termValue', { n: info.termBusinessDays }) },
              {
                key: 'basis',
                title: t('pqr.tables.basis'),
                sortable: true,
                width: 420,
                render: (info) => (
                  <>
                    <Text size="sm">{info.basis}</Text>
                    <Text size="xs" c="dimmed" lineClamp={2} title={info.rule}>
                      {info.rule}
                    </Text>
                  </>
                ),
              },
              {
                key: 'sui',
                title: t('pqr.tables.sui'),
                render: (info) => (
                  <Group gap={4}>
                    {info.suiTramite !== null && <Badge variant="light">{t('pqr.tables.tramite', { code: info.suiTramite })}</Badge>}
                    {info.needsCausal && <Badge variant="light" color="grape">{t('pqr.tables.needsCausal')}</Badge>}
                    {info.silencioPositivo && <Badge variant="light" color="red">{t('pqr.tables.silencio')}</Badge>}
                    <Badge variant="light" color={info.admitsExtension ? 'teal' : 'gray'}>
                      {t(info.admitsExtension ? 'pqr.legal.extensionYes' : 'pqr.legal.extensionNo')}
                    </Badge>
                  </Group>
                ),
              },
              {
                key: 'actions',
                title: '',
                width: 110,
                render: (info) => (
                  <Button size="xs" variant="light" leftSection={<IconEdit size={14} />} onClick={() => setTerm(info)} aria-label={t('pqr.tables.editTerm', { type: info.name })}>
                    {t('common.edit')}
                  </Button>
                ),
              },
            ]}
          />
        </Tabs.Panel>
        <Tabs.Panel value="rules" pt="md">
          <DataTable<LegalRule>
            label={t('pqr.legal.rulesTab')}
            records={catalog.rules}
            idOf={(r) => r.key}
            minWidth={720}
            pinLastColumn
            rowTestId={(r) => `pqr-rule-${r.key}`}
            columns={[
              { key: 'explanation', title: t('pqr.legal.rule'), sortable: true, width: 520, render: (r) => <Text size="sm">{r.explanation}</Text> },
              { key: 'value', title: t('pqr.legal.value'), sortable: true, textAlign: 'right', noWrap: true, render: (r) => (r.value === null ? t('pqr.legal.noValue') : t(`pqr.legal.unit.${r.key}`, { n: r.value })) },
              { key: 'basis', title: t('pqr.tables.basis'), sortable: true },
              {
                key: 'actions',
                title: '',
                width: 110,
                render: (r) => (
                  <Button size="xs" variant="light" leftSection={<IconEdit size={14} />} onClick={() => setLegalRule(r)} aria-label={t('pqr.legal.editRule', { rule: r.explanation.slice(0, 40) })}>
                    {t('common.edit')}
                  </Button>
                ),
              },
            ]}
          />
        </Tabs.Panel>
        <Tabs.Panel value="causales" pt="md">
          <Group justify="flex-end" mb="sm">
            <Button leftSection={<IconPlus size={18} />} onClick={() => setCausal('new')}>
              {t('pqr.tables.newCausal')}
            </Button>
          </Group>
          <DataTable<SuiCausal>
            label={t('pqr.tables.causales')}
            records={catalog.causales}
            idOf={(c) => c.id}
            empty={t('pqr.tables.noCausales')}
            minWidth={640}
            pinLastColumn
            rowColor={(c) => (c.active ? undefined : 'dimmed')}
            columns={[
              { key: 'group', title: t('pqr.tables.group'), sortable: true, render: (c) => t(c.group === 'F' ? 'pqr.causal.groupF' : 'pqr.causal.groupP') },
              { key: 'code', title: t('pqr.tables.code'), sortable: true, noWrap: true, render: (c) => <Text fw={600} ff="monospace" size="sm">{c.code}</Text> },
              { key: 'name', title: t('pqr.tables.name'), sortable: true },
              {
                key: 'active',
                title: t('pqr.tables.state'),
                sortValue: (c) => (c.active ? 0 : 1),
                render: (c) => (
                  <Badge color={c.active ? 'teal' : 'gray'} variant="light">
                    {c.active ? t('pqr.tables.active') : t('pqr.tables.inactive')}
                  </Badge>
                ),
              },
              {
                key: 'actions',
                title: '',
                width: 110,
                render: (c) => (
                  <Button size="xs" variant="light" leftSection={<IconEdit size={14} />} onClick={() => setCausal(c)} aria-label={t('pqr.tables.editCausal', { code: `${c.group}-${c.code}` })}>
                    {t('common.edit')}
                  </Button>
                ),
              },
            ]}
          />
        </Tabs.Panel>
      </Tabs>
      {term && <TermModal info={term} onClose={() => setTerm(null)} onSaved={() => void reload()} />}
      {legalRule && <RuleModal rule={legalRule} onClose={() => setLegalRule(null)} onSaved={() => void reload()} />}
      {causal && <CausalModal causal={causal === 'new' ? null : causal} onClose={() => setCausal(null)} onSaved={() => void reload()} />}
    </>
  );
}

function TermModal({ info, onClose, onSaved }: { info: PqrTypeInfo; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { values, set, errors, setErrors } = useForm<{ term: number | string; basis: string; admitsExtension: boolean; silencioPositivo: boolean; rule: string }>({
    term: info.termBusinessDays,
    basis: info.basis,
    admitsExtension: info.admitsExtension,
    silencioPositivo: info.silencioPositivo,
    rule: info.rule,
  });
  const [busy, setBusy] = useState(false);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const checked = check(pqrSchemas['pqr.saveTerm'], {
      type: info.termKey,
      termBusinessDays: typeof values.term === 'number' ? values.term : Number.NaN,
      basis: values.basis,
      admitsExtension: values.admitsExtension,
      silencioPositivo: values.silencioPositivo,
      rule: values.rule,
    });
    if (!checked.ok) return setErrors({ ...checked.errors, term: checked.errors.termBusinessDays ?? '' });
    setBusy(true);
    const result = await call('pqr.saveTerm', checked.data);
    setBusy(false);
    if (!result.ok) return setErrors({ ...(result.error.fields ?? {}), _: result.error.message });
    notifySuccess(t('pqr.tables.termSaved', { type: result.data.name, n: result.data.termBusinessDays }));
    onSaved();
    onClose();
  };
  return (
    <Modal opened onClose={onClose} title={t('pqr.tables.termTitle', { type: info.name })}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={errors._} />
          <NumberInput
            label={t('pqr.tables.term')}
            description={t('pqr.tables.termHelp')}
            value={values.term}
            onChange={(v) => set('term', v)}
            error={errors.term || undefined}
            min={1}
            max={120}
            allowDecimal={false}
            data-autofocus
            required
          />
          <TextInput label={t('pqr.tables.basis')} value={values.basis} onChange={text((v) => set('basis', v))} error={errors.basis} maxLength={200} required />
          <Switch label={t('pqr.legal.admitsExtension')} description={t('pqr.legal.admitsExtensionHelp')} checked={values.admitsExtension} onChange={(e) => set('admitsExtension', e.currentTarget.checked)} />
          <Switch label={t('pqr.legal.silencioApplies')} description={t('pqr.legal.silencioAppliesHelp')} checked={values.silencioPositivo} onChange={(e) => set('silencioPositivo', e.currentTarget.checked)} />
          <Textarea label={t('pqr.legal.ruleText')} description={t('pqr.legal.ruleTextHelp')} value={values.rule} onChange={text((v) => set('rule', v))} error={errors.rule} autosize minRows={3} maxLength={600} />
          <FormActions onCancel={onClose} busy={busy} />
        </Stack>
      </form>
    </Modal>
  );
}

function RuleModal({ rule, onClose, onSaved }: { rule: LegalRule; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { values, set, errors, setErrors } = useForm<{ value: number | string; basis: string; none: boolean }>({ value: rule.value ?? 0, basis: rule.basis, none: rule.value === null });
  const [busy, setBusy] = useState(false);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const checked = check(pqrSchemas['pqr.saveLegalRule'], { key: rule.key, value: typeof values.value === 'number' ? values.value : Number.NaN, basis: values.basis, none: values.none });
    if (!checked.ok) return setErrors(checked.errors);
    setBusy(true);
    const result = await call('pqr.saveLegalRule', checked.data);
    setBusy(false);
    if (!result.ok) return setErrors({ ...(result.error.fields ?? {}), _: result.error.message });
    notifySuccess(t('pqr.legal.ruleSaved'));
    onSaved();
    onClose();
  };
  return (
    <Modal opened onClose={onClose} title={t('pqr.legal.ruleTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={errors._} />
          <Text size="sm">{rule.explanation}</Text>
          <NumberInput label={t(`pqr.legal.unit.${rule.key}`, { n: '' }).trim()} value={values.value} onChange={(v) => set('value', v)} error={errors.value} min={0} max={1000} allowDecimal={false} disabled={values.none} data-autofocus />
          <Switch label={t('pqr.legal.noRule')} checked={values.none} onChange={(e) => set('none', e.currentTarget.checked)} />
          <TextInput label={t('pqr.tables.basis')} value={values.basis} onChange={text((v) => set('basis', v))} error={errors.basis} maxLength={200} required />
          <FormActions onCancel={onClose} busy={busy} />
        </Stack>
      </form>
    </Modal>
  );
}

interface CausalValues {
  group: 'F' | 'P';
  code: string;
  name: string;
  active: boolean;
}

function CausalModal({ causal, onClose, onSaved }: { causal: SuiCausal | null; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { values, set, errors, setErrors } = useForm<CausalValues>(
    causal ? { group: causal.group, code: causal.code, name: causal.name, active: causal.active } : { group: 'F', code: '', name: '', active: true },
  );
  const [busy, setBusy] = useState(false);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const checked = check(pqrSchemas['pqr.saveCausal'], { ...values, ...(causal ? { causalId: causal.id } : {}) });
    if (!checked.ok) return setErrors(checked.errors);
    setBusy(true);
    const result = await call('pqr.saveCausal', checked.data);
    setBusy(false);
    if (!result.ok) return setErrors({ ...(result.error.fields ?? {}), _: result.error.message });
    notifySuccess(t(causal ? 'pqr.tables.causalUpdated' : 'pqr.tables.causalCreated', { code: `${result.data.group}-${result.data.code}`, name: result.data.name }));
    onSaved();
    onClose();
  };
  return (
    <Modal opened onClose={onClose} title={causal ? t('pqr.tables.editCausal', { code: `${causal.group}-${causal.code}` }) : t('pqr.tables.newCausal')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={errors._} />
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t('pqr.tables.group')}
            </Text>
            <SegmentedControl
              aria-label={t('pqr.tables.group')}
              data={[
                { value: 'F', label: t('pqr.causal.groupF') },
                { value: 'P', label: t('pqr.causal.groupP') },
              ]}
              value={values.group}
              onChange={(v) => set('group', v as 'F' | 'P')}
            />
          </div>
          <TextInput label={t('pqr.tables.code')} description={t('pqr.tables.codeHelp')} value={values.code} onChange={text((v) => set('code', v.replace(/\D/g, '').slice(0, 3)))} error={errors.code} w={160} data-autofocus required />
          <TextInput label={t('pqr.tables.name')} value={values.name} onChange={text((v) => set('name', v))} error={errors.name} maxLength={160} required />
          <Switch label={t('pqr.tables.activeLabel')} description={t('pqr.tables.activeHelp')} checked={values.active} onChange={(e) => set('active', e.currentTarget.checked)} />
          <FormActions onCancel={onClose} busy={busy} />
        </Stack>
      </form>
    </Modal>
  );
}
