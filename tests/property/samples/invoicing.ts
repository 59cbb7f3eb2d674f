/** one valid input per handler of this area (see ../handler-samples.ts) */
import type { HandlerSamples } from '../handler-samples';

export const invoicingSamples: HandlerSamples = {
  'invoicing.periods': {},
  'invoicing.routes': { period: '2026-09' },
  'invoicing.startBatch': { period: '2026-09', cycle: '01', route: '0101', paper: 'letter', split: 'perRoute' },
  'invoicing.batchStatus': { batchId: 999 },
  'invoicing.cancelBatch': { batchId: 999 },
  'invoicing.batchFileChunk': { batchId: 999, fileIndex: 0, offset: 0 },
  'invoicing.recentBatches': {},
  'invoicing.printBatchFile': { batchId: 999, fileIndex: 0 },
  'invoicing.reprint': { invoiceId: 999, paper: 'halfLetter' },
  'invoicing.getSettings': {},
  'invoicing.updateSettings': { paymentPoints: 'Pague en nuestras oficinas, bancos y corresponsales' },
};
