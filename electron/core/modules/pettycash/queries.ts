/**
 * Reads of petty cash: a fund and its figures (available cash, spent per line, percentages), the
 * status the screen shows at a glance, and the lists (expenses, advances, reimbursements, arqueos,
 * transfers) as the contract shapes them. Every function takes a Knex or a transaction.
 *
 *   available = amount + (till → fund) − (fund → till) − unreimbursed expenses − open advances
 *   a line's spent = its unreimbursed expenses + its open advances
 * "Unreimbursed": pendiente_soporte, registrado, en_reembolso and rechazado (the cash left the box
 * and has not come back). Withholdings do not change it: the voucher counts for its gross amount.
 */
import type { Knex } from 'knex';
import type {
  BudgetLineStatus,
  ExpenseState,
  PayeeIdType,
  PettyCashAdvance,
  PettyCashArqueo,
  PettyCashExpense,
  PettyCashFund,
  PettyCashReimbursement,
  PettyCashStatus,
  PettyCashTransfer,
  ReimbursementState,
} from '../../../../shared/contract';
import { notFound, rule } from '../../errors';
import { engineOf } from '../../db/dialect';
import { bool } from '../cashier/queries';
import { percentOf, thresholdAlerts } from './rules';

export const UNREIMBURSED: readonly ExpenseState[] = ['pendiente_soporte', 'registrado', 'en_reembolso', 'rechazado'];

export interface FundRow {
  id: number;
  office_id: number;
  office_code: string;
  year: number;
  resolution_number: string;
  resolution_date: string;
  amount: number | string;
  custodian_id: number;
  custodian_name: string;
  threshold_percent: number;
  max_per_expense: number | string;
  forbidden_concepts_json: string;
  state: 'abierta' | 'legalizada';
  opened_at: string;
  closed_at: string | null;
  closed_through: string | null;
  legalized_on: string | null;
  legalized_by: number | null;
  returned_cash: number | string | null;
  legalization_difference: number | string | null;
  legalization_note: string;
}

function fundQuery(db: Knex) {
  return db('petty_cash_funds as f')
    .join('offices as o', 'o.id', 'f.office_id')
    .join('users as u', 'u.id', 'f.custodian_id')
    .select('f.*', 'o.code as office_code', 'u.full_name as custodian_name');
}

export async function loadFund(db: Knex, fundId: number): Promise<FundRow> {
  const row: FundRow | undefined = await fundQuery(db).where('f.id', fundId).first();
  if (!row) throw notFound('La caja menor');
  return row;
}

/** "GAR-2026", how the refusals name a fund */
export function fundLabel(fund: Pick<FundRow, 'office_code' | 'year'>): string {
  return `${fund.office_code}-${fund.year}`;
}

/**
 * The fund, refused when legalised. On PostgreSQL its row is locked for the transaction, so that two
 * counters spending at once check the available cash one after the other (SQLite already holds the
 * write lock: see retryingTransaction).
 */
export async function loadOpenFund(trx: Knex, fundId: number): Promise<FundRow> {
  if (engineOf(trx) === 'pg') await trx('petty_cash_funds').where({ id: fundId }).forUpdate().first('id');
  const fund = await loadFund(trx, fundId);
  if (fund.state !== 'abierta') throw rule(`La caja menor ${fundLabel(fund)} está legalizada: no admite más movimientos.`);
  return fund;
}

export function toFund(row: FundRow): PettyCashFund {
  return {
    id: row.id,
    officeId: row.office_id,
    officeCode: row.office_code,
    year: Number(row.year),
    resolutionNumber: row.resolution_number,
    resolutionDate: row.resolution_date,
    amount: Number(row.amount),
    custodian: { id: row.custodian_id, name: row.custodian_name },
    thresholdPercent: Number(row.threshold_percent),
    maxPerExpense: Number(row.max_per_expense),
    forbiddenConcepts: JSON.parse(row.forbidden_concepts_json) as string[],
    state: row.state,
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    closedThrough: row.closed_through,
  };
}

export interface LineRow {
  id: number;
  fund_id: number;
  code: string;
  name: string;
  limit_amount: number | string;
}

export interface FundFigures {
  amount: number;
  netTransfers: number;
  unreimbursed: number;
  openAdvances: number;
  available: number;
  usedPercent: number;
  lines: BudgetLineStatus[];
}

async function sumBy(query: Knex.QueryBuilder): Promise<Map<number, number>> {
  const rows: { key: number; total: number | string | null }[] = await query;
  return new Map(rows.map((r) => [Number(r.key), Number(r.total ?? 0)]));
}

/** The money of a fund now: available cash, unreimbursed, open advances and each line's use. */
export async function fundFigures(db: Knex, fund: Pick<FundRow, 'id' | 'amount' | 'threshold_percent'>): Promise<FundFigures> {
  const spentByLine = await sumBy(
    db('petty_cash_expenses').where('fund_id', fund.id).whereIn('state', UNREIMBURSED).groupBy('budget_line_id').select('budget_line_id as key').sum({ total: 'amount' }),
  );
  const advancesByLine = await sumBy(
    db('petty_cash_advances').where({ fund_id: fund.id, state: 'abierto' }).groupBy('budget_line_id').select('budget_line_id as key').sum({ total: 'amount' }),
  );
  const transfers = await db('petty_cash_transfers').where('fund_id', fund.id).groupBy('direction').select('direction').sum({ total: 'amount' });
  const moved = (direction: string) => Number((transfers as { direction: string; total: number | string | null }[]).find((r) => r.direction === direction)?.total ?? 0);
  const lineRows: LineRow[] = await db('petty_cash_budget_lines').where('fund_id', fund.id).orderBy('code');
  const threshold = Number(fund.threshold_percent);
  const lines = lineRows.map((l) => {
    const limit = Number(l.limit_amount);
    const spent = (spentByLine.get(l.id) ?? 0) + (advancesByLine.get(l.id) ?? 0);
    const usedPercent = percentOf(spent, limit);
    return { id: l.id, code: l.code, name: l.name, limit, spent, available: limit - spent, usedPercent, thresholdPassed: usedPercent >= threshold };
  });
  const unreimbursed = [...spentByLine.values()].reduce((a, b) => a + b, 0);
  const openAdvances = [...advancesByLine.values()].reduce((a, b) => a + b, 0);
  const amount = Number(fund.amount);
  const netTransfers = moved('caja_a_fondo') - moved('fondo_a_caja');
  return {
    amount,
    netTransfers,
    unreimbursed,
    openAdvances,
    available: amount + netTransfers - unreimbursed - openAdvances,
    usedPercent: percentOf(unreimbursed + openAdvances, amount),
    lines,
  };
}

// ---------------------------------------------------------------- expenses

interface ExpenseRow {
  id: number;
  number: string;
  date: string;
  payee_id_type: PayeeIdType;
  payee_id_number: string;
  payee_name: string;
  concept: string;
  budget_line_id: number;
  line_code: string;
  line_name: string;
  amount: number | string;
  withholdings: number | string;
  state: ExpenseState;
  support_file_name: string | null;
  support_mime_type: string | null;
  support_size: number | null;
  support_sha256: string | null;
  support_path: string | null;
  advance_id: number | null;
  reimbursement_id: number | null;
  rejected_reason: string | null;
  created_by_name: string;
  created_at: string;
  fund_id: number;
}

function expenseQuery(db: Knex) {
  return db('petty_cash_expenses as e').join('petty_cash_budget_lines as l', 'l.id', 'e.budget_line_id').select('e.*', 'l.code as line_code', 'l.name as line_name');
}

function toExpense(r: ExpenseRow): PettyCashExpense {
  const amount = Number(r.amount);
  const withholdings = Number(r.withholdings);
  return {
    id: r.id,
    number: r.number,
    date: r.date,
    payee: { idType: r.payee_id_type, idNumber: r.payee_id_number, name: r.payee_name },
    concept: r.concept,
    budgetLine: { id: r.budget_line_id, code: r.line_code, name: r.line_name },
    amount,
    withholdings,
    net: amount - withholdings,
    state: r.state,
    support:
      r.support_sha256 && r.support_file_name && r.support_mime_type
        ? { fileName: r.support_file_name, mimeType: r.support_mime_type, size: Number(r.support_size ?? 0), sha256: r.support_sha256 }
        : null,
    advanceId: r.advance_id,
    reimbursementId: r.reimbursement_id,
    rejectedReason: r.rejected_reason,
    createdBy: r.created_by_name,
    createdAt: r.created_at,
  };
}

export async function listExpenses(db: Knex, fundId: number, state?: ExpenseState): Promise<PettyCashExpense[]> {
  const query = expenseQuery(db).where('e.fund_id', fundId).orderBy('e.id');
  if (state) query.andWhere('e.state', state);
  return ((await query) as ExpenseRow[]).map(toExpense);
}

export async function getExpense(db: Knex, expenseId: number): Promise<PettyCashExpense & { fundId: number; supportPath: string | null }> {
  const row: ExpenseRow | undefined = await expenseQuery(db).where('e.id', expenseId).first();
  if (!row) throw notFound('El comprobante de caja menor');
  return { ...toExpense(row), fundId: row.fund_id, supportPath: row.support_path };
}

// ---------------------------------------------------------------- advances

interface AdvanceRow {
  id: number;
  fund_id: number;
  number: string;
  date: string;
  payee_id_type: PayeeIdType;
  payee_id_number: string;
  payee_name: string;
  concept: string;
  budget_line_id: number;
  amount: number | string;
  state: 'abierto' | 'legalizado';
  settled_expense_id: number | null;
}

/** calendar days from `from` to `to` ('YYYY-MM-DD') */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function toAdvance(r: AdvanceRow, today: string): PettyCashAdvance {
  return {
    id: r.id,
    number: r.number,
    date: r.date,
    payee: { idType: r.payee_id_type, idNumber: r.payee_id_number, name: r.payee_name },
    concept: r.concept,
    budgetLineId: r.budget_line_id,
    amount: Number(r.amount),
    state: r.state,
    ageDays: r.state === 'abierto' ? Math.max(0, daysBetween(r.date, today)) : 0,
    settledExpenseId: r.settled_expense_id,
  };
}

export async function listAdvances(db: Knex, fundId: number, openOnly: boolean, today: string): Promise<PettyCashAdvance[]> {
  const query = db('petty_cash_advances').where('fund_id', fundId).orderBy('id');
  if (openOnly) query.andWhere('state', 'abierto');
  return ((await query) as AdvanceRow[]).map((r) => toAdvance(r, today));
}

export async function getAdvance(db: Knex, advanceId: number, today: string): Promise<PettyCashAdvance & { fundId: number }> {
  const row: AdvanceRow | undefined = await db('petty_cash_advances').where('id', advanceId).first();
  if (!row) throw notFound('El anticipo');
  return { ...toAdvance(row, today), fundId: row.fund_id };
}

// ---------------------------------------------------------------- reimbursements

interface ReimbursementRow {
  id: number;
  fund_id: number;
  number: string;
  state: ReimbursementState;
  requested_by_name: string | null;
  requested_at: string;
  decided_by_name: string | null;
  decided_at: string | null;
  note: string;
  total: number | string;
  approved_total: number | string | null;
}

export async function listReimbursements(db: Knex, filter: { fundId?: number; reimbursementId?: number; state?: ReimbursementState }): Promise<PettyCashReimbursement[]> {
  const query = db('petty_cash_reimbursements as r')
    .leftJoin('users as rq', 'rq.id', 'r.requested_by')
    .leftJoin('users as dc', 'dc.id', 'r.decided_by')
    .select('r.*', 'rq.full_name as requested_by_name', 'dc.full_name as decided_by_name')
    .orderBy('r.id', 'desc');
  if (filter.fundId !== undefined) query.where('r.fund_id', filter.fundId);
  if (filter.reimbursementId !== undefined) query.where('r.id', filter.reimbursementId);
  if (filter.state !== undefined) query.where('r.state', filter.state);
  const rows = (await query) as ReimbursementRow[];
  if (rows.length === 0) return [];
  const items: {
    reimbursement_id: number;
    expense_id: number;
    number: string;
    payee_name: string;
    amount: number | string;
    outcome: string;
    rejected_reason: string | null;
    state: ExpenseState;
    code: string;
    name: string;
  }[] = await db('petty_cash_reimbursement_items as i')
    .join('petty_cash_expenses as e', 'e.id', 'i.expense_id')
    .join('petty_cash_budget_lines as l', 'l.id', 'e.budget_line_id')
    .whereIn(
      'i.reimbursement_id',
      rows.map((r) => r.id),
    )
    .orderBy('e.id')
    .select('i.reimbursement_id', 'i.expense_id', 'e.number', 'e.payee_name', 'i.amount', 'i.outcome', 'i.rejected_reason', 'e.state', 'l.code', 'l.name');
  return rows.map((r) => {
    const mine = items.filter((i) => i.reimbursement_id === r.id);
    const byLine = new Map<string, { code: string; name: string; total: number }>();
    for (const i of mine) {
      const line = byLine.get(i.code) ?? { code: i.code, name: i.name, total: 0 };
      line.total += Number(i.amount);
      byLine.set(i.code, line);
    }
    return {
      id: r.id,
      number: r.number,
      state: r.state,
      requestedBy: r.requested_by_name ?? 'cli',
      requestedAt: r.requested_at,
      decidedBy: r.decided_at ? (r.decided_by_name ?? 'cli') : null,
      decidedAt: r.decided_at,
      note: r.note,
      total: Number(r.total),
      approvedTotal: r.approved_total === null ? null : Number(r.approved_total),
      byLine: [...byLine.values()].sort((a, b) => a.code.localeCompare(b.code)),
      expenses: mine.map((i) => ({
        id: i.expense_id,
        number: i.number,
        payeeName: i.payee_name,
        amount: Number(i.amount),
        state: i.state,
        rejectedReason: i.outcome === 'rechazado' ? i.rejected_reason : null,
      })),
    };
  });
}

export async function getReimbursement(db: Knex, reimbursementId: number): Promise<PettyCashReimbursement & { fundId: number }> {
  const [found] = await listReimbursements(db, { reimbursementId });
  if (!found) throw notFound('El reembolso');
  const row: { fund_id: number } = await db('petty_cash_reimbursements').where('id', reimbursementId).first('fund_id');
  return { ...found, fundId: row.fund_id };
}

// ---------------------------------------------------------------- arqueos and transfers

interface ArqueoRow {
  id: number;
  fund_id: number;
  at: string;
  counted_by_name: string;
  custodian_name: string;
  surprise: unknown;
  cash: number | string;
  vouchers_on_hand: number | string;
  advances_on_hand: number | string;
  expected: number | string;
  difference: number | string;
  note: string;
}

export async function listArqueos(db: Knex, filter: { fundId?: number; arqueoId?: number }): Promise<(PettyCashArqueo & { fundId: number })[]> {
  const query = db('petty_cash_arqueos as a').join('users as u', 'u.id', 'a.custodian_id').select('a.*', 'u.full_name as custodian_name').orderBy('a.id', 'desc');
  if (filter.fundId !== undefined) query.where('a.fund_id', filter.fundId);
  if (filter.arqueoId !== undefined) query.where('a.id', filter.arqueoId);
  return ((await query) as ArqueoRow[]).map((r) => ({
    id: r.id,
    fundId: r.fund_id,
    at: r.at,
    countedBy: r.counted_by_name,
    custodian: r.custodian_name,
    surprise: bool(r.surprise),
    cash: Number(r.cash),
    vouchersOnHand: Number(r.vouchers_on_hand),
    advancesOnHand: Number(r.advances_on_hand),
    expected: Number(r.expected),
    difference: Number(r.difference),
    note: r.note,
  }));
}

export async function listTransfers(db: Knex, fundId: number): Promise<PettyCashTransfer[]> {
  const rows: { id: number; at: string; direction: PettyCashTransfer['direction']; amount: number | string; full_name: string; till_name: string; note: string }[] = await db(
    'petty_cash_transfers as t',
  )
    .join('users as u', 'u.id', 't.user_id')
    .join('tills as ti', 'ti.id', 't.till_id')
    .where('t.fund_id', fundId)
    .orderBy('t.id')
    .select('t.id', 't.at', 't.direction', 't.amount', 'u.full_name', 'ti.name as till_name', 't.note');
  return rows.map((r) => ({ id: r.id, at: r.at, direction: r.direction, amount: Number(r.amount), by: r.full_name, tillName: r.till_name, note: r.note }));
}

// ---------------------------------------------------------------- the fund at a glance

export async function fundStatus(db: Knex, fundId: number, today: string): Promise<PettyCashStatus> {
  const row = await loadFund(db, fundId);
  const fund = toFund(row);
  const figures = await fundFigures(db, row);
  const pendingSupport: { n: number | string }[] = await db('petty_cash_expenses').where({ fund_id: fundId, state: 'pendiente_soporte' }).count({ n: '*' });
  const [pendingReimbursement] = await listReimbursements(db, { fundId, state: 'solicitado' });
  const [lastArqueo] = await listArqueos(db, { fundId });
  const alerts = fund.state === 'abierta' ? thresholdAlerts(fund.thresholdPercent, figures.usedPercent, figures.lines) : [];
  return {
    fund,
    budgetLines: figures.lines,
    available: figures.available,
    unreimbursed: figures.unreimbursed,
    openAdvancesTotal: figures.openAdvances,
    openAdvances: await listAdvances(db, fundId, true, today),
    pendingSupportCount: Number(pendingSupport[0]?.n ?? 0),
    usedPercent: figures.usedPercent,
    thresholdPassed: figures.usedPercent >= fund.thresholdPercent || figures.lines.some((l) => l.thresholdPassed),
    alerts,
    pendingReimbursement: pendingReimbursement ?? null,
    lastArqueo: lastArqueo ? stripFund(lastArqueo) : null,
    transfers: await listTransfers(db, fundId),
  };
}

export function stripFund<T extends { fundId: number }>(value: T): Omit<T, 'fundId'> {
  const { fundId: _fundId, ...rest } = value;
  return rest;
}

/** the open fund of an office, or null */
export async function openFundOf(db: Knex, officeId: number): Promise<number | null> {
  const row: { id: number } | undefined = await db('petty_cash_funds').where({ office_id: officeId, state: 'abierta' }).first('id');
  return row ? row.id : null;
}

export async function listFunds(db: Knex, officeId: number): Promise<PettyCashFund[]> {
  const rows: FundRow[] = await fundQuery(db).where('f.office_id', officeId).orderBy('f.id', 'desc');
  return rows.map(toFund);
}
