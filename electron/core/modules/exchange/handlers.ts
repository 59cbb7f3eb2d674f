import type { HandlerContext, HandlerTable } from '../../context';
import { callerScope, requireOwnOffice } from '../../officeScope';
import { exportAct } from './acts';
import { exchangeDay } from './day';
import { deliverDay, deliverExport, deliverIfPending } from './delivery';
import { exportRecaudo, listExports, resendExport, type Exported } from './recaudo';
import { getExchangeSettings, saveExchangeSettings } from './settings';

const coordination = ['coordinador', 'administrador'] as const;

const MIME = { asobancaria: 'text/plain', csv: 'text/csv', json: 'application/json' } as const;

function withFile(result: Exported) {
  return {
    export: result.export,
    created: result.created,
    file: { fileName: result.export.fileName, mimeType: MIME[result.export.format], base64: (result.content ?? Buffer.alloc(0)).toString('base64') },
  };
}

/**
 * The office a request is about: a coordinator's own (the default; another office answers as not
 * found), or for an administrator the one asked, or all together (null).
 */
function officeOf(ctx: HandlerContext, asked: number | undefined, refusal: string): number | null {
  const scope = callerScope(ctx);
  const officeId = asked ?? scope;
  if (officeId !== null) requireOwnOffice(scope, officeId, refusal);
  return officeId;
}

/** The handlers of issue 18, intercambio con el sistema comercial: the day's payments and acts exported for the billing system. */
export const exchangeHandlers: Pick<HandlerTable, 'exchange.exportRecaudo' | 'exchange.resend' | 'exchange.list' | 'exchange.settings' | 'exchange.saveSettings' | 'exchange.exportAct' | 'exchange.deliver' | 'exchange.deliverDay' | 'exchange.day'
> = {
  'exchange.exportRecaudo': {
    access: coordination,
    run: async (input, ctx) => {
      const officeId = officeOf(ctx, input.officeId, 'Solo puede exportar el recaudo de su oficina.');
      const result = await exportRecaudo(
        ctx.app,
        ctx.actor,
        { date: input.date, officeId, format: input.format, openSessionsReason: input.openSessionsReason },
        { kind: 'memory' },
      );
      return withFile({ ...result, export: await deliverIfPending(ctx.app, ctx.actor, result.export) });
    },
  },
  'exchange.resend': {
    access: coordination,
    run: async ({ exportId }, ctx) => withFile(await resendExport(ctx.app, exportId, callerScope(ctx), { kind: 'memory' })),
  },
  'exchange.list': { access: coordination, run: ({ date }, ctx) => listExports(ctx.app.db, callerScope(ctx), date) },
  'exchange.settings': { access: ['administrador'], run: (_input, ctx) => getExchangeSettings(ctx.app.db) },
  'exchange.saveSettings': { access: ['administrador'], run: (input, ctx) => saveExchangeSettings(ctx.app.db, ctx.actor, input) },
  'exchange.exportAct': {
    access: coordination,
    run: async (input, ctx) => {
      const officeId = officeOf(ctx, input.officeId, 'Solo puede exportar los actos de su oficina.');
      const result = await exportAct(ctx.app, ctx.actor, { kind: input.kind, date: input.date, officeId }, { kind: 'memory' });
      return withFile({ ...result, export: await deliverIfPending(ctx.app, ctx.actor, result.export) });
    },
  },
  'exchange.deliver': { access: coordination, run: ({ exportId }, ctx) => deliverExport(ctx.app, ctx.actor, exportId, callerScope(ctx)) },
  'exchange.deliverDay': {
    access: coordination,
    run: (input, ctx) => deliverDay(ctx.app, ctx.actor, input.date, officeOf(ctx, input.officeId, 'Solo puede entregar los archivos de su oficina.')),
  },
  'exchange.day': {
    access: coordination,
    run: ({ date, officeId }, ctx) => exchangeDay(ctx.app.db, date, officeOf(ctx, officeId, 'Solo puede ver el recaudo de su oficina.')),
  },
};
