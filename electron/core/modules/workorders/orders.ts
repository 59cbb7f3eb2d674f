/**
 * Work orders: their numbers (OT-AAAA-000001 per office and year, a block of the counter for a
 * round), the insert every origin uses, the read of an order as the screens see it, and the acts on
 * one order by hand (create, assign to a crew, cancel with the reason). Every change audited.
 */
import type { Knex } from 'knex';
import type { WorkOrderOrigin, WorkOrderPriority, WorkOrderRow, WorkOrderState } from '../../../../shared/contract';
import { writeAudit, type Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { nextNumbers } from '../../db/counters';
import { lockAccounts, retryingTransaction } from '../../db/dialect';
import { notFound, rule } from '../../errors';
import { inScope, type OfficeScope } from '../../officeScope';
import { businessToday } from '../accounts/service';
import { crewOfOffice, getWorkOrderPolicy } from './catalog';

export const OPEN_STATES: readonly WorkOrderState[] = ['pendiente', 'asignada'];

/** the instant `hours` after `from` (ISO, UTC) */
export function hoursAfter(from: string, hours: number): string {
  return new Date(Date.parse(from) + hours * 3_600_000).toISOString();
}

/** the counter of the office's order numbers for the year of `businessDate` */
export function orderCounterKey(officeId: number, businessDate: string): string {
  return `workorder:${officeId}:${businessDate.slice(0, 4)}`;
}

/** what every order number of that year starts with: OT-AAAA- */
export function orderNumberPrefix(businessDate: string): string {
  return `OT-${businessDate.slice(0, 4)}-`;
}

/** `count` order numbers of the office for the year of `businessDate`, from one block of its counter */
export async function orderNumbers(trx: Knex.Transaction, officeId: number, businessDate: string, count: number): Promise<string[]> {
  if (count === 0) return [];
  const first = await nextNumbers(trx, orderCounterKey(officeId, businessDate), count);
  return Array.from({ length: count }, (_, i) => `${orderNumberPrefix(businessDate)}${String(first + i).padStart(6, '0')}`);
}

/**
 * The same number made by the server, for a statement that draws it in its own round trip
 * (reconnection.ts): the prefix bound as `?`, then `value` (an SQL integer expression) as text padded
 * with zeros to 6 digits. LPAD to GREATEST(6, its length) never cuts a longer one, as padStart does not.
 */
export function orderNumberSql(value: string): string {
  return `? || LPAD(CAST(${value} AS TEXT), GREATEST(6, LENGTH(CAST(${value} AS TEXT))), '0')`;
}

/** the columns orderRow fills, in the order a statement made once lists them (reconnection.ts) */
export const ORDER_COLUMNS = [
  'number',
  'office_id',
  'account_id',
  'type',
  'origin',
  'origin_ref',
  'notice_id',
  'payment_id',
  'priority',
  'state',
  'business_date',
  'created_at',
  'created_by',
  'created_by_name',
  'due_at',
] as const;

export interface NewOrder {
  officeId: number;
  accountId: number;
  type: string;
  origin: WorkOrderOrigin;
  originRef: string;
  noticeId?: number | null;
  paymentId?: number | null;
  priority: WorkOrderPriority;
  businessDate: string;
  createdAt: string;
  dueAt: string;
}

/** the columns of a new order (its number given) */
export function orderRow(order: NewOrder, number: string, actor: Actor): Record<(typeof ORDER_COLUMNS)[number], string | number | null> {
  return {
    number,
    office_id: order.officeId,
    account_id: order.accountId,
    type: order.type,
    origin: order.origin,
    origin_ref: order.originRef.slice(0, 300),
    notice_id: order.noticeId ?? null,
    payment_id: order.paymentId ?? null,
    priority: order.priority,
    state: 'pendiente',
    business_date: order.businessDate,
    created_at: order.createdAt,
    created_by: actor.userId,
    created_by_name: actor.name.slice(0, 40),
    due_at: order.dueAt,
  };
}

export interface OrderDbRow {
  id: number;
  number: string;
  office_id: number;
  account_id: number;
  account_number: string;
  holder_name: string;
  address: string;
  cycle: string;
  route: string;
  route_sequence: number;
  type: string;
  type_label: string;
  origin: string;
  origin_ref: string;
  priority: string;
  state: string;
  crew_id: number | null;
  crew_name: string | null;
  created_at: string;
  created_by_name: string;
  due_at: string;
  executed_at: string | null;
  executed_by: string;
  meter_reading: number | null;
  seal_number: string;
  observations: string;
  failure_cause: string | null;
  cancel_reason: string;
  charge_id: number | null;
  suspension_order_id: number | null;
  photos: number | string;
}

/** orders with their account, type label, crew and photo count (alias `w`) */
export function orderQuery(db: Knex): Knex.QueryBuilder {
  return db('work_orders as w')
    .join('accounts as a', 'a.id', 'w.account_id')
    .join('work_order_types as ty', 'ty.code', 'w.type')
    .leftJoin('crews as c', 'c.id', 'w.crew_id')
    .select(
      'w.id',
      'w.number',
      'w.office_id',
      'w.account_id',
      'a.number as account_number',
      'a.holder_name',
      'a.address',
      'a.cycle',
      'a.route',
      'a.route_sequence',
      'w.type',
      'ty.label as type_label',
      'w.origin',
      'w.origin_ref',
      'w.priority',
      'w.state',
      'w.crew_id',
      'c.name as crew_name',
      'w.created_at',
      'w.created_by_name',
      'w.due_at',
      'w.executed_at',
      'w.executed_by',
      'w.meter_reading',
      'w.seal_number',
      'w.observations',
      'w.failure_cause',
      'w.cancel_reason',
      'w.charge_id',
      'w.suspension_order_id',
      db.raw('(SELECT COUNT(*) FROM work_order_photos ph WHERE ph.work_order_id = w.id) AS photos'),
    );
}

export function toOrderRow(r: OrderDbRow, now = Date.now()): WorkOrderRow {
  const state = r.state as WorkOrderState;
  const open = OPEN_STATES.includes(state);
  const due = Date.parse(r.due_at);
  const end = r.executed_at ? Date.parse(r.executed_at) : open ? now : null;
  const late = open ? now > due : state === 'ejecutada' && r.executed_at !== null && Date.parse(r.executed_at) > due;
  return {
    id: Number(r.id),
    number: r.number,
    officeId: Number(r.office_id),
    accountId: Number(r.account_id),
    accountNumber: r.account_number,
    holderName: r.holder_name,
    address: r.address,
    cycle: r.cycle,
    route: r.route,
    routeSequence: Number(r.route_sequence),
    type: r.type,
    typeLabel: r.type_label,
    origin: r.origin as WorkOrderOrigin,
    originRef: r.origin_ref,
    priority: r.priority as WorkOrderPriority,
    state,
    crewId: r.crew_id === null ? null : Number(r.crew_id),
    crewName: r.crew_name,
    createdAt: r.created_at,
    createdBy: r.created_by_name,
    dueAt: r.due_at,
    late,
    hours: end === null ? null : Math.round(((end - Date.parse(r.created_at)) / 3_600_000) * 10) / 10,
    executedAt: r.executed_at,
    executedBy: r.executed_by,
    meterReading: r.meter_reading === null ? null : Number(r.meter_reading),
    sealNumber: r.seal_number,
    observations: r.observations,
    failureCause: r.failure_cause,
    cancelReason: r.cancel_reason,
    chargeId: r.charge_id === null ? null : Number(r.charge_id),
    photos: Number(r.photos),
  };
}

export async function ordersByIds(db: Knex, ids: number[]): Promise<WorkOrderRow[]> {
  const rows: WorkOrderRow[] = [];
  for (let i = 0; i < ids.length; i += 500) rows.push(...((await orderQuery(db).whereIn('w.id', ids.slice(i, i + 500)).orderBy('w.id')) as OrderDbRow[]).map((r) => toOrderRow(r)));
  return rows;
}

/** one order of the caller's office; another office's answers as one that does not exist */
export async function orderOfOffice(db: Knex, scope: OfficeScope, orderId: number): Promise<OrderDbRow> {
  const row: OrderDbRow | undefined = await orderQuery(db).where('w.id', orderId).first();
  if (!row || !inScope(scope, row.office_id)) throw notFound('La orden de trabajo');
  return row;
}

/** inserts orders (numbers from one block of the office's counter), 500 rows a statement; returns their numbers */
export async function insertOrders(trx: Knex.Transaction, actor: Actor, orders: NewOrder[]): Promise<string[]> {
  const numbers: string[] = new Array<string>(orders.length);
  const byOffice = new Map<number, number[]>();
  orders.forEach((o, i) => byOffice.set(o.officeId, [...(byOffice.get(o.officeId) ?? []), i]));
  for (const [officeId, indexes] of byOffice) {
    const block = await orderNumbers(trx, officeId, orders[indexes[0]].businessDate, indexes.length);
    indexes.forEach((index, k) => (numbers[index] = block[k]));
  }
  const rows = orders.map((o, i) => orderRow(o, numbers[i], actor));
  for (let i = 0; i < rows.length; i += 500) await trx('work_orders').insert(rows.slice(i, i + 500));
  return numbers;
}

/** the type must exist and be active */
async function activeType(db: Knex, code: string): Promise<{ code: string; label: string }> {
  const type: { code: string; label: string; active: unknown } | undefined = await db('work_order_types').where({ code }).first('code', 'label', 'active');
  if (!type || !(type.active === true || type.active === 1)) throw rule(`El tipo de orden «${code}» no existe o está desactivado.`);
  return type;
}

/** an order made by hand: manual with its reason, or from a PQR (its radicado) */
export async function createOrder(
  db: Knex,
  actor: Actor,
  officeId: number,
  input: { accountId: number; type: string; priority: WorkOrderPriority; origin: 'manual' | 'pqr'; reason: string },
): Promise<WorkOrderRow> {
  const type = await activeType(db, input.type);
  const [policy, today] = await Promise.all([getWorkOrderPolicy(db), businessToday(db)]);
  const id = await retryingTransaction(db, async (trx) => {
    // the account's row first (db/dialect.ts lockAccounts): a payment in flight is waited for and its
    // account read after it; a payment arriving after this order waits, then finds the order (a
    // suspension it cancels: workorders/paymentEffect.ts)
    await lockAccounts(trx, [input.accountId]);
    const account: { id: number; number: string; status: string } | undefined = await trx('accounts').where({ id: input.accountId }).first('id', 'number', 'status');
    if (!account) throw notFound('La cuenta');
    if (account.status === 'retirado') throw rule(`La cuenta ${account.number} está retirada: no se le hacen órdenes de trabajo.`);
    if (type.code === 'reconexion' && account.status !== 'suspendido')
      throw rule(`La cuenta ${account.number} no está suspendida: no se ordena una reconexión.`);
    const open: { number: string } | undefined = ['suspension', 'reconexion'].includes(type.code)
      ? await trx('work_orders').where({ account_id: account.id, type: type.code }).whereIn('state', OPEN_STATES).first('number')
      : undefined;
    if (open) throw rule(`La cuenta ${account.number} ya tiene abierta la orden ${open.number} de ${type.label.toLowerCase()}.`);
    const createdAt = nowTimestamp();
    const hours = type.code === 'reconexion' ? policy.reconnectionHours : type.code === 'suspension' ? policy.suspensionHours : policy.otherHours;
    const order: NewOrder = { officeId, accountId: account.id, type: type.code, origin: input.origin, originRef: input.reason, priority: input.priority, businessDate: today, createdAt, dueAt: hoursAfter(createdAt, hours) };
    const [number] = await insertOrders(trx, actor, [order]);
    const row: { id: number } = await trx('work_orders').where({ office_id: officeId, number }).first('id');
    await writeAudit(trx, actor, { action: 'workOrders.create', entity: 'work_order', entityId: row.id, after: { number, account: account.number, type: type.code, origin: input.origin, reason: input.reason, priority: input.priority } });
    return Number(row.id);
  });
  return (await ordersByIds(db, [id]))[0];
}

/** assigns open orders of the office to one of its crews (pendiente or asignada → asignada) */
export async function assignOrders(db: Knex, actor: Actor, scope: OfficeScope, input: { orderIds: number[]; crewId: number }): Promise<WorkOrderRow[]> {
  const ids = [...new Set(input.orderIds)];
  const crew = await crewOfOffice(db, scope, input.crewId);
  if (!crew.active) throw rule(`La cuadrilla ${crew.name} está inactiva.`);
  await retryingTransaction(db, async (trx) => {
    const rows: { id: number; number: string; state: string; office_id: number; crew_id: number | null }[] = [];
    for (let i = 0; i < ids.length; i += 500) rows.push(...(await trx('work_orders').whereIn('id', ids.slice(i, i + 500)).select('id', 'number', 'state', 'office_id', 'crew_id')));
    if (rows.length !== ids.length || rows.some((r) => !inScope(scope, r.office_id))) throw notFound('Una de las órdenes de trabajo');
    if (rows.some((r) => Number(r.office_id) !== crew.officeId)) throw rule(`La cuadrilla ${crew.name} es de otra oficina.`);
    const closed = rows.filter((r) => !OPEN_STATES.includes(r.state as WorkOrderState));
    if (closed.length) throw rule(`${closed.map((r) => `${r.number} (${r.state})`).join(', ')}: solo se asignan órdenes pendientes o asignadas.`);
    const at = nowTimestamp();
    for (let i = 0; i < ids.length; i += 500) await trx('work_orders').whereIn('id', ids.slice(i, i + 500)).update({ state: 'asignada', crew_id: crew.id, assigned_at: at });
    await writeAudit(trx, actor, {
      action: 'workOrders.assign',
      entity: 'work_order',
      entityId: rows.length === 1 ? rows[0].id : null,
      before: rows.map((r) => ({ number: r.number, state: r.state, crewId: r.crew_id })),
      after: { state: 'asignada', crew: crew.code, numbers: rows.map((r) => r.number) },
    });
  });
  return ordersByIds(db, ids);
}

/** anula an open order with the reason */
export async function cancelOrder(db: Knex, actor: Actor, scope: OfficeScope, input: { orderId: number; reason: string }): Promise<WorkOrderRow> {
  await retryingTransaction(db, async (trx) => {
    const row = await orderOfOffice(trx, scope, input.orderId);
    if (!OPEN_STATES.includes(row.state as WorkOrderState)) throw rule(`La orden ${row.number} ya está ${row.state}: no se anula.`);
    await trx('work_orders').where({ id: row.id }).update({ state: 'anulada', cancel_reason: input.reason, cancelled_at: nowTimestamp(), cancelled_by: actor.name });
    await writeAudit(trx, actor, { action: 'workOrders.cancel', entity: 'work_order', entityId: row.id, before: { number: row.number, state: row.state }, after: { state: 'anulada', reason: input.reason } });
  });
  return (await ordersByIds(db, [input.orderId]))[0];
}
