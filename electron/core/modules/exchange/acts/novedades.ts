/**
 * Novedades, version 1 (resources/samples/NOVEDADES.md): payments voided after they left in a
 * recaudo file. Asobancaria 2001 has no reversal record, so each reversal goes here, in the file of
 * the day of the void, with the original receipt and the number of the file it left in: one row per
 * payment and recaudo file (a payment exported as Asobancaria and as CSV has two rows, one per file).
 */
import type { Knex } from 'knex';
import { zonedDateTime } from '../../../../../shared/dates';
import { userReference, type ExportLayout } from '../formats';
import { inOffice, type ActExporter, type ActScope } from './types';

interface Row {
  payment_id: number;
  export_id: number;
  office_code: string;
  export_number: number | string;
  format: string;
  modifier: string;
  file_name: string;
  layout_json: string;
  business_date: string;
  receipt_number: number | string | null;
  account_number: string;
  amount: number | string;
  reason: string;
  voided_at: string;
  voided_by: string | null;
}

async function rows(db: Knex, scope: ActScope) {
  const found: Row[] = await inOffice(
    db('payment_voids as v')
      .join('payments as p', 'p.id', 'v.payment_id')
      .join('exchange_export_payments as l', 'l.payment_id', 'p.id')
      .join('exchange_exports as e', 'e.id', 'l.export_id')
      .join('offices as o', 'o.id', 'p.office_id')
      .join('accounts as a', 'a.id', 'p.account_id')
      .leftJoin('users as u', 'u.id', 'v.voided_by')
      .where('v.business_date', scope.date),
    'p.office_id',
    scope,
  )
    .orderBy([{ column: 'v.id' }, { column: 'e.id' }])
    .select(
      'p.id as payment_id',
      'e.id as export_id',
      'o.code as office_code',
      'e.number as export_number',
      'e.format',
      'e.modifier',
      'e.file_name',
      'e.layout_json',
      'p.business_date',
      'p.receipt_number',
      'a.number as account_number',
      'p.amount',
      'v.reason',
      'v.voided_at',
      'u.username as voided_by',
    );
  const references = new Map<number, { paymentReference: string | null }[]>();
  const ids = [...new Set(found.map((r) => Number(r.payment_id)))];
  for (let i = 0; i < ids.length; i += 500) {
    const allocations: { payment_id: number; payment_reference: string | null }[] = await db('payment_allocations as pa')
      .leftJoin('invoices as i', 'i.id', 'pa.invoice_id')
      .whereIn('pa.payment_id', ids.slice(i, i + 500))
      .orderBy('pa.id')
      .select('pa.payment_id', 'i.payment_reference');
    for (const a of allocations) {
      const list = references.get(Number(a.payment_id)) ?? [];
      list.push({ paymentReference: a.payment_reference });
      references.set(Number(a.payment_id), list);
    }
  }
  return found.map((r) => {
    const layout = JSON.parse(r.layout_json) as Partial<ExportLayout>;
    const voided = zonedDateTime(r.voided_at, scope.timeZone);
    const allocations = references.get(Number(r.payment_id)) ?? [];
    const reference = userReference({ accountNumber: r.account_number, allocations }, layout.reference ?? 'factura');
    return {
      key: `${Number(r.payment_id)}:${Number(r.export_id)}`,
      amount: Number(r.amount),
      cells: [
        scope.date,
        r.office_code,
        'REVERSO',
        Number(r.export_number),
        r.format,
        r.modifier,
        r.file_name,
        r.business_date,
        r.receipt_number === null ? null : Number(r.receipt_number),
        r.account_number,
        reference,
        Number(r.amount),
        r.reason,
        `${voided.date} ${voided.time}`,
        r.voided_by ?? '',
      ],
    };
  });
}

export const novedades: ActExporter = {
  kind: 'novedades',
  version: 1,
  columns: [
    'fecha_novedad',
    'oficina',
    'tipo',
    'exportacion_original',
    'formato_original',
    'modificador_original',
    'archivo_original',
    'fecha_recaudo',
    'recibo',
    'cuenta',
    'referencia',
    'valor',
    'motivo',
    'anulado_en',
    'anulado_por',
  ],
  numeric: [3, 8, 11],
  rows,
};
