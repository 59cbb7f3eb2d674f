/**
 * Archivos de bancos: the coordinator picks the bank's Asobancaria 2001 file, it travels in chunks
 * with a progress bar, the back office checks it and says what it would apply (nothing is written
 * yet); a confirmation applies every payment at once. Below, the files already imported.
 */
import { useRef, useState } from 'react';
import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCopy, IconInfoCircle, IconX } from '@tabler/icons-react';
import { call, send } from '../../api/client';
import { MAX_UPLOAD_BYTES, type BankFileProblem, type BankFileRecord, type BankFileSummary } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { apiErrorOf, notifySuccess } from '../../app/forms';
import { DataTable } from '../../app/DataTable';
import { formatDate } from '../../app/format';
import { PageTitle } from '../../app/PageTitle';
import { ConfirmModal } from '../../app/ConfirmModal';
import { LoadError, Loading } from '../../app/Status';
import { useLoad } from '../../app/useLoad';
import { useSession } from '../../app/session';
import { uploadFile } from '../imports/upload';
import { FileDropZone, UploadingCard, ValidatingCard } from '../imports/UploadProgress';

type Stage =
  | { kind: 'choose'; error?: string }
  | { kind: 'uploading'; fileName: string; size: number; sent: number }
  | { kind: 'validating'; fileName: string }
  | { kind: 'rejected'; fileName: string; problem: BankFileProblem }
  | { kind: 'preview'; uploadId: string; summary: BankFileSummary }
  | { kind: 'done'; summary: BankFileSummary };

export function BankFilesPage() {
  const t = useT();
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  const [confirming, setConfirming] = useState(false);
  const uploadId = useRef<string | null>(null);
  const cancelled = useRef(false);
  const files = useLoad(() => send('bankFiles.list', {}), []);

  const discard = () => {
    const id = uploadId.current;
    uploadId.current = null;
    if (id) void call('imports.discard', { uploadId: id });
  };

  const start = async (file: File | null) => {
    if (!file) return;
    if (file.size > MAX_UPLOAD_BYTES) return setStage({ kind: 'choose', error: t('bankfiles.tooLarge') });
    cancelled.current = false;
    uploadId.current = null;
    setStage({ kind: 'uploading', fileName: file.name, size: file.size, sent: 0 });
    try {
      const id = await uploadFile(
        'asobancaria',
        file,
        (sent) => setStage((s) => (s.kind === 'uploading' ? { ...s, sent } : s)),
        (begun) => {
          uploadId.current = begun;
        },
        () => cancelled.current,
      );
      if (cancelled.current) return;
      setStage({ kind: 'validating', fileName: file.name });
      const preview = await send('bankFiles.preview', { uploadId: id });
      if (cancelled.current) return;
      if (preview.ok) setStage({ kind: 'preview', uploadId: id, summary: preview.summary });
      else {
        discard();
        setStage({ kind: 'rejected', fileName: file.name, problem: preview.problem });
      }
    } catch (e) {
      discard();
      setStage({ kind: 'choose', error: apiErrorOf(e).message });
    }
  };

  const cancel = () => {
    cancelled.current = true;
    discard();
    setStage({ kind: 'choose' });
  };

  const commit = async () => {
    if (stage.kind !== 'preview') return;
    const result = await send('bankFiles.commit', { uploadId: stage.uploadId });
    uploadId.current = null;
    notifySuccess(t('bankfiles.doneToast', { n: result.summary.records }));
    setStage({ kind: 'done', summary: result.summary });
    void files.reload();
  };

  return (
    <>
      <PageTitle title={t('bankfiles.title')} description={t('bankfiles.description')} />
      <Stack gap="md" maw={1100}>
        {stage.kind === 'choose' && <Chooser error={stage.error} onFile={(f) => void start(f)} />}

        {stage.kind === 'uploading' && (
          <UploadingCard
            title={t('bankfiles.uploading', { file: stage.fileName })}
            progressLabel={t('bankfiles.progress')}
            sent={stage.sent}
            size={stage.size}
            onCancel={cancel}
          />
        )}

        {stage.kind === 'validating' && <ValidatingCard title={t('bankfiles.validating', { file: stage.fileName })} />}

        {stage.kind === 'rejected' && (
          <Card withBorder>
            <Stack>
              <Alert color="red" icon={<IconAlertTriangle />} role="alert" title={t('bankfiles.rejectedTitle', { file: stage.fileName })}>
                <Text data-testid="bank-problem">
                  {stage.problem.line > 0
                    ? t('bankfiles.problemAtLine', { line: stage.problem.line, message: stage.problem.message })
                    : stage.problem.message}
                </Text>
                <Text size="sm" mt="xs">
                  {t('bankfiles.rejectedNothing')}
                </Text>
              </Alert>
              <Group>
                <Button onClick={() => setStage({ kind: 'choose' })} autoFocus>
                  {t('bankfiles.another')}
                </Button>
              </Group>
            </Stack>
          </Card>
        )}

        {stage.kind === 'preview' && <Preview summary={stage.summary} onConfirm={() => setConfirming(true)} onCancel={cancel} />}

        {stage.kind === 'done' && (
          <Card withBorder>
            <Stack>
              <Group gap="sm">
                <ThemeIcon color="teal" radius="xl" size="lg">
                  <IconCircleCheck />
                </ThemeIcon>
                <Text fw={700} size="lg">
                  {t('bankfiles.done', { file: stage.summary.fileName })}
                </Text>
              </Group>
              <SummaryFigures summary={stage.summary} />
              <Group>
                <Button onClick={() => setStage({ kind: 'choose' })} autoFocus>
                  {t('bankfiles.another')}
                </Button>
              </Group>
            </Stack>
          </Card>
        )}

        <Card withBorder>
          <Text fw={700} mb="sm">
            {t('bankfiles.imported')}
          </Text>
          {files.loading && !files.data ? (
            <Loading />
          ) : files.error ? (
            <LoadError error={files.error} retry={() => void files.reload()} />
          ) : (
            <ImportedFiles files={files.data ?? []} />
          )}
        </Card>
      </Stack>

      {stage.kind === 'preview' && (
        <ConfirmModal
          opened={confirming}
          onClose={() => setConfirming(false)}
          title={t('bankfiles.confirmTitle')}
          confirmLabel={t('bankfiles.confirmButton')}
          onConfirm={commit}
        >
          <ConfirmText summary={stage.summary} />
        </ConfirmModal>
      )}
    </>
  );
}

function Chooser({ error, onFile }: { error?: string; onFile: (file: File | null) => void }) {
  const t = useT();
  return (
    <>
      {error && (
        <Alert color="red" icon={<IconAlertTriangle />} role="alert">
          {error}
        </Alert>
      )}
      <FileDropZone
        title={t('bankfiles.drop')}
        hint={t('bankfiles.format')}
        buttonLabel={t('bankfiles.choose')}
        accept=".txt,.TXT,.dat,.DAT,text/plain"
        onFile={onFile}
      />
      <Alert color="blue" icon={<IconInfoCircle />}>
        {t('bankfiles.nothingWritten')}
      </Alert>
    </>
  );
}

function ConfirmText({ summary }: { summary: BankFileSummary }) {
  const t = useT();
  const { money } = useSession();
  return (
    <>
      <Text fw={600} data-testid="bank-confirm">
        {t(summary.records === 1 ? 'bankfiles.confirmOne' : 'bankfiles.confirmMany', {
          n: summary.records,
          total: money(summary.total),
          bank: summary.bankName,
          date: formatDate(summary.collectionDate),
        })}
      </Text>
      <Text size="sm" c="dimmed">
        {t('bankfiles.confirmSplit', {
          matched: summary.matchedCount,
          matchedAmount: money(summary.matchedAmount),
          unidentified: summary.unidentifiedCount,
          unidentifiedAmount: money(summary.unidentifiedAmount),
        })}
      </Text>
    </>
  );
}

function Preview({ summary, onConfirm, onCancel }: { summary: BankFileSummary; onConfirm: () => void; onCancel: () => void }) {
  const t = useT();
  return (
    <Card withBorder>
      <Stack>
        <Group justify="space-between">
          <Stack gap={2}>
            <Text fw={700} size="lg">
              {t('bankfiles.previewTitle', { file: summary.fileName })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('bankfiles.previewLine', {
                nit: summary.billerNit,
                account: summary.accountNumber,
                fileDate: formatDate(summary.fileDate),
                modifier: summary.modifier,
              })}
            </Text>
          </Stack>
          {summary.duplicate ? (
            <Badge color="orange" size="lg" leftSection={<IconCopy size={14} />}>
              {t('bankfiles.duplicateBadge')}
            </Badge>
          ) : (
            <Badge color="teal" size="lg">
              {t('bankfiles.acceptable')}
            </Badge>
          )}
        </Group>
        <SummaryFigures summary={summary} />
        {summary.duplicate ? (
          <Alert color="orange" icon={<IconAlertTriangle />} role="alert" title={t('bankfiles.duplicateTitle')}>
            {t('bankfiles.duplicate')}
          </Alert>
        ) : (
          <Alert color="blue" icon={<IconInfoCircle />}>
            {t('bankfiles.nothingWritten')}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" leftSection={<IconX size={16} />} onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button onClick={onConfirm} disabled={summary.duplicate || summary.records === 0} leftSection={<IconCircleCheck size={18} />}>
            {t('bankfiles.apply')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function SummaryFigures({ summary }: { summary: BankFileSummary }) {
  const t = useT();
  const { money } = useSession();
  const items: { label: string; value: string; sub?: string; color?: string; id: string }[] = [
    { id: 'bank', label: t('bankfiles.bank'), value: summary.bankName, sub: summary.bankCode },
    { id: 'date', label: t('bankfiles.collectionDate'), value: formatDate(summary.collectionDate) },
    { id: 'records', label: t('bankfiles.records'), value: summary.records.toLocaleString('es-CO'), sub: t('bankfiles.lots', { n: summary.lots }) },
    { id: 'total', label: t('bankfiles.total'), value: money(summary.total) },
    {
      id: 'matched',
      label: t('bankfiles.matched'),
      value: summary.matchedCount.toLocaleString('es-CO'),
      sub: money(summary.matchedAmount),
      color: summary.matchedCount > 0 ? 'teal' : undefined,
    },
    {
      id: 'unidentified',
      label: t('bankfiles.unidentified'),
      value: summary.unidentifiedCount.toLocaleString('es-CO'),
      sub: money(summary.unidentifiedAmount),
      color: summary.unidentifiedCount > 0 ? 'orange' : undefined,
    },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
      {items.map((item) => (
        <Card key={item.id} withBorder padding="sm">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {item.label}
          </Text>
          <Text size="lg" fw={700} c={item.color} data-testid={`bank-${item.id}`}>
            {item.value}
          </Text>
          {item.sub && (
            <Text size="sm" c="dimmed">
              {item.sub}
            </Text>
          )}
        </Card>
      ))}
    </SimpleGrid>
  );
}

function ImportedFiles({ files }: { files: BankFileRecord[] }) {
  const t = useT();
  const { money, dateTime } = useSession();
  return (
    <DataTable<BankFileRecord>
      label={t('bankfiles.imported')}
      records={files}
      idOf={(f) => f.id}
      empty={t('bankfiles.noneImported')}
      minWidth={900}
      columns={[
        { key: 'importedAt', title: t('bankfiles.importedAt'), sortable: true, noWrap: true, render: (f) => dateTime(f.importedAt) },
        { key: 'fileName', title: t('bankfiles.file'), sortable: true, render: (f) => <Text fw={600} size="sm">{f.fileName}</Text> },
        { key: 'bankName', title: t('bankfiles.bank'), sortable: true },
        { key: 'collectionDate', title: t('bankfiles.collectionDate'), sortable: true, noWrap: true, render: (f) => `${formatDate(f.collectionDate)} · ${f.modifier}` },
        { key: 'records', title: t('bankfiles.records'), sortable: true, textAlign: 'right', render: (f) => f.records.toLocaleString('es-CO') },
        { key: 'total', title: t('bankfiles.total'), sortable: true, textAlign: 'right', noWrap: true, render: (f) => money(f.total) },
        { key: 'appliedCount', title: t('bankfiles.applied'), sortable: true, textAlign: 'right', render: (f) => f.appliedCount.toLocaleString('es-CO') },
        { key: 'unidentifiedCount', title: t('bankfiles.unidentified'), sortable: true, textAlign: 'right', render: (f) => f.unidentifiedCount.toLocaleString('es-CO') },
        { key: 'importedBy', title: t('bankfiles.importedBy'), sortable: true },
      ]}
    />
  );
}
