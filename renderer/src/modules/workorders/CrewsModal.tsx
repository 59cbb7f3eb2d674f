/** The office's crews (cuadrillas): the list, and one added or changed (code, name, members, active). */
import { useState } from 'react';
import { Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { send } from '../../api/client';
import type { Crew } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { DataTable } from '../../app/DataTable';
import { FormError } from '../../app/FormParts';
import { apiErrorOf, text } from '../../app/forms';
import { useLoad } from '../../app/useLoad';

export function CrewsModal({ opened, onClose, changed }: { opened: boolean; onClose: () => void; changed: () => void }) {
  const t = useT();
  const crews = useLoad(() => (opened ? send('workOrders.crews', { includeInactive: true }) : Promise.resolve([])), [opened]);
  const [editing, setEditing] = useState<Crew | null>(null);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [members, setMembers] = useState('');
  const [active, setActive] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const edit = (c: Crew | null) => {
    setEditing(c);
    setCode(c?.code ?? '');
    setName(c?.name ?? '');
    setMembers(c?.members ?? '');
    setActive(c?.active ?? true);
    setError(null);
  };
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await send('workOrders.saveCrew', { ...(editing ? { crewId: editing.id } : {}), code: code.trim(), name: name.trim(), members: members.trim(), active });
      edit(null);
      await crews.reload();
      changed();
    } catch (e) {
      setError(apiErrorOf(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('wo.crews.title')} size="lg">
      <Stack gap="sm">
        <DataTable<Crew>
          label={t('wo.crews.title')}
          records={crews.data ?? []}
          idOf={(c) => c.id}
          compact
          empty={t('wo.crews.none')}
          onRowClick={edit}
          columns={[
            { key: 'code', title: t('wo.crews.code'), noWrap: true },
            { key: 'name', title: t('wo.crews.name') },
            { key: 'members', title: t('wo.crews.members') },
            { key: 'active', title: t('wo.crews.active'), render: (c) => (c.active ? t('common.yes') : t('common.no')) },
          ]}
        />
        <form onSubmit={(e) => void save(e)}>
          <Stack gap="xs">
            <Group grow align="flex-start">
              <TextInput label={t('wo.crews.code')} value={code} onChange={text(setCode)} required maxLength={20} data-testid="crew-code" />
              <TextInput label={t('wo.crews.name')} value={name} onChange={text(setName)} required maxLength={80} data-testid="crew-name" />
            </Group>
            <TextInput label={t('wo.crews.members')} value={members} onChange={text(setMembers)} maxLength={200} />
            <Checkbox label={t('wo.crews.active')} checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
            <FormError message={error} />
            <Group justify="flex-end">
              {editing && (
                <Button variant="default" onClick={() => edit(null)}>
                  {t('common.cancel')}
                </Button>
              )}
              <Button type="submit" loading={busy} data-testid="crew-save">
                {editing ? t('common.save') : t('wo.crews.add')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Modal>
  );
}
