/** The company's inputs, used by the first-start wizard and by Administración › Empresa. */
import { useMemo, useState } from 'react';
import { Button, FileButton, Group, Image, Input, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconPhoto, IconTrash } from '@tabler/icons-react';
import { COUNTRIES, COUNTRY_LABELS, type Company, type Country } from '../../../../shared/contract';
import { CURRENCY_CODES, type CurrencyCode } from '../../../../shared/money';
import { useT } from '../../i18n';
import { text, type FieldErrors } from '../../app/forms';

export type CompanyValues = Company;

export const DEFAULTS_BY_COUNTRY: Record<Country, { currency: CurrencyCode; timeZone: string }> = {
  CO: { currency: 'COP', timeZone: 'America/Bogota' },
  EC: { currency: 'USD', timeZone: 'America/Guayaquil' },
  CR: { currency: 'CRC', timeZone: 'America/Costa_Rica' },
};

export const EMPTY_COMPANY: CompanyValues = {
  name: '',
  nit: '',
  gln: '',
  country: 'CO',
  currency: 'COP',
  timeZone: 'America/Bogota',
  logoDataUrl: '',
};

const MAX_LOGO_BYTES = 300 * 1024;

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone').filter((z) => z.startsWith('America/') || z === 'UTC');
  } catch {
    return Object.values(DEFAULTS_BY_COUNTRY).map((d) => d.timeZone);
  }
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

export function CompanyFields({
  values,
  set,
  errors,
  prefix = '',
  autoFocus = false,
}: {
  values: CompanyValues;
  set: <K extends keyof CompanyValues>(key: K, value: CompanyValues[K]) => void;
  errors: FieldErrors;
  /** where the back office reports these fields: 'company' in the wizard */
  prefix?: string;
  autoFocus?: boolean;
}) {
  const t = useT();
  const [logoError, setLogoError] = useState<string | null>(null);
  const zones = useMemo(timeZones, []);
  const error = (field: keyof CompanyValues) => errors[prefix ? `${prefix}.${field}` : field];

  const chooseLogo = async (file: File | null) => {
    if (!file) return;
    setLogoError(null);
    if (!['image/png', 'image/jpeg'].includes(file.type)) return setLogoError(t('company.logoType'));
    if (file.size > MAX_LOGO_BYTES) return setLogoError(t('company.logoSize'));
    set('logoDataUrl', await readAsDataUrl(file));
  };

  return (
    <Stack gap="sm">
      <TextInput label={t('company.name')} value={values.name} onChange={text((v) => set('name', v))} error={error('name')} autoFocus={autoFocus} required />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('company.nit')}
          description={t('company.nitHelp')}
          placeholder="900123456-8"
          value={values.nit}
          onChange={text((v) => set('nit', v))}
          error={error('nit')}
          required
        />
        <TextInput
          label={t('company.gln')}
          description={t('company.glnHelp')}
          placeholder="7709998000018"
          value={values.gln}
          onChange={text((v) => set('gln', v.replace(/\D/g, '').slice(0, 13)))}
          error={error('gln')}
          inputMode="numeric"
          required
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select
          label={t('company.country')}
          data={COUNTRIES.map((c) => ({ value: c, label: COUNTRY_LABELS[c] }))}
          value={values.country}
          onChange={(v) => {
            if (!v) return;
            const country = v as Country;
            set('country', country);
            set('currency', DEFAULTS_BY_COUNTRY[country].currency);
            set('timeZone', DEFAULTS_BY_COUNTRY[country].timeZone);
          }}
          allowDeselect={false}
          error={error('country')}
        />
        <Select
          label={t('company.currency')}
          data={CURRENCY_CODES}
          value={values.currency}
          onChange={(v) => v && set('currency', v as CompanyValues['currency'])}
          allowDeselect={false}
          error={error('currency')}
        />
        <Select
          label={t('company.timeZone')}
          data={zones}
          value={values.timeZone}
          onChange={(v) => v && set('timeZone', v)}
          searchable
          allowDeselect={false}
          error={error('timeZone')}
        />
      </SimpleGrid>
      <Input.Wrapper label={t('company.logo')} description={t('company.logoHelp')} error={logoError ?? error('logoDataUrl')}>
        <Group mt={6} gap="sm">
          {values.logoDataUrl ? (
            <Image src={values.logoDataUrl} alt={t('company.logo')} h={48} w="auto" fit="contain" />
          ) : (
            <Text size="sm" c="dimmed">
              {t('company.noLogo')}
            </Text>
          )}
          <FileButton onChange={(f) => void chooseLogo(f)} accept="image/png,image/jpeg">
            {(props) => (
              <Button {...props} variant="default" size="xs" leftSection={<IconPhoto size={16} />}>
                {t('company.chooseLogo')}
              </Button>
            )}
          </FileButton>
          {values.logoDataUrl && (
            <Button variant="subtle" color="red" size="xs" leftSection={<IconTrash size={16} />} onClick={() => set('logoDataUrl', '')}>
              {t('company.removeLogo')}
            </Button>
          )}
        </Group>
      </Input.Wrapper>
    </Stack>
  );
}
