import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import {
  AutoDecoder,
  CsvFileError,
  CsvParser,
  checkLooksLikeText,
  detectSeparator,
  normalizeHeaderName,
  type CsvRecord,
} from '../../electron/core/modules/imports/csv-reader';
import { toIsoDate } from '../../electron/core/modules/imports/fields';

function decodeAll(chunks: Buffer[]): { text: string; encoding: string | null } {
  const decoder = new AutoDecoder();
  const text = chunks.map((c) => decoder.decode(c)).join('') + decoder.end();
  return { text, encoding: decoder.encoding };
}

function parse(text: string, pieces = 1): CsvRecord[] {
  const parser = new CsvParser();
  const out: CsvRecord[] = [];
  const size = Math.ceil(text.length / pieces);
  for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size), (r) => out.push(r));
  parser.end((r) => out.push(r));
  return out;
}

describe('encoding detection', () => {
  it('reads Windows-1252 (what Excel in Spanish writes) with Ñ and accents', () => {
    const bytes = iconv.encode('cuenta;titular\r\n1;PEÑA MUÑOZ ÁLVARO\r\n', 'win1252');
    expect(decodeAll([bytes])).toEqual({ text: 'cuenta;titular\r\n1;PEÑA MUÑOZ ÁLVARO\r\n', encoding: 'windows-1252' });
  });

  it('reads UTF-8 with a BOM and drops the BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('cuenta,titular\n1,GÓMEZ\n', 'utf8')]);
    expect(decodeAll([bytes])).toEqual({ text: 'cuenta,titular\n1,GÓMEZ\n', encoding: 'utf-8' });
  });

  it('decides on the first non-ASCII character even when it is split between two chunks', () => {
    const bytes = Buffer.from('titular\nLÓPEZ ÑUSTES\n', 'utf8');
    const cut = bytes.indexOf(0xc3) + 1; // in the middle of «Ó»
    expect(decodeAll([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual({ text: 'titular\nLÓPEZ ÑUSTES\n', encoding: 'utf-8' });
  });

  it('a plain ASCII file counts as UTF-8', () => {
    expect(decodeAll([Buffer.from('a;b\n1;2\n')]).encoding).toBe('utf-8');
  });
});

describe('files that are not CSV text', () => {
  const refused = (bytes: number[]) => {
    try {
      checkLooksLikeText(Buffer.from(bytes));
      return null;
    } catch (error) {
      return error instanceof CsvFileError ? error.message : String(error);
    }
  };

  it('names the kind of file when it is an image, a ZIP/xlsx or UTF-16', () => {
    expect(refused([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a])).toMatch(/no es un CSV: parece una imagen PNG/);
    expect(refused([0x50, 0x4b, 0x03, 0x04, 0x14])).toMatch(/ZIP\) o un libro de Excel/);
    expect(refused([0xff, 0xfe, 0x63, 0x00])).toMatch(/UTF-16/);
    expect(refused([0x61, 0x3b, 0x00, 0x62])).toMatch(/datos binarios/);
    expect(refused([...Buffer.from('cuenta;titular\n')])).toBeNull();
  });
});

describe('CSV records', () => {
  it('keeps each record\'s starting line, skips blank and separator-only lines, trims values', () => {
    const records = parse('a;b;c\r\n 1 ; x ;2\r\n\r\n;;\r\n3;"y; z";4\r\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x', '2'] },
      { line: 5, fields: ['3', 'y; z', '4'] },
    ]);
  });

  it('reads quoted fields with doubled quotes and line breaks, across chunk boundaries', () => {
    const text = 'a,b\n1,"dice ""hola""\ny adiós"\n2,fin\n';
    for (const pieces of [1, 3, 7, text.length]) {
      expect(parse(text, pieces)).toEqual([
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['1', 'dice "hola"\ny adiós'] },
        { line: 4, fields: ['2', 'fin'] },
      ]);
    }
  });

  it('reads a last line without a line break', () => {
    expect(parse('a;b\n1;2')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('refuses unclosed quotes and lines too long to be CSV, naming the line', () => {
    expect(() => parse('a;b\n1;"abierta\n2;3\n')).toThrow('Hay comillas sin cerrar desde la línea 2.');
    const parser = new CsvParser(100);
    expect(() => parser.push('a;b\n' + 'x'.repeat(200), () => undefined)).toThrow(/La línea 2 es demasiado larga/);
  });

  it('refuses a first line without separators', () => {
    expect(() => parse('esto no es un csv\n')).toThrow(/La línea 1 no tiene columnas separadas/);
  });

  it('detects the separator from the header, ignoring quoted text', () => {
    expect(detectSeparator('cuenta;titular;"a,b,c"')).toBe(';');
    expect(detectSeparator('cuenta,titular,"a;b"')).toBe(',');
    expect(detectSeparator('cuenta')).toBeNull();
  });
});

describe('header names and dates', () => {
  it('ignores case, accents and spaces in column names', () => {
    expect(normalizeHeaderName(' Número Factura ')).toBe('numero_factura');
    expect(normalizeHeaderName('FECHA-EXPEDICIÓN')).toBe('fecha_expedicion');
  });

  it('accepts AAAA-MM-DD and DD/MM/AAAA, and refuses impossible dates', () => {
    expect(toIsoDate('2026-10-16')).toBe('2026-10-16');
    expect(toIsoDate('16/10/2026')).toBe('2026-10-16');
    expect(toIsoDate('1/2/2026')).toBe('2026-02-01');
    expect(toIsoDate('2026-02-30')).toBeNull();
    expect(toIsoDate('31/11/2026')).toBeNull();
    expect(toIsoDate('10/16/2026')).toBeNull();
  });
});
