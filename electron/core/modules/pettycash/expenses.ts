/**
 * The comprobante de egreso: checked (spending.ts), numbered CM-<office>-<year>-NNNN inside the
 * transaction, saved as 'registrado' with its support or 'pendiente_soporte' without one. The
 * split-purchase warning is returned and kept in the audit row. A resend with the same
 * idempotency key returns the first expense.
 */
import type { Knex } from 'knex';
import type { ExpenseCheck, ParsedInput } from '../../../../shared/contract';
import type { BackOffice } from '../../context';
import { nowTimestamp } from '../../db/connection';
import { writeAudit } from '../../db/audit';
import { nextNumber } from '../../db/counters';
import { retryingTransaction } from '../../db/dialect';
import { AppError, conflict, rule } from '../../errors';
import { businessToday } from '../accounts/service';
import { insertedId } from '../cashier/queries';
import { getCompany } from '../setup/service';
import { getExpense, loadFund, loadOpenFund, type FundRow } from './queries';
import { documentNumber } from './rules';
import { checkOutflow, type Outflow } from './spending';
import { discardSupport, storeSupport, supportColumns, type SupportUpload } from './supports';
import { requireCustodianOrCoordinator, type Worker } from './worker';

/** The checks of an expense without saving it: the refusal's message or null, and the warnings. */
export async function checkExpense(db: Knex, worker: Worker, input: ParsedInput<'pettyCash.checkExpense'>): Promise<ExpenseCheck> {
  const fund = await loadFund(db, input.fundId);
  const { currency } = await getCompany(db);
  try {
    const open = await loadOpenFund(db, input.fundId);
    requireCustodianOrCoordinator(worker, open);
    const { warnings } = await checkOutflow(db, fund, input, { today: await businessToday(db), currency, splitCheck: true });
    return { refusal: null, warnings };
  } catch (error) {
    if (error instanceof AppError && error.code !== 'NOT_FOUND' && error.code !== 'FORBIDDEN') return { refusal: error.message, warnings: [] };
    throw error;
  }
}

/** The next voucher number of the fund's office and year, inside the transaction. */
export async function nextVoucherNumber(trx: Knex.Transaction, fund: FundRow): Promise<string> {
  const n = await nextNumber(trx, `pettycash:CM:${fund.office_code}:${fund.year}`);
  return documentNumber('CM', fund.office_code, Number(fund.year), n);
}

/** Inserts a checked expense (the caller has checked it in the same transaction); returns its id. */
export async function insertExpense(
  trx: Knex.Transaction,
  worker: Worker,
  fund: FundRow,
  input: Outflow & { payeeId: string; support: ReturnType<typeof storeSupport>; advanceId?: number; idempotencyKey?: string },
): Promise<{ id: number; row: Record<string, unknown> }> {
  const row = {
    fund_id: fund.id,
    number: await nextVoucherNumber(trx, fund),
    date: input.date,
    payee_id_type: input.payee.idType,
    payee_id_number: input.payeeId,
    payee_name: input.payee.name.trim(),
    concept: input.concept.trim(),
    budget_line_id: input.budgetLineId,
    amount: input.amount,
    withholdings: input.withholdings,
    state: input.support ? 'registrado' : 'pendiente_soporte',
    ...(input.support ? supportColumns(input.support) : {}),
    advance_id: input.advanceId ?? null,
    idempotency_key: input.idempotencyKey ?? null,
    created_by: worker.userId,
    created_by_name: worker.fullName,
    created_at: nowTimestamp(),
  };
  const [inserted] = await trx('petty_cash_expenses').insert(row).returning('id');
  return { id: insertedId(inserted), row };
}

/** what makes two requests with one idempotency key the same expense */
export interface ExpenseRequest {
  fundId: number;
  date: string;
  amount: number;
  budgetLineId: number;
  concept: string;
}

/**
 * The expense a key already recorded (a double Enter or a resend), or null. A key re-sent with other
 * data (another fund — of this office or another —, date, amount, budget line or concept) is a
 * conflict, never the first voucher (issue 12: as the till's payments).
 */
export async function expenseOfKey(db: Knex, idempotencyKey: string | undefined, request: ExpenseRequest): Promise<number | null> {
  const key = idempotencyKey?.replace(/-/g, '');
  if (!key) return null;
  const done: { id: number; fund_id: number; date: string; amount: number | string; budget_line_id: number; concept: string; number: string } | undefined = await db('petty_cash_expenses')
    .where({ idempotency_key: key })
    .first('id', 'fund_id', 'date', 'amount', 'budget_line_id', 'concept', 'number');
  if (!done) return null;
  const same =
    Number(done.fund_id) === request.fundId &&
    done.date === request.date &&
    Number(done.amount) === request.amount &&
    Number(done.budget_line_id) === request.budgetLineId &&
    done.concept === request.concept.trim();
  if (!same) {
    // the voucher's number only when it is of the same fund: another office learns nothing
    const which = Number(done.fund_id) === request.fundId ? ` para el comprobante ${done.number}` : '';
    throw conflict(`Esta operación ya se envió${which} con otros datos: no se registró de nuevo. Revise el gasto y regístrelo otra vez.`);
  }
  return Number(done.id);
}

export async function recordExpense(app: BackOffice, worker: Worker, input: ParsedInput<'pettyCash.recordExpense'>): Promise<{ expenseId: number; warnings: string[] }> {
  const db = app.db;
  const key = input.idempotencyKey?.replace(/-/g, '');
  const recorded = await expenseOfKey(db, input.idempotencyKey, input);
  if (recorded !== null) return { expenseId: recorded, warnings: [] };
  const fundForYear = await loadFund(db, input.fundId);
  const { currency } = await getCompany(db);
  const today = await businessToday(db);
  const support = storeSupport(app.dataDir, Number(fundForYear.year), input.support as SupportUpload | undefined);
  try {
    return await retryingTransaction(db, async (trx) => {
      const done = await expenseOfKey(trx, key, input);
      if (done !== null) return { expenseId: done, warnings: [] };
      const fund = await loadOpenFund(trx, input.fundId);
      requireCustodianOrCoordinator(worker, fund);
      const checked = await checkOutflow(trx, fund, input, { today, currency, splitCheck: true });
      const { id, row } = await insertExpense(trx, worker, fund, { ...input, payeeId: checked.payeeId, support, idempotencyKey: key });
      await writeAudit(trx, worker.actor, { action: 'pettyCash.recordExpense', entity: 'petty_cash_expense', entityId: id, after: { ...row, warnings: checked.warnings } });
      return { expenseId: id, warnings: checked.warnings };
    });
  } catch (error) {
    discardSupport(app.dataDir, support);
    throw error;
  }
}

/** Attaches (or replaces) the support: a pending voucher becomes 'registrado'; a rejected one keeps its state to be asked again. */
export async function attachSupport(app: BackOffice, worker: Worker, input: ParsedInput<'pettyCash.attachSupport'>): Promise<number> {
  const db = app.db;
  const expense = await getExpense(db, input.expenseId);
  const fundForYear = await loadFund(db, expense.fundId);
  const support = storeSupport(app.dataDir, Number(fundForYear.year), input.support);
  try {
    return await retryingTransaction(db, async (trx) => {
      const fund = await loadOpenFund(trx, expense.fundId);
      requireCustodianOrCoordinator(worker, fund);
      const current = await getExpense(trx, expense.id);
      if (!['pendiente_soporte', 'registrado', 'rechazado'].includes(current.state)) {
        throw rule(`El comprobante ${current.number} ya está en un reembolso o cerrado: su soporte no se puede cambiar.`);
      }
      const change = { ...(support ? supportColumns(support) : {}), state: current.state === 'pendiente_soporte' ? 'registrado' : current.state };
      await trx('petty_cash_expenses').where({ id: current.id }).update(change);
      await writeAudit(trx, worker.actor, {
        action: 'pettyCash.attachSupport',
        entity: 'petty_cash_expense',
        entityId: current.id,
        before: { state: current.state, support: current.support },
        after: { state: change.state, support: { fileName: support?.fileName, sha256: support?.sha256 } },
      });
      return current.id;
    });
  } catch (error) {
    discardSupport(app.dataDir, support);
    throw error;
  }
}
