/** Our GS1-128 encoder gives the bars bwip-js (BWIPP) gives, for the payment codes invoices carry. */
import bwipjs from 'bwip-js/node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE128_PATTERNS as PATTERN_LIST, gs1128Widths } from '../../electron/core/documents/code128';
import { GS, parsePaymentBarcode, paymentBarcodeText } from '../../shared/gs1';

const GLN = '7709998000018';

function bwipWidths(text: string): number[] {
  const raw = (bwipjs as unknown as { raw: (o: object) => { sbs: number[] }[] }).raw({ bcid: 'gs1-128', text });
  return raw[0].sbs;
}

describe('GS1-128 bars', () => {
  it('match bwip-js for a typical invoice code', () => {
    const text = paymentBarcodeText({ gln: GLN, reference: '100201202609', amount: 97_285, dueDate: '2026-09-16' });
    expect(gs1128Widths(text)).toEqual(bwipWidths(text));
  });

  it('decode back to the same data for any reference (digits, letters, odd lengths), amount and date', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9A-Z-]{1,25}$/),
        fc.integer({ min: 1, max: 999_999_999 }),
        fc.integer({ min: 0, max: 3000 }),
        (reference, amount, day) => {
          const due = new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
          const text = paymentBarcodeText({ gln: GLN, reference, amount, dueDate: due });
          const decoded = decode(gs1128Widths(text));
          // what a scanner sends: FNC1 as GS after the variable-length fields
          expect(decoded).toBe(`415${GLN}8020${reference}${GS}3900${amount}${GS}96${due.replaceAll('-', '')}`);
          expect(parsePaymentBarcode(decoded)).toMatchObject({ ok: true, value: { reference, amount, dueDate: due } });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('bwip-js reads the same for all-digit references (as the import writes them)', () => {
    for (const reference of ['1', '12', '123', '100201202609', '9'.repeat(25), '0001']) {
      const text = paymentBarcodeText({ gln: GLN, reference, amount: 1234, dueDate: '2026-12-01' });
      expect(decode(gs1128Widths(text))).toBe(decode(bwipWidths(text)));
    }
  });
});

/** a reference Code 128 reader: widths → symbol values (checksum verified) → text, FNC1 as GS */
function decode(widths: number[]): string {
  const symbols: string[] = [];
  for (let i = 0; i + 6 <= widths.length - 7; i += 6) symbols.push(widths.slice(i, i + 6).join(''));
  const values = symbols.map((p) => PATTERN_LIST.indexOf(p));
  if (values.includes(-1)) throw new Error('símbolo desconocido');
  const check = values.pop() as number;
  if (values.reduce((sum, v, k) => sum + v * (k === 0 ? 1 : k), 0) % 103 !== check) throw new Error('dígito de control inválido');
  let set = values[0] === 105 ? 'C' : 'B';
  let out = '';
  for (const [k, v] of values.slice(1).entries()) {
    if (v === 102) out += k === 0 ? '' : GS;
    else if (set === 'C' && v === 100) set = 'B';
    else if (set === 'B' && v === 99) set = 'C';
    else out += set === 'C' ? String(v).padStart(2, '0') : String.fromCharCode(v + 32);
  }
  return out;
}
