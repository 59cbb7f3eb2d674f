/**
 * What else a payment changes, inside the payment's own transaction. A payment reaches an account in
 * three ways — at the counter (cashier/payments.ts), in a bank file (bankfiles/service.ts, set-based)
 * and as an unidentified bank payment the coordinator assigns — and can be voided at the counter
 * (cashier/voids.ts). Other modules act on it: a payment agreement becomes active when its down
 * payment is complete (and goes back when that payment is voided), a suspended account with nothing
 * overdue gets its reconnection order. They do it here, in the same transaction, so a payment and its
 * effects are posted together or not at all.
 *
 * An effect is a plain object of two optional functions; the list below is the only registry (a
 * module adds its effect to EFFECTS, in the order they must run). Effects must be set-based: a bank
 * file posts tens of thousands of payments at once, so they read the payments through
 * `postedPaymentIds` (a subquery) instead of one id at a time.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../db/audit';
import { bankPaymentKeyPrefix } from '../bankfiles/apply';
import { agreementsPaymentEffect } from '../agreements/paymentEffect';
import { workOrdersPaymentEffect } from '../workorders/paymentEffect';

/** The payments just posted in this transaction. */
export type PostedPayments =
  /** one payment: at the counter, or an unidentified bank payment assigned to an account */
  | {
      kind: 'one';
      paymentId: number;
      source: 'caja' | 'asignado';
      /** false when the payment paid no other charge (an effect about charges, such as an agreement's down payment, has nothing to read); unknown when absent */
      paidCharge?: boolean;
      /**
       * false when the account's first read saw it neither suspended nor with a pending suspension
       * order (the work orders' effect has nothing to do: no read of its own); unknown when absent
       */
      mayReconnect?: boolean;
    }
  /** every payment of a bank file */
  | { kind: 'bankFile'; bankFileId: number };

export interface PaymentPostedEvent {
  posted: PostedPayments;
  /** business date of the payments (the counter's today, the bank's collection date) */
  businessDate: string;
  /** the moment they were posted (a timestamp as the payments table keeps it) */
  postedAt: string;
  actor: Actor;
  /**
   * The notes of the payment's own audit row, when its caller writes that row after the effects (the
   * counter): an effect then adds what it did here (a key of its own) instead of writing a row of its
   * own. Absent: each effect audits itself.
   */
  auditNotes?: Record<string, unknown>;
  /**
   * For the counter's receipt, built from what the payment's transaction has in memory: the
   * reconnection order a payment of `kind: 'one'` created now, set by the work orders' effect.
   */
  receiptNotes?: { reconnection?: { number: string; dueAt: string } };
}

export interface PaymentVoidedEvent {
  paymentId: number;
  accountId: number;
  /** business date of the void */
  businessDate: string;
  actor: Actor;
}

export interface PaymentEffect {
  /** a short name for errors and audit rows */
  name: string;
  /** after the payments and their allocations are written, before the transaction commits */
  onPosted?: (trx: Knex.Transaction, event: PaymentPostedEvent) => Promise<void>;
  /** after the void put the balances back, before the transaction commits */
  onVoided?: (trx: Knex.Transaction, event: PaymentVoidedEvent) => Promise<void>;
}

/** The effects, in the order they run. Agreements before work orders: an agreement's activation decides whether anything is still overdue. */
const EFFECTS: readonly PaymentEffect[] = [agreementsPaymentEffect, workOrdersPaymentEffect];

/**
 * Which payments rows are the event's, as SQL text over `payments` (for a statement made once,
 * db/prepared.ts) and its bindings. A bank file: the file's own payments (an unidentified one
 * assigned later has the file's id too, but its own key).
 */
export const POSTED_PAYMENTS_WHERE: Record<PostedPayments['kind'], string> = {
  one: 'id = ?',
  bankFile: 'bank_file_id = ? AND idempotency_key LIKE ?',
};

export function postedPaymentsBindings(posted: PostedPayments): (string | number)[] {
  return posted.kind === 'one' ? [posted.paymentId] : [posted.bankFileId, `${bankPaymentKeyPrefix(posted.bankFileId)}%`];
}

/** The ids of the payments of the event, as a subquery for `WHERE payment_id IN (…)`. */
export function postedPaymentIds(trx: Knex.Transaction, posted: PostedPayments): Knex.QueryBuilder {
  return trx('payments').select('id').whereRaw(POSTED_PAYMENTS_WHERE[posted.kind], postedPaymentsBindings(posted));
}

/** Runs every effect of posted payments; an effect's error fails the payment's transaction. */
export async function runPaymentPosted(trx: Knex.Transaction, event: PaymentPostedEvent): Promise<void> {
  for (const effect of EFFECTS) if (effect.onPosted) await effect.onPosted(trx, event);
}

/** Runs every effect of a void; an effect's error fails the void's transaction. */
export async function runPaymentVoided(trx: Knex.Transaction, event: PaymentVoidedEvent): Promise<void> {
  for (const effect of EFFECTS) if (effect.onVoided) await effect.onVoided(trx, event);
}
