/**
 * Notices of this office: a notice belongs to the office of the round (tanda) that generated it.
 * A notice or a round of another office answers as one that does not exist; an administrator (and
 * the CLI) works with every office's (officeScope.ts). The account screen's list of an account's
 * notices (`notices.ofAccount`) stays company-wide: the account is the company's.
 */
import type { Knex } from 'knex';
import { notFound } from '../../errors';
import { inIdList } from '../../db/dialect';
import { requireInScope, type OfficeScope } from '../../officeScope';

/** every notice is of the caller's office; otherwise `what` "no existe" (the wording the service uses for a missing one) */
export async function requireNoticesOfOffice(db: Knex, scope: OfficeScope, noticeIds: readonly number[], what: string): Promise<void> {
  if (scope === null || noticeIds.length === 0) return;
  // one statement for the whole list (a suspension round sends up to 20,000): is any of another office?
  const other: { id: number } | undefined = await db('notices as n').join('notice_batches as b', 'b.id', 'n.batch_id').where(inIdList(db, 'n.id', noticeIds)).whereNot('b.office_id', scope).first('n.id');
  if (other) throw notFound(what);
}

/** a round of notices of the caller's office */
export async function requireBatchOfOffice(db: Knex, scope: OfficeScope, batchId: number): Promise<void> {
  const row: { office_id: number } | undefined = await db('notice_batches').where({ id: batchId }).first('office_id');
  requireInScope(scope, row, (b) => b.office_id, () => notFound('La tanda de avisos'));
}

/** narrows a notices query (aliased `n`) to the rounds of the office */
export function onlyOffice(query: Knex.QueryBuilder, scope: OfficeScope): Knex.QueryBuilder {
  if (scope === null) return query;
  return query.whereIn('n.batch_id', function (this: Knex.QueryBuilder) {
    void this.from('notice_batches').where('office_id', scope).select('id');
  });
}
