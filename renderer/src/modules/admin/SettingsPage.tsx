/**
 * Administración › Ajustes, in two columns (1366×768 without scrolling): access and terms (idle
 * lock, login lockout, due-soon alert, backup retention) and the cashier (the cash difference a
 * cashier may close with alone, the maximum per receipt, the card/transfer/cheque amount above which
 * a coordinator approves, how long a paz y salvo stays valid and where a citizen verifies it,
 * printed on the certificate).
 */
import { useEffect, useState } from 'react';
import { Card, NumberInput, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
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

type MoneySetting = 'cashDifferenceLimit' | 'maxReceiptAmount' | 'nonCashApprovalThreshold';

/** One number input per setting; limits as in the contract's settingsFields. */
const ACCESS_INPUTS: { key: Exclude<keyof Settings, MoneySetting | 'pazYSalvoVerifyUrl' | 'pazYSalvoVerifyPhone'>; label: MessageKey; help: MessageKey; min: number; max: number }[] = [
  { key: 'idleLockMinutes', label: 'settings.idleLock', help: 'settings.idleLockHelp', min: 1, max: 240 },
  { key: 'maxFailedLogins', label: 'settings.maxFailedLogins', help: 'settings.maxFailedLoginsHelp', min: 3, max: 20 },
  { key: 'lockoutMinutes', label: 'settings.lockoutMinutes', help: 'settings.lockoutMinutesHelp', min: 1, max: 1440 },
  { key: 'dueSoonBusinessDays', label: 'settings.dueSoon', help: 'settings.dueSoonHelp', min: 0, max: 30 },
  { key: 'backupRetentionDays', label: 'settings.backupRetention', help: 'settings.backupRetentionHelp', min: 1, max: 3650 },
];
/** the cashier's amounts, in the company's currency */
const MONEY_INPUTS: { key: MoneySetting; label: MessageKey; help: MessageKey }[] = [
  { key: 'cashDifferenceLimit', label: 'settings.cashDifferenceLimit', help: 'settings.cashDifferenceLimitHelp' },
  { key: 'maxReceiptAmount', label: 'settings.maxReceiptAmount', help: 'settings.maxReceiptAmountHelp' },
  { key: 'nonCashApprovalThreshold', label: 'settings.nonCashApprovalThreshold', help: 'settings.nonCashApprovalThresholdHelp' },
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
    <Card withBorder maw={1040}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={errors._} />
          <SimpleGrid cols={2} spacing="xl">
            <Stack gap="sm">
              <Title order={4}>{t('settings.accessSection')}</Title>
              {ACCESS_INPUTS.map(({ key, label, help, min, max }, i) => (
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
            </Stack>
            <Stack gap="sm">
              <Title order={4}>{t('settings.cashierSection')}</Title>
              {MONEY_INPUTS.map(({ key, label, help }) => (
                <MoneyInput key={key} label={t(label)} description={t(help)} value={values[key]} onChange={(v) => set(key, v ?? Number.NaN)} error={errors[key]} />
              ))}
              <NumberInput
                label={t('settings.pazYSalvoValidity')}
                description={t('settings.pazYSalvoValidityHelp')}
                value={values.pazYSalvoValidityDays}
                onChange={(v) => set('pazYSalvoValidityDays', number(v))}
                error={errors.pazYSalvoValidityDays}
                min={1}
                max={365}
                allowDecimal={false}
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
            </Stack>
          </SimpleGrid>
          <FormActions busy={busy} />
        </Stack>
      </form>
    </Card>
  );
}
