/**
 * What a payment at the till takes when the cashier ticks nothing: the account's debts as the
 * allocation sees them, and, while an agreement waits for its down payment, the debts it finances
 * left out (paying them would stop its activation). Pure: the payment screen and the tests use it.
 */
import { defaultOrder, type DebtRef, type OpenDebt } from './allocation';
import type { PayableAccount } from './contract';

export type { DebtRef };
export type AmountMode = 'picked' | 'all' | 'partial';

export function debtsOf(account: PayableAccount): OpenDebt[] {
  return [
    ...account.account.openInvoices.map((i) => ({ kind: 'invoice' as const, id: i.id, dueDate: i.dueDate, balance: i.balance })),
    ...account.openCharges.map((c) => ({ kind: 'charge' as const, id: c.id, dueDate: c.businessDate, balance: c.balance })),
  ];
}

export function sameDebt(a: DebtRef, b: DebtRef): boolean {
  return a.kind === b.kind && a.id === b.id;
}

/** true when the debt is financed by an agreement that waits for its down payment (not payable now) */
export function isHeld(account: PayableAccount, ref: DebtRef): boolean {
  return account.heldByAgreement?.debts.some((d) => sameDebt(d, ref)) ?? false;
}

/** the debts an agreement waiting for its down payment holds out of a payment with no picks */
export function heldDebts(account: PayableAccount): DebtRef[] {
  return account.heldByAgreement?.debts ?? [];
}

/**
 * The debts a payment takes when none is picked ("Todo el saldo" or a typed amount): [] means the
 * back office's default (`defaultOrder`: oldest first, the debts held by a waiting agreement left
 * out). While an agreement waits, the screen names the other debts itself, oldest first, so what it
 * previews is what it sends.
 */
export function effectivePicks(mode: AmountMode, account: PayableAccount, picked: readonly DebtRef[]): DebtRef[] {
  if (mode !== 'all' && picked.length > 0) return [...picked];
  if (mode === 'picked' || !account.heldByAgreement) return [];
  return defaultOrder(debtsOf(account), heldDebts(account));
}

