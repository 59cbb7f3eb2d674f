/**
 * Reconnection when the cause is gone (Ley 142 art. 142): a payment (counter, bank file, an
 * unidentified payment assigned) or an agreement's activation that leaves a suspended account with
 * nothing overdue orders its reconnection in the same transaction, due `reconnectionHours` later
 * (the SSPD's 24 hours), and cancels the account's pending suspension orders with the reason; an
 * account not yet suspended only gets its pending suspension cancelled.
 *
 * Idempotent: at most one open reconnection per account (reconnection.ts).
 *
 * Set-based: a bank file's payments are read through `POSTED_PAYMENTS_WHERE` (a subquery), and only the
 * payments of suspended accounts, or of accounts with a pending suspension order, come back to
 * JavaScript.
 */
import type { Knex } from 'knex';
import { writeAudit } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { prepared, type CountedStatement } from '../../db/prepared';
import { POSTED_PAYMENTS_WHERE, postedPaymentsBindings, type PaymentEffect, type PaymentPostedEvent, type PaymentVoidedEvent } from '../cashier/paymentEffects';
import { labelOf } from '../cashier/receipts';
import { policyFromJson, WORK_ORDER_POLICY_KEY } from './catalog';
import { OPEN_STATES } from './orders';
import { hasOverdue, nothingOverdueSql } from './overdue';
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
 * One read for both (a payment at the counter pays for every round trip): 'r' rows are the suspended
 * accounts paid now, with nothing overdue left and no open reconnection (one row per payment, with the
 * policy that dates the order); 's' rows the pending suspension orders of the accounts paid now, from
 * the payments (few) to their orders (by account). `paid`: which payments (POSTED_PAYMENTS_WHERE).
 * Bindings: the policy's key, the payments', the open states, the business date twice; then the
 * payments', the open states, the business date twice.
 */
function foundSql(paid: string): string {
  const open = OPEN_STATES.map(() => '?').join(', ');
  return `SELECT 'r' AS kind, p.id, p.account_id, p.office_id, p.receipt_number, o.code AS office_code, NULL AS number,
                 (SELECT value_json FROM settings WHERE "key" = ?) AS policy_json
            FROM payments p
            JOIN accounts a ON a.id = p.account_id
            LEFT JOIN offices o ON o.id = p.office_id
           WHERE p.id IN (SELECT id FROM payments WHERE ${paid})
             AND a.status = 'suspendido'
             AND NOT EXISTS (SELECT 1 FROM work_orders r WHERE r.account_id = a.id AND r.type = 'reconexion' AND r.state IN (${open}))
             AND ${nothingOverdueSql('a.id')}
          UNION ALL
          SELECT DISTINCT 's' AS kind, w.id, w.account_id, CAST(NULL AS INTEGER) AS office_id, CAST(NULL AS INTEGER) AS receipt_number, NULL AS office_code, w.number, NULL AS policy_json
            FROM payments pp
            JOIN work_orders w ON w.account_id = pp.account_id
           WHERE pp.id IN (SELECT id FROM payments WHERE ${paid})
             AND w.type = 'suspension' AND w.state IN (${open})
             AND ${nothingOverdueSql('w.account_id')}`;
}

// made once per engine and kind (db/prepared.ts): a payment at the counter that may reconnect reads it every time
const FOUND: Record<PaymentPostedEvent['posted']['kind'], CountedStatement> = {
  one: prepared(() => foundSql(POSTED_PAYMENTS_WHERE.one)),
  bankFile: prepared(() => foundSql(POSTED_PAYMENTS_WHERE.bankFile)),
};

async function onPosted(trx: Knex.Transaction, event: PaymentPostedEvent): Promise<void> {
  // the counter's first read saw the account neither suspended nor with a pending suspension order
  // (on PostgreSQL, or a suspension order pending when the payment's row was inserted: cashier/record.ts WRITE_PAYMENT_PG)
  if (event.posted.kind === 'one' && event.posted.mayReconnect === false) return;
  const paid = postedPaymentsBindings(event.posted);
  const found = await FOUND[event.posted.kind].rows<FoundRow>(trx, [
    WORK_ORDER_POLICY_KEY,
    ...paid,
    ...OPEN_STATES,
    event.businessDate,
    event.businessDate,
    ...paid,
    ...OPEN_STATES,
    event.businessDate,
    event.businessDate,
  ]);
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
