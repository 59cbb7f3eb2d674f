/** Caja menor: the names of states and id types on screen, the roles, and small helpers the panels share. */
import type { ExpenseState, PayeeIdType, PettyCashStatus, ReimbursementState } from '../../../../shared/contract';
import type { MessageKey } from '../../i18n';
import type { Role } from '../../../../shared/roles';

/** who sets up, approves, legalises */
export const COORDINATORS: readonly Role[] = ['coordinador', 'administrador'];
/** who may have a till session open (the till transfer needs one) */
export const TILL_ROLES: readonly Role[] = ['cajero', 'coordinador'];

export const ID_TYPE_LABELS: Record<PayeeIdType, MessageKey> = {
  NIT: 'pettyCash.idType.NIT',
  CC: 'pettyCash.idType.CC',
  CE: 'pettyCash.idType.CE',
  PAS: 'pettyCash.idType.PAS',
};

export const EXPENSE_STATE_LABELS: Record<ExpenseState, MessageKey> = {
  pendiente_soporte: 'pettyCash.expenseState.pendiente_soporte',
  registrado: 'pettyCash.expenseState.registrado',
  en_reembolso: 'pettyCash.expenseState.en_reembolso',
  reembolsado: 'pettyCash.expenseState.reembolsado',
  rechazado: 'pettyCash.expenseState.rechazado',
  legalizado: 'pettyCash.expenseState.legalizado',
};

export const EXPENSE_STATE_COLORS: Record<ExpenseState, string> = {
  pendiente_soporte: 'orange',
  registrado: 'blue',
  en_reembolso: 'grape',
  reembolsado: 'teal',
  rechazado: 'red',
  legalizado: 'gray',
};

export const REIMBURSEMENT_STATE_LABELS: Record<ReimbursementState, MessageKey> = {
  solicitado: 'pettyCash.reimbursementState.solicitado',
  aprobado: 'pettyCash.reimbursementState.aprobado',
  rechazado: 'pettyCash.reimbursementState.rechazado',
};

/** expenses that may go into a reimbursement request: registered (supported) and not in another one */
export const REIMBURSABLE_STATES: readonly ExpenseState[] = ['registrado', 'rechazado'];

/** A key for one act, made when it is prepared and sent again on a retry (a UUID, as the contract asks). */
export function newUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** what the fund should hold in cash and papers: the cash available plus the unreimbursed vouchers and open advances */
export function expectedHoldings(status: PettyCashStatus): number {
  return status.available + status.unreimbursed + status.openAdvancesTotal;
}

/** "72,4 %" */
export function percent(value: number): string {
  return `${value.toLocaleString('es-CO', { maximumFractionDigits: 1 })} %`;
}

/** 'NIT 900123456-7', 'CC 1049…' */
export function payeeId(payee: { idType: PayeeIdType; idNumber: string }): string {
  return `${payee.idType} ${payee.idNumber}`;
}
