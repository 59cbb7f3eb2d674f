/**
 * The payments of a recorded export, read set-based in pages (keyset on the payment id, a few
 * statements per page whatever the day's size), each with its tenders and its allocations to
 * invoices and charges. Voided or not: an export is rebuilt from what it recorded.
 */
import type { Knex } from 'knex';
import type { TenderMethod } from '../../../../shared/contract';
import type { HashingSink } from './formats';

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

/**
 * Payments per page. Small, so that a page's rows and objects die young: on a day of 100,000
 * payments (tests/bench/README.md, issue 18), with one wait per page, pages of 2,000 always and pages
 * of 1,000 one run in two outlived two of V8's young-generation collections and went to the old
 * generation, where they piled up (≈80 MB of heap, ≈100 MB of RSS) until a full collection; pages of
 * 500 did so once in four runs on PostgreSQL (whose rows are parsed as they arrive); 250 in none of
 * the runs measured, for ≈12 % more CPU than 500 (1,230 statements instead of 630).
 */
export const PAGE = 250;

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
    // the same bound on the payments' side: PostgreSQL does not carry it across the join, and its
    // merge join scanned the payments from the first id on every page (quadratic in the day's size)
    .andWhere('p.id', '>', after)
    .orderBy('l.payment_id')
    .limit(PAGE);
}

/** The payment ids of that page (the links alone), for its tenders and allocations. */
function pageIds(db: Knex, exportId: number, after: number): Knex.QueryBuilder {
  return db('exchange_export_payments').where('export_id', exportId).andWhere('payment_id', '>', after).orderBy('payment_id').limit(PAGE).select('payment_id');
}

type TenderRow = { payment_id: number; method: TenderMethod; amount: number | string; reference: string; bank: string };
type AllocationRow = {
  payment_id: number;
  invoice_number: string | null;
  payment_reference: string | null;
  period: string | null;
  charge_id: number | null;
  concept: string | null;
  amount: number | string;
};

/**
 * The export's payments page by page (by payment id), each page turned into text by `format` and
 * written into the sink. A page lives only inside pageText, between its one wait (its three reads
 * sent together: payments, tenders, allocations, the page's ids as a subquery) and its text: V8 runs
 * its young-generation collections at the waits, and a page kept across two of them (a wait per
 * read, or the next page's wait) is moved to the old generation, which piled up to ≈80 MB of heap
 * on a day of 100,000 payments (tests/bench/README.md, issue 18). Only the text crosses the sink's wait.
 */
export async function writePages(db: Knex, exportId: number, sink: HashingSink, format: (page: ExportedPayment[]) => string): Promise<void> {
  let after = 0;
  for (;;) {
    const next = await pageText(db, exportId, after, format);
    if (next === null) return;
    after = next.last;
    await sink.write(next.text);
  }
}

async function pageText(db: Knex, exportId: number, after: number, format: (page: ExportedPayment[]) => string): Promise<{ text: string; last: number } | null> {
  const [rows, tenders, allocations] = await Promise.all([
    pageOf(db, exportId, after)
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
      ) as Promise<PaymentRow[]>,
    db('payment_tenders')
      .whereIn('payment_id', pageIds(db, exportId, after))
      .orderBy('id')
      .select('payment_id', 'method', 'amount', 'reference', 'bank') as Promise<TenderRow[]>,
    db('payment_allocations as pa')
      .leftJoin('invoices as i', 'i.id', 'pa.invoice_id')
      .leftJoin('account_charges as c', 'c.id', 'pa.charge_id')
      .whereIn('pa.payment_id', pageIds(db, exportId, after))
      .orderBy('pa.id')
      .select('pa.payment_id', 'i.number as invoice_number', 'i.payment_reference', 'i.period', 'pa.charge_id', 'c.concept', 'pa.amount') as Promise<AllocationRow[]>,
  ]);
  if (rows.length === 0) return null;
  return { text: format(pageOfPayments(rows, tenders, allocations)), last: Number(rows[rows.length - 1].id) };
}

/** The page's rows as payments, each with its tenders and allocations. */
function pageOfPayments(rows: PaymentRow[], tenders: TenderRow[], allocations: AllocationRow[]): ExportedPayment[] {
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
  return page;
}
