/**
 * The contract between the renderer and the back office: every handler's name, its input schema
 * (zod, strict) and its result type. The handler table in electron/core implements exactly these.
 */
import type { z } from 'zod';
import { setupSchemas, type SetupOutputs } from './setup';
import { usersSchemas, type UsersOutputs } from './users';
import { officesSchemas, type OfficesOutputs } from './offices';
import { calendarSchemas, type CalendarOutputs } from './calendar';
import { accountsSchemas, type AccountsOutputs } from './accounts';
import { importsSchemas, type ImportsOutputs } from './imports';
import { backupsSchemas, type BackupsOutputs } from './backups';
import { cashierSchemas, type CashierOutputs } from './cashier';
import { bankFilesSchemas, type BankFilesOutputs } from './bankfiles';
import { pqrSchemas, type PqrOutputs } from './pqr';
import { databaseSchemas, type DatabaseOutputs } from './database';
import { pettyCashSchemas, type PettyCashOutputs } from './pettyCash';
import { pqrReportsSchemas, type PqrReportsOutputs } from './pqrReports';
import { invoicingSchemas, type InvoicingOutputs } from './invoicing';
import { noticesSchemas, type NoticesOutputs } from './notices';
import { printingSchemas, type PrintingOutputs } from './printing';
import { mailSchemas, type MailOutputs } from './mail';
import { surveysSchemas, type SurveysOutputs } from './surveys';
import { indicatorsSchemas, type IndicatorsOutputs } from './indicators';
import { exchangeSchemas, type ExchangeOutputs } from './exchange';
import { workOrdersSchemas, type WorkOrdersOutputs } from './workOrders';
import { agreementsSchemas, type AgreementsOutputs } from './agreements';
import { collectionsSchemas, type CollectionsOutputs } from './collections';
import { desktopSchemas, type DesktopOutputs } from './desktop';
import { approvalsSchemas, type ApprovalsOutputs } from './approvals';

export const inputSchemas = {
  ...setupSchemas,
  ...usersSchemas,
  ...officesSchemas,
  ...calendarSchemas,
  ...accountsSchemas,
  ...importsSchemas,
  ...backupsSchemas,
  ...cashierSchemas,
  ...bankFilesSchemas,
  ...pqrSchemas,
  ...databaseSchemas,
  ...pettyCashSchemas,
  ...pqrReportsSchemas,
  ...invoicingSchemas,
  ...noticesSchemas,
  ...printingSchemas,
  ...collectionsSchemas,
  ...agreementsSchemas,
  ...workOrdersSchemas,
  ...exchangeSchemas,
  ...indicatorsSchemas,
  ...surveysSchemas,
  ...mailSchemas,
  ...desktopSchemas,
  ...approvalsSchemas,
};

export type Outputs = SetupOutputs & UsersOutputs & OfficesOutputs & CalendarOutputs & AccountsOutputs & ImportsOutputs &
  BackupsOutputs &
  CashierOutputs &
  BankFilesOutputs &
  PqrOutputs &
  DatabaseOutputs &
  PettyCashOutputs &
  PqrReportsOutputs &
  InvoicingOutputs &
  NoticesOutputs &
  PrintingOutputs &
  CollectionsOutputs &
  AgreementsOutputs &
  WorkOrdersOutputs &
  ExchangeOutputs &
  IndicatorsOutputs &
  SurveysOutputs &
  MailOutputs &
  DesktopOutputs &
  ApprovalsOutputs;

export type HandlerName = keyof typeof inputSchemas & keyof Outputs;
/** what the caller writes (defaults may be left out) */
export type Input<N extends HandlerName> = z.input<(typeof inputSchemas)[N]>;
/** what the handler receives after parsing */
export type ParsedInput<N extends HandlerName> = z.output<(typeof inputSchemas)[N]>;
export type Output<N extends HandlerName> = Outputs[N];

export * from './setup';
export * from './users';
export * from './offices';
export * from './calendar';
export * from './accounts';
export * from './imports';
export * from './backups';
export * from './cashier';
export * from './bankfiles';
export * from './pqr';
export * from './database';
export * from './pettyCash';
export * from './pqrReports';
export * from './invoicing';
export * from './notices';
export * from './printing';
export * from './collections';
export * from './agreements';
export * from './workOrders';
export * from './exchange';
export * from './indicators';
export * from './surveys';
export * from './mail';
export * from './desktop';
export * from './approvals';
