import { Badge } from '@mantine/core';
import type { AgreementHealth, AgreementState } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { stateColor, stateKey } from './labels';

/** an agreement's state: pendiente de cuota inicial, activo, en mora, incumplido, cumplido, vencido, anulado */
export function StateBadge({ state, health, size = 'md' }: { state: AgreementState; health: AgreementHealth; size?: 'sm' | 'md' | 'lg' }) {
  const t = useT();
  return (
    <Badge color={stateColor(state, health)} variant={state === 'activo' || state === 'incumplido' ? 'filled' : 'light'} size={size} data-testid="agreement-state">
      {t(stateKey(state, health))}
    </Badge>
  );
}
