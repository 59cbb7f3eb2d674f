import { Alert, Button, Center, Group, Loader } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { ApiError } from '../../../shared/result';
import { useT } from '../i18n';

export function Loading() {
  const t = useT();
  return (
    <Center py="xl">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

export function LoadError({ error, retry }: { error: ApiError; retry?: () => void }) {
  const t = useT();
  return (
    <Alert color="red" icon={<IconAlertCircle />} role="alert" title={t('common.loadFailed')}>
      <Group justify="space-between">
        <span>{error.message}</span>
        {retry && (
          <Button size="xs" variant="white" color="red" onClick={retry}>
            {t('common.retry')}
          </Button>
        )}
      </Group>
    </Alert>
  );
}
