/** Administración › Empresa: the company's data, logo included. */
import { useState } from 'react';
import { Card, Stack } from '@mantine/core';
import { call } from '../../api/client';
import { companyFields } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { check, notifySuccess, useForm } from '../../app/forms';
import { useSession } from '../../app/session';
import { PageTitle } from '../../app/PageTitle';
import { CompanyFields, type CompanyValues } from './CompanyFields';
import { FormError, FormActions } from '../../app/FormParts';

export function CompanyPage() {
  const t = useT();
  const session = useSession();
  const { values, set, errors, setErrors } = useForm<CompanyValues>(session.company);
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const checked = check(companyFields, values);
    if (!checked.ok) return setErrors(checked.errors);
    setBusy(true);
    const result = await call('company.update', values);
    setBusy(false);
    if (!result.ok) return setErrors({ ...(result.error.fields ?? {}), _: result.error.message });
    await session.refreshCompany();
    notifySuccess(t('company.saved'));
  };

  return (
    <>
      <PageTitle title={t('company.title')} description={t('company.description')} />
      <Card withBorder maw={860}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormError message={errors._} />
            <CompanyFields values={values} set={set} errors={errors} autoFocus />
            <FormActions busy={busy} />
          </Stack>
        </form>
      </Card>
    </>
  );
}
