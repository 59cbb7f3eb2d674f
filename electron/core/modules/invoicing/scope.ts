/**
 * Invoice print batches of this office: a batch belongs to the office of the coordinator who started
 * it (the invoices are the company's; the batch, its files and its cancel button are that office's
 * work). Another office's batch answers as one that does not exist; an administrator (and the CLI)
 * works with every office's (officeScope.ts). A batch started from the CLI has no office: only an
 * administrator sees it.
 */
import type { Knex } from 'knex';
import { notFound } from '../../errors';
import { requireInScope, type OfficeScope } from '../../officeScope';

/** the office of a batch: that of the user who started it (null: the CLI) */
function batchOffice(db: Knex) {
  return db('invoice_print_batches as b').leftJoin('users as u', 'u.id', 'b.user_id');
}

/** a batch of the caller's office */
export async function requireBatchOfOffice(db: Knex, scope: OfficeScope, batchId: number): Promise<void> {
  if (scope === null) return;
  const row: { office_id: number | null } | undefined = await batchOffice(db).where('b.id', batchId).first('u.office_id');
  requireInScope(scope, row, (b) => b.office_id, () => notFound('La impresión de facturas'));
}

/** the ids of the last `limit` batches of the office in scope, newest first */
export async function recentBatchIds(db: Knex, scope: OfficeScope, limit: number): Promise<number[]> {
  const query = batchOffice(db).orderBy('b.id', 'desc').limit(limit);
  if (scope !== null) query.where('u.office_id', scope);
  return ((await query.pluck('b.id')) as (number | string)[]).map(Number);
}
