import type { SessionReport } from '../../../shared/contract';

/** PLACEHOLDER being written by the documents engineer: the closing report (letter) as a PDF. */
export async function sessionReportPdf(_report: SessionReport): Promise<Buffer> {
  throw new Error('sessionReportPdf: pendiente');
}
