/**
 * Administración › Correo: the company's SMTP server (left), the test message and the log with
 * "Reintentar" (right), at 1366×768 without scrolling the form. The password is typed, never shown:
 * the back office keeps it sealed (electron/core/secrets.ts).
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Group, NumberInput, PasswordInput, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import { MAIL_SECURITIES, MAIL_SECURITY_LABELS, mailSchemas, type Input, type MailMessage, type MailSecurity, type MailSettingsView } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { check, notifySuccess, text, useForm } from '../../app/forms';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { PageTitle } from '../../app/PageTitle';
import { FormActions, FormError } from '../../app/FormParts';
import { MailLog } from './MailLog';

export function MailSettingsPage() {
  const t = useT();
  const settings = useLoad(() => send('mail.getSettings', {}), []);
  const log = useLoad(() => send('mail.log', { limit: 50 }), []);
  if (settings.loading && !settings.data) return <Loading />;
  if (settings.error || !settings.data) return settings.error ? <LoadError error={settings.error} retry={() => void settings.reload()} /> : null;
  return (
    <>
      <PageTitle title={t('mail.title')} description={t('mail.description')} />
      <SimpleGrid cols={2} spacing="md">
        <SettingsForm settings={settings.data} onSaved={settings.setData} />
        <Stack gap="md">
          <TestMessage onSent={() => void log.reload()} />
          <Card withBorder>
            <Title order={4} mb="xs">
              {t('mail.log')}
            </Title>
            <MailLog messages={log.data ?? []} onChanged={() => void log.reload()} />
          </Card>
        </Stack>
      </SimpleGrid>
    </>
  );
}

/** the password typed ('' keeps the saved one) */
type FormValues = Required<Input<'mail.saveSettings'>>;

const valuesOf = (s: MailSettingsView): FormValues => ({ host: s.host, port: s.port, security: s.security, username: s.username, password: '', fromAddress: s.fromAddress, fromName: s.fromName, caPem: s.caPem });

function SettingsForm({ settings, onSaved }: { settings: MailSettingsView; onSaved: (s: MailSettingsView) => void }) {
  const t = useT();
  const { values, set, errors, setErrors, setValues } = useForm<FormValues>(() => valuesOf(settings));
  const [busy, setBusy] = useState(false);
  useEffect(() => setValues(valuesOf(settings)), [settings, setValues]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    // an empty password field keeps the saved one
    const input = { ...values, password: values.password === '' && settings.hasPassword ? undefined : values.password };
    const checked = check(mailSchemas['mail.saveSettings'], input);
    if (!checked.ok) return setErrors(checked.errors);
    setBusy(true);
    const result = await call('mail.saveSettings', checked.data);
    setBusy(false);
    if (!result.ok) return setErrors({ ...(result.error.fields ?? {}), _: result.error.message });
    onSaved(result.data);
    notifySuccess(t('mail.saved'));
  };

  return (
    <Card withBorder>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={4}>{t('mail.server')}</Title>
          <FormError message={errors._} />
          {settings.passwordProblem && (
            <Alert color="orange" role="alert">
              {settings.passwordProblem}
            </Alert>
          )}
          <Group grow align="flex-start">
            <TextInput label={t('mail.host')} placeholder="smtp.empresa.com.co" value={values.host} onChange={text((v) => set('host', v))} error={errors.host} autoFocus data-testid="mail-host" />
            <NumberInput label={t('mail.port')} value={values.port} onChange={(v) => set('port', typeof v === 'number' ? v : Number.NaN)} error={errors.port} min={1} max={65535} allowDecimal={false} maw={110} data-testid="mail-port" />
          </Group>
          <Select
            label={t('mail.security')}
            data={MAIL_SECURITIES.map((s) => ({ value: s, label: MAIL_SECURITY_LABELS[s] }))}
            value={values.security}
            onChange={(v) => v && set('security', v as MailSecurity)}
            allowDeselect={false}
            error={errors.security}
          />
          <Group grow align="flex-start">
            <TextInput label={t('mail.username')} value={values.username} onChange={text((v) => set('username', v))} error={errors.username} data-testid="mail-username" />
            <PasswordInput
              label={t('mail.password')}
              placeholder={settings.hasPassword ? t('mail.passwordSaved') : ''}
              value={values.password}
              onChange={text((v) => set('password', v))}
              error={errors.password}
              autoComplete="new-password"
              data-testid="mail-password"
            />
          </Group>
          <Text size="xs" c="dimmed">
            {t('mail.passwordKept', { where: settings.passwordKeptIn })}
          </Text>
          <Group grow align="flex-start">
            <TextInput label={t('mail.fromAddress')} placeholder="atencion@empresa.com.co" value={values.fromAddress} onChange={text((v) => set('fromAddress', v))} error={errors.fromAddress} data-testid="mail-from" />
            <TextInput label={t('mail.fromName')} value={values.fromName} onChange={text((v) => set('fromName', v))} error={errors.fromName} />
          </Group>
          <Textarea label={t('mail.caPem')} description={t('mail.caPemHelp')} value={values.caPem} onChange={text((v) => set('caPem', v))} error={errors.caPem} autosize minRows={2} maxRows={4} ff="monospace" fz="xs" />
          <FormActions busy={busy} />
        </Stack>
      </form>
    </Card>
  );
}

function TestMessage({ onSent }: { onSent: () => void }) {
  const t = useT();
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<MailMessage | null>(null);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    const answer = await call('mail.sendTest', { to });
    setBusy(false);
    if (!answer.ok) return setError(answer.error.fields?.to ?? answer.error.message);
    setResult(answer.data);
    onSent();
  };
  return (
    <Card withBorder>
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <Title order={4}>{t('mail.test')}</Title>
          <Text size="sm" c="dimmed">
            {t('mail.testHelp')}
          </Text>
          <Group align="flex-end">
            <TextInput label={t('mail.testTo')} value={to} onChange={text(setTo)} error={error} style={{ flex: 1 }} data-testid="mail-test-to" />
            <Button type="submit" loading={busy} leftSection={<IconSend size={16} />}>
              {t('mail.testSend')}
            </Button>
          </Group>
          {result && (
            <Alert color={result.state === 'enviado' ? 'teal' : 'red'} role="status" data-testid="mail-test-result">
              {result.state === 'enviado' ? t('mail.sentTo', { to: result.to, response: result.serverResponse }) : t('mail.notSent', { error: result.lastError })}
            </Alert>
          )}
        </Stack>
      </form>
    </Card>
  );
}

