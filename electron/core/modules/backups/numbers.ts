/**
 * A restore never re-issues a number (issue 12, item 12). Every consecutive number handed to a
 * customer comes from the counters table (db/counters.ts); restoring an earlier copy would take those
 * counters back, and the next receipt would repeat one a customer already holds. So a restore
 * carries every counter forward to the highest number ever issued — from the database it replaces
 * and from the anchors (db/anchors.ts), which remember the counters even when that database cannot
 * be read — and says, by kind, which numbers were issued after the copy and are no longer in the
 * database, so the office can enter them again.
 */
import type { Knex } from 'knex';
import { RADICADO_KINDS, type LostNumbers, type RadicadoKind } from '../../../../shared/contract';
import { labelOf } from '../cashier/receipts';
import { documentNumber } from '../pettycash/rules';
import { formatRadicado } from '../pqr/radicados';

type Counters = Record<string, number>;

/** key → the highest number of `sources` (each a counters snapshot) */
export function highest(...sources: Counters[]): Counters {
  const result: Counters = {};
  for (const source of sources) for (const [key, value] of Object.entries(source)) if (value > (result[key] ?? 0)) result[key] = value;
  return result;
}

/** the counters the restore must move forward: key → highest, where the copy is behind */
export function countersToCarry(copy: Counters, highestIssued: Counters): Counters {
  return Object.fromEntries(Object.entries(highestIssued).filter(([key, value]) => value > (copy[key] ?? 0)));
}

/** Moves counters forward (never back), inside a transaction. */
export async function carryCountersForward(trx: Knex.Transaction, carried: Counters): Promise<void> {
  for (const [key, value] of Object.entries(carried)) {
    const moved = await trx('counters').where({ key }).andWhere('value', '<', value).update({ value });
    if (moved === 0) await trx('counters').insert({ key, value }).onConflict('key').ignore();
  }
}

const PETTY_CASH_SERIES: Record<string, string> = { CM: 'Comprobantes de egreso', RE: 'Reembolsos', AN: 'Anticipos' };
const RADICADO_NAMES: Record<RadicadoKind, string> = { entrada: 'de entrada', salida: 'de salida', interna: 'internos', pqr: 'de PQR' };

interface Series {
  kind: LostNumbers['kind'];
  series: string;
  label: (n: number) => string;
}

/** What a counter key numbers, and how its numbers are written; unknown keys keep the key. */
function seriesOf(key: string, officeCode: (id: string) => string): Series {
  let m = /^receipt:(\d+)$/.exec(key);
  if (m) {
    const code = officeCode(m[1]);
    return { kind: 'recibos', series: `Recibos de ${code}`, label: (n) => labelOf(code, n) };
  }
  m = /^radicado:(\d+):(\d{4}):([a-z]+)$/.exec(key);
  if (m && (RADICADO_KINDS as readonly string[]).includes(m[3])) {
    const [code, year, kind] = [officeCode(m[1]), Number(m[2]), m[3] as RadicadoKind];
    return { kind: 'radicados', series: `Radicados ${RADICADO_NAMES[kind]} de ${code}, ${year}`, label: (n) => formatRadicado(year, code, kind, n) };
  }
  m = /^pettycash:(CM|RE|AN):([^:]+):(\d{4})$/.exec(key);
  if (m) {
    const [prefix, code, year] = [m[1] as 'CM' | 'RE' | 'AN', m[2], Number(m[3])];
    return { kind: 'comprobantes', series: `${PETTY_CASH_SERIES[prefix]} de caja menor de ${code}, ${year}`, label: (n) => documentNumber(prefix, code, year, n) };
  }
  m = /^notice:([A-Z]+):(\d{4})$/.exec(key);
  if (m) {
    const [prefix, year] = [m[1], m[2]];
    return { kind: 'avisos', series: `Avisos ${prefix} de ${year}`, label: (n) => `${prefix}-${year}-${String(n).padStart(6, '0')}` };
  }
  if (key === 'pazYSalvo') return { kind: 'paz-y-salvo', series: 'Certificados de paz y salvo', label: (n) => `No. ${n}` };
  return { kind: 'otros', series: key, label: (n) => `${key} ${n}` };
}

const KIND_ORDER: LostNumbers['kind'][] = ['recibos', 'radicados', 'comprobantes', 'avisos', 'paz-y-salvo', 'otros'];

/** By kind, the numbers issued after the copy: (copy's counter, highest issued]. */
export function lostNumbers(copy: Counters, highestIssued: Counters, offices: Map<number, string>): LostNumbers[] {
  const officeCode = (id: string) => offices.get(Number(id)) ?? `oficina ${id}`;
  const lost: LostNumbers[] = [];
  for (const [key, last] of Object.entries(countersToCarry(copy, highestIssued))) {
    const first = (copy[key] ?? 0) + 1;
    const series = seriesOf(key, officeCode);
    lost.push({ kind: series.kind, series: series.series, first: series.label(first), last: series.label(last), count: last - first + 1 });
  }
  return lost.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.series.localeCompare(b.series, 'es'));
}

/** "Recibos de GAR: GAR-000002 a GAR-000003 (2)", a line each */
export function lostLines(lost: readonly LostNumbers[]): string[] {
  return lost.map((l) => `${l.series}: ${l.count === 1 ? l.first : `${l.first} a ${l.last}`} (${l.count.toLocaleString('es-CO')})`);
}
