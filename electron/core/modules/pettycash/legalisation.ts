/**
 * Year-end legalisation: the coordinator closes the fund for good. Refused while a reimbursement is
 * pending, an advance is open or a voucher lacks its support. The unreimbursed vouchers become
 * 'legalizado' (listed in the final report); the cash handed back is recorded against the available
 * cash: a difference is not refused but must be explained in the note, and is recorded (returned −
 * available, negative a faltante) and printed. From then on every act on the fund is refused.
 */
import type { Knex } from 'knex';
import type { ParsedInput } from '../../../../shared/contract';
import { formatDate } from '../../../../shared/dates';
import { formatMoney } from '../../../../shared/money';
import { nowTimestamp } from '../../db/connection';
import { writeAudit } from '../../db/audit';
import { retryingTransaction } from '../../db/dialect';
import { invalid, rule } from '../../errors';
import { businessToday } from '../accounts/service';
import { getCompany } from '../setup/service';
import { fundFigures, loadOpenFund } from './queries';
import { requireCoordinatorOf, type Worker } from './worker';

export async function legalize(db: Knex, worker: Worker, input: ParsedInput<'pettyCash.legalize'>): Promise<number> {
  const { currency } = await getCompany(db);
  const money = (n: number) => formatMoney(n, currency);
  const today = await businessToday(db);
  return retryingTransaction(db, async (trx) => {
    const fund = await loadOpenFund(trx, input.fundId);
    requireCoordinatorOf(worker, fund);
    if (input.date > today) throw invalid(`La fecha ${formatDate(input.date)} es posterior a hoy.`, { date: 'Fecha futura' });
    if (fund.closed_through && input.date < fund.closed_through) throw invalid(`La fecha no puede ser anterior al ${formatDate(fund.closed_through)} (último reembolso aprobado).`, { date: 'Fecha anterior' });
    const pending = await trx('petty_cash_reimbursements').where({ fund_id: fund.id, state: 'solicitado' }).first('number');
    if (pending) throw rule(`El reembolso ${pending.number} está pendiente: decídalo antes de legalizar la caja menor.`);
    const openAdvances: { number: string }[] = await trx('petty_cash_advances').where({ fund_id: fund.id, state: 'abierto' }).select('number');
    if (openAdvances.length > 0) throw rule(`Hay anticipos abiertos (${openAdvances.map((a) => a.number).join(', ')}): legalícelos antes de cerrar la caja menor.`);
    const unsupported: { number: string }[] = await trx('petty_cash_expenses').where({ fund_id: fund.id, state: 'pendiente_soporte' }).select('number');
    if (unsupported.length > 0) throw rule(`Hay comprobantes sin soporte (${unsupported.map((e) => e.number).join(', ')}): adjúntelos antes de legalizar.`);
    const figures = await fundFigures(trx, fund);
    const difference = input.returnedCash - figures.available;
    if (difference !== 0 && !input.note) {
      throw invalid(
        `Se devuelven ${money(input.returnedCash)} y en la caja menor debería haber ${money(figures.available)} (${difference < 0 ? 'faltante' : 'sobrante'} de ${money(Math.abs(difference))}): explique la diferencia en la nota.`,
        { returnedCash: 'Diferencia sin explicar' },
      );
    }
    const legalised: { id: number }[] = await trx('petty_cash_expenses').where({ fund_id: fund.id }).whereIn('state', ['registrado', 'rechazado']).select('id');
    await trx('petty_cash_expenses').whereIn('id', legalised.map((e) => e.id)).update({ state: 'legalizado' });
    const change = {
      state: 'legalizada',
      closed_at: nowTimestamp(),
      closed_through: input.date,
      legalized_on: input.date,
      legalized_by: worker.userId,
      returned_cash: input.returnedCash,
      legalization_difference: difference,
      legalization_note: input.note,
    };
    await trx('petty_cash_funds').where({ id: fund.id }).update(change);
    await writeAudit(trx, worker.actor, {
      action: 'pettyCash.legalize',
      entity: 'petty_cash_fund',
      entityId: fund.id,
      before: { state: 'abierta', available: figures.available },
      after: { ...change, legalisedExpenseIds: legalised.map((e) => e.id) },
    });
    return fund.id;
  });
}
