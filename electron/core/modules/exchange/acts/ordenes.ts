/**
 * Órdenes de trabajo, version 1 (resources/samples/ORDENES.md): the results recorded on the day
 * (suspensions, reconnections and the other types; executed or failed), with the execution time,
 * the meter reading, the seal and the reconnection charge when there is one.
 */
import type { Knex } from 'knex';
import { zonedDateTime } from '../../../../../shared/dates';
import { dayBounds, inOffice, type ActExporter, type ActRow, type ActScope } from './types';

async function rows(db: Knex, scope: ActScope): Promise<ActRow[]> {
  const { from, to } = dayBounds(scope);
  const found: {
    id: number;
    number: string;
    office_code: string;
    type: string;
    account_number: string;
    state: string;
    executed_at: string | null;
    executed_by: string;
    meter_reading: number | null;
    seal_number: string;
    failure_cause: string | null;
    observations: string;
    origin: string;
    charge_id: number | null;
    charge_amount: number | string | null;
  }[] = await inOffice(
    db('work_orders as w')
      .join('offices as o', 'o.id', 'w.office_id')
      .join('accounts as a', 'a.id', 'w.account_id')
      .leftJoin('account_charges as c', 'c.id', 'w.charge_id')
      .whereIn('w.state', ['ejecutada', 'fallida'])
      .andWhere('w.result_recorded_at', '>=', from)
      .andWhere('w.result_recorded_at', '<', to),
    'w.office_id',
    scope,
  )
    .orderBy('w.id')
    .select(
      'w.id',
      'w.number',
      'o.code as office_code',
      'w.type',
      'a.number as account_number',
      'w.state',
      'w.executed_at',
      'w.executed_by',
      'w.meter_reading',
      'w.seal_number',
      'w.failure_cause',
      'w.observations',
      'w.origin',
      'w.charge_id',
      'c.amount as charge_amount',
    );
  return found.map((w) => {
    const executed = w.executed_at ? zonedDateTime(w.executed_at, scope.timeZone) : null;
    const charge = w.charge_amount === null ? 0 : Number(w.charge_amount);
    return {
      key: String(Number(w.id)),
      amount: charge,
      cells: [
        scope.date,
        w.office_code,
        w.number,
        w.type,
        w.account_number,
        w.state,
        executed ? `${executed.date} ${executed.time}` : '',
        w.executed_by,
        w.meter_reading === null ? null : Number(w.meter_reading),
        w.seal_number,
        w.failure_cause ?? '',
        w.origin,
        w.charge_id === null ? null : Number(w.charge_id),
        w.charge_amount === null ? null : charge,
        w.observations,
      ],
    };
  });
}

export const ordenes: ActExporter = {
  kind: 'ordenes',
  version: 1,
  columns: [
    'fecha',
    'oficina',
    'orden',
    'tipo',
    'cuenta',
    'resultado',
    'ejecutada_en',
    'ejecutada_por',
    'lectura',
    'sello',
    'causa_falla',
    'origen',
    'cobro',
    'valor_cobro',
    'observaciones',
  ],
  numeric: [8, 12, 13],
  rows,
};
