import { describe, expect, it } from 'vitest';
import letterTemplates from '../../resources/tables/letter-templates.json';
import { LETTER_KINDS, fillTemplate, paragraphsOf, placeholdersIn, unknownPlaceholders, type LetterKind } from '../../shared/letterTemplates';

describe('letter templates', () => {
  it('fills the placeholders, spaces inside the braces allowed', () => {
    const { text, missing } = fillTemplate('Señor(a) {{peticionario}}: su radicado {{ radicado }} del {{fecha_radicacion}}.', {
      peticionario: 'Ana Pérez',
      radicado: '2026-GAR-P-000004',
      fecha_radicacion: '20 de noviembre de 2026',
    });
    expect(text).toBe('Señor(a) Ana Pérez: su radicado 2026-GAR-P-000004 del 20 de noviembre de 2026.');
    expect(missing).toEqual([]);
  });

  it('leaves a placeholder without a value visible and names it, so no letter goes out with a silent hole', () => {
    const { text, missing } = fillTemplate('La cuenta {{cuenta}} debe {{deuda}}.', { cuenta: '100234', deuda: '' });
    expect(text).toBe('La cuenta 100234 debe [deuda].');
    expect(missing).toEqual(['deuda']);
  });

  it('names the placeholders a kind does not know', () => {
    expect(unknownPlaceholders('aviso_suspension', 'Cuenta {{cuenta}}, deuda {{deuda}}, radicado {{radicado}}, {{inventado}}')).toEqual(['radicado', 'inventado']);
    expect(unknownPlaceholders('pqr_respuesta', '{{radicado}} {{texto_decision}}')).toEqual([]);
  });

  it('splits paragraphs on blank lines and keeps single line breaks inside one', () => {
    expect(paragraphsOf('Uno\nsigue uno\n\n\nDos\n  \nTres')).toEqual(['Uno\nsigue uno', 'Dos', 'Tres']);
  });

  it('seeds one template per kind, each using only placeholders its kind knows', () => {
    const kinds = new Set(letterTemplates.templates.map((t) => t.kind));
    expect([...kinds].sort()).toEqual([...LETTER_KINDS].sort());
    for (const t of letterTemplates.templates) {
      expect(unknownPlaceholders(t.kind as LetterKind, `${t.subject}\n${t.body}`), `${t.kind}: ${t.name}`).toEqual([]);
      expect(placeholdersIn(t.body).length, t.kind).toBeGreaterThan(0);
    }
  });
});
