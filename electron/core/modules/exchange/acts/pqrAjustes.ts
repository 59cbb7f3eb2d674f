/**
 * Ajustes por PQR, version 2 (resources/samples/PQR-AJUSTES.md): the decisions approved on the day
 * that change a bill: an answer that grants (accede, accede parcialmente) or changes a decision
 * (modifica, revoca) on a PQR about an invoice, with the account, the invoice, its amount and balance,
 * the incoming radicado, the answer's radicado de salida and (new in version 2, the last column) the
 * amount a granted reclamo recognised, as the answer recorded it. The file's total is the sum of
 * those amounts. Version 1 (without the last column) is kept as a sample: pqr-ajustes-v1.csv.
 */
import type { Knex } from 'knex';
import { inOffice, type ActExporter, type ActRow, type ActScope } from './types';

const CHANGES_A_BILL = ['accede', 'accede_parcialmente', 'modifica', 'revoca'];

async function rows(db: Knex, scope: ActScope): Promise<ActRow[]> {
  const found: {
    id: number;
    office_code: string;
    radicado: string;
    type: string;
    account_number: string;
    invoice_number: string;
    period: string;
    invoice_total: number | string;
    invoice_balance: number | string;
    decision: string;
    answer_radicado: string | null;
    answer_date: string;
    granted_amount: number | string | null;
  }[] = await inOffice(
    db('pqr_answers as r')
      .join('pqrs as q', 'q.id', 'r.pqr_id')
      .join('radicados as rin', 'rin.id', 'q.radicado_id')
      .leftJoin('radicados as rout', 'rout.id', 'r.outgoing_radicado_id')
      .join('offices as o', 'o.id', 'q.office_id')
      .join('accounts as a', 'a.id', 'q.account_id')
      .join('invoices as i', 'i.id', 'q.invoice_id')
      .where({ 'r.state': 'aprobada', 'r.answer_date': scope.date })
      .whereIn('r.decision', CHANGES_A_BILL),
    'q.office_id',
    scope,
  )
    .orderBy('q.id')
    .select(
      'q.id',
      'o.code as office_code',
      'rin.number as radicado',
      'q.type',
      'a.number as account_number',
      'i.number as invoice_number',
      'i.period',
      'i.total as invoice_total',
      'i.balance as invoice_balance',
      'r.decision',
      'rout.number as answer_radicado',
      'r.answer_date',
      'r.granted_amount',
    );
  return found.map((p) => {
    const granted = p.granted_amount === null ? null : Number(p.granted_amount);
    return {
      key: String(Number(p.id)),
      amount: granted ?? 0,
      cells: [
        scope.date,
        p.office_code,
        p.radicado,
        p.type,
        p.account_number,
        p.invoice_number,
        p.period,
        Number(p.invoice_total),
        Number(p.invoice_balance),
        p.decision,
        p.answer_radicado ?? '',
        p.answer_date,
        granted,
      ],
    };
  });
}

export const pqrAjustes: ActExporter = {
  kind: 'pqr-ajustes',
  version: 2,
  columns: ['fecha', 'oficina', 'radicado', 'tipo', 'cuenta', 'factura', 'periodo', 'valor_factura', 'saldo_factura', 'decision', 'radicado_respuesta', 'fecha_respuesta', 'valor_reconocido'],
  numeric: [7, 8, 12],
  rows,
};
