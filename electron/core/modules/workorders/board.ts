/**
 * Reads of work orders: the board (filters by state, type, route and crew; open and late first),
 * an account's orders, the indicators (reconnections within the policy's hours, average hours to
 * reconnect, suspensions executed against ordered) and the export of a crew's assigned orders.
 */
import type { Knex } from 'knex';
import type { DocumentFile, WorkOrderBoard, WorkOrderIndicators, WorkOrderRow, WorkOrderState } from '../../../../shared/contract';
import { zonedDateTime } from '../../../../shared/dates';
import { csvFile } from '../../documents/csv';
import type { OfficeScope } from '../../officeScope';
import { getCompany } from '../setup/service';
import { getWorkOrderPolicy } from './catalog';
import { OPEN_STATES, orderQuery, toOrderRow, type OrderDbRow } from './orders';

export interface BoardFilter {
  state?: WorkOrderState;
  open?: boolean;
  type?: string;
  route?: string;
  crewId?: number;
  text: string;
  limit: number;
  offset: number;
}

function filtered(db: Knex, scope: OfficeScope, filter: Omit<BoardFilter, 'limit' | 'offset'>): Knex.QueryBuilder {
  const q = db('work_orders as w').join('accounts as a', 'a.id', 'w.account_id');
  if (scope !== null) q.where('w.office_id', scope);
  if (filter.state) q.where('w.state', filter.state);
  if (filter.open) q.whereIn('w.state', OPEN_STATES);
  if (filter.type) q.where('w.type', filter.type);
  if (filter.route) q.where('a.route', filter.route);
  if (filter.crewId) q.where('w.crew_id', filter.crewId);
  const text = filter.text.trim().toUpperCase();
  if (text) q.where((w) => w.where('w.number', text).orWhere('a.number', text));
  return q;
}

/** the board: the page of orders (open first, by due instant; then the newest) and how many match */
export async function board(db: Knex, scope: OfficeScope, filter: BoardFilter): Promise<WorkOrderBoard> {
  const ids = filtered(db, scope, filter)
    .select('w.id')
    .orderByRaw(`CASE WHEN w.state IN ('pendiente', 'asignada') THEN 0 ELSE 1 END`)
    .orderByRaw(`CASE WHEN w.state IN ('pendiente', 'asignada') THEN w.due_at END`)
    .orderBy('w.id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset);
  const [page, count] = await Promise.all([
    ids.then((rows: { id: number }[]) => rows.map((r) => Number(r.id))),
    filtered(db, scope, filter).count<{ n: number | string }[]>({ n: '*' }),
  ]);
  if (page.length === 0) return { rows: [], total: Number(count[0].n) };
  const rows: OrderDbRow[] = await orderQuery(db).whereIn('w.id', page);
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const now = Date.now();
  return { rows: page.map((id) => toOrderRow(byId.get(id) as OrderDbRow, now)), total: Number(count[0].n) };
}

/** every order of an account, newest first (the account page) */
export async function ordersOfAccount(db: Knex, accountId: number): Promise<WorkOrderRow[]> {
  const rows: OrderDbRow[] = await orderQuery(db).where('w.account_id', accountId).orderBy('w.id', 'desc');
  const now = Date.now();
  return rows.map((r) => toOrderRow(r, now));
}

/**
 * Indicators of the orders created between two business dates (inclusive): reconnections executed,
 * how many within the policy's hours of their order (the clock starts when the cause disappeared:
 * the order is created in the payment's own transaction), the average hours, and suspensions
 * executed against ordered.
 */
export async function indicators(db: Knex, scope: OfficeScope, range: { from: string; to: string }): Promise<WorkOrderIndicators> {
  const policy = await getWorkOrderPolicy(db);
  const base = () => {
    const q = db('work_orders').whereBetween('business_date', [range.from, range.to]);
    if (scope !== null) q.where('office_id', scope);
    return q;
  };
  const reconnections: { created_at: string; executed_at: string; due_at: string }[] = await base().where({ type: 'reconexion', state: 'ejecutada' }).select('created_at', 'executed_at', 'due_at');
  const hours = reconnections.map((r) => (Date.parse(r.executed_at) - Date.parse(r.created_at)) / 3_600_000);
  const within = reconnections.filter((r) => Date.parse(r.executed_at) - Date.parse(r.created_at) <= policy.reconnectionHours * 3_600_000).length;
  const suspensions: { state: string; n: number | string }[] = await base().where('type', 'suspension').whereNot('state', 'anulada').groupBy('state').select('state').count({ n: '*' });
  const ordered = suspensions.reduce((sum, s) => sum + Number(s.n), 0);
  const executed = Number(suspensions.find((s) => s.state === 'ejecutada')?.n ?? 0);
  const late = (await base().where('type', 'reconexion').whereIn('state', OPEN_STATES).where('due_at', '<', new Date().toISOString()).count({ n: '*' })) as { n: number | string }[];
  return {
    from: range.from,
    to: range.to,
    reconnectionsExecuted: reconnections.length,
    reconnectionsWithinLimit: within,
    reconnectionsWithinLimitPct: reconnections.length ? Math.round((within / reconnections.length) * 1000) / 10 : null,
    averageHoursToReconnect: hours.length ? Math.round((hours.reduce((a, b) => a + b, 0) / hours.length) * 10) / 10 : null,
    reconnectionHours: policy.reconnectionHours,
    suspensionsOrdered: ordered,
    suspensionsExecuted: executed,
    openLateReconnections: Number(late[0].n),
  };
}

/** the assigned orders, in route order, as the crew's field system reads them (';', UTF-8 with BOM) */
export async function assignedOrders(db: Knex, scope: OfficeScope, crewId?: number): Promise<WorkOrderRow[]> {
  const q = orderQuery(db).where('w.state', 'asignada').orderBy([{ column: 'c.code' }, { column: 'a.cycle' }, { column: 'a.route' }, { column: 'a.route_sequence' }, { column: 'w.id' }]);
  if (scope !== null) q.where('w.office_id', scope);
  if (crewId !== undefined) q.where('w.crew_id', crewId);
  const rows: OrderDbRow[] = await q;
  return rows.map((r) => toOrderRow(r));
}

export async function exportAssigned(db: Knex, scope: OfficeScope, crewId?: number): Promise<DocumentFile> {
  const [rows, company] = await Promise.all([assignedOrders(db, scope, crewId), getCompany(db)]);
  const header = ['orden', 'tipo', 'prioridad', 'cuadrilla', 'cuenta', 'titular', 'direccion', 'ciclo', 'ruta', 'secuencia', 'creada', 'vence', 'origen'];
  const local = (iso: string) => {
    const at = zonedDateTime(iso, company.timeZone);
    return `${at.date} ${at.time}`;
  };
  const cells = rows.map((r) => [r.number, r.type, r.priority, r.crewName ?? '', r.accountNumber, r.holderName, r.address, r.cycle, r.route, r.routeSequence, local(r.createdAt), local(r.dueAt), r.originRef]);
  return csvFile(`ordenes-asignadas${crewId ? `-${rows[0]?.crewName ?? crewId}` : ''}.csv`.replace(/\s+/g, '-'), cells, { separator: ';', bom: true, header, numeric: [9] });
}
