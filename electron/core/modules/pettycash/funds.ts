/** Setting up the fund of an office for a year (the resolution) and changing its rules. */
import type { Knex } from 'knex';
import type { ParsedInput } from '../../../../shared/contract';
import { formatMoney } from '../../../../shared/money';
import { nowTimestamp } from '../../db/connection';
import { writeAudit } from '../../db/audit';
import { retryingTransaction } from '../../db/dialect';
import { conflict, invalid, notFound, rule } from '../../errors';
import { businessToday } from '../accounts/service';
import { insertedId, isUniqueViolation, bool } from '../cashier/queries';
import { getCompany } from '../setup/service';
import { loadOpenFund, toFund, loadFund, fundLabel } from './queries';
import { requireCoordinatorOf, type Worker } from './worker';

/** the custodian must be an active user of the fund's office */
async function checkCustodian(db: Knex, custodianId: number, officeId: number): Promise<void> {
  const user: { office_id: number; active: unknown; full_name: string } | undefined = await db('users').where({ id: custodianId }).first('office_id', 'active', 'full_name');
  if (!user) throw notFound('El usuario custodio');
  if (!bool(user.active)) throw rule(`${user.full_name} está inactivo: no puede custodiar la caja menor.`);
  if (user.office_id !== officeId) throw rule(`${user.full_name} no pertenece a la oficina de la caja menor.`);
}

function cleanConcepts(list: readonly string[]): string[] {
  return [...new Set(list.map((c) => c.trim()).filter((c) => c !== ''))];
}

export async function openFund(db: Knex, worker: Worker, input: ParsedInput<'pettyCash.openFund'>): Promise<number> {
  const office: { id: number; code: string } | undefined = await db('offices').where({ id: input.officeId }).first('id', 'code');
  if (!office) throw notFound('La oficina');
  requireCoordinatorOf(worker, { office_id: office.id });
  const { currency } = await getCompany(db);
  const today = await businessToday(db);
  const years = new Set([Number(input.resolutionDate.slice(0, 4)), Number(today.slice(0, 4))]);
  if (!years.has(input.year)) throw invalid(`El año de la caja menor (${input.year}) debe ser el de la resolución o el actual.`, { year: 'Año inválido' });
  if (input.resolutionDate > today) throw invalid('La fecha de la resolución es posterior a hoy.', { resolutionDate: 'Fecha futura' });
  const codes = input.budgetLines.map((l) => l.code.trim().toUpperCase());
  const repeated = codes.find((c, i) => codes.indexOf(c) !== i);
  if (repeated) throw invalid(`El rubro ${repeated} está repetido.`, { budgetLines: 'Rubro repetido' });
  const linesTotal = input.budgetLines.reduce((s, l) => s + l.limit, 0);
  if (linesTotal > input.amount) {
    throw rule(`Los límites de los rubros suman ${formatMoney(linesTotal, currency)}, más que el monto de la caja menor (${formatMoney(input.amount, currency)}).`);
  }
  if (input.maxPerExpense > input.amount) throw rule('El máximo por gasto no puede superar el monto de la caja menor.');
  return retryingTransaction(db, async (trx) => {
    await checkCustodian(trx, input.custodianId, office.id);
    const open = await trx('petty_cash_funds').where({ office_id: office.id, state: 'abierta' }).first('year');
    if (open) throw conflict(`La oficina ${office.code} ya tiene una caja menor abierta (${open.year}): legalícela antes de abrir otra.`);
    const row = {
      office_id: office.id,
      year: input.year,
      resolution_number: input.resolutionNumber,
      resolution_date: input.resolutionDate,
      amount: input.amount,
      custodian_id: input.custodianId,
      threshold_percent: input.thresholdPercent,
      max_per_expense: input.maxPerExpense,
      forbidden_concepts_json: JSON.stringify(cleanConcepts(input.forbiddenConcepts)),
      state: 'abierta',
      opened_by: worker.userId,
      opened_at: nowTimestamp(),
    };
    let fundId: number;
    try {
      const [inserted] = await trx('petty_cash_funds').insert(row).returning('id');
      fundId = insertedId(inserted);
    } catch (error) {
      if (isUniqueViolation(error, 'petty_cash_funds')) throw conflict(`La oficina ${office.code} ya tiene una caja menor abierta.`);
      throw error;
    }
    const lines = input.budgetLines.map((l, i) => ({ fund_id: fundId, code: codes[i], name: l.name, limit_amount: l.limit }));
    await trx('petty_cash_budget_lines').insert(lines);
    await writeAudit(trx, worker.actor, { action: 'pettyCash.openFund', entity: 'petty_cash_fund', entityId: fundId, after: { ...row, budgetLines: lines } });
    return fundId;
  });
}

export async function updateFund(db: Knex, worker: Worker, input: ParsedInput<'pettyCash.updateFund'>): Promise<number> {
  const { currency } = await getCompany(db);
  return retryingTransaction(db, async (trx) => {
    const fund = await loadOpenFund(trx, input.fundId);
    requireCoordinatorOf(worker, fund);
    await checkCustodian(trx, input.custodianId, fund.office_id);
    if (input.maxPerExpense > Number(fund.amount)) {
      throw rule(`El máximo por gasto no puede superar el monto de la caja menor ${fundLabel(fund)} (${formatMoney(Number(fund.amount), currency)}).`);
    }
    const before = toFund(fund);
    const change = {
      custodian_id: input.custodianId,
      threshold_percent: input.thresholdPercent,
      max_per_expense: input.maxPerExpense,
      forbidden_concepts_json: JSON.stringify(cleanConcepts(input.forbiddenConcepts)),
    };
    await trx('petty_cash_funds').where({ id: fund.id }).update(change);
    const after = toFund(await loadFund(trx, fund.id));
    await writeAudit(trx, worker.actor, { action: 'pettyCash.updateFund', entity: 'petty_cash_fund', entityId: fund.id, before, after });
    return fund.id;
  });
}
