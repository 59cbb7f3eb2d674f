/**
 * Colombian NIT check digit (DIAN, módulo 11 with the weights 3, 7, 13, 17, 19, 23, 29, 37, 41, 43,
 * 47, 53, 59, 67, 71 applied from the rightmost digit).
 */
const WEIGHTS = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];

export function nitCheckDigit(base: string): number {
  const digits = base.replace(/\D/g, '');
  if (digits.length === 0 || digits.length > WEIGHTS.length) throw new Error('NIT inválido');
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    sum += Number(digits[digits.length - 1 - i]) * WEIGHTS[i];
  }
  const rest = sum % 11;
  return rest > 1 ? 11 - rest : rest;
}

/** Accepts "900123456-7", "9001234567" or "900.123.456-7"; the last digit is the check digit. */
export function isValidNit(value: string): boolean {
  const clean = value.replace(/[.\s]/g, '');
  const m = /^(\d{6,15})-?(\d)$/.exec(clean);
  if (!m) return false;
  return nitCheckDigit(m[1]) === Number(m[2]);
}

/** "900123456-7" from any accepted spelling, or null when invalid. */
export function formatNit(value: string): string | null {
  if (!isValidNit(value)) return null;
  const clean = value.replace(/[.\s-]/g, '');
  return `${clean.slice(0, -1)}-${clean.slice(-1)}`;
}

/** GS1 mod-10 check digit, as used by GLN-13 and EAN-13. */
export function gs1CheckDigit(base: string): number {
  let sum = 0;
  for (let i = 0; i < base.length; i++) {
    const digit = Number(base[base.length - 1 - i]);
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidGln(value: string): boolean {
  if (!/^\d{13}$/.test(value)) return false;
  return gs1CheckDigit(value.slice(0, 12)) === Number(value[12]);
}
