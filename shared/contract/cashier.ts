/**
 * The cashier (caja): tills, cash sessions, payments at the counter, receipts, voids, cash
 * movements, closing, other charges (cobros varios), paz y salvo and the collection report.
 * Money is integer minor units everywhere.
 */
import { z } from 'zod';
import { empty, id, isoDate, requiredText, shortText } from './common';
import type { DenominationCount, Denomination } from '../denominations';
import type { AccountDetail, InvoiceRow } from './accounts';
import type { CurrencyCode, ExactAmount } from '../money';
import type { AuditAnchorPoint } from './backups';

export const PAYMENT_METHODS = ['efectivo', 'tarjeta_debito', 'tarjeta_credito', 'transferencia', 'cheque'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** bank payments (Asobancaria files) carry the method 'banco' */
export type TenderMethod = PaymentMethod | 'banco';

export const RECEIPT_LAYOUTS = ['termica80', 'carta'] as const;
export type ReceiptLayout = (typeof RECEIPT_LAYOUTS)[number];

export const CASH_MOVEMENT_KINDS = ['entrada', 'salida'] as const;
export type CashMovementKind = (typeof CASH_MOVEMENT_KINDS)[number];
/** reasons offered on screen; the note says the rest */
export const CASH_MOVEMENT_REASONS = ['fondo_de_cambio', 'consignacion_banco', 'traslado_caja_menor', 'retiro_parcial', 'otro'] as const;
export type CashMovementReason = (typeof CASH_MOVEMENT_REASONS)[number];

const money = z.number().int({ message: 'Valor inválido' });
const positiveMoney = money.positive({ message: 'El valor debe ser mayor que cero' }).max(999_999_999_999, { message: 'Valor demasiado grande' });

export const denominationCount = z
  .array(
    z.strictObject({
      kind: z.enum(['billete', 'moneda']),
      value: z.number().int().positive(),
      quantity: z.number().int().min(0, { message: 'La cantidad no puede ser negativa' }).max(100_000),
    }),
  )
  .max(40);

export const tender = z.strictObject({
  method: z.enum(PAYMENT_METHODS),
  /** what this method pays of the total (cash: net of change) */
  amount: positiveMoney,
  /** cash only: what the customer handed over (≥ amount); the change is the difference */
  received: positiveMoney.optional(),
  /** card voucher, transfer reference or cheque number (required for those methods) */
  reference: shortText(40).optional().default(''),
  /** cheque: the bank */
  bank: shortText(60).optional().default(''),
});

/** a coordinator's credentials typed on the cashier's screen to authorise an act on the spot */
export const coordinatorApproval = z.strictObject({
  username: requiredText(30),
  password: z.string().min(1, { message: 'Obligatorio' }).max(200),
});

const debtRef = z.strictObject({ kind: z.enum(['invoice', 'charge']), id });

/** how a void gives back the cash part of the payment: from the drawer, or by bank transfer (with its reference) */
export const VOID_REFUND_METHODS = ['efectivo', 'transferencia'] as const;
export type VoidRefundMethod = (typeof VOID_REFUND_METHODS)[number];

export const cashierSchemas = {
  'cashier.denominations': empty,
  /** the tills of the caller's office (administrators: of every office) */
  'tills.list': empty,
  'tills.save': z.strictObject({
    tillId: id.optional(),
    officeId: id,
    code: requiredText(10),
    name: requiredText(60),
    receiptLayout: z.enum(RECEIPT_LAYOUTS),
    active: z.boolean(),
  }),

  /** the caller's open session, or null */
  'cashier.current': empty,
  'cashier.open': z.strictObject({ tillId: id, count: denominationCount }),

  /** a scanned payment barcode, raw as the scanner typed it */
  'cashier.scan': z.strictObject({ code: z.string().min(1).max(200) }),
  /** an account as the payment screen needs it: its open invoices and charges */
  'cashier.account': z.strictObject({ accountId: id }),

  'cashier.pay': z.strictObject({
    /** made by the screen once per payment; a resend with the same key returns the same receipt */
    idempotencyKey: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
    accountId: id,
    /** debts the cashier picked, in order; omitted = oldest first, the debts held by an agreement waiting for its down payment left out (shared/allocation defaultOrder) */
    picked: z.array(debtRef).max(200).optional(),
    /** other charges added now from the price list, paid first on the same receipt */
    newCharges: z.array(z.strictObject({ chargeItemId: id, quantity: z.number().int().min(1).max(99) })).max(20).optional().default([]),
    tenders: z.array(tender).min(1, { message: 'Indique cómo paga el cliente' }).max(6),
    /** a coordinator on the spot, when the card, transfer and cheque tenders pass the setting's threshold */
    approval: coordinatorApproval.optional(),
  }),

  'cashier.receipt': z.strictObject({ paymentId: id }),
  /** the receipt as a PDF; `copy` counts a reprint and prints COPIA */
  'cashier.receiptPdf': z.strictObject({ paymentId: id, copy: z.boolean(), layout: z.enum(RECEIPT_LAYOUTS).optional() }),
  /** receipts of a session (default: the caller's open one) */
  'cashier.payments': z.strictObject({ sessionId: id.optional() }),
  /** find a receipt by its number in the caller's office (for a void or a reprint) */
  'cashier.findReceipt': z.strictObject({ receiptNumber: z.number().int().positive() }),

  'cashier.movement': z.strictObject({
    kind: z.enum(CASH_MOVEMENT_KINDS),
    amount: positiveMoney,
    reason: z.enum(CASH_MOVEMENT_REASONS),
    note: shortText(300).optional().default(''),
  }),

  'cashier.void': z.strictObject({
    paymentId: id,
    reason: requiredText(300).min(5, { message: 'Explique el motivo (mínimo 5 caracteres)' }),
    approval: coordinatorApproval,
    /** how the cash part goes back (default: from the drawer); by transfer when the drawer cannot cover it */
    refund: z
      .strictObject({
        method: z.enum(VOID_REFUND_METHODS),
        /** the transfer's reference (required for a transfer) */
        reference: shortText(40).optional().default(''),
      })
      .optional(),
  }),

  /** what the closing would show for this count; writes nothing */
  'cashier.closePreview': z.strictObject({ count: denominationCount }),
  'cashier.close': z.strictObject({
    count: denominationCount,
    note: shortText(300).optional().default(''),
    /** needed when the difference is above the limit */
    approval: coordinatorApproval.optional(),
    /**
     * the difference the coordinator approved, as the preview showed it (closePreview's `difference`):
     * a close that computes another one (a payment, void or movement got in meanwhile) is refused
     */
    approvedDifference: z.string().max(31).regex(/^-?\d{1,30}$/, 'La diferencia aprobada debe ser un número entero').optional(),
  }),
  /** coordinator: open sessions of the office (forgotten ones to force-close) */
  'cashier.openSessions': empty,
  'cashier.forceClose': z.strictObject({ sessionId: id, count: denominationCount, note: requiredText(300) }),
  /** sessions: a cashier sees their own; coordinators and administrators any of their office */
  'cashier.sessions': z.strictObject({ from: isoDate.optional(), to: isoDate.optional(), cashierId: id.optional() }),
  'cashier.sessionReport': z.strictObject({ sessionId: id }),
  'cashier.sessionReportPdf': z.strictObject({ sessionId: id }),

  'chargeItems.list': empty,
  'chargeItems.save': z.strictObject({
    chargeItemId: id.optional(),
    code: requiredText(20),
    name: requiredText(100),
    amount: positiveMoney,
    active: z.boolean(),
  }),

  'pazYSalvo.issue': z.strictObject({ accountId: id }),
  'pazYSalvo.pdf': z.strictObject({ certificateId: id }),
  /** anyone (no login needed) checks a certificate's code */
  'pazYSalvo.verify': z.strictObject({ code: z.string().trim().min(1).max(40) }),

  /** daily collection report (recaudo diario) per office, cashier and method */
  'reports.recaudo': z.strictObject({ from: isoDate, to: isoDate, officeId: id.optional() }),
  'reports.recaudoFile': z.strictObject({ from: isoDate, to: isoDate, officeId: id.optional(), format: z.enum(['pdf', 'csv']) }),
};

/** A generated paper or file, ready to preview, save or print. */
export interface DocumentFile {
  fileName: string;
  /** 'application/pdf', 'text/csv', or an attachment's own type */
  mimeType: string;
  base64: string;
}

export interface Till {
  id: number;
  officeId: number;
  officeCode: string;
  code: string;
  name: string;
  receiptLayout: ReceiptLayout;
  active: boolean;
  /** the cashier using it now, if a session is open */
  openBy: string | null;
}

export interface CashSession {
  id: number;
  officeId: number;
  tillId: number;
  tillName: string;
  cashierId: number;
  cashierName: string;
  status: 'abierta' | 'cerrada';
  businessDate: string;
  openedAt: string;
  openingFloat: number;
  openingCount: DenominationCount[];
  closedAt: string | null;
  countedCash: number | null;
  expectedCash: number | null;
  difference: number | null;
  forced: boolean;
  /** receipts taken in the session (voided ones included) */
  paymentCount: number;
  /** sum of live payments */
  collected: number;
}

export interface OpenCharge {
  id: number;
  concept: string;
  quantity: number;
  amount: number;
  balance: number;
  businessDate: string;
}

export interface PayableAccount {
  account: AccountDetail;
  openCharges: OpenCharge[];
  /** open invoices + open charges, less the debts held by an agreement waiting for its down payment */
  totalDue: number;
  /**
   * An agreement of the account that waits for its down payment: the invoices and charges it will
   * finance are held out of "Todo el saldo" and "Debe" (paying them would stop its activation).
   */
  heldByAgreement: HeldByAgreement | null;
}

export interface HeldByAgreement {
  agreementId: number;
  agreementNumber: string;
  /** the financed debts, still open */
  debts: { kind: 'invoice' | 'charge'; id: number }[];
  /** their open balance */
  total: number;
}

export interface ScanResult {
  account: PayableAccount;
  /** the invoice the barcode names (null: it names an other charge, a payment agreement's coupon) */
  invoice: InvoiceRow | null;
  /** the debt the barcode names, to pick it: an invoice, or a charge (an agreement's down payment or installment) */
  debt: { kind: 'invoice' | 'charge'; id: number };
  /** what the barcode asks */
  amount: number;
  dueDate: string | null;
  /** Spanish warnings for the cashier: due date passed (interest may apply), already paid, amount differs… */
  warnings: string[];
}

export interface ReceiptTender {
  method: TenderMethod;
  amount: number;
  reference: string;
  bank: string;
}

export interface ReceiptLine {
  /** 'invoice' or 'charge' */
  kind: 'invoice' | 'charge';
  id: number;
  /** invoice number and period, or the charge's concept */
  description: string;
  amount: number;
  balanceAfter: number;
}

/** Everything a receipt shows, on screen and on paper. */
export interface Receipt {
  paymentId: number;
  receiptNumber: number;
  /** e.g. "GAR-000123" */
  receiptLabel: string;
  company: { name: string; nit: string; logoDataUrl: string };
  office: { code: string; name: string; address: string; phone: string; city: string };
  cashierName: string;
  tillName: string;
  postedAt: string;
  /** postedAt in the company's zone, "dd/mm/aaaa hh:mm" */
  postedAtText: string;
  account: { id: number; number: string; holderName: string; address: string };
  lines: ReceiptLine[];
  tenders: ReceiptTender[];
  amount: number;
  cashReceived: number;
  change: number;
  creditAdded: number;
  /** the account's debt after this payment */
  balanceAfter: number;
  currency: CurrencyCode;
  verificationCode: string;
  status: 'vigente' | 'anulado';
  void: { reason: string; at: string; approvedBy: string; voidedBy: string } | null;
  copiesPrinted: number;
  layout: ReceiptLayout;
  /** the company's time zone, for the times the paper prints (void time); optional, added by the documents engineer */
  timeZone?: string;
  /** the reconnection this payment ordered (issue 17: a suspended account left with nothing overdue) */
  reconnection?: { number: string; dueAt: string; dueAtText: string } | null;
}

export interface ReceiptListItem {
  paymentId: number;
  receiptNumber: number;
  receiptLabel: string;
  postedAt: string;
  accountNumber: string;
  holderName: string;
  amount: number;
  methods: TenderMethod[];
  status: 'vigente' | 'anulado';
}

export interface CashMovement {
  id: number;
  sessionId: number;
  kind: CashMovementKind;
  amount: number;
  reason: CashMovementReason;
  note: string;
  userName: string;
  createdAt: string;
}

export interface VoidResult {
  receipt: Receipt;
  /** cash to hand back from the drawer now (0 when the refund goes by transfer) */
  cashReturned: number;
  /** how the cash part of the payment goes back: from the drawer, or by transfer with its reference */
  refund: { method: VoidRefundMethod; amount: number; reference: string };
}

export interface MethodTotal {
  method: TenderMethod;
  count: number;
  /** exact sum (may pass 2^53) */
  amount: ExactAmount;
}

/**
 * The closing arithmetic, on screen before closing and on the closing report. The sums are exact
 * (ExactAmount: the database's own integer sums, combined as BigInt), whatever their size.
 */
export interface ClosingSummary {
  sessionId: number;
  openingFloat: number;
  /** cash handed over by customers */
  cashReceived: ExactAmount;
  changeGiven: ExactAmount;
  cashIn: ExactAmount;
  cashOut: ExactAmount;
  /** cash handed back for voids posted in this session */
  voidsCashReturned: ExactAmount;
  /** opening + cash received − change + cash in − cash out − cash returned by voids */
  expectedCash: ExactAmount;
  countedCash: number;
  /** counted − expected: > 0 sobrante, < 0 faltante */
  difference: ExactAmount;
  /** live payments of the session per method (voided ones excluded) */
  perMethod: MethodTotal[];
  limit: number;
  needsApproval: boolean;
}

export interface SessionReport {
  session: CashSession;
  company: { name: string; nit: string; logoDataUrl: string };
  office: { code: string; name: string };
  currency: CurrencyCode;
  summary: ClosingSummary;
  closingCount: DenominationCount[] | null;
  receipts: ReceiptListItem[];
  /** voids posted in this session (their payments may be from earlier sessions) */
  voids: {
    paymentId: number;
    receiptLabel: string;
    amount: number;
    cashReturned: number;
    /** how the cash part went back; by transfer, its reference */
    refundMethod: VoidRefundMethod;
    refundReference: string;
    reason: string;
    approvedBy: string;
    at: string;
  }[];
  movements: CashMovement[];
  approvedBy: string | null;
  closeNote: string;
  /** the company's time zone, for the times the paper prints; optional, added by the documents engineer */
  timeZone?: string;
  /** the audit chain's anchor taken by the closing act (null while open or closed before anchors existed) */
  auditAnchor?: AuditAnchorPoint | null;
}

export interface ChargeItem {
  id: number;
  code: string;
  name: string;
  amount: number;
  active: boolean;
}

export interface PazYSalvoCertificate {
  id: number;
  number: number;
  /** e.g. "PYS-2026-000012" */
  label: string;
  account: { id: number; number: string; holderName: string; idType: string; idNumber: string; address: string };
  company: { name: string; nit: string; logoDataUrl: string };
  office: { code: string; name: string; city: string };
  businessDate: string;
  validUntil: string;
  verificationCode: string;
  issuedBy: string;
  issuedAt: string;
}

export interface PazYSalvoCheck {
  status: 'vigente' | 'vencido' | 'desconocido';
  /** Spanish sentence for the screen */
  message: string;
  certificate: { label: string; accountNumber: string; holderName: string; businessDate: string; validUntil: string } | null;
}

export interface RecaudoRow {
  businessDate: string;
  officeCode: string;
  cashierName: string;
  method: TenderMethod;
  count: number;
  /** exact sum (may pass 2^53) */
  amount: ExactAmount;
}

/** The collection report; every amount is an exact sum (ExactAmount), whatever the range's size. */
export interface RecaudoReport {
  from: string;
  to: string;
  officeCode: string | null;
  currency: CurrencyCode;
  company: { name: string; nit: string; logoDataUrl: string };
  rows: RecaudoRow[];
  /** per method over the range */
  totals: MethodTotal[];
  total: ExactAmount;
  voidedCount: number;
  voidedAmount: ExactAmount;
}

export interface CashierOutputs {
  'cashier.denominations': { currency: CurrencyCode; denominations: Denomination[] };
  'tills.list': Till[];
  'tills.save': Till;
  'cashier.current': CashSession | null;
  'cashier.open': CashSession;
  'cashier.scan': ScanResult;
  'cashier.account': PayableAccount;
  'cashier.pay': Receipt;
  'cashier.receipt': Receipt;
  'cashier.receiptPdf': DocumentFile;
  'cashier.payments': ReceiptListItem[];
  'cashier.findReceipt': Receipt;
  'cashier.movement': CashMovement;
  'cashier.void': VoidResult;
  'cashier.closePreview': ClosingSummary;
  'cashier.close': SessionReport;
  'cashier.openSessions': CashSession[];
  'cashier.forceClose': SessionReport;
  'cashier.sessions': CashSession[];
  'cashier.sessionReport': SessionReport;
  'cashier.sessionReportPdf': DocumentFile;
  'chargeItems.list': ChargeItem[];
  'chargeItems.save': ChargeItem;
  'pazYSalvo.issue': { certificate: PazYSalvoCertificate; file: DocumentFile };
  'pazYSalvo.pdf': DocumentFile;
  'pazYSalvo.verify': PazYSalvoCheck;
  'reports.recaudo': RecaudoReport;
  'reports.recaudoFile': DocumentFile;
}
