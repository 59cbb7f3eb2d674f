/**
 * Reads of the cashier area shared by its services: sessions as the screen shows them, the caller's
 * open session, an account with what it owes (invoices and other charges) and small row helpers.
 * Every function takes a Knex or a transaction: inside a transaction pass the transaction (SQLite
 * has one connection; asking the outer Knex from inside a transaction would wait forever).
 */
import type { Knex } from 'knex';
import type { CashSession, HeldByAgreement, OpenCharge, PayableAccount, ReceiptLayout } from '../../../../shared/contract';
import type { DenominationCount } from '../../../../shared/denominations';
import type { OpenDebt } from '../../../../shared/allocation';
import { AppError, conflict, notFound, rule } from '../../errors';
import { lockRows } from '../../db/dialect';
import { prepared } from '../../db/prepared';
import { getAccountDetail } from '../accounts/queries';

/** the id knex gives back from `insert(...).returning('id')` on either engine */
export function insertedId(row: unknown): number {
  return Number(typeof row === 'object' && row !== null ? (row as { id: number }).id : row);
}

/** SQLite answers booleans as 0/1, PostgreSQL as true/false */
export function bool(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/** true when `error` is a unique-index violation (SQLite or PostgreSQL) naming `what` (an index or column) */
export function isUniqueViolation(error: unknown, what: string): boolean {
  const e = error as { code?: string; message?: string; constraint?: string } | null;
  if (!e) return false;
  if (e.code === '23505') return (e.constraint ?? e.message ?? '').includes(what) || (e.message ?? '').includes(what);
  return e.code === 'SQLITE_CONSTRAINT' && (e.message ?? '').includes('UNIQUE') && (e.message ?? '').includes(what);
}

export interface SessionDbRow {
  id: number;
  office_id: number;
  till_id: number;
  cashier_id: number;
  status: 'abierta' | 'cerrada';
  business_date: string;
  opened_at: string;
  opening_count_json: string;
  opening_float: number | string;
  closed_at: string | null;
  closed_by: number | null;
  closing_count_json: string | null;
  counted_cash: number | string | null;
  expected_cash: number | string | null;
  difference: number | string | null;
  approved_by: number | null;
  forced: number | boolean;
  close_note: string;
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

/**
 * Sessions as the screen shows them, with their till, cashier, receipt count and live total.
 * `filter` narrows the cash_sessions query (its columns are prefixed `s.`).
 */
export async function loadSessions(db: Knex, filter: (q: Knex.QueryBuilder) => void): Promise<CashSession[]> {
  const query = db('cash_sessions as s')
    .join('tills as t', 't.id', 's.till_id')
    .join('users as u', 'u.id', 's.cashier_id')
    .select('s.*', 't.name as till_name', 'u.full_name as cashier_name')
    .orderBy('s.opened_at', 'desc')
    .orderBy('s.id', 'desc');
  filter(query);
  const rows: (SessionDbRow & { till_name: string; cashier_name: string })[] = await query;
  if (rows.length === 0) return [];
  const stats: { session_id: number; n: number | string; live: number | string | null }[] = await db('payments')
    .whereIn(
      'session_id',
      rows.map((r) => r.id),
    )
    .groupBy('session_id')
    .select('session_id')
    .count({ n: '*' })
    .select(db.raw(`SUM(CASE WHEN status = 'vigente' THEN amount ELSE 0 END) AS live`));
  const bySession = new Map(stats.map((s) => [Number(s.session_id), s]));
  return rows.map((r) => {
    const stat = bySession.get(r.id);
    return {
      id: r.id,
      officeId: r.office_id,
      tillId: r.till_id,
      tillName: r.till_name,
      cashierId: r.cashier_id,
      cashierName: r.cashier_name,
      status: r.status,
      businessDate: r.business_date,
      openedAt: r.opened_at,
      openingFloat: Number(r.opening_float),
      openingCount: JSON.parse(r.opening_count_json) as DenominationCount[],
      closedAt: r.closed_at,
      countedCash: num(r.counted_cash),
      expectedCash: num(r.expected_cash),
      difference: num(r.difference),
      forced: bool(r.forced),
      paymentCount: stat ? Number(stat.n) : 0,
      collected: stat ? Number(stat.live ?? 0) : 0,
    };
  });
}

export async function getSession(db: Knex, sessionId: number): Promise<CashSession> {
  const [session] = await loadSessions(db, (q) => q.where('s.id', sessionId));
  if (!session) throw notFound('La caja (turno)');
  return session;
}

/** the cashier's open session row, or null */
export async function openSessionOf(db: Knex, cashierId: number): Promise<SessionDbRow | null> {
  const row: SessionDbRow | undefined = await db('cash_sessions').where({ cashier_id: cashierId, status: 'abierta' }).first();
  return row ?? null;
}

export const NO_OPEN_SESSION = 'No tiene una caja abierta: abra la caja con el conteo del fondo antes de recibir dinero.';

/**
 * The cashier's open session row; without one no money can be taken. Inside a transaction that
 * changes the drawer, pass `lock`: 'share' for what only adds to it (payments: several may post at
 * once), 'update' for what takes from it or closes it (voids, cash out, the close), so that the
 * close's figures and a drawer check see every change that got in before them and none after
 * (PostgreSQL; on SQLite the write transaction already serialises them).
 */
export async function requireOpenSession(db: Knex, cashierId: number, lock?: 'share' | 'update'): Promise<SessionDbRow> {
  const query = db('cash_sessions').where({ cashier_id: cashierId, status: 'abierta' }).first();
  const row: SessionDbRow | undefined = await (lock ? lockRows(query, db, lock) : query);
  if (!row) throw rule(NO_OPEN_SESSION);
  return row;
}

/** The cashier's open session with what its receipts show: the till, the cashier and the office paid at. */
export interface PayingSession {
  id: number;
  till_id: number;
  till_name: string;
  receipt_layout: ReceiptLayout | null;
  cashier_name: string;
  office_code: string;
  office_name: string;
  office_address: string;
  office_phone: string;
  office_city: string;
}

/** A payment the office already posted with an idempotency key: a resend of its request is answered with it. */
export interface KeyedPayment {
  id: number;
  account_id: number;
  receipt_number: number | null;
  request_hash: string | null;
}

const PAYMENT_WITH_KEY_SQL = 'SELECT id, account_id, receipt_number, request_hash FROM payments WHERE idempotency_key = ? AND office_id = ? LIMIT 1';
const PAYMENT_WITH_KEY = prepared(() => PAYMENT_WITH_KEY_SQL);

/** The payment the office already posted with this key, if any. */
export async function paymentWithKey(db: Knex, officeId: number, key: string): Promise<KeyedPayment | undefined> {
  const [row] = await PAYMENT_WITH_KEY.rows<KeyedPayment>(db, [key, officeId]);
  return row;
}

/**
 * requireOpenSession(…, 'share') for a payment at the counter, in the same round trip as the names its
 * receipt prints (the till, the cashier, the office `officeId` the payment is posted at): the receipt
 * is then built from what the transaction already read. Only the session's row is locked. The same
 * statement looks for the payment's idempotency key (a join with the one-row read of paymentWithKey,
 * `k`, never locked): it was a statement of its own before, one round trip more for every payment.
 */
const OPEN_SESSION_FOR_PAYMENT = prepared(
  (engine) => `SELECT s.id, s.till_id, t.name AS till_name, t.receipt_layout, u.full_name AS cashier_name,
                      o.code AS office_code, o.name AS office_name, o.address AS office_address, o.phone AS office_phone, o.city AS office_city,
                      k.id AS keyed_id, k.account_id AS keyed_account_id, k.receipt_number AS keyed_receipt_number, k.request_hash AS keyed_request_hash
                 FROM cash_sessions s
                 JOIN tills t ON t.id = s.till_id
                 JOIN users u ON u.id = s.cashier_id
                 JOIN offices o ON o.id = ?
                 LEFT JOIN (${PAYMENT_WITH_KEY_SQL}) k ON 1 = 1
                WHERE s.cashier_id = ? AND s.status = 'abierta'
                LIMIT 1${engine === 'pg' ? ' FOR SHARE OF s' : ''}`,
);

/**
 * The cashier's open session for a payment (null: none open) and the payment already posted with the
 * request's idempotency key (null: none), in one read. Without an open session the key is looked for
 * alone: a resend is answered with its receipt even after the close.
 */
export async function openSessionForPayment(
  db: Knex,
  cashierId: number,
  officeId: number,
  key: string,
): Promise<{ session: PayingSession | null; keyed: KeyedPayment | null }> {
  type Row = PayingSession & { keyed_id: number | null; keyed_account_id: number | null; keyed_receipt_number: number | null; keyed_request_hash: string | null };
  const [row] = await OPEN_SESSION_FOR_PAYMENT.rows<Row>(db, [officeId, key, officeId, cashierId]);
  if (!row) return { session: null, keyed: (await paymentWithKey(db, officeId, key)) ?? null };
  const { keyed_id, keyed_account_id, keyed_receipt_number, keyed_request_hash, ...session } = row;
  const keyed = keyed_id === null ? null : { id: Number(keyed_id), account_id: Number(keyed_account_id), receipt_number: keyed_receipt_number, request_hash: keyed_request_hash };
  return { session, keyed };
}

/** The session row locked for update, still open (a session closed meanwhile is refused). */
export async function lockOpenSessionById(trx: Knex, sessionId: number): Promise<SessionDbRow> {
  const row: SessionDbRow | undefined = await lockRows(trx('cash_sessions').where({ id: sessionId }).first(), trx, 'update');
  if (!row) throw notFound('La caja (turno)');
  if (row.status !== 'abierta') throw conflict('La caja ya fue cerrada.');
  return row;
}

interface ChargeDbRow {
  id: number;
  concept: string;
  quantity: number;
  amount: number | string;
  balance: number | string;
  business_date: string;
}

export async function openChargesOf(db: Knex, accountId: number): Promise<OpenCharge[]> {
  const rows: ChargeDbRow[] = await db('account_charges').where('account_id', accountId).andWhere('balance', '>', 0).orderBy([{ column: 'business_date' }, { column: 'id' }]);
  return rows.map((r) => ({ id: r.id, concept: r.concept, quantity: r.quantity, amount: Number(r.amount), balance: Number(r.balance), businessDate: r.business_date }));
}

/**
 * The debts an agreement of the account that waits for its down payment will finance, still open
 * (null: no such agreement). Its activation takes them at the amounts signed, so the till keeps them
 * out of "Todo el saldo" and "Debe" until the down payment is posted.
 */
export async function heldByAgreement(db: Knex, accountId: number): Promise<HeldByAgreement | null> {
  const rows: { agreement_id: number; number: string; invoice_id: number | null; charge_id: number | null; balance: number | string | null }[] = await db('payment_agreements as a')
    .join('payment_agreement_debts as d', 'd.agreement_id', 'a.id')
    .leftJoin('invoices as i', 'i.id', 'd.invoice_id')
    .leftJoin('account_charges as c', 'c.id', 'd.charge_id')
    .where({ 'a.account_id': accountId, 'a.state': 'pendiente' })
    .orderBy('d.id')
    .select('a.id as agreement_id', 'a.number', 'd.invoice_id', 'd.charge_id', db.raw('COALESCE(i.balance, c.balance) AS balance'));
  const open = rows.filter((r) => Number(r.balance ?? 0) > 0);
  if (rows.length === 0) return null;
  return {
    agreementId: Number(rows[0].agreement_id),
    agreementNumber: rows[0].number,
    debts: open.map((r) => (r.invoice_id !== null ? { kind: 'invoice' as const, id: Number(r.invoice_id) } : { kind: 'charge' as const, id: Number(r.charge_id) })),
    total: open.reduce((s, r) => s + Number(r.balance), 0),
  };
}

/** An account for the payment screen: the account, its open invoices and its open other charges. */
export async function payableAccount(db: Knex, accountId: number, today: string): Promise<PayableAccount> {
  const account = await getAccountDetail(db, accountId, today);
  const openCharges = await openChargesOf(db, accountId);
  const held = await heldByAgreement(db, accountId);
  const totalDue = account.openInvoices.reduce((s, i) => s + i.balance, 0) + openCharges.reduce((s, c) => s + c.balance, 0) - (held?.total ?? 0);
  return { account, openCharges, totalDue, heldByAgreement: held };
}

/** What the account owes now, as debts for the allocation (read inside the paying transaction). */
export async function openDebtsOf(db: Knex, accountId: number): Promise<PayingDebt[]> {
  const rows: { kind: OpenDebt['kind']; id: number; due_date: string; balance: number | string; number: string | null; period: string | null; concept: string | null }[] = await db('invoices')
    .where('account_id', accountId)
    .andWhere('balance', '>', 0)
    .select(db.raw("'invoice' AS kind"), 'id', 'due_date', 'balance', 'number', 'period', db.raw('NULL AS concept'))
    .unionAll((u) => {
      // a charge is due on its due date (an agreement's installment) or else the day it was added
      u.from('account_charges')
        .where('account_id', accountId)
        .andWhere('balance', '>', 0)
        .select(db.raw("'charge' AS kind"), 'id', db.raw('COALESCE(due_date, business_date) AS due_date'), 'balance', db.raw('NULL AS number'), db.raw('NULL AS period'), 'concept');
    });
  return rows.map((r) => ({ kind: r.kind, id: r.id, dueDate: r.due_date, balance: Number(r.balance), number: r.number, period: r.period, concept: r.concept }));
}

export interface PayingAccount {
  id: number;
  number: string;
  credit_balance: number | string;
}

/** An open debt as the paying transaction reads it: what the allocation needs, and what the receipt's line says. */
export interface PayingDebt extends OpenDebt {
  /** the invoice's number and period (null for a charge) */
  number: string | null;
  period: string | null;
  /** the charge's concept (null for an invoice) */
  concept: string | null;
}

/** What the receipt of a payment at the counter shows of its account, read with the account's row. */
export interface PayingAccountDetail extends PayingAccount {
  holder_name: string;
  address: string;
}

/**
 * The account a payment is for (its number for the receipt, its credit), its row locked for the rest
 * of the transaction (see accountWithDebts).
 */
export async function accountRow(db: Knex, accountId: number): Promise<PayingAccountDetail | undefined> {
  return lockRows(db('accounts').where({ id: accountId }).first('id', 'number', 'credit_balance', 'holder_name', 'address'), db, 'noKeyUpdate');
}

const ACCOUNT_WITH_DEBTS = prepared(
  (engine) =>
    `SELECT a.id, a.number, a.credit_balance, a.holder_name, a.address, d.kind, d.debt_id, d.due_date, d.balance, d.number AS debt_number, d.period, d.concept,
            CASE WHEN EXISTS (SELECT 1 FROM payment_agreements g
                               WHERE g.account_id = a.id AND g.state IN ('pendiente', 'activo') AND g.state = 'pendiente')
                 THEN 1 ELSE 0 END AS waiting,
            CASE WHEN a.status = 'suspendido' OR EXISTS (SELECT 1 FROM work_orders w
                               WHERE w.account_id = a.id AND w.type = 'suspension' AND w.state IN ('pendiente', 'asignada'))
                 THEN 1 ELSE 0 END AS may_reconnect
       FROM accounts a
       LEFT JOIN (SELECT 'invoice' AS kind, id AS debt_id, due_date, balance, number, period, NULL AS concept FROM invoices WHERE account_id = ? AND balance > 0
                  UNION ALL
                  SELECT 'charge' AS kind, id AS debt_id, COALESCE(due_date, business_date) AS due_date, balance, NULL AS number, NULL AS period, concept FROM account_charges WHERE account_id = ? AND balance > 0) d
         ON 1 = 1
      WHERE a.id = ?${engine === 'pg' ? ' FOR NO KEY UPDATE OF a' : ''}`,
);

/**
 * The account and what it owes now (as openDebtsOf), in one round trip: the account's row joined to
 * its open debts (one row per debt; one row with no debt when it owes nothing). Undefined: no such account.
 *
 * PostgreSQL: the account's row is locked (`FOR NO KEY UPDATE`) for the rest of the paying
 * transaction, in this same read. Whoever changes an account's debts takes its account row first (a
 * payment here, a void, a bank file for all its accounts at once in id order: bankfiles/apply.ts),
 * so two of them never wait for each other in a circle, and a payment waits for a bank file only
 * when the file pays the same account. The debts joined are the statement's snapshot: when the lock
 * had to wait they may be older than the row, and the guarded UPDATE of recordPayment catches that
 * (BalanceMoved: the payment is tried again).
 *
 * The same read says whether the work orders' payment effect may have anything to do (`mayReconnect`:
 * the account is suspended, or a suspension order of it is pending — the partial unique index
 * work_orders_open_suspension answers that), so that a payment of any other account skips its read.
 * The account's status cannot change under the lock (a suspension executed updates the row). A
 * suspension ordered while this read waited for the row is not in its snapshot: the payment's insert
 * looks again (record.ts WRITE_PAYMENT_PG, PostgreSQL).
 */
export async function accountWithDebts(
  db: Knex,
  accountId: number,
): Promise<{ account: PayingAccountDetail; debts: PayingDebt[]; waitingAgreement: boolean; mayReconnect: boolean } | undefined> {
  const rows = await ACCOUNT_WITH_DEBTS.rows<
    PayingAccountDetail & {
      kind: OpenDebt['kind'] | null;
      debt_id: number | string | null;
      due_date: string | null;
      balance: number | string | null;
      debt_number: string | null;
      period: string | null;
      concept: string | null;
      waiting: number | string;
      may_reconnect: number | string;
    }
  >(db, [accountId, accountId, accountId]);
  if (rows.length === 0) return undefined;
  const { id, number, credit_balance, holder_name, address } = rows[0];
  const debts = rows
    .filter((r) => r.kind !== null)
    .map((r) => ({ kind: r.kind as OpenDebt['kind'], id: Number(r.debt_id), dueDate: r.due_date as string, balance: Number(r.balance), number: r.debt_number, period: r.period, concept: r.concept }));
  // waiting: an agreement of the account waits for its down payment (its debts are held: heldByAgreement)
  return {
    account: { id: Number(id), number, credit_balance, holder_name, address },
    debts,
    waitingAgreement: Number(rows[0].waiting) === 1,
    mayReconnect: Number(rows[0].may_reconnect) === 1,
  };
}

/**
 * The account's open debt (invoices + charges) as an SQL expression with two `?` (the account's id,
 * twice): a column of the payment's own row (record.ts) or a read of its own (accountDebt).
 */
export const ACCOUNT_DEBT_SQL = `(SELECT COALESCE(SUM(balance), 0) FROM invoices WHERE account_id = ? AND balance > 0)
      + (SELECT COALESCE(SUM(balance), 0) FROM account_charges WHERE account_id = ? AND balance > 0)`;

const ACCOUNT_DEBT = prepared(() => `SELECT ${ACCOUNT_DEBT_SQL} AS debt`);

/** the account's open debt (invoices + charges), in one round trip */
export async function accountDebt(db: Knex, accountId: number): Promise<number> {
  const [row] = await ACCOUNT_DEBT.rows<{ debt: number | string }>(db, [accountId, accountId]);
  return Number(row.debt);
}

/** the user's full name, for papers and lists */
export async function userName(db: Knex, userId: number | null): Promise<string> {
  if (userId === null) return '';
  const row: { full_name: string } | undefined = await db('users').where({ id: userId }).first('full_name');
  return row?.full_name ?? '';
}

/** The Spanish forbidden error for a cashier reading another cashier's papers. */
export function notYours(): AppError {
  return new AppError('FORBIDDEN', 'Solo puede consultar sus propias cajas.');
}
