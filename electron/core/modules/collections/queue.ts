/**
 * The gestor's queue: what "next account" gives. In this order:
 *  1. callbacks due now (for this gestor, or for anyone in one of their campaigns), earliest first; a
 *     callback for anyone is claimed by whoever gets it for CLAIM_MINUTES, so two gestores do not
 *     call the same debtor at once;
 *  2. accounts whose commitment broke (the monitor put them back ahead of the rest);
 *  3. the rest of the accounts waiting, by priority (older debt first, then larger; see campaigns.ts).
 * An account that paid everything since the campaign started is closed on the way (state cerrada)
 * and skipped. One index (gestor_id, active, state, broken_promise, priority) serves step 2 and 3.
 */
import type { Knex } from 'knex';
import type { QueueItem, QueueSummary } from '../../../../shared/contract';
import { nowTimestamp } from '../../db/connection';
import { debtOf } from './debt';
import type { Person } from './scope';

export const CLAIM_MINUTES = 15;

interface CallbackRow {
  id: number;
  account_id: number;
  due_at: string;
  for_user_id: number | null;
  campaign_id: number;
  name: string;
  number: string;
  holder_name: string;
  note: string | null;
}

function dueCallbacks(db: Knex, who: Person, now: string, cutoff: string): Knex.QueryBuilder {
  return db('collection_callbacks as cb')
    .join('collection_assignments as x', 'x.id', 'cb.assignment_id')
    .join('collection_campaigns as c', 'c.id', 'cb.campaign_id')
    .join('collection_campaign_gestores as g', 'g.campaign_id', 'cb.campaign_id')
    .join('accounts as a', 'a.id', 'cb.account_id')
    .leftJoin('collection_contacts as k', 'k.id', 'cb.contact_id')
    .where({ 'cb.state': 'pendiente', 'x.active': true, 'g.user_id': who.userId })
    .where('cb.due_at', '<=', now)
    .where((q) =>
      q.where('cb.for_user_id', who.userId).orWhere((anyone) =>
        anyone.whereNull('cb.for_user_id').where((free) => free.whereNull('cb.claimed_by').orWhere('cb.claimed_by', who.userId).orWhere('cb.claimed_at', '<', cutoff)),
      ),
    );
}

export async function nextAccount(db: Knex, who: Person, today: string, now: Date = new Date()): Promise<QueueItem | null> {
  const nowIso = now.toISOString();
  const cutoff = new Date(now.getTime() - CLAIM_MINUTES * 60_000).toISOString();
  for (let attempt = 0; attempt < 5; attempt++) {
    const cb = (await dueCallbacks(db, who, nowIso, cutoff)
      .orderBy([{ column: 'cb.due_at' }, { column: 'cb.id' }])
      .first('cb.id', 'cb.account_id', 'cb.due_at', 'cb.for_user_id', 'cb.campaign_id', 'c.name', 'a.number', 'a.holder_name', 'k.notes as note')) as CallbackRow | undefined;
    if (!cb) break;
    if (cb.for_user_id === null) {
      // claim it, unless another gestor took it between the read and now
      const claimed = await db('collection_callbacks')
        .where({ id: cb.id, state: 'pendiente' })
        .where((free) => free.whereNull('claimed_by').orWhere('claimed_by', who.userId).orWhere('claimed_at', '<', cutoff))
        .update({ claimed_by: who.userId, claimed_at: nowTimestamp() });
      if (claimed === 0) continue;
    }
    const debt = await debtOf(db, Number(cb.account_id), today);
    return {
      accountId: Number(cb.account_id),
      accountNumber: cb.number,
      holderName: cb.holder_name,
      campaignId: Number(cb.campaign_id),
      campaignName: cb.name,
      debt: debt.debt,
      daysPastDue: debt.daysPastDue,
      bucket: debt.bucket,
      why: 'callback',
      callbackId: Number(cb.id),
      callbackAt: cb.due_at,
      callbackNote: cb.note ?? '',
    };
  }

  for (let skipped = 0; skipped < 50; skipped++) {
    const row: { id: number; account_id: number; campaign_id: number; broken_promise: unknown; name: string; number: string; holder_name: string } | undefined = await db('collection_assignments as x')
      .join('collection_campaigns as c', 'c.id', 'x.campaign_id')
      .join('accounts as a', 'a.id', 'x.account_id')
      .where({ 'x.gestor_id': who.userId, 'x.active': true, 'x.state': 'pendiente' })
      .orderBy([{ column: 'x.broken_promise', order: 'desc' }, { column: 'x.priority', order: 'desc' }, { column: 'x.id' }])
      .first('x.id', 'x.account_id', 'x.campaign_id', 'x.broken_promise', 'c.name', 'a.number', 'a.holder_name');
    if (!row) return null;
    const debt = await debtOf(db, Number(row.account_id), today);
    if (debt.debt <= 0) {
      // paid since the campaign started: nothing to collect
      await db('collection_assignments').where({ id: row.id, state: 'pendiente' }).update({ state: 'cerrada', updated_at: nowTimestamp() });
      continue;
    }
    return {
      accountId: Number(row.account_id),
      accountNumber: row.number,
      holderName: row.holder_name,
      campaignId: Number(row.campaign_id),
      campaignName: row.name,
      debt: debt.debt,
      daysPastDue: debt.daysPastDue,
      bucket: debt.bucket,
      why: row.broken_promise === true || row.broken_promise === 1 ? 'compromiso_incumplido' : 'prioridad',
      callbackId: null,
      callbackAt: null,
      callbackNote: '',
    };
  }
  return null;
}

export async function queueSummary(db: Knex, who: Person, now: Date = new Date()): Promise<QueueSummary> {
  const nowIso = now.toISOString();
  const cutoff = new Date(now.getTime() - CLAIM_MINUTES * 60_000).toISOString();
  const counts: { pending: number | string | null; broken: number | string | null } | undefined = await db('collection_assignments')
    .where({ gestor_id: who.userId, active: true, state: 'pendiente' })
    .first(db.raw('COUNT(*) AS pending'), db.raw('SUM(CASE WHEN broken_promise THEN 1 ELSE 0 END) AS broken'));
  const [due] = (await dueCallbacks(db, who, nowIso, cutoff).countDistinct({ n: 'cb.id' })) as { n: number | string }[];
  const [later] = (await db('collection_callbacks as cb')
    .join('collection_assignments as x', 'x.id', 'cb.assignment_id')
    .where({ 'cb.state': 'pendiente', 'x.active': true })
    .where('cb.due_at', '>', nowIso)
    .where((q) => q.where('cb.for_user_id', who.userId).orWhere((a) => a.whereNull('cb.for_user_id').where('x.gestor_id', who.userId)))
    .count({ n: '*' })) as { n: number | string }[];
  const campaigns: { id: number; name: string; pending: number | string }[] = await db('collection_assignments as x')
    .join('collection_campaigns as c', 'c.id', 'x.campaign_id')
    .where({ 'x.gestor_id': who.userId, 'x.active': true })
    .groupBy('c.id', 'c.name')
    .orderBy('c.id')
    .select('c.id', 'c.name', db.raw(`SUM(CASE WHEN x.state = 'pendiente' THEN 1 ELSE 0 END) AS pending`));
  return {
    pending: Number(counts?.pending ?? 0),
    brokenCommitments: Number(counts?.broken ?? 0),
    callbacksDue: Number(due.n),
    callbacksLater: Number(later.n),
    campaigns: campaigns.map((c) => ({ id: Number(c.id), name: c.name, pending: Number(c.pending) })),
  };
}
