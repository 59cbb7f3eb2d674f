/**
 * First start: company → first office → first administrator → who signs the letters (with the
 * letterhead as it will print) → confirm. Each step is checked with the contract's own schemas
 * before moving on; the back office checks everything again and makes the first backup at once.
 */
import { useEffect, useRef, useState } from 'react';
import { Button, Card, Group, Image, List, PasswordInput, SimpleGrid, Stack, Stepper, Table, Text, TextInput } from '@mantine/core';
import { IconArrowLeft, IconArrowRight, IconCheck, IconFlask } from '@tabler/icons-react';
import { call } from '../../api/client';
import { COUNTRY_LABELS, companyFields, officeFields, setupSchemas, userFields, type DemoCredentials } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { check, text, useForm, type FieldErrors } from '../forms';
import { AuthLayout } from '../auth/AuthLayout';
import { CompanyFields, EMPTY_COMPANY, type CompanyValues } from '../../modules/admin/CompanyFields';
import { EMPTY_OFFICE, OfficeFields, type OfficeValues } from '../../modules/admin/OfficeFields';
import { DemoCredentialsView, LoadDemoButton } from './Demo';
import { FormError } from '../FormParts';

interface AdminValues {
  fullName: string;
  username: string;
  password: string;
  confirmation: string;
}

interface LetterValues {
  signerName: string;
  signerTitle: string;
}

const adminSchema = userFields.pick({ fullName: true, username: true, password: true });
const lettersSchema = setupSchemas['setup.initialize'].shape.letters.unwrap();
const STEP_OF_PREFIX: Record<string, number> = { company: 0, office: 1, admin: 2, letters: 3 };
const CONFIRM = 4;

/** `onDone(username, notice)`: the login screen opens with the administrator's username and what was done */
export function SetupWizard({ onDone }: { onDone: (username?: string, notice?: string) => void }) {
  const t = useT();
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState<DemoCredentials | null>(null);
  const company = useForm<CompanyValues>(EMPTY_COMPANY);
  const office = useForm<OfficeValues>(EMPTY_OFFICE);
  const admin = useForm<AdminValues>({ fullName: '', username: '', password: '', confirmation: '' });
  const letters = useForm<LetterValues>({ signerName: '', signerTitle: '' });
  const body = useRef<HTMLDivElement>(null);

  // the first field of each step takes the focus
  useEffect(() => {
    body.current?.querySelector<HTMLElement>('input:not([type=hidden]), button[type=submit]')?.focus();
  }, [step]);

  if (demo) return <DemoCredentialsView credentials={demo} onDone={() => onDone()} />;

  const clearError = (key: string) =>
    setErrors((e) => {
      if (!(key in e)) return e;
      const next = { ...e };
      delete next[key];
      return next;
    });
  const setter =
    <T,>(form: { set: <K extends keyof T>(k: K, v: T[K]) => void }, prefix: string) =>
    <K extends keyof T>(key: K, value: T[K]) => {
      form.set(key, value);
      clearError(`${prefix}.${String(key)}`);
    };
  const setCompany = setter<CompanyValues>(company, 'company');
  const setOffice = setter<OfficeValues>(office, 'office');
  const setAdmin = setter<AdminValues>(admin, 'admin');
  const setLetters = setter<LetterValues>(letters, 'letters');

  const validateStep = (index: number): boolean => {
    let result: FieldErrors = {};
    if (index === 0) {
      const r = check(companyFields, company.values, 'company');
      if (!r.ok) result = r.errors;
    } else if (index === 1) {
      const r = check(officeFields, office.values, 'office');
      if (!r.ok) result = r.errors;
    } else if (index === 2) {
      const { fullName, username, password } = admin.values;
      const r = check(adminSchema, { fullName, username, password }, 'admin');
      if (!r.ok) result = r.errors;
      if (admin.values.password !== admin.values.confirmation) result['admin.confirmation'] = t('password.mismatch');
    } else if (index === 3) {
      const r = check(lettersSchema, letters.values, 'letters');
      if (!r.ok) result = r.errors;
    }
    setErrors(result);
    return Object.keys(result).length === 0;
  };

  const next = (event: React.FormEvent) => {
    event.preventDefault();
    if (step < CONFIRM) {
      if (validateStep(step)) setStep(step + 1);
      return;
    }
    void finish();
  };

  const finish = async () => {
    for (const index of [0, 1, 2, 3]) {
      if (!validateStep(index)) return setStep(index);
    }
    setBusy(true);
    const adminInput = { fullName: admin.values.fullName, username: admin.values.username, password: admin.values.password };
    const result = await call('setup.initialize', { company: company.values, office: office.values, admin: adminInput, letters: letters.values });
    setBusy(false);
    if (!result.ok) {
      const fields = result.error.fields ?? {};
      setErrors({ ...fields, _: result.error.message });
      const first = Object.keys(fields)[0]?.split('.')[0];
      if (first && first in STEP_OF_PREFIX) setStep(STEP_OF_PREFIX[first]);
      return;
    }
    onDone(
      adminInput.username.trim().toLowerCase(),
      result.data.firstBackup ? t('setup.doneWithBackup', { file: result.data.firstBackup }) : t('setup.done'),
    );
  };

  const adminError = (field: keyof AdminValues) => errors[`admin.${field}`];

  return (
    <AuthLayout title={t('setup.title')} subtitle={t('setup.subtitle')} width={860}>
      <Card withBorder bg="var(--mantine-color-default-hover)">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <IconFlask />
            <Text size="sm">{t('setup.demoOffer')}</Text>
          </Group>
          <LoadDemoButton onLoaded={setDemo} />
        </Group>
      </Card>
      <form onSubmit={next} noValidate>
        <Stack gap="lg">
          <Stepper active={step} onStepClick={(i) => i < step && setStep(i)} size="sm">
            <Stepper.Step label={t('setup.stepCompany')} description={t('setup.stepCompanyHelp')} />
            <Stepper.Step label={t('setup.stepOffice')} description={t('setup.stepOfficeHelp')} />
            <Stepper.Step label={t('setup.stepAdmin')} description={t('setup.stepAdminHelp')} />
            <Stepper.Step label={t('setup.stepLetters')} description={t('setup.stepLettersHelp')} />
            <Stepper.Step label={t('setup.stepConfirm')} description={t('setup.stepConfirmHelp')} />
          </Stepper>
          <FormError message={errors._} />
          <div ref={body}>
            {step === 0 && <CompanyFields values={company.values} set={setCompany} errors={errors} prefix="company" />}
            {step === 1 && <OfficeFields values={office.values} set={setOffice} errors={errors} prefix="office" />}
            {step === 2 && (
              <Stack gap="sm">
                <TextInput
                  label={t('users.fullName')}
                  value={admin.values.fullName}
                  onChange={text((v) => setAdmin('fullName', v))}
                  error={adminError('fullName')}
                  required
                />
                <TextInput
                  label={t('users.username')}
                  description={t('users.usernameHelp')}
                  value={admin.values.username}
                  onChange={text((v) => setAdmin('username', v.toLowerCase()))}
                  error={adminError('username')}
                  autoComplete="off"
                  required
                />
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <PasswordInput
                    label={t('password.new')}
                    description={t('password.rule')}
                    value={admin.values.password}
                    onChange={text((v) => setAdmin('password', v))}
                    error={adminError('password')}
                    autoComplete="new-password"
                    required
                  />
                  <PasswordInput
                    label={t('password.confirm')}
                    description={t('password.again')}
                    value={admin.values.confirmation}
                    onChange={text((v) => setAdmin('confirmation', v))}
                    error={adminError('confirmation')}
                    autoComplete="new-password"
                    required
                  />
                </SimpleGrid>
              </Stack>
            )}
            {step === 3 && (
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
                <Stack gap="sm">
                  <Text size="sm">{t('setup.lettersIntro')}</Text>
                  <TextInput
                    label={t('setup.signerName')}
                    placeholder={t('setup.signerNamePlaceholder')}
                    value={letters.values.signerName}
                    onChange={text((v) => setLetters('signerName', v))}
                    error={errors['letters.signerName']}
                    required
                  />
                  <TextInput
                    label={t('setup.signerTitle')}
                    placeholder={t('setup.signerTitlePlaceholder')}
                    value={letters.values.signerTitle}
                    onChange={text((v) => setLetters('signerTitle', v))}
                    error={errors['letters.signerTitle']}
                    required
                  />
                </Stack>
                <Letterhead company={company.values} office={office.values} signer={letters.values} />
              </SimpleGrid>
            )}
            {step === CONFIRM && (
              <Stack gap="sm">
                <Text>{t('setup.reviewIntro')}</Text>
                <Table withTableBorder variant="vertical">
                  <Table.Tbody>
                    <Review label={t('setup.stepCompany')} value={`${company.values.name} · NIT ${company.values.nit} · GLN ${company.values.gln}`} />
                    <Review
                      label={t('company.country')}
                      value={`${COUNTRY_LABELS[company.values.country]} · ${company.values.currency} · ${company.values.timeZone}`}
                    />
                    <Review
                      label={t('setup.stepOffice')}
                      value={`${office.values.code} · ${office.values.name} · ${office.values.city} (${office.values.cityDane})`}
                    />
                    <Review
                      label={t('office.saturday')}
                      value={office.values.saturdayIsBusinessDay ? t('common.yes') : t('common.no')}
                    />
                    <Review label={t('setup.stepAdmin')} value={`${admin.values.fullName} (${admin.values.username})`} />
                    <Review label={t('setup.stepLetters')} value={`${letters.values.signerName} · ${letters.values.signerTitle}`} />
                  </Table.Tbody>
                </Table>
                <List size="sm" c="dimmed">
                  <List.Item>{t('setup.reviewHolidays')}</List.Item>
                  <List.Item>{t('setup.reviewBackup')}</List.Item>
                </List>
              </Stack>
            )}
          </div>
          <Group justify="space-between">
            <Button variant="default" leftSection={<IconArrowLeft size={18} />} onClick={() => setStep(step - 1)} disabled={step === 0}>
              {t('common.back')}
            </Button>
            {step < CONFIRM ? (
              <Button type="submit" rightSection={<IconArrowRight size={18} />}>
                {t('common.next')}
              </Button>
            ) : (
              <Button type="submit" leftSection={<IconCheck size={18} />} loading={busy}>
                {t('setup.finish')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </AuthLayout>
  );
}

/** The letterhead as the letters will print it (documents/letter.ts): logo, company, NIT, the office's lines, and the signature. */
function Letterhead({ company, office, signer }: { company: CompanyValues; office: OfficeValues; signer: LetterValues }) {
  const t = useT();
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        {t('setup.letterheadPreview')}
      </Text>
      <Card withBorder padding="md" shadow="xs" aria-label={t('setup.letterheadPreview')} data-testid="letterhead-preview">
        <Group align="flex-start" wrap="nowrap" gap="sm">
          {company.logoDataUrl && <Image src={company.logoDataUrl} alt="" h={44} w="auto" fit="contain" />}
          <Stack gap={0}>
            <Text fw={700}>{company.name}</Text>
            <Text size="xs" c="dimmed">
              NIT {company.nit}
            </Text>
            <Text size="xs" c="dimmed">
              {office.name}
            </Text>
            <Text size="xs" c="dimmed">
              {office.address}, {office.city}
            </Text>
            {office.phone && (
              <Text size="xs" c="dimmed">
                {t('setup.letterheadPhone', { phone: office.phone })}
              </Text>
            )}
          </Stack>
        </Group>
        <Text size="xs" c="dimmed" mt="md">
          {t('setup.letterheadBody')}
        </Text>
        <Stack gap={0} mt="md">
          <Text size="sm">{t('setup.letterheadClosing')}</Text>
          <Text size="sm" fw={700} mt="lg">
            {signer.signerName || '—'}
          </Text>
          <Text size="xs">{signer.signerTitle || '—'}</Text>
        </Stack>
      </Card>
      <Text size="xs" c="dimmed">
        {company.logoDataUrl ? t('setup.letterheadLogoHint') : t('setup.letterheadNoLogo')}
      </Text>
    </Stack>
  );
}

function Review({ label, value }: { label: string; value: string }) {
  return (
    <Table.Tr>
      <Table.Th w={260}>{label}</Table.Th>
      <Table.Td>{value}</Table.Td>
    </Table.Tr>
  );
}
