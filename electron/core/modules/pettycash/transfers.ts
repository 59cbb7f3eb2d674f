/**
 * Cash between a till's open session and the fund, written in both modules in one transaction: a
 * cash movement of the session with reason 'traslado_caja_menor' (so it shows in the cashier's
 * closing report: 'salida' when the till funds the box, 'entrada' when the box gives cash back) and
 * a transfer row of the fund. A transfer changes what the fund should hold: available and the
 * arqueo's expected go up by till → fund and down by fund → till.
 * The movement is the cashier's own (modules/cashier/movements.ts insertMovement, in this transaction).
 */
import type { Knex } from 'knex';
import type { ParsedInput } from '../../../../shared/contract';
import { formatMoney } from '../../../../shared/money';
import { nowTimestamp } from '../../db/connection';
import { writeAudit } from '../../db/audit';
import { retryingTransaction } from '../../db/dialect';
import { rule } from '../../errors';
import { insertMovement } from '../cashier/movements';
import { insertedId, requireOpenSession } from '../cashier/queries';
import { getCompany } from '../setup/service';
import { fundFigures, fundLabel, loadOpenFund } from './queries';
import type { Worker } from './worker';

export async function tillTransfer(db: Knex, worker: Worker, input: ParsedInput<'pettyCash.tillTransfer'>): Promise<number> {
  const { currency } = await getCompany(db);
  const money = (n: number) => formatMoney(n, currency);
  return retryingTransaction(db, async (trx) => {
    const fund = await loadOpenFund(trx, input.fundId);
    if (worker.userId === null) throw rule('El traslado se hace desde una caja (turno) abierta: no desde la línea de comandos.');
    const session = await requireOpenSession(trx, worker.userId);
    if (session.office_id !== fund.office_id) throw rule('La caja abierta es de otra oficina que la caja menor.');
    if (input.direction === 'fondo_a_caja') {
      const { available } = await fundFigures(trx, fund);
      if (input.amount > available) throw rule(`La caja menor solo tiene ${money(Math.max(0, available))} disponibles en efectivo.`);
    }
    const at = nowTimestamp();
    const kind = input.direction === 'caja_a_fondo' ? 'salida' : 'entrada';
    const note = `Caja menor ${fundLabel(fund)}${input.note ? `: ${input.note}` : ''}`.slice(0, 300);
    const movementId = await insertMovement(trx, { ...worker.actor, userId: worker.userId }, session, { kind, amount: input.amount, reason: 'traslado_caja_menor', note }, currency);
    const row = {
      fund_id: fund.id,
      at,
      direction: input.direction,
      amount: input.amount,
      user_id: worker.userId,
      session_id: session.id,
      till_id: session.till_id,
      cash_movement_id: movementId,
      note: input.note,
    };
    const [inserted] = await trx('petty_cash_transfers').insert(row).returning('id');
    const id = insertedId(inserted);
    await writeAudit(trx, worker.actor, { action: 'pettyCash.tillTransfer', entity: 'petty_cash_transfer', entityId: id, after: row });
    return id;
  });
}
