import type { Knex } from 'knex';
import type { Office, OfficeInput, OfficeValues } from '../../../../shared/contract';
import { writeAudit, type Actor } from '../../db/audit';
import { conflict, notFound } from '../../errors';

interface OfficeDbRow {
  id: number;
  code: string;
  name: string;
  city: string;
  city_dane: string;
  address: string;
  phone: string;
  saturday_is_business_day: number | boolean;
  closing_time: string | null;
  active: number | boolean;
}

export function officeFromRow(r: OfficeDbRow): Office {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    city: r.city,
    cityDane: r.city_dane,
    address: r.address,
    phone: r.phone,
    saturdayIsBusinessDay: Boolean(r.saturday_is_business_day),
    closingTime: r.closing_time ?? null,
    active: Boolean(r.active),
  };
}

/** the columns of an office; a closing hour left out (undefined) is not written */
export function officeToRow(o: OfficeInput) {
  return {
    ...(o.closingTime === undefined ? {} : { closing_time: o.closingTime === '' ? null : o.closingTime }),
    code: o.code,
    name: o.name,
    city: o.city,
    city_dane: o.cityDane,
    address: o.address,
    phone: o.phone,
    saturday_is_business_day: o.saturdayIsBusinessDay,
  };
}

export async function listOffices(db: Knex): Promise<Office[]> {
  const rows: OfficeDbRow[] = await db('offices').orderBy('code');
  return rows.map(officeFromRow);
}

export async function getOffice(db: Knex, officeId: number): Promise<Office> {
  const row: OfficeDbRow | undefined = await db('offices').where({ id: officeId }).first();
  if (!row) throw notFound('La oficina');
  return officeFromRow(row);
}

/** Inserts an office inside the caller's transaction (also used by the first-start wizard). */
export async function insertOffice(trx: Knex.Transaction, actor: Actor, input: OfficeValues): Promise<Office> {
  const existing = await trx('offices').where({ code: input.code }).first('id');
  if (existing) throw conflict(`Ya existe una oficina con el código ${input.code}`);
  const [row] = await trx('offices').insert(officeToRow(input)).returning('id');
  const office = await getOffice(trx, typeof row === 'object' ? row.id : row);
  await writeAudit(trx, actor, { action: 'office.create', entity: 'office', entityId: office.id, after: office });
  return office;
}

export async function createOffice(db: Knex, actor: Actor, input: OfficeValues): Promise<Office> {
  return db.transaction((trx) => insertOffice(trx, actor, input));
}

export async function updateOffice(db: Knex, actor: Actor, officeId: number, input: OfficeValues): Promise<Office> {
  return db.transaction(async (trx) => {
    const before = await getOffice(trx, officeId);
    const clash = await trx('offices').where({ code: input.code }).whereNot({ id: officeId }).first('id');
    if (clash) throw conflict(`Ya existe una oficina con el código ${input.code}`);
    await trx('offices').where({ id: officeId }).update(officeToRow(input));
    const after = await getOffice(trx, officeId);
    await writeAudit(trx, actor, { action: 'office.update', entity: 'office', entityId: officeId, before, after });
    return after;
  });
}
