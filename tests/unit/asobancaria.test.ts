/** The Asobancaria 2001 reader: the three real files, and files broken the ways banks and people break them. */
import { describe, expect, it } from 'vitest';
import { AsobancariaProblem, parseAsobancaria, type AsobancariaDetail } from '../../electron/core/modules/bankfiles/asobancaria';
import { bankName } from '../../electron/core/modules/bankfiles/banks';
import type { CurrencyCode } from '../../shared/money';
import { REAL_FIXTURES, detailRecord, fileControl, fileLines, joinLines, readRealFixture, splitLines, type FileSpec } from '../fixtures/asobancaria/build';

function read(bytes: Buffer | string, currency: CurrencyCode = 'COP') {
  const details: AsobancariaDetail[] = [];
  const file = parseAsobancaria(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1'), { currency, onDetail: (d) => details.push(d) });
  return { ...file, details };
}

/** The problem a file is refused with (fails the test if it is accepted). */
function problem(bytes: Buffer | string, currency: CurrencyCode = 'COP'): { line: number; detail: string; message: string } {
  try {
    read(bytes, currency);
  } catch (error) {
    if (error instanceof AsobancariaProblem) return { line: error.line, detail: error.detail, message: error.message };
    throw error;
  }
  throw new Error('the file was accepted');
}

const SPEC: FileSpec = {
  nit: '9001234568',
  lots: [
    [
      { reference: '1000001', amount: 1_850_000 },
      { reference: 'REFFV2609-00001', amount: 4_000_000 },
    ],
    [{ reference: '1000002', amount: 1_000_000 }],
  ],
};

describe('the three real bank files', () => {
  const expected = { '11JULIO.TXT': [17, 300_000], '24JULIO.TXT': [77, 133_931_000], '26AGOSTO.TXT': [22, 640_000] } as const;

  it.each(REAL_FIXTURES)('%s reads whole: its controls agree with its details (SOURCE.md)', (name) => {
    const bytes = readRealFixture(name);
    const file = read(bytes);
    const [records, total] = expected[name];
    expect(file.totals).toEqual({ lots: 1, records, total });
    expect(file.details).toHaveLength(records);
    expect(file.details.reduce((s, d) => s + d.amount, 0)).toBe(total);
    // the 09 record read straight from its positions (hundredths) says the same
    expect(fileControl(bytes)).toEqual({ count: records, total: BigInt(total) * 100n });
    expect(file.header.billerNit).toBe('9006491199');
  });

  it('reads the header fields and a detail of 11JULIO.TXT where DOMAIN.md puts them', () => {
    const file = read(readRealFixture('11JULIO.TXT'));
    expect(file.header).toEqual({
      billerNit: '9006491199',
      collectionDate: '2024-07-11',
      bankCode: '040',
      accountNumber: '00000400702127333',
      fileDate: '2024-07-12',
      fileTime: '02:13',
      modifier: 'A',
      accountType: '01',
    });
    expect(bankName(file.header.bankCode)).toBe('Banco Agrario');
    expect(file.details[0]).toEqual({
      line: 3,
      lot: '0001',
      reference: '000000000000000000000000000000000000000001055909',
      amount: 18_000,
      procedencia: '01',
      medium: '01',
      operation: '000000',
      authorization: '000000',
      bankCode: '040',
      branch: '9779',
      sequence: '0000002',
      returnCause: '',
    });
  });

  it('accepts lines cut short (24JULIO ends details at position 94) and a last line without its line end (11JULIO)', () => {
    const julio24 = read(readRealFixture('24JULIO.TXT'));
    expect(julio24.details.every((d) => d.returnCause === '')).toBe(true);
    expect(readRealFixture('11JULIO.TXT').subarray(-2).toString()).not.toBe('\r\n');
  });

  it('reads the same with LF line ends and with trailing blank lines after the 09', () => {
    const lines = splitLines(readRealFixture('26AGOSTO.TXT'));
    expect(read(joinLines(lines, '\n')).totals.records).toBe(22);
    expect(read(`${joinLines(lines)}   \r\n\r\n`).totals.records).toBe(22);
  });

  it('gives the same content hash to a copy saved with LF ends and trailing spaces cut, another to a changed file', () => {
    const bytes = readRealFixture('26AGOSTO.TXT');
    const lines = splitLines(bytes);
    const hash = read(bytes).contentSha256;
    expect(read(joinLines(lines.map((l) => l.trimEnd()), '\n')).contentSha256).toBe(hash);
    const changed = [...lines];
    changed[2] = changed[2].replace('0000000000000000001076072', '0000000000000000001076073');
    expect(read(joinLines(changed)).contentSha256).not.toBe(hash);
  });
});

describe('amounts', () => {
  it('converts the two implied decimals to the currency minor unit: COP whole pesos, USD cents', () => {
    expect(read(joinLines(fileLines(SPEC))).details.map((d) => d.amount)).toEqual([18_500, 40_000, 10_000]);
    expect(read(joinLines(fileLines(SPEC)), 'USD').details.map((d) => d.amount)).toEqual([1_850_000, 4_000_000, 1_000_000]);
  });

  it('refuses cents in a currency without them (never rounds), naming the line', () => {
    const lines = fileLines({ nit: '9001234568', lots: [[{ reference: '1', amount: 1_800_050 }]] });
    expect(problem(joinLines(lines))).toMatchObject({ line: 3, detail: 'el valor $ 18.000,50 tiene centavos y la moneda COP no los usa' });
    expect(read(joinLines(lines), 'USD').totals.total).toBe(1_800_050);
  });

  it('refuses a payment of zero', () => {
    const lines = fileLines({ nit: '9001234568', lots: [[{ reference: '1', amount: 0 }]] });
    expect(problem(joinLines(lines))).toMatchObject({ line: 3 });
    expect(problem(joinLines(lines)).detail).toContain('es cero');
  });
});

describe('files refused whole, naming the line and what differs', () => {
  const real = () => splitLines(readRealFixture('11JULIO.TXT'));

  it('a cut file (the last details and controls missing)', () => {
    const p = problem(joinLines(real().slice(0, 12)));
    expect(p.line).toBe(12);
    expect(p.message).toBe('Línea 12: el archivo termina en esta línea sin el control del lote 0001 (registro 08) ni el control del archivo (registro 09): faltan registros');
  });

  it('a missing detail: the lot control counts one more record than the lot has', () => {
    const lines = real();
    lines.splice(5, 1); // line 6
    const p = problem(joinLines(lines));
    expect(p.message).toBe('Línea 19: el control del lote 0001 dice 17 registros y el lote tiene 16');
  });

  it('a wrong lot control total', () => {
    const lines = real();
    lines[19] = lines[19].slice(0, 11) + '000000000029900000' + lines[19].slice(29);
    expect(problem(joinLines(lines)).message).toBe('Línea 20: el control del lote 0001 dice un total de $ 299.000 y sus registros suman $ 300.000');
  });

  it('a wrong file control count', () => {
    const lines = real();
    lines[20] = '09000000018' + lines[20].slice(11);
    expect(problem(joinLines(lines)).message).toBe('Línea 21: el control del archivo dice 18 registros de detalle y el archivo tiene 17');
  });

  it('a wrong file control total', () => {
    const lines = real();
    lines[20] = lines[20].slice(0, 11) + '000000000030000100';
    expect(problem(joinLines(lines)).message).toBe('Línea 21: el control del archivo dice un total de $ 300.001 y los registros de detalle suman $ 300.000');
  });

  it('a detail (06) before its lot header (05)', () => {
    const lines = real();
    [lines[1], lines[2]] = [lines[2], lines[1]];
    const p = problem(joinLines(lines));
    expect(p.line).toBe(2);
    expect(p.detail).toContain('se encontró un registro de detalle (06) y se esperaba un encabezado de lote (05)');
  });

  it('a lot control whose lot number is not its lot header’s', () => {
    const lines = real();
    lines[19] = lines[19].slice(0, 29) + '0002';
    expect(problem(joinLines(lines)).message).toBe('Línea 20: el control dice que es del lote 0002 y cierra el lote 0001 (abierto en la línea 2)');
  });

  it('a CSV file, a PDF, an empty file, a UTF-16 file: not Asobancaria at all, at line 1', () => {
    const csv = problem('cuenta;titular;direccion\r\n100201;PEREZ JUAN;CALLE 1\r\n');
    expect(csv.line).toBe(1);
    expect(csv.detail).toContain('no es un archivo Asobancaria 2001 (parece un archivo CSV u hoja de cálculo)');
    expect(problem('%PDF-1.7\n%âãÏÓ\n').detail).toContain('(parece un documento PDF)');
    expect(problem('')).toMatchObject({ line: 1, detail: 'el archivo está vacío: no es un archivo Asobancaria 2001' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(joinLines(real()), 'utf16le')]);
    expect(problem(utf16)).toMatchObject({ line: 1 });
    expect(problem(utf16).detail).toContain('otra codificación');
  });

  it('a line longer than 162 characters, a non-numeric amount, an impossible date, an unknown record type', () => {
    const lines = real();
    expect(problem(joinLines([...lines.slice(0, 3), `${lines[3]}X`, ...lines.slice(4)])).message).toBe(
      'Línea 4: el registro tiene 163 caracteres y un registro Asobancaria tiene 162',
    );
    const letter = [...lines];
    letter[4] = letter[4].slice(0, 55) + 'A' + letter[4].slice(56);
    expect(problem(joinLines(letter)).message).toBe('Línea 5: el valor del pago «00000A01500000» debe ser numérico (detalle, posiciones 51-64)');
    const date = [...lines];
    date[0] = date[0].slice(0, 12) + '20240231' + date[0].slice(20);
    expect(problem(joinLines(date)).message).toBe('Línea 1: la fecha de recaudo «20240231» no es una fecha válida (AAAAMMDD) (encabezado del archivo, posiciones 13-20)');
    const type = [...lines];
    type[6] = `07${type[6].slice(2)}`;
    expect(problem(joinLines(type)).detail).toContain('el tipo de registro «07» no existe');
  });

  it('data after the 09, a blank line inside a lot, a repeated lot number, a character with an accent', () => {
    const lines = real();
    expect(problem(joinLines([...lines, lines[2]])).message).toBe(
      'Línea 22: hay datos después del control del archivo (registro 09): el archivo debe terminar ahí',
    );
    expect(problem(joinLines([...lines.slice(0, 5), '', ...lines.slice(5)])).line).toBe(6);
    const twoLots = fileLines({ nit: '1', lots: [[{ reference: '1', amount: 100 }], [{ reference: '2', amount: 100 }]] });
    twoLots[4] = twoLots[4].slice(0, 15) + '0001';
    twoLots[6] = twoLots[6].slice(0, 29) + '0001';
    expect(problem(joinLines(twoLots)).message).toBe('Línea 5: el lote 0001 ya apareció en la línea 2: cada lote debe tener su propio número');
    const accent = [...lines];
    accent[3] = `06${'Ñ'.padStart(48, '0')}${accent[3].slice(50)}`;
    expect(problem(Buffer.from(joinLines(accent), 'latin1')).detail).toContain('carácter no permitido en la posición 50');
  });

  it('a detail record written by the builder reads back as given', () => {
    const { details } = read(joinLines(fileLines(SPEC)));
    expect(details.map((d) => [d.line, d.lot, d.reference.replace(/^0+/, '')])).toEqual([
      [3, '0001', '1000001'],
      [4, '0001', 'REFFV2609-00001'],
      [7, '0002', '1000002'],
    ]);
    expect(detailRecord({ reference: '5', amount: 100 }, 1)).toHaveLength(162);
  });
});
