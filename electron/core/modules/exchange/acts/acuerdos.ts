/**
 * Acuerdos de pago, version 1 (resources/samples/ACUERDOS.md): the agreements signed on the day with
 * their schedule (one CUOTA row per installment, with the coupon's payment reference, so the billing
 * system bills them and takes the financed debt off the invoices it came from), and the state
 * changes of the day (ACTIVADO when the down payment arrived, TERMINADO with the final state).
 */
import type { Knex } from 'knex';
import { inOffice, type ActExporter, type ActRow, type ActScope } from './types';

interface Agreement {
  id: number;
  number: string;
  office_code: string;
  account_number: string;
  state: string;
  business_date: string;
  activated_on: string | null;
  ended_on: string | null;
  end_reason: string;
  debt_total: number | string;
  down_payment: number | string;
  financed: number | string;
  annual_rate_bp: number;
  installments: number;
}

const base = (db: Knex, scope: ActScope) =>
  inOffice(
    db('payment_agreements as g').join('offices as o', 'o.id', 'g.office_id').join('accounts as a', 'a.id', 'g.account_id'),
    'g.office_id',
    scope,
  ).select(
    'g.id',
    'g.number',
    'o.code as office_code',
    'a.number as account_number',
    'g.state',
    'g.business_date',
    'g.activated_on',
    'g.ended_on',
    'g.end_reason',
    'g.debt_total',
    'g.down_payment',
    'g.financed',
    'g.annual_rate_bp',
    'g.installments',
  );

async function rows(db: Knex, scope: ActScope): Promise<ActRow[]> {
  const touched: Agreement[] = await base(db, scope)
    .where((q) => q.where('g.business_date', scope.date).orWhere('g.activated_on', scope.date).orWhere('g.ended_on', scope.date))
    .orderBy('g.id');
  const signed = touched.filter((g) => g.business_date === scope.date).map((g) => g.id);
  const schedule: { agreement_id: number; number: number; due_date: string; principal: number | string; interest: number | string; total: number | string; payment_reference: string | null }[] =
    signed.length === 0
      ? []
      : await db('payment_agreement_installments as i')
          .leftJoin('account_charges as c', 'c.id', 'i.charge_id')
          .whereIn('i.agreement_id', signed)
          .orderBy([{ column: 'i.agreement_id' }, { column: 'i.number' }])
          .select('i.agreement_id', 'i.number', 'i.due_date', 'i.principal', 'i.interest', 'i.total', 'c.payment_reference');
  const out: ActRow[] = [];
  // fecha, oficina, acuerdo, cuenta, evento, estado, deuda_total, cuota_inicial, financiado, tasa_anual_pb, cuotas, cuota, vence, capital, interes, valor_cuota, referencia_pago, motivo
  const row = (g: Agreement, event: string, state: string, installment: (typeof schedule)[number] | null, reason = '') => [
    scope.date,
    g.office_code,
    g.number,
    g.account_number,
    event,
    state,
    Number(g.debt_total),
    Number(g.down_payment),
    Number(g.financed),
    Number(g.annual_rate_bp),
    Number(g.installments),
    installment ? Number(installment.number) : null,
    installment?.due_date ?? '',
    installment ? Number(installment.principal) : null,
    installment ? Number(installment.interest) : null,
    installment ? Number(installment.total) : null,
    installment?.payment_reference ?? '',
    reason,
  ];
  for (const g of touched) {
    if (g.business_date === scope.date) {
      out.push({ key: `${g.id}:firmado`, amount: 0, cells: row(g, 'FIRMADO', 'pendiente', null) });
      for (const i of schedule.filter((s) => Number(s.agreement_id) === Number(g.id))) {
        out.push({ key: `${g.id}:cuota:${Number(i.number)}`, amount: Number(i.total), cells: row(g, 'CUOTA', 'pendiente', i) });
      }
    }
    if (g.activated_on === scope.date) out.push({ key: `${g.id}:activado`, amount: 0, cells: row(g, 'ACTIVADO', 'activo', null) });
    if (g.ended_on === scope.date) out.push({ key: `${g.id}:fin`, amount: 0, cells: row(g, 'TERMINADO', g.state, null, g.end_reason) });
  }
  return out;
}

export const acuerdos: ActExporter = {
  kind: 'acuerdos',
  version: 1,
  columns: [
    'fecha',
    'oficina',
    'acuerdo',
    'cuenta',
    'evento',
    'estado',
    'deuda_total',
    'cuota_inicial',
    'financiado',
    'tasa_anual_pb',
    'cuotas',
    'cuota',
    'vence',
    'capital',
    'interes',
    'valor_cuota',
    'referencia_pago',
    'motivo',
  ],
  numeric: [6, 7, 8, 9, 10, 11, 13, 14, 15],
  rows,
};
