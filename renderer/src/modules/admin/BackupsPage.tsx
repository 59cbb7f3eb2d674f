/** Administración › Copias de seguridad: the copies in the backups folder, a copy now, and restoring one. */
import { useState } from 'react';
import { Alert, Badge, Button, Code, Group, List, Modal, Stack, Table, Text } from '@mantine/core';
import { IconDeviceFloppy, IconRestore } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { BackupFile, BackupKind, RestoreResult } from '../../../../shared/contract';
import { useT, type MessageKey } from '../../i18n';
import { notifyError, notifySuccess } from '../../app/forms';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { PageTitle } from '../../app/PageTitle';
import { ConfirmModal } from '../../app/ConfirmModal';

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
  const { data, error, loading, reload } = useLoad(() => send('backups.list', {}), []);
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
          <Button leftSection={<IconDeviceFloppy size={18} />} loading={creating} onClick={() => void create()}>
            {t('backups.create')}
          </Button>
        }
      />
      <Text size="sm" mb="sm">
        {t('backups.folder')}: <Code>{data.folder}</Code>
      </Text>
      {data.files.length === 0 ? (
        <Alert color="gray">{t('backups.empty')}</Alert>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover aria-label={t('backups.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('backups.file')}</Table.Th>
                <Table.Th>{t('backups.kind')}</Table.Th>
                <Table.Th>{t('backups.date')}</Table.Th>
                <Table.Th ta="right">{t('backups.size')}</Table.Th>
                <Table.Th w={130} aria-label={t('common.actions')} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.files.map((f) => (
                <Table.Tr key={f.file}>
                  <Table.Td>
                    <Code>{f.file}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={KIND_COLORS[f.kind]}>
                      {t(KIND_LABELS[f.kind])}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{when(f)}</Table.Td>
                  <Table.Td ta="right">{fileSize(f.bytes)}</Table.Td>
                  <Table.Td>
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
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <ConfirmModal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={restoring ? t('backups.restoreTitle', { date: when(restoring) }) : ''}
        confirmLabel={t('backups.restore')}
        color="red"
        onConfirm={async () => {
          if (!restoring) return;
          setRestored(await send('backups.restore', { file: restoring.file }));
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
