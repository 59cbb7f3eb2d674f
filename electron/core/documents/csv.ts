/**
 * The one CSV writer of the product (issue 12): every CSV the back office hands out (the recaudo
 * report, the SUI Formato A, and any export to come) is written here, so that none can carry a
 * formula into the spreadsheet that opens it.
 *
 * - A text cell that starts with = + - @ (or their full-width forms), a tab or a carriage return
 *   is written with a leading apostrophe (') : Excel and LibreOffice then show it as text instead
 *   of running it ("=HYPERLINK(…)" typed as a name, "@SUM(…)" in an imported account…).
 * - A numeric column is not escaped (a file for the SUI must stay numeric): its values are
 *   validated as numbers instead, and a value that is not one refuses the whole file with a Spanish
 *   message naming the row and the column (nothing is handed out).
 * - RFC 4180 quoting: a cell with the separator, a quote or a line break goes in quotes, quotes doubled.
 */
import type { DocumentFile } from '../../../shared/contract';
import { rule } from '../errors';

export type CsvCell = string | number | null;

export interface CsvOptions {
  separator: ',' | ';';
  /** a UTF-8 byte order mark first (Excel in Spanish needs it to read accents) */
  bom: boolean;
  /** the first line, if the format has one (always text) */
  header?: readonly string[];
  /** names of the columns, for the refusals (the header's when there is one) */
  columnNames?: readonly string[];
  /** indexes (from 0) of the numeric columns: validated, never escaped; empty cells allowed */
  numeric?: readonly number[];
}

/** what makes a spreadsheet read a cell as a formula */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** a number as a numeric column holds it: an optional minus, digits, optional decimals */
const NUMBER = /^-?\d+(\.\d+)?$/;

/** a text cell as a spreadsheet must show it: formulas defused, then quoted when needed */
export function textCell(value: string, separator: ',' | ';' = ','): string {
  return quoted(FORMULA_START.test(value) ? `'${value}` : value, separator);
}

function quoted(value: string, separator: string): string {
  return value.includes(separator) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function numericCell(value: CsvCell, row: number, column: string, separator: string): string {
  if (value === null || value === '') return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : 'NaN') : value;
  if (!NUMBER.test(text)) throw rule(`El valor «${text.slice(0, 40)}» de la columna «${column}» (fila ${row}) no es un número: corrija el dato antes de generar el archivo.`);
  return quoted(text, separator);
}

/** The CSV text of the rows, lines ended in CRLF. */
export function csvText(rows: readonly (readonly CsvCell[])[], options: CsvOptions): string {
  const numeric = new Set(options.numeric ?? []);
  const names = options.columnNames ?? options.header ?? [];
  const lines: string[] = [];
  if (options.header) lines.push(options.header.map((h) => textCell(h, options.separator)).join(options.separator));
  rows.forEach((cells, i) => {
    const line = cells.map((cell, column) => {
      if (numeric.has(column)) return numericCell(cell, i + 1, names[column] ?? String(column + 1), options.separator);
      return textCell(cell === null ? '' : String(cell), options.separator);
    });
    lines.push(line.join(options.separator));
  });
  const body = lines.length === 0 ? '' : `${lines.join('\r\n')}\r\n`;
  return options.bom ? `\uFEFF${body}` : body;
}

/** A CSV document as the handlers return it. */
export function csvFile(fileName: string, rows: readonly (readonly CsvCell[])[], options: CsvOptions): DocumentFile {
  return { fileName, mimeType: 'text/csv', base64: Buffer.from(csvText(rows, options), 'utf8').toString('base64') };
}
