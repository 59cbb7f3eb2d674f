/**
 * Charges of a monthly water, sewer and waste bill as a Colombian utility in a cold-climate city
 * prints them (amounts in whole pesos, 2026-like tariffs of a mid-size utility; fiction, but in scale).
 */
import type { Use } from '../../../../shared/contract';

/** m3 a month billed as consumo básico above 2,000 m of altitude (Resolución CRA 750 de 2016) */
export const BASIC_M3 = 11;

const TARIFF = {
  waterFixed: 9_820,
  waterM3: 2_640,
  sewerFixed: 5_430,
  sewerM3: 2_110,
} as const;

/** The waste (aseo) charge per month, before subsidy or contribution. */
const WASTE: Record<Use, number> = { residencial: 19_800, comercial: 38_500, industrial: 96_000, oficial: 45_000, especial: 19_800 };

/** Subsidies on the basic charges for estratos 1-3 (Ley 142 art. 99; caps 70 %, 40 %, 15 %). */
const SUBSIDY: Record<number, number> = { 1: 0.6, 2: 0.4, 3: 0.15 };
/** Contribución de solidaridad (Ley 142 art. 89) for estratos 5-6, commerce and industry. */
const CONTRIBUTION_BY_ESTRATO: Record<number, number> = { 5: 0.5, 6: 0.6 };
const CONTRIBUTION_BY_USE: Partial<Record<Use, number>> = { comercial: 0.5, industrial: 0.3 };

/** monthly late-payment interest, under the usury cap */
export const MONTHLY_INTEREST = 0.019;

export interface ChargeLine {
  concept: string;
  quantity: string;
  unitValue: number;
  amount: number;
}

const line = (concept: string, quantity: number, unitValue: number): ChargeLine => ({
  concept,
  quantity: String(quantity),
  unitValue,
  amount: quantity * unitValue,
});

const single = (concept: string, amount: number): ChargeLine => ({ concept, quantity: '1', unitValue: amount, amount });

/** The charges of one month's service for an account: its own consumption, no debts. */
export function serviceCharges(use: Use, estrato: number | null, consumptionM3: number): ChargeLine[] {
  const lines: ChargeLine[] = [line('Acueducto cargo fijo', 1, TARIFF.waterFixed)];
  const basic = Math.min(consumptionM3, BASIC_M3);
  if (use === 'residencial') {
    if (basic > 0) lines.push(line('Acueducto consumo básico', basic, TARIFF.waterM3));
    if (consumptionM3 > BASIC_M3) lines.push(line('Acueducto consumo complementario', consumptionM3 - BASIC_M3, TARIFF.waterM3));
  } else if (consumptionM3 > 0) {
    lines.push(line('Acueducto consumo', consumptionM3, TARIFF.waterM3));
  }
  lines.push(line('Alcantarillado cargo fijo', 1, TARIFF.sewerFixed));
  if (consumptionM3 > 0) lines.push(line('Alcantarillado vertimiento', consumptionM3, TARIFF.sewerM3));
  lines.push(single('Aseo', WASTE[use]));

  const subsidy = use === 'residencial' && estrato ? SUBSIDY[estrato] : undefined;
  if (subsidy) {
    // only the basic needs are subsidised: fixed charges, consumo básico and aseo
    const base = TARIFF.waterFixed + TARIFF.sewerFixed + basic * (TARIFF.waterM3 + TARIFF.sewerM3) + WASTE[use];
    lines.push(single(`Subsidio estrato ${estrato}`, -Math.round(base * subsidy)));
  }
  const contribution = (estrato && use === 'residencial' ? CONTRIBUTION_BY_ESTRATO[estrato] : undefined) ?? CONTRIBUTION_BY_USE[use];
  if (contribution) {
    const base = lines.reduce((sum, l) => sum + l.amount, 0);
    lines.push(single('Contribución de solidaridad', Math.round(base * contribution)));
  }
  return lines;
}

export const previousBalanceLine = (amount: number): ChargeLine => single('Saldo anterior', amount);

export const lateInterestLine = (overdue: number): ChargeLine => single('Intereses de mora', Math.round(overdue * MONTHLY_INTEREST));
