/** Spanish names of the cashier's code lists (methods, movement reasons), through the dictionary. */
import type { CashMovementKind, CashMovementReason, TenderMethod } from '../../../../shared/contract';
import type { MessageKey } from '../../i18n';

export const METHOD_LABELS: Record<TenderMethod, MessageKey> = {
  efectivo: 'cashier.method.efectivo',
  tarjeta_debito: 'cashier.method.tarjeta_debito',
  tarjeta_credito: 'cashier.method.tarjeta_credito',
  transferencia: 'cashier.method.transferencia',
  cheque: 'cashier.method.cheque',
  banco: 'cashier.method.banco',
};

export const REASON_LABELS: Record<CashMovementReason, MessageKey> = {
  fondo_de_cambio: 'cashier.reason.fondo_de_cambio',
  consignacion_banco: 'cashier.reason.consignacion_banco',
  traslado_caja_menor: 'cashier.reason.traslado_caja_menor',
  retiro_parcial: 'cashier.reason.retiro_parcial',
  otro: 'cashier.reason.otro',
};

export const KIND_LABELS: Record<CashMovementKind, MessageKey> = {
  entrada: 'cashier.movement.entrada',
  salida: 'cashier.movement.salida',
};

/** A key for one payment: made once when the payment is prepared, sent again on every retry. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID().replace(/-/g, '');
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
