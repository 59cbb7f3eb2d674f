/** How each payment method is named on screen. */
import type { TenderMethod } from '../../../../shared/contract';
import type { MessageKey } from '../../i18n';

export const METHOD_LABELS: Record<TenderMethod, MessageKey> = {
  efectivo: 'collections.method.efectivo',
  tarjeta_debito: 'collections.method.tarjeta_debito',
  tarjeta_credito: 'collections.method.tarjeta_credito',
  transferencia: 'collections.method.transferencia',
  cheque: 'collections.method.cheque',
  banco: 'collections.method.banco',
};
