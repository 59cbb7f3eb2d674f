/**
 * The one place a payment is written, whoever takes it (the counter, or a bank payment assigned
 * from the por-identificar queue): the allocation over the account's open debts (read inside the
 * caller's transaction), the balances taken down with a guarded UPDATE (never below zero, no lost
 * update), the overpayment to the account's credit, the payment row, its tenders and allocations.
 * The caller owns the transaction, the receipt number and the audit row. Bank files apply their
 * thousands of payments set-based (bankfiles/apply.ts) into the same columns.
 *
 * PostgreSQL writes all of it in one statement (WRITE_PAYMENT_PG: a round trip to the server is what
 * the counter's payment waits for); SQLite, in the process, one statement for each part.
 */
import type { Knex } from 'knex';
import { allocatePayment, type AllocationPlan, type OpenDebt } from '../../../../shared/allocation';
import type { TenderMethod } from '../../../../shared/contract';
import { engineOf } from '../../db/dialect';
import { prepared, preparedByShape, valuesList } from '../../db/prepared';
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
  /** PostgreSQL: a suspension order of the account is pending as of this insert (WRITE_PAYMENT_PG); false on SQLite */
  suspensionPending: boolean;
}

/** a balance changed under the transaction's feet (another counter paid the same debt): retry the whole payment */
export class BalanceMoved extends Error {}

/**
 * The payments row's columns, in the order of the payment INSERT's values on both engines (balance_after is
 * computed by the statement). Not bankfiles/apply.ts's list: a bank payment writes another set of columns.
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
 * from before their COMMIT. The payment's statement starts after the lock was granted, so its
 * snapshot sees the order, and the work orders' payment effect cancels it
 * (concurrency-accounts.test.ts). Here instead of a statement of its own: an index probe
 * (work_orders_open_suspension) inside a round trip the payment makes anyway. SQLite: the first read
 * ran inside the database's write lock; nothing to add.
 */
const SUSPENSION_PENDING_SQL = `EXISTS (SELECT 1 FROM work_orders w WHERE w.account_id = payments.account_id AND w.type = 'suspension' AND w.state IN ('pendiente', 'asignada'))`;

/**
 * The guarded UPDATE of the debts of one table, `count` of them: each row goes down by its own amount
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

/** takeDownSql's bindings for the plan's debts of one kind */
function takeDownBindings(mine: AllocationPlan['allocations'], kind: OpenDebt['kind'], postedAt: string): unknown[] {
  const pairs = mine.flatMap((a) => [a.id, a.amount]);
  return [...pairs, ...(kind === 'invoice' ? [postedAt] : []), ...mine.map((a) => a.id), ...pairs];
}

const DEBT_TABLES = { invoice: 'invoices', charge: 'account_charges' } as const;

/** what the written statements answer, the same on both paths */
interface Written {
  paymentId: number;
  balanceAfter: number;
  /** the debts' balances after the take-down, by `kind:id` */
  after: Map<string, number>;
  suspensionPending: boolean;
}

/** the tender's and the allocation's values after their payment_id, in the order of their INSERTs' columns */
const tenderValues = (t: RecordedPayment['tenders'][number]) => [t.method, t.amount, t.reference, t.bank];
const allocationValues = (a: AllocationPlan['allocations'][number]) => [a.kind === 'invoice' ? a.id : null, a.kind === 'charge' ? a.id : null, a.amount, true];

export async function recordPayment(trx: Knex.Transaction, p: PaymentRecord): Promise<RecordedPayment> {
  const plan = allocatePayment(p.amount, p.debts, p.order);
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
  const tenders = p.tenders.map((t) => ({ method: t.method, amount: t.amount, reference: t.reference.trim().slice(0, 40), bank: t.bank.trim().slice(0, 60) }));
  const written = engineOf(trx) === 'pg' ? await writeInOneStatement(trx, p, plan, row, tenders) : await writeStatementByStatement(trx, p, plan, row, tenders);
  row.balance_after = written.balanceAfter;
  const balancesAfter = plan.allocations.map((a) => written.after.get(`${a.kind}:${a.id}`) ?? 0);
  return { paymentId: written.paymentId, plan, balanceAfter: written.balanceAfter, row, balancesAfter, tenders, suspensionPending: written.suspensionPending };
}

/**
 * Each allocation's debt must have gone down: a guarded UPDATE that took down fewer rows than asked
 * found a balance that no longer covers its amount (another counter paid it meanwhile). Nothing is
 * kept: BalanceMoved, and the caller's transaction is rolled back (the payment is tried again).
 */
function balancesOf(plan: AllocationPlan, updated: { kind: OpenDebt['kind']; id: number | string; balance: number | string }[]): Map<string, number> {
  for (const kind of ['invoice', 'charge'] as const) {
    if (updated.filter((u) => u.kind === kind).length !== plan.allocations.filter((a) => a.kind === kind).length) throw new BalanceMoved();
  }
  return new Map(updated.map((u) => [`${u.kind}:${Number(u.id)}`, Number(u.balance)]));
}

// SQLite: a statement is a call inside the process (microseconds), so the payment keeps its own statements
/** the payment's row; balance_after (the account's debt after the take-down, seen by this later statement) computed by the insert */
const INSERT_PAYMENT_SQLITE = prepared(
  () => `INSERT INTO payments (${PAYMENT_COLUMNS.join(', ')}, balance_after)
         VALUES (${PAYMENT_COLUMNS.map(() => '?').join(', ')}, ${ACCOUNT_DEBT_SQL})
         RETURNING id, balance_after`,
);
const INSERT_TENDERS = prepared((_, rows) => `INSERT INTO payment_tenders (payment_id, method, amount, reference, bank) VALUES ${valuesList(5, rows)}`);
const INSERT_ALLOCATIONS = prepared((_, rows) => `INSERT INTO payment_allocations (payment_id, invoice_id, charge_id, amount, live) VALUES ${valuesList(5, rows)}`);
const ADD_CREDIT = prepared(() => 'UPDATE accounts SET credit_balance = credit_balance + ?, updated_at = ? WHERE id = ?');
const TAKE_DOWN = { invoice: prepared((_, count) => takeDownSql('invoices', count)), charge: prepared((_, count) => takeDownSql('account_charges', count)) };

/**
 * SQLite: the balances taken down with one guarded UPDATE per table, whatever the number of debts
 * paid (a payment that clears six invoices sent six before), then the credit, the payment, its
 * tenders and its allocations.
 */
async function writeStatementByStatement(trx: Knex.Transaction, p: PaymentRecord, plan: AllocationPlan, row: Record<string, unknown>, tenders: RecordedPayment['tenders']): Promise<Written> {
  const updated: { kind: OpenDebt['kind']; id: number | string; balance: number | string }[] = [];
  for (const kind of ['invoice', 'charge'] as const) {
    const mine = plan.allocations.filter((a) => a.kind === kind);
    if (mine.length === 0) continue;
    const rows = await TAKE_DOWN[kind].rows<{ id: number | string; balance: number | string }>(trx, takeDownBindings(mine, kind, p.postedAt), mine.length);
    updated.push(...rows.map((r) => ({ kind, ...r })));
  }
  const after = balancesOf(plan, updated);
  if (plan.credit > 0) await ADD_CREDIT.rows(trx, [plan.credit, p.postedAt, p.accountId]);
  const [inserted] = await INSERT_PAYMENT_SQLITE.rows<{ id: number | string; balance_after: number | string }>(trx, [...PAYMENT_COLUMNS.map((column) => row[column]), p.accountId, p.accountId]);
  const paymentId = insertedId(inserted);
  if (tenders.length > 0) await INSERT_TENDERS.rows(trx, tenders.flatMap((t) => [paymentId, ...tenderValues(t)]), tenders.length);
  if (plan.allocations.length > 0) await INSERT_ALLOCATIONS.rows(trx, plan.allocations.flatMap((a) => [paymentId, ...allocationValues(a)]), plan.allocations.length);
  return { paymentId, balanceAfter: Number(inserted.balance_after), after, suspensionPending: false };
}

interface PaymentShape extends Record<string, number | boolean> {
  invoices: number;
  charges: number;
  credit: boolean;
  tenders: number;
}

/**
 * PostgreSQL: the take-down of the invoices and of the charges, the credit, the payment, its tenders
 * and its allocations as ONE statement (data-modifying CTEs), instead of up to six: each statement
 * is a round trip between two processes, and on the 2-core machine the reconnection payment at
 * 200,000 accounts spent ≈ 2.5–3 ms executing its 14 statements on the server but 9.5 ms p50 /
 * 17.6 ms p99 in all (tests/bench/README.md, ninth session). Measured (payment-bench.ts, 200,000
 * accounts, a PostgreSQL cluster of its own, README "session pay25"): a cash payment sends 7
 * statements instead of 11 and a reconnection 9 instead of 14 (with the key read in the session's
 * read and the order's number in its insert); the server touches the same buffers for this one
 * statement as for the four it replaces (633 against 635 a reconnection of 12 invoices). On this
 * machine's loopback the wall times showed no difference beyond the run-to-run spread; with 1 ms of
 * network each way (tests/bench/latency-proxy.ts, the lead's section of the README) the p50 fell from
 * 32.6 to 22.4 ms (cash) and from 45.8 to 33.9 ms (reconnection): the round trips are what an office
 * far from the shared server pays for.
 *
 * Every CTE of one statement sees the same snapshot, taken when the statement starts: the payment's
 * INSERT does not see what `down_i` / `down_c` took down. So its balance_after is not the plain sum
 * the SQLite path reads afterwards (ACCOUNT_DEBT_SQL) but, per table, the account's debts with a
 * balance that this statement did not touch, as of its snapshot, plus the balances the guarded UPDATE
 * left (its RETURNING, > 0). That is the same number: every row of the account is in exactly one of
 * the two sums (the ids taken down are the account's own debts: allocatePayment allocates only over
 * `p.debts`, read by account), an untouched row has its snapshot's balance in both ways of counting,
 * and a row taken down has the balance its UPDATE wrote (RETURNING answers the row as written, also
 * when the UPDATE waited for another writer and re-read the row). What it can differ by is only what
 * another transaction committed between this statement's start and the old separate INSERT's, which
 * no longer exists. The suspension probe (SUSPENSION_PENDING_SQL) runs in this statement's snapshot,
 * taken after the account's lock was granted, as the separate INSERT's was.
 *
 * The guarded UPDATEs' rows come back: fewer than asked is BalanceMoved as before (the payment and its
 * rows were inserted by the same statement, and go with the rollback the caller makes). Tenders and
 * allocations take the payment's id from `pay` (a scalar subquery in their VALUES, so the server types
 * their parameters by the target columns, as in a plain INSERT). Bindings in the order of the text:
 * see pgBindings.
 */
const WRITE_PAYMENT_PG = preparedByShape<PaymentShape>((_, shape) => {
  const ctes: string[] = [];
  const after: string[] = [];
  const returned = [`SELECT 'p' AS kind, id, balance_after AS balance, suspension_pending FROM pay`];
  for (const kind of ['invoice', 'charge'] as const) {
    const count = kind === 'invoice' ? shape.invoices : shape.charges;
    const table = DEBT_TABLES[kind];
    const cte = kind === 'invoice' ? 'down_i' : 'down_c';
    if (count === 0) {
      after.push(`(SELECT COALESCE(SUM(balance), 0) FROM ${table} WHERE account_id = ? AND balance > 0)`);
      continue;
    }
    ctes.push(`${cte} AS (${takeDownSql(table, count)})`);
    after.push(
      `(SELECT COALESCE(SUM(balance), 0) FROM ${table} WHERE account_id = ? AND balance > 0 AND id NOT IN (SELECT id FROM ${cte}))`,
      `(SELECT COALESCE(SUM(balance), 0) FROM ${cte} WHERE balance > 0)`,
    );
    returned.push(`SELECT '${kind}', id, balance, NULL FROM ${cte}`);
  }
  if (shape.credit) ctes.push('credit AS (UPDATE accounts SET credit_balance = credit_balance + ?, updated_at = ? WHERE id = ?)');
  ctes.push(`pay AS (INSERT INTO payments (${PAYMENT_COLUMNS.join(', ')}, balance_after)
         VALUES (${PAYMENT_COLUMNS.map(() => '?').join(', ')}, ${after.join('\n         + ')})
         RETURNING id, balance_after, ${SUSPENSION_PENDING_SQL} AS suspension_pending)`);
  const fromPay = (columns: number, rows: number) => Array.from({ length: rows }, () => `((SELECT id FROM pay), ${Array.from({ length: columns }, () => '?').join(', ')})`).join(', ');
  if (shape.tenders > 0) ctes.push(`tenders AS (INSERT INTO payment_tenders (payment_id, method, amount, reference, bank) VALUES ${fromPay(4, shape.tenders)})`);
  const allocations = shape.invoices + shape.charges;
  if (allocations > 0) ctes.push(`allocations AS (INSERT INTO payment_allocations (payment_id, invoice_id, charge_id, amount, live) VALUES ${fromPay(4, allocations)})`);
  return `WITH ${ctes.join(',\n     ')}\n${returned.join('\nUNION ALL ')}`;
});

/** WRITE_PAYMENT_PG's bindings, in the order of its text */
function pgBindings(p: PaymentRecord, plan: AllocationPlan, row: Record<string, unknown>, tenders: RecordedPayment['tenders'], shape: PaymentShape): unknown[] {
  const bindings: unknown[] = [];
  const debtSums: unknown[] = [];
  for (const kind of ['invoice', 'charge'] as const) {
    const mine = plan.allocations.filter((a) => a.kind === kind);
    if (mine.length > 0) bindings.push(...takeDownBindings(mine, kind, p.postedAt));
    debtSums.push(p.accountId);
  }
  if (shape.credit) bindings.push(plan.credit, p.postedAt, p.accountId);
  bindings.push(...PAYMENT_COLUMNS.map((column) => row[column]), ...debtSums);
  bindings.push(...tenders.flatMap(tenderValues), ...plan.allocations.flatMap(allocationValues));
  return bindings;
}

async function writeInOneStatement(trx: Knex.Transaction, p: PaymentRecord, plan: AllocationPlan, row: Record<string, unknown>, tenders: RecordedPayment['tenders']): Promise<Written> {
  const shape: PaymentShape = {
    invoices: plan.allocations.filter((a) => a.kind === 'invoice').length,
    charges: plan.allocations.filter((a) => a.kind === 'charge').length,
    credit: plan.credit > 0,
    tenders: tenders.length,
  };
  const rows = await WRITE_PAYMENT_PG.rows<{ kind: 'p' | OpenDebt['kind']; id: number | string; balance: number | string; suspension_pending: boolean | null }>(trx, pgBindings(p, plan, row, tenders, shape), shape);
  const pay = rows.find((r) => r.kind === 'p')!;
  const after = balancesOf(plan, rows.filter((r): r is typeof r & { kind: OpenDebt['kind'] } => r.kind !== 'p'));
  return { paymentId: insertedId(pay), balanceAfter: Number(pay.balance), after, suspensionPending: pay.suspension_pending === true };
}
