import type { HandlerContext, HandlerTable } from '../../context';
import { sessionOf } from '../../context';
import type { Role } from '../../../../shared/roles';
import { denominationsOf } from '../../../../shared/denominations';
import { notFound } from '../../errors';
import { businessToday } from '../accounts/service';
import { getCompany } from '../setup/service';
import { addMovement } from './movements';
import { postPayment } from './payments';
import { getSession, notYours, openSessionOf, payableAccount } from './queries';
import { paymentOfOffice, sessionOfOffice } from './scope';
import { buildReceipt, buildSessionReport, listReceipts, receiptPdfFile, sessionReportFile } from './receipts';
import { scanPaymentCode } from './scan';
import { closeSession, forceCloseSession, listSessions, openSession, openSessionsOfOffice, previewClose } from './sessions';
import { listTills, saveTill } from './tills';
import { voidPayment } from './voids';

/** who takes money at the counter */
const COUNTER: readonly Role[] = ['cajero', 'coordinador'];
const SUPERVISORS: readonly Role[] = ['coordinador', 'administrador'];
const SESSION_READERS: readonly Role[] = ['cajero', 'coordinador', 'administrador'];

/** the caller as the services want it: a user with an office */
function caller(ctx: HandlerContext) {
  const user = sessionOf(ctx).user;
  return { actor: { ...ctx.actor, userId: user.id, officeId: user.officeId }, user };
}

/**
 * A session's papers: a session of another office does not exist for the caller (scope.ts); within
 * the office, a cashier reads only their own; a coordinator those of their office; an administrator any.
 */
async function checkSessionReader(ctx: HandlerContext, sessionId: number): Promise<void> {
  const { user } = caller(ctx);
  const session = await sessionOfOffice(ctx.app.db, user, sessionId);
  if (user.role === 'cajero' && session.cashierId !== user.id) throw notYours();
}

/** a payment of the caller's office (a cashier: only of their own sessions is not required; receipts are public papers of the office) */
async function checkPaymentOffice(ctx: HandlerContext, paymentId: number): Promise<void> {
  await paymentOfOffice(ctx.app.db, caller(ctx).user, paymentId);
}

export const cashierHandlers: Pick<
  HandlerTable,
  | 'cashier.denominations'
  | 'tills.list'
  | 'tills.save'
  | 'cashier.current'
  | 'cashier.open'
  | 'cashier.scan'
  | 'cashier.account'
  | 'cashier.pay'
  | 'cashier.receipt'
  | 'cashier.receiptPdf'
  | 'cashier.payments'
  | 'cashier.findReceipt'
  | 'cashier.movement'
  | 'cashier.void'
  | 'cashier.closePreview'
  | 'cashier.close'
  | 'cashier.openSessions'
  | 'cashier.forceClose'
  | 'cashier.sessions'
  | 'cashier.sessionReport'
  | 'cashier.sessionReportPdf'
> = {
  'cashier.denominations': {
    access: 'authenticated',
    run: async (_input, { app }) => {
      const { currency } = await getCompany(app.db);
      return { currency, denominations: denominationsOf(currency) };
    },
  },
  'tills.list': {
    access: 'authenticated',
    run: (_input, ctx) => {
      const { user } = caller(ctx);
      return listTills(ctx.app.db, user.role === 'administrador' ? null : user.officeId);
    },
  },
  'tills.save': { access: ['administrador'], run: (input, ctx) => saveTill(ctx.app.db, ctx.actor, input) },

  'cashier.current': {
    access: COUNTER,
    run: async (_input, ctx) => {
      const row = await openSessionOf(ctx.app.db, caller(ctx).user.id);
      return row ? getSession(ctx.app.db, row.id) : null;
    },
  },
  'cashier.open': { access: COUNTER, run: ({ tillId, count }, ctx) => openSession(ctx.app.db, caller(ctx).actor, tillId, count) },
  'cashier.scan': { access: COUNTER, run: ({ code }, { app }) => scanPaymentCode(app.db, code) },
  'cashier.account': { access: COUNTER, run: async ({ accountId }, { app }) => payableAccount(app.db, accountId, await businessToday(app.db)) },
  'cashier.pay': { access: COUNTER, run: (input, ctx) => postPayment(ctx.app.db, caller(ctx).actor, input) },
  'cashier.receipt': {
    access: COUNTER,
    run: async ({ paymentId }, ctx) => {
      await checkPaymentOffice(ctx, paymentId);
      return buildReceipt(ctx.app.db, paymentId);
    },
  },
  'cashier.receiptPdf': {
    access: COUNTER,
    run: async (input, ctx) => {
      await checkPaymentOffice(ctx, input.paymentId);
      return receiptPdfFile(ctx.app.db, ctx.actor, input);
    },
  },
  'cashier.payments': {
    access: COUNTER,
    run: async ({ sessionId }, ctx) => {
      const { user } = caller(ctx);
      let id = sessionId;
      if (id === undefined) {
        const open = await openSessionOf(ctx.app.db, user.id);
        if (!open) return [];
        id = open.id;
      } else await checkSessionReader(ctx, id);
      const session = id;
      return listReceipts(ctx.app.db, (q) => q.where('p.session_id', session));
    },
  },
  'cashier.findReceipt': {
    access: COUNTER,
    run: async ({ receiptNumber }, ctx) => {
      const payment: { id: number } | undefined = await ctx.app.db('payments').where({ office_id: caller(ctx).user.officeId, receipt_number: receiptNumber }).first('id');
      if (!payment) throw notFound(`El recibo número ${receiptNumber} en esta oficina`);
      return buildReceipt(ctx.app.db, payment.id);
    },
  },
  'cashier.movement': { access: COUNTER, run: (input, ctx) => addMovement(ctx.app.db, caller(ctx).actor, input) },
  'cashier.void': {
    access: COUNTER,
    run: async (input, ctx) => {
      // another office's receipt is refused before the drawer or the approval are looked at
      await checkPaymentOffice(ctx, input.paymentId);
      return voidPayment(ctx.app.db, caller(ctx).actor, input);
    },
  },
  'cashier.closePreview': { access: COUNTER, run: ({ count }, ctx) => previewClose(ctx.app.db, caller(ctx).user.id, count) },
  'cashier.close': { access: COUNTER, run: (input, ctx) => closeSession(ctx.app.db, caller(ctx).actor, input) },
  'cashier.openSessions': {
    access: SUPERVISORS,
    run: (_input, ctx) => {
      const { user } = caller(ctx);
      return openSessionsOfOffice(ctx.app.db, user.role === 'administrador' ? null : user.officeId);
    },
  },
  'cashier.forceClose': {
    access: SUPERVISORS,
    run: async (input, ctx) => {
      const { actor, user } = caller(ctx);
      await sessionOfOffice(ctx.app.db, user, input.sessionId);
      return forceCloseSession(ctx.app.db, actor, user.role, input);
    },
  },
  'cashier.sessions': {
    access: SESSION_READERS,
    run: (filter, ctx) => {
      const { user } = caller(ctx);
      return listSessions(ctx.app.db, { userId: user.id, officeId: user.officeId, role: user.role }, filter);
    },
  },
  'cashier.sessionReport': {
    access: SESSION_READERS,
    run: async ({ sessionId }, ctx) => {
      await checkSessionReader(ctx, sessionId);
      return buildSessionReport(ctx.app.db, sessionId);
    },
  },
  'cashier.sessionReportPdf': {
    access: SESSION_READERS,
    run: async ({ sessionId }, ctx) => {
      await checkSessionReader(ctx, sessionId);
      return sessionReportFile(ctx.app.db, sessionId);
    },
  },
};
