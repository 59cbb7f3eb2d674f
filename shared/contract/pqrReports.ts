/**
 * PQR reports (issue 4, item 10): the monthly SUI "Formato A" file for the SSPD and the monthly PQR
 * report (on screen with charts, and as PDF). Coordinators and administrators only. The file layout is
 * documented in resources/samples/SUI-FORMATO-A.md.
 */
import { z } from 'zod';
import { id } from './common';
import type { DocumentFile } from './cashier';
import type { PqrType } from './pqr';

/** 'YYYY-MM', a calendar month of business dates */
export const yearMonth = z
  .string()
  .max(7, { message: 'Mes inválido (use AAAA-MM)' })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'Mes inválido (use AAAA-MM)' });

const monthQuery = z.strictObject({
  month: yearMonth,
  /** one office. A coordinator always gets their own (another is refused); an administrator (and the CLI) gets every office when it is left out */
  officeId: id.optional(),
});

export const pqrReportsSchemas = {
  /** the SUI Formato A CSV of a month: filed or answered in the month, plus what is still pending from earlier; `header`: with the column names as first line */
  'pqrReports.suiFormatoA': monthQuery.extend({ header: z.boolean().optional().default(false) }),
  /** the monthly PQR report: figures, by type and causal, per day */
  'pqrReports.monthly': monthQuery,
  /** the same report as a PDF (letter size, charts, "Página n de m") */
  'pqrReports.monthlyPdf': monthQuery,
};

export interface SuiFormatoAResult {
  file: DocumentFile;
  /** data rows in the file (there is no header row) */
  rows: number;
  /** of those, PQRs filed in an earlier month that were still unanswered when the month began */
  pendingFromEarlier: number;
  /** the first line holds the column names */
  header: boolean;
  /** rows received on an earlier business day than they were filed (column 5 is the day received) */
  enteredLate: { radicado: string; receivedDate: string; filedDate: string }[];
}

export interface PqrMonthlyByType {
  type: PqrType;
  name: string;
  received: number;
  answered: number;
  pending: number;
}

export interface PqrMonthlyByCausal {
  group: 'F' | 'P';
  code: string;
  name: string;
  received: number;
}

export interface PqrMonthlyDay {
  date: string;
  received: number;
  answered: number;
}

export interface PqrMonthlyReport {
  month: string;
  /** first and last day of the month */
  from: string;
  to: string;
  /** null: every office */
  officeId: number | null;
  officeName: string;
  /** PQRs filed in the month (annulled ones left out; outgoing correspondence is not a PQR) */
  received: number;
  /** approved answers dated in the month, on or before the due date then in force */
  answeredOnTime: number;
  /** approved answers dated in the month, after the due date */
  answeredLate: number;
  /** without an approved answer at the end of the month (whenever filed), and of those, past their due date */
  pending: number;
  pendingOverdue: number;
  /** mean business days from filing to the answer, of the answers in the month (null: none) */
  averageBusinessDaysToAnswer: number | null;
  byType: PqrMonthlyByType[];
  /** received in the month with a SUI causal, most frequent first */
  byCausal: PqrMonthlyByCausal[];
  /** every day of the month: received and answered that day */
  days: PqrMonthlyDay[];
}

export interface PqrReportsOutputs {
  'pqrReports.suiFormatoA': SuiFormatoAResult;
  'pqrReports.monthly': PqrMonthlyReport;
  'pqrReports.monthlyPdf': DocumentFile;
}
