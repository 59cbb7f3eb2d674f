import { Button, PasswordInput, Stack } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { call } from '../../api/client';
import type { SessionUser } from '../../../../shared/contract';
import { password as passwordSchema } from '../../../../shared/contract/users';
import { useT } from '../../i18n';
import { check, notifySuccess, text, useForm } from '../forms';
import { AuthLayout } from './AuthLayout';
import { FormError } from '../FormParts';

/** Asked right after login when the password was set by an administrator. */
export function ChangePasswordScreen({ user, onChanged, onLogout }: { user: SessionUser; onChanged: () => void; onLogout: () => void }) {
  const t = useT();
  const form = useForm({ currentPassword: '', newPassword: '', confirmation: '', busy: false });
  const { values, errors, set, setErrors } = form;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const strong = check(passwordSchema, values.newPassword, 'newPassword');
    if (!strong.ok) return setErrors(strong.errors);
    if (values.newPassword !== values.confirmation) return setErrors({ confirmation: t('password.mismatch') });
    set('busy', true);
    const result = await call('auth.changePassword', { currentPassword: values.currentPassword, newPassword: values.newPassword });
    set('busy', false);
    if (!result.ok) return setErrors({ ...(result.error.fields ?? {}), _: result.error.message });
    notifySuccess(t('password.changed'));
    onChanged();
  };

  return (
    <AuthLayout title={t('password.title')} subtitle={t('password.subtitle', { name: user.fullName })}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={errors._} />
          <PasswordInput
            label={t('password.current')}
            value={values.currentPassword}
            onChange={text((v) => set('currentPassword', v))}
            error={errors.currentPassword}
            autoComplete="current-password"
            autoFocus
          />
          <PasswordInput
            label={t('password.new')}
            description={t('password.rule')}
            value={values.newPassword}
            onChange={text((v) => set('newPassword', v))}
            error={errors.newPassword}
            autoComplete="new-password"
          />
          <PasswordInput
            label={t('password.confirm')}
            value={values.confirmation}
            onChange={text((v) => set('confirmation', v))}
            error={errors.confirmation}
            autoComplete="new-password"
          />
          <Button type="submit" leftSection={<IconKey size={18} />} loading={values.busy}>
            {t('password.submit')}
          </Button>
          <Button variant="subtle" color="gray" onClick={onLogout}>
            {t('shell.logout')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
