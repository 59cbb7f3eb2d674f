/**
 * Cobros de la oficina, version 1 (resources/samples/COBROS.md): the charges added to accounts on the
 * day at the office (reconnection charges, duplicates, certificates, cobros varios). An agreement's
 * down payment and installments are not here: they leave in the acuerdos file with their schedule.
 */
import type { Knex } from 'knex';
import { inOffice, type ActExporter, type ActRow, type ActScope } from './types';

async function rows(db: Knex, scope: ActScope): Promise<ActRow[]> {
  const found: {
    id: number;
    office_code: string;
    account_number: string;
    item_code: string;
    concept: string;
    quantity: number;
    amount: number | string;
    due_date: string | null;
    payment_reference: string | null;
    work_order: string | null;
    created_by: string | null;
  }[] = await inOffice(
    db('account_charges as c')
      .join('offices as o', 'o.id', 'c.office_id')
      .join('accounts as a', 'a.id', 'c.account_id')
      .join('charge_items as k', 'k.id', 'c.charge_item_id')
      .leftJoin('work_orders as w', 'w.charge_id', 'c.id')
      .leftJoin('users as u', 'u.id', 'c.created_by')
      .where('c.business_date', scope.date)
      .whereNull('c.agreement_id'),
    'c.office_id',
    scope,
  )
    .orderBy('c.id')
    .select(
      'c.id',
      'o.code as office_code',
      'a.number as account_number',
      'k.code as item_code',
      'c.concept',
      'c.quantity',
      'c.amount',
      'c.due_date',
      'c.payment_reference',
      'w.number as work_order',
      'u.username as created_by',
    );
  return found.map((c) => ({
    key: String(Number(c.id)),
    amount: Number(c.amount),
    cells: [
      scope.date,
      c.office_code,
      Number(c.id),
      c.account_number,
      c.item_code,
      c.concept,
      Number(c.quantity),
      Number(c.amount),
      c.due_date ?? scope.date,
      c.payment_reference ?? '',
      c.work_order ?? '',
      c.created_by ?? '',
    ],
  }));
}

export const cobros: ActExporter = {
  kind: 'cobros',
  version: 1,
  columns: ['fecha', 'oficina', 'cobro', 'cuenta', 'codigo', 'concepto', 'cantidad', 'valor', 'vence', 'referencia_pago', 'orden_trabajo', 'creado_por'],
  numeric: [2, 6, 7],
  rows,
};
