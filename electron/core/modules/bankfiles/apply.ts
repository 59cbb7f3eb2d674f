/**
 * Applying the payments of a bank file, set-based: the file's detail records are staged (see
 * imports/staging.ts), matched to invoices and accounts with a few UPDATEs, allocated in memory one
 * account at a time (the same `allocatePayment` the counter uses: the debt the reference names
 * first, then the counter's default order over the others — oldest first, the debts held by an
 * agreement waiting for its down payment left out — the rest to the account's credit), and
 * written with batched multi-row INSERTs and a few UPDATE … FROM-staging statements. Nothing here
 * makes one round trip per record.
 *
 * Also the single bank payment the por-identificar queue posts when a coordinator names the account.
 */
import type { Knex } from 'knex';
import { allocatePayment, defaultOrder, type DebtRef, type OpenDebt } from '../../../../shared/allocation';
import { engineOf, lockRows } from '../../db/dialect';
import { conflict, notFound } from '../../errors';
import { heldByAgreement, openDebtsOf } from '../cashier/queries';
import { BalanceMoved, recordPayment } from '../cashier/record';
import { verificationCode } from '../cashier/payments';
import { createStagingIndex, createStagingTable, selectRows, stagingTable } from '../imports/staging';
import type { AsobancariaDetail } from './asobancaria';

/** The staged detail records: one row per 06 record, keyed by its line. */
export const DETAIL_COLUMNS = ['line', 'lot', 'reference', 'ref_short', 'amount', 'procedencia', 'medium', 'branch', 'tender_reference', 'return_cause'] as const;

export async function createBankStagingTables(db: Knex): Promise<void> {
  await createStagingTable(
    db,
    'bank_details',
    `line INTEGER PRIMARY KEY, lot TEXT NOT NULL, reference TEXT NOT NULL, ref_short TEXT NOT NULL, amount BIGINT NOT NULL,
    procedencia TEXT NOT NULL, medium TEXT NOT NULL, branch TEXT NOT NULL, tender_reference TEXT NOT NULL, return_cause TEXT NOT NULL,
    invoice_id INTEGER, charge_id INTEGER, account_id INTEGER`,
  );
  await createStagingTable(db, 'bank_allocations', 'line INTEGER NOT NULL, invoice_id INTEGER, charge_id INTEGER, amount BIGINT NOT NULL');
  await createStagingIndex(db, 'bank_allocations', ['invoice_id']);
  await createStagingIndex(db, 'bank_allocations', ['charge_id']);
  await createStagingTable(db, 'bank_credits', 'account_id INTEGER PRIMARY KEY, amount BIGINT NOT NULL');
}

/** What the tender of a bank payment says, besides the bank: where and how the bank took it. */
export function tenderReference(d: Pick<AsobancariaDetail, 'branch' | 'operation' | 'sequence'>): string {
  return `suc ${d.branch} op ${d.operation || '-'} sec ${d.sequence}`;
}

/** A staged row for a detail record (DETAIL_COLUMNS order). */
export function detailRow(d: AsobancariaDetail): unknown[] {
  const short = d.reference.replace(/^0+/, '');
  return [d.line, d.lot, d.reference, short, d.amount, d.procedencia, d.medium, d.branch, tenderReference(d), d.returnCause];
}

/**
 * Matches each staged record to an invoice by `invoices.payment_reference` (the reference as in the
 * file, then without its leading zeros), else to an other charge by its coupon's reference (a payment
 * agreement's down payment or installment), else to an account by its number (the same two ways).
 * A record the bank marks with a return cause is never matched. With `match` false (the file is
 * not for this company's NIT) nothing is matched: everything goes to por identificar.
 */
export async function matchReferences(db: Knex, match: boolean): Promise<void> {
  const s = stagingTable(db, 'bank_details');
  await db.raw(`UPDATE ${s} SET invoice_id = NULL, charge_id = NULL, account_id = NULL`);
  if (!match) return;
  const invoiceBy = (column: string) => `(SELECT i.id FROM invoices AS i WHERE i.payment_reference = s.${column}
    ORDER BY CASE WHEN i.balance > 0 THEN 0 ELSE 1 END, i.due_date, i.id LIMIT 1)`;
  await db.raw(`UPDATE ${s} AS s SET invoice_id = ${invoiceBy('reference')} WHERE s.return_cause = ''`);
  await db.raw(`UPDATE ${s} AS s SET invoice_id = ${invoiceBy('ref_short')}
    WHERE s.invoice_id IS NULL AND s.return_cause = '' AND s.ref_short <> s.reference AND s.ref_short <> ''`);
  await db.raw(`UPDATE ${s} AS s SET account_id = (SELECT i.account_id FROM invoices AS i WHERE i.id = s.invoice_id) WHERE s.invoice_id IS NOT NULL`);
  const chargeBy = (column: string) => `(SELECT c.id FROM account_charges AS c WHERE c.payment_reference = s.${column} ORDER BY c.id DESC LIMIT 1)`;
  await db.raw(`UPDATE ${s} AS s SET charge_id = ${chargeBy('reference')} WHERE s.invoice_id IS NULL AND s.return_cause = ''`);
  await db.raw(`UPDATE ${s} AS s SET charge_id = ${chargeBy('ref_short')}
    WHERE s.invoice_id IS NULL AND s.charge_id IS NULL AND s.return_cause = '' AND s.ref_short <> s.reference AND s.ref_short <> ''`);
  await db.raw(`UPDATE ${s} AS s SET account_id = (SELECT c.account_id FROM account_charges AS c WHERE c.id = s.charge_id) WHERE s.charge_id IS NOT NULL`);
  await db.raw(`UPDATE ${s} AS s SET account_id = (SELECT a.id FROM accounts AS a WHERE a.number = s.reference)
    WHERE s.account_id IS NULL AND s.return_cause = ''`);
  await db.raw(`UPDATE ${s} AS s SET account_id = (SELECT a.id FROM accounts AS a WHERE a.number = s.ref_short)
    WHERE s.account_id IS NULL AND s.return_cause = '' AND s.ref_short <> s.reference AND s.ref_short <> ''`);
}

export interface MatchCounts {
  matchedCount: number;
  matchedAmount: number;
  unidentifiedCount: number;
  unidentifiedAmount: number;
}

export async function matchCounts(db: Knex): Promise<MatchCounts> {
  const rows = await selectRows<{ matched: number; n: number | string; total: number | string | null }>(
    db,
    `SELECT CASE WHEN account_id IS NULL THEN 0 ELSE 1 END AS matched, COUNT(*) AS n, SUM(amount) AS total
     FROM ${stagingTable(db, 'bank_details')} GROUP BY CASE WHEN account_id IS NULL THEN 0 ELSE 1 END`,
  );
  const counts: MatchCounts = { matchedCount: 0, matchedAmount: 0, unidentifiedCount: 0, unidentifiedAmount: 0 };
  for (const r of rows) {
    if (Number(r.matched) === 1) Object.assign(counts, { matchedCount: Number(r.n), matchedAmount: Number(r.total ?? 0) });
    else Object.assign(counts, { unidentifiedCount: Number(r.n), unidentifiedAmount: Number(r.total ?? 0) });
  }
  return counts;
}

/**
 * SQLite: the bank file's own connection (imports/staging.ts) keeps an 8 MB page cache instead of
 * the 32 MB the million-row CSV imports use: measured on 100,000 records, 20 MB less at the peak
 * and no slower. Nothing on PostgreSQL.
 */
export async function useSmallPageCache(db: Knex): Promise<void> {
  if (engineOf(db) === 'sqlite') await db.raw('PRAGMA main.cache_size=-8192');
}

/**
 * What a bank file (or a queued payment assigned) holds from its start. SQLite: a write that changes
 * nothing takes the database's write lock now (BEGIN is deferred), so the balances read next are the
 * ones written. PostgreSQL: bank files and assignments one at a time (`bank_files` in SHARE ROW
 * EXCLUSIVE: the duplicate check sees the file before it, readers and counters go on), and the
 * tables of balances in ROW EXCLUSIVE, the mode every UPDATE takes: it stops nobody who only
 * changes rows (the counters), and it makes a file and an accounts/invoices import (SHARE ROW
 * EXCLUSIVE, imports/staging.ts) wait for each other at their start instead of in the middle. The
 * rows themselves are locked round by round (lockRoundAccounts), only those the file pays.
 */
export async function lockForBankFile(trx: Knex.Transaction): Promise<void> {
  if (engineOf(trx) === 'pg') {
    await trx.raw('LOCK TABLE bank_files IN SHARE ROW EXCLUSIVE MODE');
    await trx.raw('LOCK TABLE accounts, invoices, account_charges IN ROW EXCLUSIVE MODE');
  } else await trx.raw('UPDATE bank_files SET id = id WHERE id < 0');
}

/**
 * PostgreSQL: the accounts of a round of the file (ids `low` to `high` among the matched ones),
 * locked until the file commits, in ONE statement in id order. Every other writer of an account's
 * debts takes that account's row first (a payment at the counter in its first read, a void, a
 * queued payment assigned: cashier/queries.ts accountWithDebts), so the file and a counter paying
 * the same account wait for each other in a line, never in a circle; a counter paying an account
 * the file does not pay locks nothing the file holds. The debts are then read with the same lock
 * (openDebtsOfAccounts). SQLite: nothing (the file holds the database's write lock).
 */
async function lockRoundAccounts(trx: Knex.Transaction, low: number, high: number): Promise<void> {
  if (engineOf(trx) !== 'pg') return;
  await trx.raw(
    `SELECT COUNT(*) AS n FROM (SELECT id FROM accounts WHERE id IN (SELECT account_id FROM ${stagingTable(trx, 'bank_details')} WHERE account_id BETWEEN ? AND ?)
      ORDER BY id FOR NO KEY UPDATE) AS locked`,
    [low, high],
  );
}

/** Host parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;
/** rows per statement on SQLite, sent as one JSON parameter */
const JSON_BATCH_ROWS = 1_000;

/**
 * Bulk insert of computed rows inside a transaction, `table` a trusted name. SQLite: one JSON
 * parameter per batch read back with json_each (the imports' staging writer measured it ~2× faster
 * than a multi-row VALUES through knex, and it spares knex 30,000 bindings per statement).
 * PostgreSQL: multi-row INSERT … VALUES, one parameter per value.
 */
export async function insertRows(trx: Knex.Transaction, table: string, columns: readonly string[], rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  if (engineOf(trx) === 'sqlite') {
    const values = columns.map((_, i) => `v->>${i}`).join(', ');
    const sql = `WITH r AS MATERIALIZED (SELECT jsonb(value) AS v FROM json_each(?)) INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values} FROM r`;
    for (let start = 0; start < rows.length; start += JSON_BATCH_ROWS) {
      await trx.raw(sql, [JSON.stringify(rows.slice(start, start + JSON_BATCH_ROWS))]);
    }
    return;
  }
  const perBatch = Math.floor(MAX_PARAMETERS / columns.length);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += perBatch) {
    const batch = rows.slice(start, start + perBatch);
    await trx.raw(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${batch.map(() => tuple).join(', ')}`, batch.flat() as Knex.RawBinding[]);
  }
}

export interface BankPaymentContext {
  bankFileId: number;
  officeId: number;
  /** the file's collection date: the business date of its payments */
  businessDate: string;
  postedAt: string;
  /** the bank's name, on each tender */
  bankName: string;
}

/** `bank:<fileId>:<line>`: the idempotency key of a file's payment */
export const bankPaymentKeyPrefix = (bankFileId: number) => `bank:${bankFileId}:`;

const ACCOUNTS_PER_ROUND = 1000;

const PAYMENT_COLUMNS = [
  'office_id',
  'session_id',
  'account_id',
  'receipt_number',
  'idempotency_key',
  'source',
  'business_date',
  'posted_at',
  'cashier_id',
  'amount',
  'credit_added',
  'balance_after',
  'status',
  'verification_code',
  'bank_file_id',
] as const;

/**
 * Writes the payments of the matched records (inside the caller's transaction, after
 * `lockForBankFile`). Returns how many payments were posted.
 */
export async function applyMatchedPayments(trx: Knex.Transaction, ctx: BankPaymentContext): Promise<number> {
  const s = stagingTable(trx, 'bank_details');
  const sa = stagingTable(trx, 'bank_allocations');
  const sc = stagingTable(trx, 'bank_credits');
  // the matched records, ACCOUNTS_PER_ROUND accounts at a time (memory stays flat whatever the file's size)
  await createStagingIndex(trx, 'bank_details', ['account_id', 'line']);
  const prefix = bankPaymentKeyPrefix(ctx.bankFileId);
  let posted = 0;
  let after = 0;
  for (;;) {
    const ids = await selectRows<{ account_id: number }>(
      trx,
      `SELECT DISTINCT account_id FROM ${s} WHERE account_id > ? ORDER BY account_id LIMIT ${ACCOUNTS_PER_ROUND}`,
      [after],
    );
    if (ids.length === 0) break;
    const low = ids[0].account_id;
    const high = ids[ids.length - 1].account_id;
    after = high;
    const round = await selectRows<{ line: number; account_id: number; invoice_id: number | null; charge_id: number | null; amount: number | string }>(
      trx,
      `SELECT line, account_id, invoice_id, charge_id, amount FROM ${s} WHERE account_id BETWEEN ? AND ? ORDER BY account_id, line`,
      [low, high],
    );
    posted += round.length;
    await lockRoundAccounts(trx, low, high);
    const debtsByAccount = await openDebtsOfAccounts(trx, low, high);
    const heldByAccount = await heldDebtsOfAccounts(trx, low, high);
    const payments: unknown[][] = [];
    const allocations: unknown[][] = [];
    const credits = new Map<number, number>();
    for (const r of round) {
      const amount = Number(r.amount);
      const debts = debtsByAccount.get(r.account_id) ?? [];
      // the debt the reference names first: an invoice, or an agreement's coupon (down payment, installment)
      const named = debts.filter((d) => (d.kind === 'invoice' && d.id === r.invoice_id) || (d.kind === 'charge' && d.id === r.charge_id));
      const order = [...named.map((d) => ({ kind: d.kind, id: d.id })), ...defaultOrder(debts.filter((d) => !named.includes(d)), heldByAccount.get(r.account_id) ?? [])];
      const plan = allocatePayment(amount, debts, order);
      for (const a of plan.allocations) {
        const debt = debts.find((d) => d.kind === a.kind && d.id === a.id);
        if (debt) debt.balance = a.balanceAfter;
        allocations.push([r.line, a.kind === 'invoice' ? a.id : null, a.kind === 'charge' ? a.id : null, a.amount]);
      }
      if (plan.credit > 0) credits.set(r.account_id, (credits.get(r.account_id) ?? 0) + plan.credit);
      const balanceAfter = debts.reduce((sum, d) => sum + Math.max(0, d.balance), 0);
      const key = `${prefix}${r.line}`;
      payments.push([
        ctx.officeId,
        null,
        r.account_id,
        null,
        key,
        'banco',
        ctx.businessDate,
        ctx.postedAt,
        null,
        amount,
        plan.credit,
        balanceAfter,
        'vigente',
        verificationCode([ctx.officeId, key, r.account_id, amount, ctx.postedAt]),
        ctx.bankFileId,
      ]);
    }
    await insertRows(trx, 'payments', PAYMENT_COLUMNS, payments);
    await insertRows(trx, sa, ['line', 'invoice_id', 'charge_id', 'amount'], allocations);
    await insertRows(trx, sc, ['account_id', 'amount'], [...credits].map(([account, amount]) => [account, amount]));
  }

  await trx.raw(
    `INSERT INTO payment_tenders (payment_id, method, amount, reference, bank)
     SELECT p.id, 'banco', p.amount, s.tender_reference, ? FROM ${s} AS s JOIN payments AS p ON p.idempotency_key = ? || CAST(s.line AS TEXT)
     WHERE s.account_id IS NOT NULL ORDER BY s.line`,
    [ctx.bankName.slice(0, 60), prefix],
  );
  await trx.raw(
    `INSERT INTO payment_allocations (payment_id, invoice_id, charge_id, amount, live)
     SELECT p.id, a.invoice_id, a.charge_id, a.amount, TRUE FROM ${sa} AS a JOIN payments AS p ON p.idempotency_key = ? || CAST(a.line AS TEXT)
     ORDER BY a.line`,
    [prefix],
  );
  await trx.raw(
    `UPDATE invoices SET balance = balance - (SELECT SUM(a.amount) FROM ${sa} AS a WHERE a.invoice_id = invoices.id), updated_at = ?
     WHERE id IN (SELECT invoice_id FROM ${sa} WHERE invoice_id IS NOT NULL)`,
    [ctx.postedAt],
  );
  await trx.raw(
    `UPDATE account_charges SET balance = balance - (SELECT SUM(a.amount) FROM ${sa} AS a WHERE a.charge_id = account_charges.id)
     WHERE id IN (SELECT charge_id FROM ${sa} WHERE charge_id IS NOT NULL)`,
  );
  await trx.raw(
    `UPDATE accounts SET credit_balance = credit_balance + (SELECT c.amount FROM ${sc} AS c WHERE c.account_id = accounts.id), updated_at = ?
     WHERE id IN (SELECT account_id FROM ${sc})`,
    [ctx.postedAt],
  );
  return posted;
}

/**
 * The open debts (invoices and other charges) of the file's matched accounts with ids from `low` to
 * `high`, by account. PostgreSQL: read with the lock the final UPDATEs take (after the accounts'
 * own, lockRoundAccounts), so the balances allocated are the ones taken down.
 */
async function openDebtsOfAccounts(trx: Knex.Transaction, low: number, high: number): Promise<Map<number, OpenDebt[]>> {
  const lock = engineOf(trx) === 'pg' ? ' ORDER BY id FOR NO KEY UPDATE' : '';
  const byAccount = new Map<number, OpenDebt[]>();
  const add = (accountId: number, debt: OpenDebt) => {
    const list = byAccount.get(accountId);
    if (list) list.push(debt);
    else byAccount.set(accountId, [debt]);
  };
  const accounts = `SELECT DISTINCT account_id FROM ${stagingTable(trx, 'bank_details')} WHERE account_id BETWEEN ? AND ?`;
  const invoices = await selectRows<{ id: number; account_id: number; due_date: string; balance: number | string }>(
    trx,
    `SELECT id, account_id, due_date, balance FROM invoices WHERE account_id IN (${accounts}) AND balance > 0${lock}`,
    [low, high],
  );
  for (const i of invoices) add(i.account_id, { kind: 'invoice', id: i.id, dueDate: i.due_date, balance: Number(i.balance) });
  const charges = await selectRows<{ id: number; account_id: number; due_date: string; balance: number | string }>(
    trx,
    `SELECT id, account_id, COALESCE(due_date, business_date) AS due_date, balance FROM account_charges WHERE account_id IN (${accounts}) AND balance > 0${lock}`,
    [low, high],
  );
  for (const c of charges) add(c.account_id, { kind: 'charge', id: c.id, dueDate: c.due_date, balance: Number(c.balance) });
  return byAccount;
}

/**
 * The debts held by an agreement waiting for its down payment, of the file's matched accounts with ids
 * from `low` to `high`, by account (one query; waiting agreements are few).
 */
async function heldDebtsOfAccounts(trx: Knex.Transaction, low: number, high: number): Promise<Map<number, DebtRef[]>> {
  const accounts = `SELECT DISTINCT account_id FROM ${stagingTable(trx, 'bank_details')} WHERE account_id BETWEEN ? AND ?`;
  const rows = await selectRows<{ account_id: number; invoice_id: number | null; charge_id: number | null }>(
    trx,
    `SELECT g.account_id, d.invoice_id, d.charge_id FROM payment_agreements AS g JOIN payment_agreement_debts AS d ON d.agreement_id = g.id
     WHERE g.state = 'pendiente' AND g.account_id IN (${accounts})`,
    [low, high],
  );
  const byAccount = new Map<number, DebtRef[]>();
  for (const r of rows) {
    const ref: DebtRef = r.invoice_id !== null ? { kind: 'invoice', id: Number(r.invoice_id) } : { kind: 'charge', id: Number(r.charge_id) };
    byAccount.set(Number(r.account_id), [...(byAccount.get(Number(r.account_id)) ?? []), ref]);
  }
  return byAccount;
}

/** Records nobody could match go to the por-identificar queue. Returns how many. */
export async function queueUnidentified(trx: Knex.Transaction, ctx: { bankFileId: number; collectionDate: string; bankCode: string }): Promise<number> {
  const s = stagingTable(trx, 'bank_details');
  const [{ n }] = await selectRows<{ n: number | string }>(trx, `SELECT COUNT(*) AS n FROM ${s} WHERE account_id IS NULL`);
  await trx.raw(
    `INSERT INTO unidentified_payments (bank_file_id, line, reference, amount, collection_date, bank_code, branch, payment_medium, status, note)
     SELECT ?, s.line, s.reference, s.amount, ?, ?, s.branch, s.medium, 'pendiente',
       CASE WHEN s.return_cause <> '' THEN 'El banco lo marcó con la causal de devolución ' || s.return_cause ELSE '' END
     FROM ${s} AS s WHERE s.account_id IS NULL ORDER BY s.line`,
    [ctx.bankFileId, ctx.collectionDate, ctx.bankCode],
  );
  return Number(n);
}

export interface SingleBankPayment {
  accountId: number;
  amount: number;
  officeId: number;
  businessDate: string;
  postedAt: string;
  idempotencyKey: string;
  bankFileId: number;
  tenderReference: string;
  bankName: string;
  /** the reference the bank sent: an open debt of the account with that payment reference is paid first, as in a file */
  reference?: string;
}

export interface PostedBankPayment {
  paymentId: number;
  allocations: { kind: 'invoice' | 'charge'; id: number; amount: number }[];
  credit: number;
  balanceAfter: number;
}

/**
 * The account's open debt whose payment reference is the one the bank sent (as in the file, or
 * without its leading zeros): an invoice, else an agreement's coupon. None: [].
 */
async function debtNamedBy(trx: Knex.Transaction, accountId: number, reference: string | undefined): Promise<DebtRef[]> {
  const refs = [...new Set([reference ?? '', (reference ?? '').replace(/^0+/, '')])].filter((r) => r !== '');
  if (refs.length === 0) return [];
  const invoice: { id: number } | undefined = await trx('invoices').where('account_id', accountId).whereIn('payment_reference', refs).andWhere('balance', '>', 0).orderBy([{ column: 'due_date' }, { column: 'id' }]).first('id');
  if (invoice) return [{ kind: 'invoice', id: Number(invoice.id) }];
  const charge: { id: number } | undefined = await trx('account_charges').where('account_id', accountId).whereIn('payment_reference', refs).andWhere('balance', '>', 0).orderBy('id', 'desc').first('id');
  return charge ? [{ kind: 'charge', id: Number(charge.id) }] : [];
}

/**
 * One bank payment to an account (por-identificar queue): the debt its reference names first, then
 * the counter's default order (oldest first, the debts held by a waiting agreement left out), the rest
 * to its credit. Same columns as the file's payments. Inside the caller's transaction, after
 * `lockForBankFile` (so the balances read are the ones decremented).
 */
export async function postBankPayment(trx: Knex.Transaction, p: SingleBankPayment): Promise<PostedBankPayment> {
  // the account's row first, as every writer of its debts (cashier/queries.ts accountWithDebts)
  const account: { id: number; number: string } | undefined = await lockRows(trx('accounts').where({ id: p.accountId }).first('id', 'number'), trx, 'noKeyUpdate');
  if (!account) throw notFound('La cuenta');
  const debts = await openDebtsOf(trx, account.id);
  const named = await debtNamedBy(trx, account.id, p.reference);
  const isNamed = (d: OpenDebt) => named.some((n) => n.kind === d.kind && n.id === d.id);
  const order = [...named, ...defaultOrder(debts.filter((d) => !isNamed(d)), (await heldByAgreement(trx, account.id))?.debts ?? [])];
  try {
    const { paymentId, plan, balanceAfter } = await recordPayment(trx, {
      officeId: p.officeId,
      sessionId: null,
      accountId: account.id,
      receiptNumber: null,
      idempotencyKey: p.idempotencyKey,
      source: 'banco',
      businessDate: p.businessDate,
      postedAt: p.postedAt,
      cashierId: null,
      amount: p.amount,
      cashReceived: 0,
      change: 0,
      verificationCode: verificationCode([p.officeId, p.idempotencyKey, account.id, p.amount, p.postedAt]),
      bankFileId: p.bankFileId,
      tenders: [{ method: 'banco', amount: p.amount, reference: p.tenderReference, bank: p.bankName }],
      debts,
      order,
    });
    return { paymentId, allocations: plan.allocations.map((a) => ({ kind: a.kind, id: a.id, amount: a.amount })), credit: plan.credit, balanceAfter };
  } catch (error) {
    if (error instanceof BalanceMoved) throw conflict('Otra caja acaba de pagar parte de las deudas de esta cuenta: intente de nuevo.');
    throw error;
  }
}
