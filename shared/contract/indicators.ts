/**
 * The contract of issue 19: indicators and the informe de gestión comercial.
 * (Registered ahead of the work so that the module's handlers join the table without touching the index.)
 *
 * Coordinators see their own office; an administrator (and the CLI) any office, or the whole company
 * when `officeId` is left out. Periods are calendar months ('YYYY-MM') of business dates.
 */
import { z } from 'zod';
import { id } from './common';
import type { DocumentFile } from './cashier';
import { yearMonth } from './pqrReports';

export const INDICATOR_FAMILIES = ['recaudo', 'cartera', 'pqr', 'telecobro', 'ordenes', 'caja'] as const;
export type IndicatorFamily = (typeof INDICATOR_FAMILIES)[number];

/** how a figure is shown: money in minor units, a count, a percentage, business days, hours, a rate per 1.000 */
export type IndicatorUnit = 'money' | 'count' | 'percent' | 'days' | 'hours' | 'perThousand';

/** every indicator, by family (the screen, the report and the drill-down name them by key) */
export const INDICATOR_KEYS = {
  recaudo: ['recaudo.collected', 'recaudo.billed', 'recaudo.due', 'recaudo.efficiency'],
  cartera: ['cartera.overdue', 'cartera.accountsInArrears'],
  pqr: ['pqr.received', 'pqr.answered', 'pqr.onTimePct', 'pqr.avgBusinessDays', 'pqr.silencio', 'pqr.extended', 'pqr.paused', 'pqr.recursos', 'pqr.sentToSspd', 'pqr.sspdDecided', 'pqr.sspdPending'],
  telecobro: ['telecobro.contacts', 'telecobro.contactRate', 'telecobro.promisesKeptPct', 'telecobro.recovered', 'acuerdos.active', 'acuerdos.kept', 'acuerdos.broken'],
  ordenes: ['ordenes.reconnections', 'ordenes.within24hPct', 'ordenes.avgHours'],
  caja: ['caja.sessionsClosed', 'caja.sessionsWithDifference', 'caja.voidsPerThousand', 'cajaMenor.expenses', 'cajaMenor.reimbursed'],
} as const satisfies Record<IndicatorFamily, readonly string[]>;
export type IndicatorKey = (typeof INDICATOR_KEYS)[IndicatorFamily][number];
export const ALL_INDICATOR_KEYS = Object.values(INDICATOR_KEYS).flat() as IndicatorKey[];

export const REPORT_KINDS = ['mes', 'anio'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

const officeId = id.optional();
const range = z
  .strictObject({ from: yearMonth, to: yearMonth, officeId })
  .refine((r) => r.from <= r.to, { message: 'El mes inicial es posterior al mes final', path: ['from'] });

/** a report period: 'YYYY-MM' for a month, 'YYYY' for a year */
const reportPeriod = z
  .strictObject({ kind: z.enum(REPORT_KINDS), period: z.string().max(7), officeId })
  .refine((r) => (r.kind === 'mes' ? /^\d{4}-(0[1-9]|1[0-2])$/ : /^\d{4}$/).test(r.period), { message: 'Periodo inválido (mes AAAA-MM, año AAAA)', path: ['period'] });

const sectionText = z.string().trim().max(4000, { message: 'Máximo 4000 caracteres' });

export const indicatorsSchemas = {
  /** every family's figures and breakdowns for a range of months */
  'indicators.summary': range,
  /** one indicator over the 12 months ending at `month` */
  'indicators.trend': z.strictObject({ key: z.enum(ALL_INDICATOR_KEYS as [IndicatorKey, ...IndicatorKey[]]), month: yearMonth, officeId }),
  /** the records behind a figure, a page at a time */
  'indicators.records': z
    .strictObject({
      key: z.enum(ALL_INDICATOR_KEYS as [IndicatorKey, ...IndicatorKey[]]),
      from: yearMonth,
      to: yearMonth,
      officeId,
      offset: z.number().int().min(0).max(10_000_000).optional().default(0),
      limit: z.number().int().min(1).max(200).optional().default(50),
    })
    .refine((r) => r.from <= r.to, { message: 'El mes inicial es posterior al mes final', path: ['from'] }),
  /** the coordinator's comments per section of a report period */
  'indicators.comments': reportPeriod,
  'indicators.saveComments': z
    .strictObject({ kind: z.enum(REPORT_KINDS), period: z.string().max(7), officeId, sections: z.strictObject(Object.fromEntries(INDICATOR_FAMILIES.map((f) => [f, sectionText.optional()])) as Record<IndicatorFamily, z.ZodOptional<typeof sectionText>>) })
    .refine((r) => (r.kind === 'mes' ? /^\d{4}-(0[1-9]|1[0-2])$/ : /^\d{4}$/).test(r.period), { message: 'Periodo inválido (mes AAAA-MM, año AAAA)', path: ['period'] }),
  /** issues the numbered, signed informe de gestión comercial of a period and keeps its bytes */
  'indicators.issueReport': reportPeriod,
  /** the reports issued (newest first) */
  'indicators.reports': z.strictObject({ officeId }),
  /** an issued report again, byte for byte */
  'indicators.reportPdf': z.strictObject({ id }),
};

export interface IndicatorFigure {
  key: IndicatorKey;
  unit: IndicatorUnit;
  /** null: nothing to measure in the period (a percentage of zero cases) */
  value: number | null;
}

/** a small table under a family: rows by channel, office, age bucket, type… with one number per column */
export interface IndicatorBreakdown {
  /** i18n key of the table's title */
  key: string;
  columns: { label: string; unit: IndicatorUnit }[];
  rows: { label: string; values: number[] }[];
}

export interface IndicatorFamilyResult {
  family: IndicatorFamily;
  figures: IndicatorFigure[];
  breakdowns: IndicatorBreakdown[];
}

export interface IndicatorsSummary {
  from: string;
  to: string;
  officeId: number | null;
  officeName: string;
  families: IndicatorFamilyResult[];
}

export interface IndicatorTrend {
  key: IndicatorKey;
  unit: IndicatorUnit;
  points: { month: string; value: number | null }[];
}

export interface IndicatorRecords {
  key: IndicatorKey;
  columns: string[];
  rows: string[][];
  total: number;
}

export interface IndicatorComments {
  kind: ReportKind;
  period: string;
  officeId: number | null;
  sections: Partial<Record<IndicatorFamily, string>>;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface IndicatorReportRow {
  id: number;
  number: string;
  kind: ReportKind;
  period: string;
  officeId: number | null;
  officeName: string;
  signedBy: string;
  issuedAt: string;
}

export type IndicatorsOutputs = {
  'indicators.summary': IndicatorsSummary;
  'indicators.trend': IndicatorTrend;
  'indicators.records': IndicatorRecords;
  'indicators.comments': IndicatorComments;
  'indicators.saveComments': IndicatorComments;
  'indicators.issueReport': IndicatorReportRow & { file: DocumentFile };
  'indicators.reports': IndicatorReportRow[];
  'indicators.reportPdf': DocumentFile;
};
