/**
 * Printing a paper from any screen: the PDF another handler returned goes back to the back office,
 * which stores it, sends it to the printer configured for its kind and logs the job. What the
 * person sees (notifications, the download when no printer is configured) is in PrintButton.tsx.
 */
import { send } from '../api/client';
import type { DocumentFile, DocumentKind, PrintResult } from '../../../shared/contract';

/** no printer for the kind, sent to the queue, or failed (the job is in the log to retry) */
export type PrintOutcome = 'notConfigured' | 'sent' | 'failed';

export function printOutcome(result: PrintResult): PrintOutcome {
  if (!result.configured) return 'notConfigured';
  return result.job?.state === 'enviado' ? 'sent' : 'failed';
}

/** Sends a PDF to the printer of its kind through the back office. */
export function printThroughBackOffice(kind: DocumentKind, title: string, file: DocumentFile): Promise<PrintResult> {
  return send('printing.print', { kind, title, document: file });
}
