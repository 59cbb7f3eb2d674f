/**
 * Bank files of this office: a bank file belongs to the office that imported it, and so do the
 * payments of it nobody could identify. Another office's file or pending payment answers as one
 * that does not exist; an administrator (and the CLI) works with every office's (officeScope.ts).
 */
import type { Knex } from 'knex';
import { notFound } from '../../errors';
import { requireInScope, type OfficeScope } from '../../officeScope';

/** a payment por identificar of a bank file of the caller's office */
export async function requireUnidentifiedOfOffice(db: Knex, scope: OfficeScope, unidentifiedId: number): Promise<void> {
  if (scope === null) return;
  const row: { office_id: number } | undefined = await db('unidentified_payments as p').join('bank_files as f', 'f.id', 'p.bank_file_id').where('p.id', unidentifiedId).first('f.office_id');
  requireInScope(scope, row, (p) => p.office_id, () => notFound('El pago por identificar'));
}

/** narrows a query over bank files (aliased `f`) to the office in scope */
export function onlyOffice<Q extends Knex.QueryBuilder>(query: Q, scope: OfficeScope): Q {
  if (scope !== null) void query.where('f.office_id', scope);
  return query;
}
