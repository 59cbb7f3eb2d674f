/** Administración › Cajas: the tills of every office, their receipt paper and who has one open now. */
import { useState } from 'react';
import { Badge, Button, Modal, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconEdit, IconPlus } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import { cashierSchemas, RECEIPT_LAYOUTS, type Office, type ReceiptLayout, type Till } from '../../../../shared/contract';
import { useT, type MessageKey } from '../../i18n';
import { check, notifySuccess, text, useForm } from '../../app/forms';
import { DataTable } from '../../app/DataTable';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { PageTitle } from '../../app/PageTitle';
import { FormError, FormActions } from '../../app/FormParts';
import { useSession } from '../../app/session';

export const LAYOUT_LABELS: Record<ReceiptLayout, MessageKey> = {
  termica80: 'tills.layout.termica80',
  carta: 'tills.layout.carta',
};

export function TillsPage() {
  const t = useT();
  const { data, error, loading, reload } = useLoad(async () => {
    const [tills, offices] = await Promise.all([send('tills.list', {}), send('offices.list', {})]);
    return { tills, offices };
  }, []);
  const [editing, setEditing] = useState<Till | 'new' | null>(null);

  if (loading && !data) return <Loading />;
  if (error || !data) return error ? <LoadError error={error} retry={() => void reload()} /> : null;

  const officeLabel = (id: number) => {
    const office = data.offices.find((o) => o.id === id);
    return office ? `${office.code} · ${office.name}` : String(id);
  };

  return (
    <>
      <PageTitle
        title={t('tills.title')}
        description={t('tills.description')}
        actions={
          <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing('new')}>
            {t('tills.new')}
          </Button>
        }
      />
      <DataTable<Till>
        label={t('tills.title')}
        records={data.tills}
        idOf={(till) => till.id}
        empty={t('tills.empty')}
        minWidth={820}
        pinLastColumn
        columns={[
          { key: 'office', title: t('tills.office'), sortValue: (till) => officeLabel(till.officeId), render: (till) => officeLabel(till.officeId) },
          { key: 'code', title: t('tills.code'), sortable: true, noWrap: true, render: (till) => <Text fw={600} size="sm">{till.code}</Text> },
          { key: 'name', title: t('tills.name'), sortable: true },
          { key: 'receiptLayout', title: t('tills.layout'), sortValue: (till) => t(LAYOUT_LABELS[till.receiptLayout]), render: (till) => t(LAYOUT_LABELS[till.receiptLayout]) },
          {
            key: 'active',
            title: t('tills.state'),
            sortValue: (till) => (till.active ? 0 : 1),
            render: (till) => (
              <Badge color={till.active ? 'teal' : 'gray'} variant="light">
                {till.active ? t('tills.active') : t('tills.inactive')}
              </Badge>
            ),
          },
          {
            key: 'openBy',
            title: t('tills.openBy'),
            sortable: true,
            render: (till) =>
              till.openBy ? (
                <Badge color="blue" variant="light">
                  {t('tills.openNow', { name: till.openBy })}
                </Badge>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('tills.closed')}
                </Text>
              ),
          },
          {
            key: 'actions',
            title: '',
            width: 110,
            render: (till) => (
              <Button size="xs" variant="light" leftSection={<IconEdit size={14} />} onClick={() => setEditing(till)}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      {editing && (
        <TillModal
          till={editing === 'new' ? null : editing}
          offices={data.offices}
          onClose={() => setEditing(null)}
          onSaved={() => void reload()}
        />
      )}
    </>
  );
}

interface TillValues {
  officeId: number;
  code: string;
  name: string;
  receiptLayout: ReceiptLayout;
  active: boolean;
}

function TillModal({ till, offices, onClose, onSaved }: { till: Till | null; offices: Office[]; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { user } = useSession();
  const initial: TillValues = till
    ? { officeId: till.officeId, code: till.code, name: till.name, receiptLayout: till.receiptLayout, active: till.active }
    : { officeId: user.officeId, code: '', name: '', receiptLayout: 'termica80', active: true };
  const { values, set, errors, setErrors } = useForm<TillValues>(initial);
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = { ...values, ...(till ? { tillId: till.id } : {}) };
    const checked = check(cashierSchemas['tills.save'], input);
    if (!checked.ok) return setErrors(checked.errors);
    setBusy(true);
    const result = await call('tills.save', checked.data);
    setBusy(false);
    if (!result.ok) return setErrors({ ...(result.error.fields ?? {}), _: result.error.message });
    notifySuccess(till ? t('tills.updated', { name: result.data.name }) : t('tills.created', { name: result.data.name }));
    onSaved();
    onClose();
  };

  return (
    <Modal opened onClose={onClose} title={till ? t('tills.editTitle', { code: till.code }) : t('tills.new')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={errors._} />
          <Select
            label={t('tills.office')}
            data={offices.map((o) => ({ value: String(o.id), label: `${o.code} · ${o.name}` }))}
            value={String(values.officeId)}
            onChange={(v) => v && set('officeId', Number(v))}
            allowDeselect={false}
            error={errors.officeId}
            disabled={till !== null}
            required
          />
          <TextInput
            label={t('tills.code')}
            description={t('tills.codeHelp')}
            value={values.code}
            onChange={text((v) => set('code', v.toUpperCase()))}
            error={errors.code}
            maxLength={10}
            data-autofocus
            required
          />
          <TextInput label={t('tills.name')} value={values.name} onChange={text((v) => set('name', v))} error={errors.name} maxLength={60} required />
          <Select
            label={t('tills.layout')}
            description={t('tills.layoutHelp')}
            data={RECEIPT_LAYOUTS.map((layout) => ({ value: layout, label: t(LAYOUT_LABELS[layout]) }))}
            value={values.receiptLayout}
            onChange={(v) => v && set('receiptLayout', v as ReceiptLayout)}
            allowDeselect={false}
            error={errors.receiptLayout}
          />
          <Switch label={t('tills.activeLabel')} checked={values.active} onChange={(e) => set('active', e.currentTarget.checked)} />
          <FormActions onCancel={onClose} busy={busy} />
        </Stack>
      </form>
    </Modal>
  );
}
