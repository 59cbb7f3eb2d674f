import { Badge } from '@mantine/core';
import type { AccountStatus } from '../../../../shared/contract';
import { useT, type MessageKey } from '../../i18n';

const COLORS: Record<AccountStatus, string> = { activo: 'green', suspendido: 'yellow', cortado: 'red', retirado: 'gray' };
const LABELS: Record<AccountStatus, MessageKey> = {
  activo: 'account.status.activo',
  suspendido: 'account.status.suspendido',
  cortado: 'account.status.cortado',
  retirado: 'account.status.retirado',
};

export function StatusBadge({ status, size = 'md' }: { status: AccountStatus; size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  const t = useT();
  return (
    <Badge color={COLORS[status]} size={size} variant="filled" autoContrast style={{ minWidth: 'max-content' }}>
      {t(LABELS[status])}
    </Badge>
  );
}
