/** Administración › Oficinas: list, create, edit. */
import { useState } from 'react';
import { Badge, Button, Modal, Stack, Text } from '@mantine/core';
import { IconEdit, IconPlus } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import { officeFields, type Office } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { check, notifySuccess, useForm } from '../../app/forms';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { PageTitle } from '../../app/PageTitle';
import { DataTable } from '../../app/DataTable';
import { EMPTY_OFFICE, OfficeFields, type OfficeValues } from './OfficeFields';
import { FormError, FormActions } from '../../app/FormParts';

export function OfficesPage() {
  const t = useT();
  const { data: offices, error, loading, reload } = useLoad(() => send('offices.list', {}), []);
  const [editing, setEditing] = useState<Office | 'new' | null>(null);

  if (loading && !offices) return <Loading />;
  if (error || !offices) return error ? <LoadError error={error} retry={() => void reload()} /> : null;

  return (
    <>
      <PageTitle
        title={t('offices.title')}
        description={t('offices.description')}
        actions={
          <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing('new')}>
            {t('offices.new')}
          </Button>
        }
      />
      <DataTable<Office>
        label={t('offices.title')}
        records={offices}
        idOf={(o) => o.id}
        minWidth={820}
        pinLastColumn
        columns={[
          { key: 'code', title: t('office.code'), sortable: true, noWrap: true, render: (o) => <Text fw={600}>{o.code}</Text> },
          {
            key: 'name',
            title: t('office.name'),
            sortable: true,
            render: (o) => (
              <>
                {o.name}{' '}
                {!o.active && (
                  <Badge color="gray" variant="light">
                    {t('users.inactive')}
                  </Badge>
                )}
              </>
            ),
          },
          { key: 'city', title: t('office.city'), sortable: true, render: (o) => `${o.city} (${o.cityDane})` },
          { key: 'address', title: t('office.address'), sortable: true },
          { key: 'phone', title: t('office.phone'), noWrap: true },
          { key: 'saturday', title: t('offices.saturday'), sortValue: (o) => (o.saturdayIsBusinessDay ? 1 : 0), render: (o) => (o.saturdayIsBusinessDay ? t('common.yes') : t('common.no')) },
          {
            key: 'actions',
            title: '',
            width: 110,
            render: (o) => (
              <Button size="xs" variant="light" leftSection={<IconEdit size={14} />} onClick={() => setEditing(o)}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      {editing && <OfficeModal office={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={() => void reload()} />}
    </>
  );
}

function OfficeModal({ office, onClose, onSaved }: { office: Office | null; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const initial: OfficeValues = office
    ? {
        code: office.code,
        name: office.name,
        city: office.city,
        cityDane: office.cityDane,
        address: office.address,
        phone: office.phone,
        saturdayIsBusinessDay: office.saturdayIsBusinessDay,
        closingTime: office.closingTime ?? '',
      }
    : EMPTY_OFFICE;
  const { values, set, errors, setErrors } = useForm<OfficeValues>(initial);
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const checked = check(officeFields, values);
    if (!checked.ok) return setErrors(checked.errors);
    setBusy(true);
    const result = office ? await call('offices.update', { ...values, officeId: office.id }) : await call('offices.create', values);
    setBusy(false);
    if (!result.ok) return setErrors({ ...(result.error.fields ?? {}), _: result.error.message });
    notifySuccess(office ? t('offices.updated', { name: result.data.name }) : t('offices.created', { name: result.data.name }));
    onSaved();
    onClose();
  };

  return (
    <Modal opened onClose={onClose} size="lg" title={office ? t('offices.editTitle', { code: office.code }) : t('offices.new')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={errors._} />
          <OfficeFields values={values} set={set} errors={errors} autoFocus />
          <FormActions onCancel={onClose} busy={busy} />
        </Stack>
      </form>
    </Modal>
  );
}
