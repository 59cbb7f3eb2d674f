/**
 * The checks every outflow of the fund passes (an expense, an advance, the settlement of an
 * advance), in the order a custodian would want to hear them: the line, the date, the amount
 * against the per-expense maximum, the concept, the payee's id, the line's and the fund's available
 * money. Refusals are Spanish AppErrors; the split-purchase warning is returned, never refused.
 */
import type { Knex } from 'knex';
import type { PayeeIdType } from '../../../../shared/contract';
import { formatDate } from '../../../../shared/dates';
import { formatMoney, type CurrencyCode } from '../../../../shared/money';
import { invalid, notFound, rule } from '../../errors';
import { fundFigures, type FundRow, type LineRow } from './queries';
import { forbiddenConceptIn, normalizePayeeId } from './rules';

export interface Outflow {
  date: string;
  payee: { idType: PayeeIdType; idNumber: string; name: string };
  concept: string;
  budgetLineId: number;
  amount: number;
  withholdings: number;
}

export interface CheckedOutflow {
  line: LineRow;
  /** the payee's id as stored */
  payeeId: string;
  warnings: string[];
}

/**
 * Checks an outflow against the fund. `reserved` is money already counted against the fund and
 * the line for this act (the advance being settled): only the part above it must fit.
 * `splitCheck` adds the split-purchase warning (expenses only).
 */
export async function checkOutflow(
  db: Knex,
  fund: FundRow,
  input: Outflow,
  options: { today: string; currency: CurrencyCode; reserved?: number; splitCheck: boolean },
): Promise<CheckedOutflow> {
  const money = (n: number) => formatMoney(n, options.currency);
  const line: LineRow | undefined = await db('petty_cash_budget_lines').where({ id: input.budgetLineId, fund_id: fund.id }).first();
  if (!line) throw notFound('El rubro de esta caja menor');
  if (input.date > options.today) throw invalid(`La fecha ${formatDate(input.date)} es posterior a hoy (${formatDate(options.today)}).`, { date: 'Fecha futura' });
  if (Number(input.date.slice(0, 4)) !== Number(fund.year)) {
    throw invalid(`La fecha ${formatDate(input.date)} no es del año de la caja menor (${fund.year}).`, { date: 'Fuera del año de la caja menor' });
  }
  if (fund.closed_through && input.date < fund.closed_through) {
    throw invalid(`El periodo anterior al ${formatDate(fund.closed_through)} está cerrado (último reembolso aprobado): use esa fecha o una posterior.`, { date: 'Periodo cerrado' });
  }
  if (input.withholdings >= input.amount) throw invalid('Las retenciones deben ser menores que el valor del gasto.', { withholdings: 'Retenciones mayores que el valor' });
  const max = Number(fund.max_per_expense);
  if (input.amount > max) throw rule(`El valor ${money(input.amount)} supera el máximo por gasto de la caja menor (${money(max)}).`);
  const forbidden = forbiddenConceptIn(input.concept, JSON.parse(fund.forbidden_concepts_json) as string[]);
  if (forbidden) throw rule(`El concepto «${input.concept}» no se puede pagar por caja menor: «${forbidden}» es un concepto prohibido.`);
  const payeeId = normalizePayeeId(input.payee.idType, input.payee.idNumber);

  const figures = await fundFigures(db, fund);
  const needed = input.amount - (options.reserved ?? 0);
  const lineStatus = figures.lines.find((l) => l.id === line.id);
  if (needed > 0 && lineStatus && needed > lineStatus.available) {
    throw rule(`El rubro ${line.code} ${line.name} solo tiene disponible ${money(Math.max(0, lineStatus.available))}; el gasto necesita ${money(needed)}.`);
  }
  if (needed > 0 && needed > figures.available) {
    throw rule(`La caja menor solo tiene ${money(Math.max(0, figures.available))} disponibles en efectivo; el gasto necesita ${money(needed)}.`);
  }

  const warnings: string[] = [];
  if (options.splitCheck) {
    const same: { amount: number | string }[] = await db('petty_cash_expenses').where({ fund_id: fund.id, payee_id_number: payeeId, date: input.date }).select('amount');
    if (same.length > 0) {
      const before = same.reduce((s, r) => s + Number(r.amount), 0);
      if (before + input.amount > max) {
        const count = same.length === 1 ? 'un gasto' : `${same.length} gastos`;
        warnings.push(
          `Ya hay ${count} a ${input.payee.name.trim()} el ${formatDate(input.date)} por ${money(before)}; con este suman ${money(before + input.amount)}, más que el máximo por gasto (${money(max)}): ¿es una compra fraccionada?`,
        );
      }
    }
  }
  return { line, payeeId, warnings };
}
