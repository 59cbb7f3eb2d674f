/**
 * For administrators, under the navigation: how many notices this computer has (a daily backup
 * that failed, a data folder move that did not happen, an update that could not be fetched),
 * leading to Administración › Este equipo. Asked again every five minutes.
 */
import { useEffect, useState } from 'react';
import { Button } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { call } from '../../api/client';
import { useT } from '../../i18n';
import { navigate, paths } from '../../app/router';
import { useSession } from '../../app/session';

const EVERY_MS = 5 * 60 * 1000;

export function ProblemsNotice() {
  const t = useT();
  const { can } = useSession();
  const admin = can(['administrador']);
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!admin) return;
    let live = true;
    const ask = () => void call('desktop.problems', {}).then((r) => live && setCount(r.ok ? r.data.length : 0));
    ask();
    const timer = setInterval(ask, EVERY_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [admin]);
  if (!admin || count === 0) return null;
  return (
    <Button variant="light" color="red" size="xs" fullWidth leftSection={<IconAlertTriangle size={14} />} onClick={() => navigate(paths.computer)} mb={4}>
      {count === 1 ? t('computer.problemsBadgeOne') : t('computer.problemsBadge', { count })}
    </Button>
  );
}
