/**
 * Administración › Ajustes: idle lock, due-soon alert, login lockout, backup retention, the cash
 * difference a cashier may close with alone, how long a paz y salvo stays valid and where a
 * citizen verifies it (printed on the certificate).
 */
import { useEffect, useState } from 'react';
import { Card, NumberInput, Stack, TextInput } from '@mantine/core';
import { call, send } from '../../api/client';
import { settingsFields, type Settings } from '../../../../shared/contract';
import { useT, type MessageKey } from '../../i18n';
import { check, notifySuccess, useForm } from '../../app/forms';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { PageTitle } from '../../app/PageTitle';
import { FormError, FormActions } from '../../app/FormParts';
import { MoneyInput } from '../../app/MoneyInput';

/** One number input per setting; limits as in the contract's settingsFields. */
const SETTING_INPUTS: { key: Exclude<keyof Settings, 'cashDifferenceLimit' | 'pazYSalvoVerifyUrl' | 'pazYSalvoVerifyPhone'>; label: MessageKey; help: MessageKey; min: number; max: number }[] = [
  { key: 'idleLockMinutes', label: 'settings.idleLock', help: 'settings.idleLockHelp', min: 1, max: 240 },
  { key: 'dueSoonBusinessDays', label: 'settings.dueSoon', help: 'settings.dueSoonHelp', min: 0, max: 30 },
  { key: 'maxFailedLogins', label: 'settings.maxFailedLogins', help: 'settings.maxFailedLoginsHelp', min: 3, max: 20 },
  { key: 'lockoutMinutes', label: 'settings.lockoutMinutes', help: 'settings.lockoutMinutesHelp', min: 1, max: 1440 },
  { key: 'backupRetentionDays', label: 'settings.backupRetention', help: 'settings.backupRetentionHelp', min: 1, max: 3650 },
  { key: 'pazYSalvoValidityDays', label: 'settings.pazYSalvoValidity', help: 'settings.pazYSalvoValidityHelp', min: 1, max: 365 },
];

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
          <FormError message={errors._} />
          {SETTING_INPUTS.map(({ key, label, help, min, max }, i) => (
            <NumberInput
              key={key}
              label={t(label)}
              description={t(help)}
              value={values[key]}
              onChange={(v) => set(key, number(v))}
              error={errors[key]}
              min={min}
              max={max}
              allowDecimal={false}
              autoFocus={i === 0}
            />
          ))}
          <MoneyInput
            label={t('settings.cashDifferenceLimit')}
            description={t('settings.cashDifferenceLimitHelp')}
            value={values.cashDifferenceLimit}
            onChange={(v) => set('cashDifferenceLimit', v ?? Number.NaN)}
            error={errors.cashDifferenceLimit}
          />
          <TextInput
            label={t('settings.pazYSalvoVerifyUrl')}
            description={t('settings.pazYSalvoVerifyUrlHelp')}
            placeholder="https://www.empresa.gov.co/verificar?codigo={codigo}"
            value={values.pazYSalvoVerifyUrl}
            onChange={(e) => set('pazYSalvoVerifyUrl', e.currentTarget.value)}
            error={errors.pazYSalvoVerifyUrl}
          />
          <TextInput
            label={t('settings.pazYSalvoVerifyPhone')}
            description={t('settings.pazYSalvoVerifyPhoneHelp')}
            placeholder="608 750 1234"
            value={values.pazYSalvoVerifyPhone}
            onChange={(e) => set('pazYSalvoVerifyPhone', e.currentTarget.value)}
            error={errors.pazYSalvoVerifyPhone}
          />
          <FormActions busy={busy} />
        </Stack>
      </form>
    </Card>
  );
}
