/**
 * Pieces the collections screens share: a figure card (a label and its value), the list of accounts
 * left out of a campaign with their counts, the pager of a list the back office pages, and a paper or
 * file fetched from the back office that is downloaded (CSV) or previewed (PDF).
 */
import { useState, type ReactNode } from 'react';
import { Button, Card, Group, Stack, Text } from '@mantine/core';
import type { DocumentFile, ExclusionReason } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { downloadDocument } from '../../app/download';
import { notifyError } from '../../app/forms';

/** a figure of a screen: its label small and upper-case, the value large, an optional line under it */
export function Figure({ label, value, sub, testId, strong }: { label: string; value: ReactNode; sub?: ReactNode; testId?: string; strong?: boolean }) {
  return (
    <Card withBorder padding="xs" bg={strong ? 'var(--mantine-primary-color-light)' : undefined}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {typeof value === 'string' ? (
        <Text size="lg" fw={700} data-testid={testId}>
          {value}
        </Text>
      ) : (
        value
      )}
      {typeof sub === 'string' ? (
        <Text size="xs" c="dimmed">
          {sub}
        </Text>
      ) : (
        sub
      )}
    </Card>
  );
}

/** why accounts that met the criteria are left out, with how many (reasons with none are not listed) */
export function Exclusions({ excluded }: { excluded: { reason: ExclusionReason; label: string; count: number }[] }) {
  const t = useT();
  const shown = excluded.filter((e) => e.count > 0);
  return (
    <Stack gap={2} data-testid="exclusions">
      <Text size="sm" fw={600}>
        {t('collections.newCampaign.excluded')}
      </Text>
      {shown.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('collections.newCampaign.noneExcluded')}
        </Text>
      )}
      {shown.map((e) => (
        <Group key={e.reason} justify="space-between" gap="xs" wrap="nowrap" data-testid={`exclusion-${e.reason}`}>
          <Text size="sm">{e.label}</Text>
          <Text size="sm" fw={600}>
            {e.count.toLocaleString('es-CO')}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/**
 * A file asked of the back office: `get(key, load)` downloads a CSV at once and keeps a PDF for its
 * preview (`preview`, closed with `close`); `busy` is the key being fetched; a refusal is notified.
 */
export function useDocumentFile() {
  const [busy, setBusy] = useState<string | null>(null);
  const [preview, setPreview] = useState<DocumentFile | null>(null);
  const get = async (key: string, load: () => Promise<DocumentFile>) => {
    setBusy(key);
    try {
      const file = await load();
      if (file.mimeType === 'application/pdf') setPreview(file);
      else downloadDocument(file);
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(null);
    }
  };
  return { busy, preview, get, close: () => setPreview(null) };
}

/** «1–50 de 1.234» with previous and next, for a list the back office pages by `page` rows */
export function Pager({ offset, page, total, onChange }: { offset: number; page: number; total: number; onChange: (offset: number) => void }) {
  const t = useT();
  return (
    <Group gap="xs">
      <Text size="sm" c="dimmed">
        {t('table.pagination', { from: (offset + 1).toLocaleString('es-CO'), to: Math.min(offset + page, total).toLocaleString('es-CO'), total: total.toLocaleString('es-CO') })}
      </Text>
      <Button size="compact-sm" variant="default" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - page))}>
        {t('table.previousPage')}
      </Button>
      <Button size="compact-sm" variant="default" disabled={offset + page >= total} onClick={() => onChange(offset + page)}>
        {t('table.nextPage')}
      </Button>
    </Group>
  );
}
