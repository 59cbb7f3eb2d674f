import { z } from 'zod';
import { email, id, phone, shortText } from './common';

export const ID_TYPES = ['CC', 'NIT', 'CE', 'PAS'] as const;
export type IdType = (typeof ID_TYPES)[number];
export const USES = ['residencial', 'comercial', 'industrial', 'oficial', 'especial'] as const;
export type Use = (typeof USES)[number];
export const ACCOUNT_STATUSES = ['activo', 'suspendido', 'cortado', 'retirado'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const accountsSchemas = {
  /** by account number, cédula/NIT, holder name (prefix of any word), address or meter number */
  'accounts.search': z.strictObject({
    query: z.string().trim().min(1, { message: 'Escriba algo para buscar' }).max(80),
    limit: z.number().int().min(1).max(50).optional().default(20),
  }),
  'accounts.get': z.strictObject({ accountId: id }),
  'accounts.updateContact': z.strictObject({
    accountId: id,
    phone: phone,
    email: email,
    noticeAddress: shortText(120),
  }),
  'invoices.get': z.strictObject({ invoiceId: id }),
};

export interface AccountSummary {
  id: number;
  number: string;
  holderName: string;
  idType: IdType;
  idNumber: string;
  address: string;
  meterNumber: string;
  status: AccountStatus;
  /** sum of open invoice balances, minor units */
  balance: number;
}

export interface InvoiceRow {
  id: number;
  number: string;
  period: string;
  issueDate: string;
  dueDate: string;
  suspensionDate: string | null;
  consumptionM3: number;
  paymentReference: string;
  total: number;
  balance: number;
  /** overdue: balance > 0 and due date before today in the office's zone */
  overdue: boolean;
  /** the payment agreement that took (novated) the invoice's balance, when one did (the account page's history) */
  paidByAgreement?: { id: number; number: string } | null;
}

export interface AccountDetail extends AccountSummary {
  neighborhood: string;
  cityDane: string;
  estrato: number | null;
  use: Use;
  cycle: string;
  route: string;
  routeSequence: number;
  phone: string;
  email: string;
  noticeAddress: string;
  /** credit in favour of the account (overpayments), minor units */
  creditBalance: number;
  openInvoices: InvoiceRow[];
  /** every invoice, newest period first */
  invoiceHistory: InvoiceRow[];
  updatedAt: string;
}

export interface InvoiceLine {
  lineNo: number;
  concept: string;
  quantity: string;
  unitValue: number;
  amount: number;
}

export interface InvoiceDetail extends InvoiceRow {
  accountId: number;
  accountNumber: string;
  previousReading: number | null;
  currentReading: number | null;
  lines: InvoiceLine[];
}

export interface AccountsOutputs {
  'accounts.search': AccountSummary[];
  'accounts.get': AccountDetail;
  'accounts.updateContact': AccountDetail;
  'invoices.get': InvoiceDetail;
}
