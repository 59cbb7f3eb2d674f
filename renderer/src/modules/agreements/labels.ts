/** The Spanish names of an agreement's states, and the color of each badge. */
import type { AgreementHealth, AgreementState } from '../../../../shared/contract';
import type { MessageKey } from '../../i18n';

/** an active agreement with an installment past due shows «En mora» */
export function stateKey(state: AgreementState, health: AgreementHealth): MessageKey {
  if (state === 'activo' && health === 'en_mora') return 'agreements.state.en_mora';
  return `agreements.state.${state}`;
}

export function stateColor(state: AgreementState, health: AgreementHealth): string {
  if (state === 'activo') return health === 'en_mora' ? 'orange' : 'teal';
  switch (state) {
    case 'pendiente':
      return 'blue';
    case 'cumplido':
      return 'green';
    case 'incumplido':
      return 'red';
    default:
      return 'gray';
  }
}
