/**
 * What both imports share: the header check, the per-field parsers with their Spanish messages, and
 * the error log that keeps the first errors in file order.
 */
import type { ImportKind, RowError } from '../../../../shared/contract';
import { CURRENCIES, parseAmount, type CurrencyCode } from '../../../../shared/money';
import { isIsoDate, isPeriod, type IsoDate } from '../../../../shared/dates';
import { normalizeHeaderName, type CsvRecord } from './csv-reader';

export const MAX_LISTED_ERRORS = 1000;

/**
 * Row errors, kept in file order: at most MAX_LISTED_ERRORS listed (those of the lowest lines),
 * however many there are, and the number of rejected records.
 */
export class ErrorLog {
  private list: RowError[] = [];
  rejected = 0;

  add(line: number, column: string, message: string): void {
    this.list.push({ line, column, message });
    if (this.list.length >= MAX_LISTED_ERRORS * 2) this.trim();
  }

  get isEmpty(): boolean {
    return this.list.length === 0 && this.rejected === 0;
  }

  errors(): RowError[] {
    this.trim();
    return this.list;
  }

  private trim(): void {
    this.list.sort((a, b) => a.line - b.line);
    if (this.list.length > MAX_LISTED_ERRORS) this.list.length = MAX_LISTED_ERRORS;
  }
}

/** A header column: its canonical name, and for the messages the name as the file wrote it. */
export interface HeaderMap {
  /** canonical name → field index */
  index: Record<string, number>;
  /** canonical name → the header text in the file */
  label: Record<string, string>;
  width: number;
}

const KIND_LABELS: Record<ImportKind, string> = { accounts: 'cuentas', invoices: 'facturas' };

/**
 * Matches the header against the expected columns (any order, case and accents ignored).
 * Returns the map, or the errors on line 1 with a summary for `fileError`.
 */
export function mapHeader(
  header: CsvRecord,
  kind: ImportKind,
  expected: readonly string[],
  otherKind: { kind: ImportKind; columns: readonly string[] },
): { map: HeaderMap } | { errors: RowError[]; message: string } {
  const names = header.fields.map(normalizeHeaderName);
  // Excel may add empty columns after the last one
  while (names.length > 1 && names[names.length - 1] === '') names.pop();
  const index: Record<string, number> = {};
  const label: Record<string, string> = {};
  const errors: RowError[] = [];
  names.forEach((name, i) => {
    const original = header.fields[i];
    if (name === '') {
      errors.push({ line: header.line, column: '', message: `La columna ${i + 1} del encabezado no tiene nombre` });
    } else if (!expected.includes(name)) {
      errors.push({ line: header.line, column: original, message: `Columna desconocida «${original}»` });
    } else if (name in index) {
      errors.push({ line: header.line, column: original, message: `La columna «${original}» está repetida` });
    } else {
      index[name] = i;
      label[name] = original;
    }
  });
  const missing = expected.filter((name) => !(name in index));
  for (const name of missing) errors.push({ line: header.line, column: name, message: `Falta la columna «${name}»` });
  if (errors.length === 0) return { map: { index, label, width: names.length } };

  const looksLikeOther = otherKind.columns.filter((c) => names.includes(c)).length > otherKind.columns.length / 2;
  const message = looksLikeOther
    ? `El archivo parece de ${KIND_LABELS[otherKind.kind]}, no de ${KIND_LABELS[kind]}: elija el tipo de archivo correcto.`
    : missing.length > 0 && missing.length === expected.length
      ? `La línea ${header.line} no es el encabezado de un archivo de ${KIND_LABELS[kind]}: debe tener los nombres de columna (vea FORMATO.md).`
      : `Encabezado incorrecto en la línea ${header.line}: ${errors.map((e) => e.message).join('; ')}.`;
  return { errors, message };
}

/** Checks a record's width against the header; Excel may add empty trailing fields, which are ignored. */
export function checkWidth(record: CsvRecord, map: HeaderMap, log: ErrorLog): boolean {
  const { fields } = record;
  if (fields.length === map.width) return true;
  if (fields.length > map.width && fields.slice(map.width).every((f) => f === '')) return true;
  log.add(record.line, '', `La línea tiene ${fields.length} columnas y el encabezado ${map.width}`);
  return false;
}

/**
 * Reads the fields of one record, collecting a Spanish error per bad field. Each getter returns a
 * usable placeholder when the value is wrong; check `ok` before using the row.
 */
export class FieldReader {
  ok = true;
  private record!: CsvRecord;

  constructor(
    private readonly map: HeaderMap,
    private readonly log: ErrorLog,
    private readonly currency: CurrencyCode,
  ) {}

  start(record: CsvRecord): this {
    this.record = record;
    this.ok = true;
    return this;
  }

  raw(column: string): string {
    return this.record.fields[this.map.index[column]] ?? '';
  }

  fail(column: string, message: string): void {
    this.ok = false;
    this.log.add(this.record.line, this.map.label[column] ?? column, message);
  }

  /** Text with its inner spaces collapsed; '' allowed unless required. */
  text(column: string, max: number, required = true): string {
    let value = this.raw(column);
    if (/\s\s|[\t\r\n]/.test(value)) value = value.replace(/\s+/g, ' ');
    if (value === '') {
      if (required) this.fail(column, 'Falta el valor (es obligatorio)');
    } else if (value.length > max) {
      this.fail(column, `Máximo ${max} caracteres (tiene ${value.length})`);
    }
    return value;
  }

  /** Letters, digits and '-' only (codes, numbers, references). */
  code(column: string, max: number, required = true): string {
    const value = this.text(column, max, required);
    if (value !== '' && !/^[A-Za-z0-9-]+$/.test(value)) {
      this.fail(column, `«${value}» solo puede tener letras, números y guiones`);
    }
    return value;
  }

  /** One of a fixed list, compared without case or accents; the canonical value, or null when wrong. */
  oneOf<T extends string>(column: string, allowed: readonly T[]): T | null {
    const value = this.raw(column);
    const found = lookupOf(allowed).get(value) ?? lookupOf(allowed).get(normalizeHeaderName(value));
    if (!found) {
      this.fail(column, value === '' ? `Falta el valor (uno de: ${allowed.join(', ')})` : `«${value}» no es válido (use: ${allowed.join(', ')})`);
      return null;
    }
    return found;
  }

  /** A whole number; null when empty and not required. */
  integer(column: string, options: { min: number; max: number; required: boolean }): number | null {
    const value = this.raw(column);
    if (value === '') {
      if (options.required) this.fail(column, 'Falta el valor (es obligatorio)');
      return null;
    }
    if (!/^-?\d{1,15}$/.test(value)) {
      this.fail(column, `«${value}» no es un número entero`);
      return null;
    }
    const n = Number(value);
    if (n < options.min || n > options.max) {
      this.fail(column, `${value} está fuera del rango permitido (${options.min} a ${options.max})`);
      return null;
    }
    return n;
  }

  /** Money in the company's currency, in minor units. */
  amount(column: string): number {
    const value = this.raw(column);
    if (value === '') {
      this.fail(column, 'Falta el valor (es obligatorio)');
      return 0;
    }
    const minor = parseAmount(value, this.currency);
    if (minor === null) {
      const how =
        CURRENCIES[this.currency].decimals === 0
          ? 'escriba el valor en pesos enteros, sin decimales, sin puntos de miles ni signo $'
          : `escriba el valor con hasta ${CURRENCIES[this.currency].decimals} decimales, sin separadores de miles ni signo $`;
      this.fail(column, `«${value}» no es un valor válido: ${how}`);
      return 0;
    }
    return minor;
  }

  /** 'AAAA-MM-DD' or 'DD/MM/AAAA' (what Excel in Spanish writes); null when empty and allowed. */
  date(column: string, required = true): IsoDate | null {
    const value = this.raw(column);
    if (value === '') {
      if (required) this.fail(column, 'Falta la fecha (es obligatoria)');
      return null;
    }
    const iso = toIsoDate(value);
    if (!iso) {
      this.fail(column, `«${value}» no es una fecha válida (use AAAA-MM-DD o DD/MM/AAAA)`);
      return null;
    }
    return iso;
  }

  /** 'AAAA-MM' or 'AAAAMM'. */
  period(column: string): string {
    const value = this.raw(column);
    const period = /^\d{6}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4)}` : value;
    if (!isPeriod(period)) {
      this.fail(column, value === '' ? 'Falta el periodo (es obligatorio)' : `«${value}» no es un periodo válido (use AAAA-MM)`);
    }
    return period;
  }
}

/** value as written or normalized → canonical value, per list of allowed values */
const lookups = new WeakMap<readonly string[], Map<string, string>>();

function lookupOf<T extends string>(allowed: readonly T[]): Map<string, T> {
  let lookup = lookups.get(allowed);
  if (!lookup) {
    lookup = new Map(allowed.flatMap((a) => [[a, a] as const, [normalizeHeaderName(a), a] as const]));
    lookups.set(allowed, lookup);
  }
  return lookup as Map<string, T>;
}

/** 'AAAA-MM-DD' or 'D/M/AAAA' → 'AAAA-MM-DD', or null. */
export function toIsoDate(value: string): IsoDate | null {
  if (isIsoDate(value)) return value;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (!m) return null;
  const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}
