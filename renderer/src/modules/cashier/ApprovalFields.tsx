/** A coordinator's username and password, typed on the cashier's screen to authorise an act now. */
import { Alert, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useT } from '../../i18n';

export interface Approval {
  username: string;
  password: string;
}

export const NO_APPROVAL: Approval = { username: '', password: '' };

/** `autoFocus`: the username takes the focus when the fields appear (in a confirmation modal) */
export function ApprovalFields({
  value,
  onChange,
  why,
  errors = {},
  autoFocus = false,
}: {
  value: Approval;
  onChange: (value: Approval) => void;
  why: string;
  errors?: Record<string, string>;
  autoFocus?: boolean;
}) {
  const t = useT();
  return (
    <Alert color="blue" variant="light" icon={<IconShieldCheck />} title={t('cashier.approval.title')} role="group" aria-label={t('cashier.approval.title')}>
      <Stack gap="xs">
        <Text size="sm">{why}</Text>
        <Text size="sm" c="dimmed">
          {t('cashier.approval.explain')}
        </Text>
        <Group grow align="flex-start">
          <TextInput
            label={t('cashier.approval.username')}
            autoComplete="off"
            data-autofocus={autoFocus || undefined}
            value={value.username}
            error={errors['approval.username']}
            onChange={(e) => onChange({ ...value, username: e.currentTarget.value })}
          />
          <PasswordInput
            label={t('cashier.approval.password')}
            autoComplete="off"
            value={value.password}
            error={errors['approval.password']}
            onChange={(e) => onChange({ ...value, password: e.currentTarget.value })}
          />
        </Group>
      </Stack>
    </Alert>
  );
}
