/** The two waits of an upload, the same on every screen that sends a file: sending (with cancel) and checking. */
import { Button, Card, Group, Progress, Stack, Text } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useT } from '../../i18n';

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace('.', ',')} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

export function UploadingCard({ title, progressLabel, sent, size, onCancel }: { title: string; progressLabel: string; sent: number; size: number; onCancel: () => void }) {
  const t = useT();
  return (
    <Card withBorder>
      <Stack>
        <Text fw={600}>{title}</Text>
        <Progress value={size ? (sent / size) * 100 : 100} size="xl" animated striped aria-label={progressLabel} />
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {formatBytes(sent)} / {formatBytes(size)}
          </Text>
          <Button variant="default" leftSection={<IconX size={16} />} onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function ValidatingCard({ title }: { title: string }) {
  return (
    <Card withBorder>
      <Stack>
        <Text fw={600}>{title}</Text>
        <Progress value={100} size="xl" animated striped />
      </Stack>
    </Card>
  );
}
