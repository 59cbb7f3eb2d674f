/** Administración › Usuarios: list, create, edit role/office, reset password, (de)activate. */
import { useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Code, Group, Menu, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconDots, IconEdit, IconKey, IconPlus, IconRefresh, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import { userFields, usersSchemas, type Office, type UserRow } from '../../../../shared/contract';
import { ROLES, ROLE_LABELS, type Role } from '../../../../shared/roles';
import { useT } from '../../i18n';
import { check, notifySuccess, text, useForm } from '../../app/forms';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { PageTitle } from '../../app/PageTitle';
import { DataTable } from '../../app/DataTable';
import { ConfirmModal } from '../../app/ConfirmModal';
import { FormError, FormActions } from '../../app/FormParts';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

/** A password that is easy to read aloud at the counter: no 0/O, 1/l/I. */
export function generatePassword(length = 10): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint32Array(length));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export function UsersPage() {
  const t = useT();
  const { dateTime, user: me } = useSession();
  const { data, error, loading, reload } = useLoad(
    async () => ({ users: await send('users.list', {}), offices: await send('offices.list', {}) }),
    [],
  );
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [resetting, setResetting] = useState<UserRow | null>(null);
  const [toggling, setToggling] = useState<UserRow | null>(null);

  if (loading && !data) return <Loading />;
  if (error || !data) return error ? <LoadError error={error} retry={() => void reload()} /> : null;
  const offices = data.offices.filter((o) => o.active);

  return (
    <>
      <PageTitle
        title={t('users.title')}
        description={t('users.description')}
        actions={
          <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
            {t('users.new')}
          </Button>
        }
      />
      <DataTable<UserRow>
        label={t('users.title')}
        records={data.users}
        idOf={(u) => u.id}
        minWidth={820}
        pinLastColumn
        rowColor={(u) => (u.active ? undefined : 'dimmed')}
        columns={[
          { key: 'fullName', title: t('users.fullName'), sortable: true, render: (u) => <Text fw={500} size="sm">{u.fullName}</Text> },
          { key: 'username', title: t('users.username'), sortable: true, render: (u) => <Code>{u.username}</Code> },
          { key: 'role', title: t('users.role'), sortValue: (u) => ROLE_LABELS[u.role], render: (u) => ROLE_LABELS[u.role] },
          { key: 'officeName', title: t('users.office'), sortable: true },
          {
            key: 'active',
            title: t('users.state'),
            sortValue: (u) => (u.active ? 0 : 1),
            render: (u) => (
              <Badge color={u.active ? 'teal' : 'gray'} variant="light">
                {u.active ? t('users.active') : t('users.inactive')}
              </Badge>
            ),
          },
          { key: 'lastLoginAt', title: t('users.lastLogin'), sortable: true, noWrap: true, render: (u) => (u.lastLoginAt ? dateTime(u.lastLoginAt) : t('users.never')) },
          {
            key: 'actions',
            title: '',
            width: 60,
            render: (u) => (
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <ActionIcon variant="subtle" aria-label={t('users.actionsFor', { name: u.fullName })}>
                    <IconDots size={18} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item leftSection={<IconEdit size={16} />} onClick={() => setEditing(u)}>
                    {t('users.edit')}
                  </Menu.Item>
                  <Menu.Item leftSection={<IconKey size={16} />} onClick={() => setResetting(u)}>
                    {t('users.resetPassword')}
                  </Menu.Item>
                  <Menu.Item
                    leftSection={u.active ? <IconUserOff size={16} /> : <IconUserCheck size={16} />}
                    color={u.active ? 'red' : undefined}
                    disabled={u.id === me.id}
                    onClick={() => setToggling(u)}
                  >
                    {u.active ? t('users.deactivate') : t('users.activate')}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            ),
          },
        ]}
      />

      <CreateUserModal opened={creating} offices={offices} onClose={() => setCreating(false)} onSaved={() => void reload()} />
      {editing && <EditUserModal user={editing} offices={offices} onClose={() => setEditing(null)} onSaved={() => void reload()} />}
      {resetting && <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />}
      <ConfirmModal
        opened={toggling !== null}
        onClose={() => setToggling(null)}
        title={toggling?.active ? t('users.deactivateTitle', { name: toggling.fullName }) : t('users.activateTitle', { name: toggling?.fullName ?? '' })}
        confirmLabel={toggling?.active ? t('users.deactivate') : t('users.activate')}
        color={toggling?.active ? 'red' : undefined}
        onConfirm={async () => {
          if (!toggling) return;
          const updated = await send('users.setActive', { userId: toggling.id, active: !toggling.active });
          notifySuccess(updated.active ? t('users.activated', { name: updated.fullName }) : t('users.deactivated', { name: updated.fullName }));
          void reload();
        }}
      >
        <Text>{toggling?.active ? t('users.deactivateText') : t('users.activateText')}</Text>
      </ConfirmModal>
    </>
  );
}

function OfficeSelect({ offices, value, onChange, error }: { offices: Office[]; value: number | null; onChange: (id: number) => void; error?: string }) {
  const t = useT();
  return (
    <Select
      label={t('users.office')}
      data={offices.map((o) => ({ value: String(o.id), label: `${o.code} · ${o.name}` }))}
      value={value === null ? null : String(value)}
      onChange={(v) => v && onChange(Number(v))}
      allowDeselect={false}
      error={error}
      required
    />
  );
}

function CreateUserModal({ opened, offices, onClose, onSaved }: { opened: boolean; offices: Office[]; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { user: me } = useSession();
  const initial = () => ({ fullName: '', username: '', officeId: me.officeId, role: 'cajero' as Role, password: generatePassword(), busy: false });
  const { values, set, errors, setErrors, setValues } = useForm(initial);

  const close = () => {
    setValues(initial());
    setErrors({});
    onClose();
  };
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = { fullName: values.fullName, username: values.username, officeId: values.officeId, role: values.role, password: values.password };
    const checked = check(userFields, input);
    if (!checked.ok) return setErrors(checked.errors);
    set('busy', true);
    const result = await call('users.create', input);
    set('busy', false);
    if (!result.ok) return setErrors({ ...(result.error.fields ?? {}), _: result.error.message });
    notifySuccess(t('users.created', { name: result.data.fullName, username: result.data.username }));
    onSaved();
    close();
  };

  return (
    <Modal opened={opened} onClose={close} title={t('users.new')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={errors._} />
          <TextInput label={t('users.fullName')} value={values.fullName} onChange={text((v) => set('fullName', v))} error={errors.fullName} data-autofocus required />
          <TextInput
            label={t('users.username')}
            description={t('users.usernameHelp')}
            value={values.username}
            onChange={text((v) => set('username', v.toLowerCase()))}
            error={errors.username}
            autoComplete="off"
            required
          />
          <OfficeSelect offices={offices} value={values.officeId} onChange={(id) => set('officeId', id)} error={errors.officeId} />
          <Select
            label={t('users.role')}
            data={ROLE_OPTIONS}
            value={values.role}
            onChange={(v) => v && set('role', v as Role)}
            allowDeselect={false}
            error={errors.role}
            required
          />
          <TextInput
            label={t('users.initialPassword')}
            description={t('users.initialPasswordHelp')}
            value={values.password}
            onChange={text((v) => set('password', v))}
            error={errors.password}
            autoComplete="off"
            required
            rightSectionWidth={40}
            rightSection={
              <ActionIcon variant="subtle" aria-label={t('users.generate')} onClick={() => set('password', generatePassword())}>
                <IconRefresh size={16} />
              </ActionIcon>
            }
          />
          <FormActions onCancel={close} busy={values.busy} submitLabel={t('users.create')} />
        </Stack>
      </form>
    </Modal>
  );
}

function EditUserModal({ user, offices, onClose, onSaved }: { user: UserRow; offices: Office[]; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { values, set, errors, setErrors } = useForm({ fullName: user.fullName, officeId: user.officeId, role: user.role, busy: false });
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = { userId: user.id, fullName: values.fullName, officeId: values.officeId, role: values.role };
    const checked = check(usersSchemas['users.update'], input);
    if (!checked.ok) return setErrors(checked.errors);
    set('busy', true);
    const result = await call('users.update', input);
    set('busy', false);
    if (!result.ok) return setErrors({ ...(result.error.fields ?? {}), _: result.error.message });
    notifySuccess(t('users.updated', { name: result.data.fullName }));
    onSaved();
    onClose();
  };
  return (
    <Modal opened onClose={onClose} title={t('users.editTitle', { username: user.username })}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={errors._} />
          <TextInput label={t('users.fullName')} value={values.fullName} onChange={text((v) => set('fullName', v))} error={errors.fullName} data-autofocus />
          <OfficeSelect offices={offices} value={values.officeId} onChange={(id) => set('officeId', id)} error={errors.officeId} />
          <Select label={t('users.role')} data={ROLE_OPTIONS} value={values.role} onChange={(v) => v && set('role', v as Role)} allowDeselect={false} error={errors.role} />
          <FormActions onCancel={onClose} busy={values.busy} />
        </Stack>
      </form>
    </Modal>
  );
}

/** The new password is shown once, to hand to the user; it must be changed at the next login. */
function ResetPasswordModal({ user, onClose }: { user: UserRow; onClose: () => void }) {
  const t = useT();
  const { values, set, errors, setErrors } = useForm({ password: generatePassword(), busy: false, done: false });
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (values.done) return onClose();
    const input = { userId: user.id, newPassword: values.password };
    const checked = check(usersSchemas['users.resetPassword'], input);
    if (!checked.ok) return setErrors({ password: checked.errors.newPassword ?? Object.values(checked.errors)[0] });
    set('busy', true);
    const result = await call('users.resetPassword', input);
    set('busy', false);
    if (!result.ok) return setErrors({ password: result.error.fields?.newPassword ?? result.error.message });
    set('done', true);
  };
  return (
    <Modal opened onClose={onClose} title={t('users.resetTitle', { name: user.fullName })}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {values.done ? (
            <>
              <Alert color="teal" title={t('users.resetDone')}>
                <Stack gap="xs">
                  <Text>{t('users.resetDoneText', { username: user.username })}</Text>
                  <Code fz="lg" p="xs" data-testid="new-password">
                    {values.password}
                  </Code>
                  <Text size="sm">{t('users.resetOnce')}</Text>
                </Stack>
              </Alert>
              <Group justify="flex-end">
                <Button type="submit" data-autofocus>
                  {t('common.close')}
                </Button>
              </Group>
            </>
          ) : (
            <>
              <Text>{t('users.resetText')}</Text>
              <TextInput
                label={t('password.new')}
                description={t('password.rule')}
                value={values.password}
                onChange={text((v) => set('password', v))}
                error={errors.password}
                autoComplete="off"
                data-autofocus
              />
              <Group justify="space-between">
                <Button variant="subtle" leftSection={<IconRefresh size={16} />} onClick={() => set('password', generatePassword())}>
                  {t('users.generate')}
                </Button>
                <Group>
                  <Button variant="default" onClick={onClose}>
                    {t('common.cancel')}
                  </Button>
                  <Button type="submit" loading={values.busy}>
                    {t('users.resetPassword')}
                  </Button>
                </Group>
              </Group>
            </>
          )}
        </Stack>
      </form>
    </Modal>
  );
}
