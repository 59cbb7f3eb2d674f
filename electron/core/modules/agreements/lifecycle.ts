/**
 * What an agreement does to the account's debts, always inside the caller's transaction, always with
 * an audit row:
 * - activate: the included debts go to zero through the agreement (a 'novacion' move, not a cash
 *   payment: SSPD Concepto 91 de 2012), the installments become the account's debts with their due
 *   dates;
 * - deactivate (a void of the payment that completed the down payment): the novación is undone, the
 *   installments are closed ('reversion'), the agreement waits for its down payment again — every
 *   balance as it was before that payment;
 * - expire: a down payment not paid by its deadline; its charge is closed ('vencimiento'), the
 *   included debts never changed; what was paid on it, if anything, becomes the account's credit;
 * - break: N installments past due; the open installments are closed ('incumplimiento') and their
 *   unpaid principal returns as one charge of the account with the reason;
 * - fulfil: every installment paid.
 * A balance is only ever taken down with a guarded UPDATE (never below zero): a debt paid at another
 * counter meanwhile fails the activation instead of going negative or being paid twice.
 */
import type { Knex } from 'knex';
import { unpaidPrincipal } from '../../../../shared/agreementSchedule';
import { formatDate } from '../../../../shared/dates';
import { formatMoney } from '../../../../shared/money';
import { nowTimestamp } from '../../db/connection';
import { writeAudit, type Actor } from '../../db/audit';
import { rule } from '../../errors';
import { insertedId } from '../cashier/queries';
import type { AgreementDbRow } from './queries';

export type MoveReason = 'novacion' | 'reversion' | 'vencimiento' | 'incumplimiento' | 'anulacion';

/** the id of a system charge item ('ACUERDO-INICIAL', 'ACUERDO-CUOTA', 'ACUERDO-SALDO') */
export async function systemItem(trx: Knex, code: string): Promise<number> {
  const row: { id: number } = await trx('charge_items').where({ code, system: true }).first('id');
  return Number(row.id);
}

/** a charge of the agreement: the down payment, an installment or the principal of a broken agreement */
export async function insertAgreementCharge(
  trx: Knex,
  a: Pick<AgreementDbRow, 'id' | 'account_id' | 'office_id'>,
  part: 'inicial' | 'cuota' | 'saldo',
  c: { concept: string; amount: number; businessDate: string; dueDate: string; reference: string; createdBy: number | null },
): Promise<number> {
  const code = part === 'inicial' ? 'ACUERDO-INICIAL' : part === 'cuota' ? 'ACUERDO-CUOTA' : 'ACUERDO-SALDO';
  const [row] = await trx('account_charges')
    .insert({
      account_id: a.account_id,
      charge_item_id: await systemItem(trx, code),
      concept: c.concept.slice(0, 100),
      quantity: 1,
      amount: c.amount,
      balance: c.amount,
      business_date: c.businessDate,
      due_date: c.dueDate,
      office_id: a.office_id,
      created_by: c.createdBy,
      created_at: nowTimestamp(),
      agreement_id: a.id,
      agreement_part: part,
      payment_reference: c.reference,
    })
    .returning('id');
  return insertedId(row);
}

/** the coupon's payment reference: AP + year + office (3) + number (6) + part (I, C01…, S) */
export function agreementReference(a: Pick<AgreementDbRow, 'number' | 'office_id'>, part: string): string {
  const [, year, seq] = a.number.split('-');
  return `AP${year}${String(a.office_id).padStart(3, '0')}${seq}${part}`;
}

/** closes open charges with a move of the agreement (their balance to zero, never below) */
async function closeCharges(trx: Knex, agreementId: number, chargeIds: number[], reason: MoveReason, businessDate: string): Promise<number> {
  if (chargeIds.length === 0) return 0;
  const open: { id: number; balance: number | string }[] = await trx('account_charges').whereIn('id', chargeIds).andWhere('balance', '>', 0).select('id', 'balance');
  let total = 0;
  for (const c of open) {
    const updated = await trx('account_charges').where({ id: c.id, balance: c.balance }).update({ balance: 0 });
    if (updated === 0) throw rule('Un saldo del acuerdo cambió mientras se procesaba: intente de nuevo.');
    total += Number(c.balance);
  }
  if (open.length > 0) {
    await trx('agreement_debt_moves').insert(open.map((c) => ({ agreement_id: agreementId, invoice_id: null, charge_id: c.id, amount: Number(c.balance), reason, live: true, business_date: businessDate, created_at: nowTimestamp(), payment_id: null })));
  }
  return total;
}

/**
 * Activates a waiting agreement (its down payment complete, or none asked). `paymentId`: the payment
 * that completed it (null: no down payment).
 */
export async function activate(trx: Knex.Transaction, a: AgreementDbRow, paymentId: number | null, businessDate: string, actor: Actor): Promise<void> {
  const claimed = await trx('payment_agreements').where({ id: a.id, state: 'pendiente' }).update({ state: 'activo', health: 'al_dia', activated_on: businessDate, activated_by_payment_id: paymentId });
  if (claimed === 0) return;
  const debts: { invoice_id: number | null; charge_id: number | null; amount: number | string; label: string }[] = await trx('payment_agreement_debts as d')
    .leftJoin('invoices as i', 'i.id', 'd.invoice_id')
    .leftJoin('account_charges as c', 'c.id', 'd.charge_id')
    .where('d.agreement_id', a.id)
    .orderBy('d.id')
    .select('d.invoice_id', 'd.charge_id', 'd.amount', trx.raw("COALESCE(i.number, c.concept) AS label"));
  const now = nowTimestamp();
  for (const d of debts) {
    const table = d.invoice_id !== null ? 'invoices' : 'account_charges';
    const changes: Record<string, unknown> = { balance: trx.raw('balance - ?', [Number(d.amount)]) };
    if (d.invoice_id !== null) changes.updated_at = now;
    const updated = await trx(table)
      .where('id', d.invoice_id ?? d.charge_id)
      .andWhere('balance', '>=', Number(d.amount))
      .update(changes);
    if (updated === 0) {
      const what = d.invoice_id !== null ? `La factura ${d.label}` : `El cobro «${d.label}»`;
      throw rule(`${what} del acuerdo ${a.number} se pagó o cambió de saldo después de firmarlo: el acuerdo no se puede activar. Anule el acuerdo y simule uno nuevo.`);
    }
  }
  await trx('agreement_debt_moves').insert(
    debts.map((d) => ({ agreement_id: a.id, invoice_id: d.invoice_id, charge_id: d.charge_id, amount: Number(d.amount), reason: 'novacion', live: true, business_date: businessDate, created_at: now, payment_id: paymentId })),
  );
  const plan: { id: number; number: number; due_date: string; principal: number | string; interest: number | string; total: number | string }[] = await trx('payment_agreement_installments').where({ agreement_id: a.id }).orderBy('number');
  for (const p of plan) {
    const chargeId = await insertAgreementCharge(trx, a, 'cuota', {
      concept: `Cuota ${p.number} de ${plan.length} acuerdo ${a.number}`,
      amount: Number(p.total),
      businessDate,
      dueDate: p.due_date,
      reference: agreementReference(a, `C${String(p.number).padStart(2, '0')}`),
      createdBy: actor.userId,
    });
    await trx('payment_agreement_installments').where({ id: p.id }).update({ charge_id: chargeId });
  }
  await writeAudit(trx, actor, {
    action: 'agreement.activate',
    entity: 'payment_agreement',
    entityId: a.id,
    before: { state: 'pendiente' },
    after: { state: 'activo', number: a.number, paymentId, businessDate, text: `Acuerdo ${a.number} activo: ${debts.length} deudas por ${formatMoney(Number(a.debt_total))} pasan al acuerdo` },
  });
}

/** Undoes an activation (a void of the payment that completed the down payment). */
export async function deactivate(trx: Knex.Transaction, a: AgreementDbRow, businessDate: string, actor: Actor): Promise<void> {
  if (a.state !== 'activo') throw rule(`Este pago activó el acuerdo ${a.number}, que ya está ${a.state}: no se puede anular.`);
  const installmentCharges = (await trx('payment_agreement_installments').where({ agreement_id: a.id }).whereNotNull('charge_id').pluck('charge_id')) as number[];
  const paid: { n: number | string }[] = await trx('payment_allocations').whereIn('charge_id', installmentCharges).andWhere('live', true).count({ n: '*' });
  if (Number(paid[0].n) > 0) throw rule(`Este pago activó el acuerdo ${a.number}, cuyas cuotas ya tienen pagos: anule primero los pagos de las cuotas.`);
  const moves: { id: number; invoice_id: number | null; charge_id: number | null; amount: number | string }[] = await trx('agreement_debt_moves').where({ agreement_id: a.id, reason: 'novacion', live: true }).select('id', 'invoice_id', 'charge_id', 'amount');
  const now = nowTimestamp();
  for (const m of moves) {
    if (m.invoice_id !== null) await trx('invoices').where({ id: m.invoice_id }).update({ balance: trx.raw('balance + ?', [Number(m.amount)]), updated_at: now });
    else await trx('account_charges').where({ id: m.charge_id }).update({ balance: trx.raw('balance + ?', [Number(m.amount)]) });
  }
  await trx('agreement_debt_moves').whereIn('id', moves.map((m) => m.id)).update({ live: false });
  await closeCharges(trx, a.id, installmentCharges.map(Number), 'reversion', businessDate);
  await trx('payment_agreement_installments').where({ agreement_id: a.id }).update({ charge_id: null });
  await trx('payment_agreements').where({ id: a.id }).update({ state: 'pendiente', health: 'al_dia', activated_on: null, activated_by_payment_id: null });
  await writeAudit(trx, actor, {
    action: 'agreement.deactivate',
    entity: 'payment_agreement',
    entityId: a.id,
    before: { state: 'activo' },
    after: { state: 'pendiente', number: a.number, businessDate, text: `Anulado el pago de la cuota inicial: el acuerdo ${a.number} vuelve a esperar su cuota inicial y las deudas vuelven a la cuenta` },
  });
}

/**
 * A down payment not paid by its deadline: the agreement expires, its down payment charge is closed.
 * What the customer already paid on it is never lost: it becomes the account's credit (saldo a
 * favor), as any payment beyond what it paid does (DOMAIN.md, Cashier › Allocation); the included
 * debts stay as they were, the customer's choice at the next payment. The payment's allocation stays
 * on the charge (it was paid, then the charge was cancelled): a void of that payment takes the credit
 * back (`revertExpiredDownPayment`). False when it no longer waits (a payment completed its down
 * payment meanwhile): nothing written.
 */
export async function expire(trx: Knex.Transaction, a: AgreementDbRow, businessDate: string, actor: Actor): Promise<boolean> {
  return endWaiting(trx, a, { state: 'vencido', reason: `Cuota inicial no pagada hasta el ${a.down_payment_deadline}`, move: 'vencimiento', action: 'agreement.expire' }, businessDate, actor);
}

/**
 * Ends an agreement that waits for its down payment (an expiry, or a financed debt paid at the bank):
 * its down payment charge is closed and what was paid on it becomes the account's credit; audited.
 * Nothing when it no longer waits (false).
 */
async function endWaiting(
  trx: Knex.Transaction,
  a: AgreementDbRow,
  end: { state: 'vencido' | 'anulado'; reason: string; move: MoveReason; action: string; after?: Record<string, unknown> },
  businessDate: string,
  actor: Actor,
): Promise<boolean> {
  const claimed = await trx('payment_agreements').where({ id: a.id, state: 'pendiente' }).update({ state: end.state, ended_on: businessDate, end_reason: end.reason });
  if (claimed === 0) return false;
  const paidRows: { s: number | string | null }[] = a.down_payment_charge_id ? await trx('payment_allocations').where({ charge_id: a.down_payment_charge_id, live: true }).sum({ s: 'amount' }) : [{ s: 0 }];
  const creditReturned = Number(paidRows[0]?.s ?? 0);
  const closed = await closeCharges(trx, a.id, a.down_payment_charge_id ? [a.down_payment_charge_id] : [], end.move, businessDate);
  if (creditReturned > 0) await trx('accounts').where({ id: a.account_id }).update({ credit_balance: trx.raw('credit_balance + ?', [creditReturned]), updated_at: nowTimestamp() });
  await writeAudit(trx, actor, {
    action: end.action,
    entity: 'payment_agreement',
    entityId: a.id,
    before: { state: 'pendiente' },
    after: { state: end.state, number: a.number, ...end.after, closedDownPayment: closed, creditReturned, accountId: a.account_id, businessDate },
  });
  return true;
}

/**
 * A debt the agreement finances paid at the bank by its own payment reference while the agreement
 * waits for its down payment (a bank file, or an unidentified bank payment assigned to the account):
 * the customer paid that invoice, so it is paid, and the agreement can no longer take it at the
 * amount signed. The agreement ends ('anulado') with the reason in Spanish, in the payment's
 * transaction; as at an expiry, its down payment charge is closed and what was already paid on it
 * becomes the account's credit. Nothing else changes (the other included debts stay as they are).
 */
export async function cancelPaidAtBank(trx: Knex.Transaction, a: AgreementDbRow, paid: { label: string; fully: boolean }, businessDate: string, actor: Actor): Promise<void> {
  const reason = `${paid.label} ${paid.fully ? 'se pagó' : 'se pagó en parte'} en el banco el ${formatDate(businessDate)}; el acuerdo ${a.number} queda sin efecto`;
  await endWaiting(trx, a, { state: 'anulado', reason, move: 'anulacion', action: 'agreement.paidAtBank', after: { reason } }, businessDate, actor);
}

/**
 * A void of a payment made on the down payment of an agreement that has since expired (or ended
 * because a debt it financed was paid at the bank, `cancelPaidAtBank`): the void
 * reopened the cancelled charge by what the payment had paid on it; that amount had gone to the
 * account's credit at the expiry, so it is taken back from the credit (refused, like any void, when
 * the account already used that credit) and the charge is closed again. Every balance as before the payment.
 */
export async function revertExpiredDownPayment(trx: Knex.Transaction, a: AgreementDbRow, businessDate: string, actor: Actor): Promise<void> {
  if (!a.down_payment_charge_id) return;
  const charge: { balance: number | string } = await trx('account_charges').where({ id: a.down_payment_charge_id }).first('balance');
  const reopened = Number(charge.balance);
  if (reopened <= 0) return;
  const taken = await trx('accounts').where({ id: a.account_id }).andWhere('credit_balance', '>=', reopened).update({ credit_balance: trx.raw('credit_balance - ?', [reopened]), updated_at: nowTimestamp() });
  if (taken === 0) {
    const when = a.state === 'vencido' ? 'cuando el acuerdo venció' : 'cuando el acuerdo quedó sin efecto';
    throw rule(`No se puede anular: lo pagado en la cuota inicial del acuerdo ${a.number} (${formatMoney(reopened)}) pasó al saldo a favor de la cuenta ${when}, y la cuenta ya usó ese saldo.`);
  }
  await closeCharges(trx, a.id, [a.down_payment_charge_id], a.state === 'vencido' ? 'vencimiento' : 'anulacion', businessDate);
  await writeAudit(trx, actor, { action: 'agreement.expireReverted', entity: 'payment_agreement', entityId: a.id, before: { creditReturned: reopened }, after: { number: a.number, creditTaken: reopened, accountId: a.account_id, businessDate } });
}

/** N installments past due: the agreement is broken and its unpaid principal returns as one debt. */
export async function breakAgreement(trx: Knex.Transaction, a: AgreementDbRow, pastDue: number, businessDate: string, actor: Actor): Promise<void> {
  const claimed = await trx('payment_agreements').where({ id: a.id, state: 'activo' }).update({ state: 'incumplido', health: 'en_mora', ended_on: businessDate, end_reason: `${pastDue} cuotas vencidas sin pagar` });
  if (claimed === 0) return;
  const open: { charge_id: number; principal: number | string; total: number | string; balance: number | string }[] = await trx('payment_agreement_installments as p')
    .join('account_charges as c', 'c.id', 'p.charge_id')
    .where('p.agreement_id', a.id)
    .andWhere('c.balance', '>', 0)
    .select('p.charge_id', 'p.principal', 'p.total', 'c.balance');
  const principal = open.reduce((s, o) => s + unpaidPrincipal({ principal: Number(o.principal), total: Number(o.total) }, Number(o.balance)), 0);
  await closeCharges(trx, a.id, open.map((o) => Number(o.charge_id)), 'incumplimiento', businessDate);
  const reason = `Saldo del acuerdo ${a.number} incumplido (${pastDue} cuotas vencidas)`;
  const chargeId = principal > 0 ? await insertAgreementCharge(trx, a, 'saldo', { concept: reason, amount: principal, businessDate, dueDate: businessDate, reference: agreementReference(a, 'S'), createdBy: null }) : null;
  await writeAudit(trx, actor, { action: 'agreement.break', entity: 'payment_agreement', entityId: a.id, before: { state: 'activo' }, after: { state: 'incumplido', number: a.number, unpaidPrincipal: principal, chargeId, reason, businessDate } });
}

/** A waiting agreement annulled (signed by mistake, or no longer matching the debts): its down payment charge is closed. */
export async function annul(trx: Knex.Transaction, a: AgreementDbRow, reason: string, businessDate: string, actor: Actor): Promise<void> {
  if (a.state !== 'pendiente') throw rule(`El acuerdo ${a.number} está ${a.state}: solo se anula un acuerdo que espera su cuota inicial.`);
  const paid: { n: number | string }[] = a.down_payment_charge_id ? await trx('payment_allocations').where({ charge_id: a.down_payment_charge_id, live: true }).count({ n: '*' }) : [{ n: 0 }];
  if (Number(paid[0].n) > 0) throw rule(`La cuota inicial del acuerdo ${a.number} ya tiene pagos: anule primero esos pagos.`);
  const claimed = await trx('payment_agreements').where({ id: a.id, state: 'pendiente' }).update({ state: 'anulado', ended_on: businessDate, end_reason: reason });
  if (claimed === 0) throw rule(`El acuerdo ${a.number} cambió mientras se anulaba: recárguelo.`);
  const closed = await closeCharges(trx, a.id, a.down_payment_charge_id ? [a.down_payment_charge_id] : [], 'anulacion', businessDate);
  await writeAudit(trx, actor, { action: 'agreement.annul', entity: 'payment_agreement', entityId: a.id, before: { state: 'pendiente' }, after: { state: 'anulado', number: a.number, reason, closedDownPayment: closed, businessDate } });
}
