/** The test page: one page in the paper of a kind, saying which printer and paper it went to. */
import { DOCUMENT_KIND_LABELS, PAPER_SIZE_LABELS, type DocumentKind, type PaperSize } from '../../../../shared/contract';
import { BOLD, FONT, MM, newDocument, toBuffer } from '../../documents/layout';

/** page sizes in points; the roll's page is as long as this page needs */
export const PAPER_POINTS: Record<PaperSize, [number, number]> = {
  roll80: [80 * MM, 120 * MM],
  letter: [612, 792],
  halfLetter: [396, 612],
  label100x50: [100 * MM, 50 * MM],
};

export interface TestPageData {
  companyName: string;
  kind: DocumentKind;
  printerName: string;
  paper: PaperSize;
  machine: string;
  /** "23/11/2026 10:15" in the company's zone */
  when: string;
  userName: string;
}

export async function testPagePdf(data: TestPageData): Promise<Buffer> {
  const [width, height] = PAPER_POINTS[data.paper];
  const small = width < 300;
  const margin = small ? 4 * MM : 40;
  const doc = newDocument({ size: [width, height], margin, title: 'Página de prueba' });
  const inner = width - 2 * margin;
  doc.font(BOLD).fontSize(small ? 11 : 18).text('Página de prueba', { width: inner, align: 'center' });
  doc.moveDown(0.3);
  doc.font(FONT).fontSize(small ? 7 : 11);
  const lines = [
    data.companyName,
    `Documento: ${DOCUMENT_KIND_LABELS[data.kind]}`,
    `Impresora: ${data.printerName}`,
    `Papel: ${PAPER_SIZE_LABELS[data.paper]}`,
    `Equipo: ${data.machine}`,
    `${data.when} · ${data.userName}`,
  ];
  for (const line of data.paper === 'label100x50' ? lines.slice(1, 5) : lines) doc.text(line, { width: inner, align: 'center' });
  // a frame at the margins shows whether the paper and its margins are right
  doc.lineWidth(0.5).rect(margin / 2, margin / 2, width - margin, height - margin).stroke();
  return toBuffer(doc);
}
