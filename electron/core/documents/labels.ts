/** Spanish words the papers print for the codes stored in the database. */
import type { CashMovementReason, PauseReason, PqrChannel, PqrType, TenderMethod } from '../../../shared/contract';

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

/** how a PQR arrived, as the constancia and the screens say it */
export const PQR_CHANNEL_LABELS: Record<PqrChannel, string> = {
  ventanilla: 'Ventanilla (presencial)',
  telefono: 'Teléfono',
  correo: 'Correo electrónico',
  web: 'Formulario web',
  carta: 'Carta / correo postal',
};

/** the kinds of request in Spanish (the catalog's names may be edited; these are the defaults) */
export const PQR_TYPE_LABELS: Record<PqrType, string> = {
  peticion: 'Petición',
  queja: 'Queja',
  reclamo: 'Reclamo',
  recurso_reposicion: 'Recurso de reposición',
  reposicion_apelacion: 'Recurso de reposición y en subsidio de apelación',
  solicitud_informacion: 'Solicitud de información o copias',
  consulta: 'Consulta',
  denuncia: 'Denuncia',
  sugerencia: 'Sugerencia',
  tutela: 'Acción de tutela',
  correspondencia: 'Correspondencia',
};

/**
 * The grammatical gender of each kind as the letters name it (PQR_TYPE_LABELS), so that the words
 * around it agree: "el reclamo radicado", "la petición radicada", "la acción de tutela radicada".
 */
export const PQR_TYPE_GENDER: Record<PqrType, 'm' | 'f'> = {
  peticion: 'f',
  queja: 'f',
  reclamo: 'm',
  recurso_reposicion: 'm',
  reposicion_apelacion: 'm',
  solicitud_informacion: 'f',
  consulta: 'f',
  denuncia: 'f',
  sugerencia: 'f',
  tutela: 'f',
  correspondencia: 'f',
};

/** why the clock of a PQR stopped */
export const PAUSE_REASON_LABELS: Record<PauseReason, string> = {
  completar_peticion: 'solicitud para completar la petición (Ley 1755 de 2015, art. 17)',
  pruebas: 'práctica de pruebas',
};
