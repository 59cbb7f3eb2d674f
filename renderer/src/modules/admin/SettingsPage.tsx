/** Administración › Ajustes: idle lock minutes and the due-soon alert. */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Group, NumberInput, Stack } from '@mantine/core';
import { call, send } from '../../api/client';
import { settingsFields, type Settings } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { check, notifySuccess, useForm } from '../../app/forms';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { PageTitle } from '../../app/PageTitle';

export function SettingsPage() {
  const t = useT();
  const { data, error, loading, reload } = useLoad(() => send('settings.get', {}), []);
  if (loading && !data) return <Loading />;
  if (error || !data) return error ? <LoadError error={error} retry={() => void reload()} /> : null;
  return (
    <>
      <PageTitle title={t('settings.title')} description={t('settings.description')} />
      <SettingsForm settings={data} />
    </>
  );
}

function SettingsForm({ settings }: { settings: Settings }) {
  const t = useT();
  const session = useSession();
  const { values, set, errors, setErrors, setValues } = useForm<Settings>(settings);
  const [busy, setBusy] = useState(false);
  useEffect(() => setValues(settings), [settings, setValues]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const checked = check(settingsFields, values);
    if (!checked.ok) return setErrors(checked.errors);
    setBusy(true);
    const result = await call('settings.update', values);
    setBusy(false);
    if (!result.ok) return setErrors({ ...(result.error.fields ?? {}), _: result.error.message });
    session.setIdleLockMinutes(result.data.idleLockMinutes);
    notifySuccess(t('settings.saved'));
  };

  const number = (v: string | number) => (typeof v === 'number' ? v : Number.NaN);

  return (
    <Card withBorder maw={560}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {errors._ && (
            <Alert color="red" role="alert">
              {errors._}
            </Alert>
          )}
          <NumberInput
            label={t('settings.idleLock')}
            description={t('settings.idleLockHelp')}
            value={values.idleLockMinutes}
            onChange={(v) => set('idleLockMinutes', number(v))}
            error={errors.idleLockMinutes}
            min={1}
            max={240}
            allowDecimal={false}
            autoFocus
          />
          <NumberInput
            label={t('settings.dueSoon')}
            description={t('settings.dueSoonHelp')}
            value={values.dueSoonBusinessDays}
            onChange={(v) => set('dueSoonBusinessDays', number(v))}
            error={errors.dueSoonBusinessDays}
            min={0}
            max={30}
            allowDecimal={false}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
