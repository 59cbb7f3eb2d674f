/**
 * Petty cash of this office: every read and act reaches its record through the fund, and the fund's
 * office must be the caller's (an administrator and the CLI: any office). A fund, voucher, advance,
 * reimbursement or arqueo of another office answers exactly as one that does not exist.
 */
import type { Knex } from 'knex';
import { notFound } from '../../errors';
import { officeScopeOf, requireInScope, requireOwnOffice } from '../../officeScope';
import type { Worker } from './worker';

/** the records a petty-cash id may name, with the table that holds them and how a refusal names them */
const RECORDS = {
  fund: { table: 'petty_cash_funds', fundColumn: 'id', what: 'La caja menor' },
  expense: { table: 'petty_cash_expenses', fundColumn: 'fund_id', what: 'El comprobante de caja menor' },
  advance: { table: 'petty_cash_advances', fundColumn: 'fund_id', what: 'El anticipo' },
  reimbursement: { table: 'petty_cash_reimbursements', fundColumn: 'fund_id', what: 'El reembolso' },
  arqueo: { table: 'petty_cash_arqueos', fundColumn: 'fund_id', what: 'El arqueo' },
} as const;

export type PettyCashRecord = keyof typeof RECORDS;

/** The fund id of a record of the caller's office; another office's record is "no existe". */
export async function fundOfOffice(db: Knex, worker: Worker, kind: PettyCashRecord, id: number): Promise<number> {
  const { table, fundColumn, what } = RECORDS[kind];
  const row: { fund_id: number; office_id: number } | undefined = await db(`${table} as r`)
    .join('petty_cash_funds as f', 'f.id', `r.${fundColumn}`)
    .where('r.id', id)
    .first('f.id as fund_id', 'f.office_id');
  return Number(requireInScope(officeScopeOf(worker), row, (r) => r.office_id, () => notFound(what)).fund_id);
}

/** An office named in a petty-cash request: the caller's own (an administrator: any). */
export function requireOfficeOfWorker(worker: Worker, officeId: number): void {
  requireOwnOffice(officeScopeOf(worker), officeId, 'Solo puede consultar la caja menor de su oficina.');
}
