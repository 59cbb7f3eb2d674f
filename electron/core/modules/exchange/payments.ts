/**
 * The payments of a recorded export, read set-based in pages (keyset on the payment id, a few
 * statements per page whatever the day's size), each with its tenders and its allocations to
 * invoices and charges. Voided or not: an export is rebuilt from what it recorded.
 */
import type { Knex } from 'knex';
import type { TenderMethod } from '../../../../shared/contract';

export interface ExportedTender {
  method: TenderMethod;
  amount: number;
  reference: string;
  bank: string;
}

export interface ExportedAllocation {
  invoiceNumber: string | null;
  paymentReference: string | null;
  period: string | null;
  chargeId: number | null;
  chargeConcept: string | null;
  amount: number;
}

export interface ExportedPayment {
  id: number;
  officeId: number;
  officeCode: string;
  receiptNumber: number | null;
  source: string;
  businessDate: string;
  postedAt: string;
  cashier: string | null;
  accountNumber: string;
  amount: number;
  tenders: ExportedTender[];
  allocations: ExportedAllocation[];
}

const PAGE = 2_000;

interface PaymentRow {
  id: number;
  office_id: number;
  office_code: string;
  receipt_number: number | string | null;
  source: string;
  business_date: string;
  posted_at: string;
  cashier: string | null;
  account_number: string;
  amount: number | string;
}

/** The next page of an export's payments after `after` (keyset on the links' primary key), with their account and office. */
function pageOf(db: Knex, exportId: number, after: number): Knex.QueryBuilder {
  return db('exchange_export_payments as l')
    .join('payments as p', 'p.id', 'l.payment_id')
    .join('accounts as a', 'a.id', 'p.account_id')
    .join('offices as o', 'o.id', 'p.office_id')
    .where('l.export_id', exportId)
    .andWhere('l.payment_id', '>', after)
    .orderBy('l.payment_id')
    .limit(PAGE);
}

/** Pages of the export's payments, by payment id. */
export async function* exportedPayments(db: Knex, exportId: number): AsyncGenerator<ExportedPayment[]> {
  let after = 0;
  for (;;) {
    const rows: PaymentRow[] = await pageOf(db, exportId, after)
      .leftJoin('users as u', 'u.id', 'p.cashier_id')
      .select(
        'p.id',
        'p.office_id',
        'o.code as office_code',
        'p.receipt_number',
        'p.source',
        'p.business_date',
        'p.posted_at',
        'u.username as cashier',
        'a.number as account_number',
        'p.amount',
      );
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.id);
    const tenders: { payment_id: number; method: TenderMethod; amount: number | string; reference: string; bank: string }[] = await db('payment_tenders')
      .whereIn('payment_id', ids)
      .orderBy('id')
      .select('payment_id', 'method', 'amount', 'reference', 'bank');
    const allocations: {
      payment_id: number;
      invoice_number: string | null;
      payment_reference: string | null;
      period: string | null;
      charge_id: number | null;
      concept: string | null;
      amount: number | string;
    }[] = await db('payment_allocations as pa')
      .leftJoin('invoices as i', 'i.id', 'pa.invoice_id')
      .leftJoin('account_charges as c', 'c.id', 'pa.charge_id')
      .whereIn('pa.payment_id', ids)
      .orderBy('pa.id')
      .select('pa.payment_id', 'i.number as invoice_number', 'i.payment_reference', 'i.period', 'pa.charge_id', 'c.concept', 'pa.amount');
    const byId = new Map<number, ExportedPayment>();
    const page = rows.map((r) => {
      const payment: ExportedPayment = {
        id: Number(r.id),
        officeId: Number(r.office_id),
        officeCode: r.office_code,
        receiptNumber: r.receipt_number === null ? null : Number(r.receipt_number),
        source: r.source,
        businessDate: r.business_date,
        postedAt: r.posted_at,
        cashier: r.cashier,
        accountNumber: r.account_number,
        amount: Number(r.amount),
        tenders: [],
        allocations: [],
      };
      byId.set(payment.id, payment);
      return payment;
    });
    for (const t of tenders) byId.get(Number(t.payment_id))?.tenders.push({ method: t.method, amount: Number(t.amount), reference: t.reference, bank: t.bank });
    for (const a of allocations) {
      byId.get(Number(a.payment_id))?.allocations.push({
        invoiceNumber: a.invoice_number,
        paymentReference: a.payment_reference,
        period: a.period,
        chargeId: a.charge_id === null ? null : Number(a.charge_id),
        chargeConcept: a.concept,
        amount: Number(a.amount),
      });
    }
    yield page;
    after = Number(rows[rows.length - 1].id);
  }
}
