/** one valid input per handler of this area (see ../handler-samples.ts) */
import type { HandlerSamples } from '../handler-samples';

/** the smallest PDF with one page (what another handler's DocumentFile carries) */
const ONE_PAGE_PDF = Buffer.from('%PDF-1.3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n').toString('base64');

export const printingSamples: HandlerSamples = {
  'printing.printers': {},
  'printing.settings': {},
  // no printer: valid for every role, and it prints nothing on the machine that runs the tests
  'printing.saveSetting': { kind: 'report', printerName: '', paper: 'letter', copies: 1 },
  'printing.print': { kind: 'receipt', title: 'Recibo 1', document: { fileName: 'recibo-1.pdf', mimeType: 'application/pdf', base64: ONE_PAGE_PDF } },
  'printing.jobs': { state: 'fallido', limit: 20 },
  'printing.retry': { jobId: 999 },
  'printing.jobFile': { jobId: 999 },
  'printing.testPage': { kind: 'sticker' },
};
