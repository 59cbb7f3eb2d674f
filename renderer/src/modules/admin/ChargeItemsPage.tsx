/** Administración › Cobros varios: the price list the cashier charges from (reconexión, duplicado…). */
import { useState } from 'react';
import { Badge, Button, Modal, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { IconEdit, IconPlus } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import { cashierSchemas, type ChargeItem } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { check, notifySuccess, text, useForm } from '../../app/forms';
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
      {items.length === 0 ? (
        <Text c="dimmed">{t('chargeItems.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover aria-label={t('chargeItems.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('chargeItems.code')}</Table.Th>
                <Table.Th>{t('chargeItems.name')}</Table.Th>
                <Table.Th ta="right">{t('chargeItems.amount')}</Table.Th>
                <Table.Th>{t('chargeItems.state')}</Table.Th>
                <Table.Th w={110} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={item.id} c={item.active ? undefined : 'dimmed'}>
                  <Table.Td fw={600}>{item.code}</Table.Td>
                  <Table.Td>{item.name}</Table.Td>
                  <Table.Td ta="right">{money(item.amount)}</Table.Td>
                  <Table.Td>
                    <Badge color={item.active ? 'teal' : 'gray'} variant="light">
                      {item.active ? t('chargeItems.active') : t('chargeItems.inactive')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="light" leftSection={<IconEdit size={14} />} onClick={() => setEditing(item)}>
                      {t('common.edit')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
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
