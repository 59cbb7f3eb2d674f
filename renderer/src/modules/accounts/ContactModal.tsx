import { useEffect } from 'react';
import { Modal, Stack, TextInput } from '@mantine/core';
import { call } from '../../api/client';
import { accountsSchemas, type AccountDetail } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { check, notifySuccess, text, useForm } from '../../app/forms';
import { FormError, FormActions } from '../../app/FormParts';

/** "Editar datos de contacto": phone, email and the address for notices. */
export function ContactModal({
  account,
  opened,
  onClose,
  onSaved,
}: {
  account: AccountDetail;
  opened: boolean;
  onClose: () => void;
  onSaved: (account: AccountDetail) => void;
}) {
  const t = useT();
  const form = useForm({ phone: account.phone, email: account.email, noticeAddress: account.noticeAddress, busy: false });
  const { values, set, errors, setErrors, setValues } = form;

  useEffect(() => {
    if (opened) {
      setValues({ phone: account.phone, email: account.email, noticeAddress: account.noticeAddress, busy: false });
      setErrors({});
    }
  }, [opened, account, setValues, setErrors]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = { accountId: account.id, phone: values.phone, email: values.email, noticeAddress: values.noticeAddress };
    const checked = check(accountsSchemas['accounts.updateContact'], input);
    if (!checked.ok) return setErrors(checked.errors);
    set('busy', true);
    const result = await call('accounts.updateContact', input);
    set('busy', false);
    if (!result.ok) return setErrors({ ...(result.error.fields ?? {}), _: result.error.message });
    notifySuccess(t('account.contactSaved'));
    onSaved(result.data);
    onClose();
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('account.editContactTitle', { number: account.number })}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={errors._} />
          <TextInput label={t('account.phone')} value={values.phone} onChange={text((v) => set('phone', v))} error={errors.phone} data-autofocus />
          <TextInput label={t('account.email')} type="email" value={values.email} onChange={text((v) => set('email', v))} error={errors.email} />
          <TextInput
            label={t('account.noticeAddress')}
            description={t('account.noticeAddressHelp')}
            value={values.noticeAddress}
            onChange={text((v) => set('noticeAddress', v))}
            error={errors.noticeAddress}
          />
          <FormActions onCancel={onClose} busy={values.busy} />
        </Stack>
      </form>
    </Modal>
  );
}
