/**
 * What the simulator starts from: the account's open debts (invoices, and charges that are not part
 * of another agreement), each marked overdue or not and under reclamo or not, the policy's limits for
 * the account's use and estrato, and its live agreement if it has one. Reads only.
 */
import type { Knex } from 'knex';
import type { AgreementCandidates, AgreementState, CandidateDebt } from '../../../../shared/contract';
import { notFound } from '../../errors';
import { getAgreementPolicy } from './policy';
import { disputedInvoices, minDownPaymentBp, policyRateBp, type AccountRow } from './terms';

export async function agreementCandidates(db: Knex, accountId: number, today: string): Promise<AgreementCandidates> {
  const account: AccountRow | undefined = await db('accounts').where({ id: accountId }).first('id', 'number', 'holder_name', 'use', 'estrato', 'status');
  if (!account) throw notFound('La cuenta');
  const policy = await getAgreementPolicy(db);
  const invoices: { id: number; number: string; due_date: string; balance: number | string }[] = await db('invoices').where({ account_id: accountId }).andWhere('balance', '>', 0).orderBy('due_date').orderBy('id').select('id', 'number', 'due_date', 'balance');
  const charges: { id: number; concept: string; due_date: string | null; business_date: string; balance: number | string }[] = await db('account_charges')
    .where({ account_id: accountId })
    .andWhere('balance', '>', 0)
    .andWhere((q) => q.whereNull('agreement_part').orWhereNotIn('agreement_part', ['inicial', 'cuota']))
    .orderBy('id')
    .select('id', 'concept', 'due_date', 'business_date', 'balance');
  const disputed = await disputedInvoices(db, invoices.map((i) => Number(i.id)));
  const debts: CandidateDebt[] = [
    ...invoices.map((i) => ({ kind: 'invoice' as const, id: Number(i.id), label: `Factura ${i.number}`, dueDate: i.due_date, balance: Number(i.balance), underReclamo: disputed.has(Number(i.id)), overdue: i.due_date < today })),
    ...charges.map((c) => {
      const dueDate = c.due_date ?? c.business_date;
      return { kind: 'charge' as const, id: Number(c.id), label: c.concept, dueDate, balance: Number(c.balance), underReclamo: false, overdue: dueDate < today };
    }),
  ];
  const live: { id: number; number: string; state: AgreementState } | undefined = await db('payment_agreements').where({ account_id: accountId }).whereIn('state', ['pendiente', 'activo']).first('id', 'number', 'state');
  return {
    accountId: Number(account.id),
    accountNumber: account.number,
    holderName: account.holder_name,
    today,
    debts,
    minDownPaymentBp: minDownPaymentBp(policy, account),
    maxInstallments: policy.maxInstallments,
    annualRateBp: policyRateBp(policy, account),
    approvalAboveAmount: policy.approvalAboveAmount,
    approvalAboveInstallments: policy.approvalAboveInstallments,
    live: live ? { id: Number(live.id), number: live.number, state: live.state } : null,
  };
}
