import type { HandlerContext, HandlerTable } from '../../context';
import type { PettyCashOutputs } from '../../../../shared/contract';
import type { Role } from '../../../../shared/roles';
import { businessToday } from '../accounts/service';
import { giveAdvance, settleAdvance } from './advances';
import { recordArqueo } from './arqueos';
import { attachSupport, checkExpense, expenseOfKey, recordExpense } from './expenses';
import { openFund, updateFund } from './funds';
import { legalize } from './legalisation';
import { advanceVoucherFile, arqueoFile, expenseVoucherFile, finalReportFile, reimbursementFile } from './papers';
import { fundStatus, getAdvance, getExpense, getReimbursement, listAdvances, listArqueos, listExpenses, listFunds, listReimbursements, loadFund, openFundOf, stripFund, toFund } from './queries';
import { decideReimbursement, requestReimbursement } from './reimbursements';
import { readSupport } from './supports';
import { tillTransfer } from './transfers';
import { officeOf, workerOf } from './worker';
import { listTransfers } from './queries';
import { notFound } from '../../errors';
import { fundOfOffice, type PettyCashRecord } from './scope';
import { inlineUploads, type FileOfInput } from '../imports/uploads';

const COORDINATORS: readonly Role[] = ['coordinador', 'administrador'];

/** a support sent in chunks (attachments.begin/chunk) read back inline, and let go once the act is done */
async function supportOf<F extends FileOfInput>(ctx: HandlerContext, file: F | undefined): Promise<{ file: F | undefined; done: () => Promise<void> }> {
  if (!file) return { file: undefined, done: async () => undefined };
  const { files, done } = await inlineUploads(ctx.app, ctx.actor, [file]);
  return { file: files[0], done };
}

/** the fund of a record of the caller's office (scope.ts): another office's id answers "no existe" */
const scoped = (ctx: HandlerContext, kind: PettyCashRecord, id: number) => fundOfOffice(ctx.app.db, workerOf(ctx), kind, id);

/**
 * Reads and the custodian's acts are open to any logged-in user at the table: the custodian may be
 * a clerk, a cashier or a coordinator, and the services check that the caller is the fund's
 * custodian or a coordinator of its office (worker.ts). Setting up, changing the rules, deciding a
 * reimbursement and legalising are for coordinators; the arqueo is recorded by a coordinator of the
 * fund's office (or an administrator) who is not its custodian.
 *
 * Every handler that names a fund, voucher, advance, reimbursement or arqueo first checks that it
 * is of the caller's office (`scoped`): another office's answers as one that does not exist.
 */
export const pettyCashHandlers: Pick<HandlerTable, keyof PettyCashOutputs> = {
  'pettyCash.status': {
    access: 'authenticated',
    run: async ({ officeId }, ctx) => {
      const fundId = await openFundOf(ctx.app.db, await officeOf(ctx, officeId));
      return fundId === null ? null : fundStatus(ctx.app.db, fundId, await businessToday(ctx.app.db));
    },
  },
  'pettyCash.funds': { access: 'authenticated', run: async ({ officeId }, ctx) => listFunds(ctx.app.db, await officeOf(ctx, officeId)) },
  'pettyCash.openFund': {
    access: COORDINATORS,
    run: async (input, ctx) => fundStatus(ctx.app.db, await openFund(ctx.app.db, workerOf(ctx), input), await businessToday(ctx.app.db)),
  },
  'pettyCash.updateFund': {
    access: COORDINATORS,
    run: async (input, ctx) => {
      await scoped(ctx, 'fund', input.fundId);
      return fundStatus(ctx.app.db, await updateFund(ctx.app.db, workerOf(ctx), input), await businessToday(ctx.app.db));
    },
  },
  'pettyCash.checkExpense': {
    access: 'authenticated',
    run: async (input, ctx) => {
      await scoped(ctx, 'fund', input.fundId);
      return checkExpense(ctx.app.db, workerOf(ctx), input);
    },
  },
  'pettyCash.recordExpense': {
    access: 'authenticated',
    run: async (input, ctx) => {
      await scoped(ctx, 'fund', input.fundId);
      // a resend of a recorded expense answers the first one: its upload was already kept and let go
      const resent = (await expenseOfKey(ctx.app.db, input.idempotencyKey, input)) !== null;
      const support = await supportOf(ctx, resent ? undefined : input.support);
      const { expenseId, warnings } = await recordExpense(ctx.app, workerOf(ctx), { ...input, support: support.file });
      await support.done();
      const { fundId: _f, supportPath: _p, ...expense } = await getExpense(ctx.app.db, expenseId);
      return { expense, warnings, voucher: await expenseVoucherFile(ctx.app.db, expenseId) };
    },
  },
  'pettyCash.attachSupport': {
    access: 'authenticated',
    run: async (input, ctx) => {
      await scoped(ctx, 'expense', input.expenseId);
      const uploads = await inlineUploads(ctx.app, ctx.actor, [input.support]);
      const { fundId: _f, supportPath: _p, ...expense } = await getExpense(ctx.app.db, await attachSupport(ctx.app, workerOf(ctx), { ...input, support: uploads.files[0] }));
      await uploads.done();
      return expense;
    },
  },
  'pettyCash.support': {
    access: 'authenticated',
    run: async ({ expenseId }, ctx) => {
      await scoped(ctx, 'expense', expenseId);
      const expense = await getExpense(ctx.app.db, expenseId);
      if (!expense.support || !expense.supportPath) throw notFound(`El soporte del comprobante ${expense.number}`);
      const content = readSupport(ctx.app.dataDir, expense.support, expense.supportPath);
      return { fileName: expense.support.fileName, mimeType: expense.support.mimeType, base64: content.toString('base64'), sha256: expense.support.sha256 };
    },
  },
  'pettyCash.voucherPdf': {
    access: 'authenticated',
    run: async ({ expenseId }, ctx) => {
      await scoped(ctx, 'expense', expenseId);
      return expenseVoucherFile(ctx.app.db, expenseId);
    },
  },
  'pettyCash.expenses': {
    access: 'authenticated',
    run: async ({ fundId, state }, ctx) => {
      await scoped(ctx, 'fund', fundId);
      return listExpenses(ctx.app.db, fundId, state);
    },
  },
  'pettyCash.giveAdvance': {
    access: 'authenticated',
    run: async (input, ctx) => {
      await scoped(ctx, 'fund', input.fundId);
      const advanceId = await giveAdvance(ctx.app.db, workerOf(ctx), input);
      const today = await businessToday(ctx.app.db);
      const { fundId: _f, ...advance } = await getAdvance(ctx.app.db, advanceId, today);
      return { advance, voucher: await advanceVoucherFile(ctx.app.db, advanceId, today) };
    },
  },
  'pettyCash.settleAdvance': {
    access: 'authenticated',
    run: async (input, ctx) => {
      await scoped(ctx, 'advance', input.advanceId);
      const support = await supportOf(ctx, input.support);
      const { advanceId, expenseId } = await settleAdvance(ctx.app, workerOf(ctx), { ...input, support: support.file });
      await support.done();
      const today = await businessToday(ctx.app.db);
      const { fundId: _f, ...advance } = await getAdvance(ctx.app.db, advanceId, today);
      const { fundId: _g, supportPath: _p, ...expense } = await getExpense(ctx.app.db, expenseId);
      return { advance, expense, voucher: await expenseVoucherFile(ctx.app.db, expenseId) };
    },
  },
  'pettyCash.advances': {
    access: 'authenticated',
    run: async ({ fundId, openOnly }, ctx) => {
      await scoped(ctx, 'fund', fundId);
      return listAdvances(ctx.app.db, fundId, openOnly, await businessToday(ctx.app.db));
    },
  },
  'pettyCash.requestReimbursement': {
    access: 'authenticated',
    run: async (input, ctx) => {
      await scoped(ctx, 'fund', input.fundId);
      const id = await requestReimbursement(ctx.app.db, workerOf(ctx), input);
      const { fundId: _f, ...reimbursement } = await getReimbursement(ctx.app.db, id);
      return { reimbursement, report: await reimbursementFile(ctx.app, id) };
    },
  },
  'pettyCash.decideReimbursement': {
    access: COORDINATORS,
    run: async (input, ctx) => {
      await scoped(ctx, 'reimbursement', input.reimbursementId);
      return stripFund(await getReimbursement(ctx.app.db, await decideReimbursement(ctx.app.db, workerOf(ctx), input)));
    },
  },
  'pettyCash.reimbursements': {
    access: 'authenticated',
    run: async ({ fundId }, ctx) => {
      await scoped(ctx, 'fund', fundId);
      return listReimbursements(ctx.app.db, { fundId });
    },
  },
  'pettyCash.reimbursementPdf': {
    access: 'authenticated',
    run: async ({ reimbursementId }, ctx) => {
      await scoped(ctx, 'reimbursement', reimbursementId);
      return reimbursementFile(ctx.app, reimbursementId);
    },
  },
  'pettyCash.arqueo': {
    access: COORDINATORS,
    run: async (input, ctx) => {
      await scoped(ctx, 'fund', input.fundId);
      const id = await recordArqueo(ctx.app.db, workerOf(ctx), input);
      const [arqueo] = await listArqueos(ctx.app.db, { arqueoId: id });
      return { arqueo: stripFund(arqueo), acta: await arqueoFile(ctx.app.db, id) };
    },
  },
  'pettyCash.arqueos': {
    access: 'authenticated',
    run: async ({ fundId }, ctx) => {
      await scoped(ctx, 'fund', fundId);
      return (await listArqueos(ctx.app.db, { fundId })).map(stripFund);
    },
  },
  'pettyCash.arqueoPdf': {
    access: 'authenticated',
    run: async ({ arqueoId }, ctx) => {
      await scoped(ctx, 'arqueo', arqueoId);
      return arqueoFile(ctx.app.db, arqueoId);
    },
  },
  'pettyCash.tillTransfer': {
    access: 'authenticated',
    run: async (input, ctx) => {
      await scoped(ctx, 'fund', input.fundId);
      const id = await tillTransfer(ctx.app.db, workerOf(ctx), input);
      const transfer = (await listTransfers(ctx.app.db, input.fundId)).find((t) => t.id === id);
      if (!transfer) throw new Error('transfer vanished');
      return transfer;
    },
  },
  'pettyCash.legalize': {
    access: COORDINATORS,
    run: async (input, ctx) => {
      await scoped(ctx, 'fund', input.fundId);
      const fundId = await legalize(ctx.app.db, workerOf(ctx), input);
      return { fund: toFund(await loadFund(ctx.app.db, fundId)), report: await finalReportFile(ctx.app.db, fundId) };
    },
  },
  'pettyCash.finalReportPdf': {
    access: 'authenticated',
    run: async ({ fundId }, ctx) => {
      await scoped(ctx, 'fund', fundId);
      return finalReportFile(ctx.app.db, fundId);
    },
  },
};
