import type { HandlerTable } from '../../context';
import type { IndicatorsOutputs } from '../../../../shared/contract';
import type { Role } from '../../../../shared/roles';
import { callerScope } from '../../officeScope';
import { getComments, issueReport, listReports, reportPdf, saveComments } from './reports';
import { indicatorOffice, records, summary, trend } from './service';

const COORDINATORS: readonly Role[] = ['coordinador', 'administrador'];

/** The handlers of issue 19: indicators and the informe de gestión comercial. */
export const indicatorsHandlers: Pick<HandlerTable, keyof IndicatorsOutputs> = {
  'indicators.summary': { access: COORDINATORS, run: async ({ from, to, officeId }, ctx) => summary(ctx.app.db, from, to, await indicatorOffice(ctx, officeId)) },
  'indicators.trend': { access: COORDINATORS, run: async ({ key, month, officeId }, ctx) => trend(ctx.app.db, key, month, await indicatorOffice(ctx, officeId)) },
  'indicators.records': {
    access: COORDINATORS,
    run: async ({ key, from, to, officeId, offset, limit }, ctx) => records(ctx.app.db, key, from, to, (await indicatorOffice(ctx, officeId)).scope, { offset, limit }),
  },
  'indicators.comments': { access: COORDINATORS, run: async ({ kind, period, officeId }, ctx) => getComments(ctx.app.db, { kind, period, ...(await indicatorOffice(ctx, officeId)) }) },
  'indicators.saveComments': {
    access: COORDINATORS,
    run: async ({ kind, period, officeId, sections }, ctx) => saveComments(ctx, { kind, period, ...(await indicatorOffice(ctx, officeId)) }, sections),
  },
  'indicators.issueReport': { access: COORDINATORS, run: async ({ kind, period, officeId }, ctx) => issueReport(ctx, { kind, period, ...(await indicatorOffice(ctx, officeId)) }) },
  'indicators.reports': {
    access: COORDINATORS,
    run: async ({ officeId }, ctx) => {
      await indicatorOffice(ctx, officeId);
      return listReports(ctx.app.db, callerScope(ctx), officeId);
    },
  },
  'indicators.reportPdf': { access: COORDINATORS, run: async ({ id }, ctx) => reportPdf(ctx.app.db, callerScope(ctx), id) },
};
