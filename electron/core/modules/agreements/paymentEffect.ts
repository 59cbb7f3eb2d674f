/**
 * The agreements' payment effect (cashier/paymentEffects.ts), inside the payment's transaction:
 * - posted: a waiting agreement whose down payment these payments completed becomes active. Found
 *   with one set-based query over the payments' allocations (a bank file of 50,000 payments costs one
 *   query); only the agreements activated then cost their own statements.
 *   At the counter an agreement that cannot activate (an included debt paid elsewhere since it was
 *   signed) refuses the payment; in a bank file it stays waiting, audited, and the file goes in.
 * - voided: an agreement the voided payment activated goes back to waiting, with every balance as it
 *   was before that payment; on an agreement that expired after the payment paid part of its down
 *   payment, the credit the expiry gave the account is taken back (lifecycle.revertExpiredDownPayment).
 */
import type { PaymentEffect } from '../cashier/paymentEffects';
import { postedPaymentIds } from '../cashier/paymentEffects';
import { auditedSavepoint, writeAudit } from '../../db/audit';
import { AppError } from '../../errors';
import { activate, deactivate, revertExpiredDownPayment } from './lifecycle';
import type { AgreementDbRow } from './queries';

export const agreementsPaymentEffect: PaymentEffect = {
  name: 'agreements',
  async onPosted(trx, event) {
    // a down payment is a charge: a payment that paid none completes none
    if (event.posted.kind === 'one' && event.posted.paidCharge === false) return;
    const completed: (AgreementDbRow & { payment_id: number })[] = await trx('payment_agreements as g')
      .join('account_charges as c', 'c.id', 'g.down_payment_charge_id')
      .join('payment_allocations as pa', 'pa.charge_id', 'g.down_payment_charge_id')
      .where('g.state', 'pendiente')
      .andWhere('c.balance', 0)
      .andWhere('pa.live', true)
      .whereIn('pa.payment_id', postedPaymentIds(trx, event.posted))
      .orderBy('g.id')
      .select('g.*', 'pa.payment_id');
    const done = new Set<number>();
    for (const a of completed) {
      if (done.has(a.id)) continue;
      done.add(a.id);
      if (event.posted.kind === 'one') {
        // at the counter a refusal fails the payment: the cashier reads why and nothing is written
        await activate(trx, a, Number(a.payment_id), event.businessDate, event.actor);
        continue;
      }
      // in a bank file one agreement that cannot activate must not reject the whole file: its
      // activation is undone to a savepoint, the down payment stays paid and the agreement waits for
      // a coordinator (the audit row says why)
      try {
        await auditedSavepoint(trx, (savepoint) => activate(savepoint, a, Number(a.payment_id), event.businessDate, event.actor));
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'RULE') throw error;
        await writeAudit(trx, event.actor, { action: 'agreement.activationBlocked', entity: 'payment_agreement', entityId: a.id, after: { number: a.number, paymentId: Number(a.payment_id), reason: error.message } });
      }
    }
  },
  async onVoided(trx, event) {
    const activated: AgreementDbRow[] = await trx('payment_agreements').where({ activated_by_payment_id: event.paymentId });
    for (const a of activated) await deactivate(trx, a, event.businessDate, event.actor);
    // a down payment paid in part, then expired: what the voided payment paid went to the credit
    const expired: AgreementDbRow[] = await trx('payment_agreements as g')
      .join('payment_allocations as pa', 'pa.charge_id', 'g.down_payment_charge_id')
      .where('g.state', 'vencido')
      .andWhere('pa.payment_id', event.paymentId)
      .distinct('g.*');
    for (const a of expired) await revertExpiredDownPayment(trx, a, event.businessDate, event.actor);
  },
};
