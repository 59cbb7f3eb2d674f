/**
 * GS1-128 (Code 128 with FNC1) encoded here, not by bwip-js: bwip-js runs the whole BWIPP
 * PostScript encoder, ~5–7 ms a barcode, more than a whole invoice page may cost in a batch of
 * thousands. This encoder gives the same bars (tests/unit/code128.test.ts compares them with
 * bwip-js' for many payment codes, and zbarimg reads the printed ones) in microseconds.
 */

/** bar/space widths of the 107 Code 128 symbols (value → 6 modules; 106 is the stop, 7) */
export const CODE128_PATTERNS = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
];

const FNC1 = 102;
const START_B = 104;
const START_C = 105;
const TO_C = 99;
const TO_B = 100;
const STOP = 106;

/** The element strings of "(415)…(8020)…" with FNC1 (as null) after each variable-length field but the last. */
function gs1Elements(humanReadable: string): (string | null)[] {
  const parts = [...humanReadable.matchAll(/\((\d{2,4})\)([^(]*)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== humanReadable) throw new Error(`código GS1 inválido: ${humanReadable}`);
  const out: (string | null)[] = [];
  parts.forEach((p, i) => {
    const [, ai, value] = p;
    for (const c of ai + value) out.push(c);
    const fixedLength = ai === '415' || ai.startsWith('00') || ai.startsWith('01');
    if (!fixedLength && i < parts.length - 1) out.push(null);
  });
  return out;
}

const isDigit = (c: string | null | undefined): c is string => c !== null && c !== undefined && c >= '0' && c <= '9';

/** Symbol values (start, data, check; no stop) for the data, with FNC1 as null. */
export function code128Values(data: (string | null)[], gs1: boolean): number[] {
  const digitsFrom = (at: number) => {
    let n = 0;
    while (isDigit(data[at + n])) n++;
    return n;
  };
  const values: number[] = [];
  let set: 'B' | 'C' = digitsFrom(0) >= 2 || (gs1 && digitsFrom(0) === 0) ? 'C' : 'B';
  values.push(set === 'C' ? START_C : START_B);
  if (gs1) values.push(FNC1);
  let i = 0;
  while (i < data.length) {
    const c = data[i];
    if (c === null) {
      values.push(FNC1);
      i++;
      continue;
    }
    if (set === 'C') {
      if (isDigit(c) && isDigit(data[i + 1])) {
        values.push(Number(c + data[i + 1]));
        i += 2;
        continue;
      }
      set = 'B';
      values.push(TO_B);
      continue;
    }
    const run = digitsFrom(i);
    if (run >= 4 && run % 2 === 0) {
      set = 'C';
      values.push(TO_C);
      continue;
    }
    const code = c.charCodeAt(0);
    if (code < 32 || code > 127) throw new Error(`carácter no codificable en Code 128 B: ${c}`);
    values.push(code - 32);
    i++;
  }
  const check = values.reduce((sum, v, k) => sum + v * (k === 0 ? 1 : k), 0) % 103;
  values.push(check);
  return values;
}

/** Bar and space widths in modules (bar first), stop included: what bwip-js' raw `sbs` holds. */
export function gs1128Widths(humanReadable: string): number[] {
  const values = [...code128Values(gs1Elements(humanReadable), true), STOP];
  const widths: number[] = [];
  for (const v of values) for (const w of CODE128_PATTERNS[v]) widths.push(Number(w));
  return widths;
}
