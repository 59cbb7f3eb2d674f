/** The catalog as the selects show it: types with their legal term, causales grouped F / P. */
import type { PqrCatalog, PqrTypeInfo } from '../../../../shared/contract';
import type { Translate } from '../../i18n';

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

export function typeOptions(catalog: PqrCatalog) {
  return catalog.types.map((info) => ({ value: info.type, label: typeWithTerm(info) }));
}

/** "F-101 Aforo", active ones only, in two groups */
export function causalLabel(causal: { group: 'F' | 'P'; code: string; name: string }): string {
  return `${causal.group}-${causal.code} ${causal.name}`;
}

export function causalOptions(catalog: PqrCatalog, t: Translate) {
  const active = catalog.causales.filter((c) => c.active);
  return (['F', 'P'] as const)
    .map((group) => ({
      group: t(group === 'F' ? 'pqr.causal.groupF' : 'pqr.causal.groupP'),
      items: active.filter((c) => c.group === group).map((c) => ({ value: String(c.id), label: causalLabel(c) })),
    }))
    .filter((g) => g.items.length > 0);
}
