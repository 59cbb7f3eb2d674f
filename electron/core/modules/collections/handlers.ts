import type { Knex } from 'knex';
import type { HandlerContext, HandlerTable } from '../../context';
import type { CollectionsOutputs } from '../../../../shared/contract';
import type { Role } from '../../../../shared/roles';
import { addDays } from '../../../../shared/dates';
import { invalid, notFound } from '../../errors';
import { pdfFile } from '../../documents/file';
import { callerScope } from '../../officeScope';
import { csvFile } from '../../documents/csv';
import { COLLECTIONS_CSV, fieldCsv, liquidationPdf, portfolioCsv, portfolioPdf, reportCsv, reportPdf } from '../../documents/collections';
import type { Letterhead } from '../../documents/layout';
import { businessToday } from '../accounts/service';
import { officeLetterhead } from '../letters/templates';
import { getCompany } from '../setup/service';
import { campaignAccounts, campaignAccountsCsv } from './campaignAccounts';
import { campaignDetail, closeCampaign, listCampaigns, listGestores, previewCampaign } from './campaigns';
import { listCommitments, monitorRuns, runMonitor } from './commitments';
import { approveLiquidation, liquidate, liquidationDetail, listLiquidations } from './commissions';
import { checkContactNow, closeField, complaintDraft, fieldList, handOff, linkPqr, recordContact, saveContactPoint } from './contacts';
import { accountCollections, deskData } from './desk';
import { launchCampaign } from './launch';
import { portfolio, portfolioAccounts } from './portfolio';
import { nextAccount, queueSummary } from './queue';
import { attributionRule, collectionsReport } from './reports';
import { personOf, workerOf } from './scope';
import { collectionsSettings, getPolicy, saveCommissionPolicy, saveContactRules, saveOutcome, savePolicy } from './settings';

/** the handlers of issue 15, cartera y telecobro (who may call each: the access column; what they see: scope.ts) */
const ADMIN: readonly Role[] = ['administrador'];
const COORDINATION: readonly Role[] = ['coordinador', 'administrador'];
/** the desk: the gestor works it, the coordinator supervises and may take a call */
const DESK: readonly Role[] = ['gestor', 'coordinador', 'administrador'];

/** the letterhead of the caller's office (the CLI: the first office) */
async function letterheadOf(ctx: HandlerContext): Promise<{ head: Letterhead; timeZone: string }> {
  let officeId = ctx.session?.user.officeId ?? null;
  if (officeId === null) {
    const first: { id: number } | undefined = await ctx.app.db('offices').orderBy('id').first('id');
    if (!first) throw notFound('La oficina');
    officeId = Number(first.id);
  }
  const { head, timeZone } = await officeLetterhead(ctx.app.db, officeId);
  return { head, timeZone };
}

function checkRange(from: string, to: string): void {
  if (to < from) throw invalid('La fecha final es anterior a la inicial.', { to: 'Anterior a «desde»' });
  if (to > addDays(from, 366)) throw invalid('El informe cubre hasta un año: acorte el rango.', { to: 'Máximo un año después de «desde»' });
}

const today = (db: Knex) => businessToday(db);

export const collectionsHandlers: Pick<HandlerTable, keyof CollectionsOutputs> = {
  'collections.settings': { access: DESK, run: (_input, { app }) => collectionsSettings(app.db) },
  'collections.savePolicy': { access: ADMIN, run: (input, { app, actor }) => savePolicy(app.db, actor, input) },
  'collections.saveCommissionPolicy': { access: ADMIN, run: (input, { app, actor }) => saveCommissionPolicy(app.db, actor, input) },
  'collections.saveOutcome': { access: ADMIN, run: (input, { app, actor }) => saveOutcome(app.db, actor, input) },
  'collections.saveContactRules': { access: ADMIN, run: ({ rules }, { app, actor }) => saveContactRules(app.db, actor, rules) },

  'collections.portfolio': { access: COORDINATION, run: async ({ dimension }, { app }) => portfolio(app.db, await today(app.db), dimension) },
  'collections.portfolioAccounts': { access: COORDINATION, run: async (cell, { app }) => portfolioAccounts(app.db, await today(app.db), cell) },
  'collections.portfolioFile': {
    access: COORDINATION,
    run: async ({ dimension, format }, ctx) => {
      const p = await portfolio(ctx.app.db, await today(ctx.app.db), dimension);
      const name = `cartera-por-edades-${p.today}${dimension === 'total' ? '' : `-${dimension}`}`;
      if (format === 'csv') return csvFile(`${name}.csv`, portfolioCsv(p), COLLECTIONS_CSV);
      const { head, timeZone } = await letterheadOf(ctx);
      return pdfFile(`${name}.pdf`, await portfolioPdf(p, head, (await getCompany(ctx.app.db)).currency, { timeZone }));
    },
  },

  'collections.gestores': { access: COORDINATION, run: (_input, ctx) => listGestores(ctx.app.db, workerOf(ctx)) },
  'collections.campaignPreview': { access: COORDINATION, run: async ({ criteria }, ctx) => previewCampaign(ctx.app.db, await today(ctx.app.db), criteria, callerScope(ctx)) },
  'collections.launchCampaign': {
    access: COORDINATION,
    run: async (input, ctx) => {
      const w = workerOf(ctx);
      const id = await launchCampaign(ctx.app.db, personOf(w), await today(ctx.app.db), input);
      return campaignDetail(ctx.app.db, w, id);
    },
  },
  'collections.campaigns': { access: DESK, run: ({ state }, ctx) => listCampaigns(ctx.app.db, workerOf(ctx), state) },
  'collections.campaign': { access: DESK, run: ({ campaignId }, ctx) => campaignDetail(ctx.app.db, workerOf(ctx), campaignId) },
  'collections.closeCampaign': {
    access: COORDINATION,
    run: async ({ campaignId, note }, ctx) => {
      const w = workerOf(ctx);
      await closeCampaign(ctx.app.db, w, campaignId, note);
      return campaignDetail(ctx.app.db, w, campaignId);
    },
  },

  'collections.campaignAccounts': { access: DESK, run: async (input, ctx) => campaignAccounts(ctx.app.db, workerOf(ctx), input, await today(ctx.app.db)) },
  'collections.campaignAccountsFile': {
    access: DESK,
    run: async (input, ctx) => {
      const day = await today(ctx.app.db);
      const { name, rows } = await campaignAccountsCsv(ctx.app.db, workerOf(ctx), input, day, (await getCompany(ctx.app.db)).timeZone);
      const slug = name.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
      return csvFile(`campana-${slug || input.campaignId}-cuentas-${day}.csv`, rows, COLLECTIONS_CSV);
    },
  },

  'collections.queue': { access: DESK, run: (_input, ctx) => queueSummary(ctx.app.db, personOf(workerOf(ctx))) },
  'collections.next': { access: DESK, run: async (_input, ctx) => nextAccount(ctx.app.db, personOf(workerOf(ctx)), await today(ctx.app.db)) },
  'collections.desk': { access: DESK, run: async ({ accountId }, ctx) => deskData(ctx.app.db, workerOf(ctx), accountId, await today(ctx.app.db)) },
  'collections.checkContact': { access: DESK, run: (input, ctx) => checkContactNow(ctx.app.db, personOf(workerOf(ctx)), input) },
  'collections.recordContact': { access: DESK, run: (input, ctx) => recordContact(ctx.app.db, personOf(workerOf(ctx)), input) },
  'collections.saveContactPoint': { access: DESK, run: async (input, ctx) => saveContactPoint(ctx.app.db, personOf(workerOf(ctx)), input, await today(ctx.app.db)) },
  'collections.handToLegal': {
    access: DESK,
    run: (input, ctx) => handOff(ctx.app.db, personOf(workerOf(ctx)), { accountId: input.accountId, kind: 'juridico', what: input.stage, reason: input.reason, contactId: input.contactId }),
  },
  'collections.handToField': {
    access: DESK,
    run: (input, ctx) => handOff(ctx.app.db, personOf(workerOf(ctx)), { accountId: input.accountId, kind: 'terreno', what: input.purpose, reason: input.reason, contactId: input.contactId }),
  },
  'collections.fieldList': { access: COORDINATION, run: ({ state }, ctx) => fieldList(ctx.app.db, workerOf(ctx), state) },
  'collections.fieldFile': {
    access: COORDINATION,
    run: async (_input, ctx) => {
      const rows = await fieldList(ctx.app.db, workerOf(ctx), 'pendiente');
      const company = await getCompany(ctx.app.db);
      return csvFile(`remisiones-a-terreno-${await today(ctx.app.db)}.csv`, fieldCsv(rows, company.timeZone), COLLECTIONS_CSV);
    },
  },
  'collections.closeField': { access: COORDINATION, run: ({ handoffId, note }, ctx) => closeField(ctx.app.db, workerOf(ctx), handoffId, note) },
  'collections.complaintDraft': { access: DESK, run: ({ contactId }, ctx) => complaintDraft(ctx.app.db, workerOf(ctx), contactId) },
  'collections.linkPqr': { access: DESK, run: ({ contactId, pqrId }, ctx) => linkPqr(ctx.app.db, workerOf(ctx), contactId, pqrId) },
  'collections.ofAccount': { access: 'authenticated', run: ({ accountId }, ctx) => accountCollections(ctx.app.db, workerOf(ctx), accountId) },

  'collections.commitments': { access: DESK, run: (filter, ctx) => listCommitments(ctx.app.db, workerOf(ctx), filter) },
  'collections.runMonitor': { access: COORDINATION, run: async (_input, ctx) => runMonitor(ctx.app.db, await today(ctx.app.db), 'manual', ctx.actor) },
  'collections.monitorRuns': { access: COORDINATION, run: (_input, { app }) => monitorRuns(app.db) },

  'collections.report': {
    access: DESK,
    run: ({ from, to }, ctx) => {
      checkRange(from, to);
      return collectionsReport(ctx.app.db, workerOf(ctx), from, to);
    },
  },
  'collections.reportFile': {
    access: DESK,
    run: async ({ from, to, format }, ctx) => {
      checkRange(from, to);
      const report = await collectionsReport(ctx.app.db, workerOf(ctx), from, to);
      const name = `telecobro-${from}${from === to ? '' : `-a-${to}`}`;
      if (format === 'csv') return csvFile(`${name}.csv`, reportCsv(report), COLLECTIONS_CSV);
      const { head, timeZone } = await letterheadOf(ctx);
      return pdfFile(`${name}.pdf`, await reportPdf(report, head, (await getCompany(ctx.app.db)).currency, { timeZone }));
    },
  },

  'collections.liquidate': {
    access: COORDINATION,
    run: async ({ gestorId, month }, ctx) => {
      const w = workerOf(ctx);
      const { id, created } = await liquidate(ctx.app.db, personOf(w), gestorId, month, await today(ctx.app.db));
      return { liquidation: await liquidationDetail(ctx.app.db, w, id), created };
    },
  },
  'collections.liquidations': { access: COORDINATION, run: ({ month }, ctx) => listLiquidations(ctx.app.db, workerOf(ctx), month) },
  'collections.liquidation': { access: COORDINATION, run: ({ liquidationId }, ctx) => liquidationDetail(ctx.app.db, workerOf(ctx), liquidationId) },
  'collections.approveLiquidation': {
    access: COORDINATION,
    run: async ({ liquidationId }, ctx) => {
      const w = workerOf(ctx);
      await approveLiquidation(ctx.app.db, personOf(w), liquidationId);
      return liquidationDetail(ctx.app.db, w, liquidationId);
    },
  },
  'collections.liquidationPdf': {
    access: COORDINATION,
    run: async ({ liquidationId }, ctx) => {
      const l = await liquidationDetail(ctx.app.db, workerOf(ctx), liquidationId);
      const { head, timeZone } = await letterheadOf(ctx);
      const policy = await getPolicy(ctx.app.db);
      const file = await liquidationPdf(l, head, (await getCompany(ctx.app.db)).currency, { timeZone, attributionRule: attributionRule(policy.attributionDays) });
      return pdfFile(`comisiones-${l.gestor.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${l.month}-v${l.version}.pdf`, file);
    },
  },
};

