/**
 * How a payment is spread over what an account owes: the debts the cashier picked, in the order
 * picked, or else every open debt oldest first (by due date, then id); whatever is left becomes a
 * credit in favour of the account. The screen previews with this function and the back office posts
 * with it, so the cashier sees exactly what will be applied.
 */
export interface OpenDebt {
  /** 'invoice' or 'charge' (cobro vario) */
  kind: 'invoice' | 'charge';
  id: number;
  /** YYYY-MM-DD; charges take the date they were added */
  dueDate: string;
  balance: number;
}

export interface Allocation {
  kind: OpenDebt['kind'];
  id: number;
  amount: number;
  /** balance left on the debt after this payment */
  balanceAfter: number;
}

export interface AllocationPlan {
  allocations: Allocation[];
  /** overpayment credited to the account */
  credit: number;
}

/** Oldest first: due date, then invoices before charges of the same day, then id. */
export function oldestFirst(debts: readonly OpenDebt[]): OpenDebt[] {
  return [...debts].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.kind !== b.kind ? (a.kind === 'invoice' ? -1 : 1) : a.id - b.id));
}

export type DebtRef = { kind: OpenDebt['kind']; id: number };

/**
 * The order a payment takes when nobody names its debts — a payment with no picks (the till's «Todo
 * el saldo» or a typed amount, the API, the web door), the rest of a bank payment after the debt its
 * reference names, an unidentified bank payment assigned to the account: every open debt oldest first,
 * except the debts `held` by a payment agreement that waits for its down payment (its activation
 * takes them at the amounts signed, so paying them would stop it). What these debts do not take goes
 * to the account's credit, as any overpayment; with only held debts left, the whole payment does.
 * The till, the counter's back office and the bank files use this one rule.
 */
export function defaultOrder(debts: readonly OpenDebt[], held: readonly DebtRef[]): DebtRef[] {
  const isHeld = (d: OpenDebt) => held.some((h) => h.kind === d.kind && h.id === d.id);
  return oldestFirst(debts.filter((d) => !isHeld(d))).map((d) => ({ kind: d.kind, id: d.id }));
}

/**
 * `picked`: the debts the cashier chose, in order (null = all open debts, oldest first).
 * `amount` must be a positive integer in minor units.
 */
export function allocatePayment(amount: number, debts: readonly OpenDebt[], picked: readonly { kind: OpenDebt['kind']; id: number }[] | null): AllocationPlan {
  const ordered = picked ? picked.map((p) => debts.find((d) => d.kind === p.kind && d.id === p.id)).filter((d): d is OpenDebt => d !== undefined) : oldestFirst(debts);
  let left = amount;
  const allocations: Allocation[] = [];
  for (const debt of ordered) {
    if (left === 0) break;
    if (debt.balance <= 0) continue;
    const applied = Math.min(left, debt.balance);
    allocations.push({ kind: debt.kind, id: debt.id, amount: applied, balanceAfter: debt.balance - applied });
    left -= applied;
  }
  return { allocations, credit: left };
}
