/**
 * The approvals inbox: one list of everything that waits for a coordinator's decision. Each module
 * that has acts waiting for approval describes them as an ApprovalSource (what kind, who decides,
 * how to list and count what waits in the offices the approver sees) and adds it to the list in
 * sources.ts — the only place a new kind of approval is added. The inbox and the count for the
 * menu's badge come from here; the decision itself stays in its module (the item's `path`).
 *
 * (The on-the-spot approval, a coordinator's credentials typed at the requester's screen, is the
 * other approval mechanism: onTheSpot.ts.)
 */
import type { Knex } from 'knex';
import type { ApprovalGroup, ApprovalInbox, ApprovalItem } from '../../../../shared/contract';
import type { Role } from '../../../../shared/roles';
import type { IsoDate } from '../../../../shared/dates';

/** Whose inbox: the approver's role and office (null: every office — an administrator, the CLI). */
export interface ApprovalScope {
  role: Role;
  /** the office whose items the approver decides; null for every office */
  officeId: number | null;
  /** the approver (null: the CLI); a source leaves out what this person may not decide (their own request) */
  userId: number | null;
  /** the business date of the company, for sources that order by legal dates */
  today: IsoDate;
}

export interface ApprovalSource {
  /** unique: 'pqr.answer' */
  kind: string;
  /** one item: "Respuesta de PQR" */
  label: string;
  /** the group: "Respuestas de PQR por aprobar" */
  groupLabel: string;
  /** the roles that decide these (the same the module's decision handler allows) */
  roles: readonly Role[];
  /** what waits, in the scope's office (or every office) */
  list(db: Knex, scope: ApprovalScope): Promise<ApprovalItem[]>;
  /** how many wait (cheaper than list; the badge asks often) */
  count(db: Knex, scope: ApprovalScope): Promise<number>;
}

/** Most urgent first: a legal due date before none and earlier before later, then the oldest request. */
export function byUrgency(a: ApprovalItem, b: ApprovalItem): number {
  if (a.dueDate !== b.dueDate) {
    if (a.dueDate === null) return 1;
    if (b.dueDate === null) return -1;
    return a.dueDate < b.dueDate ? -1 : 1;
  }
  return a.requestedAt < b.requestedAt ? -1 : a.requestedAt > b.requestedAt ? 1 : a.key.localeCompare(b.key);
}

function sourcesFor(sources: readonly ApprovalSource[], scope: ApprovalScope): ApprovalSource[] {
  return sources.filter((s) => s.roles.includes(scope.role));
}

export async function approvalInbox(db: Knex, sources: readonly ApprovalSource[], scope: ApprovalScope): Promise<ApprovalInbox> {
  const mine = sourcesFor(sources, scope);
  const lists = await Promise.all(mine.map((s) => s.list(db, scope)));
  const groups: ApprovalGroup[] = mine.map((s, i) => ({ kind: s.kind, label: s.groupLabel, count: lists[i].length }));
  return { items: lists.flat().sort(byUrgency), groups };
}

export async function approvalCount(db: Knex, sources: readonly ApprovalSource[], scope: ApprovalScope): Promise<number> {
  const counts = await Promise.all(sourcesFor(sources, scope).map((s) => s.count(db, scope)));
  return counts.reduce((sum, n) => sum + n, 0);
}
