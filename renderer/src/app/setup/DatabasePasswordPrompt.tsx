/**
 * The desktop app's small window before it opens the database (electron/main/password-prompt.ts):
 * the saved PostgreSQL connection's password was sealed by another Windows user of this computer;
 * this user types it once and it is sealed for them too. It talks to the main process through the
 * same channel as the app (window.api.send), with the three startup calls of that file.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Code, Group, PasswordInput, Stack, Text } from '@mantine/core';
import type { PasswordPromptInfo } from '../../../../shared/contract';
import type { Result } from '../../../../shared/result';
import { useT } from '../../i18n';
import { AuthLayout } from '../auth/AuthLayout';

const ask = (name: string, args: unknown) => (window.api ? window.api.send(name, args, null) : Promise.resolve<Result<unknown>>({ ok: false, error: { code: 'INTERNAL', message: 'Solo en la aplicación de escritorio' } }));

export function DatabasePasswordPrompt() {
  const t = useT();
  const [info, setInfo] = useState<PasswordPromptInfo | null>(null);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void ask('startup.passwordPrompt', {}).then((r) => (r.ok ? setInfo(r.data as PasswordPromptInfo) : setError(r.error.message)));
  }, []);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await ask('startup.password', { password });
    if (!result.ok) {
      setBusy(false);
      setError(result.error.message);
    }
  };

  return (
    <AuthLayout title={t('prompt.title')} width={520}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          {info && (
            <Text size="sm">
              {t('prompt.text', { users: info.sealedBy.map((u) => `«${u}»`).join(', ') || t('prompt.someone'), user: info.user })}
            </Text>
          )}
          {info && (
            <Text size="sm">
              {t('prompt.server')} <Code>{info.server}</Code>
            </Text>
          )}
          <PasswordInput label={t('prompt.password')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoFocus maxLength={500} />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="space-between">
            <Button variant="default" onClick={() => void ask('startup.cancel', {})}>
              {t('prompt.quit')}
            </Button>
            <Button type="submit" loading={busy} disabled={password === ''}>
              {t('prompt.connect')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AuthLayout>
  );
}
