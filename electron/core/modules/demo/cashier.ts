/**
 * The demonstration company's cashier set-up: the price list of other charges (cobros varios) in
 * pesos, and one till per office printing on the 80 mm thermal roll.
 */
import type { Knex } from 'knex';

/** what a small Colombian utility charges at the counter (COP, whole pesos) */
export const DEMO_CHARGE_ITEMS = [
  { code: 'RECONEX', name: 'Reconexión del servicio', amount: 62_400 },
  { code: 'DUPFACT', name: 'Duplicado de factura', amount: 3_500 },
  { code: 'CERTIF', name: 'Expedición de certificado', amount: 8_900 },
  { code: 'VISITA', name: 'Visita técnica', amount: 35_000 },
] as const;

export const DEMO_TILL = { code: 'C1', name: 'Caja 1', receiptLayout: 'termica80' } as const;

/** Writes the price list and a "Caja 1" for each office; returns what it wrote, for the audit row. */
export async function seedCashierSetup(trx: Knex.Transaction, officeIds: number[]): Promise<{ chargeItems: number; tills: number }> {
  await trx('charge_items').insert(DEMO_CHARGE_ITEMS.map((c) => ({ ...c, active: true })));
  await trx('tills').insert(officeIds.map((officeId) => ({ office_id: officeId, code: DEMO_TILL.code, name: DEMO_TILL.name, receipt_layout: DEMO_TILL.receiptLayout, active: true })));
  return { chargeItems: DEMO_CHARGE_ITEMS.length, tills: officeIds.length };
}
