/** The receipt's paper, read back with pdftotext: the layouts are pure functions of the Receipt data. */
import { describe, expect, it } from 'vitest';
import type { Receipt } from '../../shared/contract';
import { receiptPdf, THERMAL_WIDTH } from '../../electron/core/documents/receipt';
import { pdfInfo, pdfTextFlat } from '../helpers/pdf';

function sampleReceipt(change: Partial<Receipt> = {}): Receipt {
  return {
    paymentId: 41,
    receiptNumber: 123,
    receiptLabel: 'GAR-000123',
    company: { name: 'Aguas del Valle de Tenza S.A. E.S.P.', nit: '900.123.456-8', logoDataUrl: '' },
    office: { code: 'GAR', name: 'Oficina Garagoa', address: 'Calle 10 # 9-45', phone: '6087500123', city: 'Garagoa' },
    cashierName: 'Andrés Felipe Becerra Ochoa',
    tillName: 'Caja 1',
    postedAt: '2026-11-20T15:42:00.000Z',
    postedAtText: '20/11/2026 10:42',
    account: { id: 7, number: '100234', holderName: 'GÓMEZ PARDO ANA LUCÍA', address: 'Carrera 5 # 20-11 Apto 301' },
    lines: [
      { kind: 'invoice', id: 1, description: 'Factura F-0002 · 2026-09', amount: 74_300, balanceAfter: 0 },
      { kind: 'invoice', id: 2, description: 'Factura F-0003 · 2026-10', amount: 40_000, balanceAfter: 40_000 },
      { kind: 'charge', id: 3, description: 'Reconexión del servicio', amount: 40_000, balanceAfter: 0 },
    ],
    tenders: [
      { method: 'efectivo', amount: 100_000, reference: '', bank: '' },
      { method: 'tarjeta_debito', amount: 54_300, reference: '884512', bank: '' },
    ],
    amount: 154_300,
    cashReceived: 120_000,
    change: 20_000,
    creditAdded: 0,
    balanceAfter: 40_000,
    currency: 'COP',
    verificationCode: 'K7QM-3XRT-9P',
    status: 'vigente',
    void: null,
    copiesPrinted: 0,
    layout: 'termica80',
    timeZone: 'America/Bogota',
    ...change,
  };
}

const VOIDED: Partial<Receipt> = {
  status: 'anulado',
  void: { reason: 'El cliente pagó la cuenta equivocada', at: '2026-11-20T16:05:00.000Z', approvedBy: 'Jorge Enrique Camargo Vargas', voidedBy: 'Andrés Felipe Becerra Ochoa' },
};

describe.each(['termica80', 'carta'] as const)('the %s receipt', (layout) => {
  it('shows the receipt number, company, account, what was paid, how, the change and the new balance', async () => {
    const pdf = await receiptPdf(sampleReceipt({ layout }), { copy: false });
    const text = pdfTextFlat(pdf);
    expect(text).toContain('RECIBO DE CAJA');
    expect(text).toContain('No. GAR-000123');
    expect(text).toContain('Aguas del Valle de Tenza S.A. E.S.P.');
    expect(text).toContain('NIT 900.123.456-8');
    expect(text).toContain('Oficina Garagoa');
    expect(text).toContain('20/11/2026 10:42');
    expect(text).toContain('Andrés Felipe Becerra Ochoa');
    expect(text).toContain('Caja 1');
    expect(text).toContain('100234');
    expect(text).toContain('GÓMEZ PARDO ANA LUCÍA');
    expect(text).toMatch(/Factura F-0002 · 2026-09 \$ 74\.300/);
    expect(text).toMatch(/Reconexión del servicio \$ 40\.000/);
    expect(text).toMatch(/Tarjeta débito · voucher 884512 \$ 54\.300/);
    expect(text).toMatch(/TOTAL PAGADO \$ 154\.300/);
    expect(text).toMatch(/Efectivo recibido \$ 120\.000/);
    expect(text).toMatch(/Cambio \$ 20\.000/);
    expect(text).toMatch(/Nuevo saldo de la cuenta \$ 40\.000/);
    expect(text).toContain('K7QM-3XRT-9P');
    expect(text).not.toContain('COPIA');
    expect(text).not.toContain('ANULADO');
  });

  it('a reprint says COPIA', async () => {
    const text = pdfTextFlat(await receiptPdf(sampleReceipt({ layout, copiesPrinted: 1 }), { copy: true }));
    expect(text).toContain('COPIA');
    expect(text).toContain('No. GAR-000123');
  });

  it('a voided receipt says ANULADO with the reason and who approved it', async () => {
    const text = pdfTextFlat(await receiptPdf(sampleReceipt({ layout, ...VOIDED }), { copy: false }));
    expect(text).toContain('ANULADO');
    expect(text).toContain('Motivo: El cliente pagó la cuenta equivocada');
    expect(text).toContain('Aprobó: Jorge Enrique Camargo Vargas');
    expect(text).toContain('20/11/2026 11:05'); // the void's time in Bogotá
  });

  it('an overpayment shows the credit added to the account', async () => {
    const text = pdfTextFlat(await receiptPdf(sampleReceipt({ layout, amount: 160_000, creditAdded: 5_700 }), { copy: false }));
    expect(text).toMatch(/Saldo a favor agregado \$ 5\.700/);
  });
});

describe('paper sizes', () => {
  it('the thermal receipt is one page 80 mm wide, as long as its content', async () => {
    const short = pdfInfo(await receiptPdf(sampleReceipt(), { copy: false }));
    expect(short.pages).toBe(1);
    expect(short.width).toBeCloseTo(226.77, 1);
    expect(THERMAL_WIDTH).toBeCloseTo(226.77, 1);
    const lines = Array.from({ length: 30 }, (_, i) => ({ kind: 'invoice' as const, id: i, description: `Factura F-${1000 + i}`, amount: 10_000, balanceAfter: 0 }));
    const longPdf = await receiptPdf(sampleReceipt({ lines, amount: 300_000 }), { copy: false });
    const long = pdfInfo(longPdf);
    expect(long.pages).toBe(1);
    expect(long.width).toBeCloseTo(226.77, 1);
    expect(long.height).toBeGreaterThan(short.height + 30 * 15);
    expect(pdfTextFlat(longPdf)).toContain('Factura F-1029');
  });

  it('the letter receipt is one letter page', async () => {
    const info = pdfInfo(await receiptPdf(sampleReceipt({ layout: 'carta' }), { copy: false }));
    expect(info).toEqual({ pages: 1, width: 612, height: 792 });
  });

  it('a logo given as a data URL is drawn, and a damaged one does not stop the paper', async () => {
    const png =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
    const withLogo = await receiptPdf(sampleReceipt({ company: { name: 'Empresa', nit: '900.123.456-8', logoDataUrl: png } }), { copy: false });
    const without = await receiptPdf(sampleReceipt({ company: { name: 'Empresa', nit: '900.123.456-8', logoDataUrl: '' } }), { copy: false });
    expect(withLogo.includes(Buffer.from('/Subtype /Image'))).toBe(true);
    expect(without.includes(Buffer.from('/Subtype /Image'))).toBe(false);
    const broken = await receiptPdf(sampleReceipt({ company: { name: 'Empresa', nit: '1', logoDataUrl: 'data:image/png;base64,AAAA' } }), { copy: false });
    expect(pdfTextFlat(broken)).toContain('No. GAR-000123');
  });
});
