/**
 * Voiding a payment (anulación): a reason and a coordinator's credentials on the spot. The receipt
 * stays, marked ANULADO; its allocations stop counting and the invoices and charges get their
 * balance back; the credit it left is taken back from the account; the cash part leaves the drawer
 * of the CALLER's open session (even if the payment was taken in an earlier one) — never more than
 * the drawer holds: when it cannot cover it, the cash part goes back by bank transfer instead, with
 * the transfer's reference, and the coordinator approves that (act 'payment.voidByTransfer').
 */
import type { Knex } from 'knex';
import { lockAccounts, retryingTransaction } from '../../db/dialect';
import { runPaymentVoided } from './paymentEffects';
import type { VoidRefundMethod, VoidResult } from '../../../../shared/contract';
import { formatMoney, type CurrencyCode } from '../../../../shared/money';
import { businessToday } from '../accounts/service';
import { nowTimestamp } from '../../db/connection';
import { writeAudit, type Actor } from '../../db/audit';
import { AppError, conflict, invalid, notFound, rule } from '../../errors';
import { getCompany } from '../setup/service';
import { approveOnTheSpot } from '../approvals/onTheSpot';
import { expectedCashNow } from './closing';
import { requireOpenSession } from './queries';
import { receiptLabel } from './payments';
import { buildReceipt } from './receipts';

export interface VoidInput {
  paymentId: number;
  reason: string;
  approval: { username: string; password: string };
  refund?: { method: VoidRefundMethod; reference: string };
}

/** the cash part of a payment (its cash tender, net of change): what a void gives back */
async function cashPartOf(db: Knex, paymentId: number): Promise<number> {
  const cash: { s: number | string | null }[] = await db('payment_tenders').where({ payment_id: paymentId, method: 'efectivo' }).sum({ s: 'amount' });
  return Number(cash[0]?.s ?? 0);
}

const BANK_PAYMENT = 'Un pago recibido por archivo del banco no se anula en la caja.';
const NOTHING_TO_TRANSFER = 'Este pago no tuvo efectivo: no hay nada que devolver por transferencia.';

/** The refusal when the drawer cannot give back the cash part, with the way out. */
function drawerCannotCover(cashPart: number, inDrawer: bigint, currency: CurrencyCode): AppError {
  const message =
    `La caja no alcanza para devolver ${formatMoney(cashPart, currency)} en efectivo (debería haber ${formatMoney(inDrawer, currency)}): ` +
    'devuelva el dinero por transferencia, con la referencia de la transferencia y la autorización del coordinador.';
  return new AppError('RULE', message, { 'refund.method': message });
}

/** The refund as asked, checked before anything is written. */
function refundOf(input: VoidInput): { method: VoidRefundMethod; reference: string } {
  const refund = { method: input.refund?.method ?? 'efectivo', reference: (input.refund?.reference ?? '').trim() };
  if (refund.method === 'transferencia' && !refund.reference) {
    throw invalid('Escriba la referencia de la transferencia con la que se devuelve el dinero', { 'refund.reference': 'Escriba la referencia de la transferencia' });
  }
  return refund;
}

export async function voidPayment(db: Knex, actor: Actor & { userId: number; officeId: number }, input: VoidInput): Promise<VoidResult> {
  const { currency } = await getCompany(db);
  const refund = refundOf(input);
  const open = await requireOpenSession(db, actor.userId);
  // what can be refused without a coordinator is refused before asking for one
  const known: { office_id: number; office_code: string; source: string; status: string; receipt_number: number | null } | undefined = await db('payments as p')
    .join('offices as o', 'o.id', 'p.office_id')
    .where('p.id', input.paymentId)
    .first('p.office_id', 'o.code as office_code', 'p.source', 'p.status', 'p.receipt_number');
  if (!known || known.office_id !== actor.officeId) throw notFound('El recibo en esta oficina');
  if (known.source === 'banco') throw rule(BANK_PAYMENT);
  const alreadyVoided = () => conflict(`El recibo ${receiptLabel(known.office_code, known.receipt_number ?? 0)} ya está anulado.`);
  if (known.status === 'anulado') throw alreadyVoided();
  const cashPart = await cashPartOf(db, input.paymentId);
  if (refund.method === 'transferencia' && cashPart === 0) throw rule(NOTHING_TO_TRANSFER);
  if (refund.method === 'efectivo' && cashPart > 0) {
    const inDrawer = await expectedCashNow(db, open);
    if (BigInt(cashPart) > inDrawer) throw drawerCannotCover(cashPart, inDrawer, currency);
  }
  const act = refund.method === 'transferencia' ? 'payment.voidByTransfer' : 'payment.void';
  const approver = await approveOnTheSpot(db, input.approval, { act, target: input.paymentId, requester: actor, tillId: open.till_id });
  const today = await businessToday(db);
  const result = await retryingTransaction(db, async (trx) => {
    // locked for update: a close, a cash out or another void of this drawer waits for this one
    const session = await requireOpenSession(trx, actor.userId, 'update');
    const payment: { id: number; office_id: number; account_id: number; source: string; status: string; receipt_number: number | null; amount: number | string; credit_added: number | string } | undefined = await trx('payments')
      .where({ id: input.paymentId })
      .first('id', 'office_id', 'account_id', 'source', 'status', 'receipt_number', 'amount', 'credit_added');
    if (!payment || payment.office_id !== actor.officeId) throw notFound('El recibo en esta oficina');
    if (payment.source === 'banco') throw rule(BANK_PAYMENT);
    if (payment.status === 'anulado') throw alreadyVoided();

    // claim the payment first: a second void of the same receipt waits here and then finds it voided
    const claimed = await trx('payments').where({ id: payment.id, status: 'vigente' }).update({ status: 'anulado' });
    if (claimed === 0) throw alreadyVoided();
    // the account's row, as every writer of its debts takes it first (db/dialect.ts lockAccounts): a bank file paying it at this moment and this void never wait for each other in a circle
    await lockAccounts(trx, [Number(payment.account_id)]);

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
    const cashPart = await cashPartOf(trx, payment.id);
    if (refund.method === 'transferencia' && cashPart === 0) throw rule(NOTHING_TO_TRANSFER);
    const returned = refund.method === 'efectivo' ? cashPart : 0;
    if (returned > 0) {
      // the drawer check of a cash out, on the figures of this transaction
      const inDrawer = await expectedCashNow(trx, session);
      if (BigInt(returned) > inDrawer) throw drawerCannotCover(returned, inDrawer, currency);
    }
    const voidRow = {
      payment_id: payment.id,
      session_id: session.id,
      reason: input.reason,
      voided_by: actor.userId,
      approved_by: approver.id,
      voided_at: nowTimestamp(),
      business_date: today,
      cash_returned: returned,
      refund_method: refund.method,
      refund_reference: refund.reference,
      refund_amount: cashPart,
    };
    await trx('payment_voids').insert(voidRow);
    await writeAudit(trx, actor, {
      action: 'payment.void',
      entity: 'payment',
      entityId: payment.id,
      before: { status: 'vigente', allocations, creditAdded: credit },
      after: { status: 'anulado', ...voidRow, approvedBy: approver.username },
    });
    await runPaymentVoided(trx, { paymentId: payment.id, accountId: payment.account_id, businessDate: today, actor });
    return { returned, cashPart };
  });
  return {
    receipt: await buildReceipt(db, input.paymentId),
    cashReturned: result.returned,
    refund: { method: refund.method, amount: result.cashPart, reference: refund.reference },
  };
}
