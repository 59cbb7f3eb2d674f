/**
 * Voiding a payment (anulación): a reason and a coordinator's credentials on the spot. The receipt
 * stays, marked ANULADO; its allocations stop counting and the invoices and charges get their
 * balance back; the credit it left is taken back from the account; the cash part leaves the drawer
 * of the CALLER's open session (even if the payment was taken in an earlier one).
 */
import type { Knex } from 'knex';
import { retryingTransaction } from '../../db/dialect';
import type { VoidResult } from '../../../../shared/contract';
import { formatMoney } from '../../../../shared/money';
import { businessToday } from '../accounts/service';
import { nowTimestamp } from '../../db/connection';
import { writeAudit, type Actor } from '../../db/audit';
import { conflict, notFound, rule } from '../../errors';
import { getCompany } from '../setup/service';
import { approveOnTheSpot } from '../approvals/onTheSpot';
import { requireOpenSession } from './queries';
import { buildReceipt } from './receipts';

export interface VoidInput {
  paymentId: number;
  reason: string;
  approval: { username: string; password: string };
}

export async function voidPayment(db: Knex, actor: Actor & { userId: number; officeId: number }, input: VoidInput): Promise<VoidResult> {
  const { currency } = await getCompany(db);
  const open = await requireOpenSession(db, actor.userId);
  const approver = await approveOnTheSpot(db, input.approval, { act: 'payment.void', target: input.paymentId, requester: actor, tillId: open.till_id });
  const today = await businessToday(db);
  const cashReturned = await retryingTransaction(db, async (trx) => {
    const session = await requireOpenSession(trx, actor.userId);
    const payment: { id: number; office_id: number; account_id: number; source: string; status: string; receipt_number: number | null; amount: number | string; credit_added: number | string } | undefined = await trx('payments')
      .where({ id: input.paymentId })
      .first('id', 'office_id', 'account_id', 'source', 'status', 'receipt_number', 'amount', 'credit_added');
    if (!payment || payment.office_id !== actor.officeId) throw notFound('El recibo en esta oficina');
    if (payment.source === 'banco') throw rule('Un pago recibido por archivo del banco no se anula en la caja.');
    if (payment.status === 'anulado') throw conflict(`El recibo ${payment.receipt_number} ya está anulado.`);

    // claim the payment first: a second void of the same receipt waits here and then finds it voided
    const claimed = await trx('payments').where({ id: payment.id, status: 'vigente' }).update({ status: 'anulado' });
    if (claimed === 0) throw conflict(`El recibo ${payment.receipt_number} ya está anulado.`);

    const credit = Number(payment.credit_added);
    if (credit > 0) {
      const taken = await trx('accounts').where('id', payment.account_id).andWhere('credit_balance', '>=', credit).update({ credit_balance: trx.raw('credit_balance - ?', [credit]), updated_at: nowTimestamp() });
      if (taken === 0) {
        const account: { credit_balance: number | string } = await trx('accounts').where('id', payment.account_id).first('credit_balance');
        throw rule(
          `No se puede anular: este pago dejó un saldo a favor de ${formatMoney(credit, currency)} y la cuenta ya usó parte de él (hoy tiene ${formatMoney(Number(account.credit_balance), currency)}).`,
        );
      }
    }
    const allocations: { id: number; invoice_id: number | null; charge_id: number | null; amount: number | string }[] = await trx('payment_allocations').where({ payment_id: payment.id, live: true });
    for (const a of allocations) {
      if (a.invoice_id !== null) await trx('invoices').where('id', a.invoice_id).update({ balance: trx.raw('balance + ?', [Number(a.amount)]), updated_at: nowTimestamp() });
      else if (a.charge_id !== null) await trx('account_charges').where('id', a.charge_id).update({ balance: trx.raw('balance + ?', [Number(a.amount)]) });
    }
    await trx('payment_allocations').where({ payment_id: payment.id }).update({ live: false });
    const cash: { s: number | string | null }[] = await trx('payment_tenders').where({ payment_id: payment.id, method: 'efectivo' }).sum({ s: 'amount' });
    const returned = Number(cash[0]?.s ?? 0);
    const voidRow = {
      payment_id: payment.id,
      session_id: session.id,
      reason: input.reason,
      voided_by: actor.userId,
      approved_by: approver.id,
      voided_at: nowTimestamp(),
      business_date: today,
      cash_returned: returned,
    };
    await trx('payment_voids').insert(voidRow);
    await writeAudit(trx, actor, {
      action: 'payment.void',
      entity: 'payment',
      entityId: payment.id,
      before: { status: 'vigente', allocations, creditAdded: credit },
      after: { status: 'anulado', ...voidRow, approvedBy: approver.username },
    });
    return returned;
  });
  return { receipt: await buildReceipt(db, input.paymentId), cashReturned };
}
