/** The printing module's enumerations, as message keys and badge colours. */
import type { DocumentKind, PaperSize, PrintJobState, SystemPrinter } from '../../../../shared/contract';
import type { MessageKey } from '../../i18n';

export const KIND_LABELS: Record<DocumentKind, MessageKey> = {
  receipt: 'printing.kind.receipt',
  invoice: 'printing.kind.invoice',
  letter: 'printing.kind.letter',
  sticker: 'printing.kind.sticker',
  report: 'printing.kind.report',
};

export const PAPER_LABELS: Record<PaperSize, MessageKey> = {
  roll80: 'printing.paper.roll80',
  letter: 'printing.paper.letter',
  halfLetter: 'printing.paper.halfLetter',
  label100x50: 'printing.paper.label100x50',
};

export const JOB_STATE_LABELS: Record<PrintJobState, MessageKey> = {
  pendiente: 'printing.state.pendiente',
  enviado: 'printing.state.enviado',
  fallido: 'printing.state.fallido',
};

export const JOB_STATE_COLORS: Record<PrintJobState, string> = { pendiente: 'yellow', enviado: 'teal', fallido: 'red' };

export const PRINTER_STATE_LABELS: Record<SystemPrinter['state'], MessageKey> = {
  inactiva: 'printing.printerState.inactiva',
  imprimiendo: 'printing.printerState.imprimiendo',
  detenida: 'printing.printerState.detenida',
  desconocido: 'printing.printerState.desconocido',
};

export const PRINTER_STATE_COLORS: Record<SystemPrinter['state'], string> = { inactiva: 'teal', imprimiendo: 'blue', detenida: 'red', desconocido: 'gray' };
