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
import { prepared, valuesList } from '../../db/prepared';
import { ACCOUNT_DEBT_SQL, insertedId } from './queries';

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
  /** PostgreSQL: a suspension order of the account is pending as of this insert (INSERT_PAYMENT); false on SQLite */
  suspensionPending: boolean;
}

/** a balance changed under the transaction's feet (another counter paid the same debt): retry the whole payment */
export class BalanceMoved extends Error {}

/**
 * The payments row's columns, in the order of INSERT_PAYMENT's values (balance_after is computed by
 * the statement). Not bankfiles/apply.ts's list: a bank payment writes another set of columns.
 */
const PAYMENT_COLUMNS = (
  'office_id session_id account_id receipt_number idempotency_key source business_date posted_at cashier_id amount ' +
  'cash_received change_given credit_added status verification_code bank_file_id request_hash approved_by'
).split(' ');

// the statements of every payment (db/prepared.ts: made once per engine, not built per payment)
/**
 * PostgreSQL: the insert also says whether a suspension order of the account is pending NOW. The
 * counter's first read (queries.ts accountWithDebts) answers `may_reconnect` from its own snapshot;
 * when it had to wait for the account's row held by a suspension round or a manual order
 * (workorders/suspensions.ts, orders.ts take the row before writing the order), that snapshot is
 * from before their COMMIT. This statement starts after the lock was granted, so its snapshot sees
 * the order, and the work orders' payment effect cancels it (concurrency-accounts.test.ts). Here
 * instead of a statement of its own: an index probe (work_orders_open_suspension) inside a round trip
 * the payment makes anyway. SQLite: the first read ran inside the database's write lock; nothing to add.
 */
const SUSPENSION_PENDING_SQL = `EXISTS (SELECT 1 FROM work_orders w WHERE w.account_id = payments.account_id AND w.type = 'suspension' AND w.state IN ('pendiente', 'asignada'))`;
const INSERT_PAYMENT = prepared(
  (engine) => `INSERT INTO payments (${PAYMENT_COLUMNS.join(', ')}, balance_after)
         VALUES (${PAYMENT_COLUMNS.map(() => '?').join(', ')}, ${ACCOUNT_DEBT_SQL})
         RETURNING id, balance_after${engine === 'pg' ? `, ${SUSPENSION_PENDING_SQL} AS suspension_pending` : ''}`,
);
const INSERT_TENDERS = prepared((_, rows) => `INSERT INTO payment_tenders (payment_id, method, amount, reference, bank) VALUES ${valuesList(5, rows)}`);
const INSERT_ALLOCATIONS = prepared((_, rows) => `INSERT INTO payment_allocations (payment_id, invoice_id, charge_id, amount, live) VALUES ${valuesList(5, rows)}`);
const ADD_CREDIT = prepared(() => 'UPDATE accounts SET credit_balance = credit_balance + ?, updated_at = ? WHERE id = ?');

/**
 * The guarded UPDATE of takeDown for `count` debts of one table: each row goes down by its own amount
 * (CASE id WHEN … THEN …, the same SQL on both engines; amounts cast so PostgreSQL types them), only
 * where its balance still covers it. Bindings: the (id, amount) pairs, [updated_at,] the ids, the pairs again.
 */
function takeDownSql(table: 'invoices' | 'account_charges', count: number): string {
  const amountOf = `CASE id ${Array.from({ length: count }, () => 'WHEN ? THEN CAST(? AS BIGINT)').join(' ')} END`;
  const ids = Array.from({ length: count }, () => '?').join(', ');
  return `UPDATE ${table} SET balance = balance - ${amountOf}${table === 'invoices' ? ', updated_at = ?' : ''}
           WHERE id IN (${ids}) AND balance >= ${amountOf}
           RETURNING id, balance`;
}
const TAKE_DOWN_INVOICES = prepared((_, count) => takeDownSql('invoices', count));
const TAKE_DOWN_CHARGES = prepared((_, count) => takeDownSql('account_charges', count));

export async function recordPayment(trx: Knex.Transaction, p: PaymentRecord): Promise<RecordedPayment> {
  const plan = allocatePayment(p.amount, p.debts, p.order);
  const balancesAfter = await takeDown(trx, plan.allocations, p.postedAt);
  if (plan.credit > 0) await ADD_CREDIT.rows(trx, [plan.credit, p.postedAt, p.accountId]);
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
    balance_after: null,
    status: 'vigente',
    verification_code: p.verificationCode,
    bank_file_id: p.bankFileId,
    request_hash: p.requestHash ?? null,
    approved_by: p.approvedBy ?? null,
  };
  const [inserted] = await INSERT_PAYMENT.rows<{ id: number | string; balance_after: number | string; suspension_pending?: boolean }>(trx, [
    ...PAYMENT_COLUMNS.map((column) => row[column]),
    p.accountId,
    p.accountId,
  ]);
  const paymentId = insertedId(inserted);
  const balanceAfter = Number(inserted.balance_after);
  row.balance_after = balanceAfter;
  const tenders = p.tenders.map((t) => ({ method: t.method, amount: t.amount, reference: t.reference.trim().slice(0, 40), bank: t.bank.trim().slice(0, 60) }));
  if (tenders.length > 0) {
    await INSERT_TENDERS.rows(
      trx,
      tenders.flatMap((t) => [paymentId, t.method, t.amount, t.reference, t.bank]),
      tenders.length,
    );
  }
  if (plan.allocations.length > 0) {
    await INSERT_ALLOCATIONS.rows(
      trx,
      plan.allocations.flatMap((a) => [paymentId, a.kind === 'invoice' ? a.id : null, a.kind === 'charge' ? a.id : null, a.amount, true]),
      plan.allocations.length,
    );
  }
  return { paymentId, plan, balanceAfter, row, balancesAfter, tenders, suspensionPending: inserted.suspension_pending === true };
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
    const pairs = mine.flatMap((a) => [a.id, a.amount]);
    const ids = mine.map((a) => a.id);
    const updated =
      kind === 'invoice'
        ? await TAKE_DOWN_INVOICES.rows<{ id: number | string; balance: number | string }>(trx, [...pairs, postedAt, ...ids, ...pairs], mine.length)
        : await TAKE_DOWN_CHARGES.rows<{ id: number | string; balance: number | string }>(trx, [...pairs, ...ids, ...pairs], mine.length);
    if (updated.length !== mine.length) throw new BalanceMoved();
    for (const u of updated) after.set(`${kind}:${Number(u.id)}`, Number(u.balance));
  }
  return allocations.map((a) => after.get(`${a.kind}:${a.id}`) ?? 0);
}
