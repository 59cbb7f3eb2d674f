/**
 * Streaming CSV reading for the billing-system imports: detects the encoding (UTF-8 with or without
 * BOM, or Windows-1252 as Excel in Spanish writes it) and the separator (';' or ','), refuses binary
 * files, and hands out records with their 1-based line numbers. Memory stays bounded: one chunk and
 * at most one record of at most MAX_RECORD_CHARS are held at a time.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type Iconv from 'iconv-lite';
import { onFirstUse } from '../../lazy-package';

/** loaded with the first Windows-1252 file, not at start (lazy-package.ts) */
const iconv = onFirstUse<typeof Iconv>('iconv-lite');

export type CsvEncoding = 'utf-8' | 'windows-1252';
export type CsvSeparator = ',' | ';';

export interface CsvRecord {
  /** physical line where the record starts (the header is line 1) */
  line: number;
  /** trimmed field values */
  fields: string[];
}

/** A problem with the file as a whole (not CSV, wrong encoding, unclosed quotes…), in Spanish. */
export class CsvFileError extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
    this.name = 'CsvFileError';
  }
}

/** A record longer than this is not a CSV row (e.g. a binary or a file without line breaks). */
export const MAX_RECORD_CHARS = 1_000_000;
/** 64 KB: strings below V8's large-object size, collected young (measured: −60 MB peak RSS against 1 MB) */
const READ_CHUNK_BYTES = 64 * 1024;

const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'una imagen PNG' },
  { bytes: [0xff, 0xd8, 0xff], what: 'una imagen JPEG' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'una imagen GIF' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'un documento PDF' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'un archivo comprimido (ZIP) o un libro de Excel (.xlsx)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'un libro de Excel antiguo (.xls)' },
];

const NOT_CSV_HINT = 'Exporte los datos como CSV (separado por punto y coma) e intente de nuevo.';

/** Refuses files that are clearly not text: known binary signatures, UTF-16, NUL bytes. */
export function checkLooksLikeText(head: Buffer): void {
  for (const { bytes, what } of SIGNATURES) {
    if (bytes.every((b, i) => head[i] === b)) throw new CsvFileError(`El archivo no es un CSV: parece ${what}. ${NOT_CSV_HINT}`);
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new CsvFileError('El archivo está en UTF-16 («Texto Unicode»). Guárdelo como «CSV UTF-8» o «CSV (delimitado por comas)».');
  }
  if (head.indexOf(0) >= 0) throw new CsvFileError(`El archivo no es un CSV de texto: contiene datos binarios. ${NOT_CSV_HINT}`);
}

/**
 * Length of the valid UTF-8 sequence starting at `i` (a byte >= 0x80), 0 when invalid,
 * -1 when the buffer ends before the sequence does.
 */
export function utf8SequenceLength(buf: Buffer, i: number): number {
  const b = buf[i];
  let length: number;
  let min: number;
  if (b >= 0xc2 && b <= 0xdf) [length, min] = [2, 0x80];
  else if (b >= 0xe0 && b <= 0xef) [length, min] = [3, 0x800];
  else if (b >= 0xf0 && b <= 0xf4) [length, min] = [4, 0x10000];
  else return 0;
  let code = b & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) {
    if (i + k >= buf.length) return -1;
    const c = buf[i + k];
    if ((c & 0xc0) !== 0x80) return 0;
    code = (code << 6) | (c & 0x3f);
  }
  return code >= min && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? length : 0;
}

/**
 * Decodes a byte stream whose encoding is decided by its first non-ASCII character: a valid UTF-8
 * sequence (or a BOM) means UTF-8, anything else Windows-1252. Until then every byte is ASCII, which
 * both encodings read alike, so nothing needs to be buffered to decide.
 */
export class AutoDecoder {
  encoding: CsvEncoding | null = null;
  private utf8 = new TextDecoder('utf-8');
  private held: Buffer | null = null;

  decode(input: Buffer): string {
    const chunk = this.held ? Buffer.concat([this.held, input]) : input;
    this.held = null;
    if (this.encoding === 'utf-8') return this.utf8.decode(chunk, { stream: true });
    if (this.encoding === 'windows-1252') return iconv().decode(chunk, 'win1252');
    if (isAscii(chunk)) return chunk.toString('latin1');
    let i = 0;
    while (chunk[i] < 0x80) i++;
    const sequence = utf8SequenceLength(chunk, i);
    if (sequence === -1) {
      this.held = chunk.subarray(i);
      return chunk.toString('latin1', 0, i);
    }
    this.encoding = sequence > 0 ? 'utf-8' : 'windows-1252';
    // the ASCII prefix decodes the same in both; the UTF-8 decoder drops a leading BOM
    return chunk.toString('latin1', 0, i) + this.decode(chunk.subarray(i));
  }

  end(): string {
    if (this.held) {
      // an incomplete multi-byte sequence at the very end: not UTF-8
      const rest = this.held;
      this.held = null;
      this.encoding = 'windows-1252';
      return iconv().decode(rest, 'win1252');
    }
    if (this.encoding === null) this.encoding = 'utf-8'; // all ASCII
    return this.encoding === 'utf-8' ? this.utf8.decode() : '';
  }
}

/** Counts '"' in a string. */
function countQuotes(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) n++;
  return n;
}

/** Splits one record that contains quotes (RFC 4180: "" is a quote inside a quoted field). */
export function parseQuotedRecord(text: string, separator: CsvSeparator): string[] {
  const fields: string[] = [];
  let field = '';
  let fieldStart = 0;
  let inQuotes = false;
  /** a quoted part just closed: only a separator may follow, else the value is kept as written */
  let closed = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
          closed = true;
        }
      } else field += c;
    } else if (c === separator) {
      fields.push(field.trim());
      field = '';
      fieldStart = i + 1;
      closed = false;
    } else if (closed && c !== ' ') {
      // text after the closing quote: not a quoted field after all; keep every character as written
      field = text.slice(fieldStart, i + 1);
      closed = false;
    } else if (c === '"' && !closed && field.trim() === '') {
      // a quote opens a quoted field only at its start; inside a value it is a character, as Excel reads it
      inQuotes = true;
      field = '';
    } else if (!closed) field += c;
  }
  fields.push(field.trim());
  return fields;
}

/** ';' or ',' — whichever appears more often outside quotes in the header line; null when neither. */
export function detectSeparator(headerLine: string): CsvSeparator | null {
  let semicolons = 0;
  let commas = 0;
  let inQuotes = false;
  for (const c of headerLine) {
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === ';') semicolons++;
    else if (!inQuotes && c === ',') commas++;
  }
  if (semicolons === 0 && commas === 0) return null;
  return semicolons >= commas ? ';' : ',';
}

/** Receives each record as soon as it is complete (records die young: little garbage to keep). */
export type RecordCallback = (record: CsvRecord) => void;

/**
 * Turns decoded text into records. Lines without quotes take the fast path (split); a quoted field
 * may span lines, which the quote count tells (a record is complete when its quotes are even).
 * Blank lines and lines of only separators (Excel writes those) are skipped.
 */
export class CsvParser {
  separator: CsvSeparator | null = null;
  private carry = '';
  private lineNo = 0;
  private pending: string | null = null;
  private pendingLine = 0;
  private pendingQuotes = 0;

  constructor(private readonly maxRecordChars = MAX_RECORD_CHARS) {}

  push(text: string, out: RecordCallback): void {
    const data = this.carry + text;
    let start = 0;
    for (let end = data.indexOf('\n'); end >= 0; end = data.indexOf('\n', start)) {
      this.line(data.slice(start, end > start && data.charCodeAt(end - 1) === 13 ? end - 1 : end), out);
      start = end + 1;
    }
    this.carry = data.slice(start);
    if (this.carry.length > this.maxRecordChars) {
      throw new CsvFileError(`La línea ${this.lineNo + 1} es demasiado larga: el archivo no parece un CSV. ${NOT_CSV_HINT}`, this.lineNo + 1);
    }
  }

  end(out: RecordCallback): void {
    if (this.carry !== '') {
      const last = this.carry.endsWith('\r') ? this.carry.slice(0, -1) : this.carry;
      this.carry = '';
      this.line(last, out);
    }
    if (this.pending !== null) {
      throw new CsvFileError(`Hay comillas sin cerrar desde la línea ${this.pendingLine}.`, this.pendingLine);
    }
  }

  private line(text: string, out: RecordCallback): void {
    this.lineNo++;
    if (this.pending !== null) {
      this.pending += '\n' + text;
      this.pendingQuotes += countQuotes(text);
      if (this.pendingQuotes % 2 === 0) {
        const record = this.pending;
        this.pending = null;
        this.emit(this.pendingLine, parseQuotedRecord(record, this.separator ?? ';'), out);
      } else if (this.pending.length > this.maxRecordChars) {
        throw new CsvFileError(`Hay comillas sin cerrar desde la línea ${this.pendingLine}.`, this.pendingLine);
      }
      return;
    }
    if (this.separator === null) {
      if (text.trim() === '') return;
      this.separator = detectSeparator(text);
      if (this.separator === null) {
        throw new CsvFileError(
          `La línea ${this.lineNo} no tiene columnas separadas por «;» o «,»: el archivo no parece un CSV. ${NOT_CSV_HINT}`,
          this.lineNo,
        );
      }
    }
    if (text.indexOf('"') < 0) {
      const fields = text.split(this.separator);
      for (let i = 0; i < fields.length; i++) fields[i] = fields[i].trim();
      this.emit(this.lineNo, fields, out);
      return;
    }
    const quotes = countQuotes(text);
    if (quotes % 2 === 0) {
      this.emit(this.lineNo, parseQuotedRecord(text, this.separator), out);
    } else {
      this.pending = text;
      this.pendingLine = this.lineNo;
      this.pendingQuotes = quotes;
    }
  }

  private emit(line: number, fields: string[], out: RecordCallback): void {
    if (fields[0] === '' && fields.every((f) => f === '')) return;
    out({ line, fields });
  }
}

export interface CsvReadResult {
  encoding: CsvEncoding;
  separator: CsvSeparator;
  sha256: string;
  bytes: number;
}

export interface CsvConsumer {
  /** every record in order, the header first; may throw CsvFileError */
  record(record: CsvRecord, info: { encoding: CsvEncoding; separator: CsvSeparator }): void;
  /** after each chunk: awaited, so a slow consumer slows the reading instead of filling memory */
  chunkDone(): Promise<void>;
}

/** Streams a file through the decoder and the parser. Throws CsvFileError for file-level problems. */
export async function readCsvFile(filePath: string, consumer: CsvConsumer): Promise<CsvReadResult> {
  const hash = createHash('sha256');
  const decoder = new AutoDecoder();
  const parser = new CsvParser();
  let bytes = 0;
  let first = true;
  const info = () => ({ encoding: decoder.encoding ?? 'utf-8', separator: parser.separator ?? ';' }) as const;
  let suspect = false;
  const onRecord = (record: CsvRecord) => {
    if (suspect) rejectReplacementCharacters(record);
    consumer.record(record, info());
  };
  const take = (text: string) => {
    suspect = text.includes('\uFFFD');
    parser.push(text, onRecord);
  };
  const stream = fs.createReadStream(filePath, { highWaterMark: READ_CHUNK_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (first) checkLooksLikeText(chunk);
      else if (chunk.indexOf(0) >= 0) throw new CsvFileError(`El archivo no es un CSV de texto: contiene datos binarios. ${NOT_CSV_HINT}`);
      first = false;
      hash.update(chunk);
      bytes += chunk.length;
      take(decoder.decode(chunk));
      await consumer.chunkDone();
    }
    take(decoder.end());
    parser.end(onRecord);
    await consumer.chunkDone();
  } finally {
    stream.destroy();
  }
  return { ...info(), sha256: hash.digest('hex'), bytes };
}

/** A U+FFFD in the text means bytes that are not UTF-8 in a file that started as UTF-8. */
function rejectReplacementCharacters(record: CsvRecord): void {
  if (record.fields.some((f) => f.includes('\uFFFD'))) {
    throw new CsvFileError(
      `La línea ${record.line} tiene caracteres que no son UTF-8: el archivo mezcla codificaciones. Guárdelo de nuevo como «CSV UTF-8».`,
      record.line,
    );
  }
}

/** 'Número Factura' → 'numero_factura': lower case, no accents, words joined by '_'. */
export function normalizeHeaderName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim()
    .replace(/[\s\-.]+/g, '_');
}
