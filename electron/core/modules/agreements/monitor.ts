/**
 * The agreements' monitor (daily, at start-up and on demand): a waiting agreement past its down
 * payment deadline expires; an active one is al día, en mora (an installment past due) or incumplido
 * (the policy's number of installments past due: its unpaid principal returns as one debt); an active
 * one with every installment paid is cumplido. Past due: balance > 0 and due date before the business
 * date (the one definition of overdue). Each agreement changes in its own transaction; one that
 * changes the account's debts or ends on them (an expiry, a break, a fulfilment) takes the account's
 * row first (lockAccounts) and judges it again under that lock.
 */
import type { Knex } from 'knex';
import type { MonitorResult } from '../../../../shared/contract';
import { lockAccounts, retryingTransaction } from '../../db/dialect';
import { writeAudit, type Actor } from '../../db/audit';
import { breakAgreement, expire } from './lifecycle';
import { getAgreementPolicy } from './policy';
import type { AgreementDbRow } from './queries';

/** per active agreement (or the one given): its installments past due on `today` and those still owed */
function installmentCounts(db: Knex, today: string, agreementId?: number): Promise<{ id: number; account_id: number; past_due: number | string; open: number | string }[]> {
  const q = db('payment_agreements as g')
    .join('account_charges as c', 'c.agreement_id', 'g.id')
    .where('g.state', 'activo')
    .andWhere('c.agreement_part', 'cuota')
    .groupBy('g.id', 'g.account_id')
    .select('g.id', 'g.account_id', db.raw('SUM(CASE WHEN c.balance > 0 AND c.due_date < ? THEN 1 ELSE 0 END) AS past_due', [today]), db.raw('SUM(CASE WHEN c.balance > 0 THEN 1 ELSE 0 END) AS open'));
  if (agreementId !== undefined) void q.where('g.id', agreementId);
  return q;
}

export async function runAgreementsMonitor(db: Knex, today: string, actor: Actor): Promise<MonitorResult> {
  const policy = await getAgreementPolicy(db);
  const result: MonitorResult = { businessDate: today, expired: 0, broken: 0, fulfilled: 0, inArrears: 0 };

  const late: AgreementDbRow[] = await db('payment_agreements').where({ state: 'pendiente' }).andWhere('down_payment_deadline', '<', today).orderBy('id');
  for (const a of late) {
    // counted only when it expired: a payment that held the account until now may have activated it
    const expired = await retryingTransaction(db, async (trx) => {
      await lockAccounts(trx, [a.account_id]);
      return expire(trx, a, today, actor);
    });
    if (expired) result.expired += 1;
  }

  const ends = (c: { past_due: number | string; open: number | string }) => Number(c.open) === 0 || Number(c.past_due) >= policy.missedToBreak;
  for (const first of await installmentCounts(db, today)) {
    await retryingTransaction(db, async (trx) => {
      // an end (broken: its installments closed and a debt added; cumplido: judged on its debts) takes
      // the account's row first and counts again under it: a payment that held the row until now may
      // have paid the installments past due, and the agreement is then not broken
      let s = first;
      if (ends(first)) {
        await lockAccounts(trx, [first.account_id]);
        const [again] = await installmentCounts(trx, today, first.id);
        if (!again) return;
        s = again;
      }
      const pastDue = Number(s.past_due);
      const a: AgreementDbRow | undefined = await trx('payment_agreements').where({ id: s.id, state: 'activo' }).first();
      if (!a) return;
      if (Number(s.open) === 0) {
        await trx('payment_agreements').where({ id: a.id }).update({ state: 'cumplido', health: 'al_dia', ended_on: today, end_reason: 'Todas las cuotas pagadas' });
        await writeAudit(trx, actor, { action: 'agreement.fulfil', entity: 'payment_agreement', entityId: a.id, before: { state: 'activo' }, after: { state: 'cumplido', number: a.number, businessDate: today } });
        result.fulfilled += 1;
      } else if (pastDue >= policy.missedToBreak) {
        await breakAgreement(trx, a, pastDue, today, actor);
        result.broken += 1;
      } else {
        const health = pastDue > 0 ? 'en_mora' : 'al_dia';
        if (pastDue > 0) result.inArrears += 1;
        if (a.health !== health) {
          await trx('payment_agreements').where({ id: a.id }).update({ health });
          await writeAudit(trx, actor, { action: 'agreement.health', entity: 'payment_agreement', entityId: a.id, before: { health: a.health }, after: { health, pastDue, number: a.number, businessDate: today } });
        }
      }
    });
  }
  return result;
}
