/**
 * The one place a payment is written, whoever takes it (the counter, or a bank payment assigned
 * from the por-identificar queue): the allocation over the account's open debts (read inside the
 * caller's transaction), the balances taken down with a guarded UPDATE (never below zero, no lost
 * update), the overpayment to the account's credit, the payment row, its tenders and allocations.
 * The caller owns the transaction, the receipt number and the audit row. Bank files apply their
 * thousands of payments set-based (bankfiles/apply.ts) into the same columns.
 */
import type { Knex } from 'knex';
import { allocatePayment, type AllocationPlan, type OpenDebt } from '../../../../shared/allocation';
import type { TenderMethod } from '../../../../shared/contract';
import { accountDebtSql, insertedId } from './queries';

export interface PaymentRecord {
  officeId: number;
  sessionId: number | null;
  accountId: number;
  receiptNumber: number | null;
  idempotencyKey: string;
  source: 'caja' | 'banco';
  businessDate: string;
  postedAt: string;
  cashierId: number | null;
  amount: number;
  cashReceived: number;
  change: number;
  verificationCode: string;
  bankFileId: number | null;
  tenders: { method: TenderMethod; amount: number; reference: string; bank: string }[];
  /** the account's open debts, read in this transaction */
  debts: readonly OpenDebt[];
  /** the order to pay them in (null: oldest first) */
  order: readonly { kind: OpenDebt['kind']; id: number }[] | null;
  /** the counter's request fingerprint, for its idempotency key (null: bank payments) */
  requestHash?: string | null;
  /** the coordinator who approved tenders above the threshold */
  approvedBy?: number | null;
}

export interface RecordedPayment {
  paymentId: number;
  plan: AllocationPlan;
  balanceAfter: number;
  /** the payments row as written (for the audit) */
  row: Record<string, unknown>;
  /** each allocation's debt balance after the payment, as its guarded UPDATE left it (in plan.allocations' order) */
  balancesAfter: number[];
  /** the tenders as written, in their order */
  tenders: { method: TenderMethod; amount: number; reference: string; bank: string }[];
}

/** a balance changed under the transaction's feet (another counter paid the same debt): retry the whole payment */
export class BalanceMoved extends Error {}

export async function recordPayment(trx: Knex.Transaction, p: PaymentRecord): Promise<RecordedPayment> {
  const plan = allocatePayment(p.amount, p.debts, p.order);
  const balancesAfter: number[] = [];
  for (const a of plan.allocations) {
    const table = a.kind === 'invoice' ? 'invoices' : 'account_charges';
    const changes: Record<string, unknown> = { balance: trx.raw('balance - ?', [a.amount]) };
    if (a.kind === 'invoice') changes.updated_at = p.postedAt;
    // the balance the debt is left with, as written (the receipt's line: no read after the COMMIT)
    const updated: { balance: number | string }[] = await trx(table).where('id', a.id).andWhere('balance', '>=', a.amount).update(changes).returning('balance');
    if (updated.length === 0) throw new BalanceMoved();
    balancesAfter.push(Number(updated[0].balance));
  }
  if (plan.credit > 0) await trx('accounts').where({ id: p.accountId }).update({ credit_balance: trx.raw('credit_balance + ?', [plan.credit]), updated_at: p.postedAt });
  const row: Record<string, unknown> = {
    office_id: p.officeId,
    session_id: p.sessionId,
    account_id: p.accountId,
    receipt_number: p.receiptNumber,
    idempotency_key: p.idempotencyKey,
    source: p.source,
    business_date: p.businessDate,
    posted_at: p.postedAt,
    cashier_id: p.cashierId,
    amount: p.amount,
    cash_received: p.cashReceived,
    change_given: p.change,
    credit_added: plan.credit,
    // what the account owes after the balances went down: computed by the insert itself (no round trip of its own)
    balance_after: accountDebtSql(trx, p.accountId),
    status: 'vigente',
    verification_code: p.verificationCode,
    bank_file_id: p.bankFileId,
    request_hash: p.requestHash ?? null,
    approved_by: p.approvedBy ?? null,
  };
  const [inserted]: { id: number | string; balance_after: number | string }[] = await trx('payments').insert(row).returning(['id', 'balance_after']);
  const paymentId = insertedId(inserted);
  const balanceAfter = Number(inserted.balance_after);
  row.balance_after = balanceAfter;
  const tenders = p.tenders.map((t) => ({ method: t.method, amount: t.amount, reference: t.reference.trim().slice(0, 40), bank: t.bank.trim().slice(0, 60) }));
  await trx('payment_tenders').insert(tenders.map((t) => ({ payment_id: paymentId, ...t })));
  if (plan.allocations.length > 0) {
    await trx('payment_allocations').insert(
      plan.allocations.map((a) => ({ payment_id: paymentId, invoice_id: a.kind === 'invoice' ? a.id : null, charge_id: a.kind === 'charge' ? a.id : null, amount: a.amount, live: true })),
    );
  }
  return { paymentId, plan, balanceAfter, row, balancesAfter, tenders };
}
