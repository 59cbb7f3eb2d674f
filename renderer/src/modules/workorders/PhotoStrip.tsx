/** The photos of an order's result, drawn from their files (read back from the back office); a click downloads one. */
import { useEffect, useState } from 'react';
import { Group, Image, Stack, Text, UnstyledButton } from '@mantine/core';
import { send } from '../../api/client';
import type { DocumentFile, WorkOrderPhoto } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { documentBlob, downloadDocument } from '../../app/download';
import { useSession } from '../../app/session';
import { LoadError } from '../../app/Status';
import { useLoad } from '../../app/useLoad';

function Thumb({ photo }: { photo: WorkOrderPhoto }) {
  const { dateTime } = useSession();
  const [file, setFile] = useState<DocumentFile | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let made: string | null = null;
    void send('workOrders.photo', { photoId: photo.id }).then((f) => {
      if (!live) return;
      made = URL.createObjectURL(documentBlob(f));
      setFile(f);
      setUrl(made);
    });
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [photo.id]);
  return (
    <UnstyledButton onClick={() => file && downloadDocument(file)} title={`${photo.fileName} · ${dateTime(photo.uploadedAt)} · ${photo.uploadedBy}`}>
      <Stack gap={2} align="center" w={120}>
        <Image src={url ?? undefined} alt={photo.fileName} w={120} h={90} fit="cover" radius="sm" fallbackSrc="" bg="gray.1" />
        <Text size="xs" truncate maw={120}>
          {photo.fileName}
        </Text>
      </Stack>
    </UnstyledButton>
  );
}

export function PhotoStrip({ orderId, count }: { orderId: number; count: number }) {
  const t = useT();
  const photos = useLoad(() => (count > 0 ? send('workOrders.photos', { orderId }) : Promise.resolve([])), [orderId, count]);
  if (count === 0) return <Text size="sm" c="dimmed">{t('wo.photos.none')}</Text>;
  if (photos.error) return <LoadError error={photos.error} retry={() => void photos.reload()} />;
  return (
    <Group gap="sm" data-testid="wo-photos">
      {(photos.data ?? []).map((p) => (
        <Thumb key={p.id} photo={p} />
      ))}
    </Group>
  );
}
