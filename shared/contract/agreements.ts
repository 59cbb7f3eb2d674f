/**
 * The contract of issue 16, acuerdos de pago: the policy and the usury rates, the simulation, the
 * agreement (signed, approved, waiting for its down payment, active, kept or broken), and the monitor.
 * Money in integer minor units, rates in basis points of an effective annual rate (2_450 = 24,50 % E.A.),
 * dates 'YYYY-MM-DD'.
 */
import { z } from 'zod';
import { id, isoDate, optionalText, requiredText } from './common';
import { coordinatorApproval } from './cashier';
import type { DocumentFile } from './cashier';

export const AGREEMENT_STATES = ['pendiente', 'activo', 'cumplido', 'incumplido', 'vencido', 'anulado'] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];
export const AGREEMENT_HEALTH = ['al_dia', 'en_mora'] as const;
export type AgreementHealth = (typeof AGREEMENT_HEALTH)[number];
export const SIGNER_RELATIONS = ['titular', 'propietario', 'arrendatario'] as const;
export type SignerRelation = (typeof SIGNER_RELATIONS)[number];
export const AGREEMENT_CHANNELS = ['presencial', 'telefono'] as const;

const bp = z.number().int().min(0).max(10_000);
const money = z.number().int().min(0).max(999_999_999_999);

/** The administrator's policy (a setting: terms vary by company; DOMAIN.md «Collections and agreements»). */
export const agreementPolicyFields = z.strictObject({
  /** minimum down payment, in basis points of the debt, for residential accounts by estrato 1…6 */
  minDownPaymentBpByEstrato: z.array(bp).length(6),
  /** minimum down payment for the other uses (comercial, industrial, oficial, especial) */
  minDownPaymentBpOther: bp,
  /** the most installments allowed */
  maxInstallments: z.number().int().min(1).max(60),
  /** financing rate (E.A., basis points) for residential and for the other uses; may be zero */
  rateBpResidential: bp,
  rateBpOther: bp,
  /** the largest debt an agreement may finance (0: no limit) */
  maxAmount: money,
  /** a coordinator approves above this debt… */
  approvalAboveAmount: money,
  /** …or above this number of installments */
  approvalAboveInstallments: z.number().int().min(1).max(60),
  /** no new agreement for an account with a broken one in the last N months (0: never refused for that) */
  brokenLookbackMonths: z.number().int().min(0).max(120),
  /** the account statuses that may sign */
  allowedStatuses: z.array(z.enum(['activo', 'suspendido', 'cortado', 'retirado'])).min(1).max(4),
  /** business days to pay the down payment after signing; then the agreement expires */
  downPaymentDays: z.number().int().min(0).max(30),
  /** an active agreement with this many installments past due is broken (incumplido) */
  missedToBreak: z.number().int().min(1).max(12),
  /** the smallest installment (minor units) */
  minInstallment: money,
});
export type AgreementPolicy = z.infer<typeof agreementPolicyFields>;
export const DEFAULT_AGREEMENT_POLICY: AgreementPolicy = {
  // a 17 % down payment is the common practice (DOMAIN.md); lower for estratos 1 and 2
  minDownPaymentBpByEstrato: [1_000, 1_000, 1_700, 1_700, 1_700, 1_700],
  minDownPaymentBpOther: 1_700,
  maxInstallments: 6,
  rateBpResidential: 0,
  rateBpOther: 1_800,
  maxAmount: 0,
  approvalAboveAmount: 2_000_000,
  approvalAboveInstallments: 6,
  brokenLookbackMonths: 12,
  allowedStatuses: ['activo', 'suspendido'],
  downPaymentDays: 5,
  missedToBreak: 2,
  minInstallment: 1_000,
};

const debtRef = z.strictObject({ kind: z.enum(['invoice', 'charge']), id });

const terms = {
  accountId: id,
  debts: z.array(debtRef).min(1, { message: 'Elija al menos una factura o cobro para financiar' }).max(200),
  /** the down payment: a percentage of the debt (basis points) or an amount; exactly one */
  downPaymentBp: bp.optional(),
  downPaymentAmount: money.optional(),
  installments: z.number().int().min(1).max(60),
  firstDueDate: isoDate,
  dayOfMonth: z.number().int().min(1).max(31),
  /** the rate asked for (E.A., basis points); default: the policy's for the account's use */
  annualRateBp: bp.optional(),
};

export const agreementsSchemas = {
  'agreements.policy': z.strictObject({}),
  'agreements.savePolicy': agreementPolicyFields,
  'agreements.usuryRates': z.strictObject({}),
  /** the usury rate certified for a period (Superintendencia Financiera) */
  'agreements.saveUsuryRate': z.strictObject({ validFrom: isoDate, validTo: isoDate, annualRateBp: z.number().int().min(1).max(10_000), source: requiredText(200) }),
  'agreements.simulate': z.strictObject(terms),
  'agreements.create': z.strictObject({
    ...terms,
    idempotencyKey: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
    channel: z.enum(AGREEMENT_CHANNELS),
    signerName: requiredText(120),
    signerIdNumber: requiredText(20),
    signerRelation: z.enum(SIGNER_RELATIONS),
    /** a tenant: the subscriber's written authorisation (what, when) */
    authorisation: optionalText(300),
    /** the customer's express consent to include an invoice under an open reclamo */
    reclamoConsent: optionalText(300),
    approval: coordinatorApproval.optional(),
  }),
  'agreements.get': z.strictObject({ agreementId: id }),
  'agreements.ofAccount': z.strictObject({ accountId: id }),
  /** the report: agreements by state, office and month of signing */
  'agreements.report': z.strictObject({ month: z.string().max(7).regex(/^\d{4}-\d{2}$/, { message: 'Mes inválido (use AAAA-MM)' }).optional(), state: z.enum(AGREEMENT_STATES).optional() }),
  /** a waiting agreement annulled with the reason (its down payment not paid) */
  'agreements.annul': z.strictObject({ agreementId: id, reason: requiredText(300).min(5, { message: 'Explique el motivo (mínimo 5 caracteres)' }) }),
  /** the acta with its coupons (GS1-128), as a PDF */
  'agreements.actaPdf': z.strictObject({ agreementId: id }),
  /** an agreement made by phone: the acta goes by certified mail (outgoing correspondence, radicado de salida) */
  'agreements.sendByMail': z.strictObject({ agreementId: id }),
  /** the monitor on demand: expired down payments, installments past due, broken and kept agreements */
  'agreements.runMonitor': z.strictObject({}),
  /** what the simulator starts from: the account's open debts (overdue first chosen), the policy's limits for it, a live agreement */
  'agreements.candidates': z.strictObject({ accountId: id }),
  /** the report as a CSV (the same filters) */
  'agreements.reportCsv': z.strictObject({ month: z.string().max(7).regex(/^\d{4}-\d{2}$/, { message: 'Mes inválido (use AAAA-MM)' }).optional(), state: z.enum(AGREEMENT_STATES).optional() }),
};

export interface UsuryRate {
  id: number;
  validFrom: string;
  validTo: string;
  annualRateBp: number;
  source: string;
}

export interface SimulatedDebt {
  kind: 'invoice' | 'charge';
  id: number;
  label: string;
  dueDate: string;
  balance: number;
  /** an open reclamo or recurso about it (included only with the customer's express consent) */
  underReclamo: boolean;
}

export interface AgreementScheduleLine {
  number: number;
  dueDate: string;
  principal: number;
  interest: number;
  total: number;
  balanceAfter: number;
  /** once active: what is still owed on it */
  balance: number | null;
}

export interface Simulation {
  accountId: number;
  accountNumber: string;
  debts: SimulatedDebt[];
  debtTotal: number;
  downPayment: number;
  minDownPayment: number;
  financed: number;
  annualRateBp: number;
  usuryRateBp: number | null;
  installments: number;
  /** the first due date, moved to a business day when it fell on a non-business day */
  firstDueDate: string;
  lines: AgreementScheduleLine[];
  totalInterest: number;
  total: number;
  downPaymentDeadline: string;
  /** a coordinator must approve (above the policy's amount or number of installments) */
  needsApproval: boolean;
  /** Spanish notes the screen shows (a date moved, an invoice under reclamo…) */
  warnings: string[];
}

/** an open debt the simulator offers, overdue or not */
export interface CandidateDebt extends SimulatedDebt {
  overdue: boolean;
}

export interface AgreementCandidates {
  accountId: number;
  accountNumber: string;
  holderName: string;
  /** the business date of the company (the first due date must come after it) */
  today: string;
  debts: CandidateDebt[];
  /** the policy for this account's use and estrato */
  minDownPaymentBp: number;
  maxInstallments: number;
  annualRateBp: number;
  approvalAboveAmount: number;
  approvalAboveInstallments: number;
  /** the account's live agreement (pendiente or activo): a second one is refused */
  live: { id: number; number: string; state: AgreementState } | null;
}

/** one line of the agreement's history, from its audit rows */
export interface AgreementEvent {
  at: string;
  actor: string;
  /** what happened, in Spanish */
  text: string;
}

export interface AgreementDetail extends Omit<Simulation, 'needsApproval' | 'minDownPayment'> {
  id: number;
  number: string;
  officeId: number;
  state: AgreementState;
  health: AgreementHealth;
  channel: (typeof AGREEMENT_CHANNELS)[number];
  holderName: string;
  signerName: string;
  signerIdNumber: string;
  signerRelation: SignerRelation;
  authorisation: string;
  reclamoConsent: string;
  approvedBy: string | null;
  businessDate: string;
  downPaymentChargeId: number | null;
  /** what is still owed on the down payment */
  downPaymentBalance: number;
  activatedOn: string | null;
  endedOn: string | null;
  endReason: string;
  /** the acta sent by certified mail: its outgoing correspondence */
  correspondence: { id: number; radicado: string } | null;
  /** what was paid on a down payment that expired and went to the account's credit (saldo a favor) */
  creditReturned: number;
  history: AgreementEvent[];
}

export interface AgreementRow {
  id: number;
  number: string;
  officeCode: string;
  accountNumber: string;
  holderName: string;
  state: AgreementState;
  health: AgreementHealth;
  businessDate: string;
  debtTotal: number;
  downPayment: number;
  financed: number;
  totalInterest: number;
  /** installments still owed (principal and interest) */
  outstanding: number;
}

export interface AgreementReport {
  rows: AgreementRow[];
  /** by state: how many and the amounts */
  byState: { state: AgreementState; count: number; debtTotal: number; outstanding: number }[];
}

export interface MonitorResult {
  businessDate: string;
  expired: number;
  broken: number;
  fulfilled: number;
  inArrears: number;
}

export interface AgreementsOutputs {
  'agreements.policy': AgreementPolicy;
  'agreements.savePolicy': AgreementPolicy;
  'agreements.usuryRates': UsuryRate[];
  'agreements.saveUsuryRate': UsuryRate;
  'agreements.simulate': Simulation;
  'agreements.create': AgreementDetail;
  'agreements.get': AgreementDetail;
  'agreements.ofAccount': AgreementDetail[];
  'agreements.report': AgreementReport;
  'agreements.runMonitor': MonitorResult;
  'agreements.actaPdf': DocumentFile;
  'agreements.annul': AgreementDetail;
  'agreements.sendByMail': { correspondenceId: number; radicado: string };
  'agreements.candidates': AgreementCandidates;
  'agreements.reportCsv': DocumentFile;
}
