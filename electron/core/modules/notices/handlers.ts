import type { HandlerTable } from '../../context';
import type { NoticesOutputs } from '../../../../shared/contract';
import { actingOffice, callerScope } from '../../officeScope';
import { requireBatchOfOffice, requireNoticesOfOffice } from './scope';
import { listTemplates, previewTemplate, readLetterSettings, saveLetterSettings, saveTemplate } from './letters';
import { listNotices, noticesOfAccount } from './queries';
import { closeNotice, generateNotices, getNoticePolicy, markPrinted, noticesPdf, previewNotices, recordDelivery, saveNoticePolicy, sweepPaidNotices } from './service';

const ADMIN = ['administrador'] as const;
const COORDINATION = ['coordinador', 'administrador'] as const;


export const noticeHandlers: Pick<HandlerTable, keyof NoticesOutputs> = {
  'letters.templates': { access: COORDINATION, run: ({ kind }, { app }) => listTemplates(app.db, kind) },
  'letters.saveTemplate': { access: ADMIN, run: (input, { app, actor }) => saveTemplate(app.db, actor, input) },
  'letters.preview': { access: COORDINATION, run: (input, { app, actor }) => previewTemplate(app.db, actor.officeId, input) },
  'letters.settings': { access: COORDINATION, run: (_input, { app }) => readLetterSettings(app.db) },
  'letters.saveSettings': { access: ADMIN, run: (input, { app, actor }) => saveLetterSettings(app.db, actor, input) },

  'notices.policy': { access: COORDINATION, run: (_input, { app }) => getNoticePolicy(app.db) },
  'notices.savePolicy': { access: ADMIN, run: (input, { app, actor }) => saveNoticePolicy(app.db, actor, input) },
  'notices.preview': { access: COORDINATION, run: (criteria, { app }) => previewNotices(app.db, criteria) },
  'notices.generate': { access: COORDINATION, run: async (input, { app, actor }) => generateNotices(app.db, actor, await actingOffice(app.db, actor.officeId), input) },
  'notices.list': {
    access: COORDINATION,
    run: async (filter, ctx) => {
      const scope = callerScope(ctx);
      if (filter.batchId !== undefined) await requireBatchOfOffice(ctx.app.db, scope, filter.batchId);
      await sweepPaidNotices(ctx.app.db);
      return listNotices(ctx.app.db, filter, scope);
    },
  },
  'notices.markPrinted': {
    access: COORDINATION,
    run: async ({ noticeIds }, ctx) => {
      await requireNoticesOfOffice(ctx.app.db, callerScope(ctx), noticeIds, 'Uno de los avisos');
      return markPrinted(ctx.app.db, ctx.actor, noticeIds);
    },
  },
  'notices.recordDelivery': {
    access: COORDINATION,
    run: async (input, ctx) => {
      await requireNoticesOfOffice(ctx.app.db, callerScope(ctx), input.noticeIds, 'Uno de los avisos');
      return recordDelivery(ctx.app.db, ctx.actor, input);
    },
  },
  'notices.close': {
    access: COORDINATION,
    run: async (input, ctx) => {
      await requireNoticesOfOffice(ctx.app.db, callerScope(ctx), [input.noticeId], 'Uno de los avisos');
      return closeNotice(ctx.app.db, ctx.actor, input);
    },
  },
  /** shown on the account screen, to everyone who sees the account */
  'notices.ofAccount': {
    access: 'authenticated',
    run: async ({ accountId }, { app }) => {
      await sweepPaidNotices(app.db);
      return noticesOfAccount(app.db, accountId);
    },
  },
  'notices.pdf': {
    access: COORDINATION,
    run: async (input, ctx) => {
      const scope = callerScope(ctx);
      if (input.noticeId !== undefined) await requireNoticesOfOffice(ctx.app.db, scope, [input.noticeId], 'El aviso');
      if (input.batchId !== undefined) await requireBatchOfOffice(ctx.app.db, scope, input.batchId);
      return noticesPdf(ctx.app.db, input);
    },
  },
};
