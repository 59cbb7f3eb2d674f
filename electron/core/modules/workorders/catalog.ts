/**
 * What the administrator keeps for work orders: the policy (hours, protected uses, the reconnection
 * charge's code; defaults from resources/tables/work-orders.json), the types (a list that grows),
 * the failure causes and the crews of each office. Every change audited.
 */
import type { Knex } from 'knex';
import { DEFAULT_WORK_ORDER_POLICY, workOrderPolicyFields, type Crew, type FailureCause, type WorkOrderPolicy, type WorkOrderType } from '../../../../shared/contract';
import table from '../../../../resources/tables/work-orders.json';
import { writeAudit, type Actor } from '../../db/audit';
import { conflict, notFound, rule } from '../../errors';
import { inScope, type OfficeScope } from '../../officeScope';

export const WORK_ORDER_POLICY_KEY = 'workOrderPolicy';

/** the SSPD's 24 hours, from the legal table (the policy's default) */
export const LEGAL_RECONNECTION_HOURS = table.CO.reconnectionHours.value;

export async function getWorkOrderPolicy(db: Knex): Promise<WorkOrderPolicy> {
  const row: { value_json: string } | undefined = await db('settings').where({ key: WORK_ORDER_POLICY_KEY }).first('value_json');
  return policyFromJson(row?.value_json ?? null);
}

/** the policy from its settings row's JSON (null: never saved, the defaults), for a read that brings it along */
export function policyFromJson(valueJson: string | null): WorkOrderPolicy {
  const defaults = { ...DEFAULT_WORK_ORDER_POLICY, reconnectionHours: LEGAL_RECONNECTION_HOURS };
  if (valueJson === null) return defaults;
  const parsed = workOrderPolicyFields.safeParse({ ...defaults, ...(JSON.parse(valueJson) as object) });
  return parsed.success ? parsed.data : defaults;
}

export async function saveWorkOrderPolicy(db: Knex, actor: Actor, next: WorkOrderPolicy): Promise<WorkOrderPolicy> {
  if (next.reconnectionHours > LEGAL_RECONNECTION_HOURS)
    throw rule(`La reconexión no puede tomar más de ${LEGAL_RECONNECTION_HOURS} horas (${table.CO.reconnectionHours.basis}).`);
  const value = { ...next, reconnectionChargeCode: next.reconnectionChargeCode.trim().toUpperCase() };
  return db.transaction(async (trx) => {
    const before = await getWorkOrderPolicy(trx);
    await trx('settings').insert({ key: WORK_ORDER_POLICY_KEY, value_json: JSON.stringify(value) }).onConflict('key').merge();
    await writeAudit(trx, actor, { action: 'workOrders.policy.update', entity: 'settings', entityId: WORK_ORDER_POLICY_KEY, before, after: value });
    return value;
  });
}

const bool = (v: unknown) => v === true || v === 1 || v === '1';

export async function listTypes(db: Knex, includeInactive: boolean): Promise<WorkOrderType[]> {
  const q = db('work_order_types').orderBy([{ column: 'sort' }, { column: 'code' }]).select('code', 'label', 'builtin', 'active');
  if (!includeInactive) q.where('active', true);
  const rows: { code: string; label: string; builtin: unknown; active: unknown }[] = await q;
  return rows.map((r) => ({ code: r.code, label: r.label, builtin: bool(r.builtin), active: bool(r.active) }));
}

export async function saveType(db: Knex, actor: Actor, input: { code: string; label: string; active: boolean }): Promise<WorkOrderType> {
  return db.transaction(async (trx) => {
    const before: { code: string; label: string; builtin: unknown; active: unknown; sort: number } | undefined = await trx('work_order_types').where({ code: input.code }).first();
    if (before && bool(before.builtin) && !input.active) throw rule(`El tipo «${before.label}» es del sistema: no se desactiva.`);
    if (before) {
      await trx('work_order_types').where({ code: input.code }).update({ label: input.label, active: input.active });
    } else {
      const last = (await trx('work_order_types').max({ sort: 'sort' }).first()) as { sort: number | string | null } | undefined;
      await trx('work_order_types').insert({ code: input.code, label: input.label, builtin: false, active: input.active, sort: Number(last?.sort ?? 0) + 10 });
    }
    await writeAudit(trx, actor, { action: before ? 'workOrders.type.update' : 'workOrders.type.create', entity: 'work_order_type', entityId: input.code, before: before ?? undefined, after: input });
    return { code: input.code, label: input.label, builtin: before ? bool(before.builtin) : false, active: input.active };
  });
}

export async function listCauses(db: Knex): Promise<FailureCause[]> {
  return db('work_order_failure_causes').where('active', true).orderBy('sort').select('code', 'label');
}

interface CrewDbRow {
  id: number;
  office_id: number;
  code: string;
  name: string;
  members: string;
  active: unknown;
}

const toCrew = (r: CrewDbRow): Crew => ({ id: Number(r.id), officeId: Number(r.office_id), code: r.code, name: r.name, members: r.members, active: bool(r.active) });

export async function listCrews(db: Knex, scope: OfficeScope, includeInactive: boolean): Promise<Crew[]> {
  const q = db('crews').orderBy([{ column: 'office_id' }, { column: 'code' }]);
  if (scope !== null) q.where('office_id', scope);
  if (!includeInactive) q.where('active', true);
  return ((await q) as CrewDbRow[]).map(toCrew);
}

/** a crew of the caller's office (another office's answers as one that does not exist) */
export async function crewOfOffice(db: Knex, scope: OfficeScope, crewId: number): Promise<Crew> {
  const row: CrewDbRow | undefined = await db('crews').where({ id: crewId }).first();
  if (!row || !inScope(scope, row.office_id)) throw notFound('La cuadrilla');
  return toCrew(row);
}

export async function saveCrew(db: Knex, actor: Actor, officeId: number, scope: OfficeScope, input: { crewId?: number; code: string; name: string; members: string; active: boolean }): Promise<Crew> {
  const code = input.code.trim().toUpperCase();
  return db.transaction(async (trx) => {
    const before = input.crewId === undefined ? undefined : await crewOfOffice(trx, scope, input.crewId);
    const office = before?.officeId ?? officeId;
    const clash: { id: number } | undefined = await trx('crews').where({ office_id: office, code }).first('id');
    if (clash && Number(clash.id) !== input.crewId) throw conflict(`Ya existe la cuadrilla «${code}» en esta oficina.`);
    const values = { code, name: input.name, members: input.members, active: input.active };
    let crewId = input.crewId;
    if (crewId === undefined) {
      const [row] = await trx('crews').insert({ ...values, office_id: office }).returning('id');
      crewId = Number(typeof row === 'object' ? row.id : row);
    } else {
      await trx('crews').where({ id: crewId }).update(values);
    }
    await writeAudit(trx, actor, { action: before ? 'workOrders.crew.update' : 'workOrders.crew.create', entity: 'crew', entityId: crewId, before, after: { ...values, officeId: office } });
    return { id: crewId, officeId: office, ...values };
  });
}
