/**
 * Work orders: reconnections executed among the orders of the period, the share executed within the
 * policy's hours and the average hours — the work orders module's own indicators (board.ts), not
 * counted again here.
 */
import type { Knex } from 'knex';
import type { IndicatorFamilyResult, IndicatorKey } from '../../../../shared/contract';
import { formatDateTime } from '../../../../shared/dates';
import { indicators } from '../workorders/board';
import { figure, paged, type Period, type RecordsPage } from './period';

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
