/**
 * The pure rules of petty cash, without the database: payee identification, the words of the
 * forbidden concepts, percentages and the threshold alerts. Unit-tested in tests/unit/petty-cash-rules.test.ts.
 */
import type { PayeeIdType } from '../../../../shared/contract';
import { formatNit } from '../../../../shared/nit';
import { normalizeForSearch } from '../../../../shared/text';
import { invalid } from '../../errors';

/**
 * The payee's id as it is stored: a NIT "900123456-8" (check digit verified), a cédula in digits
 * (3 to 10, dots and spaces allowed when typed), a cédula de extranjería or passport in capitals
 * and digits. Throws a Spanish VALIDATION error naming the field.
 */
export function normalizePayeeId(idType: PayeeIdType, idNumber: string): string {
  const typed = idNumber.trim();
  if (idType === 'NIT') {
    const nit = formatNit(typed);
    if (!nit) throw invalid(`El NIT «${typed}» no es válido: revise los dígitos y el dígito de verificación.`, { 'payee.idNumber': 'NIT inválido' });
    return nit;
  }
  if (idType === 'CC') {
    const digits = typed.replace(/[.\s]/g, '');
    if (!/^\d{3,10}$/.test(digits)) throw invalid(`La cédula «${typed}» no es válida: solo números, de 3 a 10 dígitos.`, { 'payee.idNumber': 'Cédula inválida' });
    return digits;
  }
  const upper = typed.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z0-9]{3,20}$/.test(upper)) {
    const what = idType === 'CE' ? 'La cédula de extranjería' : 'El pasaporte';
    throw invalid(`${what} «${typed}» no es válido: solo letras y números.`, { 'payee.idNumber': 'Identificación inválida' });
  }
  return upper;
}

/** The forbidden concept the text contains (whole words, without case or accents), or null. */
export function forbiddenConceptIn(concept: string, forbidden: readonly string[]): string | null {
  const text = ` ${normalizeForSearch(concept)} `;
  for (const word of forbidden) {
    const needle = normalizeForSearch(word);
    if (needle && text.includes(` ${needle} `)) return word;
  }
  return null;
}

/** part of whole in percent with one decimal (0 when whole is 0) */
export function percentOf(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.round((part * 1000) / whole) / 10;
}

/** "72,4 %" */
export function percentText(value: number): string {
  return `${value.toFixed(1).replace('.', ',')} %`;
}

/** The Spanish alerts for the fund and each line at or above the threshold. */
export function thresholdAlerts(
  threshold: number,
  fundPercent: number,
  lines: readonly { code: string; name: string; usedPercent: number }[],
): string[] {
  const alerts: string[] = [];
  if (fundPercent >= threshold) alerts.push(`Se superó el ${threshold} % del fondo (${percentText(fundPercent)}): solicite el reembolso.`);
  for (const line of lines) {
    if (line.usedPercent >= threshold) alerts.push(`El rubro ${line.code} ${line.name} superó el ${threshold} % de su límite (${percentText(line.usedPercent)}).`);
  }
  return alerts;
}

/** CM-GAR-2026-0001 */
export function documentNumber(prefix: 'CM' | 'AN' | 'RE', officeCode: string, year: number, n: number): string {
  return `${prefix}-${officeCode}-${year}-${String(n).padStart(4, '0')}`;
}
