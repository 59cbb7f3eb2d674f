/**
 * Bank collection files (Asobancaria 2001) and the queue of bank payments nobody could identify
 * (pagos por identificar). The file itself travels with `imports.begin` (kind 'asobancaria') and
 * `imports.chunk`, like the CSV imports.
 */
import { z } from 'zod';
import { empty, id, requiredText } from './common';
import type { CurrencyCode } from '../money';

const uploadId = z
  .string()
  .max(32, { message: 'Carga desconocida' })
  .regex(/^[a-f0-9]{32}$/, { message: 'Carga desconocida' });

export const bankFilesSchemas = {
  /** checks the structure and controls and says what would be applied; writes nothing */
  'bankFiles.preview': z.strictObject({ uploadId }),
  /** checks again and applies every payment in one transaction, or nothing */
  'bankFiles.commit': z.strictObject({ uploadId }),
  'bankFiles.list': empty,
  'unidentified.list': z.strictObject({ status: z.enum(['pendiente', 'asignado', 'devuelto', 'todos']).optional().default('pendiente') }),
  /** the coordinator names the account a bank payment belongs to; it is applied like a payment */
  'unidentified.assign': z.strictObject({ unidentifiedId: id, accountId: id, note: z.string().trim().max(300).optional().default('') }),
  /** the money goes back to the payer through the bank */
  'unidentified.return': z.strictObject({ unidentifiedId: id, note: requiredText(300) }),
};

export interface BankFileSummary {
  fileName: string;
  billerNit: string;
  bankCode: string;
  /** bank name when the code is known, else the code */
  bankName: string;
  accountNumber: string;
  collectionDate: string;
  fileDate: string;
  fileTime: string;
  modifier: string;
  lots: number;
  records: number;
  total: number;
  currency: CurrencyCode;
  /** references that match an invoice or account of this database */
  matchedCount: number;
  matchedAmount: number;
  /** go to the por-identificar queue */
  unidentifiedCount: number;
  unidentifiedAmount: number;
  /** the file was already imported (same bank, date, modifier and content) */
  duplicate: boolean;
  /**
   * false when the file's biller NIT (01 record) is not the company's: then no reference is matched
   * and every payment goes to por identificar (the screen should say so)
   */
  billerNitMatches?: boolean;
}

export interface BankFileProblem {
  /** 1-based line of the file, 0 for the file as a whole */
  line: number;
  /** Spanish: what differs, e.g. "el total del lote 0001 dice $ 120.000 y sus registros suman $ 118.000" */
  message: string;
}

export type BankFilePreview = { ok: true; summary: BankFileSummary } | { ok: false; problem: BankFileProblem };

export interface BankFileRecord {
  id: number;
  fileName: string;
  bankCode: string;
  bankName: string;
  collectionDate: string;
  modifier: string;
  records: number;
  total: number;
  appliedCount: number;
  unidentifiedCount: number;
  importedBy: string;
  importedAt: string;
}

export interface UnidentifiedPayment {
  id: number;
  bankFileId: number;
  fileName: string;
  line: number;
  reference: string;
  amount: number;
  collectionDate: string;
  bankCode: string;
  bankName: string;
  branch: string;
  paymentMedium: string;
  status: 'pendiente' | 'asignado' | 'devuelto';
  accountNumber: string | null;
  paymentId: number | null;
  note: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export interface BankFilesOutputs {
  'bankFiles.preview': BankFilePreview;
  'bankFiles.commit': { imported: true; bankFileId: number; summary: BankFileSummary };
  'bankFiles.list': BankFileRecord[];
  'unidentified.list': UnidentifiedPayment[];
  'unidentified.assign': UnidentifiedPayment;
  'unidentified.return': UnidentifiedPayment;
}
