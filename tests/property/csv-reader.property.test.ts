/**
 * The CSV reader under fuzzing, without a database (cheap, so thousands of files):
 * - any well-formed file (random values with separators, quotes, line breaks, accents, emoji; ';' or
 *   ','; UTF-8 with or without BOM or Windows-1252; CRLF or LF) reads back exactly, each record
 *   with the line it starts on;
 * - any mutated sample file either reads, with sane line numbers, or is refused with a Spanish
 *   message (CsvFileError) that names a real line: never another exception. The header check
 *   (mapHeader) answers in Spanish on the header's line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvFileError, readCsvFile, utf8SequenceLength, type CsvRecord } from '../../electron/core/modules/imports/csv-reader';
import { mapHeader } from '../../electron/core/modules/imports/fields';
import { ACCOUNT_COLUMNS } from '../../electron/core/modules/imports/accounts-import';
import { INVOICE_COLUMNS } from '../../electron/core/modules/imports/invoices-import';
import type { ImportKind } from '../../shared/contract';
import { messageProblem, physicalLines } from './import-fuzz/checks';
import { mutate, mutationsArb, describeMutation } from './import-fuzz/mutations';
import { runs } from './import-fuzz/run';
import { CSV_TARGETS } from './import-fuzz/targets';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-csv-fuzz-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

async function read(file: string): Promise<{ records: CsvRecord[]; error: CsvFileError | null }> {
  const records: CsvRecord[] = [];
  try {
    await readCsvFile(file, { record: (r) => void records.push(r), chunkDone: async () => undefined });
    return { records, error: null };
  } catch (error) {
    if (error instanceof CsvFileError) return { records, error };
    throw error;
  }
}

// --- well-formed files read back exactly ------------------------------------------------------

const value = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12, unit: 'grapheme' }) },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', ';', ',', '"', '""', 'a;b', 'a,b', '"hola"', 'línea\nsiguiente', '\n', ' ÑANDÚ ', 'CALLE 5; CASA 2') },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9 ]{0,30}$/) },
);

const MAX_WIDTH = 6;
const tableArb = fc
  .record({
    shape: fc.record({
      width: fc.integer({ min: 2, max: MAX_WIDTH }),
      separator: fc.constantFrom(';', ','),
      encoding: fc.constantFrom('utf-8', 'utf-8-bom', 'windows-1252'),
      ending: fc.constantFrom('\r\n', '\n'),
      quoteAll: fc.boolean(),
      finalBreak: fc.boolean(),
    }),
    header: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z_]{0,10}$/), { minLength: MAX_WIDTH, maxLength: MAX_WIDTH }),
    rows: fc.array(fc.array(value, { minLength: MAX_WIDTH, maxLength: MAX_WIDTH }), { maxLength: 25 }),
  })
  // `width` columns of each (no .chain: it makes generation ~20× slower)
  .map((t) => ({ ...t, header: t.header.slice(0, t.shape.width), rows: t.rows.map((r) => r.slice(0, t.shape.width)) }));

type Table = typeof tableArb extends fc.Arbitrary<infer T> ? T : never;

/** Writes a table as RFC 4180 CSV; returns the bytes and the records the reader must give. */
function writeTable(t: Table): { bytes: Buffer; expected: CsvRecord[] } | null {
  const { separator, encoding, ending, quoteAll, finalBreak } = t.shape;
  // the reader refuses NUL bytes and U+FFFD (a sign of mixed encodings), and keeps no lone CR;
  // in a Windows-1252 file, characters it does not have are written as '?' (as Excel does)
  const fit = (v: string) => (encoding === 'windows-1252' ? iconv.decode(iconv.encode(v, 'win1252'), 'win1252') : v);
  const clean = (v: string) => fit(v.replace(/[\0\r\uFFFD]/g, ''));
  const rows = [t.header, ...t.rows.map((r) => r.map(clean))];
  const expected: CsvRecord[] = [];
  let line = 1;
  const text = rows
    .map((fields) => {
      const record = fields
        .map((f) => (quoteAll || /[";,\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f))
        .join(separator)
        .replace(/\n/g, ending);
      const trimmed = fields.map((f) => f.trim());
      if (trimmed.some((f) => f !== '')) expected.push({ line, fields: trimmed });
      line += 1 + (record.match(/\n/g)?.length ?? 0);
      return record;
    })
    .join(ending);
  const body = text + (finalBreak ? ending : '');
  if (encoding === 'windows-1252') {
    const bytes = iconv.encode(body, 'win1252');
    const first = bytes.findIndex((b) => b >= 0x80);
    if (first >= 0 && utf8SequenceLength(bytes, first) !== 0) return null; // those bytes also read as UTF-8
    return { bytes, expected };
  }
  return { bytes: Buffer.from((encoding === 'utf-8-bom' ? '\uFEFF' : '') + body, 'utf8'), expected };
}

describe('the CSV reader', () => {
  it('reads any well-formed file back exactly, with the line each record starts on', async () => {
    const file = path.join(dir, 'bien-formado.csv');
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(tableArb, async (table) => {
        const written = writeTable(table);
        fc.pre(written !== null);
        fs.writeFileSync(file, written!.bytes);
        const { records, error } = await read(file);
        expect(error).toBeNull();
        expect(records).toEqual(written!.expected);
        checked++;
      }),
      { numRuns: runs(3000), seed: SEED },
    );
    console.log(`[fuzz] lector CSV: ${checked} archivos bien formados leídos exactamente`);
  }, 300_000);

  const KINDS: Record<string, { kind: ImportKind; columns: readonly string[] }> = {
    cuentas: { kind: 'accounts', columns: ACCOUNT_COLUMNS },
    facturas: { kind: 'invoices', columns: INVOICE_COLUMNS },
  };

  it.each(CSV_TARGETS.map((t) => [t.name, t] as const))('refuses a mutated %s file only with a Spanish message on a real line', async (name, target) => {
    const file = path.join(dir, `${name}-mutado.csv`);
    const { kind, columns } = KINDS[name];
    const other = Object.values(KINDS).find((k) => k.kind !== kind)!;
    const stats = { runs: 0, read: 0, refused: 0, badHeader: 0 };
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: target.samples.length - 1 }), mutationsArb({ edits: target.edits }), async (s, mutations) => {
        const bytes = mutate(target.samples[s].bytes, mutations, target.layoutOf);
        fs.writeFileSync(file, bytes);
        const what = `${target.samples[s].name} con ${mutations.map(describeMutation).join(' → ')}`;
        const lines = physicalLines(bytes);
        let result;
        try {
          result = await read(file);
        } catch (error) {
          throw new Error(`el lector lanzó ${String(error)} con ${what}`);
        }
        stats.runs++;
        const problems: string[] = [];
        const { records, error } = result;
        if (error) {
          stats.refused++;
          const p = messageProblem(error.message);
          if (p) problems.push(p);
          if (error.line !== null && (error.line < 1 || error.line > lines)) problems.push(`CsvFileError en la línea ${error.line} de ${lines}`);
        } else stats.read++;
        let previous = 0;
        for (const r of records) {
          if (r.line <= previous || r.line > lines) problems.push(`registro en la línea ${r.line} (anterior ${previous}, el archivo tiene ${lines})`);
          previous = r.line;
          if (r.fields.some((f) => f !== f.trim())) problems.push(`la línea ${r.line} tiene campos sin recortar`);
        }
        if (records.length > 0) {
          const mapped = mapHeader(records[0], kind, columns, other);
          if ('errors' in mapped) {
            stats.badHeader++;
            const p = messageProblem(mapped.message);
            if (p) problems.push(`encabezado: ${p}`);
            for (const e of mapped.errors) {
              if (e.line !== records[0].line) problems.push(`error del encabezado en la línea ${e.line}, y el encabezado está en la ${records[0].line}`);
              const q = messageProblem(e.message);
              if (q) problems.push(`encabezado: ${q}`);
            }
          }
        }
        if (problems.length > 0) throw new Error(`${what}:\n  - ${problems.slice(0, 10).join('\n  - ')}`);
      }),
      { numRuns: runs(3000), seed: SEED },
    );
    console.log(
      `[fuzz] lector CSV, ${name}: ${stats.runs} archivos mutados — ${stats.read} leídos (${stats.badHeader} con encabezado rechazado), ${stats.refused} rechazados con mensaje`,
    );
  }, 300_000);
});
