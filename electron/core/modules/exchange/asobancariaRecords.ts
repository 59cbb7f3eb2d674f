/**
 * The records of an Asobancaria 2001 file as the office writes it, acting as the collecting entity
 * (layout in ../shared/DOMAIN.md; the reader is bankfiles/asobancaria.ts). Pure: each function
 * returns one record of exactly 162 characters; numbers zero-padded on the left, text space-padded
 * on the right, amounts in hundredths (12 or 16 integer digits + 2 decimals).
 */
import { RECORD_LENGTH, type AsobancariaHeader } from '../bankfiles/asobancaria';

/** a number right-aligned with zeros in `width` positions; refuses what does not fit */
function digits(value: string | number | bigint, width: number, what: string): string {
  const text = String(value);
  if (!/^\d*$/.test(text)) throw new Error(`${what} «${text}» is not numeric`);
  if (text.length > width) throw new Error(`${what} «${text}» does not fit in ${width} positions`);
  return text.padStart(width, '0');
}

/** text left-aligned with spaces in `width` positions (cut to fit; ASCII only) */
function text(value: string, width: number): string {
  const ascii = value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, ' ');
  return ascii.slice(0, width).padEnd(width, ' ');
}

function record(...parts: string[]): string {
  const line = parts.join('');
  if (line.length > RECORD_LENGTH) throw new Error(`record of ${line.length} characters`);
  return line.padEnd(RECORD_LENGTH, ' ');
}

/** the 01 record's fields, as the reader returns them */
export type FileHeader = AsobancariaHeader;

const ymd = (iso: string) => iso.replace(/-/g, '');

/** 01: NIT 3-12 · collection date 13-20 · bank 21-23 · account 24-40 · file date 41-48 · time 49-52 · modifier 53 · account type 54-55 */
export function fileHeaderRecord(h: FileHeader): string {
  return record(
    '01',
    digits(h.billerNit, 10, 'NIT'),
    ymd(h.collectionDate),
    digits(h.bankCode, 3, 'bank code'),
    digits(h.accountNumber, 17, 'account'),
    ymd(h.fileDate),
    h.fileTime.replace(':', ''),
    h.modifier,
    digits(h.accountType, 2, 'account type'),
  );
}

/** 05: service code 3-15 · lot number 16-19 */
export function lotHeaderRecord(serviceCode: string, lot: number): string {
  return record('05', digits(serviceCode, 13, 'service code'), digits(lot, 4, 'lot'));
}

export interface DetailRecord {
  reference: string;
  /** hundredths of the currency */
  amountHundredths: bigint;
  procedencia: string;
  medio: string;
  /** digits, or '' (blank) */
  operation: string;
  authorization: string;
  bankCode: string;
  branch: string;
  sequence: number;
}

/** 06: reference 3-50 · amount 51-64 · procedencia 65-66 · medio 67-68 · operation 69-74 · authorisation 75-80 · bank 81-83 · branch 84-87 · sequence 88-94 · return cause 95-97 (blank) */
export function detailRecord(d: DetailRecord): string {
  const optional = (value: string, width: number, what: string) => (value === '' ? ' '.repeat(width) : digits(value, width, what));
  return record(
    '06',
    text(d.reference, 48),
    digits(d.amountHundredths, 14, 'amount'),
    digits(d.procedencia, 2, 'procedencia'),
    digits(d.medio, 2, 'medio'),
    optional(d.operation, 6, 'operation'),
    optional(d.authorization, 6, 'authorisation'),
    digits(d.bankCode, 3, 'bank code'),
    digits(d.branch, 4, 'branch'),
    digits(d.sequence, 7, 'sequence'),
    '   ',
  );
}

/** 08: records 3-11 · lot total 12-29 · lot number 30-33 */
export function lotControlRecord(records: number, totalHundredths: bigint, lot: number): string {
  return record('08', digits(records, 9, 'records'), digits(totalHundredths, 18, 'lot total'), digits(lot, 4, 'lot'));
}

/** 09: detail records 3-11 · file total 12-29 */
export function fileControlRecord(records: number, totalHundredths: bigint): string {
  return record('09', digits(records, 9, 'records'), digits(totalHundredths, 18, 'file total'));
}

/** the last `width` digits of a text's digits ('' when it has none): receipt numbers, vouchers */
export function lastDigits(value: string | number | null | undefined, width: number): string {
  const only = String(value ?? '').replace(/\D/g, '');
  return only.slice(-width);
}
