/** The invoice barcode as scanners type it: FNC1 as GS, dropped, with ]C1, or in parentheses. */
import { describe, expect, it } from 'vitest';
import { GS, looksLikePaymentBarcode, parsePaymentBarcode, paymentBarcodeText } from '../../shared/gs1';

const GLN = '7709998000018';
const expected = { gln: GLN, reference: '1002340126', amount: 154_300, dueDate: '2026-02-20' };

function value(raw: string) {
  const result = parsePaymentBarcode(raw);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe('parsePaymentBarcode', () => {
  it('reads the code with FNC1 sent as GS', () => {
    expect(value(`415${GLN}8020${expected.reference}${GS}3900154300${GS}9620260220`)).toEqual(expected);
  });

  it('reads the code with FNC1 dropped', () => {
    expect(value(`415${GLN}8020${expected.reference}39001543009620260220`)).toEqual(expected);
  });

  it('reads the code with the ]C1 symbology prefix and a trailing Enter', () => {
    expect(value(`]C1415${GLN}8020${expected.reference}${GS}39001543009620260220\r\n`)).toEqual(expected);
  });

  it('reads the human-readable form in parentheses, as printed under the bars', () => {
    expect(value(paymentBarcodeText(expected))).toEqual(expected);
    expect(value(`(415)${GLN}(8020)${expected.reference}(3900)154300`)).toEqual({ ...expected, dueDate: null });
  });

  it('offers the other readings when FNC1 is dropped and the reference holds 3900', () => {
    const result = parsePaymentBarcode(`415${GLN}8020AB3900X39005009620260220`);
    expect(result.ok).toBe(true);
    if (result.ok) expect([result.value, ...result.alternatives].map((r) => r.reference)).toContain('AB3900X');
  });

  it('refuses a GLN with a wrong check digit, naming it', () => {
    const result = parsePaymentBarcode(`415770999800001780201002340126${GS}3900154300`);
    expect(result).toEqual({ ok: false, message: 'El GLN 7709998000017 tiene un dígito de verificación inválido: vuelva a escanear' });
  });

  it('refuses an impossible due date, a code that is not an invoice and one without the amount', () => {
    const badDate = parsePaymentBarcode(`415${GLN}8020${expected.reference}${GS}39001543009620260231`);
    expect(badDate).toEqual({ ok: false, message: 'La fecha límite del código (20260231) no es una fecha válida' });
    expect(parsePaymentBarcode('1234567890')).toEqual({ ok: false, message: 'El código no es una factura de servicios: no empieza con (415)' });
    expect(parsePaymentBarcode(`415${GLN}8020${expected.reference}`)).toEqual({ ok: false, message: 'El código no trae el valor a pagar (3900)' });
  });

  it('reads an amount (3900) with leading zeros, as N..15 allows', () => {
    // 0000125000 is $ 125.000; with the FNC1 sent, dropped and in parentheses
    const due = { gln: GLN, reference: expected.reference, amount: 125_000, dueDate: '2026-02-20' };
    expect(value(`415${GLN}8020${expected.reference}${GS}39000000125000${GS}9620260220`)).toEqual(due);
    expect(value(`415${GLN}8020${expected.reference}390000001250009620260220`)).toEqual(due);
    expect(value(`(415)${GLN}(8020)${expected.reference}(3900)0000125000`)).toEqual({ ...due, dueDate: null });
    // fifteen digits, the most N..15 holds
    expect(value(`415${GLN}8020${expected.reference}${GS}3900000000000125000`).amount).toBe(125_000);
  });

  it('refuses an amount of zero and one of sixteen digits', () => {
    expect(parsePaymentBarcode(`415${GLN}8020${expected.reference}${GS}3900000000`)).toEqual({ ok: false, message: 'El valor a pagar (3900) del código es cero' });
    expect(parsePaymentBarcode(`415${GLN}8020${expected.reference}${GS}39001234567890123456`)).toEqual({
      ok: false,
      message: 'El valor a pagar (3900) o la fecha límite (96) del código son inválidos',
    });
  });

  it('tells a scan from a search', () => {
    expect(looksLikePaymentBarcode(`]C1415${GLN}8020X`)).toBe(true);
    expect(looksLikePaymentBarcode('GOMEZ PARDO')).toBe(false);
  });
});
