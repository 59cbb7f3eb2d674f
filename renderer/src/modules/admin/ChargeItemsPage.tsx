/** Administración › Cobros varios: the price list the cashier charges from (reconexión, duplicado…). */
import { useState } from 'react';
import { Badge, Button, Modal, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconEdit, IconPlus } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import { cashierSchemas, type ChargeItem } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { check, notifySuccess, text, useForm } from '../../app/forms';
import { DataTable } from '../../app/DataTable';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { PageTitle } from '../../app/PageTitle';
import { FormError, FormActions } from '../../app/FormParts';
import { useSession } from '../../app/session';
import { MoneyInput } from '../../app/MoneyInput';

export function ChargeItemsPage() {
  const t = useT();
  const { money } = useSession();
  const { data: items, error, loading, reload } = useLoad(() => send('chargeItems.list', {}), []);
  const [editing, setEditing] = useState<ChargeItem | 'new' | null>(null);

  if (loading && !items) return <Loading />;
  if (error || !items) return error ? <LoadError error={error} retry={() => void reload()} /> : null;

  return (
    <>
      <PageTitle
        title={t('chargeItems.title')}
        description={t('chargeItems.description')}
        actions={
          <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing('new')}>
            {t('chargeItems.new')}
          </Button>
        }
      />
      <DataTable<ChargeItem>
        label={t('chargeItems.title')}
        records={items}
        idOf={(item) => item.id}
        empty={t('chargeItems.empty')}
        minWidth={640}
        rowColor={(item) => (item.active ? undefined : 'dimmed')}
        columns={[
          { key: 'code', title: t('chargeItems.code'), sortable: true, noWrap: true, render: (item) => <Text fw={600} size="sm">{item.code}</Text> },
          { key: 'name', title: t('chargeItems.name'), sortable: true },
          { key: 'amount', title: t('chargeItems.amount'), sortable: true, textAlign: 'right', noWrap: true, render: (item) => money(item.amount) },
          {
            key: 'active',
            title: t('chargeItems.state'),
            sortValue: (item) => (item.active ? 0 : 1),
            render: (item) => (
              <Badge color={item.active ? 'teal' : 'gray'} variant="light">
                {item.active ? t('chargeItems.active') : t('chargeItems.inactive')}
              </Badge>
            ),
          },
          {
            key: 'actions',
            title: '',
            width: 110,
            render: (item) => (
              <Button size="xs" variant="light" leftSection={<IconEdit size={14} />} onClick={() => setEditing(item)}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      {editing && <ChargeItemModal item={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={() => void reload()} />}
    </>
  );
}

interface ItemValues {
  code: string;
  name: string;
  amount: number | null;
  active: boolean;
}

function ChargeItemModal({ item, onClose, onSaved }: { item: ChargeItem | null; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { money } = useSession();
  const initial: ItemValues = item ? { code: item.code, name: item.name, amount: item.amount, active: item.active } : { code: '', name: '', amount: null, active: true };
  const { values, set, errors, setErrors } = useForm<ItemValues>(initial);
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (values.amount === null) return setErrors({ amount: t('common.required') });
    const checked = check(cashierSchemas['chargeItems.save'], { ...values, amount: values.amount, ...(item ? { chargeItemId: item.id } : {}) });
    if (!checked.ok) return setErrors(checked.errors);
    setBusy(true);
    const result = await call('chargeItems.save', checked.data);
    setBusy(false);
    if (!result.ok) return setErrors({ ...(result.error.fields ?? {}), _: result.error.message });
    notifySuccess(t(item ? 'chargeItems.updated' : 'chargeItems.created', { name: result.data.name, amount: money(result.data.amount) }));
    onSaved();
    onClose();
  };

  return (
    <Modal opened onClose={onClose} title={item ? t('chargeItems.editTitle', { code: item.code }) : t('chargeItems.new')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={errors._} />
          <TextInput
            label={t('chargeItems.code')}
            value={values.code}
            onChange={text((v) => set('code', v.toUpperCase()))}
            error={errors.code}
            maxLength={20}
            data-autofocus
            required
          />
          <TextInput
            label={t('chargeItems.name')}
            placeholder={t('chargeItems.namePlaceholder')}
            value={values.name}
            onChange={text((v) => set('name', v))}
            error={errors.name}
            maxLength={100}
            required
          />
          <MoneyInput label={t('chargeItems.amount')} value={values.amount} onChange={(v) => set('amount', v)} error={errors.amount} required />
          <Switch
            label={t('chargeItems.activeLabel')}
            description={t('chargeItems.activeHelp')}
            checked={values.active}
            onChange={(e) => set('active', e.currentTarget.checked)}
          />
          <FormActions onCancel={onClose} busy={busy} />
        </Stack>
      </form>
    </Modal>
  );
}
