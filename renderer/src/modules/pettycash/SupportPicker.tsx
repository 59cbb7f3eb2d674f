/**
 * The supporting invoice or receipt of a voucher (a scan or a photo: PDF, JPG, PNG up to 10 MB),
 * dropped on the area or chosen. Checked here first so the custodian hears it at once; the back
 * office checks again (also the file's first bytes) and keeps its SHA-256.
 */
import { useState } from 'react';
import { ActionIcon, Alert, Badge, Button, FileButton, Group, Paper, Stack, Text } from '@mantine/core';
import { IconPaperclip, IconTrash } from '@tabler/icons-react';
import { SUPPORT_MAX_BYTES, SUPPORT_TYPES } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { attachmentType, formatSize, toPending, uploadAttachment, type PendingAttachment } from '../pqr/attachments';

/** a support chosen, sent in chunks when the act is confirmed (uploadSupport) */
export type PendingSupport = PendingAttachment;

export const SUPPORT_ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

/** The Spanish reason a file cannot be a support, or null. */
export function supportProblem(file: { name: string; type: string; size: number }): string | null {
  const type = attachmentType(file);
  if (!(type in SUPPORT_TYPES)) return `«${file.name}» no sirve como soporte: solo se aceptan ${Object.values(SUPPORT_TYPES).join(', ')}.`;
  if (file.size > SUPPORT_MAX_BYTES) return `«${file.name}» pesa ${formatSize(file.size)}: el máximo es ${formatSize(SUPPORT_MAX_BYTES)}.`;
  if (file.size === 0) return `«${file.name}» está vacío.`;
  return null;
}

export function SupportPicker({ value, onChange, withoutSupportHint = true }: { value: PendingSupport | null; onChange: (support: PendingSupport | null) => void; withoutSupportHint?: boolean }) {
  const t = useT();
  const [problem, setProblem] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);

  const take = async (file: File | null) => {
    if (!file) return;
    const refused = supportProblem(file);
    setProblem(refused);
    if (refused) return;
    onChange(toPending(file));
  };

  return (
    <Stack gap={4}>
      <Text fw={500} size="sm">
        {t('pettyCash.support.label')}
      </Text>
      <Paper
        withBorder
        p="sm"
        style={{ borderStyle: 'dashed', background: dragging ? 'var(--mantine-color-blue-light)' : undefined }}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void take(e.dataTransfer.files[0] ?? null);
        }}
        data-testid="support-drop"
      >
        {value ? (
          <Group justify="space-between" wrap="nowrap">
            <Group gap="xs" wrap="nowrap">
              <IconPaperclip size={16} />
              <Text size="sm" data-testid="support-name">
                {value.fileName}
              </Text>
              <Badge variant="light" color="gray">
                {SUPPORT_TYPES[value.mimeType] ?? value.mimeType}
              </Badge>
              <Text size="xs" c="dimmed">
                {formatSize(value.size)}
              </Text>
            </Group>
            <ActionIcon variant="subtle" color="red" aria-label={t('pettyCash.support.remove')} onClick={() => onChange(null)}>
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ) : (
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm" c="dimmed">
              {t('pettyCash.support.drop')}
            </Text>
            <FileButton onChange={(f) => void take(f)} accept={SUPPORT_ACCEPT} inputProps={{ 'aria-label': t('pettyCash.support.choose') }}>
              {(props) => (
                <Button {...props} variant="light" size="xs" leftSection={<IconPaperclip size={14} />}>
                  {t('pettyCash.support.choose')}
                </Button>
              )}
            </FileButton>
          </Group>
        )}
      </Paper>
      {!value && withoutSupportHint && (
        <Text size="xs" c="orange.8">
          {t('pettyCash.support.withoutHint')}
        </Text>
      )}
      {problem && (
        <Alert color="red" role="alert" p="xs">
          {problem}
        </Alert>
      )}
    </Stack>
  );
}

/** what the contract takes: the support sent in chunks and named by its upload (none: undefined) */
export async function uploadSupport(support: PendingSupport | null): Promise<{ fileName: string; mimeType: string; uploadId: string } | undefined> {
  return support ? uploadAttachment(support) : undefined;
}
