/** Demonstration data: loaded instead of the wizard, its users and passwords shown once. */
import { useState } from 'react';
import { Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { DataTable } from '../DataTable';
import { IconAlertTriangle, IconFlask } from '@tabler/icons-react';
import { call } from '../../api/client';
import type { DemoCredentials } from '../../../../shared/contract';
import { ROLE_LABELS, type Role } from '../../../../shared/roles';
import { useT } from '../../i18n';
import { AuthLayout } from '../auth/AuthLayout';

export function LoadDemoButton({ onLoaded }: { onLoaded: (credentials: DemoCredentials) => void }) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    setBusy(true);
    setError(null);
    const result = await call('setup.loadDemo', {});
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    setConfirming(false);
    onLoaded(result.data);
  };

  return (
    <>
      <Button variant="light" leftSection={<IconFlask size={18} />} onClick={() => setConfirming(true)} style={{ flexShrink: 0 }}>
        {t('setup.demoButton')}
      </Button>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('setup.demoConfirmTitle')}>
        <Stack>
          <Text>{t('setup.demoConfirmText')}</Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button onClick={() => void load()} loading={busy} data-autofocus>
              {t('setup.demoConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

export function DemoCredentialsView({ credentials, onDone }: { credentials: DemoCredentials; onDone: () => void }) {
  const t = useT();
  return (
    <AuthLayout title={t('setup.demoLoaded')} width={720}>
      <Alert color="orange" icon={<IconAlertTriangle />} title={t('setup.demoWriteDown')}>
        {t('setup.demoWriteDownText')}
      </Alert>
      <DataTable<DemoCredentials['users'][number]>
        label={t('setup.demoLoaded')}
        records={credentials.users}
        idOf={(u) => u.username}
        columns={[
          { key: 'fullName', title: t('users.fullName'), sortable: true },
          { key: 'role', title: t('users.role'), sortValue: (u) => ROLE_LABELS[u.role as Role] ?? u.role, render: (u) => ROLE_LABELS[u.role as Role] ?? u.role },
          { key: 'username', title: t('users.username'), sortable: true, render: (u) => <Code>{u.username}</Code> },
          { key: 'password', title: t('login.password'), render: (u) => <Code>{u.password}</Code> },
        ]}
      />
      <Group justify="flex-end">
        <Button onClick={onDone} autoFocus>
          {t('setup.demoDone')}
        </Button>
      </Group>
    </AuthLayout>
  );
}
