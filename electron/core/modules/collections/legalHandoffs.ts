/**
 * A case a gestor handed to the legal stage shows among the notices' prejurídico / jurídico
 * candidates, with the reason. The notices module calls these two functions around its own judgement
 * (notices/service.ts), so its rules stay where they are:
 *  - `onlyHandedOff`: with the criterion «solo remitidas por cobranza», the preview looks only at
 *    the accounts handed off for that stage (whatever the list's limit);
 *  - `withLegalHandoffs`: an account handed off for that stage is eligible — the gestor's hand-off
 *    stands for the days of mora and the previous stage's letter (telecobro was the persuasive
 *    stage) — unless it already has an open letter of that stage or a later one; the open letter of
 *    an earlier stage is escalated as usual. The hand-off stays pending until a letter of its stage
 *    (or a later one) is generated for the account.
 */
import type { Knex } from 'knex';
import { COLLECTION_STAGES, type CollectionStage, type NoticeKind } from '../../../../shared/contract';
import { formatDate } from '../../../../shared/dates';
import { handoffsQuery, toHandoffRow, type HandoffDbRow } from './queries';

interface Existing {
  id: number;
  number: string;
  kind: NoticeKind;
  state: string;
  letterDate: string;
}

interface Judged {
  row: { accountId: number };
  existing: Existing[];
  verdict: { eligible: boolean; reason: string; escalates: Existing | null };
}

const isLegal = (kind: NoticeKind): kind is 'prejuridico' | 'juridico' => kind === 'prejuridico' || kind === 'juridico';

/** the accounts with a pending hand-off to this stage, with its text */
async function pendingHandoffs(db: Knex, kind: 'prejuridico' | 'juridico', accountIds?: number[]): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  const ids = accountIds ?? [null];
  for (let i = 0; i < ids.length; i += 500) {
    const q = handoffsQuery(db).where({ 'h.kind': 'juridico', 'h.what': kind, 'h.state': 'pendiente' }).orderBy('h.id');
    if (accountIds) q.whereIn('h.account_id', accountIds.slice(i, i + 500));
    for (const h of ((await q) as HandoffDbRow[]).map(toHandoffRow)) {
      if (h.state !== 'pendiente' || found.has(h.accountId)) continue;
      found.set(h.accountId, `remitida por cobranza (${h.by}, ${formatDate(h.at)}): ${h.reason}`);
    }
  }
  return found;
}

/** the criteria limited to the accounts handed off for the stage, when asked */
export async function onlyHandedOff<C extends { kind: NoticeKind; fromCollections?: boolean; accountIds?: number[] }>(db: Knex, criteria: C): Promise<C> {
  if (!criteria.fromCollections || !isLegal(criteria.kind)) return criteria;
  const ids = [...(await pendingHandoffs(db, criteria.kind)).keys()];
  return { ...criteria, accountIds: ids.length ? ids : [-1] };
}

export async function withLegalHandoffs<T extends Judged>(db: Knex, kind: NoticeKind, judged: T[]): Promise<T[]> {
  if (!isLegal(kind) || judged.length === 0) return judged;
  const handoffs = await pendingHandoffs(
    db,
    kind,
    judged.map((j) => j.row.accountId),
  );
  if (handoffs.size === 0) return judged;
  const stage = COLLECTION_STAGES.indexOf(kind);
  return judged.map((j) => {
    const why = handoffs.get(j.row.accountId);
    if (!why) return j;
    if (j.verdict.eligible) return { ...j, verdict: { ...j.verdict, reason: `${j.verdict.reason} · ${why}` } };
    const open = j.existing.filter((n) => n.state !== 'cerrado' && n.kind !== 'suspension');
    const rank = (n: Existing) => COLLECTION_STAGES.indexOf(n.kind as CollectionStage);
    if (open.some((n) => rank(n) >= stage)) return j; // it already has its letter
    const previous = open.filter((n) => rank(n) < stage).sort((a, b) => rank(b) - rank(a))[0] ?? null;
    const reason = `${why.charAt(0).toUpperCase()}${why.slice(1)}${previous ? ` · escala el ${previous.number}` : ''}`;
    return { ...j, verdict: { eligible: true, reason, escalates: previous } };
  });
}
