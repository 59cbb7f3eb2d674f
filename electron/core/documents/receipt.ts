import type { Receipt } from '../../../shared/contract';

/** PLACEHOLDER being written by the documents engineer: the receipt (80 mm or letter) as a PDF. */
export async function receiptPdf(_receipt: Receipt, _opts: { copy: boolean }): Promise<Buffer> {
  throw new Error('receiptPdf: pendiente');
}
