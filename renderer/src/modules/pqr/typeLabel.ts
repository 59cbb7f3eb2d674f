/** A kind of request as the counter names it, with its term and its law (pure: tested in Node). */
import type { PqrTypeInfo } from '../../../../shared/contract';

/**
 * The legal basis as the counter shows it: the administrator's working notes ("— sin verificar",
 * "(por verificar)") stay in Administración › Términos y causales PQR, never at the counter.
 */
export function counterBasis(basis: string): string {
  return basis.replace(/\s*[—–-]?\s*\(?\s*(sin|por) verificar\s*\)?\s*$/i, '').trim();
}

/** "Reclamo — 15 días hábiles (Ley 142 art. 158)" */
export function typeWithTerm(info: PqrTypeInfo): string {
  const days = info.termBusinessDays === 1 ? '1 día hábil' : `${info.termBusinessDays} días hábiles`;
  const basis = counterBasis(info.basis);
  return `${info.name} — ${days}${basis ? ` (${basis})` : ''}`;
}

