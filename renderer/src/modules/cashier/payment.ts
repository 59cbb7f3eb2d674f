/**
 * The arithmetic of the payment screen, apart from the screen: what is being paid, how it will be
 * spread over the debts (the same allocatePayment the back office posts with) and how the
 * customer's methods cover it (cash received, change, what is still missing).
 */
import { allocatePayment, defaultOrder, type AllocationPlan } from '../../../../shared/allocation';
import { debtsOf, heldDebts, sameDebt, type AmountMode, type DebtRef } from '../../../../shared/tillPicks';
import type { Input, PayableAccount, PaymentMethod } from '../../../../shared/contract';

export { debtsOf, effectivePicks, isHeld, sameDebt, type AmountMode, type DebtRef } from '../../../../shared/tillPicks';
export type OtherMethod = Exclude<PaymentMethod, 'efectivo'>;

/** a charge from the price list added now, paid first */
export interface DraftCharge {
  chargeItemId: number;
  name: string;
  unitAmount: number;
  quantity: number;
}

/** a non-cash method as typed (amounts come from the money input: minor units, null while empty or invalid) */
export interface DraftTender {
  key: number;
  method: OtherMethod;
  amount: number | null;
  reference: string;
  bank: string;
}

export function chargesTotal(charges: readonly DraftCharge[]): number {
  return charges.reduce((sum, c) => sum + c.unitAmount * c.quantity, 0);
}

export function pickedTotal(account: PayableAccount, picked: readonly DebtRef[]): number {
  const debts = debtsOf(account);
  return picked.reduce((sum, p) => sum + (debts.find((d) => sameDebt(d, p))?.balance ?? 0), 0);
}

/** What the customer pays now, or null when the typed partial amount is missing, zero or not valid. */
export function amountToPay(mode: AmountMode, account: PayableAccount, picked: readonly DebtRef[], charges: readonly DraftCharge[], partial: number | null): number | null {
  if (mode === 'partial') return partial !== null && partial > 0 ? partial : null;
  const debts = mode === 'all' ? account.totalDue : pickedTotal(account, picked);
  return debts + chargesTotal(charges);
}

export interface Preview {
  /** paid to the charges added now */
  toNewCharges: number;
  plan: AllocationPlan;
}

/** How `amount` will be applied: the new charges first, then the picked debts (or the back office's default order). */
export function previewAllocation(amount: number, account: PayableAccount, picked: readonly DebtRef[], charges: readonly DraftCharge[]): Preview {
  const toNewCharges = Math.min(amount, chargesTotal(charges));
  const debts = debtsOf(account);
  const plan = allocatePayment(amount - toNewCharges, debts, picked.length > 0 ? picked : defaultOrder(debts, heldDebts(account)));
  return { toNewCharges, plan };
}

export type TenderInput = Input<'cashier.pay'>['tenders'][number];

/** The limits the back office applies (Ajustes), known to the screen to warn before sending. */
export interface TenderLimits {
  /** what this payment may pay: the debts picked (or all the account owes) plus the charges added; cards, transfers and cheques never pass it */
  payable: number;
  /** the most one receipt may total */
  maxReceipt: number;
  /** cards, transfers and cheques above this need a coordinator */
  approvalThreshold: number;
}

export type TenderProblemKey = 'amountInvalid' | 'tooMuch' | 'referenceMissing' | 'bankMissing' | 'cashNotNeeded' | 'missing' | 'nonCashOverDebt' | 'overMaximum';

export interface TenderPlan {
  /** what to send, cash last */
  tenders: TenderInput[];
  /** for each tender sent, the draft it came from (its key), or 'cash' */
  sources: (number | 'cash')[];
  cashApplied: number;
  change: number;
  /** still to cover */
  remaining: number;
  /** cards, transfers and cheques together */
  nonCash: number;
  /** above the threshold: a coordinator must approve on the spot */
  needsApproval: boolean;
  /** the first problem, as a dictionary key with its values; `index` is the draft's place in `others` */
  problem: { key: TenderProblemKey; method?: OtherMethod; index?: number } | null;
}

/**
 * Non-cash methods pay first, each its typed amount; the cash received covers the rest and the
 * excess is change. Cards, transfers and cheques cannot pass what is being paid (no change, no
 * credit from them); the receipt cannot pass the maximum; above the threshold a coordinator approves.
 * `cashReceived` is null when nothing was typed; `cashInvalid` when what was typed is not an amount
 * (the money input says why, next to the field).
 */
export function planTenders(total: number, cashReceived: number | null, others: readonly DraftTender[], cashInvalid = false, limits?: TenderLimits): TenderPlan {
  const tenders: TenderInput[] = [];
  const sources: (number | 'cash')[] = [];
  let problem: TenderPlan['problem'] = null;
  let nonCash = 0;
  others.forEach((o, index) => {
    const amount = o.amount;
    if (amount === null || amount <= 0) {
      problem ??= { key: 'amountInvalid', method: o.method, index };
      return;
    }
    if (!o.reference.trim()) problem ??= { key: 'referenceMissing', method: o.method, index };
    if (o.method === 'cheque' && !o.bank.trim()) problem ??= { key: 'bankMissing', method: o.method, index };
    nonCash += amount;
    if (limits && nonCash > limits.payable) problem ??= { key: 'nonCashOverDebt', method: o.method, index };
    tenders.push({ method: o.method, amount, reference: o.reference.trim(), bank: o.method === 'cheque' ? o.bank.trim() : '' });
    sources.push(o.key);
  });
  if (limits && total > limits.maxReceipt) problem ??= { key: 'overMaximum' };
  const needsApproval = limits !== undefined && nonCash > limits.approvalThreshold;
  const base = { tenders, sources, nonCash, needsApproval };
  const received = cashReceived ?? 0;
  if (cashInvalid || received < 0) return { ...base, cashApplied: 0, change: 0, remaining: Math.max(0, total - nonCash), problem: problem ?? { key: 'amountInvalid' } };
  const cashNeeded = total - nonCash;
  if (cashNeeded < 0) return { ...base, cashApplied: 0, change: 0, remaining: 0, problem: problem ?? { key: 'tooMuch' } };
  if (cashNeeded === 0 && received > 0) return { ...base, cashApplied: 0, change: 0, remaining: 0, problem: problem ?? { key: 'cashNotNeeded' } };
  const cashApplied = Math.min(received, cashNeeded);
  const change = received - cashApplied;
  const remaining = cashNeeded - cashApplied;
  if (cashApplied > 0) {
    tenders.push({ method: 'efectivo', amount: cashApplied, received, reference: '', bank: '' });
    sources.push('cash');
  }
  if (remaining > 0) problem ??= { key: 'missing' };
  return { ...base, cashApplied, change, remaining, problem };
}

/** What this payment may pay, for the cap on cards, transfers and cheques (the back office checks it again). */
export function payableFor(mode: AmountMode, account: PayableAccount, picked: readonly DebtRef[], charges: readonly DraftCharge[]): number {
  const debts = mode === 'all' || picked.length === 0 ? account.totalDue : pickedTotal(account, picked);
  return debts + chargesTotal(charges);
}
