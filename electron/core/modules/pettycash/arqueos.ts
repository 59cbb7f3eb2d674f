/**
 * The arqueo: a coordinator of the fund's office (or an administrator), never its custodian, counts
 * the cash by denomination plus the voucher and advance papers on hand. What they should add up to is the fund's amount adjusted by the transfers
 * with the till (money only changes form inside the box: cash becomes a voucher or an advance, a
 * reimbursement turns vouchers back into cash). difference = counted − expected: negative is a
 * faltante, positive a sobrante; it is recorded, never adjusted. The books at that moment (cash,
 * vouchers, advances) are kept beside the count for the acta.
 */
import type { Knex } from 'knex';
import type { ParsedInput } from '../../../../shared/contract';
import { countTotal } from '../../../../shared/denominations';
import { nowTimestamp } from '../../db/connection';
import { writeAudit } from '../../db/audit';
import { retryingTransaction } from '../../db/dialect';
import { invalid } from '../../errors';
import { insertedId } from '../cashier/queries';
import { getCompany } from '../setup/service';
import { fundFigures, loadOpenFund } from './queries';
import { requireArqueoCounter, type Worker } from './worker';

export async function recordArqueo(db: Knex, worker: Worker, input: ParsedInput<'pettyCash.arqueo'>): Promise<number> {
  const { currency } = await getCompany(db);
  let cash: number;
  try {
    cash = countTotal(currency, input.cash);
  } catch (error) {
    throw invalid((error as Error).message, { cash: 'Denominación inexistente' });
  }
  return retryingTransaction(db, async (trx) => {
    const fund = await loadOpenFund(trx, input.fundId);
    requireArqueoCounter(worker, fund);
    const figures = await fundFigures(trx, fund);
    const expected = figures.amount + figures.netTransfers;
    const counted = cash + input.vouchersOnHand + input.advancesOnHand;
    const row = {
      fund_id: fund.id,
      at: nowTimestamp(),
      counted_by: worker.userId,
      counted_by_name: worker.fullName,
      custodian_id: fund.custodian_id,
      surprise: input.surprise,
      cash_count_json: JSON.stringify(input.cash.filter((c) => c.quantity > 0)),
      cash,
      vouchers_on_hand: input.vouchersOnHand,
      advances_on_hand: input.advancesOnHand,
      expected,
      difference: counted - expected,
      system_cash: figures.available,
      system_vouchers: figures.unreimbursed,
      system_advances: figures.openAdvances,
      note: input.note,
    };
    const [inserted] = await trx('petty_cash_arqueos').insert(row).returning('id');
    const id = insertedId(inserted);
    await writeAudit(trx, worker.actor, { action: 'pettyCash.arqueo', entity: 'petty_cash_arqueo', entityId: id, after: row });
    return id;
  });
}
