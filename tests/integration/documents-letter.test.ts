import { describe, expect, it } from 'vitest';
import { letterPdf, lettersPdf, type LetterData } from '../../electron/core/documents/letter';
import { pdfInfo, pdfText, pdfTextFlat } from '../helpers/pdf';

const letter: LetterData = {
  head: { company: { name: 'Aguas del Huila S.A. E.S.P.', nit: '900123456-7', logoDataUrl: '' }, officeLines: ['Oficina Garzón', 'Calle 7 # 10-20, Garzón'] },
  city: 'Garzón',
  date: '2026-11-20',
  number: '2026-GAR-S-000012',
  recipient: { name: 'Ana María Pérez', lines: ['Carrera 4 # 5-67', 'Garzón'] },
  reference: ['Referencia: Radicado No. 2026-GAR-P-000004 del 09/11/2026'],
  subject: 'Respuesta a su reclamo',
  body: 'Respetada señora:\n\nEn atención a su reclamo, la empresa accede a lo solicitado.\n\nCordialmente,',
  signer: { name: 'Laura Gómez', title: 'Coordinadora de oficina' },
  footer: 'Línea de atención 018000 123 456',
};

describe('the letter on the letterhead', () => {
  it('prints place and date in words, number, recipient, reference, subject, body, signer and footer', async () => {
    const text = pdfText(await letterPdf(letter));
    for (const expected of [
      'Garzón, 20 de noviembre de 2026',
      '2026-GAR-S-000012',
      'Ana María Pérez',
      'Carrera 4 # 5-67',
      'Referencia: Radicado No. 2026-GAR-P-000004',
      'Asunto: Respuesta a su reclamo',
      'la empresa accede a lo solicitado',
      'Laura Gómez',
      'Coordinadora de oficina',
      'Línea de atención 018000 123 456',
      'Página 1 de 1',
      'NIT 900123456-7',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('puts several letters in one PDF, each with its own page count and watermark', async () => {
    const long = { ...letter, body: Array.from({ length: 40 }, (_, i) => `Párrafo ${i + 1}: ${'texto de relleno '.repeat(12)}`).join('\n\n') };
    const pdf = await lettersPdf([long, { ...letter, number: '2026-GAR-S-000013', watermark: 'BORRADOR' }], 'Ronda');
    const info = pdfInfo(pdf);
    const text = pdfText(pdf);
    const longPages = (text.match(/Página \d+ de (\d+)/g) ?? []).filter((l) => !l.endsWith(' de 1'));
    expect(info.pages).toBeGreaterThanOrEqual(3);
    expect(longPages.length).toBe(info.pages - 1);
    expect(text).toContain('Página 1 de 1');
    expect(pdfTextFlat(pdf)).toContain('BORRADOR');
    expect(text).toContain('2026-GAR-S-000013');
  });
});
