/**
 * Advances (anticipos): cash handed out before the invoice exists. While open it counts against its
 * line and the fund. Settled with the invoice: the expense is the invoice's amount (linked to the
 * advance); when the invoice is smaller the change comes back (returned = advance − invoice); when it
 * is larger the difference is paid from the fund and must fit in the line and the fund.
 */
import type { Knex } from 'knex';
import type { ParsedInput } from '../../../../shared/contract';
import type { BackOffice } from '../../context';
import { formatMoney } from '../../../../shared/money';
import { nowTimestamp } from '../../db/connection';
import { writeAudit } from '../../db/audit';
import { nextNumber } from '../../db/counters';
import { retryingTransaction } from '../../db/dialect';
import { invalid, rule } from '../../errors';
import { businessToday } from '../accounts/service';
import { insertedId } from '../cashier/queries';
import { getCompany } from '../setup/service';
import { insertExpense } from './expenses';
import { getAdvance, loadFund, loadOpenFund } from './queries';
import { documentNumber } from './rules';
import { checkOutflow } from './spending';
import { discardSupport, storeSupport } from './supports';
import { requireCustodianOrCoordinator, type Worker } from './worker';

export async function giveAdvance(db: Knex, worker: Worker, input: ParsedInput<'pettyCash.giveAdvance'>): Promise<number> {
  const { currency } = await getCompany(db);
  const today = await businessToday(db);
  return retryingTransaction(db, async (trx) => {
    const fund = await loadOpenFund(trx, input.fundId);
    requireCustodianOrCoordinator(worker, fund);
    const checked = await checkOutflow(trx, fund, { ...input, withholdings: 0 }, { today, currency, splitCheck: false });
    const n = await nextNumber(trx, `pettycash:AN:${fund.office_code}:${fund.year}`);
    const row = {
      fund_id: fund.id,
      number: documentNumber('AN', fund.office_code, Number(fund.year), n),
      date: input.date,
      payee_id_type: input.payee.idType,
      payee_id_number: checked.payeeId,
      payee_name: input.payee.name.trim(),
      concept: input.concept.trim(),
      budget_line_id: input.budgetLineId,
      amount: input.amount,
      state: 'abierto',
      created_by: worker.userId,
      created_at: nowTimestamp(),
    };
    const [inserted] = await trx('petty_cash_advances').insert(row).returning('id');
    const id = insertedId(inserted);
    await writeAudit(trx, worker.actor, { action: 'pettyCash.giveAdvance', entity: 'petty_cash_advance', entityId: id, after: row });
    return id;
  });
}

export async function settleAdvance(app: BackOffice, worker: Worker, input: ParsedInput<'pettyCash.settleAdvance'>): Promise<{ advanceId: number; expenseId: number }> {
  const db = app.db;
  const { currency } = await getCompany(db);
  const money = (n: number) => formatMoney(n, currency);
  const today = await businessToday(db);
  const first = await getAdvance(db, input.advanceId, today);
  const fundForYear = await loadFund(db, first.fundId);
  const support = storeSupport(app.dataDir, Number(fundForYear.year), input.support);
  try {
    return await retryingTransaction(db, async (trx) => {
      const fund = await loadOpenFund(trx, first.fundId);
      requireCustodianOrCoordinator(worker, fund);
      const advance = await getAdvance(trx, input.advanceId, today);
      if (advance.state !== 'abierto') throw rule(`El anticipo ${advance.number} ya fue legalizado.`);
      if (input.date < advance.date) throw invalid(`La legalización no puede ser anterior al anticipo (${advance.date}).`, { date: 'Fecha anterior al anticipo' });
      const expectedReturn = Math.max(0, advance.amount - input.invoiceAmount);
      if (input.returnedCash !== expectedReturn) {
        throw rule(
          expectedReturn > 0
            ? `El anticipo fue de ${money(advance.amount)} y la factura de ${money(input.invoiceAmount)}: deben devolverse ${money(expectedReturn)}, no ${money(input.returnedCash)}.`
            : `La factura (${money(input.invoiceAmount)}) no es menor que el anticipo (${money(advance.amount)}): no hay cambio que devolver.`,
        );
      }
      const outflow = {
        date: input.date,
        payee: advance.payee,
        concept: advance.concept,
        budgetLineId: advance.budgetLineId,
        amount: input.invoiceAmount,
        withholdings: input.withholdings,
      };
      const checked = await checkOutflow(trx, fund, outflow, { today, currency, reserved: advance.amount, splitCheck: false });
      const { id: expenseId, row } = await insertExpense(trx, worker, fund, { ...outflow, payeeId: checked.payeeId, support, advanceId: advance.id });
      await trx('petty_cash_advances').where({ id: advance.id }).update({ state: 'legalizado', settled_expense_id: expenseId, returned_cash: input.returnedCash });
      await writeAudit(trx, worker.actor, { action: 'pettyCash.recordExpense', entity: 'petty_cash_expense', entityId: expenseId, after: row });
      await writeAudit(trx, worker.actor, {
        action: 'pettyCash.settleAdvance',
        entity: 'petty_cash_advance',
        entityId: advance.id,
        before: { state: 'abierto' },
        after: { state: 'legalizado', settledExpenseId: expenseId, invoiceAmount: input.invoiceAmount, returnedCash: input.returnedCash },
      });
      return { advanceId: advance.id, expenseId };
    });
  } catch (error) {
    discardSupport(app.dataDir, support);
    throw error;
  }
}
