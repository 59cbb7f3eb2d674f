/**
 * Petty cash (caja menor, issue 5): the fund of an office for a year set up by a resolution, its
 * budget lines (rubros), expense vouchers with their supports, advances (anticipos), reimbursement
 * when spending passes the threshold (70 % by default) of the fund or a line, the arqueo counted by
 * someone other than the custodian, cash transfers with the till, and the year-end legalisation.
 *
 * Money is in integer minor units. "Available" is the cash that should be in the box:
 * fund amount − unreimbursed expenses − open advances (+ transfers). A line's "spent" counts the
 * expenses since the last approved reimbursement (the line is restored with the fund).
 */
import { z } from 'zod';
import { fileInput, id, isoDate, optionalText, requiredText } from './common';
import { denominationCount, type DocumentFile } from './cashier';

const money = z.number().int({ message: 'Valor inválido' });
const positiveMoney = money.positive({ message: 'El valor debe ser mayor que cero' }).max(999_999_999_999, { message: 'Valor demasiado grande' });
const nonNegativeMoney = money.min(0, { message: 'El valor no puede ser negativo' }).max(999_999_999_999, { message: 'Valor demasiado grande' });

/** payee identification: NIT (validated with its check digit), cédula (digits, 3–10), cédula de extranjería, pasaporte */
export const PAYEE_ID_TYPES = ['NIT', 'CC', 'CE', 'PAS'] as const;
export type PayeeIdType = (typeof PAYEE_ID_TYPES)[number];

/** the supports a voucher accepts: a scan or a photo */
export const SUPPORT_MAX_BYTES = 10 * 1024 * 1024;
export const SUPPORT_TYPES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'imagen JPG',
  'image/png': 'imagen PNG',
};

/** the scan or photo, inline or sent first in chunks (attachments.begin/chunk), at most SUPPORT_MAX_BYTES; the back office checks its content */
const support = fileInput(SUPPORT_MAX_BYTES, 'El soporte supera el tamaño máximo de 10 MB');

const payee = z.strictObject({
  idType: z.enum(PAYEE_ID_TYPES),
  /** NIT "900123456-7" (check digit verified); cédula digits only */
  idNumber: requiredText(20),
  name: requiredText(120),
});

const budgetLineInput = z.strictObject({
  code: requiredText(20),
  name: requiredText(120),
  limit: positiveMoney,
});

export const EXPENSE_STATES = ['pendiente_soporte', 'registrado', 'en_reembolso', 'reembolsado', 'rechazado', 'legalizado'] as const;
export type ExpenseState = (typeof EXPENSE_STATES)[number];

export const REIMBURSEMENT_STATES = ['solicitado', 'aprobado', 'rechazado'] as const;
export type ReimbursementState = (typeof REIMBURSEMENT_STATES)[number];

const expenseFields = {
  fundId: id,
  date: isoDate,
  payee,
  concept: requiredText(200),
  budgetLineId: id,
  amount: positiveMoney,
  /** retención en la fuente, ICA… withheld from the payee: the payee receives amount − withholdings */
  withholdings: nonNegativeMoney.optional().default(0),
};

export const pettyCashSchemas = {
  /** the open fund of an office (the caller's by default) with its figures at a glance; null when there is none */
  'pettyCash.status': z.strictObject({ officeId: id.optional() }),
  /** every fund of an office, newest first (closed ones included) */
  'pettyCash.funds': z.strictObject({ officeId: id.optional() }),
  /** coordinator: set up the fund of an office for a year (one open fund per office) */
  'pettyCash.openFund': z.strictObject({
    officeId: id,
    year: z.number().int().min(2000).max(2100),
    resolutionNumber: requiredText(40),
    resolutionDate: isoDate,
    amount: positiveMoney,
    custodianId: id,
    /** reimbursement threshold in percent of the fund and of each line */
    thresholdPercent: z.number().int().min(1).max(100).optional().default(70),
    maxPerExpense: positiveMoney,
    budgetLines: z.array(budgetLineInput).min(1, { message: 'Agregue al menos un rubro' }).max(30),
    /** words or phrases refused in an expense's concept (préstamo, nómina, anticipo de salario…) */
    forbiddenConcepts: z.array(requiredText(80)).max(100),
  }),
  /** coordinator: the rules of an open fund (custodian, threshold, maximum per expense, forbidden concepts) */
  'pettyCash.updateFund': z.strictObject({
    fundId: id,
    custodianId: id,
    thresholdPercent: z.number().int().min(1).max(100),
    maxPerExpense: positiveMoney,
    forbiddenConcepts: z.array(requiredText(80)).max(100),
  }),
  /** the checks of an expense without saving it: the refusal (if any) and the warnings (split purchase) */
  'pettyCash.checkExpense': z.strictObject(expenseFields),
  /** custodian: the comprobante de egreso; without a support it is saved as pendiente de soporte */
  'pettyCash.recordExpense': z.strictObject({
    ...expenseFields,
    support: support.optional(),
    /** a double Enter or a resend with the same key records one expense */
    idempotencyKey: z.string().max(36).uuid().optional(),
  }),
  'pettyCash.attachSupport': z.strictObject({ expenseId: id, support }),
  'pettyCash.support': z.strictObject({ expenseId: id }),
  'pettyCash.voucherPdf': z.strictObject({ expenseId: id }),
  'pettyCash.expenses': z.strictObject({ fundId: id, state: z.enum(EXPENSE_STATES).optional() }),
  /** custodian: money handed out before the invoice exists */
  'pettyCash.giveAdvance': z.strictObject({
    fundId: id,
    date: isoDate,
    payee,
    concept: requiredText(200),
    budgetLineId: id,
    amount: positiveMoney,
  }),
  /** the advance settled with the invoice: the expense is the invoice's amount, the change comes back to the box */
  'pettyCash.settleAdvance': z.strictObject({
    advanceId: id,
    date: isoDate,
    invoiceAmount: positiveMoney,
    withholdings: nonNegativeMoney.optional().default(0),
    /** the cash returned; must equal advance − invoice amount when the invoice is smaller */
    returnedCash: nonNegativeMoney,
    support: support.optional(),
  }),
  'pettyCash.advances': z.strictObject({ fundId: id, openOnly: z.boolean().optional().default(true) }),
  /** custodian: ask for the reimbursement of the vouchers chosen (registered, not yet reimbursed) */
  'pettyCash.requestReimbursement': z.strictObject({ fundId: id, expenseIds: z.array(id).min(1, { message: 'Elija al menos un comprobante' }).max(2000) }),
  /** coordinator: approve (the fund is restored by the approved total) with the rejected vouchers returned with a reason, or reject it all */
  'pettyCash.decideReimbursement': z.strictObject({
    reimbursementId: id,
    approve: z.boolean(),
    rejected: z.array(z.strictObject({ expenseId: id, reason: requiredText(300) })).max(2000).optional().default([]),
    note: optionalText(500),
  }),
  'pettyCash.reimbursements': z.strictObject({ fundId: id }),
  /** the relación de gastos per budget line with the supports appended */
  'pettyCash.reimbursementPdf': z.strictObject({ reimbursementId: id }),
  /** a coordinator of the fund's office (or an administrator) other than the custodian counts the cash by denomination plus the vouchers and advances on hand */
  'pettyCash.arqueo': z.strictObject({
    fundId: id,
    cash: denominationCount,
    /** total of the voucher papers counted in the box (not yet reimbursed) */
    vouchersOnHand: nonNegativeMoney,
    /** total of the advance receipts counted */
    advancesOnHand: nonNegativeMoney,
    surprise: z.boolean().optional().default(true),
    note: optionalText(500),
  }),
  'pettyCash.arqueos': z.strictObject({ fundId: id }),
  'pettyCash.arqueoPdf': z.strictObject({ arqueoId: id }),
  /** cash between the caller's open till session and the fund; appears in both modules */
  'pettyCash.tillTransfer': z.strictObject({
    fundId: id,
    direction: z.enum(['caja_a_fondo', 'fondo_a_caja']),
    amount: positiveMoney,
    note: optionalText(300),
  }),
  /** coordinator: year-end legalisation; the unspent cash returned, the fund closed for good */
  'pettyCash.legalize': z.strictObject({ fundId: id, date: isoDate, returnedCash: nonNegativeMoney, note: optionalText(500) }),
  'pettyCash.finalReportPdf': z.strictObject({ fundId: id }),
};

export interface BudgetLineStatus {
  id: number;
  code: string;
  name: string;
  limit: number;
  /** expenses (and open advances) since the last approved reimbursement */
  spent: number;
  available: number;
  /** 0–100+, one decimal */
  usedPercent: number;
  thresholdPassed: boolean;
}

export interface PettyCashFund {
  id: number;
  officeId: number;
  officeCode: string;
  year: number;
  resolutionNumber: string;
  resolutionDate: string;
  amount: number;
  custodian: { id: number; name: string };
  thresholdPercent: number;
  maxPerExpense: number;
  forbiddenConcepts: string[];
  state: 'abierta' | 'legalizada';
  openedAt: string;
  closedAt: string | null;
  /** expense dates before this are refused (the latest voucher date of the last approved reimbursement, or the legalisation) */
  closedThrough: string | null;
}

export interface PettyCashAdvance {
  id: number;
  number: string;
  date: string;
  payee: { idType: PayeeIdType; idNumber: string; name: string };
  concept: string;
  budgetLineId: number;
  amount: number;
  state: 'abierto' | 'legalizado';
  /** calendar days since it was given */
  ageDays: number;
  settledExpenseId: number | null;
}

export interface PettyCashExpense {
  id: number;
  /** consecutive voucher number per fund, e.g. CM-GAR-2026-0001 */
  number: string;
  date: string;
  payee: { idType: PayeeIdType; idNumber: string; name: string };
  concept: string;
  budgetLine: { id: number; code: string; name: string };
  amount: number;
  withholdings: number;
  /** amount − withholdings: what the payee received */
  net: number;
  state: ExpenseState;
  support: { fileName: string; mimeType: string; size: number; sha256: string } | null;
  advanceId: number | null;
  reimbursementId: number | null;
  rejectedReason: string | null;
  createdBy: string;
  createdAt: string;
}

export interface PettyCashReimbursement {
  id: number;
  number: string;
  state: ReimbursementState;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string;
  /** requested total and the approved total (requested − rejected vouchers) */
  total: number;
  approvedTotal: number | null;
  byLine: { code: string; name: string; total: number }[];
  expenses: { id: number; number: string; payeeName: string; amount: number; state: ExpenseState; rejectedReason: string | null }[];
}

export interface PettyCashArqueo {
  id: number;
  at: string;
  countedBy: string;
  custodian: string;
  surprise: boolean;
  cash: number;
  vouchersOnHand: number;
  advancesOnHand: number;
  /** what the fund should hold in cash + papers */
  expected: number;
  /** cash + vouchers + advances − expected: negative is a faltante */
  difference: number;
  note: string;
}

export interface PettyCashTransfer {
  id: number;
  at: string;
  direction: 'caja_a_fondo' | 'fondo_a_caja';
  amount: number;
  by: string;
  tillName: string;
  note: string;
}

export interface PettyCashStatus {
  fund: PettyCashFund;
  budgetLines: BudgetLineStatus[];
  /** cash that should be in the box */
  available: number;
  /** registered and pending-support expenses not yet reimbursed (including those in a pending request) */
  unreimbursed: number;
  openAdvancesTotal: number;
  openAdvances: PettyCashAdvance[];
  pendingSupportCount: number;
  /** (unreimbursed + open advances) / amount, in percent, one decimal */
  usedPercent: number;
  /** the fund or a line passed the threshold: ask for a reimbursement */
  thresholdPassed: boolean;
  /** Spanish alert naming what passed, e.g. "Se superó el 70 % del fondo (72,4 %)" */
  alerts: string[];
  pendingReimbursement: PettyCashReimbursement | null;
  lastArqueo: PettyCashArqueo | null;
  transfers: PettyCashTransfer[];
}

export interface ExpenseCheck {
  /** the Spanish reason it would be refused, or null */
  refusal: string | null;
  /** e.g. "Ya hay 2 gastos a Papelería El Sol hoy por $ 180.000: ¿es una compra fraccionada?" */
  warnings: string[];
}

export interface PettyCashOutputs {
  'pettyCash.status': PettyCashStatus | null;
  'pettyCash.funds': PettyCashFund[];
  'pettyCash.openFund': PettyCashStatus;
  'pettyCash.updateFund': PettyCashStatus;
  'pettyCash.checkExpense': ExpenseCheck;
  'pettyCash.recordExpense': { expense: PettyCashExpense; warnings: string[]; voucher: DocumentFile };
  'pettyCash.attachSupport': PettyCashExpense;
  'pettyCash.support': DocumentFile & { sha256: string };
  'pettyCash.voucherPdf': DocumentFile;
  'pettyCash.expenses': PettyCashExpense[];
  'pettyCash.giveAdvance': { advance: PettyCashAdvance; voucher: DocumentFile };
  'pettyCash.settleAdvance': { advance: PettyCashAdvance; expense: PettyCashExpense; voucher: DocumentFile };
  'pettyCash.advances': PettyCashAdvance[];
  'pettyCash.requestReimbursement': { reimbursement: PettyCashReimbursement; report: DocumentFile };
  'pettyCash.decideReimbursement': PettyCashReimbursement;
  'pettyCash.reimbursements': PettyCashReimbursement[];
  'pettyCash.reimbursementPdf': DocumentFile;
  'pettyCash.arqueo': { arqueo: PettyCashArqueo; acta: DocumentFile };
  'pettyCash.arqueos': PettyCashArqueo[];
  'pettyCash.arqueoPdf': DocumentFile;
  'pettyCash.tillTransfer': PettyCashTransfer;
  'pettyCash.legalize': { fund: PettyCashFund; report: DocumentFile };
  'pettyCash.finalReportPdf': DocumentFile;
}
