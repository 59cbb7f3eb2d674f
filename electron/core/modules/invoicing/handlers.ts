import fs from 'node:fs';
import type { HandlerContext, HandlerTable } from '../../context';
import { callerScope } from '../../officeScope';
import { requireBatchOfOffice } from './scope';
import type { InvoicingOutputs } from '../../../../shared/contract';
import { printDocument } from '../printing/service';
import { batchFileChunk, batchFilePath, batchStatus, cancelBatch, recentBatches, startBatch } from './batch';
import { getInvoicingSettings, periodsWithInvoices, routeSummaries } from './queries';
import { reprintInvoice, updateInvoicingSettings } from './service';

/** a batch of the caller's office (scope.ts): another office's answers as one that does not exist */
async function ofOffice(ctx: HandlerContext, batchId: number): Promise<number> {
  await requireBatchOfOffice(ctx.app.db, callerScope(ctx), batchId);
  return batchId;
}

/** the office coordinator prints the invoices of a period; the administrator may too */
const PRINTERS = ['coordinador', 'administrador'] as const;
/** anyone at the counter may hand a customer a duplicate of an invoice */
const COUNTER = ['auxiliar', 'cajero', 'coordinador', 'administrador'] as const;

export const invoicingHandlers: Pick<HandlerTable, keyof InvoicingOutputs> = {
  'invoicing.periods': { access: PRINTERS, run: (_input, { app }) => periodsWithInvoices(app.db) },
  'invoicing.routes': { access: PRINTERS, run: ({ period }, { app }) => routeSummaries(app.db, period) },
  'invoicing.startBatch': { access: PRINTERS, run: (input, { app, actor }) => startBatch(app, actor, input) },
  'invoicing.batchStatus': { access: PRINTERS, run: async ({ batchId }, ctx) => batchStatus(ctx.app, await ofOffice(ctx, batchId)) },
  'invoicing.cancelBatch': { access: PRINTERS, run: async ({ batchId }, ctx) => cancelBatch(ctx.app, await ofOffice(ctx, batchId)) },
  'invoicing.batchFileChunk': { access: PRINTERS, run: async ({ batchId, fileIndex, offset }, ctx) => batchFileChunk(ctx.app, await ofOffice(ctx, batchId), fileIndex, offset) },
  'invoicing.recentBatches': { access: PRINTERS, run: (_input, ctx) => recentBatches(ctx.app, callerScope(ctx)) },
  'invoicing.printBatchFile': {
    access: PRINTERS,
    run: async ({ batchId, fileIndex }, ctx) => {
      const { app, actor } = ctx;
      const { file, path: full } = await batchFilePath(app, await ofOffice(ctx, batchId), fileIndex);
      const document = { fileName: file.fileName, mimeType: 'application/pdf', base64: fs.readFileSync(full).toString('base64') };
      return printDocument(app, actor, { kind: 'invoice', title: `Facturas: ${file.fileName}`, document });
    },
  },
  'invoicing.reprint': { access: COUNTER, run: ({ invoiceId, paper }, { app, actor }) => reprintInvoice(app.db, actor, invoiceId, paper) },
  'invoicing.getSettings': { access: 'authenticated', run: (_input, { app }) => getInvoicingSettings(app.db) },
  'invoicing.updateSettings': { access: ['administrador'], run: (input, { app, actor }) => updateInvoicingSettings(app.db, actor, input) },
};
