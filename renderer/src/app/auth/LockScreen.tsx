import { useState } from 'react';
import { Avatar, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { IconLock, IconLockOpen } from '@tabler/icons-react';
import { call } from '../../api/client';
import type { SessionUser } from '../../../../shared/contract';
import { ROLE_LABELS } from '../../../../shared/roles';
import { useT } from '../../i18n';
import { text } from '../forms';
import { FormError } from '../FormParts';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('');
}

/**
 * The locked screen: it covers everything (the work stays underneath, unchanged) and asks the same
 * user's password. Another person at the counter logs out instead.
 */
export function LockScreen({
  user,
  onUnlocked,
  onLogout,
  overlay = false,
}: {
  user: SessionUser;
  onUnlocked: () => void;
  onLogout: () => void;
  overlay?: boolean;
}) {
  const t = useT();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await call('auth.unlock', { password });
    setBusy(false);
    setPassword('');
    if (result.ok) return onUnlocked();
    // A wrong password says how many tries are left; the one that locks the user ends the session
    // (NOT_AUTHENTICATED), and the client's session listener takes the user back to login with it.
    if (result.error.code !== 'NOT_AUTHENTICATED') setError(result.error.message);
  };

  return (
    <Modal.Root opened onClose={() => undefined} closeOnEscape={false} closeOnClickOutside={false} zIndex={3000} size="sm" centered>
      <Modal.Overlay backgroundOpacity={overlay ? 0.92 : 1} blur={12} />
      <Modal.Content>
        <Modal.Body pt="md">
          <form onSubmit={submit} noValidate>
            <Stack align="stretch" gap="md" p="sm">
              <Group gap="sm" wrap="nowrap">
                <Avatar color="teal" radius="xl" size="lg">
                  {initials(user.fullName)}
                </Avatar>
                <div>
                  <Modal.Title fz="h3" fw={700}>
                    {user.fullName}
                  </Modal.Title>
                  <Text size="sm" c="dimmed">
                    {ROLE_LABELS[user.role]} · {user.officeName}
                  </Text>
                </div>
              </Group>
              <Group gap={8} wrap="nowrap" align="flex-start">
                <IconLock size={18} style={{ flexShrink: 0, marginTop: 3 }} />
                <Text>{t('lock.message')}</Text>
              </Group>
              <FormError message={error} />
              <PasswordInput
                label={t('login.password')}
                value={password}
                onChange={text(setPassword)}
                autoComplete="current-password"
                data-autofocus
                autoFocus
              />
              <Button type="submit" leftSection={<IconLockOpen size={18} />} loading={busy}>
                {t('lock.unlock')}
              </Button>
              <Button variant="subtle" color="gray" onClick={onLogout}>
                {t('shell.logout')}
              </Button>
            </Stack>
          </form>
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
