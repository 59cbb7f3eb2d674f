/** The catalog as the selects show it: types with their legal term, causales grouped F / P. */
import type { PqrCatalog } from '../../../../shared/contract';
import { typeWithTerm } from './typeLabel';

export { counterBasis, typeWithTerm } from './typeLabel';
import type { Translate } from '../../i18n';

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
