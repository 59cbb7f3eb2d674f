/**
 * The agreements' payment effect (cashier/paymentEffects.ts), inside the payment's transaction:
 * - posted: a waiting agreement whose down payment these payments completed becomes active. Found
 *   with one set-based query over the payments' allocations (a bank file of 50,000 payments costs one
 *   query); only the agreements activated then cost their own statements.
 *   At the counter an agreement that cannot activate (an included debt paid elsewhere since it was
 *   signed) refuses the payment; in a bank file it stays waiting, audited, and the file goes in.
 * - posted at the bank: a debt a waiting agreement finances, paid by its own payment reference, ends
 *   that agreement with the reason (lifecycle.cancelPaidAtBank), before any activation.
 * - voided: an agreement the voided payment activated goes back to waiting, with every balance as it
 *   was before that payment; on an agreement that expired (or ended by a bank payment) after the
 *   payment paid part of its down payment, the credit the end gave the account is taken back
 *   (lifecycle.revertExpiredDownPayment).
 */
import type { Knex } from 'knex';
import type { PaymentEffect, PaymentPostedEvent } from '../cashier/paymentEffects';
import { postedPaymentIds } from '../cashier/paymentEffects';
import { auditedSavepoint, writeAudit } from '../../db/audit';
import { AppError } from '../../errors';
import { activate, cancelPaidAtBank, deactivate, revertExpiredDownPayment } from './lifecycle';
import type { AgreementDbRow } from './queries';

/**
 * Bank payments (a file, or an unidentified one assigned) that paid a debt financed by an agreement
 * waiting for its down payment: the bank's default order never takes such a debt, so its own payment
 * reference named it. Each such agreement ends in this transaction (lifecycle.cancelPaidAtBank).
 * Two set-based queries (invoices, charges), whatever the number of payments.
 */
async function cancelAgreementsPaidAtBank(trx: Knex.Transaction, event: PaymentPostedEvent): Promise<void> {
  type PaidRow = AgreementDbRow & { debt_label: string; debt_balance: number | string };
  const paidDebts = async (kind: 'invoice' | 'charge'): Promise<{ a: PaidRow; label: string }[]> => {
    const column = kind === 'invoice' ? 'invoice_id' : 'charge_id';
    const q = trx('payment_agreements as g')
      .join('payment_agreement_debts as d', 'd.agreement_id', 'g.id')
      .join('payment_allocations as pa', `pa.${column}`, `d.${column}`)
      .where('g.state', 'pendiente')
      .andWhere('pa.live', true)
      .whereIn('pa.payment_id', postedPaymentIds(trx, event.posted))
      .orderBy(['g.id', 'd.id']);
    const rows: PaidRow[] =
      kind === 'invoice'
        ? await q.join('invoices as i', 'i.id', 'd.invoice_id').select('g.*', 'i.number as debt_label', 'i.balance as debt_balance')
        : await q.join('account_charges as c', 'c.id', 'd.charge_id').select('g.*', 'c.concept as debt_label', 'c.balance as debt_balance');
    return rows.map((a) => ({ a, label: kind === 'invoice' ? `La factura ${a.debt_label}` : `El cobro «${a.debt_label}»` }));
  };
  const done = new Set<number>();
  for (const { a, label } of [...(await paidDebts('invoice')), ...(await paidDebts('charge'))]) {
    if (done.has(a.id)) continue;
    done.add(a.id);
    await cancelPaidAtBank(trx, a, { label, fully: Number(a.debt_balance) === 0 }, event.businessDate, event.actor);
  }
}

export const agreementsPaymentEffect: PaymentEffect = {
  name: 'agreements',
  async onPosted(trx, event) {
    // first: an agreement a bank payment left without one of its debts ends, and is then no longer waiting to activate
    if (event.posted.kind === 'bankFile' || event.posted.source === 'asignado') await cancelAgreementsPaidAtBank(trx, event);
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
      .whereIn('g.state', ['vencido', 'anulado'])
      .andWhere('pa.payment_id', event.paymentId)
      .distinct('g.*');
    for (const a of expired) await revertExpiredDownPayment(trx, a, event.businessDate, event.actor);
  },
};
