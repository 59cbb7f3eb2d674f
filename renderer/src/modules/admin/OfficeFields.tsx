/** An office's inputs, used by the first-start wizard and by Administración › Oficinas. */
import { Grid, Radio, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { OfficeInput } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { text, type FieldErrors } from '../../app/forms';

export type OfficeValues = Required<OfficeInput>;

export const EMPTY_OFFICE: OfficeValues = {
  code: '',
  name: '',
  city: '',
  cityDane: '',
  address: '',
  phone: '',
  saturdayIsBusinessDay: false,
  closingTime: '',
};

export function OfficeFields({
  values,
  set,
  errors,
  prefix = '',
  autoFocus = false,
}: {
  values: OfficeValues;
  set: <K extends keyof OfficeValues>(key: K, value: OfficeValues[K]) => void;
  errors: FieldErrors;
  prefix?: string;
  autoFocus?: boolean;
}) {
  const t = useT();
  const error = (field: keyof OfficeValues) => errors[prefix ? `${prefix}.${field}` : field];
  return (
    <Stack gap="sm">
      <Grid>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <TextInput
            label={t('office.code')}
            description={t('office.codeHelp')}
            value={values.code}
            onChange={text((v) => set('code', v.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 6)))}
            error={error('code')}
            autoFocus={autoFocus}
            data-autofocus={autoFocus || undefined}
            required
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 8 }}>
          <TextInput label={t('office.name')} description={t('office.nameHelp')} value={values.name} onChange={text((v) => set('name', v))} error={error('name')} required />
        </Grid.Col>
      </Grid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('office.city')} value={values.city} onChange={text((v) => set('city', v))} error={error('city')} required />
        <TextInput
          label={t('office.cityDane')}
          description={t('office.cityDaneHelp')}
          value={values.cityDane}
          onChange={text((v) => set('cityDane', v.replace(/\D/g, '').slice(0, 5)))}
          error={error('cityDane')}
          inputMode="numeric"
          required
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('office.address')} value={values.address} onChange={text((v) => set('address', v))} error={error('address')} required />
        <TextInput label={t('office.phone')} value={values.phone} onChange={text((v) => set('phone', v))} error={error('phone')} />
      </SimpleGrid>
      <TextInput
        label={t('office.closingTime')}
        description={t('office.closingTimeHelp')}
        placeholder="17:00"
        value={values.closingTime}
        onChange={text((v) => set('closingTime', v.trim()))}
        error={error('closingTime')}
        w={260}
      />
      <Radio.Group
        label={t('office.saturday')}
        description={t('office.saturdayHelp')}
        value={values.saturdayIsBusinessDay ? 'yes' : 'no'}
        onChange={(v) => set('saturdayIsBusinessDay', v === 'yes')}
        error={error('saturdayIsBusinessDay')}
      >
        <Group mt={6}>
          <Radio value="yes" label={t('common.yes')} />
          <Radio value="no" label={t('common.no')} />
        </Group>
      </Radio.Group>
    </Stack>
  );
}
