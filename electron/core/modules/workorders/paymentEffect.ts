/**
 * Reconnection when the cause is gone (Ley 142 art. 142): a payment (counter, bank file, an
 * unidentified payment assigned) or an agreement's activation that leaves a suspended account with
 * nothing overdue orders its reconnection in the same transaction, due `reconnectionHours` later
 * (the SSPD's 24 hours), and cancels the account's pending suspension orders with the reason; an
 * account not yet suspended only gets its pending suspension cancelled.
 *
 * Idempotent: at most one open reconnection per account (reconnection.ts).
 *
 * Set-based: a bank file's payments are read through `postedPaymentIds` (a subquery), and only the
 * payments of suspended accounts, or of accounts with a pending suspension order, come back to
 * JavaScript.
 */
import type { Knex } from 'knex';
import { writeAudit } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { engineOf } from '../../db/dialect';
import { postedPaymentIds, type PaymentEffect, type PaymentPostedEvent, type PaymentVoidedEvent } from '../cashier/paymentEffects';
import { labelOf } from '../cashier/receipts';
import { policyFromJson, WORK_ORDER_POLICY_KEY } from './catalog';
import { OPEN_STATES } from './orders';
import { hasOverdue, whereNothingOverdue } from './overdue';
import { reconnectAccounts, type ReconnectionTarget } from './reconnection';

/** what the order says started it (the receipt's number comes with the payment's own row: no query of its own) */
function paymentRef(event: PaymentPostedEvent, payment: { receipt_number: number | null; office_code: string | null }): string {
  if (event.posted.kind === 'bankFile') return `Pago por banco (archivo ${event.posted.bankFileId})`;
  if (event.posted.source === 'asignado') return 'Pago por identificar asignado a la cuenta';
  return `Pago, recibo ${labelOf(payment.office_code ?? '', payment.receipt_number)}`;
}

interface FoundRow {
  /** 'r': a payment of a suspended account to reconnect; 's': a pending suspension order to cancel */
  kind: 'r' | 's';
  id: number;
  account_id: number;
  office_id: number | null;
  receipt_number: number | null;
  office_code: string | null;
  number: string | null;
  policy_json: string | null;
}

/**
 * PostgreSQL: the counter's first read (cashier/queries.ts accountWithDebts) takes the account's row
 * and reads its suspension orders in the same statement, from that statement's snapshot. When the
 * row was held by a suspension round or a manual order (suspensions.ts, orders.ts createOrder: they
 * take the row before writing the order), the read waited and then answered from before their
 * COMMIT: `mayReconnect` false while a suspension of the account is now pending. This one look after
 * the lock (an index probe: work_orders_open_suspension) keeps the customer who paid from being
 * suspended. SQLite: the first read ran inside the database's write lock, so its answer stands.
 */
async function suspensionOrderedMeanwhile(trx: Knex.Transaction, paymentId: number): Promise<boolean> {
  if (engineOf(trx) === 'sqlite') return false;
  const result: { rows: unknown[] } = await trx.raw(
    `SELECT 1 FROM payments p JOIN work_orders w ON w.account_id = p.account_id WHERE p.id = ? AND w.type = 'suspension' AND w.state IN ('pendiente', 'asignada')`,
    [paymentId],
  );
  return result.rows.length > 0;
}

async function onPosted(trx: Knex.Transaction, event: PaymentPostedEvent): Promise<void> {
  // the counter's first read saw the account neither suspended nor with a pending suspension order
  if (event.posted.kind === 'one' && event.posted.mayReconnect === false && !(await suspensionOrderedMeanwhile(trx, event.posted.paymentId))) return;
  // one read for both (a payment at the counter pays for every round trip): 'r' rows are the
  // suspended accounts paid now, with nothing overdue left and no open reconnection (one row per
  // payment, with the policy that dates the order); 's' rows the pending suspension orders of the
  // accounts paid now, from the payments (few) to their orders (by account)
  const reconnect = whereNothingOverdue(
    trx('payments as p')
      .join('accounts as a', 'a.id', 'p.account_id')
      .leftJoin('offices as o', 'o.id', 'p.office_id')
      .whereIn('p.id', postedPaymentIds(trx, event.posted))
      .where('a.status', 'suspendido')
      .whereNotExists(trx('work_orders as r').whereRaw('r.account_id = a.id').where('r.type', 'reconexion').whereIn('r.state', OPEN_STATES).select(trx.raw('1'))),
    trx,
    'a.id',
    event.businessDate,
  ).select(
    trx.raw("'r' AS kind"),
    'p.id',
    'p.account_id',
    'p.office_id',
    'p.receipt_number',
    'o.code as office_code',
    trx.raw('NULL AS number'),
    trx('settings').where('key', WORK_ORDER_POLICY_KEY).select('value_json').as('policy_json'),
  );
  const pendingSuspensions = whereNothingOverdue(
    trx('payments as pp')
      .join('work_orders as w', 'w.account_id', 'pp.account_id')
      .whereIn('pp.id', postedPaymentIds(trx, event.posted))
      .where('w.type', 'suspension')
      .whereIn('w.state', OPEN_STATES),
    trx,
    'w.account_id',
    event.businessDate,
  ).distinct(trx.raw("'s' AS kind"), 'w.id', 'w.account_id', trx.raw('CAST(NULL AS INTEGER) AS office_id'), trx.raw('CAST(NULL AS INTEGER) AS receipt_number'), trx.raw('NULL AS office_code'), 'w.number', trx.raw('NULL AS policy_json'));
  const found: FoundRow[] = await reconnect.unionAll(pendingSuspensions);
  if (found.length === 0) return;
  const payments = found.filter((f) => f.kind === 'r').sort((x, y) => Number(x.id) - Number(y.id));
  const pending = found.filter((f) => f.kind === 's').map((f) => ({ id: Number(f.id), number: f.number ?? '', account_id: Number(f.account_id) }));
  const byAccount = new Map<number, ReconnectionTarget>();
  for (const p of payments) byAccount.set(Number(p.account_id), { accountId: Number(p.account_id), officeId: Number(p.office_id), paymentId: Number(p.id), originRef: paymentRef(event, p) });
  const policy = payments.length > 0 ? policyFromJson(payments[0].policy_json) : undefined;
  const outcome = await reconnectAccounts(trx, event.actor, 'pago', event.businessDate, event.postedAt, [...byAccount.values()], pending, 'La causa desapareció: la cuenta pagó lo vencido', {
    policy,
    auditNotes: event.auditNotes,
  });
  // one payment: the order it created is the receipt's (at most one, for its account)
  if (event.posted.kind === 'one' && event.receiptNotes && outcome.created.length > 0) event.receiptNotes.reconnection = { number: outcome.created[0].number, dueAt: outcome.created[0].dueAt };
}

/** a voided payment takes back the reconnection it ordered, while the crew has not done it and the account owes again */
async function onVoided(trx: Knex.Transaction, event: PaymentVoidedEvent): Promise<void> {
  const order: { id: number; number: string } | undefined = await trx('work_orders').where({ payment_id: event.paymentId, type: 'reconexion' }).whereIn('state', OPEN_STATES).first('id', 'number');
  if (!order || !(await hasOverdue(trx, event.accountId, event.businessDate))) return;
  const reason = 'Se anuló el pago que la originó y la cuenta vuelve a deber';
  await trx('work_orders').where({ id: order.id }).update({ state: 'anulada', cancel_reason: reason, cancelled_at: nowTimestamp(), cancelled_by: event.actor.name.slice(0, 40) });
  await writeAudit(trx, event.actor, { action: 'workOrders.cancel', entity: 'work_order', entityId: order.id, before: { number: order.number }, after: { state: 'anulada', reason } });
}

export const workOrdersPaymentEffect: PaymentEffect = { name: 'workOrders.reconnection', onPosted, onVoided };
