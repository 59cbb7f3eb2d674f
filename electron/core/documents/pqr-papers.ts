/** PLACEHOLDER being written by the documents engineer: the papers of a PQR filing. */
import type { PqrDetail } from '../../../shared/contract';
import type { Letterhead } from './layout';

export interface PqrPaperContext {
  head: Letterhead;
  /** company time zone, for the times printed */
  timeZone: string;
}

/** the sticker pasted on the received paper: Code 128 of the radicado, date and time, clerk, sender, destination, subject, pages and annexes */
export async function pqrStickerPdf(_pqr: PqrDetail, _ctx: PqrPaperContext): Promise<Buffer> {
  throw new Error('pqrStickerPdf: pendiente');
}

/** the constancia de radicación handed to the petitioner, with the due date */
export async function pqrConstanciaPdf(_pqr: PqrDetail, _ctx: PqrPaperContext): Promise<Buffer> {
  throw new Error('pqrConstanciaPdf: pendiente');
}

/** the letter telling the petitioner of the extension (prórroga), its reasons and the new date */
export async function pqrExtensionLetterPdf(_pqr: PqrDetail, _ctx: PqrPaperContext): Promise<Buffer> {
  throw new Error('pqrExtensionLetterPdf: pendiente');
}
