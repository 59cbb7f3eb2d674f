/**
 * The audit chain's anchor as a paper prints it (closing act, recaudo report): how many rows the
 * audit had, its last row and that row's full hash. Kept with the signed paper, it lets anyone
 * check later that the audit was not rewritten after it (see electron/core/db/anchors.ts).
 */
import type { AuditAnchorPoint } from '../../../shared/contract';
import { BOLD, FONT, GREY, type Pdf } from './layout';

/** "la auditoría tenía 1.234 filas; la última, la 1.240, con el sello:" */
export function anchorSentence(anchor: AuditAnchorPoint): string {
  if (anchor.lastId === null) return 'La auditoría estaba vacía.';
  return `La auditoría tenía ${anchor.rows.toLocaleString('es-CO')} filas; la última, la ${anchor.lastId.toLocaleString('es-CO')}, con el sello:`;
}

/** Draws the anchor block at (x, y) in `width`; returns the y below it. */
export function drawAuditAnchor(doc: Pdf, anchor: AuditAnchorPoint, box: { x: number; y: number; width: number; title: string }): number {
  const { x, width } = box;
  doc.font(BOLD).fontSize(8).fillColor(GREY).text(box.title, x, box.y, { width });
  doc.font(FONT).fontSize(7.5).text(anchor.lastId === null ? anchorSentence(anchor) : `${anchorSentence(anchor)} `, x, doc.y + 1, { width, continued: anchor.lastId !== null });
  if (anchor.lastId !== null) doc.font('Courier').fontSize(7.5).text(anchor.hash, { width });
  doc.font(FONT).fontSize(7).text('Si alguien cambia o borra la auditoría después de este momento, ese sello deja de coincidir (Administración › Copias de seguridad › Revisar auditoría).', x, doc.y + 1, {
    width,
  });
  doc.fillColor('black');
  return doc.y;
}
