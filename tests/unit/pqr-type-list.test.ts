/**
 * The type list at the counter (issue 14, finding 7): the administrator's working notes in the
 * legal basis ("— sin verificar") stay in Administración › Términos y causales PQR; the counter's
 * list shows the type, its term and its law only.
 */
import { describe, expect, it } from 'vitest';
import pqrTerms from '../../resources/tables/pqr-terms.json';
import { counterBasis, typeWithTerm } from '../../renderer/src/modules/pqr/typeLabel';
import type { PqrType, PqrTypeInfo, TermKey } from '../../shared/contract';

const COUNTRIES = ['CO', 'EC', 'CR'] as const;

describe('the counter never shows "sin verificar"', () => {
  it('every shipped type of every country, as the filing form lists it', () => {
    let notes = 0;
    for (const country of COUNTRIES) {
      for (const [type, row] of Object.entries(pqrTerms[country] as Record<string, { term: number; basis: string }>)) {
        if (/sin verificar/i.test(row.basis)) notes++;
        const info: PqrTypeInfo = { type: type as PqrType, termKey: type as TermKey, name: type, termBusinessDays: row.term, basis: row.basis, suiTramite: null, needsCausal: false, silencioPositivo: false, admitsExtension: true, rule: '' };
        expect(typeWithTerm(info), `${country} ${type}`).not.toMatch(/verificar/i);
      }
    }
    expect(notes).toBeGreaterThan(0); // the table still carries the notes: they stay for the administrator
  });

  it('keeps the law and removes only the trailing note', () => {
    expect(counterBasis('Orden judicial de tutela (48 horas; Decreto 2591 de 1991) — sin verificar')).toBe('Orden judicial de tutela (48 horas; Decreto 2591 de 1991)');
    expect(counterBasis('Ley 9097 de 2012 (por verificar)')).toBe('Ley 9097 de 2012');
    expect(counterBasis('Ley 142 de 1994, art. 158')).toBe('Ley 142 de 1994, art. 158');
    const info: PqrTypeInfo = { type: 'tutela', termKey: 'tutela', name: 'Tutela', termBusinessDays: 2, basis: 'Orden judicial — sin verificar', suiTramite: null, needsCausal: false, silencioPositivo: false, admitsExtension: false, rule: '' };
    expect(typeWithTerm(info)).toBe('Tutela — 2 días hábiles (Orden judicial)');
  });
});
