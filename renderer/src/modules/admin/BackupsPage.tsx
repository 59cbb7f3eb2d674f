/** Administración › Copias de seguridad: the copies in the backups folder, a copy now, a copy to a USB stick, and restoring one. */
import { useState } from 'react';
import { Alert, Badge, Button, Code, Group, List, Modal, Stack, Text } from '@mantine/core';
import { IconDeviceFloppy, IconDeviceUsb, IconRestore } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { BackupFile, BackupKind, RestoreResult } from '../../../../shared/contract';
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

  if (loading && !data) return <Loading />;
  if (error || !data) return error ? <LoadError error={error} retry={() => void reload()} /> : null;
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
                onClick={() => {
                  setRestoring(f);
                  setConfirming(true);
                }}
              >
                {t('backups.restore')}
              </Button>
            ),
          },
        ]}
      />

      <SaveCopyModal opened={savingCopy} onClose={() => setSavingCopy(false)} onSaved={() => void reload()} />

      <ConfirmModal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={restoring ? t('backups.restoreTitle', { date: when(restoring) }) : ''}
        confirmLabel={t('backups.restore')}
        color="red"
        onConfirm={async () => {
          if (!restoring) return;
          const result = await send('backups.restore', { file: restoring.file });
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
      </ConfirmModal>

      <Modal opened={restored !== null} onClose={logout} title={t('backups.restoredTitle')} closeOnClickOutside={false}>
        {restored && (
          <Stack>
            <Text>{t('backups.restoredText', { file: restored.restored, aside: restored.keptAside })}</Text>
            {restored.fromVersion !== restored.schemaVersion && (
              <Text size="sm">{t('backups.restoredMigrated', { from: restored.fromVersion, to: restored.schemaVersion })}</Text>
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
