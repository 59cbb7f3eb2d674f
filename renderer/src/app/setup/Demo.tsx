/** Demonstration data: loaded instead of the wizard, its users and passwords shown once. */
import { useState } from 'react';
import { Alert, Button, Code, Group, Modal, Stack, Table, Text } from '@mantine/core';
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
      <Table withTableBorder striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('users.fullName')}</Table.Th>
            <Table.Th>{t('users.role')}</Table.Th>
            <Table.Th>{t('users.username')}</Table.Th>
            <Table.Th>{t('login.password')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {credentials.users.map((u) => (
            <Table.Tr key={u.username}>
              <Table.Td>{u.fullName}</Table.Td>
              <Table.Td>{ROLE_LABELS[u.role as Role] ?? u.role}</Table.Td>
              <Table.Td>
                <Code>{u.username}</Code>
              </Table.Td>
              <Table.Td>
                <Code>{u.password}</Code>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="flex-end">
        <Button onClick={onDone} autoFocus>
          {t('setup.demoDone')}
        </Button>
      </Group>
    </AuthLayout>
  );
}
