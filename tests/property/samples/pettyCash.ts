/** one valid input per handler of this area (see ../handler-samples.ts); ids of rows that do not exist are 999 */
import type { HandlerSamples } from '../handler-samples';

const MISSING = 999;
const payee = { idType: 'NIT' as const, idNumber: '900123456-8', name: 'Papelería El Sol' };
const support = { fileName: 'factura.png', mimeType: 'image/png', dataBase64: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==' };
const expense = { fundId: MISSING, date: '2026-06-10', payee, concept: 'Resmas de papel', budgetLineId: MISSING, amount: 50_000, withholdings: 0 };

export const pettyCashSamples: HandlerSamples = {
  'pettyCash.status': {},
  'pettyCash.funds': {},
  'pettyCash.openFund': {
    officeId: 1,
    year: 2026,
    resolutionNumber: '045',
    resolutionDate: '2026-01-02',
    amount: 1_000_000,
    custodianId: MISSING,
    thresholdPercent: 70,
    maxPerExpense: 200_000,
    budgetLines: [{ code: '01', name: 'Papelería', limit: 400_000 }],
    forbiddenConcepts: ['préstamo'],
  },
  'pettyCash.updateFund': { fundId: MISSING, custodianId: MISSING, thresholdPercent: 70, maxPerExpense: 200_000, forbiddenConcepts: [] },
  'pettyCash.checkExpense': expense,
  'pettyCash.recordExpense': { ...expense, support },
  'pettyCash.attachSupport': { expenseId: MISSING, support },
  'pettyCash.support': { expenseId: MISSING },
  'pettyCash.voucherPdf': { expenseId: MISSING },
  'pettyCash.expenses': { fundId: MISSING },
  'pettyCash.giveAdvance': { fundId: MISSING, date: '2026-06-10', payee, concept: 'Taxis', budgetLineId: MISSING, amount: 100_000 },
  'pettyCash.settleAdvance': { advanceId: MISSING, date: '2026-06-12', invoiceAmount: 80_000, withholdings: 0, returnedCash: 20_000 },
  'pettyCash.advances': { fundId: MISSING, openOnly: true },
  'pettyCash.requestReimbursement': { fundId: MISSING, expenseIds: [MISSING] },
  'pettyCash.decideReimbursement': { reimbursementId: MISSING, approve: true, rejected: [] },
  'pettyCash.reimbursements': { fundId: MISSING },
  'pettyCash.reimbursementPdf': { reimbursementId: MISSING },
  'pettyCash.arqueo': { fundId: MISSING, cash: [{ kind: 'billete', value: 50_000, quantity: 2 }], vouchersOnHand: 0, advancesOnHand: 0, surprise: true },
  'pettyCash.arqueos': { fundId: MISSING },
  'pettyCash.arqueoPdf': { arqueoId: MISSING },
  'pettyCash.tillTransfer': { fundId: MISSING, direction: 'caja_a_fondo', amount: 100_000 },
  'pettyCash.legalize': { fundId: MISSING, date: '2026-12-20', returnedCash: 0 },
  'pettyCash.finalReportPdf': { fundId: MISSING },
};
