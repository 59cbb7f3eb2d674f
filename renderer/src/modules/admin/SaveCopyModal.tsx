/**
 * "Guardar una copia en…": a copy of the database now, into a folder of this machine (a USB stick).
 * The removable drives found are offered; any folder can be typed. The back office checks the
 * folder and never writes over a file.
 */
import { useState } from 'react';
import { Autocomplete, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconDeviceUsb } from '@tabler/icons-react';
import { send } from '../../api/client';
import { useT } from '../../i18n';
import { apiErrorOf, notifySuccess } from '../../app/forms';
import { FormError } from '../../app/FormParts';
import { useLoad } from '../../app/useLoad';

function gigabytes(bytes: number): string {
  return (bytes / 1024 ** 3).toLocaleString('es-CO', { maximumFractionDigits: 1 });
}

export function SaveCopyModal({ opened, onClose, onSaved }: { opened: boolean; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const destinations = useLoad(async () => (opened ? send('backups.destinations', {}) : []), [opened]);
  const [folder, setFolder] = useState('');
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const found = destinations.data ?? [];

  const close = () => {
    setError(null);
    setBusy(false);
    onClose();
  };

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = await send('backups.saveCopy', { folder: folder.trim() });
      notifySuccess(t('backups.copySaved', { path: saved.path }));
      onSaved();
      close();
    } catch (e) {
      const problem = apiErrorOf(e);
      setError({ field: problem.fields?.folder, message: problem.message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title={t('backups.saveCopyTitle')} size="lg">
      <form onSubmit={save}>
        <Stack>
          <Text size="sm">{t('backups.saveCopyText')}</Text>
          <Autocomplete
            label={t('backups.saveCopyFolder')}
            placeholder={t('backups.saveCopyPlaceholder')}
            data={found.map((d) => ({ value: d.path, label: t('backups.destination', { path: d.path, free: gigabytes(d.freeBytes) }) }))}
            value={folder}
            onChange={(v) => {
              setFolder(v);
              setError(null);
            }}
            error={error?.field ? error.message : undefined}
            leftSection={<IconDeviceUsb size={18} />}
            description={found.length > 0 ? t('backups.destinationsFound', { n: found.length }) : t('backups.noDestinations')}
            data-autofocus
            required
          />
          {!error?.field && <FormError message={error?.message} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={folder.trim() === ''}>
              {t('backups.saveCopy')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
