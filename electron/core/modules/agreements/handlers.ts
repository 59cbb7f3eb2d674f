import type { HandlerContext, HandlerTable } from '../../context';
import type { AgreementsOutputs } from '../../../../shared/contract';
import type { Role } from '../../../../shared/roles';
import { sessionOf } from '../../context';
import { rule } from '../../errors';
import { callerScope } from '../../officeScope';
import { businessToday } from '../accounts/service';
import { getCompany } from '../setup/service';
import { agreementCandidates } from './candidates';
import { createAgreement } from './create';
import { runAgreementsMonitor } from './monitor';
import { agreementActaFile, sendActaByMail } from './papers';
import { getAgreementPolicy, listUsuryRates, saveAgreementPolicy, saveUsuryRate } from './policy';
import { agreementDetail, agreementRow, agreementsOfAccount, agreementsReport, type AgreementDbRow } from './queries';
import { annul } from './lifecycle';
import { lockAccounts, retryingTransaction } from '../../db/dialect';
import { simulate } from './terms';
import { agreementsReportCsv } from './reportFile';

/** The handlers of issue 16, acuerdos de pago: simulation, approval, the agreement, the monitor. */
const ADMIN: readonly Role[] = ['administrador'];
const COORDINATION: readonly Role[] = ['coordinador', 'administrador'];
/** who simulates and signs: the account page (auxiliar), the counter (cajero), the gestor's desk, the coordinator */
const SIGNERS: readonly Role[] = ['auxiliar', 'cajero', 'gestor', 'coordinador', 'administrador'];

/** the person who signs for the company: a user of an office (the CLI cannot) */
function person(ctx: HandlerContext) {
  const user = sessionOf(ctx).user;
  if (user.officeId === null) throw rule('Un acuerdo lo firma un usuario de una oficina.');
  return { ...ctx.actor, userId: user.id, officeId: user.officeId };
}

export const agreementsHandlers: Pick<HandlerTable, keyof AgreementsOutputs> = {
  'agreements.policy': { access: SIGNERS, run: (_input, { app }) => getAgreementPolicy(app.db) },
  'agreements.savePolicy': { access: ADMIN, run: (input, { app, actor }) => saveAgreementPolicy(app.db, actor, input) },
  'agreements.usuryRates': { access: SIGNERS, run: (_input, { app }) => listUsuryRates(app.db) },
  'agreements.saveUsuryRate': { access: ADMIN, run: (input, { app, actor }) => saveUsuryRate(app.db, actor, input) },
  'agreements.simulate': {
    access: SIGNERS,
    run: async (input, ctx) => {
      const who = person(ctx);
      const company = await getCompany(ctx.app.db);
      const { account: _account, policy: _policy, ...simulation } = await simulate(ctx.app.db, who.officeId, input, await businessToday(ctx.app.db), company.currency);
      return simulation;
    },
  },
  'agreements.create': { access: SIGNERS, run: (input, ctx) => createAgreement(ctx.app.db, person(ctx), input) },
  'agreements.get': { access: SIGNERS, run: ({ agreementId }, ctx) => agreementDetail(ctx.app.db, agreementId, callerScope(ctx)) },
  'agreements.ofAccount': { access: SIGNERS, run: ({ accountId }, ctx) => agreementsOfAccount(ctx.app.db, accountId, callerScope(ctx)) },
  'agreements.report': { access: COORDINATION, run: (filter, ctx) => agreementsReport(ctx.app.db, callerScope(ctx), filter) },
  'agreements.actaPdf': { access: SIGNERS, run: ({ agreementId }, ctx) => agreementActaFile(ctx.app.db, agreementId, callerScope(ctx)) },
  'agreements.sendByMail': {
    access: SIGNERS,
    run: ({ agreementId }, ctx) => {
      const who = person(ctx);
      const user = sessionOf(ctx).user;
      return sendActaByMail(ctx.app.db, { actor: who, userId: who.userId, officeId: who.officeId, fullName: user.fullName, role: user.role as 'gestor' }, agreementId, callerScope(ctx));
    },
  },
  'agreements.annul': {
    access: COORDINATION,
    run: async ({ agreementId, reason }, ctx) => {
      const scope = callerScope(ctx);
      const row = await agreementRow(ctx.app.db, agreementId, scope);
      const today = await businessToday(ctx.app.db);
      await retryingTransaction(ctx.app.db, async (trx) => {
        await lockAccounts(trx, [row.account_id]);
        await annul(trx, (await trx('payment_agreements').where({ id: row.id }).first()) as AgreementDbRow, reason, today, ctx.actor);
      });
      return agreementDetail(ctx.app.db, agreementId, scope);
    },
  },
  'agreements.runMonitor': { access: COORDINATION, run: async (_input, ctx) => runAgreementsMonitor(ctx.app.db, await businessToday(ctx.app.db), ctx.actor) },
  'agreements.reportCsv': {
    access: COORDINATION,
    run: async (filter, ctx) => agreementsReportCsv(await agreementsReport(ctx.app.db, callerScope(ctx), filter), `acuerdos-de-pago${filter.month ? `-${filter.month}` : ''}${filter.state ? `-${filter.state}` : ''}`),
  },
  'agreements.candidates': { access: SIGNERS, run: async ({ accountId }, ctx) => agreementCandidates(ctx.app.db, accountId, await businessToday(ctx.app.db)) },
};
