import { useState } from 'react';
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle, IconInfoCircle } from '@tabler/icons-react';
import { call } from '../../api/client';
import type { LoginResult } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { apiErrorOf, text } from '../forms';
import { AuthLayout } from './AuthLayout';

export function LoginScreen({
  initialUsername,
  notice,
  onLoggedIn,
}: {
  initialUsername?: string;
  notice?: string;
  onLoggedIn: (result: LoginResult) => Promise<void>;
}) {
  const t = useT();
  const [username, setUsername] = useState(initialUsername ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) return setError(t('login.missing'));
    setBusy(true);
    setError(null);
    const result = await call('auth.login', { username, password });
    if (!result.ok) {
      setBusy(false);
      setPassword('');
      return setError(result.error.message);
    }
    try {
      await onLoggedIn(result.data);
    } catch (e) {
      setBusy(false);
      setError(apiErrorOf(e).message);
    }
  };

  return (
    <AuthLayout title={t('login.title')} subtitle={t('login.subtitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {notice && !error && (
            <Alert color="blue" icon={<IconInfoCircle />}>
              {notice}
            </Alert>
          )}
          {error && (
            <Alert color="red" icon={<IconAlertCircle />} role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={t('login.username')}
            value={username}
            onChange={text(setUsername)}
            autoComplete="username"
            autoFocus={!initialUsername}
            required
          />
          <PasswordInput
            label={t('login.password')}
            value={password}
            onChange={text(setPassword)}
            autoComplete="current-password"
            autoFocus={Boolean(initialUsername)}
            required
          />
          <Button type="submit" loading={busy}>
            {t('login.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
