/**
 * Mutations of import files, as fast-check arbitraries: each mutation is plain data (so a failure
 * prints the exact recipe and fast-check can shrink it) applied to the file's bytes.
 *
 * The file is handled as a "byte string" (latin1: one char per byte, lossless), so that cutting a
 * line or swapping two bytes never goes through a decoder. Mutations that touch a field ask the
 * file's layout where the fields of a line are: split on the separator for CSV; a fixed-width
 * importer (Asobancaria 2001) gives the column ranges of each record type instead.
 */
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import iconv from 'iconv-lite';

/** Where the fields of one line are: [start, end) offsets in the line (byte string, no line break). */
export type FieldRanges = (line: string) => [number, number][];

export interface FileLayout {
  fields: FieldRanges;
  /** the byte of the separator, when fields are separated (CSV); null for fixed-width files */
  separator: string | null;
  /** field index of a named column (CSV: from the header), or null */
  columnOf(name: string): number | null;
  /** the column whose equal values on consecutive lines make one record (an invoice's lines) */
  groupBy: string | null;
}

/** A plausible new value for a column: what `setColumn` mutations write, so that valid files change. */
export interface ColumnEdit {
  column: string;
  values: string[];
}

/** Layout of a CSV file: the separator is the one its first line uses most (';' or ','). */
export function csvLayout(bytes: Buffer, groupBy: string | null = null): FileLayout {
  const end = bytes.indexOf(0x0a);
  const first = bytes.toString('latin1', 0, end < 0 ? bytes.length : end).replace(/\r$/, '');
  const separator = first.split(',').length > first.split(';').length ? ',' : ';';
  const columns = first
    .replace(/^\xef\xbb\xbf/, '')
    .split(separator)
    .map((c) => c.trim().toLowerCase());
  return {
    separator,
    groupBy,
    columnOf: (name) => (columns.includes(name) ? columns.indexOf(name) : null),
    fields(line) {
      const ranges: [number, number][] = [];
      let start = 0;
      for (let i = line.indexOf(separator); i >= 0; i = line.indexOf(separator, start)) {
        ranges.push([start, i]);
        start = i + 1;
      }
      ranges.push([start, line.length]);
      return ranges;
    },
  };
}

export type Mutation =
  | { op: 'deleteLine'; at: number }
  | { op: 'duplicateLine'; at: number }
  | { op: 'swapLines'; a: number; b: number }
  | { op: 'keepLines'; count: number }
  | { op: 'truncate'; at: number }
  | { op: 'swapBytes'; at: number }
  | { op: 'setByte'; at: number; value: number }
  | { op: 'insertBytes'; at: number; bytes: number[] }
  | { op: 'deleteSeparator'; line: number; nth: number }
  | { op: 'insertSeparator'; line: number; at: number }
  | { op: 'insertQuote'; line: number; at: number }
  | { op: 'hugeField'; line: number; field: number; size: number; char: string }
  | { op: 'replaceField'; line: number; field: number; value: string }
  /** a column set on one line and on the neighbouring lines of the same record (an invoice's lines) */
  | { op: 'setColumn'; line: number; column: string; value: string }
  | { op: 'reencode'; to: 'utf-8' | 'windows-1252' | 'utf-16le-bom' | 'utf-16be-bom' | 'utf-16le' | 'double-utf-8' }
  | { op: 'lineEndings'; to: 'lf' | 'crlf' | 'cr' | 'mixed' }
  | { op: 'bom'; where: 'add' | 'remove' | 'middle' }
  | { op: 'blankLines'; at: number; text: string }
  | { op: 'shuffleColumns'; seed: number }
  | { op: 'otherSeparator' }
  | { op: 'binaryHead'; signature: 'png' | 'pdf' | 'zip' | 'xls' | 'nul' }
  /** one line saved in the other encoding (UTF-8 in a Windows-1252 file or the reverse) */
  | { op: 'mixEncodings'; line: number }
  /** blank filler before a line so that its nth non-ASCII character straddles the reader's 64 KB chunks */
  | { op: 'straddleChunk'; nth: number };

/** The CSV reader's chunk size (csv-reader.ts READ_CHUNK_BYTES). */
const READ_CHUNK_BYTES = 64 * 1024;

/** Values a billing system, Excel or a person might put in a field, many of them wrong. */
export const TRICKY_VALUES = [
  '',
  ' ',
  '0',
  '-1',
  '+5',
  '1e3',
  '0x1F',
  '١٢٣',
  '１２３',
  'NaN',
  'null',
  'undefined',
  'true',
  '2026-02-30',
  '2026-13-01',
  '31/12/2026',
  '29/02/2027',
  '202610',
  '2026-10',
  '99999999999999999999',
  '9007199254740993',
  '-0',
  '0,5',
  '1.5',
  '12.500',
  '$ 12.500',
  "O'BRIEN",
  'ÑANDÚ ÁVILA MUÑOZ',
  '=1+1',
  '@SUM(A1)',
  '<script>alert(1)</script>',
  "x'; DROP TABLE accounts; --",
  '😀 ﷽',
  '\t',
  'a  b   c',
  'residencial',
  'RESIDENCIAL',
  'Comercial',
  'activo',
  'Suspendido',
  'CC',
  'nit',
  'PAS',
  '15299',
  '1529',
  '100201',
  '100299',
  'FV2609-00001',
  'FV2609-99999',
  '9800',
  '-9800',
  '3104528871',
  'correo@dominio.co',
  'correo@',
  'AC-20150311',
  'X'.repeat(121),
];

const position = fc.nat({ max: 1_000_000 });

export interface MutationOptions {
  /** weigh the mutations a valid file survives (for runs that must commit some) */
  benign?: boolean;
  /** plausible values per column, for `setColumn` */
  edits?: ColumnEdit[];
  /** at most this many mutations in a row (default 3) */
  max?: number;
}

const setColumnArb = (edits: ColumnEdit[]): fc.Arbitrary<Mutation> =>
  fc
    .constantFrom(...edits)
    .chain((edit) => fc.record({ op: fc.constant('setColumn' as const), line: position, column: fc.constant(edit.column), value: fc.constantFrom(...edit.values) }));

/** A mutation of any kind. */
export function mutationArb(options: MutationOptions = {}): fc.Arbitrary<Mutation> {
  const w = (weight: number, benignWeight: number) => (options.benign ? benignWeight : weight);
  const edits = options.edits?.length ? [{ weight: w(2, 10), arbitrary: setColumnArb(options.edits) }] : [];
  return fc.oneof(
    ...edits,
    { weight: w(3, 3), arbitrary: fc.record({ op: fc.constant('deleteLine' as const), at: position }) },
    { weight: w(2, 1), arbitrary: fc.record({ op: fc.constant('duplicateLine' as const), at: position }) },
    { weight: w(2, 2), arbitrary: fc.record({ op: fc.constant('swapLines' as const), a: position, b: position }) },
    { weight: w(1, 0), arbitrary: fc.record({ op: fc.constant('keepLines' as const), count: fc.nat({ max: 3 }) }) },
    { weight: w(3, 0), arbitrary: fc.record({ op: fc.constant('truncate' as const), at: position }) },
    { weight: w(3, 0), arbitrary: fc.record({ op: fc.constant('swapBytes' as const), at: position }) },
    { weight: w(3, 0), arbitrary: fc.record({ op: fc.constant('setByte' as const), at: position, value: fc.nat({ max: 255 }) }) },
    {
      weight: w(2, 0),
      arbitrary: fc.record({ op: fc.constant('insertBytes' as const), at: position, bytes: fc.array(fc.nat({ max: 255 }), { minLength: 1, maxLength: 8 }) }),
    },
    { weight: w(3, 0), arbitrary: fc.record({ op: fc.constant('deleteSeparator' as const), line: position, nth: fc.nat({ max: 20 }) }) },
    { weight: w(2, 0), arbitrary: fc.record({ op: fc.constant('insertSeparator' as const), line: position, at: position }) },
    { weight: w(2, 0), arbitrary: fc.record({ op: fc.constant('insertQuote' as const), line: position, at: position }) },
    {
      weight: w(2, 0),
      arbitrary: fc.record({
        op: fc.constant('hugeField' as const),
        line: position,
        field: fc.nat({ max: 20 }),
        size: fc.constantFrom(121, 5_000, 70_000, 1_100_000),
        char: fc.constantFrom('X', 'Ñ', '9', ' '),
      }),
    },
    {
      weight: w(6, 6),
      arbitrary: fc.record({
        op: fc.constant('replaceField' as const),
        line: position,
        field: fc.nat({ max: 20 }),
        value: fc.oneof(fc.constantFrom(...TRICKY_VALUES), fc.string({ maxLength: 12, unit: 'grapheme' })).map((v) =>
          // a stray quote inside an unquoted value is dropped silently (a known bug, pinned in
          // csv-reader.property.test.ts); runs that check what was committed leave quotes out until it is fixed
          options.benign ? v.replace(/"/g, "'") : v,
        ),
      }),
    },
    { weight: w(1, 1), arbitrary: fc.record({ op: fc.constant('mixEncodings' as const), line: position }) },
    { weight: w(1, 2), arbitrary: fc.record({ op: fc.constant('straddleChunk' as const), nth: position }) },
    {
      weight: w(2, 3),
      arbitrary: fc.record({
        op: fc.constant('reencode' as const),
        to: fc.constantFrom('utf-8', 'windows-1252', 'utf-16le-bom', 'utf-16be-bom', 'utf-16le', 'double-utf-8') as fc.Arbitrary<
          Extract<Mutation, { op: 'reencode' }>['to']
        >,
      }),
    },
    { weight: w(2, 3), arbitrary: fc.record({ op: fc.constant('lineEndings' as const), to: fc.constantFrom('lf', 'crlf', 'cr', 'mixed') as fc.Arbitrary<'lf' | 'crlf' | 'cr' | 'mixed'> }) },
    { weight: w(1, 2), arbitrary: fc.record({ op: fc.constant('bom' as const), where: fc.constantFrom('add', 'remove', 'middle') as fc.Arbitrary<'add' | 'remove' | 'middle'> }) },
    { weight: w(1, 2), arbitrary: fc.record({ op: fc.constant('blankLines' as const), at: position, text: fc.constantFrom('', '   ', ';;;;', ',,,', '\t') }) },
    { weight: w(1, 3), arbitrary: fc.record({ op: fc.constant('shuffleColumns' as const), seed: fc.nat() }) },
    { weight: w(1, 1), arbitrary: fc.constant({ op: 'otherSeparator' as const }) },
    {
      weight: w(1, 0),
      arbitrary: fc.record({ op: fc.constant('binaryHead' as const), signature: fc.constantFrom('png', 'pdf', 'zip', 'xls', 'nul') as fc.Arbitrary<'png' | 'pdf' | 'zip' | 'xls' | 'nul'> }),
    },
  );
}

/** 1 to `max` mutations in a row. */
export const mutationsArb = (options: MutationOptions = {}) =>
  fc.array(mutationArb(options), { minLength: 1, maxLength: options.max ?? 3 });

// ---------------------------------------------------------------------------------------------

const SIGNATURES: Record<Extract<Mutation, { op: 'binaryHead' }>['signature'], number[]> = {
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  pdf: [0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37],
  zip: [0x50, 0x4b, 0x03, 0x04],
  xls: [0xd0, 0xcf, 0x11, 0xe0],
  nul: [0x00],
};

const BOM = '\xef\xbb\xbf';

/** Encodes text the way the file already is: UTF-8 when its bytes are valid UTF-8, else Windows-1252. */
function encodeLike(file: Buffer, text: string): string {
  return (isUtf8(file) ? Buffer.from(text, 'utf8') : iconv.encode(text, 'win1252')).toString('latin1');
}

function decodeAuto(file: Buffer): string {
  return isUtf8(file) ? file.toString('utf8').replace(/^\uFEFF/, '') : iconv.decode(file, 'win1252');
}

/** A small deterministic shuffle (mulberry32), so a seed always gives the same order. */
function permutation(n: number, seed: number): number[] {
  let s = seed >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Applies one mutation to a file's bytes. */
export function applyMutation(file: Buffer, m: Mutation, layoutOf: (bytes: Buffer) => FileLayout): Buffer {
  const text = file.toString('latin1');
  const out = (s: string) => Buffer.from(s, 'latin1');
  /** the lines without their '\n' (a CRLF line keeps its '\r') */
  const lines = () => text.split('\n');
  const pick = <T>(list: T[], n: number) => list[n % list.length];
  /** replaces field `field` of line `line` (a line without that many fields is left alone) */
  const editField = (line: number, field: number, edit: (value: string) => string) => {
    const all = lines();
    const index = line % all.length;
    const cr = all[index].endsWith('\r') ? '\r' : '';
    const body = cr ? all[index].slice(0, -1) : all[index];
    const ranges = layoutOf(file).fields(body);
    if (ranges.length === 0) return file;
    const [start, end] = pick(ranges, field);
    all[index] = body.slice(0, start) + edit(body.slice(start, end)) + body.slice(end) + cr;
    return out(all.join('\n'));
  };
  switch (m.op) {
    case 'deleteLine': {
      const all = lines();
      all.splice(m.at % all.length, 1);
      return out(all.join('\n'));
    }
    case 'duplicateLine': {
      const all = lines();
      const i = m.at % all.length;
      all.splice(i, 0, all[i]);
      return out(all.join('\n'));
    }
    case 'swapLines': {
      const all = lines();
      const a = m.a % all.length;
      const b = m.b % all.length;
      [all[a], all[b]] = [all[b], all[a]];
      return out(all.join('\n'));
    }
    case 'keepLines':
      return out(lines().slice(0, m.count).join('\n'));
    case 'truncate':
      return file.subarray(0, file.length === 0 ? 0 : m.at % file.length);
    case 'swapBytes': {
      if (file.length < 2) return file;
      const copy = Buffer.from(file);
      const i = m.at % (file.length - 1);
      [copy[i], copy[i + 1]] = [copy[i + 1], copy[i]];
      return copy;
    }
    case 'setByte': {
      if (file.length === 0) return file;
      const copy = Buffer.from(file);
      copy[m.at % file.length] = m.value;
      return copy;
    }
    case 'insertBytes': {
      const at = file.length === 0 ? 0 : m.at % (file.length + 1);
      return Buffer.concat([file.subarray(0, at), Buffer.from(m.bytes), file.subarray(at)]);
    }
    case 'deleteSeparator': {
      const separator = layoutOf(file).separator;
      if (!separator) return file;
      const all = lines();
      const index = m.line % all.length;
      const positions = [...all[index]].flatMap((c, i) => (c === separator ? [i] : []));
      if (positions.length === 0) return file;
      const at = pick(positions, m.nth);
      all[index] = all[index].slice(0, at) + all[index].slice(at + 1);
      return out(all.join('\n'));
    }
    case 'insertSeparator':
    case 'insertQuote': {
      const separator = layoutOf(file).separator ?? ' ';
      const all = lines();
      const index = m.line % all.length;
      const at = m.at % (all[index].length + 1);
      all[index] = all[index].slice(0, at) + (m.op === 'insertQuote' ? '"' : separator) + all[index].slice(at);
      return out(all.join('\n'));
    }
    case 'hugeField':
      return editField(m.line, m.field, () => encodeLike(file, m.char.repeat(m.size)));
    case 'replaceField':
      return editField(m.line, m.field, () => encodeLike(file, m.value));
    case 'setColumn': {
      const layout = layoutOf(file);
      const column = layout.columnOf(m.column);
      const all = lines();
      if (column === null || all.length < 2) return file;
      const at = 1 + (m.line % (all.length - 1));
      const group = layout.groupBy === null ? null : layout.columnOf(layout.groupBy);
      const fieldAt = (index: number, field: number) => {
        const body = all[index].replace(/\r$/, '');
        const range = layout.fields(body)[field];
        return range ? body.slice(range[0], range[1]) : null;
      };
      const key = group === null ? null : fieldAt(at, group);
      let first = at;
      let last = at;
      if (key !== null && group !== null) {
        while (first > 1 && fieldAt(first - 1, group) === key) first--;
        while (last < all.length - 1 && fieldAt(last + 1, group) === key) last++;
      }
      const value = encodeLike(file, m.value);
      for (let index = first; index <= last; index++) {
        const cr = all[index].endsWith('\r') ? '\r' : '';
        const body = cr ? all[index].slice(0, -1) : all[index];
        const range = layout.fields(body)[column];
        if (range) all[index] = body.slice(0, range[0]) + value + body.slice(range[1]) + cr;
      }
      return out(all.join('\n'));
    }
    case 'reencode': {
      const decoded = decodeAuto(file);
      switch (m.to) {
        case 'utf-8':
          return Buffer.from(decoded, 'utf8');
        case 'windows-1252':
          return iconv.encode(decoded, 'win1252');
        case 'utf-16le-bom':
          return iconv.encode(decoded, 'utf16le', { addBOM: true });
        case 'utf-16be-bom':
          return iconv.encode(decoded, 'utf16be', { addBOM: true });
        case 'utf-16le':
          return iconv.encode(decoded, 'utf16le');
        case 'double-utf-8':
          // UTF-8 bytes read as Windows-1252 and saved again as UTF-8: "MARÃ\u008dA"
          return Buffer.from(iconv.decode(Buffer.from(decoded, 'utf8'), 'win1252'), 'utf8');
      }
      break;
    }
    case 'lineEndings': {
      const bare = lines().map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
      if (m.to === 'mixed') return out(bare.map((l, i) => l + (i === bare.length - 1 ? '' : i % 2 ? '\r\n' : '\n')).join(''));
      return out(bare.join(m.to === 'lf' ? '\n' : m.to === 'crlf' ? '\r\n' : '\r'));
    }
    case 'bom': {
      const bare = text.startsWith(BOM) ? text.slice(3) : text;
      if (m.where === 'remove') return out(bare);
      if (m.where === 'add') return out(BOM + bare);
      const all = lines();
      const i = Math.floor(all.length / 2);
      all[i] = BOM + all[i];
      return out(all.join('\n'));
    }
    case 'blankLines': {
      const all = lines();
      all.splice(m.at % (all.length + 1), 0, m.text, m.text);
      return out(all.join('\n'));
    }
    case 'shuffleColumns': {
      // the same new order on every line: a valid file stays valid (columns go by name)
      const layout = layoutOf(file);
      if (!layout.separator || text.includes('"')) return file;
      const all = lines();
      const width = layout.fields(all[0].replace(/\r$/, '')).length;
      const order = permutation(width, m.seed);
      return out(
        all
          .map((line) => {
            const cr = line.endsWith('\r') ? '\r' : '';
            const fields = (cr ? line.slice(0, -1) : line).split(layout.separator!);
            if (fields.length !== width) return line;
            return order.map((i) => fields[i]).join(layout.separator!) + cr;
          })
          .join('\n'),
      );
    }
    case 'otherSeparator': {
      const separator = layoutOf(file).separator;
      if (!separator) return file;
      const other = separator === ';' ? ',' : ';';
      return out(text.split(separator).join(other));
    }
    case 'binaryHead':
      return Buffer.concat([Buffer.from(SIGNATURES[m.signature]), file]);
    case 'mixEncodings': {
      const all = lines();
      if (all.length < 2) return file;
      const index = 1 + (m.line % (all.length - 1));
      const line = Buffer.from(all[index], 'latin1');
      const utf8 = isUtf8(file);
      const decoded = utf8 ? line.toString('utf8') : iconv.decode(line, 'win1252');
      all[index] = (utf8 ? iconv.encode(decoded, 'win1252') : Buffer.from(decoded, 'utf8')).toString('latin1');
      return out(all.join('\n'));
    }
    case 'straddleChunk': {
      // first bytes of non-ASCII characters (in UTF-8, the lead bytes)
      const starts: number[] = [];
      const single = !isUtf8(file);
      for (let i = 0; i < file.length && i < READ_CHUNK_BYTES - 1; i++) if (file[i] >= 0xc0 || (single && file[i] >= 0x80)) starts.push(i);
      if (starts.length === 0) return file;
      const p = pick(starts, m.nth);
      const lineStart = text.lastIndexOf('\n', p - 1) + 1;
      if (lineStart === 0) return file; // never before the header: a blank first line is fine, but keep the header line 1
      const filler = ' '.repeat(READ_CHUNK_BYTES - 2 - p) + '\n'; // the character's first byte ends the first chunk
      return out(text.slice(0, lineStart) + filler + text.slice(lineStart));
    }
  }
  return file;
}

/** Applies mutations in order. */
export function mutate(file: Buffer, mutations: Mutation[], layoutOf: (bytes: Buffer) => FileLayout): Buffer {
  return mutations.reduce((bytes, m) => applyMutation(bytes, m, layoutOf), file);
}

/** Short description of a mutation for logs (huge values abbreviated). */
export function describeMutation(m: Mutation): string {
  return JSON.stringify(m, (_k, v) => (typeof v === 'string' && v.length > 40 ? `${v.slice(0, 20)}…(${v.length})` : v));
}
