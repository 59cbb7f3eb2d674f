/**
 * Administración › Copias de seguridad: the copies in the backups folder, a copy now, a copy to a USB
 * stick, restoring one (after checking its audit chain and listing the numbers issued after it), and
 * the audit check.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Checkbox, Code, Group, List, Loader, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { IconDeviceFloppy, IconDeviceUsb, IconRestore, IconShieldCheck } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { AuditCheckResult, BackupFile, BackupKind, LostNumbers, RestorePreview, RestoreResult } from '../../../../shared/contract';
import { useT, type MessageKey } from '../../i18n';
import { notifyError, notifySuccess } from '../../app/forms';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { PageTitle } from '../../app/PageTitle';
import { ConfirmModal } from '../../app/ConfirmModal';
import { DataTable } from '../../app/DataTable';
import { SaveCopyModal } from './SaveCopyModal';

const KIND_LABELS: Record<BackupKind, MessageKey> = {
  auto: 'backups.kind.auto',
  manual: 'backups.kind.manual',
  'pre-migration': 'backups.kind.pre-migration',
  'before-restore': 'backups.kind.before-restore',
};
const KIND_COLORS: Record<BackupKind, string> = { auto: 'blue', manual: 'teal', 'pre-migration': 'grape', 'before-restore': 'orange' };

/** The numbers issued after the copy, by kind: "Recibos de GAR: GAR-000002 a GAR-000003 (2)", a line each. */
function LostAlert({ lost }: { lost: LostNumbers[] }) {
  const t = useT();
  return (
    <Alert color="orange" title={t('backups.lostTitle')}>
      <Text size="sm" mb={4}>
        {t('backups.lostText')}
      </Text>
      <List size="sm" spacing={2}>
        {lost.map((l) => (
          <List.Item key={l.series}>
            {t('backups.lostLine', { series: l.series, range: l.count === 1 ? l.first : t('backups.lostRange', { first: l.first, last: l.last }), count: l.count })}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** "1,5 MB" */
function fileSize(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return mb < 1 ? `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('es-CO')} kB` : `${mb.toLocaleString('es-CO', { maximumFractionDigits: 1 })} MB`;
}

export function BackupsPage() {
  const t = useT();
  const { dateTime, logout } = useSession();
  const { data, setData, error, loading, reload } = useLoad(() => send('backups.list', {}), []);
  const [savingCopy, setSavingCopy] = useState(false);
  const [creating, setCreating] = useState(false);
  /** the copy chosen; it stays set while the modal closes so that its text does not go blank */
  const [restoring, setRestoring] = useState<BackupFile | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [restored, setRestored] = useState<RestoreResult | null>(null);
  /** the restore's check of the chosen copy (null while it runs) */
  const [preview, setPreview] = useState<RestorePreview | null>(null);
  const [acceptBroken, setAcceptBroken] = useState(false);

  if (loading && !data) return <Loading />;
  // on PostgreSQL the copies are the server's and the list answers so; the audit check still works
  if (error || !data)
    return error ? (
      <>
        <LoadError error={error} retry={() => void reload()} />
        <AuditSection />
      </>
    ) : null;
  const when = (file: BackupFile) => dateTime(file.createdAt);

  const create = async () => {
    setCreating(true);
    try {
      const made = await send('backups.create', {});
      notifySuccess(t('backups.created', { file: made.file }));
      void reload();
    } catch (e) {
      notifyError(e);
    } finally {
      setCreating(false);
    }
  };

  const chooseForRestore = (file: BackupFile) => {
    setRestoring(file);
    setPreview(null);
    setAcceptBroken(false);
    setConfirming(true);
    send('backups.restorePreview', { file: file.file }).then(setPreview, (e: unknown) => {
      setConfirming(false);
      notifyError(e);
    });
  };

  return (
    <>
      <PageTitle
        title={t('backups.title')}
        description={t('backups.description', { days: data.retentionDays })}
        actions={
          <>
            <Button variant="default" leftSection={<IconDeviceUsb size={18} />} onClick={() => setSavingCopy(true)}>
              {t('backups.saveCopyButton')}
            </Button>
            <Button leftSection={<IconDeviceFloppy size={18} />} loading={creating} onClick={() => void create()}>
              {t('backups.create')}
            </Button>
          </>
        }
      />
      <Text size="sm" mb="sm">
        {t('backups.folder')}: <Code>{data.folder}</Code>
      </Text>
      <DataTable<BackupFile>
        label={t('backups.title')}
        records={data.files}
        idOf={(f) => f.file}
        empty={t('backups.empty')}
        minWidth={760}
        columns={[
          { key: 'file', title: t('backups.file'), sortable: true, render: (f) => <Code>{f.file}</Code> },
          {
            key: 'kind',
            title: t('backups.kind'),
            sortable: true,
            noWrap: true,
            render: (f) => (
              <Badge variant="light" color={KIND_COLORS[f.kind]}>
                {t(KIND_LABELS[f.kind])}
              </Badge>
            ),
          },
          { key: 'createdAt', title: t('backups.date'), sortable: true, noWrap: true, render: (f) => when(f) },
          { key: 'bytes', title: t('backups.size'), sortable: true, textAlign: 'right', noWrap: true, render: (f) => fileSize(f.bytes) },
          {
            key: 'restore',
            title: '',
            width: 130,
            render: (f) => (
              <Button
                size="compact-sm"
                variant="light"
                color="red"
                leftSection={<IconRestore size={16} />}
                aria-label={t('backups.restoreFor', { file: f.file })}
                onClick={() => chooseForRestore(f)}
              >
                {t('backups.restore')}
              </Button>
            ),
          },
        ]}
      />

      <SaveCopyModal opened={savingCopy} onClose={() => setSavingCopy(false)} onSaved={() => void reload()} />

      <AuditSection />

      <ConfirmModal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={restoring ? t('backups.restoreTitle', { date: when(restoring) }) : ''}
        confirmLabel={t('backups.restore')}
        color="red"
        onConfirm={async () => {
          if (!restoring) return;
          const result = await send('backups.restore', { file: restoring.file, ...(acceptBroken ? { acceptBrokenChain: true } : {}) });
          // the list behind the message is the folder as it is now (with the copy kept aside)
          const files = result.files;
          if (files) setData((d) => (d ? { ...d, files } : d));
          setRestored(result);
        }}
      >
        <Text>{t('backups.restoreText', { file: restoring?.file ?? '' })}</Text>
        <List size="sm" spacing={4}>
          <List.Item>{t('backups.restoreCheck')}</List.Item>
          <List.Item>{t('backups.restoreKeep')}</List.Item>
          <List.Item fw={600}>{t('backups.restoreSessions')}</List.Item>
        </List>
        {!preview ? (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">{t('backups.checking')}</Text>
          </Group>
        ) : (
          <>
            {preview.chain.ok ? (
              <Alert color="teal" p="xs">
                <Text size="sm">{t('backups.chainOk')}</Text>
              </Alert>
            ) : (
              <Alert color="red" title={t('backups.chainBroken')} role="alert">
                <List size="sm" spacing={2}>
                  {preview.chain.problems.map((p) => (
                    <List.Item key={p}>{p}</List.Item>
                  ))}
                </List>
                <Checkbox mt="sm" checked={acceptBroken} onChange={(e) => setAcceptBroken(e.currentTarget.checked)} label={t('backups.acceptBroken')} />
              </Alert>
            )}
            {preview.lost.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('backups.lostNone')}
              </Text>
            ) : (
              <LostAlert lost={preview.lost} />
            )}
          </>
        )}
      </ConfirmModal>

      <Modal opened={restored !== null} onClose={logout} title={t('backups.restoredTitle')} closeOnClickOutside={false}>
        {restored && (
          <Stack>
            <Text>{t('backups.restoredText', { file: restored.restored, aside: restored.keptAside })}</Text>
            {restored.fromVersion !== restored.schemaVersion && (
              <Text size="sm">{t('backups.restoredMigrated', { from: restored.fromVersion, to: restored.schemaVersion })}</Text>
            )}
            {restored.lost.length > 0 && (
              <LostAlert lost={restored.lost} />
            )}
            <Alert color="orange">{t('backups.restoredSessions')}</Alert>
            <Group justify="flex-end">
              <Button onClick={logout} data-autofocus>
                {t('backups.loginAgain')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}

/** The audit check: the chain, its anchors outside the database and the reconciliation. */
function AuditSection() {
  const t = useT();
  const [checkingAudit, setCheckingAudit] = useState(false);
  const [auditCheck, setAuditCheck] = useState<AuditCheckResult | null>(null);
  const checkAudit = async () => {
    setCheckingAudit(true);
    try {
      setAuditCheck(await send('backups.verifyAudit', {}));
    } catch (e) {
      notifyError(e);
    } finally {
      setCheckingAudit(false);
    }
  };
  return (
    <Paper withBorder p="md" mt="lg">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={4}>{t('backups.audit')}</Title>
          <Text size="sm" c="dimmed">
            {t('backups.auditText')}
          </Text>
        </div>
        <Button variant="light" leftSection={<IconShieldCheck size={18} />} loading={checkingAudit} onClick={() => void checkAudit()} style={{ flexShrink: 0 }}>
          {t('backups.auditCheck')}
        </Button>
      </Group>
      {auditCheck && (
        <Alert
          mt="sm"
          color={auditCheck.ok ? 'teal' : 'red'}
          role={auditCheck.ok ? 'status' : 'alert'}
          title={auditCheck.ok ? t('backups.auditOk') : t('backups.auditProblems', { count: auditCheck.problems.length })}
        >
          <Stack gap={4}>
            {auditCheck.summary.map((line) => (
              <Text key={line} size="sm">
                {line}
              </Text>
            ))}
            {!auditCheck.ok && (
              <List size="sm" spacing={2} mt={4}>
                {auditCheck.problems.slice(0, 20).map((p) => (
                  <List.Item key={p}>{p}</List.Item>
                ))}
                {auditCheck.problems.length > 20 && <List.Item>{t('backups.auditMore', { count: auditCheck.problems.length - 20 })}</List.Item>}
              </List>
            )}
          </Stack>
        </Alert>
      )}
    </Paper>
  );
}
