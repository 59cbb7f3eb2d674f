/** Tills (cajas) of an office: the administrator creates and edits them; receipts print in their layout. */
import type { Knex } from 'knex';
import type { ReceiptLayout, Till } from '../../../../shared/contract';
import { writeAudit, type Actor } from '../../db/audit';
import { conflict, notFound, rule } from '../../errors';
import { bool, insertedId, isUniqueViolation } from './queries';

interface TillDbRow {
  id: number;
  office_id: number;
  office_code: string;
  code: string;
  name: string;
  receipt_layout: ReceiptLayout;
  active: number | boolean;
  open_by: string | null;
}

function tillQuery(db: Knex): Knex.QueryBuilder {
  return db('tills as t')
    .join('offices as o', 'o.id', 't.office_id')
    .leftJoin('cash_sessions as s', function () {
      this.on('s.till_id', '=', 't.id').andOnVal('s.status', '=', 'abierta');
    })
    .leftJoin('users as u', 'u.id', 's.cashier_id')
    .select('t.id', 't.office_id', 'o.code as office_code', 't.code', 't.name', 't.receipt_layout', 't.active', 'u.full_name as open_by')
    .orderBy('o.code')
    .orderBy('t.code');
}

function toTill(r: TillDbRow): Till {
  return { id: r.id, officeId: r.office_id, officeCode: r.office_code, code: r.code, name: r.name, receiptLayout: r.receipt_layout, active: bool(r.active), openBy: r.open_by };
}

/** The tills of an office, or of every office when `officeId` is null. */
export async function listTills(db: Knex, officeId: number | null): Promise<Till[]> {
  const q = tillQuery(db);
  if (officeId !== null) q.where('t.office_id', officeId);
  const rows: TillDbRow[] = await q;
  return rows.map(toTill);
}

export async function getTill(db: Knex, tillId: number): Promise<Till> {
  const row: TillDbRow | undefined = await tillQuery(db).where('t.id', tillId).first();
  if (!row) throw notFound('La caja');
  return toTill(row);
}

export interface TillInput {
  tillId?: number;
  officeId: number;
  code: string;
  name: string;
  receiptLayout: ReceiptLayout;
  active: boolean;
}

const duplicateCode = (code: string) => conflict(`Ya existe una caja con el código ${code} en esta oficina.`);

/** Creates or edits a till; the code is unique per office; a till in use cannot be deactivated or moved. */
export async function saveTill(db: Knex, actor: Actor, input: TillInput): Promise<Till> {
  const code = input.code.trim().toUpperCase();
  try {
    const tillId = await db.transaction(async (trx) => {
      const office = await trx('offices').where({ id: input.officeId }).first('id');
      if (!office) throw notFound('La oficina');
      const clash = await trx('tills').where({ office_id: input.officeId, code }).modify((q) => (input.tillId ? q.whereNot('id', input.tillId) : q)).first('id');
      if (clash) throw duplicateCode(code);
      const values = { office_id: input.officeId, code, name: input.name, receipt_layout: input.receiptLayout, active: input.active };
      if (input.tillId === undefined) {
        const [row] = await trx('tills').insert(values).returning('id');
        const id = insertedId(row);
        await writeAudit(trx, actor, { action: 'till.create', entity: 'till', entityId: id, after: values });
        return id;
      }
      const before: Record<string, unknown> | undefined = await trx('tills').where({ id: input.tillId }).first();
      if (!before) throw notFound('La caja');
      const inUse = await trx('cash_sessions').where({ till_id: input.tillId, status: 'abierta' }).first('id');
      if (inUse && (!input.active || before.office_id !== input.officeId)) throw rule('La caja tiene un turno abierto: ciérrelo antes de desactivarla o cambiarla de oficina.');
      await trx('tills').where({ id: input.tillId }).update(values);
      await writeAudit(trx, actor, { action: 'till.update', entity: 'till', entityId: input.tillId, before, after: values });
      return input.tillId;
    });
    return await getTill(db, tillId);
  } catch (error) {
    if (isUniqueViolation(error, 'tills')) throw duplicateCode(code);
    throw error;
  }
}
