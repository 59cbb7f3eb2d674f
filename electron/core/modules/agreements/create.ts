/**
 * Signing an agreement: the terms checked again inside the transaction (a balance may have moved
 * since the simulation), the coordinator's approval on the spot above the policy's amount or number
 * of installments (the one approval mechanism, asked before the transaction), the number
 * AP-AAAA-000001 from the office's counter of the year, the included debts with their balance, the
 * planned schedule, the down payment as a charge of the account the cashier takes like any other
 * debt, and one audit row. With no down payment the agreement is active at once. The account's row
 * is locked first (db/dialect.ts lockAccounts), as by every writer of its debts.
 */
import type { Knex } from 'knex';
import type { AgreementDetail, Input } from '../../../../shared/contract';
import { todayIn } from '../../../../shared/dates';
import { formatMoney } from '../../../../shared/money';
import { nowTimestamp } from '../../db/connection';
import { nextNumber } from '../../db/counters';
import { lockAccounts, retryingTransaction } from '../../db/dialect';
import { writeAudit, type Actor } from '../../db/audit';
import { AppError, invalid } from '../../errors';
import { approveOnTheSpot, type Approver } from '../approvals/onTheSpot';
import { insertedId, isUniqueViolation } from '../cashier/queries';
import { getCompany } from '../setup/service';
import { requestReconnection } from '../workorders/reconnection';
import { activate, agreementReference, insertAgreementCharge } from './lifecycle';
import { agreementDetail, type AgreementDbRow } from './queries';
import { simulate } from './terms';

export type CreateInput = Omit<Input<'agreements.create'>, 'authorisation' | 'reclamoConsent'> & { authorisation: string; reclamoConsent: string };
type Person = Actor & { userId: number; officeId: number };

export async function createAgreement(db: Knex, actor: Person, input: CreateInput): Promise<AgreementDetail> {
  const existing: { id: number } | undefined = await db('payment_agreements').where({ office_id: actor.officeId, idempotency_key: input.idempotencyKey }).first('id');
  if (existing) return agreementDetail(db, existing.id);
  const company = await getCompany(db);
  const today = todayIn(company.timeZone);
  const first = await simulate(db, actor.officeId, input, today, company.currency);
  checkSigner(input, first.debts.some((d) => d.underReclamo));
  let approver: Approver | null = null;
  if (first.needsApproval) {
    const p = first.policy;
    const message = `Un coordinador debe aprobar este acuerdo: la política pide aprobación por encima de ${formatMoney(p.approvalAboveAmount, company.currency)} o de ${p.approvalAboveInstallments} cuotas.`;
    if (!input.approval) throw new AppError('RULE', message, { approval: message });
    approver = await approveOnTheSpot(db, input.approval, { act: 'agreement.create', target: input.idempotencyKey, requester: actor });
  }
  try {
    const id = await retryingTransaction(db, async (trx) => {
      const again: { id: number } | undefined = await trx('payment_agreements').where({ office_id: actor.officeId, idempotency_key: input.idempotencyKey }).first('id');
      if (again) return again.id;
      // the account's row first, as every writer of its debts: a bank file paying it meanwhile
      // finishes first, and the terms are then checked on the balances it left
      await lockAccounts(trx, [input.accountId]);
      const sim = await simulate(trx, actor.officeId, input, today, company.currency);
      if (sim.needsApproval && !approver) throw new AppError('RULE', 'Los saldos cambiaron y ahora el acuerdo necesita la aprobación de un coordinador: simule de nuevo.');
      const year = today.slice(0, 4);
      const seq = await nextNumber(trx, `agreement:${actor.officeId}:${year}`);
      const number = `AP-${year}-${String(seq).padStart(6, '0')}`;
      const row = {
        office_id: actor.officeId,
        account_id: sim.accountId,
        number,
        state: 'pendiente',
        health: 'al_dia',
        channel: input.channel,
        signer_name: input.signerName,
        signer_id_number: input.signerIdNumber,
        signer_relation: input.signerRelation,
        authorisation: input.authorisation,
        reclamo_consent: input.reclamoConsent,
        debt_total: sim.debtTotal,
        down_payment: sim.downPayment,
        financed: sim.financed,
        annual_rate_bp: sim.annualRateBp,
        usury_rate_bp: sim.usuryRateBp ?? 0,
        installments: sim.installments,
        first_due_date: sim.firstDueDate,
        day_of_month: input.dayOfMonth,
        total_interest: sim.totalInterest,
        down_payment_deadline: sim.downPaymentDeadline,
        approved_by: approver?.id ?? null,
        business_date: today,
        created_by: actor.userId,
        created_at: nowTimestamp(),
        idempotency_key: input.idempotencyKey,
      };
      const [inserted] = await trx('payment_agreements').insert(row).returning('id');
      const agreementId = insertedId(inserted);
      await trx('payment_agreement_debts').insert(sim.debts.map((d) => ({ agreement_id: agreementId, invoice_id: d.kind === 'invoice' ? d.id : null, charge_id: d.kind === 'charge' ? d.id : null, amount: d.balance })));
      await trx('payment_agreement_installments').insert(sim.lines.map((l) => ({ agreement_id: agreementId, number: l.number, due_date: l.dueDate, principal: l.principal, interest: l.interest, total: l.total, charge_id: null })));
      const stored: AgreementDbRow = await trx('payment_agreements').where({ id: agreementId }).first();
      if (sim.downPayment > 0) {
        const chargeId = await insertAgreementCharge(trx, stored, 'inicial', {
          concept: `Cuota inicial acuerdo ${number}`,
          amount: sim.downPayment,
          businessDate: today,
          dueDate: sim.downPaymentDeadline,
          reference: agreementReference(stored, 'I'),
          createdBy: actor.userId,
        });
        await trx('payment_agreements').where({ id: agreementId }).update({ down_payment_charge_id: chargeId });
      }
      await writeAudit(trx, actor, {
        action: 'agreement.create',
        entity: 'payment_agreement',
        entityId: agreementId,
        after: {
          ...row,
          debts: sim.debts.map((d) => ({ kind: d.kind, id: d.id, amount: d.balance })),
          schedule: sim.lines.map((l) => [l.number, l.dueDate, l.principal, l.interest]),
          ...(approver ? { approvedBy: approver.username } : {}),
          text: `Acuerdo ${number}: ${formatMoney(sim.debtTotal, company.currency)}, cuota inicial ${formatMoney(sim.downPayment, company.currency)}, ${sim.installments} cuotas`,
        },
      });
      if (sim.downPayment === 0) {
        await activate(trx, stored, null, today, actor);
        // no payment activated it, so no payment effect orders the reconnection: asked here, in the same transaction
        await requestReconnection(trx, { accountId: stored.account_id, origin: 'acuerdo', businessDate: today, actor, officeId: actor.officeId, originRef: `Acuerdo ${number}` });
      }
      return agreementId;
    });
    return await agreementDetail(db, id);
  } catch (error) {
    if (isUniqueViolation(error, 'idempotency_key')) {
      const posted: { id: number } | undefined = await db('payment_agreements').where({ office_id: actor.officeId, idempotency_key: input.idempotencyKey }).first('id');
      if (posted) return agreementDetail(db, posted.id);
    }
    if (isUniqueViolation(error, 'payment_agreements_one_live') || isUniqueViolation(error, 'account_id')) {
      throw new AppError('CONFLICT', 'La cuenta ya tiene un acuerdo vigente (otro usuario acaba de firmarlo): recargue la cuenta.');
    }
    throw error;
  }
}

/** who signs: a tenant needs the subscriber's written authorisation; a disputed invoice the customer's express consent */
function checkSigner(input: CreateInput, underReclamo: boolean): void {
  if (input.signerRelation === 'arrendatario' && !input.authorisation.trim()) {
    const message = 'Un arrendatario firma solo con la autorización escrita del suscriptor (concepto SSPD OJU-2010-13): registre cuál y de qué fecha.';
    throw invalid(message, { authorisation: message });
  }
  if (underReclamo && !input.reclamoConsent.trim()) {
    const message = 'Una factura incluida tiene un reclamo abierto: solo puede entrar al acuerdo con el consentimiento expreso del cliente, registrado.';
    throw invalid(message, { reclamoConsent: message });
  }
}
