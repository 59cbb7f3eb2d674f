import type { HandlerContext, HandlerTable } from '../../context';
import type { PrintingOutputs } from '../../../../shared/contract';
import { jobFile, listJobs, listSettings, listSystemPrinters, printDocument, printTestPage, retryJob, saveSetting, type Printer } from './service';

/** who is asking: the CLI door acts as the administrator */
function printerOf(ctx: HandlerContext): Printer {
  return { actor: ctx.actor, role: ctx.session?.user.role ?? 'administrador' };
}

export const printingHandlers: Pick<HandlerTable, keyof PrintingOutputs> = {
  'printing.printers': { access: 'authenticated', run: () => listSystemPrinters() },
  'printing.settings': { access: 'authenticated', run: (_input, { app }) => listSettings(app.db) },
  'printing.saveSetting': { access: ['administrador'], run: (change, { app, actor }) => saveSetting(app.db, actor, change) },
  'printing.print': { access: 'authenticated', run: (input, { app, actor }) => printDocument(app, actor, input) },
  'printing.jobs': { access: 'authenticated', run: (filters, ctx) => listJobs(ctx.app.db, printerOf(ctx), filters) },
  'printing.retry': { access: 'authenticated', run: ({ jobId }, ctx) => retryJob(ctx.app, printerOf(ctx), jobId) },
  'printing.jobFile': { access: 'authenticated', run: ({ jobId }, ctx) => jobFile(ctx.app.db, printerOf(ctx), jobId) },
  'printing.testPage': { access: ['administrador'], run: ({ kind }, { app, actor }) => printTestPage(app, actor, kind) },
};
