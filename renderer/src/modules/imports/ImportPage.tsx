/**
 * Importar datos: choose Cuentas or Facturas, a file (button or drag and drop), upload with a
 * progress bar, read the preview (nothing is written yet), then confirm or cancel.
 */
import { useRef, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
} from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconInfoCircle, IconX } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import { MAX_UPLOAD_BYTES, type ImportKind, type ImportResult, type ImportSummary } from '../../../../shared/contract';
import { useT, type MessageKey, type Translate } from '../../i18n';
import { apiErrorOf, notifySuccess } from '../../app/forms';
import { DataTable } from '../../app/DataTable';
import { PageTitle } from '../../app/PageTitle';
import { ConfirmModal } from '../../app/ConfirmModal';
import { uploadFile } from './upload';
import { FileDropZone, UploadingCard, ValidatingCard } from './UploadProgress';

type Stage =
  | { kind: 'choose'; error?: string }
  | { kind: 'uploading'; fileName: string; size: number; sent: number }
  | { kind: 'validating'; fileName: string }
  | { kind: 'preview'; uploadId: string; summary: ImportSummary }
  | { kind: 'done'; result: ImportResult };

export function ImportPage() {
  const t = useT();
  const [importKind, setImportKind] = useState<ImportKind>('accounts');
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  const [confirming, setConfirming] = useState(false);
  const uploadId = useRef<string | null>(null);
  const cancelled = useRef(false);

  const start = async (file: File | null) => {
    if (!file) return;
    if (file.size > MAX_UPLOAD_BYTES) return setStage({ kind: 'choose', error: t('import.tooLarge') });
    cancelled.current = false;
    uploadId.current = null;
    setStage({ kind: 'uploading', fileName: file.name, size: file.size, sent: 0 });
    try {
      const id = await uploadFile(
        importKind,
        file,
        (sent) => setStage((s) => (s.kind === 'uploading' ? { ...s, sent } : s)),
        (begun) => {
          uploadId.current = begun;
        },
        () => cancelled.current,
      );
      if (cancelled.current) return;
      setStage({ kind: 'validating', fileName: file.name });
      const summary = await send('imports.preview', { uploadId: id });
      if (cancelled.current) return;
      setStage({ kind: 'preview', uploadId: id, summary });
    } catch (e) {
      if (uploadId.current) void call('imports.discard', { uploadId: uploadId.current });
      setStage({ kind: 'choose', error: apiErrorOf(e).message });
    }
  };

  const cancel = async () => {
    cancelled.current = true;
    const id = uploadId.current;
    uploadId.current = null;
    setStage({ kind: 'choose' });
    if (id) await call('imports.discard', { uploadId: id });
  };

  const commit = async () => {
    if (stage.kind !== 'preview') return;
    const result = await send('imports.commit', { uploadId: stage.uploadId });
    uploadId.current = null;
    if (result.committed) notifySuccess(t('import.doneToast'));
    setStage({ kind: 'done', result });
  };

  const kindLabel = (kind: ImportKind) => (kind === 'accounts' ? t('import.kindAccounts') : t('import.kindInvoices'));

  return (
    <>
      <PageTitle title={t('import.title')} description={t('import.description')} />
      <Stack gap="md" maw={1100}>
        {stage.kind === 'choose' && (
          <>
            <SegmentedControl
              aria-label={t('import.kind')}
              data={[
                { value: 'accounts', label: t('import.kindAccounts') },
                { value: 'invoices', label: t('import.kindInvoices') },
              ]}
              value={importKind}
              onChange={(v) => setImportKind(v as ImportKind)}
              w="fit-content"
            />
            {stage.error && (
              <Alert color="red" icon={<IconAlertTriangle />} role="alert">
                {stage.error}
              </Alert>
            )}
            <FileDropZone
              title={t('import.drop', { kind: kindLabel(importKind).toLowerCase() })}
              hint={t('import.formats')}
              buttonLabel={t('import.choose')}
              accept=".csv,.txt,text/csv,text/plain"
              onFile={(f) => void start(f)}
            />
            <Alert color="blue" icon={<IconInfoCircle />}>
              {t('import.nothingWritten')}
            </Alert>
          </>
        )}

        {stage.kind === 'uploading' && (
          <UploadingCard
            title={t('import.uploading', { file: stage.fileName })}
            progressLabel={t('import.progress')}
            sent={stage.sent}
            size={stage.size}
            onCancel={() => void cancel()}
          />
        )}

        {stage.kind === 'validating' && <ValidatingCard title={t('import.validating', { file: stage.fileName })} />}

        {stage.kind === 'preview' && (
          <Preview
            summary={stage.summary}
            kindLabel={kindLabel(stage.summary.kind)}
            onConfirm={() => setConfirming(true)}
            onCancel={() => void cancel()}
          />
        )}

        {stage.kind === 'done' && (
          <Card withBorder>
            <Stack>
              <Group gap="sm">
                <ThemeIcon color={stage.result.committed ? 'teal' : 'red'} radius="xl" size="lg">
                  {stage.result.committed ? <IconCircleCheck /> : <IconX />}
                </ThemeIcon>
                <Text fw={700} size="lg">
                  {stage.result.committed ? t('import.done') : t('import.notDone')}
                </Text>
              </Group>
              <Counts summary={stage.result} />
              {!stage.result.committed && <ErrorsTable summary={stage.result} />}
              <Group>
                <Button onClick={() => setStage({ kind: 'choose' })} autoFocus>
                  {t('import.another')}
                </Button>
              </Group>
            </Stack>
          </Card>
        )}
      </Stack>

      {stage.kind === 'preview' && (
        <ConfirmModal
          opened={confirming}
          onClose={() => setConfirming(false)}
          title={t('import.confirmTitle')}
          confirmLabel={t('import.confirmButton')}
          onConfirm={commit}
        >
          <Text fw={600}>{confirmSentence(t, stage.summary)}</Text>
          <Text size="sm" c="dimmed">
            {t('import.confirmFile', { file: stage.summary.fileName })}
            {stage.summary.unchangedCount > 0 && ` ${t('import.confirmUnchanged', { n: stage.summary.unchangedCount })}`}
          </Text>
        </ConfirmModal>
      )}
    </>
  );
}

/** "Importar 25 cuentas nuevas y 3 cambiadas", "Importar 1 factura nueva", "Importar 4 cuentas cambiadas" */
export function confirmSentence(t: Translate, summary: ImportSummary): string {
  const { kind, newCount: created, changedCount: changed } = summary;
  const key = (what: 'new' | 'changed', n: number) => `import.${kind}.${what}${n === 1 ? 'One' : 'Many'}` as MessageKey;
  let what: string;
  if (created > 0 && changed > 0) {
    const short = t(changed === 1 ? 'import.changedShortOne' : 'import.changedShortMany', { n: changed });
    what = t('import.and', { a: t(key('new', created), { n: created }), b: short });
  } else if (changed > 0) what = t(key('changed', changed), { n: changed });
  else what = t(key('new', created), { n: created });
  return t('import.confirmSentence', { what });
}

function Preview({
  summary,
  kindLabel,
  onConfirm,
  onCancel,
}: {
  summary: ImportSummary;
  kindLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  const nothingToDo = summary.newCount + summary.changedCount === 0;
  return (
    <Card withBorder>
      <Stack>
        <Group justify="space-between">
          <Stack gap={2}>
            <Text fw={700} size="lg">
              {t('import.previewTitle', { file: summary.fileName })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('import.detected', {
                kind: kindLabel,
                rows: summary.rows,
                encoding: summary.encoding.toUpperCase(),
                separator: summary.separator === ';' ? t('import.semicolon') : t('import.comma'),
              })}
            </Text>
          </Stack>
          {summary.acceptable ? (
            <Badge color="teal" size="lg">
              {t('import.acceptable')}
            </Badge>
          ) : (
            <Badge color="red" size="lg">
              {t('import.rejected')}
            </Badge>
          )}
        </Group>
        {summary.fileError && (
          <Alert color="red" icon={<IconAlertTriangle />} title={t('import.fileError')} role="alert">
            {summary.fileError}
          </Alert>
        )}
        <Counts summary={summary} />
        <Alert color={summary.acceptable ? 'blue' : 'orange'} icon={<IconInfoCircle />}>
          {summary.acceptable ? t('import.nothingWritten') : t('import.fixAndRetry')}
        </Alert>
        <ErrorsTable summary={summary} />
        <Group justify="flex-end">
          <Button variant="default" leftSection={<IconX size={16} />} onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button onClick={onConfirm} disabled={!summary.acceptable || nothingToDo} leftSection={<IconCircleCheck size={18} />}>
            {t('import.commit')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function Counts({ summary }: { summary: ImportSummary }) {
  const t = useT();
  const items: [string, number, string | undefined][] = [
    [t('import.new'), summary.newCount, 'teal'],
    [t('import.changed'), summary.changedCount, 'blue'],
    [t('import.unchanged'), summary.unchangedCount, undefined],
    [t('import.rejectedCount'), summary.rejectedCount, summary.rejectedCount > 0 ? 'red' : undefined],
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }}>
      {items.map(([label, value, color]) => (
        <Card key={label} withBorder padding="sm">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {label}
          </Text>
          <Text size="xl" fw={700} c={color} data-testid={`count-${label}`}>
            {value.toLocaleString('es-CO')}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

function ErrorsTable({ summary }: { summary: ImportSummary }) {
  const t = useT();
  if (summary.errors.length === 0) return null;
  return (
    <Stack gap="xs">
      <Text fw={600}>
        {summary.rejectedCount > summary.errors.length
          ? t('import.errorsFirst', { shown: summary.errors.length, total: summary.rejectedCount })
          : t('import.errors')}
      </Text>
      <DataTable<ImportSummary['errors'][number] & { i: number }>
        label={t('import.errors')}
        records={summary.errors.map((error, i) => ({ ...error, i }))}
        idOf={(error) => error.i}
        maxHeight={420}
        compact
        columns={[
          { key: 'line', title: t('import.line'), sortable: true, width: 90 },
          { key: 'column', title: t('import.column'), sortable: true, width: 200, render: (error) => error.column || '—' },
          { key: 'message', title: t('import.reason'), sortable: true },
        ]}
      />
    </Stack>
  );
}
