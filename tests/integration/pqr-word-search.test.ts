/**
 * The words search through the FTS5 index (migration 011, modules/pqr/wordSearch.ts): the same PQRs
 * as the LIKE search it replaces, accents and case ignored, every word required as a word prefix, a
 * changed text found at once, nothing for a word that is not there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInitializedBackOffice, loginAs, onPostgres, type TestBackOffice } from '../helpers/backoffice';
import { filePqr, pqrIdsByWords, pqrIdsLike } from '../helpers/pqr';
import { pqrIdsWithWords, restrictToWords } from '../../electron/core/modules/pqr/wordSearch';
import { listQuery } from '../../electron/core/modules/pqr/queries';
import { normalizeForSearch } from '../../shared/text';

type T = TestBackOffice & { adminToken: string; officeId: number };
let t: T;

const NAMES = ['María Peña Suárez', 'José Ñáñez Castro', 'Ana Lucía Gómez', 'Pedro Gómez Ruiz', 'Lucía Herrera', 'Óscar Rodríguez'];
const SUBJECTS = [
  'Fuga en el medidor',
  'Cobro por promedio en la factura',
  'Cambio de estrato',
  'Interrupción del servicio de acueducto',
  'Calidad del agua: turbia',
  'Reconexión pendiente desde hace días',
  'Revisión de lectura del medidor N#12-40',
];

const likeIds = (text: string) => pqrIdsLike(t.app.db, text);
const wordIds = (text: string) => pqrIdsByWords(t.app.db, text);

beforeAll(async () => {
  t = await createInitializedBackOffice();
  const aux = await loginAs(t, 'auxiliar');
  for (let i = 0; i < 21; i++) {
    await filePqr(t, aux, {
      subject: SUBJECTS[i % SUBJECTS.length],
      text: `Texto número ${i}: ${SUBJECTS[(i * 3) % SUBJECTS.length]}. Dirección carrera ${i + 7} # ${i}-${i + 20}.`,
      petitioner: { name: NAMES[i % NAMES.length], idNumber: String(52_000_000 + i) },
    });
  }
}, 60_000);
afterAll(async () => {
  await t.close();
});

describe('words search', () => {
  it.skipIf(onPostgres)('uses the FTS5 index on SQLite', async () => {
    expect(await t.app.db('sqlite_master').where({ name: 'pqr_words' }).first('type')).toEqual({ type: 'table' });
    const [{ n }] = await t.app.db.raw("SELECT count(*) AS n FROM pqr_words WHERE pqr_words MATCH '\"FUGA\"*'");
    expect(Number(n)).toBeGreaterThan(0);
  });

  it('finds the same PQRs as the LIKE search', async () => {
    const queries = ['fuga', 'medidor', 'gomez', 'lucia gomez', 'cobro promedio', 'rec', 'interrup acueducto', '5200001', 'n#12-40', '12-40', 'texto 1', 'estrato peña', 'agua turbia ruiz', 'dirección carrera 9'];
    for (const q of queries) {
      const like = await likeIds(q);
      expect({ q, ids: await wordIds(q) }).toEqual({ q, ids: like });
    }
    // the sample is not trivial: some queries find several, some one
    expect((await likeIds('medidor')).length).toBeGreaterThan(3);
    expect(await likeIds('5200001')).toHaveLength(10); // 52000010 … 52000019 and 5200001x: prefix
  });

  it('joined into the search list, gives the same PQRs newest filing first, and stops at the limit', async () => {
    for (const q of ['medidor', 'gomez', 'lucia gomez', '12-40', 'texto 1']) {
      const list = listQuery(t.app.db).where('p.office_id', t.officeId);
      expect(await restrictToWords(t.app.db, list, q, { newestFirst: true })).toBe(true);
      const ids = (await list).map((r: { id: number }) => Number(r.id));
      expect({ q, ids }).toEqual({ q, ids: (await likeIds(q)).reverse() });
    }
    const limited = listQuery(t.app.db);
    await restrictToWords(t.app.db, limited, 'texto', { newestFirst: true });
    expect((await limited.limit(3)).map((r: { id: number }) => Number(r.id))).toEqual((await likeIds('texto')).reverse().slice(0, 3));
    const unordered = listQuery(t.app.db).where('p.type', 'peticion');
    await restrictToWords(t.app.db, unordered, 'fuga', { newestFirst: false });
    expect((await unordered.orderBy('p.id')).map((r: { id: number }) => Number(r.id))).toEqual(await likeIds('fuga'));
    expect(await restrictToWords(t.app.db, listQuery(t.app.db), '¿?', { newestFirst: true })).toBe(false);
  });

  it('ignores accents and case', async () => {
    const plain = await wordIds('NANEZ CASTRO');
    expect(plain.length).toBe(4);
    expect(await wordIds('ñáñez castro')).toEqual(plain);
    expect(await wordIds('Ñañez   CASTRO')).toEqual(plain);
    expect(await wordIds('Interrupción')).toEqual(await wordIds('interrupcion'));
  });

  it('requires every word, as the start of a word', async () => {
    const fuga = await wordIds('fuga');
    const gomez = await wordIds('gomez');
    const both = await wordIds('fuga gomez');
    expect(both).toEqual(fuga.filter((id) => gomez.includes(id)));
    // 'UGA' is inside FUGA but starts no word
    expect(await wordIds('uga')).toEqual([]);
  });

  it('finds nothing for a word that is not there, and nothing searchable gives null', async () => {
    expect(await wordIds('alcantarillado')).toEqual([]);
    expect(await wordIds('fuga alcantarillado')).toEqual([]);
    expect(await pqrIdsWithWords(t.app.db, ' ¿? ')).toBeNull();
  });

  it('finds a PQR by its new text right after the text changes, and no longer by the old one', async () => {
    const target: { id: number; search_text: string } = await t.app.db('pqrs').orderBy('id').first('id', 'search_text');
    expect(await wordIds('zanja')).toEqual([]);
    await t.app.db('pqrs').where({ id: target.id }).update({ search_text: normalizeForSearch('Zanja abierta frente al colegio') });
    expect(await wordIds('zanja colegio')).toEqual([Number(target.id)]);
    expect(await wordIds('zanja')).toEqual(await likeIds('zanja'));
    const oldWord = target.search_text.split(' ')[0];
    expect(await wordIds(oldWord)).toEqual(await likeIds(oldWord));
    expect(await wordIds(oldWord)).not.toContain(Number(target.id));
  });
});
