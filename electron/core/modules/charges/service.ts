/**
 * The price list of other charges (cobros varios): reconexión, duplicado de factura, certificado,
 * visita técnica… kept by the administrator. The cashier adds them to an account at the counter
 * (cashier.pay's newCharges); an item no longer offered is deactivated, never deleted, because
 * charges already made point to it.
 */
import type { Knex } from 'knex';
import type { ChargeItem } from '../../../../shared/contract';
import { writeAudit, type Actor } from '../../db/audit';
import { conflict, notFound } from '../../errors';

interface ChargeItemDbRow {
  id: number;
  code: string;
  name: string;
  amount: number | string;
  active: boolean | number;
}

function toChargeItem(r: ChargeItemDbRow): ChargeItem {
  return { id: r.id, code: r.code, name: r.name, amount: Number(r.amount), active: Boolean(r.active) };
}

/** The price list by name; only the items on offer unless `includeInactive`. */
export async function listChargeItems(db: Knex, options: { includeInactive: boolean }): Promise<ChargeItem[]> {
  // the items the back office uses itself (payment agreements' down payment, installments) are not on the list
  const q = db('charge_items').where('system', false).select('id', 'code', 'name', 'amount', 'active').orderBy([{ column: 'name' }, { column: 'id' }]);
  if (!options.includeInactive) q.where('active', true);
  return (await q).map(toChargeItem);
}

export interface ChargeItemInput {
  chargeItemId?: number;
  code: string;
  name: string;
  amount: number;
  active: boolean;
}

/** Codes are kept upper-case without spaces around, so "rcx" and "RCX " are the same code. */
export function normalizeChargeCode(code: string): string {
  return code.trim().toUpperCase();
}

/** Creates an item, or changes one when `chargeItemId` is given; the code stays unique; audited. */
export async function saveChargeItem(db: Knex, actor: Actor, input: ChargeItemInput): Promise<ChargeItem> {
  const code = normalizeChargeCode(input.code);
  const values = { code, name: input.name.trim(), amount: input.amount, active: input.active };
  return db.transaction(async (trx) => {
    const clash: { id: number } | undefined = await trx('charge_items').where({ code }).first('id');
    if (clash && clash.id !== input.chargeItemId) throw conflict(`Ya existe un cobro con el código «${code}»`);
    if (input.chargeItemId === undefined) {
      const [row] = await trx('charge_items').insert(values).returning('id');
      const id = Number(typeof row === 'object' ? row.id : row);
      await writeAudit(trx, actor, { action: 'chargeItem.create', entity: 'charge_item', entityId: id, after: values });
      return { id, ...values };
    }
    const before: ChargeItemDbRow | undefined = await trx('charge_items').where({ id: input.chargeItemId, system: false }).first();
    if (!before) throw notFound('El cobro');
    await trx('charge_items').where({ id: input.chargeItemId }).update(values);
    await writeAudit(trx, actor, { action: 'chargeItem.update', entity: 'charge_item', entityId: input.chargeItemId, before: toChargeItem(before), after: values });
    return { id: input.chargeItemId, ...values };
  });
}
