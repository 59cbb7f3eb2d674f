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
  const balancesAfter = await takeDown(trx, plan.allocations, p.postedAt);
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

/**
 * The debts' balances taken down: one guarded UPDATE per table, whatever the number of debts paid (a
 * payment that clears six invoices sent six before: the round trips of the counter's payment). Each
 * row goes down by its own amount and only if its balance still covers it; when one did not (another
 * counter paid it meanwhile) nothing is kept: BalanceMoved rolls the payment back. Returns each
 * allocation's balance after, in the plan's order (the receipt's lines).
 */
async function takeDown(trx: Knex.Transaction, allocations: AllocationPlan['allocations'], postedAt: string): Promise<number[]> {
  const after = new Map<string, number>();
  for (const kind of ['invoice', 'charge'] as const) {
    const mine = allocations.filter((a) => a.kind === kind);
    if (mine.length === 0) continue;
    // CASE id WHEN … THEN … END: the same SQL on both engines (amounts cast so PostgreSQL types them)
    const amountOf = `CASE id ${mine.map(() => 'WHEN ? THEN CAST(? AS BIGINT)').join(' ')} END`;
    const pairs = mine.flatMap((a) => [a.id, a.amount]);
    const changes: Record<string, unknown> = { balance: trx.raw(`balance - ${amountOf}`, pairs) };
    if (kind === 'invoice') changes.updated_at = postedAt;
    const updated: { id: number | string; balance: number | string }[] = await trx(kind === 'invoice' ? 'invoices' : 'account_charges')
      .whereIn(
        'id',
        mine.map((a) => a.id),
      )
      .andWhere('balance', '>=', trx.raw(amountOf, pairs))
      .update(changes)
      .returning(['id', 'balance']);
    if (updated.length !== mine.length) throw new BalanceMoved();
    for (const u of updated) after.set(`${kind}:${Number(u.id)}`, Number(u.balance));
  }
  return allocations.map((a) => after.get(`${a.kind}:${a.id}`) ?? 0);
}
