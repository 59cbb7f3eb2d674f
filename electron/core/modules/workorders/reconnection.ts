/**
 * Reconnection when the cause is gone (Ley 142 art. 142): cancels the account's pending suspension
 * orders with the reason and orders the reconnection of a suspended account, due `reconnectionHours`
 * later (the SSPD's 24 hours). Used by the payment effect (paymentEffect.ts) and, through
 * `requestReconnection`, by the agreements module for an activation without a down payment.
 *
 * Idempotent: at most one open reconnection per account. The partial unique index
 * work_orders_open_reconnection and `ON CONFLICT DO NOTHING` keep it so when two payments of the same
 * account post at once on two counters (PostgreSQL: the second insert waits for the first's commit
 * and then does nothing; SQLite: one writer at a time).
 *
 * (Kept apart from paymentEffect.ts so that importing it never loads the payment hook's registry.)
 */
import type { Knex } from 'knex';
import { writeAudit, type Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { actingOffice } from '../../officeScope';
import type { WorkOrderPolicy } from '../../../../shared/contract';
import { getWorkOrderPolicy } from './catalog';
import { NUMBER_BLOCK_SQL } from '../../db/counters';
import { engineOf } from '../../db/dialect';
import { prepared, valuesList } from '../../db/prepared';
import { hoursAfter, OPEN_STATES, ORDER_COLUMNS, orderCounterKey, orderNumberPrefix, orderNumberSql, orderNumbers, orderRow, type NewOrder } from './orders';
import { hasOverdue } from './overdue';

export interface ReconnectionTarget {
  accountId: number;
  officeId: number;
  paymentId: number | null;
  originRef: string;
}

export interface ReconnectionOutcome {
  /** reconnection orders created now, by account, with the instant they are due */
  created: { accountId: number; number: string; dueAt: string }[];
  /** suspension orders cancelled because the cause is gone */
  cancelledSuspensions: string[];
}

export interface ReconnectOptions {
  /** the policy, when the caller's own read brought it along (else read here) */
  policy?: WorkOrderPolicy;
  /** the notes of the caller's audit row (a payment at the counter): the outcome goes there, under `reconnection`, instead of a row of its own */
  auditNotes?: Record<string, unknown>;
}

/**
 * The new reconnection orders, `count` rows (made once per engine and count, db/prepared.ts: a payment
 * at the counter that reconnects writes one). An account that already has an open reconnection (the
 * partial unique index) gets none: `ON CONFLICT DO NOTHING`, whatever the index's name. Its number
 * was drawn all the same, as before (numbers are skipped, never reused).
 */
const INSERT_RECONNECTIONS = prepared(
  (_, count) => `INSERT INTO work_orders (${ORDER_COLUMNS.join(', ')}) VALUES ${valuesList(ORDER_COLUMNS.length, count)} ON CONFLICT DO NOTHING RETURNING number, account_id`,
);

const UNNUMBERED_COLUMNS = ORDER_COLUMNS.filter((column) => column !== 'number');

/**
 * PostgreSQL: the same insert drawing its numbers in the same statement (the counter's block as a
 * data-modifying CTE, db/counters.ts NUMBER_BLOCK_SQL; each row's number made by the server with
 * orders.ts orderNumberSql, the same text as orderNumbers): one round trip instead of two for a
 * payment that reconnects (payment-round-trips.test.ts). Row i of `count` takes the block's
 * (i + 1)-th number, `value` − (count − 1 − i), as orderNumbers gives it. Bindings: the counter's
 * key and `count`; then per row the number's prefix and the other columns.
 */
const INSERT_NUMBERED_RECONNECTIONS = prepared((_, count) => {
  const rest = UNNUMBERED_COLUMNS.map(() => '?').join(', ');
  const rows = Array.from({ length: count }, (_, i) => `((SELECT ${orderNumberSql(`value - ${count - 1 - i}`)} FROM n), ${rest})`);
  return `WITH n AS (${NUMBER_BLOCK_SQL})
     INSERT INTO work_orders (number, ${UNNUMBERED_COLUMNS.join(', ')}) VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING RETURNING number, account_id`;
});

/** the office's reconnection orders inserted, with their numbers: the rows that went in (not those of an account with an open one) */
async function insertReconnections(trx: Knex.Transaction, officeId: number, businessDate: string, orders: NewOrder[], actor: Actor): Promise<{ number: string; account_id: number }[]> {
  const inserted: { number: string; account_id: number }[] = [];
  if (engineOf(trx) === 'pg') {
    for (let i = 0; i < orders.length; i += 500) {
      const chunk = orders.slice(i, i + 500).map((order) => orderRow(order, '', actor));
      const prefix = orderNumberPrefix(businessDate);
      const bindings = [orderCounterKey(officeId, businessDate), chunk.length, ...chunk.flatMap((row) => [prefix, ...UNNUMBERED_COLUMNS.map((column) => row[column])])];
      inserted.push(...(await INSERT_NUMBERED_RECONNECTIONS.rows<{ number: string; account_id: number }>(trx, bindings, chunk.length)));
    }
    return inserted;
  }
  const numbers = await orderNumbers(trx, officeId, businessDate, orders.length);
  const rows = orders.map((order, i) => orderRow(order, numbers[i], actor));
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    inserted.push(...(await INSERT_RECONNECTIONS.rows<{ number: string; account_id: number }>(trx, chunk.flatMap((row) => ORDER_COLUMNS.map((column) => row[column])), chunk.length)));
  }
  return inserted;
}

/**
 * For accounts whose cause of suspension is gone (the caller checked: nothing overdue): cancels
 * their pending suspension orders and orders the reconnection of those suspended without an open
 * one. One audit row for all of it (or the caller's, with `auditNotes`).
 */
export async function reconnectAccounts(
  trx: Knex.Transaction,
  actor: Actor,
  origin: 'pago' | 'acuerdo',
  businessDate: string,
  at: string,
  suspended: ReconnectionTarget[],
  pendingSuspensions: { id: number; number: string; account_id: number }[],
  cancelReason: string,
  options: ReconnectOptions = {},
): Promise<ReconnectionOutcome> {
  const cancelledSuspensions = pendingSuspensions.map((s) => s.number);
  for (let i = 0; i < pendingSuspensions.length; i += 500) {
    await trx('work_orders')
      .whereIn('id', pendingSuspensions.slice(i, i + 500).map((s) => s.id))
      .whereIn('state', OPEN_STATES)
      .update({ state: 'anulada', cancel_reason: cancelReason, cancelled_at: at, cancelled_by: actor.name.slice(0, 40) });
  }
  const created: ReconnectionOutcome['created'] = [];
  if (suspended.length > 0) {
    const policy = options.policy ?? (await getWorkOrderPolicy(trx));
    const dueAt = hoursAfter(at, policy.reconnectionHours);
    const byOffice = new Map<number, ReconnectionTarget[]>();
    for (const s of suspended) byOffice.set(s.officeId, [...(byOffice.get(s.officeId) ?? []), s]);
    for (const [officeId, targets] of byOffice) {
      const orders = targets.map((s): NewOrder => ({ officeId, accountId: s.accountId, type: 'reconexion', origin, originRef: s.originRef, paymentId: s.paymentId, priority: 'alta', businessDate, createdAt: at, dueAt }));
      const inserted = await insertReconnections(trx, officeId, businessDate, orders, actor);
      created.push(...inserted.map((r) => ({ accountId: Number(r.account_id), number: r.number, dueAt })));
    }
  }
  if (created.length || cancelledSuspensions.length) {
    const after = { origin, reconnections: created.map((c) => c.number), cancelledSuspensions, reason: cancelReason };
    if (options.auditNotes) options.auditNotes.reconnection = after;
    else await writeAudit(trx, actor, { action: 'workOrders.reconnection', entity: 'work_order', entityId: null, after });
  }
  return { created, cancelledSuspensions };
}

/** the open reconnection order of an account, if any */
export async function openReconnection(db: Knex, accountId: number): Promise<string | null> {
  const row: { number: string } | undefined = await db('work_orders').where({ account_id: accountId, type: 'reconexion' }).whereIn('state', OPEN_STATES).first('number');
  return row?.number ?? null;
}

/**
 * For the agreements module (an activation without a down payment): orders the reconnection of a
 * suspended account whose cause is gone, in the caller's transaction. Idempotent: an open
 * reconnection is answered, not repeated. Returns the order's number, or null when the account is
 * not suspended or still owes something overdue.
 */
export async function requestReconnection(
  trx: Knex.Transaction,
  request: { accountId: number; origin: 'acuerdo' | 'pago'; businessDate: string; actor: Actor; officeId?: number; originRef?: string },
): Promise<{ number: string; created: boolean } | null> {
  const account: { id: number; status: string } | undefined = await trx('accounts').where({ id: request.accountId }).first('id', 'status');
  if (!account || (await hasOverdue(trx, account.id, request.businessDate))) return null;
  const officeId = request.officeId ?? (await actingOffice(trx, request.actor.officeId));
  const pending: { id: number; number: string; account_id: number }[] = await trx('work_orders')
    .where({ account_id: account.id, type: 'suspension' })
    .whereIn('state', OPEN_STATES)
    .select('id', 'number', 'account_id');
  const existing = await openReconnection(trx, account.id);
  const suspended = account.status === 'suspendido' && existing === null ? [{ accountId: account.id, officeId, paymentId: null, originRef: request.originRef ?? 'Acuerdo de pago activado' }] : [];
  const reason = request.origin === 'acuerdo' ? 'La causa desapareció: acuerdo de pago activado' : 'La causa desapareció: la cuenta pagó lo vencido';
  const outcome = await reconnectAccounts(trx, request.actor, request.origin, request.businessDate, nowTimestamp(), suspended, pending, reason);
  if (outcome.created.length) return { number: outcome.created[0].number, created: true };
  const open = await openReconnection(trx, account.id);
  return open === null ? null : { number: open, created: false };
}

