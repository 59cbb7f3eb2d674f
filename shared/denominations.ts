/**
 * Bills and coins counted at the till (opening float, closing count, arqueo), from the table in
 * resources/tables/denominations.json. A count is a list of (kind, value, quantity); its total is
 * in the currency's minor unit.
 */
import table from '../resources/tables/denominations.json';
import type { CurrencyCode } from './money';

export type DenominationKind = 'billete' | 'moneda';

export interface Denomination {
  kind: DenominationKind;
  /** minor units */
  value: number;
}

export interface DenominationCount extends Denomination {
  quantity: number;
}

export function denominationsOf(currency: CurrencyCode): Denomination[] {
  return (table[currency] as Denomination[]).map((d) => ({ kind: d.kind, value: d.value }));
}

/**
 * Total of a count, in minor units; throws a Spanish message naming the first bill or coin that the
 * currency does not have (the caller turns it into a field error).
 */
export function countTotal(currency: CurrencyCode, count: readonly DenominationCount[]): number {
  const known = new Set(denominationsOf(currency).map((d) => `${d.kind}:${d.value}`));
  let total = 0;
  for (const line of count) {
    if (!known.has(`${line.kind}:${line.value}`)) throw new Error(`La denominación ${line.kind} de ${line.value} no existe en ${currency}`);
    total += line.value * line.quantity;
  }
  return total;
}
