/** How each payment method is named on screen. */
import type { TenderMethod } from '../../../../shared/contract';
import type { MessageKey } from '../../i18n';

export const METHOD_LABELS: Record<TenderMethod, MessageKey> = {
  efectivo: 'method.efectivo',
  tarjeta_debito: 'method.tarjeta_debito',
  tarjeta_credito: 'method.tarjeta_credito',
  transferencia: 'method.transferencia',
  cheque: 'method.cheque',
  banco: 'method.banco',
};
