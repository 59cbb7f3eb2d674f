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

export const BOARD_COUNT_CAP = 10_000;

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

/** the filter with the accounts it names resolved to their ids first (one indexed read each), so the orders are reached by account */
interface ResolvedFilter extends Omit<BoardFilter, 'limit' | 'offset'> {
  accountIds?: number[];
}

async function resolve(db: Knex, filter: BoardFilter): Promise<ResolvedFilter> {
  const text = filter.text.trim().toUpperCase();
  const resolved: ResolvedFilter = { ...filter, text };
  if (filter.route) resolved.accountIds = ((await db('accounts').where('route', filter.route).select('id')) as { id: number }[]).map((r) => Number(r.id));
  if (text) {
    const account: { id: number } | undefined = await db('accounts').where('number', text).first('id');
    const byText = account ? [Number(account.id)] : [];
    resolved.accountIds = resolved.accountIds ? resolved.accountIds.filter((id) => byText.includes(id)) : byText;
  }
  return resolved;
}

function filtered(db: Knex, scope: OfficeScope, filter: ResolvedFilter): Knex.QueryBuilder {
  const q = db('work_orders as w');
  // when the filter names accounts, their index find the orders: `+` keeps SQLite's planner from
  // walking the office's whole index instead (it has no statistics; measured 0,6 s against a few ms at 100.000 orders)
  if (scope !== null && filter.accountIds) q.whereRaw('+w.office_id = ?', [scope]);
  else if (scope !== null) q.where('w.office_id', scope);
  if (filter.state) q.where('w.state', filter.state);
  if (filter.open) q.whereIn('w.state', OPEN_STATES);
  if (filter.type) q.where('w.type', filter.type);
  if (filter.crewId) q.where('w.crew_id', filter.crewId);
  const ids = filter.accountIds;
  if (filter.text) q.where((w) => w.where('w.number', filter.text).orWhereIn('w.account_id', ids && ids.length ? ids : [0]));
  else if (ids) q.whereIn('w.account_id', ids.length ? ids : [0]);
  return q;
}

/**
 * The board: a page of orders and how many match. Open orders (pendiente, asignada) come by their due
 * instant, the most urgent first; any other list, the newest first.
 */
export async function board(db: Knex, scope: OfficeScope, filter: BoardFilter): Promise<WorkOrderBoard> {
  const openOnly = filter.open || filter.state === 'pendiente' || filter.state === 'asignada';
  const resolved = await resolve(db, filter);
  const ids = filtered(db, scope, resolved)
    .select('w.id')
    .orderBy(openOnly ? [{ column: 'w.due_at' }, { column: 'w.id' }] : [{ column: 'w.id', order: 'desc' }])
    .limit(filter.limit)
    .offset(filter.offset);
  const [page, count] = await Promise.all([
    ids.then((rows: { id: number }[]) => rows.map((r) => Number(r.id))),
    // counted up to BOARD_COUNT_CAP: past that the screen says "más de 10.000" (counting 100.000 rows each time costs more than the page)
    db.from(filtered(db, scope, resolved).select(db.raw('1')).limit(BOARD_COUNT_CAP + 1).as('m')).count<{ n: number | string }[]>({ n: '*' }),
  ]);
  const total = Math.min(Number(count[0].n), BOARD_COUNT_CAP);
  const totalCapped = Number(count[0].n) > BOARD_COUNT_CAP;
  if (page.length === 0) return { rows: [], total, totalCapped };
  const rows: OrderDbRow[] = await orderQuery(db).whereIn('w.id', page);
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const now = Date.now();
  return { rows: page.map((id) => toOrderRow(byId.get(id) as OrderDbRow, now)), total, totalCapped };
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
