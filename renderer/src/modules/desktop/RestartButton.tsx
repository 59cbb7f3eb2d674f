/**
 * "Reiniciar ahora": the desktop app closes and opens again (to apply a data folder move or a new
 * database connection). Where the application cannot restart itself (the browser), it says how.
 */
import { useState } from 'react';
import { Button, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { send } from '../../api/client';
import { useT } from '../../i18n';
import { notifyError } from '../../app/forms';
import { useLoad } from '../../app/useLoad';

export function RestartButton() {
  const t = useT();
  const about = useLoad(() => send('desktop.about', {}), []);
  const [busy, setBusy] = useState(false);
  if (!about.data) return null;
  if (about.data.program !== 'escritorio') {
    return (
      <Text size="sm" c="dimmed">
        {t('computer.restartElsewhere')}
      </Text>
    );
  }
  return (
    <Button
      size="xs"
      color="orange"
      leftSection={<IconRefresh size={14} />}
      loading={busy}
      onClick={() => {
        setBusy(true);
        void send('desktop.restart', {}).catch((e: unknown) => {
          setBusy(false);
          notifyError(e);
        });
      }}
    >
      {t('computer.restart')}
    </Button>
  );
}
