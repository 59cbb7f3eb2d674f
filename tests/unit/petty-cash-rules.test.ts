/** The pure rules of petty cash: payee ids (NIT check digit, cédula), forbidden concepts, percentages, amounts in words. */
import { describe, expect, it } from 'vitest';
import { nitCheckDigit } from '../../shared/nit';
import { documentNumber, forbiddenConceptIn, normalizePayeeId, percentOf, thresholdAlerts } from '../../electron/core/modules/pettycash/rules';
import { amountInWords, integerInWords } from '../../electron/core/modules/pettycash/words';

describe('payee identification', () => {
  it('accepts a NIT whose check digit is right, in any spelling, and stores it as 900123456-8', () => {
    // 900123456 by hand: digits from the right 6,5,4,3,2,1,0,0,9 × weights 3,7,13,17,19,23,29,37,41
    // = 18+35+52+51+38+23+0+0+369 = 586; 586 mod 11 = 3; 11 − 3 = 8
    expect(nitCheckDigit('900123456')).toBe(8);
    expect(normalizePayeeId('NIT', '900123456-8')).toBe('900123456-8');
    expect(normalizePayeeId('NIT', '900.123.456-8')).toBe('900123456-8');
    expect(normalizePayeeId('NIT', '9001234568')).toBe('900123456-8');
  });

  it('accepts real NITs published by their owners', () => {
    expect(normalizePayeeId('NIT', '890.903.938-8')).toBe('890903938-8'); // Bancolombia
    expect(normalizePayeeId('NIT', '800.197.268-4')).toBe('800197268-4'); // DIAN
    expect(normalizePayeeId('NIT', '899.999.068-1')).toBe('899999068-1'); // Ecopetrol
  });

  it('refuses a NIT with a wrong check digit or with letters, naming it', () => {
    expect(() => normalizePayeeId('NIT', '900123456-7')).toThrow('El NIT «900123456-7» no es válido');
    expect(() => normalizePayeeId('NIT', '890903938-1')).toThrow('no es válido');
    expect(() => normalizePayeeId('NIT', '90012A456-8')).toThrow('no es válido');
  });

  it('takes a cédula in digits (3 to 10, dots allowed) and refuses letters', () => {
    expect(normalizePayeeId('CC', '1.049.612.345')).toBe('1049612345');
    expect(normalizePayeeId('CC', '123')).toBe('123');
    expect(() => normalizePayeeId('CC', '10496A2345')).toThrow('La cédula «10496A2345» no es válida');
    expect(() => normalizePayeeId('CC', '12')).toThrow('no es válida');
    expect(() => normalizePayeeId('CC', '12345678901')).toThrow('no es válida');
  });

  it('takes a cédula de extranjería or a passport in letters and digits, in capitals', () => {
    expect(normalizePayeeId('CE', 'e-456789')).toBe('E456789');
    expect(normalizePayeeId('PAS', 'ab 123456')).toBe('AB123456');
    expect(() => normalizePayeeId('PAS', 'AB#12')).toThrow('El pasaporte «AB#12» no es válido');
  });
});

describe('forbidden concepts', () => {
  const forbidden = ['préstamo', 'nómina', 'anticipo de salario'];
  it('finds them as whole words, without case or accents', () => {
    expect(forbiddenConceptIn('PRESTAMO a empleado', forbidden)).toBe('préstamo');
    expect(forbiddenConceptIn('Pago de Nomina de junio', forbidden)).toBe('nómina');
    expect(forbiddenConceptIn('Anticipo de salario a Pedro', forbidden)).toBe('anticipo de salario');
  });
  it('lets ordinary concepts through', () => {
    expect(forbiddenConceptIn('Resmas de papel carta', forbidden)).toBeNull();
    expect(forbiddenConceptIn('Prestamista', forbidden)).toBeNull();
  });
});

describe('percentages and alerts', () => {
  it('rounds the used percentage to one decimal', () => {
    expect(percentOf(700_000, 1_000_000)).toBe(70);
    expect(percentOf(724_000, 1_000_000)).toBe(72.4);
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(5, 0)).toBe(0);
  });
  it('alerts at the threshold (not below) for the fund and each line', () => {
    expect(thresholdAlerts(70, 69.9, [{ code: '01', name: 'Papelería', usedPercent: 69.9 }])).toEqual([]);
    expect(thresholdAlerts(70, 72.4, [{ code: '01', name: 'Papelería', usedPercent: 87.5 }])).toEqual([
      'Se superó el 70 % del fondo (72,4 %): solicite el reembolso.',
      'El rubro 01 Papelería superó el 70 % de su límite (87,5 %).',
    ]);
  });
  it('numbers documents per office and year', () => {
    expect(documentNumber('CM', 'GAR', 2026, 1)).toBe('CM-GAR-2026-0001');
    expect(documentNumber('RE', 'GAR', 2026, 12)).toBe('RE-GAR-2026-0012');
  });
});

describe('amounts in words', () => {
  it('writes the amount as the voucher says it', () => {
    expect(integerInWords(0)).toBe('CERO');
    expect(integerInWords(21)).toBe('VEINTIUNO');
    expect(integerInWords(100)).toBe('CIEN');
    expect(integerInWords(101)).toBe('CIENTO UNO');
    expect(integerInWords(1_000)).toBe('MIL');
    expect(integerInWords(21_000)).toBe('VEINTIÚN MIL');
    expect(integerInWords(154_300)).toBe('CIENTO CINCUENTA Y CUATRO MIL TRESCIENTOS');
    expect(integerInWords(1_000_000)).toBe('UN MILLÓN');
    expect(integerInWords(2_500_001)).toBe('DOS MILLONES QUINIENTOS MIL UNO');
    expect(amountInWords(154_300)).toBe('CIENTO CINCUENTA Y CUATRO MIL TRESCIENTOS PESOS M/CTE');
    expect(amountInWords(1)).toBe('UN PESO M/CTE');
    expect(amountInWords(1_000_000)).toBe('UN MILLÓN DE PESOS M/CTE');
    expect(amountInWords(31_000)).toBe('TREINTA Y UN MIL PESOS M/CTE');
    expect(amountInWords(1_250, 'USD')).toBe('DOCE DÓLARES CON 50/100');
  });
});
