/**
 * The edges of the Asobancaria 2001 reader that the real files do not reach: a file read from disk
 * in chunks pays the same as read whole, amounts in messages written as the clerk reads them, a
 * returned payment keeps its cause, every field names itself when it is wrong, records out of order
 * say what was expected, and a total that cannot be registered is refused. Every message is the
 * exact Spanish text the office sees on the import screen.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AsobancariaProblem, parseAsobancaria, readAsobancariaFile, type AsobancariaDetail } from '../../electron/core/modules/bankfiles/asobancaria';
import type { CurrencyCode } from '../../shared/money';
import { detailRecord, fileLines, joinLines, lotControlRecord, type DetailSpec, type FileSpec } from '../fixtures/asobancaria/build';

function read(text: string, currency: CurrencyCode = 'COP') {
  const details: AsobancariaDetail[] = [];
  const file = parseAsobancaria(Buffer.from(text, 'latin1'), { currency, onDetail: (d) => details.push(d) });
  return { ...file, details };
}

/** The message a file is refused with ("Línea N: …"); fails the test if the file is accepted. */
function refusal(text: string, currency: CurrencyCode = 'COP'): string {
  try {
    read(text, currency);
  } catch (error) {
    if (error instanceof AsobancariaProblem) return error.message;
    throw error;
  }
  throw new Error('the file was accepted');
}

/** the record with positions from..to (1-based, inclusive) replaced by `value` */
const put = (record: string, from: number, to: number, value: string) => record.slice(0, from - 1) + value.padEnd(to - from + 1, ' ').slice(0, to - from + 1) + record.slice(to);

// line 1: 01 header; 2: 05 lot 0001; 3–4: 06 details; 5: 08 control of lot 1; 6: 09 file control
const SPEC: FileSpec = { nit: '9001234568', lots: [[{ reference: '1000001', amount: 1_850_000 }, { reference: '1000002', amount: 4_000_000 }]] };
const lines = () => fileLines(SPEC);
const withLine = (index: number, from: number, to: number, value: string) => {
  const all = lines();
  all[index] = put(all[index], from, to, value);
  return joinLines(all);
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-asobancaria-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('a file read from disk', () => {
  it('a file larger than one read (2.100 payments, 344 KB) pays exactly what the same file read whole pays', async () => {
    const details: DetailSpec[] = Array.from({ length: 2_100 }, (_, i) => ({ reference: String(100_000 + i), amount: (i + 1) * 100 }));
    const text = joinLines(fileLines({ nit: '9001234568', lots: [details] }));
    expect(text.length).toBeGreaterThan(256 * 1024);
    const file = path.join(tmp, 'grande.txt');
    fs.writeFileSync(file, text, 'latin1');
    const fromDisk: AsobancariaDetail[] = [];
    let chunks = 0;
    const summary = await readAsobancariaFile(file, {
      currency: 'COP',
      onDetail: (d) => fromDisk.push(d),
      afterChunk: async () => {
        chunks++;
      },
    });
    const whole = read(text);
    // 1 + 2 + … + 2.100 pesos = 2.100 × 2.101 / 2 = 2.206.050
    expect(summary.totals).toEqual({ lots: 1, records: 2_100, total: 2_206_050 });
    expect(fromDisk).toEqual(whole.details);
    expect(fromDisk.at(-1)).toMatchObject({ line: 2_102, reference: '000000000000000000000000000000000000000000102099', amount: 2_100 });
    expect(summary.contentSha256).toBe(whole.contentSha256);
    expect(chunks).toBe(2);
  });

  it('the last record without its line end is read too', async () => {
    const file = path.join(tmp, 'sin-fin.txt');
    fs.writeFileSync(file, joinLines(lines()).slice(0, -2), 'latin1');
    expect((await readAsobancariaFile(file, { currency: 'COP' })).totals).toEqual({ lots: 1, records: 2, total: 58_500 });
  });

  it('a line of more than 64 KB without a line end is refused at its line, without reading on', async () => {
    const file = path.join(tmp, 'linea-larga.txt');
    fs.writeFileSync(file, `${lines()[0]}\r\n${'9'.repeat(70_000)}`, 'latin1');
    await expect(readAsobancariaFile(file, { currency: 'COP' })).rejects.toThrow('Línea 2: el registro tiene más de 65.536 caracteres y un registro Asobancaria tiene 162');
  });
});

describe('amounts and returned payments', () => {
  it('a wrong total in the millions is written with its thousands points, in COP and with cents in USD', () => {
    // one payment of 1.234.567 pesos (123.456.700 hundredths); the control says 1.234.568
    const all = fileLines({ nit: '9001234568', lots: [[{ reference: '1', amount: 123_456_700 }]] });
    all[3] = lotControlRecord(1, 123_456_800, 1);
    expect(refusal(joinLines(all))).toBe('Línea 4: el control del lote 0001 dice un total de $ 1.234.568 y sus registros suman $ 1.234.567');
    expect(refusal(joinLines(all), 'USD')).toBe('Línea 4: el control del lote 0001 dice un total de US$ 1.234.568,00 y sus registros suman US$ 1.234.567,00');
  });

  it('a lot control that counts one record when the lot has two says "1 registro"', () => {
    const all = lines();
    all[4] = lotControlRecord(1, 5_850_000, 1);
    expect(refusal(joinLines(all))).toBe('Línea 5: el control del lote 0001 dice 1 registro y el lote tiene 2');
  });

  it('a payment the bank returned keeps its cause; "000" means none; a cause with other characters is refused', () => {
    const all = lines();
    all[2] = detailRecord({ reference: '1000001', amount: 1_850_000, returnCause: 'R03' }, 1);
    expect(read(joinLines(all)).details.map((d) => d.returnCause)).toEqual(['R03', '']);
    all[2] = detailRecord({ reference: '1000001', amount: 1_850_000, returnCause: 'r-1' }, 1);
    expect(refusal(joinLines(all))).toBe('Línea 3: la causal de devolución «r-1» no es válida (detalle, posiciones 95-97)');
  });

  it('a payment without operation and authorization numbers (blank, as some banks send them) is read with them empty', () => {
    const detail = read(withLine(2, 69, 80, '')).details[0];
    expect(detail).toMatchObject({ amount: 18_500, operation: '', authorization: '' });
  });

  it('a record that uses all 162 positions is read', () => {
    expect(read(withLine(2, 162, 162, 'X')).totals.records).toBe(2);
  });

  it('a file whose total does not fit in the books is refused: 91 payments of almost a trillion pesos', () => {
    // 91 × 999.999.999.999 pesos = 90.999.999.999.909 pesos = 9.099.999.999.990.900 hundredths > 2^53 − 1
    const huge = fileLines({ nit: '9001234568', lots: [Array.from({ length: 91 }, (_, i) => ({ reference: String(i + 1), amount: 99_999_999_999_900 }))] });
    expect(refusal(joinLines(huge))).toBe('Línea 95: el total del archivo es demasiado grande para registrarlo');
  });
});

describe('the header: its date, time and modifier', () => {
  it('reads the file time as HH:MM and refuses an hour 24 or a minute 60', () => {
    expect(read(withLine(0, 49, 52, '2359')).header.fileTime).toBe('23:59');
    expect(refusal(withLine(0, 49, 52, '2400'))).toBe('Línea 1: la hora del archivo «2400» no es una hora válida (HHMM) (encabezado del archivo, posiciones 49-52)');
    expect(refusal(withLine(0, 49, 52, '1260'))).toBe('Línea 1: la hora del archivo «1260» no es una hora válida (HHMM) (encabezado del archivo, posiciones 49-52)');
  });

  it('the modifier is one capital letter or digit', () => {
    expect(read(withLine(0, 53, 53, '7')).header.modifier).toBe('7');
    expect(refusal(withLine(0, 53, 53, 'a'))).toBe('Línea 1: el modificador del archivo «a» debe ser una letra mayúscula o un número (encabezado del archivo, posiciones 53-53)');
  });
});

describe('every field names itself when it is missing or not a number', () => {
  // [line index, from, to, value written there, the message]
  const cases: [number, number, number, string, string][] = [
    [0, 3, 12, '', 'Línea 1: falta el NIT del recaudador (encabezado del archivo, posiciones 3-12)'],
    [0, 21, 23, 'ABC', 'Línea 1: el código del banco «ABC» debe ser numérico (encabezado del archivo, posiciones 21-23)'],
    [0, 24, 40, '', 'Línea 1: falta la cuenta del recaudador (encabezado del archivo, posiciones 24-40)'],
    [0, 41, 48, '20261341', 'Línea 1: la fecha del archivo «20261341» no es una fecha válida (AAAAMMDD) (encabezado del archivo, posiciones 41-48)'],
    [0, 49, 52, '', 'Línea 1: falta la hora del archivo (encabezado del archivo, posiciones 49-52)'],
    [0, 54, 55, 'X1', 'Línea 1: el tipo de cuenta «X1» debe ser numérico (encabezado del archivo, posiciones 54-55)'],
    [1, 3, 15, '', 'Línea 2: falta el código del servicio (encabezado de lote, posiciones 3-15)'],
    [1, 16, 19, '00A1', 'Línea 2: el número de lote «00A1» debe ser numérico (encabezado de lote, posiciones 16-19)'],
    [2, 3, 50, '', 'Línea 3: falta la referencia del usuario (detalle, posiciones 3-50)'],
    [2, 65, 66, 'X1', 'Línea 3: la procedencia del pago «X1» debe ser numérico (detalle, posiciones 65-66)'],
    [2, 67, 68, '', 'Línea 3: falta el medio de pago (detalle, posiciones 67-68)'],
    [2, 69, 74, 'ABCDEF', 'Línea 3: el número de operación «ABCDEF» debe ser numérico (detalle, posiciones 69-74)'],
    [2, 75, 80, '12 456', 'Línea 3: el número de autorización «12 456» debe ser numérico (detalle, posiciones 75-80)'],
    [2, 81, 83, 'BAN', 'Línea 3: el código de la entidad financiera «BAN» debe ser numérico (detalle, posiciones 81-83)'],
    [2, 84, 87, '', 'Línea 3: falta el código de la oficina (detalle, posiciones 84-87)'],
    [2, 88, 94, '00000X1', 'Línea 3: la secuencia «00000X1» debe ser numérico (detalle, posiciones 88-94)'],
    [4, 3, 11, '', 'Línea 5: falta el número de registros del lote (control de lote, posiciones 3-11)'],
    [4, 12, 29, 'TOTAL', 'Línea 5: el total del lote «TOTAL             » debe ser numérico (control de lote, posiciones 12-29)'],
    [4, 30, 33, '', 'Línea 5: falta el número de lote (control de lote, posiciones 30-33)'],
    [5, 3, 11, '00000000X', 'Línea 6: el número de registros del archivo «00000000X» debe ser numérico (control del archivo, posiciones 3-11)'],
    [5, 12, 29, '', 'Línea 6: falta el total del archivo (control del archivo, posiciones 12-29)'],
  ];
  it.each(cases)('line %i, positions %i-%i «%s»', (index, from, to, value, message) => {
    expect(refusal(withLine(index, from, to, value))).toBe(message);
  });
});

describe('records out of order say what was expected', () => {
  const all = lines();
  const [header, lotHeader, first, , lotControl, fileControl] = all;

  it.each([
    [
      'a lot header inside an open lot',
      [header, lotHeader, first, lotHeader],
      'Línea 4: se encontró un encabezado de lote (05) y se esperaba un registro de detalle (06) o un control de lote (08) del lote 0001: el lote 0001 no se cerró con su control 08',
    ],
    [
      'the file control inside an open lot',
      [header, lotHeader, first, fileControl],
      'Línea 4: se encontró el control del archivo (09) y se esperaba un registro de detalle (06) o un control de lote (08) del lote 0001: el lote 0001 no tiene su control 08',
    ],
    [
      'a second file header',
      [header, lotHeader, first, header],
      'Línea 4: se encontró el encabezado del archivo (01) y se esperaba un registro de detalle (06) o un control de lote (08) del lote 0001: el encabezado 01 solo puede ir en la primera línea',
    ],
    [
      'a detail after its lot was closed',
      [header, lotHeader, first, lotControlRecord(1, 1_850_000, 1), first],
      'Línea 5: se encontró un registro de detalle (06) y se esperaba un encabezado de lote (05) o el control del archivo (09): un detalle debe ir dentro de un lote, después de su encabezado 05',
    ],
    [
      'a detail right after the file header',
      [header, first],
      'Línea 2: se encontró un registro de detalle (06) y se esperaba un encabezado de lote (05): un detalle debe ir dentro de un lote, después de su encabezado 05',
    ],
    ['a lot control with no lot open', [header, lotControl], 'Línea 2: se encontró un control de lote (08) y se esperaba un encabezado de lote (05)'],
    ['the file control right after the header', [header, fileControl], 'Línea 2: el archivo no tiene ningún lote (registro 05) antes de su control 09'],
    ['a lot without details', [header, lotHeader, lotControlRecord(0, 0, 1)], 'Línea 3: el lote 0001 no tiene ningún registro de detalle (06)'],
    ['a file that ends after its last lot', [header, lotHeader, first, lotControlRecord(1, 1_850_000, 1)], 'Línea 4: el archivo termina en esta línea sin el control del archivo (registro 09): faltan registros'],
    ['a blank line after the header', [header, '', lotHeader], 'Línea 2: la línea está en blanco; se esperaba un encabezado de lote (05)'],
    ['a blank line after a lot', [header, lotHeader, first, lotControlRecord(1, 1_850_000, 1), ''], 'Línea 5: la línea está en blanco; se esperaba un encabezado de lote (05) o el control del archivo (09)'],
    ['a blank first line', ['', header], 'Línea 1: no es un archivo Asobancaria 2001: la primera línea está en blanco y debe ser el encabezado del archivo (registro 01)'],
  ])('%s', (_name, records, message) => {
    expect(refusal(joinLines(records))).toBe(message);
  });
});

describe('a file that is not Asobancaria at all says what it looks like', () => {
  it.each([
    ['a CSV', 'cuenta;titular;valor', 'Línea 1: no es un archivo Asobancaria 2001 (parece un archivo CSV u hoja de cálculo): la primera línea debe ser el encabezado del archivo (registro 01) y empieza por «cuenta;titul»'],
    ['an Excel or ZIP file', 'PK\x03\x04 contenido', 'Línea 1: no es un archivo Asobancaria 2001 (parece un archivo comprimido o de Excel): la primera línea debe ser el encabezado del archivo (registro 01) y empieza por «PK\x03\x04 conteni»'],
    ['a text with a UTF-8 mark', '\xef\xbb\xbf01900123', 'Línea 1: no es un archivo Asobancaria 2001 (parece un archivo de texto con otra codificación): la primera línea debe ser el encabezado del archivo (registro 01) y empieza por «\xef\xbb\xbf01900123»'],
    ['a plain letter', 'Señores banco', 'Línea 1: no es un archivo Asobancaria 2001: la primera línea debe ser el encabezado del archivo (registro 01) y empieza por «Señores banc»'],
  ])('%s', (_name, first, message) => {
    expect(refusal(`${first}\r\n`)).toBe(message);
  });
});
