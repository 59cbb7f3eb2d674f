/**
 * Every example the app shows passes its own validation (issue 14, finding 8: the petty-cash form
 * showed the NIT 900123456-7, whose check digit is 8). The test reads every text of the Spanish
 * and English dictionaries and every literal placeholder of the screens, finds what looks like a NIT,
 * a GLN, an amount, a date, a period, an email or a database address, and checks each with the
 * validator the app uses for it. A text that says "por ejemplo" must have its example recognised
 * here or be listed as free text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { es } from '../../renderer/src/i18n/es';
import { en } from '../../renderer/src/i18n/en';
import { isValidGln, isValidNit } from '../../shared/nit';
import { formatMoney, parseTypedMoney } from '../../shared/money';
import { isIsoDate } from '../../shared/dates';
import { email } from '../../shared/contract/common';
import { databaseSchemas, setupSchemas, cashierSchemas } from '../../shared/contract';

interface Example {
  where: string;
  text: string;
}

function dictionaryTexts(): Example[] {
  return [
    ...Object.entries(es).map(([key, text]) => ({ where: `es ${key}`, text })),
    ...Object.entries(en).map(([key, text]) => ({ where: `en ${key}`, text })),
  ];
}

/** `placeholder="…"` written straight in a screen */
function screenPlaceholders(): Example[] {
  const root = path.resolve(import.meta.dirname, '../../renderer/src');
  const out: Example[] = [];
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.tsx')) continue;
    const file = path.join(entry.parentPath, entry.name);
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/placeholder="([^"]+)"/g)) out.push({ where: path.relative(root, file), text: m[1] });
  }
  return out;
}

const ALL = [...dictionaryTexts(), ...screenPlaceholders()];

/** a date typed DD/MM/AAAA */
function isDisplayDate(text: string): boolean {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  return m !== null && isIsoDate(`${m[3]}-${m[2]}-${m[1]}`);
}

/** recognisers: what an example looks like, and whether it is valid */
const RECOGNISERS: { name: string; find: RegExp; valid: (token: string) => boolean }[] = [
  { name: 'NIT', find: /\b\d{8,10}-\d\b/g, valid: isValidNit },
  { name: 'GLN', find: /\b\d{13}\b/g, valid: isValidGln },
  { name: 'fecha', find: /\b\d{2}\/\d{2}\/\d{4}\b/g, valid: isDisplayDate },
  { name: 'periodo', find: /(?<![\d/])\d{2}\/\d{4}\b/g, valid: (p) => Number(p.slice(0, 2)) >= 1 && Number(p.slice(0, 2)) <= 12 },
  { name: 'correo', find: /[\w.+-]+@[\w-]+\.[\w.]+/g, valid: (e) => email.safeParse(e).success },
  {
    name: 'valor',
    // "150.000", "1.234,50": thousands with dots (es-CO)
    find: /(?<![\d.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d.,]*\d)/g,
    valid: (v) => parseTypedMoney(v, v.includes(',') ? 'USD' : 'COP').minor !== null,
  },
  { name: 'base de datos', find: /postgres(?:ql)?:\/\/\S+/g, valid: (url) => databaseSchemas['database.test'].safeParse({ url }).success },
];

/** examples written in words (names, reasons): nothing to validate */
const FREE_TEXT = new Set([
  'es office.nameHelp',
  'en office.nameHelp',
  'es calendar.closureExample',
  'en calendar.closureExample',
  'es calendar.holidayExample',
  'en calendar.holidayExample',
  'es bankfiles.unidentified.returnNoteHelp',
  'en bankfiles.unidentified.returnNoteHelp',
  'es chargeItems.namePlaceholder',
  'en chargeItems.namePlaceholder',
  // how to split a file too large (one per day, one per cycle): advice, not a value
  'es bankfiles.tooLarge',
  'es import.tooLarge',
  // host names (the desktop shell's allowed sites): no value to validate
  'es computer.linkHostsHelp',
  'en computer.linkHostsHelp',
]);

/** examples of one field each, checked with that field's own schema */
const FIELD_EXAMPLES: Record<string, (example: string) => boolean> = {
  'office.cityDaneHelp': (code) => setupSchemas['setup.initialize'].shape.office.shape.cityDane.safeParse(code).success,
  'tills.codeHelp': (code) => cashierSchemas['tills.save'].shape.code.safeParse(code).success,
};

describe('every example shown passes its own validation', () => {
  it('finds the examples it checks (the test would notice if they vanished)', () => {
    const found = new Set<string>();
    for (const { text } of ALL) for (const r of RECOGNISERS) if (text.match(r.find)) found.add(r.name);
    expect([...found].sort()).toEqual(['NIT', 'GLN', 'base de datos', 'correo', 'valor'].sort());
  });

  for (const r of RECOGNISERS) {
    it(`${r.name}: every one is valid`, () => {
      const wrong = ALL.flatMap(({ where, text }) => [...text.matchAll(r.find)].map((m) => m[0]).filter((token) => !r.valid(token)).map((token) => `${where}: ${token}`));
      expect(wrong).toEqual([]);
    });
  }

  it('money is written "$ 0", with the space, in every text and by the one formatter', () => {
    const glued = ALL.filter(({ text }) => /(?:^|[^\w$])(?:US)?\$\d|₡\d/.test(text)).map((e) => `${e.where}: ${e.text}`);
    expect(glued).toEqual([]);
    expect([formatMoney(0), formatMoney(0, 'USD'), formatMoney(-1500), formatMoney(0, 'CRC')]).toEqual(['$ 0', 'US$ 0,00', '-$ 1.500', '₡ 0']);
  });

  it('the NIT of the petty-cash form is 900123456-8 (check digit 8), in both languages', () => {
    expect(es['pettyCash.payee.nitHint']).toContain('900123456-8');
    expect(en['pettyCash.payee.nitHint']).toContain('900123456-8');
    expect(isValidNit('900123456-7')).toBe(false);
  });

  it('a text that gives an example names one the recognisers or the field schemas check, or is free text', () => {
    const EXAMPLE = /p\. ej\.|por ejemplo|\be\.g\./i;
    const unchecked = dictionaryTexts().filter(({ where, text }) => {
      if (!EXAMPLE.test(text) || FREE_TEXT.has(where)) return false;
      const key = where.slice(3);
      if (key in FIELD_EXAMPLES) {
        const token = /(?:p\. ej\.|por ejemplo|e\.g\.)\s*([\w-]+)/i.exec(text)?.[1] ?? '';
        expect(FIELD_EXAMPLES[key](token), `${where}: ${token}`).toBe(true);
        return false;
      }
      return !RECOGNISERS.some((r) => text.match(r.find));
    });
    expect(unchecked.map((e) => `${e.where}: ${e.text}`)).toEqual([]);
  });
});
