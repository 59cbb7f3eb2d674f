/**
 * The cashier's rules, one file per act (this file is the map):
 *   sessions.ts   open a cash session with the counted float; close (coordinator above the limit); force-close
 *   closing.ts    the closing arithmetic: expected cash, difference, per-method totals
 *   payments.ts   WHERE A PAYMENT IS APPLIED: tenders, allocation, guarded balances, credit, receipt number
 *   voids.ts      void a payment with a coordinator's credentials, in the caller's current session
 *   movements.ts  cash in / cash out of the drawer
 *   receipts.ts   the receipt, the session report and their PDFs (reprints counted)
 *   scan.ts       the invoice barcode scanned at the counter
 *   tills.ts      the tills of each office
 *   queries.ts    shared reads (sessions, payable account, open debts)
 */
export { closeSession, forceCloseSession, openSession, previewClose } from './sessions';
export { closingSummary } from './closing';
export { postPayment } from './payments';
export { voidPayment } from './voids';
export { addMovement } from './movements';
export { buildReceipt, buildSessionReport, receiptPdfFile, sessionReportFile } from './receipts';
export { scanPaymentCode } from './scan';
export { listTills, saveTill } from './tills';
