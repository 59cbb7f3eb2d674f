/**
 * Work orders: reconnections executed among the orders of the period, the share executed within the
 * policy's hours and the average hours — the work orders module's own indicators (board.ts), not
 * counted again here.
 */
import type { Knex } from 'knex';
import type { IndicatorFamilyResult, IndicatorKey } from '../../../../shared/contract';
import { formatDateTime } from '../../../../shared/dates';
import { indicators } from '../workorders/board';
import { getWorkOrderPolicy } from '../workorders/catalog';
import { figure, monthOf, paged, type Period, type RecordsPage, type SeriesProvider } from './period';

export async function ordenes(db: Knex, p: Period): Promise<IndicatorFamilyResult> {
  const w = await indicators(db, p.scope, { from: p.from, to: p.to });
  return {
    family: 'ordenes',
    figures: [
      figure('ordenes.reconnections', 'count', w.reconnectionsExecuted),
      figure('ordenes.within24hPct', 'percent', w.reconnectionsWithinLimitPct),
      figure('ordenes.avgHours', 'hours', w.averageHoursToReconnect),
    ],
    breakdowns: [
      {
        key: 'indicators.breakdown.suspensions',
        columns: [{ label: 'Órdenes', unit: 'count' }],
        rows: [
          { label: 'Suspensiones ordenadas', values: [w.suspensionsOrdered] },
          { label: 'Suspensiones ejecutadas', values: [w.suspensionsExecuted] },
          { label: `Reconexiones abiertas fuera de las ${w.reconnectionHours} h`, values: [w.openLateReconnections] },
        ],
      },
    ],
  };
}

/** the reconnection figures month by month (board.ts counts them alike): the executed reconnections of the range in one read, their hours summed per month */
export const ordenesSeries: SeriesProvider = async (db, range, months) => {
  const q = db('work_orders').whereBetween('business_date', [range.from, range.to]).where({ type: 'reconexion', state: 'ejecutada' });
  if (range.scope !== null) q.where('office_id', range.scope);
  const [policy, rows] = await Promise.all([getWorkOrderPolicy(db), q.select('business_date', 'created_at', 'executed_at') as Promise<{ business_date: string; created_at: string; executed_at: string }[]>]);
  return months.map((p) => {
    const m = monthOf(p);
    const spans = rows.filter((r) => r.business_date.slice(0, 7) === m).map((r) => Date.parse(r.executed_at) - Date.parse(r.created_at));
    const hours = spans.map((ms) => ms / 3_600_000);
    const within = spans.filter((ms) => ms <= policy.reconnectionHours * 3_600_000).length;
    return [
      figure('ordenes.reconnections', 'count', hours.length),
      figure('ordenes.within24hPct', 'percent', hours.length ? Math.round((within / hours.length) * 1000) / 10 : null),
      figure('ordenes.avgHours', 'hours', hours.length ? Math.round((hours.reduce((a, b) => a + b, 0) / hours.length) * 10) / 10 : null),
    ];
  });
};

export async function ordenesRecords(db: Knex, p: Period, key: IndicatorKey, page: RecordsPage, timeZone: string): Promise<{ columns: string[]; total: number; rows: string[][] } | null> {
  if (!key.startsWith('ordenes.')) return null;
  const q = db('work_orders as w').join('accounts as a', 'a.id', 'w.account_id').whereBetween('w.business_date', [p.from, p.to]).where({ 'w.type': 'reconexion', 'w.state': 'ejecutada' });
  if (p.scope !== null) q.where('w.office_id', p.scope);
  q.select('w.number as orden', 'a.number', 'a.holder_name', 'w.created_at', 'w.executed_at');
  const { total, rows } = await paged(q, db, page, [{ column: 'w.id' }]);
  const local = (iso: string) => formatDateTime(iso, timeZone);
  return {
    columns: ['Orden', 'Cuenta', 'Titular', 'Creada', 'Ejecutada', 'Horas'],
    total,
    rows: rows.map((r) => [
      String(r.orden),
      String(r.number),
      String(r.holder_name),
      local(String(r.created_at)),
      local(String(r.executed_at)),
      ((Date.parse(String(r.executed_at)) - Date.parse(String(r.created_at))) / 3_600_000).toLocaleString('es-CO', { maximumFractionDigits: 1 }),
    ]),
  };
}
