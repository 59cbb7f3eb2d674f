/** Spanish words the papers print for the codes stored in the database. */
import type { CashMovementReason, TenderMethod } from '../../../shared/contract';

export const METHOD_LABELS: Record<TenderMethod, string> = {
  efectivo: 'Efectivo',
  tarjeta_debito: 'Tarjeta débito',
  tarjeta_credito: 'Tarjeta crédito',
  transferencia: 'Transferencia',
  cheque: 'Cheque',
  banco: 'Recaudo bancario',
};

export const MOVEMENT_REASON_LABELS: Record<CashMovementReason, string> = {
  fondo_de_cambio: 'Fondo de cambio',
  consignacion_banco: 'Consignación en banco',
  traslado_caja_menor: 'Traslado a caja menor',
  retiro_parcial: 'Retiro parcial',
  otro: 'Otro',
};

/** "Tarjeta débito · voucher 123456", "Cheque · Bancolombia No. 0001" */
export function tenderText(t: { method: TenderMethod; reference: string; bank: string }): string {
  const parts = [METHOD_LABELS[t.method] ?? t.method];
  if (t.method === 'cheque') {
    const cheque = [t.bank, t.reference ? `No. ${t.reference}` : ''].filter(Boolean).join(' ');
    if (cheque) parts.push(cheque);
  } else if (t.reference) {
    parts.push(t.method === 'transferencia' ? `ref. ${t.reference}` : t.method === 'banco' ? t.reference : `voucher ${t.reference}`);
  }
  return parts.join(' · ');
}

export const ID_TYPE_LABELS: Record<string, string> = {
  CC: 'cédula de ciudadanía',
  NIT: 'NIT',
  CE: 'cédula de extranjería',
  PAS: 'pasaporte',
};

const MONTHS = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];

/** '2026-11-20' → '20 de noviembre de 2026' */
export function longDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  return `${Number(m[3])} de ${MONTHS[Number(m[2]) - 1]} de ${m[1]}`;
}
