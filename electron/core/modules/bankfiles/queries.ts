/** Reads of bank files and of the por-identificar queue. */
import type { Knex } from 'knex';
import type { BankFileRecord, UnidentifiedPayment } from '../../../../shared/contract';
import { notFound } from '../../errors';
import { bankName } from './banks';
import type { OfficeScope } from '../../officeScope';
import { onlyOffice } from './scope';

/** the lists stop here: the contract has no paging yet */
export const LIST_LIMIT = 5000;

interface BankFileDbRow {
  id: number;
  file_name: string;
  bank_code: string;
  collection_date: string;
  modifier: string;
  records: number;
  total: number | string;
  applied_count: number;
  unidentified_count: number;
  imported_at: string;
  imported_by_name: string | null;
}

/** the bank files of the office in scope (null: every office), newest first */
export async function listBankFiles(db: Knex, scope: OfficeScope): Promise<BankFileRecord[]> {
  const rows: BankFileDbRow[] = await onlyOffice(
    db('bank_files as f').leftJoin('users as u', 'u.id', 'f.imported_by').select('f.*', 'u.full_name as imported_by_name').orderBy('f.id', 'desc').limit(LIST_LIMIT),
    scope,
  );
  return rows.map((r) => ({
    id: r.id,
    fileName: r.file_name,
    bankCode: r.bank_code,
    bankName: bankName(r.bank_code),
    collectionDate: r.collection_date,
    modifier: r.modifier,
    records: Number(r.records),
    total: Number(r.total),
    appliedCount: Number(r.applied_count),
    unidentifiedCount: Number(r.unidentified_count),
    importedBy: r.imported_by_name ?? 'consola de administración',
    importedAt: r.imported_at,
  }));
}

interface UnidentifiedDbRow {
  id: number;
  bank_file_id: number;
  file_name: string;
  line: number;
  reference: string;
  amount: number | string;
  collection_date: string;
  bank_code: string;
  branch: string;
  payment_medium: string;
  status: UnidentifiedPayment['status'];
  account_number: string | null;
  payment_id: number | null;
  note: string;
  resolved_by_name: string | null;
  resolved_at: string | null;
}

function unidentifiedQuery(db: Knex): Knex.QueryBuilder {
  return db('unidentified_payments as p')
    .join('bank_files as f', 'f.id', 'p.bank_file_id')
    .leftJoin('accounts as a', 'a.id', 'p.account_id')
    .leftJoin('users as u', 'u.id', 'p.resolved_by')
    .select('p.*', 'f.file_name', 'a.number as account_number', 'u.full_name as resolved_by_name');
}

function toUnidentified(r: UnidentifiedDbRow): UnidentifiedPayment {
  return {
    id: r.id,
    bankFileId: r.bank_file_id,
    fileName: r.file_name,
    line: r.line,
    reference: r.reference,
    amount: Number(r.amount),
    collectionDate: r.collection_date,
    bankCode: r.bank_code,
    bankName: bankName(r.bank_code),
    branch: r.branch,
    paymentMedium: r.payment_medium,
    status: r.status,
    accountNumber: r.account_number,
    paymentId: r.payment_id,
    note: r.note,
    resolvedBy: r.resolved_at === null ? null : (r.resolved_by_name ?? 'consola de administración'),
    resolvedAt: r.resolved_at,
  };
}

/** The queue of the office in scope (null: every office) by status, oldest first (the work to do); 'todos' lists every status. */
export async function listUnidentified(db: Knex, status: UnidentifiedPayment['status'] | 'todos', scope: OfficeScope): Promise<UnidentifiedPayment[]> {
  const query = onlyOffice(unidentifiedQuery(db).orderBy('p.id').limit(LIST_LIMIT), scope);
  if (status !== 'todos') query.where('p.status', status);
  const rows: UnidentifiedDbRow[] = await query;
  return rows.map(toUnidentified);
}

export async function getUnidentified(db: Knex, id: number): Promise<UnidentifiedPayment> {
  const row: UnidentifiedDbRow | undefined = await unidentifiedQuery(db).where('p.id', id).first();
  if (!row) throw notFound('El pago por identificar');
  return toUnidentified(row);
}
