/**
 * The ANULADO strike-through of the closing report (issue 14, finding 13): a voided receipt whose
 * payer's name wraps on two lines is struck on each line, as wide as each line's text — never one
 * line through the middle of the row, which ran between the two lines of the name.
 */
import { describe, expect, it } from 'vitest';
import { newDocument, strikeSegments } from '../../electron/core/documents/layout';

describe('strikeSegments', () => {
  const doc = newDocument({ size: [612, 792], margin: 40, title: 'prueba' });
  const columns = [{ width: 50 }, { width: 110 }, { width: 70, align: 'right' as const }];
  const at = { x: 40, y: 100, pad: 3, size: 7.5 };
  doc.font('Helvetica').fontSize(at.size);
  const lineHeight = doc.currentLineHeight(true);

  it('a name on two lines gets a segment on each line; the number and the amount one each', () => {
    const segments = strikeSegments(doc, ['R-000123', 'MARÍA FERNANDA RODRÍGUEZ DE LA TORRE', '$ 154.300'], columns, at);
    const inName = segments.filter((s) => s.x >= 90 && s.x < 200);
    expect(inName).toHaveLength(2);
    // one line of text apart, each inside the name's column and no wider than it
    expect(inName[1].y - inName[0].y).toBeCloseTo(lineHeight, 5);
    for (const s of inName) expect(s.x + s.width).toBeLessThanOrEqual(40 + 50 + 110 - 3 + 0.01);
    expect(segments).toHaveLength(4);
    // the first line of every cell is struck at the same height, inside the first line of text
    const firstLine = segments.filter((s) => s.y === segments[0].y);
    expect(firstLine).toHaveLength(3);
    expect(segments[0].y).toBeGreaterThan(at.y + at.pad);
    expect(segments[0].y).toBeLessThan(at.y + at.pad + lineHeight);
  });

  it('a right-aligned amount is struck under its own text, at the right of the cell', () => {
    const [, , amount] = strikeSegments(doc, ['R-1', 'ANA', '$ 9.800'], columns, at);
    expect(amount.x + amount.width).toBeCloseTo(40 + 50 + 110 + 70 - 3, 5);
    expect(amount.width).toBeCloseTo(doc.font('Helvetica').fontSize(at.size).widthOfString('$ 9.800'), 5);
  });

  it('an empty cell is not struck', () => {
    expect(strikeSegments(doc, ['R-1', '', '$ 1'], columns, at)).toHaveLength(2);
  });
});
