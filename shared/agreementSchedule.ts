/**
 * The schedule of a payment agreement (acuerdo de pago), a pure function: what is financed after the
 * down payment is paid back in fixed monthly installments (French system), computed in integer minor
 * units. Each month's interest is the balance times the monthly rate, rounded to the unit; the
 * principal is the fixed installment minus that interest; the last installment takes whatever
 * principal is left (it absorbs the rounding), so the principals always add up to what was financed.
 *
 * Rates are effective annual (efectiva anual, as the usury rate is published) in basis points
 * (2_450 = 24,50 % E.A.); the monthly rate is (1 + EA)^(1/12) − 1. A rate of zero divides the
 * principal in equal parts, the last one taking the remainder.
 */
import { addMonths, type IsoDate } from './dates';

export interface ScheduleInput {
  /** what is financed: the included debts minus the down payment (minor units, ≥ 0) */
  principal: number;
  /** effective annual rate in basis points (0 allowed) */
  annualRateBp: number;
  /** number of monthly installments (≥ 1) */
  installments: number;
  /** the first installment's due date (already on a business day) */
  firstDueDate: IsoDate;
  /** the day of the month of the later installments (1–31, clamped to the month's last day) */
  dayOfMonth: number;
  /** moves a due date to the office's next business day (identity when not given) */
  toBusinessDay?: (date: IsoDate) => IsoDate;
}

export interface ScheduleLine {
  /** 1…n */
  number: number;
  dueDate: IsoDate;
  principal: number;
  interest: number;
  /** principal + interest */
  total: number;
  /** principal still owed after this installment */
  balanceAfter: number;
}

export interface Schedule {
  lines: ScheduleLine[];
  /** the fixed installment (the last one may differ by the rounding) */
  installment: number;
  totalPrincipal: number;
  totalInterest: number;
  total: number;
}

/** The monthly rate equivalent to an effective annual rate in basis points. */
export function monthlyRate(annualRateBp: number): number {
  return Math.pow(1 + annualRateBp / 10_000, 1 / 12) - 1;
}

/** The due date of installment `n` (1-based): the first date, then `dayOfMonth` of each later month. */
export function installmentDueDate(firstDueDate: IsoDate, dayOfMonth: number, n: number): IsoDate {
  if (n === 1) return firstDueDate;
  const month = addMonths(`${firstDueDate.slice(0, 8)}01`, n - 1);
  return month.slice(0, 8) + dayIn(month, dayOfMonth);
}

function dayIn(monthStart: IsoDate, dayOfMonth: number): string {
  const [y, m] = monthStart.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return String(Math.min(dayOfMonth, last)).padStart(2, '0');
}

export function buildSchedule(input: ScheduleInput): Schedule {
  const { principal, annualRateBp, installments: n } = input;
  if (!Number.isSafeInteger(principal) || principal < 0) throw new Error('principal must be a non-negative integer');
  if (!Number.isInteger(n) || n < 1) throw new Error('installments must be a positive integer');
  if (!Number.isInteger(annualRateBp) || annualRateBp < 0) throw new Error('annualRateBp must be a non-negative integer');
  const r = monthlyRate(annualRateBp);
  const fixed = r === 0 ? Math.floor(principal / n) : Math.round((principal * r) / (1 - Math.pow(1 + r, -n)));
  const adjust = input.toBusinessDay ?? ((d: IsoDate) => d);
  const lines: ScheduleLine[] = [];
  let balance = principal;
  for (let k = 1; k <= n; k++) {
    const interest = Math.round(balance * r);
    // never more principal than is owed, never negative: the last one takes what is left
    const share = k === n ? balance : Math.min(balance, Math.max(0, fixed - interest));
    balance -= share;
    lines.push({ number: k, dueDate: adjust(installmentDueDate(input.firstDueDate, input.dayOfMonth, k)), principal: share, interest, total: share + interest, balanceAfter: balance });
  }
  const totalPrincipal = lines.reduce((s, l) => s + l.principal, 0);
  const totalInterest = lines.reduce((s, l) => s + l.interest, 0);
  return { lines, installment: lines[0]?.total ?? 0, totalPrincipal, totalInterest, total: totalPrincipal + totalInterest };
}

/** The down payment for a percentage (basis points) of the debt, rounded up to the unit. */
export function downPaymentFor(debt: number, percentBp: number): number {
  return Math.ceil((debt * percentBp) / 10_000);
}

/** Of an installment's balance, the part that is principal: payments go to its interest first. */
export function unpaidPrincipal(line: { principal: number; total: number }, balance: number): number {
  return Math.min(line.principal, Math.max(0, balance));
}
