/**
 * The steps of an upload that look the same on every screen that sends a file: choosing it (drop or
 * button), sending it (with cancel) and checking it.
 */
import { useState } from 'react';
import { Button, Card, FileButton, Group, Progress, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconFileUpload, IconUpload, IconX } from '@tabler/icons-react';
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

/** The drop area with its "choose file" button; `onFile` gets the file dropped or chosen. */
export function FileDropZone({ title, hint, buttonLabel, accept, onFile }: { title: string; hint: string; buttonLabel: string; accept: string; onFile: (file: File | null) => void }) {
  const [dragging, setDragging] = useState(false);
  return (
    <Card
      className="drop-zone"
      data-active={dragging}
      p="xl"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        onFile(e.dataTransfer.files[0] ?? null);
      }}
    >
      <Stack align="center" gap="sm">
        <ThemeIcon size={56} radius="xl" variant="light">
          <IconFileUpload size={32} />
        </ThemeIcon>
        <Text fw={600}>{title}</Text>
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
        <FileButton onChange={onFile} accept={accept} inputProps={{ 'aria-label': buttonLabel }}>
          {(props) => (
            <Button {...props} leftSection={<IconUpload size={18} />} autoFocus>
              {buttonLabel}
            </Button>
          )}
        </FileButton>
      </Stack>
    </Card>
  );
}
