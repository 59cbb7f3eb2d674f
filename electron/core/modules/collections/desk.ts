/**
 * The gestor's desk: everything about one account on one screen — the holder, the debt by invoice and
 * by other charge («Debe» as the till counts it: the debts a payment agreement waiting for its down
 * payment finances shown apart, its down payment owed), its age (as debt.ts counts it), the notices sent, past contacts and commitments, open PQRs, hand-offs, the phones and
 * e-mails with their authorisation, the payment channels to tell the customer, the outcome catalog and
 * the contact rules in force.
 */
import type { Knex } from 'knex';
import type { AccountCollections, DeskData, NoticeKind, Use } from '../../../../shared/contract';
import { describeWindows } from '../../../../shared/contactRules';
import { addDays } from '../../../../shared/dates';
import { heldByAgreement } from '../cashier/queries';
import { daysFrom, debtOf } from './debt';
import { commitmentsQuery, contactPoints, contactsQuery, handoffsQuery, toCommitmentRow, toContactRow, toHandoffRow, type CommitmentDbRow, type ContactDbRow, type HandoffDbRow } from './queries';
import { accountAccess, inScope, type Worker } from './scope';
import { getContactRules, getPolicy, listOutcomes } from './settings';

/**
 * The account's collections history the worker sees: the account is the company's, its contacts,
 * commitments and hand-offs are the office's that made them (an administrator sees every office's).
 */
async function history(db: Knex, w: Worker, accountId: number): Promise<AccountCollections> {
  const [contacts, commitments, handoffs] = await Promise.all([
    inScope(contactsQuery(db), w, 'k.office_id').where('k.account_id', accountId).orderBy([{ column: 'k.at', order: 'desc' }, { column: 'k.id', order: 'desc' }]).limit(100) as Promise<ContactDbRow[]>,
    inScope(commitmentsQuery(db), w, 'pr.office_id').where('pr.account_id', accountId).orderBy('pr.id', 'desc').limit(50) as Promise<CommitmentDbRow[]>,
    inScope(handoffsQuery(db), w, 'h.office_id').where('h.account_id', accountId).orderBy('h.id', 'desc').limit(50) as Promise<HandoffDbRow[]>,
  ]);
  return { contacts: contacts.map(toContactRow), commitments: commitments.map(toCommitmentRow), handoffs: handoffs.map(toHandoffRow) };
}

/** the account page's panel: a gestor sees it only for the accounts of their campaigns */
export async function accountCollections(db: Knex, w: Worker, accountId: number): Promise<AccountCollections> {
  if (w.role === 'gestor') await accountAccess(db, w, accountId);
  return history(db, w, accountId);
}

export async function deskData(db: Knex, w: Worker, accountId: number, today: string): Promise<DeskData> {
  const access = await accountAccess(db, w, accountId);
  const account: { id: number; number: string; holder_name: string; id_number: string; address: string; use: Use; estrato: number | null; status: string; cycle: string; route: string } = await db('accounts')
    .where({ id: accountId })
    .first('id', 'number', 'holder_name', 'id_number', 'address', 'use', 'estrato', 'status', 'cycle', 'route');
  const [debt, policy, outcomes, rules, past] = await Promise.all([debtOf(db, accountId, today), getPolicy(db), listOutcomes(db), getContactRules(db), history(db, w, accountId)]);
  const invoices: { id: number; number: string; period: string; due_date: string; balance: number | string }[] = await db('invoices')
    .where({ account_id: accountId })
    .where('balance', '>', 0)
    .orderBy([{ column: 'due_date' }, { column: 'id' }])
    .select('id', 'number', 'period', 'due_date', 'balance');
  // the other charges: a broken agreement's returned principal, installments, a waiting agreement's down payment…
  const charges: { id: number; concept: string; due_date: string; balance: number | string }[] = await db('account_charges')
    .where({ account_id: accountId })
    .where('balance', '>', 0)
    .orderBy([{ column: 'id' }])
    .select('id', 'concept', db.raw('COALESCE(due_date, business_date) AS due_date'), 'balance');
  // «Debe» as the till counts it: the debts an agreement waiting for its down payment finances are shown
  // apart (its down payment is what is owed now; counting both would count them twice)
  const held = await heldByAgreement(db, accountId);
  const heldBy = (kind: 'invoice' | 'charge', id: number) => (held?.debts.some((d) => d.kind === kind && d.id === Number(id)) ? held.agreementNumber : null);
  const lines = [
    ...invoices.map((i) => ({ kind: 'factura' as const, id: i.id, number: i.number, period: i.period, due_date: i.due_date, balance: i.balance, heldBy: heldBy('invoice', i.id) })),
    ...charges.map((c) => ({ kind: 'cargo' as const, id: c.id, number: c.concept, period: '', due_date: c.due_date, balance: c.balance, heldBy: heldBy('charge', c.id) })),
  ];
  const notices: { number: string; kind: NoticeKind; state: string; letter_date: string }[] = await db('notices').where({ account_id: accountId }).orderBy('id', 'desc').limit(20).select('number', 'kind', 'state', 'letter_date');
  // the account's open PQRs of the worker's office (PQRs are the office's that filed them)
  const pqrs: { id: number; radicado: string; type: string; state: string; subject: string; due_date: string | null }[] = await inScope(db('pqrs as p'), w, 'p.office_id')
    .join('radicados as r', 'r.id', 'p.radicado_id')
    .where('p.account_id', accountId)
    .whereNotIn('p.state', ['cerrada', 'anulada'])
    .orderBy('p.id', 'desc')
    .select('p.id', 'r.number as radicado', 'p.type', 'p.state', 'p.subject', 'p.due_date');
  const callback: { id: number; due_at: string; for_user_id: number | null; notes: string | null } | undefined =
    access.assignmentId === null
      ? undefined
      : await db('collection_callbacks as cb')
          .leftJoin('collection_contacts as k', 'k.id', 'cb.contact_id')
          .where({ 'cb.assignment_id': access.assignmentId, 'cb.state': 'pendiente' })
          .orderBy('cb.due_at')
          .first('cb.id', 'cb.due_at', 'cb.for_user_id', 'k.notes');
  return {
    accountId: Number(account.id),
    accountNumber: account.number,
    holderName: account.holder_name,
    idNumber: account.id_number,
    address: account.address,
    use: account.use,
    estrato: account.estrato === null ? null : Number(account.estrato),
    status: account.status,
    cycle: account.cycle,
    route: account.route,
    debt: lines.reduce((sum, l) => sum + (l.heldBy ? 0 : Number(l.balance)), 0),
    daysPastDue: debt.daysPastDue,
    bucket: debt.bucket,
    held: held ? { agreementId: held.agreementId, agreementNumber: held.agreementNumber, total: held.total } : null,
    invoices: lines
      .sort((a, b) => (a.due_date < b.due_date ? -1 : a.due_date > b.due_date ? 1 : 0))
      .map((i) => ({
        kind: i.kind,
        invoiceId: Number(i.id),
        number: i.number,
        period: i.period,
        dueDate: i.due_date,
        balance: Number(i.balance),
        daysPastDue: i.due_date < today ? daysFrom(i.due_date, today) : 0,
        heldBy: i.heldBy,
      })),
    notices: notices.map((n) => ({ number: n.number, kind: n.kind, state: n.state, date: n.letter_date })),
    contacts: past.contacts,
    commitments: past.commitments,
    pqrs: pqrs.map((p) => ({ id: Number(p.id), radicado: p.radicado, type: p.type, state: p.state, subject: p.subject, dueDate: p.due_date })),
    handoffs: past.handoffs,
    contactPoints: await contactPoints(db, accountId, policy),
    paymentChannelsText: policy.paymentChannelsText,
    outcomes: outcomes.filter((o) => o.active),
    assignment:
      access.assignmentId === null
        ? null
        : { id: access.assignmentId, campaignId: access.campaignId as number, campaignName: access.campaignName ?? '', state: access.state ?? '', brokenPromise: access.brokenPromise },
    callback: callback ? { id: Number(callback.id), at: callback.due_at, forAnyone: callback.for_user_id === null, note: callback.notes ?? '' } : null,
    rulesText: `${describeWindows(rules)}.`,
    rulesSource: rules.source,
    rulesVerified: rules.verified,
    commitmentMaxDate: addDays(today, policy.commitmentMaxDays),
    today,
  };
}
