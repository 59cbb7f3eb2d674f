/** Administración › Oficinas: list, create, edit. */
import { useState } from 'react';
import { Badge, Button, Modal, Stack, Table } from '@mantine/core';
import { IconEdit, IconPlus } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import { officeFields, type Office } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { check, notifySuccess, useForm } from '../../app/forms';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { PageTitle } from '../../app/PageTitle';
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
      <Table.ScrollContainer minWidth={820}>
        <Table striped highlightOnHover aria-label={t('offices.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('office.code')}</Table.Th>
              <Table.Th>{t('office.name')}</Table.Th>
              <Table.Th>{t('office.city')}</Table.Th>
              <Table.Th>{t('office.address')}</Table.Th>
              <Table.Th>{t('office.phone')}</Table.Th>
              <Table.Th>{t('offices.saturday')}</Table.Th>
              <Table.Th w={110} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {offices.map((o) => (
              <Table.Tr key={o.id}>
                <Table.Td fw={600}>{o.code}</Table.Td>
                <Table.Td>
                  {o.name}{' '}
                  {!o.active && (
                    <Badge color="gray" variant="light">
                      {t('users.inactive')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {o.city} ({o.cityDane})
                </Table.Td>
                <Table.Td>{o.address}</Table.Td>
                <Table.Td>{o.phone}</Table.Td>
                <Table.Td>{o.saturdayIsBusinessDay ? t('common.yes') : t('common.no')}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="light" leftSection={<IconEdit size={14} />} onClick={() => setEditing(o)}>
                    {t('common.edit')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
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
