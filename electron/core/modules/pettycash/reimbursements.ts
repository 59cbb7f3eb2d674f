/**
 * Reimbursement (reembolso). The custodian asks for the vouchers chosen (each with its support:
 * 'registrado', or 'rechazado' once fixed — a voucher rejected in an earlier request may be asked
 * again); they go 'en_reembolso'. One pending request per fund. The coordinator — never the
 * custodian — decides:
 *   approve: the approved vouchers become 'reembolsado' (they stop counting as spent, so the fund's
 *     available cash and the lines are restored by the approved total); the ones rejected with a
 *     reason become 'rechazado' (still spent, back with the custodian); closedThrough moves to the
 *     latest approved voucher date (earlier dates are refused from then on).
 *   reject all (with a note): every voucher goes back to 'registrado' with the note as its reason.
 */
import type { Knex } from 'knex';
import type { ParsedInput } from '../../../../shared/contract';
import { nowTimestamp } from '../../db/connection';
import { writeAudit } from '../../db/audit';
import { nextNumber } from '../../db/counters';
import { retryingTransaction } from '../../db/dialect';
import { AppError, conflict, invalid, notFound, rule } from '../../errors';
import { insertedId, isUniqueViolation } from '../cashier/queries';
import { getReimbursement, loadOpenFund } from './queries';
import { documentNumber } from './rules';
import { requireCoordinatorOf, requireCustodianOrCoordinator, type Worker } from './worker';

interface ChosenRow {
  id: number;
  fund_id: number;
  number: string;
  state: string;
  amount: number | string;
  date: string;
}

export async function requestReimbursement(db: Knex, worker: Worker, input: ParsedInput<'pettyCash.requestReimbursement'>): Promise<number> {
  const ids = [...new Set(input.expenseIds)];
  return retryingTransaction(db, async (trx) => {
    const fund = await loadOpenFund(trx, input.fundId);
    requireCustodianOrCoordinator(worker, fund);
    const pending = await trx('petty_cash_reimbursements').where({ fund_id: fund.id, state: 'solicitado' }).first('number');
    if (pending) throw conflict(`Ya hay un reembolso pendiente (${pending.number}): espere la decisión del coordinador.`);
    const rows: ChosenRow[] = await trx('petty_cash_expenses').whereIn('id', ids).select('id', 'fund_id', 'number', 'state', 'amount', 'date');
    for (const id of ids) {
      const row = rows.find((r) => r.id === id);
      if (!row || row.fund_id !== fund.id) throw notFound(`El comprobante ${id} de esta caja menor`);
    }
    for (const row of rows.sort((a, b) => a.id - b.id)) {
      if (row.state === 'pendiente_soporte') throw rule(`El comprobante ${row.number} no tiene soporte: adjúntelo antes de pedir el reembolso.`);
      if (row.state !== 'registrado' && row.state !== 'rechazado') throw rule(`El comprobante ${row.number} ya está en un reembolso o cerrado.`);
    }
    const total = rows.reduce((s, r) => s + Number(r.amount), 0);
    const n = await nextNumber(trx, `pettycash:RE:${fund.office_code}:${fund.year}`);
    const row = {
      fund_id: fund.id,
      number: documentNumber('RE', fund.office_code, Number(fund.year), n),
      state: 'solicitado',
      requested_by: worker.userId,
      requested_at: nowTimestamp(),
      note: '',
      total,
    };
    let id: number;
    try {
      const [inserted] = await trx('petty_cash_reimbursements').insert(row).returning('id');
      id = insertedId(inserted);
    } catch (error) {
      if (isUniqueViolation(error, 'petty_cash_reimbursements')) throw conflict('Ya hay un reembolso pendiente en esta caja menor.');
      throw error;
    }
    await trx('petty_cash_reimbursement_items').insert(rows.map((r) => ({ reimbursement_id: id, expense_id: r.id, amount: Number(r.amount), outcome: 'solicitado' })));
    await trx('petty_cash_expenses').whereIn('id', ids).update({ state: 'en_reembolso', reimbursement_id: id, rejected_reason: null });
    await writeAudit(trx, worker.actor, { action: 'pettyCash.requestReimbursement', entity: 'petty_cash_reimbursement', entityId: id, after: { ...row, expenseIds: ids } });
    return id;
  });
}

export async function decideReimbursement(db: Knex, worker: Worker, input: ParsedInput<'pettyCash.decideReimbursement'>): Promise<number> {
  return retryingTransaction(db, async (trx) => {
    const request = await getReimbursement(trx, input.reimbursementId);
    const fund = await loadOpenFund(trx, request.fundId);
    requireCoordinatorOf(worker, fund);
    if (worker.userId !== null && worker.userId === fund.custodian_id) {
      throw new AppError('FORBIDDEN', 'Quien custodia la caja menor no puede decidir su propio reembolso: debe hacerlo otro coordinador.');
    }
    if (request.state !== 'solicitado') throw rule(`El reembolso ${request.number} ya fue decidido.`);
    const decidedAt = nowTimestamp();
    const inRequest = new Set(request.expenses.map((e) => e.id));
    if (!input.approve) {
      if (!input.note) throw invalid('Indique el motivo del rechazo del reembolso.', { note: 'Obligatorio' });
      await trx('petty_cash_expenses').whereIn('id', [...inRequest]).update({ state: 'registrado', rejected_reason: input.note });
      await trx('petty_cash_reimbursement_items').where({ reimbursement_id: request.id }).update({ outcome: 'rechazado', rejected_reason: input.note });
      await trx('petty_cash_reimbursements').where({ id: request.id }).update({ state: 'rechazado', decided_by: worker.userId, decided_at: decidedAt, note: input.note, approved_total: 0 });
      await writeAudit(trx, worker.actor, { action: 'pettyCash.rejectReimbursement', entity: 'petty_cash_reimbursement', entityId: request.id, before: { state: 'solicitado' }, after: { state: 'rechazado', note: input.note } });
      return request.id;
    }
    const rejected = new Map<number, string>();
    for (const r of input.rejected) {
      if (!inRequest.has(r.expenseId)) throw invalid(`El comprobante ${r.expenseId} no está en el reembolso ${request.number}.`, { rejected: 'Comprobante ajeno' });
      rejected.set(r.expenseId, r.reason);
    }
    const approved = request.expenses.filter((e) => !rejected.has(e.id));
    if (approved.length === 0) throw rule('Todos los comprobantes quedarían rechazados: rechace el reembolso completo con un motivo.');
    const approvedTotal = approved.reduce((s, e) => s + e.amount, 0);
    for (const [expenseId, reason] of rejected) {
      await trx('petty_cash_expenses').where({ id: expenseId }).update({ state: 'rechazado', rejected_reason: reason });
      await trx('petty_cash_reimbursement_items').where({ reimbursement_id: request.id, expense_id: expenseId }).update({ outcome: 'rechazado', rejected_reason: reason });
    }
    const approvedIds = approved.map((e) => e.id);
    await trx('petty_cash_expenses').whereIn('id', approvedIds).update({ state: 'reembolsado' });
    await trx('petty_cash_reimbursement_items').where({ reimbursement_id: request.id }).whereIn('expense_id', approvedIds).update({ outcome: 'aprobado' });
    const latest = (await trx('petty_cash_expenses').whereIn('id', approvedIds).max({ d: 'date' }).first()) as { d: string | null } | undefined;
    const closedThrough = [fund.closed_through ?? '', latest?.d ?? ''].sort().pop() || null;
    await trx('petty_cash_funds').where({ id: fund.id }).update({ closed_through: closedThrough });
    await trx('petty_cash_reimbursements')
      .where({ id: request.id })
      .update({ state: 'aprobado', decided_by: worker.userId, decided_at: decidedAt, note: input.note, approved_total: approvedTotal });
    await writeAudit(trx, worker.actor, {
      action: 'pettyCash.approveReimbursement',
      entity: 'petty_cash_reimbursement',
      entityId: request.id,
      before: { state: 'solicitado', closedThrough: fund.closed_through },
      after: { state: 'aprobado', approvedTotal, approvedIds, rejected: Object.fromEntries(rejected), closedThrough },
    });
    return request.id;
  });
}
