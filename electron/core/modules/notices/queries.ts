/**
 * Reads of the notices module: the accounts that owe, with their debt, overdue periods and oldest due
 * date (one grouped query), the notices of accounts, and the tracking list.
 */
import type { Knex } from 'knex';
import type { OfficeScope } from '../../officeScope';
import { onlyOffice } from './scope';
import type { DeliveryMethod, NoticeCloseReason, NoticeKind, NoticeRow, NoticeState } from '../../../../shared/contract';
import type { Dispute, ExistingNotice } from './rules';

export interface DebtorRow {
  accountId: number;
  accountNumber: string;
  holderName: string;
  address: string;
  noticeAddress: string;
  neighborhood: string;
  cycle: string;
  route: string;
  use: string;
  estrato: number | null;
  debt: number;
  unpaidPeriods: number;
  oldestDueDate: string;
  suspensionDate: string | null;
  daysPastDue: number;
}

export interface DebtorFilter {
  minPeriods?: number;
  minDebt?: number;
  cycle?: string;
  route?: string;
  use?: string;
  estrato?: number;
  accountIds?: number[];
  limit?: number;
}

/** whole days from `from` to `to` ('YYYY-MM-DD'), never negative */
export function daysBetween(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return Math.max(0, Math.round(ms / 86_400_000));
}

/**
 * Accounts with a debt (sum of invoice balances > 0), in route order. Unpaid periods and the oldest
 * due date count only overdue invoices (due before today); an invoice not yet due adds to the debt only.
 */
export async function debtors(db: Knex, today: string, filter: DebtorFilter): Promise<DebtorRow[]> {
  const overdue = db.raw('CASE WHEN i.due_date < ? THEN i.period END', [today]);
  const query = db('accounts as a')
    .join('invoices as i', function () {
      this.on('i.account_id', '=', 'a.id').andOn('i.balance', '>', db.raw('0'));
    })
    .select(
      'a.id',
      'a.number',
      'a.holder_name',
      'a.address',
      'a.notice_address',
      'a.neighborhood',
      'a.cycle',
      'a.route',
      'a.route_sequence',
      'a.use',
      'a.estrato',
      db.raw('SUM(i.balance) AS debt'),
      db.raw('COUNT(DISTINCT ?) AS unpaid_periods', [overdue]),
      db.raw('MIN(i.due_date) AS oldest_due_date'),
      db.raw('MIN(i.suspension_date) AS suspension_date'),
    )
    .groupBy('a.id', 'a.number', 'a.holder_name', 'a.address', 'a.notice_address', 'a.neighborhood', 'a.cycle', 'a.route', 'a.route_sequence', 'a.use', 'a.estrato')
    .orderBy([{ column: 'a.cycle' }, { column: 'a.route' }, { column: 'a.route_sequence' }, { column: 'a.number' }]);
  if (filter.cycle) query.where('a.cycle', filter.cycle);
  if (filter.route) query.where('a.route', filter.route);
  if (filter.use) query.where('a.use', filter.use);
  if (filter.estrato !== undefined) query.where('a.estrato', filter.estrato);
  if (filter.accountIds) query.whereIn('a.id', filter.accountIds);
  if (filter.minPeriods !== undefined) query.havingRaw('COUNT(DISTINCT ?) >= ?', [overdue, filter.minPeriods]);
  if (filter.minDebt !== undefined) query.havingRaw('SUM(i.balance) >= ?', [filter.minDebt]);
  if (filter.limit !== undefined) query.limit(filter.limit);
  const rows: {
    id: number;
    number: string;
    holder_name: string;
    address: string;
    notice_address: string;
    neighborhood: string;
    cycle: string;
    route: string;
    use: string;
    estrato: number | null;
    debt: number | string;
    unpaid_periods: number | string;
    oldest_due_date: string;
    suspension_date: string | null;
  }[] = await query;
  return rows.map((r) => ({
    accountId: Number(r.id),
    accountNumber: r.number,
    holderName: r.holder_name,
    address: r.address,
    noticeAddress: r.notice_address,
    neighborhood: r.neighborhood,
    cycle: r.cycle,
    route: r.route,
    use: r.use,
    estrato: r.estrato === null ? null : Number(r.estrato),
    debt: Number(r.debt),
    unpaidPeriods: Number(r.unpaid_periods),
    oldestDueDate: r.oldest_due_date,
    suspensionDate: r.suspension_date,
    daysPastDue: r.oldest_due_date < today ? daysBetween(r.oldest_due_date, today) : 0,
  }));
}

/** the notices of these accounts, newest first, by account id */
export async function noticesByAccount(db: Knex, accountIds: number[]): Promise<Map<number, ExistingNotice[]>> {
  const byAccount = new Map<number, ExistingNotice[]>();
  for (let i = 0; i < accountIds.length; i += 500) {
    const rows: { id: number; number: string; kind: string; state: string; letter_date: string; account_id: number }[] = await db('notices')
      .whereIn('account_id', accountIds.slice(i, i + 500))
      .orderBy('id', 'desc')
      .select('id', 'number', 'kind', 'state', 'letter_date', 'account_id');
    for (const r of rows) {
      const list = byAccount.get(Number(r.account_id)) ?? [];
      list.push({ id: Number(r.id), number: r.number, kind: r.kind as NoticeKind, state: r.state as NoticeState, letterDate: r.letter_date });
      byAccount.set(Number(r.account_id), list);
    }
  }
  return byAccount;
}

export interface NoticeDbRow {
  id: number;
  number: string;
  kind: string;
  batch_id: number;
  account_id: number;
  account_number: string;
  letter_date: string;
  debt: number | string;
  unpaid_periods: number;
  oldest_due_date: string;
  suspension_date: string | null;
  days_past_due: number;
  recipient_name: string;
  recipient_lines_json: string;
  city: string;
  subject: string;
  body: string;
  signer_name: string;
  signer_title: string;
  footer: string;
  state: string;
  generated_at: string;
  generated_by: string;
  printed_at: string | null;
  delivered_on: string | null;
  delivered_by: string | null;
  delivery_method: string | null;
  delivery_note: string;
  closed_at: string | null;
  close_reason: string | null;
  close_note: string;
}

export function toNoticeRow(r: NoticeDbRow): NoticeRow {
  const lines = JSON.parse(r.recipient_lines_json) as string[];
  return {
    id: Number(r.id),
    number: r.number,
    kind: r.kind as NoticeKind,
    batchId: Number(r.batch_id),
    accountId: Number(r.account_id),
    accountNumber: r.account_number,
    holderName: r.recipient_name,
    address: lines[0] ?? '',
    debt: Number(r.debt),
    unpaidPeriods: Number(r.unpaid_periods),
    daysPastDue: Number(r.days_past_due),
    state: r.state as NoticeState,
    generatedAt: r.generated_at,
    generatedBy: r.generated_by,
    printedAt: r.printed_at,
    deliveredOn: r.delivered_on,
    deliveredBy: r.delivered_by,
    deliveryMethod: r.delivery_method as DeliveryMethod | null,
    deliveryNote: r.delivery_note,
    closedAt: r.closed_at,
    closeReason: r.close_reason as NoticeCloseReason | null,
    closeNote: r.close_note,
  };
}

/** notices with their account number, for lists */
export function noticeQuery(db: Knex) {
  return db('notices as n').join('accounts as a', 'a.id', 'n.account_id').select('n.*', 'a.number as account_number');
}

export interface NoticeListFilter {
  kind?: NoticeKind;
  state?: NoticeState;
  batchId?: number;
  text: string;
  limit: number;
}

/** the notices of the rounds of the office in scope (null: every office) */
export async function listNotices(db: Knex, filter: NoticeListFilter, scope: OfficeScope): Promise<NoticeRow[]> {
  const query = onlyOffice(noticeQuery(db).orderBy('n.id', 'desc').limit(filter.limit), scope);
  if (filter.kind) query.where('n.kind', filter.kind);
  if (filter.state) query.where('n.state', filter.state);
  if (filter.batchId) query.where('n.batch_id', filter.batchId);
  const text = filter.text.trim().toUpperCase();
  if (text) query.where((q) => q.where('n.number', text).orWhere('a.number', text));
  const rows: NoticeDbRow[] = await query;
  return rows.map(toNoticeRow);
}

export async function noticesOfAccount(db: Knex, accountId: number): Promise<NoticeRow[]> {
  const rows: NoticeDbRow[] = await noticeQuery(db).where('n.account_id', accountId).orderBy('n.id', 'desc');
  return rows.map(toNoticeRow);
}

/** the PQR types that dispute an invoice (Ley 142 art. 155) */
const DISPUTING_TYPES = ['reclamo', 'recurso_reposicion', 'reposicion_apelacion'];

/**
 * The reclamos and recursos (alias `p`) pending on `today` (Ley 142 art. 155): not closed or
 * annulled, and, once answered, while the recurso window is open or a recurso against it is open.
 * One definition for the notices (disputesByAccount) and the suspension round's judgement in SQL.
 */
export function pendingDisputes(db: Knex, today: string): Knex.QueryBuilder {
  return db('pqrs as p')
    .whereIn('p.type', DISPUTING_TYPES)
    .where((w) =>
      w
        .whereIn('p.state', ['radicada', 'asignada', 'suspendida'])
        .orWhere((x) => x.where('p.state', 'respondida').where((y) => y.whereNull('p.recurso_deadline').orWhere('p.recurso_deadline', '>=', today)))
        .orWhereExists(db('pqrs as rc').whereRaw('rc.appeals_pqr_id = p.id').whereNotIn('rc.state', ['cerrada', 'anulada']).select(db.raw('1'))),
    );
}

/**
 * The pending reclamos and recursos about the overdue unpaid invoices of these accounts, and the
 * overdue periods each account still owes without one (Ley 142 art. 155). Pending: not closed or
 * annulled, and, once answered, while the recurso window is open or a recurso against it is open.
 */
export async function disputesByAccount(db: Knex, accountIds: number[], today: string): Promise<Map<number, { disputes: Dispute[]; undisputedUnpaidPeriods: number }>> {
  const found = new Map<number, { disputes: Dispute[]; invoiceIds: Set<number> }>();
  for (let i = 0; i < accountIds.length; i += 500) {
    const rows: { account_id: number; invoice_id: number; invoice_number: string; radicado: string }[] = await pendingDisputes(db, today)
      .join('invoices as i', 'i.id', 'p.invoice_id')
      .join('radicados as r', 'r.id', 'p.radicado_id')
      .whereIn('i.account_id', accountIds.slice(i, i + 500))
      .where('i.balance', '>', 0)
      .where('i.due_date', '<', today)
      .orderBy('p.id')
      .select('i.account_id', 'i.id as invoice_id', 'i.number as invoice_number', 'r.number as radicado');
    for (const r of rows) {
      const entry = found.get(Number(r.account_id)) ?? { disputes: [], invoiceIds: new Set<number>() };
      entry.disputes.push({ radicado: r.radicado, invoiceNumber: r.invoice_number });
      entry.invoiceIds.add(Number(r.invoice_id));
      found.set(Number(r.account_id), entry);
    }
  }
  const result = new Map<number, { disputes: Dispute[]; undisputedUnpaidPeriods: number }>();
  if (found.size === 0) return result;
  const withDisputes = [...found.keys()];
  for (let i = 0; i < withDisputes.length; i += 500) {
    const invoices: { id: number; account_id: number; period: string }[] = await db('invoices')
      .whereIn('account_id', withDisputes.slice(i, i + 500))
      .where('balance', '>', 0)
      .where('due_date', '<', today)
      .select('id', 'account_id', 'period');
    for (const accountId of withDisputes.slice(i, i + 500)) {
      const entry = found.get(accountId) as { disputes: Dispute[]; invoiceIds: Set<number> };
      const periods = new Set(invoices.filter((inv) => Number(inv.account_id) === accountId && !entry.invoiceIds.has(Number(inv.id))).map((inv) => inv.period));
      result.set(accountId, { disputes: entry.disputes, undisputedUnpaidPeriods: periods.size });
    }
  }
  return result;
}
