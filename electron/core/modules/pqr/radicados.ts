/**
 * Radicado numbers: `<year>-<office code>-<letter>-<000123>`, letter E entrada, S salida, I interna,
 * P pqr. One sequence per kind, office and year, drawn with nextNumber inside the filing's own
 * transaction: a filing that fails gives its number back, a committed one is never reused, and an
 * annulled radicado keeps its number (status 'anulado' with the reason).
 */
import type { Knex } from 'knex';
import type { PqrType, RadicadoKind } from '../../../../shared/contract';
import { nextNumber } from '../../db/counters';
import { nowTimestamp } from '../../db/connection';

export const RADICADO_LETTERS: Record<RadicadoKind, string> = { entrada: 'E', salida: 'S', interna: 'I', pqr: 'P' };

/** incoming correspondence is an 'entrada'; every other kind of request a 'pqr' */
export function radicadoKindOf(type: PqrType): RadicadoKind {
  return type === 'correspondencia' ? 'entrada' : 'pqr';
}

export function formatRadicado(year: number, officeCode: string, kind: RadicadoKind, sequence: number): string {
  return `${year}-${officeCode}-${RADICADO_LETTERS[kind]}-${String(sequence).padStart(6, '0')}`;
}

/** what a typed or scanned radicado looks like (any office code, any letter) */
export const RADICADO_PATTERN = /^\d{4}-[A-Z0-9]{1,6}-[ESIP]-\d{1,9}$/;

/** A typed radicado as stored: upper case, the consecutive padded to 6 digits ("2026-gar-p-123" → "2026-GAR-P-000123"). */
export function normalizeRadicado(text: string): string | null {
  const upper = text.trim().toUpperCase();
  if (!RADICADO_PATTERN.test(upper)) return null;
  const [year, office, letter, sequence] = upper.split('-');
  return `${year}-${office}-${letter}-${sequence.padStart(6, '0')}`;
}

export interface IssuedRadicado {
  id: number;
  number: string;
  sequence: number;
}

/** Draws the next number of the sequence and writes the radicado row, in the caller's transaction. */
export async function issueRadicado(
  trx: Knex.Transaction,
  r: { officeId: number; officeCode: string; kind: RadicadoKind; businessDate: string; userId: number | null },
): Promise<IssuedRadicado> {
  const year = Number(r.businessDate.slice(0, 4));
  const sequence = await nextNumber(trx, `radicado:${r.officeId}:${year}:${r.kind}`);
  const number = formatRadicado(year, r.officeCode, r.kind, sequence);
  const [inserted] = await trx('radicados')
    .insert({
      number,
      year,
      office_id: r.officeId,
      kind: r.kind,
      sequence,
      filed_at: nowTimestamp(),
      business_date: r.businessDate,
      filed_by: r.userId,
      status: 'vigente',
    })
    .returning('id');
  return { id: Number(typeof inserted === 'object' ? inserted.id : inserted), number, sequence };
}
