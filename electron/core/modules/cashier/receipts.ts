/**
 * What the papers show: a receipt (screen, 80 mm roll or letter), the receipt lists of a session and
 * the session (closing) report; and the receipt's PDF, whose every printing is logged (the first is
 * the original, the rest say COPIA and are counted).
 */
import type { Knex } from 'knex';
import type { CashMovement, Company, DocumentFile, Receipt, ReceiptLayout, ReceiptLine, ReceiptListItem, SessionReport, TenderMethod, VoidRefundMethod } from '../../../../shared/contract';
import type { DenominationCount } from '../../../../shared/denominations';
import { formatDateTime, formatPeriod } from '../../../../shared/dates';
import { nowTimestamp } from '../../db/connection';
import { retryingTransaction } from '../../db/dialect';
import { writeAudit, type Actor } from '../../db/audit';
import { closingAnchorOf } from '../../db/anchors';
import { notFound } from '../../errors';
import { pdfFile } from '../../documents/file';
import { receiptPdf } from '../../documents/receipt';
import { sessionReportPdf } from '../../documents/session-report';
import { getSettings } from '../settings/service';
import { getCompany } from '../setup/service';
import { getSession, userName, type PayingSession, type SessionDbRow } from './queries';
import { closingSummary } from './closing';

interface PaymentDbRow {
  id: number;
  office_id: number;
  session_id: number | null;
  account_id: number;
  receipt_number: number | null;
  source: string;
  posted_at: string;
  cashier_id: number | null;
  amount: number | string;
  cash_received: number | string;
  change_given: number | string;
  credit_added: number | string;
  balance_after: number | string;
  status: 'vigente' | 'anulado';
  verification_code: string;
  copies_printed: number;
}

interface ReceiptDbRow extends PaymentDbRow {
  office_code: string;
  office_name: string;
  office_address: string;
  office_phone: string;
  office_city: string;
  account_number: string;
  holder_name: string;
  account_address: string;
  till_name: string | null;
  receipt_layout: ReceiptLayout | null;
  cashier_name: string | null;
  last_payment_id: number | string;
  reconnection_number: string | null;
  reconnection_due_at: string | null;
}

export function labelOf(officeCode: string, receiptNumber: number | null): string {
  return receiptNumber === null ? 'BANCO' : `${officeCode}-${String(receiptNumber).padStart(6, '0')}`;
}

/** What a receipt's line says of the debt it paid. */
function lineDescription(kind: 'invoice' | 'charge', invoiceNumber: string | null, period: string | null, concept: string | null): string {
  return kind === 'invoice' ? `Factura ${invoiceNumber} (${formatPeriod(period ?? '')})` : (concept ?? '');
}

/**
 * What a payment just posted at the counter knows of itself (its transaction read or wrote all of
 * it), for its receipt without reading it back.
 */
export interface PostedReceiptParts {
  paymentId: number;
  receiptNumber: number;
  company: Company;
  session: PayingSession;
  account: { id: number; number: string; holder_name: string; address: string };
  postedAt: string;
  /** the allocations as written, with the debt's balance the guarded UPDATE left and what its line says */
  lines: { kind: 'invoice' | 'charge'; id: number; amount: number; balanceAfter: number; number: string | null; period: string | null; concept: string | null }[];
  /** the tenders as written (trimmed and cut as the columns keep them) */
  tenders: { method: TenderMethod; amount: number; reference: string; bank: string }[];
  amount: number;
  cashReceived: number;
  change: number;
  creditAdded: number;
  balanceAfter: number;
  verificationCode: string;
  reconnection: { number: string; dueAt: string } | null;
}

/**
 * The receipt of a payment just posted at the counter, from what its transaction has in memory:
 * the same receipt buildReceipt reads from the database right after the COMMIT (tests/integration/
 * payment-round-trips.test.ts compares them on both engines), without its three reads.
 */
export function receiptOfPosted(p: PostedReceiptParts): Receipt {
  const { company, session } = p;
  return {
    paymentId: p.paymentId,
    receiptNumber: p.receiptNumber,
    receiptLabel: labelOf(session.office_code, p.receiptNumber),
    company: { name: company.name, nit: company.nit, logoDataUrl: company.logoDataUrl },
    office: { code: session.office_code, name: session.office_name, address: session.office_address, phone: session.office_phone, city: session.office_city },
    cashierName: session.cashier_name,
    tillName: session.till_name,
    postedAt: p.postedAt,
    postedAtText: formatDateTime(p.postedAt, company.timeZone),
    account: { id: p.account.id, number: p.account.number, holderName: p.account.holder_name, address: p.account.address },
    lines: p.lines.map((l) => ({ kind: l.kind, id: l.id, description: lineDescription(l.kind, l.number, l.period, l.concept), amount: l.amount, balanceAfter: l.balanceAfter })),
    tenders: p.tenders.map((t) => ({ method: t.method, amount: t.amount, reference: t.reference, bank: t.bank })),
    amount: p.amount,
    cashReceived: p.cashReceived,
    change: p.change,
    creditAdded: p.creditAdded,
    balanceAfter: p.balanceAfter,
    currency: company.currency,
    verificationCode: p.verificationCode,
    status: 'vigente',
    void: null,
    copiesPrinted: 0,
    layout: session.receipt_layout ?? 'carta',
    timeZone: company.timeZone,
    reconnection: p.reconnection ? { number: p.reconnection.number, dueAt: p.reconnection.dueAt, dueAtText: formatDateTime(p.reconnection.dueAt, company.timeZone) } : null,
  };
}

/** Everything a receipt shows, from the database. */
export async function buildReceipt(db: Knex, paymentId: number, knownCompany?: Company): Promise<Receipt> {
  // the payment with its office, account, till and cashier in one round trip
  const p: ReceiptDbRow | undefined = await db('payments as p')
    .join('offices as o', 'o.id', 'p.office_id')
    .join('accounts as a', 'a.id', 'p.account_id')
    .leftJoin('cash_sessions as s', 's.id', 'p.session_id')
    .leftJoin('tills as t', 't.id', 's.till_id')
    .leftJoin('users as u', 'u.id', 'p.cashier_id')
    // the reconnection the payment ordered, if any (at most one: one open reconnection per account)
    .leftJoin('work_orders as r', (j) => j.on('r.payment_id', 'p.id').andOnVal('r.type', 'reconexion'))
    .where('p.id', paymentId)
    .first(
      'p.*',
      'o.code as office_code',
      'o.name as office_name',
      'o.address as office_address',
      'o.phone as office_phone',
      'o.city as office_city',
      'a.number as account_number',
      'a.holder_name',
      'a.address as account_address',
      't.name as till_name',
      't.receipt_layout',
      'u.full_name as cashier_name',
      'r.number as reconnection_number',
      'r.due_at as reconnection_due_at',
      db.raw('(SELECT MAX(id) FROM payments) AS last_payment_id'),
    );
  if (!p) throw notFound('El recibo');
  const company = knownCompany ?? (await getCompany(db));
  const office = { code: p.office_code, name: p.office_name, address: p.office_address, phone: p.office_phone, city: p.office_city };
  const allocations: { invoice_id: number | null; charge_id: number | null; amount: number | string; inv_number: string | null; period: string | null; inv_balance: number | string | null; concept: string | null; chg_balance: number | string | null }[] =
    await db('payment_allocations as a')
      .leftJoin('invoices as i', 'i.id', 'a.invoice_id')
      .leftJoin('account_charges as c', 'c.id', 'a.charge_id')
      .where('a.payment_id', paymentId)
      .orderBy('a.id')
      .select('a.invoice_id', 'a.charge_id', 'a.amount', 'i.number as inv_number', 'i.period', 'i.balance as inv_balance', 'c.concept', 'c.balance as chg_balance');
  // balance after this payment: the debt's balance now plus what later live payments took from it
  const newest = Number(p.last_payment_id) === paymentId;
  const later: { invoice_id: number | null; charge_id: number | null; s: number | string }[] = newest
    ? []
    : await db('payment_allocations as a')
    .join('payments as p', 'p.id', 'a.payment_id')
    .where('a.live', true)
    .andWhere('a.payment_id', '>', paymentId)
    .andWhere((w) => {
      w.whereIn('a.invoice_id', allocations.map((x) => x.invoice_id).filter((x): x is number => x !== null)).orWhereIn(
        'a.charge_id',
        allocations.map((x) => x.charge_id).filter((x): x is number => x !== null),
      );
    })
    .groupBy('a.invoice_id', 'a.charge_id')
    .select('a.invoice_id', 'a.charge_id')
    .sum({ s: 'a.amount' });
  const laterOf = (invoiceId: number | null, chargeId: number | null) => Number(later.find((l) => l.invoice_id === invoiceId && l.charge_id === chargeId)?.s ?? 0);
  const voided = p.status === 'anulado';
  const lines: ReceiptLine[] = allocations.map((a) => {
    const now = Number(a.invoice_id !== null ? a.inv_balance : a.chg_balance);
    const amount = Number(a.amount);
    // a voided payment gave its amount back: its "after" is what it left at the time
    const balanceAfter = now + laterOf(a.invoice_id, a.charge_id) - (voided ? amount : 0);
    return a.invoice_id !== null
      ? { kind: 'invoice', id: a.invoice_id, description: lineDescription('invoice', a.inv_number, a.period, null), amount, balanceAfter }
      : { kind: 'charge', id: a.charge_id ?? 0, description: lineDescription('charge', null, null, a.concept), amount, balanceAfter };
  });
  const tenders: { method: TenderMethod; amount: number | string; reference: string; bank: string }[] = await db('payment_tenders').where({ payment_id: paymentId }).orderBy('id');
  const voidRow: { reason: string; voided_at: string; approved_by: number; voided_by: number } | undefined = voided ? await db('payment_voids').where({ payment_id: paymentId }).first() : undefined;
  return {
    paymentId: p.id,
    receiptNumber: p.receipt_number ?? 0,
    receiptLabel: labelOf(office.code, p.receipt_number),
    company: { name: company.name, nit: company.nit, logoDataUrl: company.logoDataUrl },
    office,
    cashierName: p.cashier_name ?? '',
    tillName: p.till_name ?? '',
    postedAt: p.posted_at,
    postedAtText: formatDateTime(p.posted_at, company.timeZone),
    account: { id: p.account_id, number: p.account_number, holderName: p.holder_name, address: p.account_address },
    lines,
    tenders: tenders.map((t) => ({ method: t.method, amount: Number(t.amount), reference: t.reference, bank: t.bank })),
    amount: Number(p.amount),
    cashReceived: Number(p.cash_received),
    change: Number(p.change_given),
    creditAdded: Number(p.credit_added),
    balanceAfter: Number(p.balance_after),
    currency: company.currency,
    verificationCode: p.verification_code,
    status: p.status,
    void: voidRow
      ? { reason: voidRow.reason, at: voidRow.voided_at, approvedBy: await userName(db, voidRow.approved_by), voidedBy: await userName(db, voidRow.voided_by) }
      : null,
    copiesPrinted: p.copies_printed,
    layout: p.receipt_layout ?? 'carta',
    timeZone: company.timeZone,
    reconnection:
      p.reconnection_number !== null && p.reconnection_due_at !== null
        ? { number: p.reconnection_number, dueAt: p.reconnection_due_at, dueAtText: formatDateTime(p.reconnection_due_at, company.timeZone) }
        : null,
  };
}

/** Receipts for a list: `filter` narrows the payments query (columns prefixed `p.`). */
export async function listReceipts(db: Knex, filter: (q: Knex.QueryBuilder) => void): Promise<ReceiptListItem[]> {
  const q = db('payments as p')
    .join('accounts as a', 'a.id', 'p.account_id')
    .join('offices as o', 'o.id', 'p.office_id')
    .select('p.id', 'p.receipt_number', 'p.posted_at', 'p.amount', 'p.status', 'a.number', 'a.holder_name', 'o.code as office_code')
    .orderBy('p.id');
  filter(q);
  const rows: { id: number; receipt_number: number | null; posted_at: string; amount: number | string; status: 'vigente' | 'anulado'; number: string; holder_name: string; office_code: string }[] = await q;
  if (rows.length === 0) return [];
  const methods: { payment_id: number; method: TenderMethod }[] = await db('payment_tenders')
    .whereIn(
      'payment_id',
      rows.map((r) => r.id),
    )
    .orderBy('id')
    .select('payment_id', 'method');
  return rows.map((r) => ({
    paymentId: r.id,
    receiptNumber: r.receipt_number ?? 0,
    receiptLabel: labelOf(r.office_code, r.receipt_number),
    postedAt: r.posted_at,
    accountNumber: r.number,
    holderName: r.holder_name,
    amount: Number(r.amount),
    methods: [...new Set(methods.filter((m) => m.payment_id === r.id).map((m) => m.method))],
    status: r.status,
  }));
}

/** The data of the session (closing) report: the arithmetic, every receipt, void and movement. */
export async function buildSessionReport(db: Knex, sessionId: number): Promise<SessionReport> {
  const session = await getSession(db, sessionId);
  const row: SessionDbRow = await db('cash_sessions').where({ id: sessionId }).first();
  const company = await getCompany(db);
  const office: { code: string; name: string } = await db('offices').where({ id: session.officeId }).first('code', 'name');
  const { cashDifferenceLimit } = await getSettings(db);
  const summary = await closingSummary(db, row, session.countedCash ?? 0, cashDifferenceLimit);
  const voids: {
    payment_id: number;
    receipt_number: number | null;
    office_code: string;
    amount: number | string;
    cash_returned: number | string;
    refund_method: VoidRefundMethod;
    refund_reference: string;
    reason: string;
    approved_by: string;
    voided_at: string;
  }[] = await db('payment_voids as v')
    .join('payments as p', 'p.id', 'v.payment_id')
    .join('offices as o', 'o.id', 'p.office_id')
    .join('users as u', 'u.id', 'v.approved_by')
    .where('v.session_id', sessionId)
    .orderBy('v.id')
    .select('v.payment_id', 'p.receipt_number', 'o.code as office_code', 'p.amount', 'v.cash_returned', 'v.refund_method', 'v.refund_reference', 'v.reason', 'u.full_name as approved_by', 'v.voided_at');
  return {
    session,
    company: { name: company.name, nit: company.nit, logoDataUrl: company.logoDataUrl },
    office,
    currency: company.currency,
    summary,
    closingCount: row.closing_count_json ? (JSON.parse(row.closing_count_json) as DenominationCount[]) : null,
    receipts: await listReceipts(db, (q) => q.where('p.session_id', sessionId)),
    voids: voids.map((v) => ({
      paymentId: v.payment_id,
      receiptLabel: labelOf(v.office_code, v.receipt_number),
      amount: Number(v.amount),
      cashReturned: Number(v.cash_returned),
      refundMethod: v.refund_method,
      refundReference: v.refund_reference,
      reason: v.reason,
      approvedBy: v.approved_by,
      at: v.voided_at,
    })),
    movements: await listMovements(db, sessionId),
    approvedBy: row.approved_by === null ? null : await userName(db, row.approved_by),
    closeNote: row.close_note,
    timeZone: company.timeZone,
    auditAnchor: closingAnchorOf(row),
  };
}

export async function listMovements(db: Knex, sessionId: number): Promise<CashMovement[]> {
  const rows: { id: number; session_id: number; kind: CashMovement['kind']; amount: number | string; reason: CashMovement['reason']; note: string; full_name: string; created_at: string }[] = await db('cash_movements as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where('m.session_id', sessionId)
    .orderBy('m.id')
    .select('m.*', 'u.full_name');
  return rows.map((r) => ({ id: r.id, sessionId: r.session_id, kind: r.kind, amount: Number(r.amount), reason: r.reason, note: r.note, userName: r.full_name, createdAt: r.created_at }));
}

/**
 * The receipt as a PDF. Every call is a printing, logged and audited: the ORIGINAL is claimed once,
 * atomically (one conditional UPDATE: of several first prints at the same moment exactly one gets
 * it), audited as 'receipt.print'; every other print — a copy asked for, or a second "original" —
 * says COPIA, counts in copies_printed and is audited as 'receipt.reprint'. The PDF is made inside
 * the same transaction, so a failure writes nothing.
 */
export async function receiptPdfFile(db: Knex, actor: Actor, input: { paymentId: number; copy: boolean; layout?: ReceiptLayout }): Promise<DocumentFile> {
  const receipt = await buildReceipt(db, input.paymentId);
  const printedAt = nowTimestamp();
  const { copy, pdf } = await retryingTransaction(db, async (trx) => {
    const claimed = input.copy ? 0 : await trx('payments').where({ id: input.paymentId }).whereNull('original_printed_at').update({ original_printed_at: printedAt });
    const copy = claimed === 0;
    let copiesPrinted = receipt.copiesPrinted;
    if (copy) {
      await trx('payments').where({ id: input.paymentId }).increment('copies_printed', 1);
      const row: { copies_printed: number | string } = await trx('payments').where({ id: input.paymentId }).first('copies_printed');
      copiesPrinted = Number(row.copies_printed);
    }
    const paper: Receipt = { ...receipt, layout: input.layout ?? receipt.layout, copiesPrinted };
    const pdf = await receiptPdf(paper, { copy });
    await trx('receipt_prints').insert({ payment_id: input.paymentId, copy, user_id: actor.userId, printed_at: printedAt });
    await writeAudit(trx, actor, {
      action: copy ? 'receipt.reprint' : 'receipt.print',
      entity: 'payment',
      entityId: input.paymentId,
      after: copy ? { receipt: receipt.receiptLabel, copy: copiesPrinted } : { receipt: receipt.receiptLabel, original: true },
    });
    return { copy, pdf };
  });
  return pdfFile(`recibo-${receipt.receiptLabel}${copy ? '-copia' : ''}.pdf`, pdf);
}

export async function sessionReportFile(db: Knex, sessionId: number): Promise<DocumentFile> {
  const report = await buildSessionReport(db, sessionId);
  return pdfFile(`cierre-caja-${report.office.code}-${sessionId}.pdf`, await sessionReportPdf(report));
}
