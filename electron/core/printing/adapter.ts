/**
 * What the back office needs from the operating system's print queue: the list of printers and
 * "print this stored PDF". One adapter per system: CUPS (`lp`/`lpstat`, Linux and macOS) and Windows
 * (pdf-to-printer with SumatraPDF). A failure is a PrintError whose message says why in Spanish.
 */
import type { PaperSize, SystemPrinters } from '../../../shared/contract';

export interface PrintRequest {
  /** a name from the system's own list (the adapter checks it again) */
  printer: string;
  /** absolute path of the PDF */
  filePath: string;
  copies: number;
  paper: PaperSize;
  /** the job's title in the system queue */
  title: string;
}

export interface PrintAdapter {
  system: SystemPrinters['system'];
  listPrinters(): Promise<SystemPrinters>;
  /** hands the file to the system queue; resolves with the queue's job id ('' when the system does not give one) */
  print(request: PrintRequest): Promise<{ systemJobId: string }>;
}

/** A print that did not reach the queue; `message` is for the person at the counter. */
export class PrintError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrintError';
  }
}
