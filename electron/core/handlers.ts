/**
 * The handler table: every operation the renderer, the web door and the CLI may call, with who may
 * call it. This is the one declared table of roles: read it to know what each role can do.
 */
import type { HandlerTable } from './context';
import { setupHandlers } from './modules/setup/handlers';
import { authHandlers } from './modules/auth/handlers';
import { userHandlers } from './modules/users/handlers';
import { officeHandlers } from './modules/offices/handlers';
import { settingsHandlers } from './modules/settings/handlers';
import { calendarHandlers } from './modules/calendar/handlers';
import { accountHandlers } from './modules/accounts/handlers';
import { importHandlers } from './modules/imports/handlers';
import { backupHandlers } from './modules/backups/handlers';
import { cashierHandlers } from './modules/cashier/handlers';
import { chargeHandlers } from './modules/charges/handlers';
import { pazYSalvoHandlers } from './modules/pazysalvo/handlers';
import { reportHandlers } from './modules/reports/handlers';
import { bankFileHandlers } from './modules/bankfiles/handlers';
import { pqrHandlers } from './modules/pqr/handlers';
import { databaseHandlers } from './modules/database/handlers';
import { pettyCashHandlers } from './modules/pettycash/handlers';
import { pqrReportHandlers } from './modules/pqrreports/handlers';
import { invoicingHandlers } from './modules/invoicing/handlers';
import { noticeHandlers } from './modules/notices/handlers';
import { printingHandlers } from './modules/printing/handlers';
import { mailHandlers } from './modules/mail/handlers';
import { surveysHandlers } from './modules/surveys/handlers';
import { indicatorsHandlers } from './modules/indicators/handlers';
import { exchangeHandlers } from './modules/exchange/handlers';
import { workOrdersHandlers } from './modules/workorders/handlers';
import { agreementsHandlers } from './modules/agreements/handlers';
import { collectionsHandlers } from './modules/collections/handlers';
import { desktopHandlers } from './modules/desktop/handlers';
import { approvalsHandlers } from './modules/approvals/handlers';

export const handlers: HandlerTable = {
  ...setupHandlers,
  ...authHandlers,
  ...userHandlers,
  ...officeHandlers,
  ...settingsHandlers,
  ...calendarHandlers,
  ...accountHandlers,
  ...importHandlers,
  ...backupHandlers,
  ...cashierHandlers,
  ...chargeHandlers,
  ...pazYSalvoHandlers,
  ...reportHandlers,
  ...bankFileHandlers,
  ...pqrHandlers,
  ...databaseHandlers,
  ...pettyCashHandlers,
  ...pqrReportHandlers,
  ...invoicingHandlers,
  ...noticeHandlers,
  ...printingHandlers,
  ...collectionsHandlers,
  ...agreementsHandlers,
  ...workOrdersHandlers,
  ...exchangeHandlers,
  ...indicatorsHandlers,
  ...surveysHandlers,
  ...mailHandlers,
  ...desktopHandlers,
  ...approvalsHandlers,
};
