/**
 * The words search of PQRs: every word typed must start a word of the PQR's search_text (petitioner
 * name and id, subject, text; normalizeForSearch form), in any order. On SQLite it asks the FTS5
 * index of migration 011, on PostgreSQL its GIN index; where neither exists it falls back to LIKE.
 * All three give the same ids (tests/integration/pqr-word-search.test.ts).
 *
 * Two ways in: `pqrIdsWithWords` gives a subquery of ids (any ordering; its cost grows with the
 * number of matches: a word in every PQR means reading them all), and `restrictToWords` joins the
 * index into a list query ordered newest filing first, which SQLite walks from the index's end and
 * stops at the limit (measured at 500,000 PQRs: a few ms whether the words are rare or everywhere).
 * Ids are given at filing, so id order is filing order.
 */
import type { Knex } from 'knex';
import { engineOf } from '../../db/dialect';
import { ftsQuery, hasWordIndex, prefixTsQuery, searchWords, whereWordsStart } from '../../db/wordIndex';

/** a subquery of PQR ids (wrapped: a query builder returned from an async function would be run) */
export interface WordMatch {
  ids: Knex.QueryBuilder;
}

/**
 * A subquery of the ids of the PQRs whose text holds every word typed (as word prefixes), for
 * `whereIn('p.id', match.ids)`; null when nothing searchable was typed (only punctuation, say).
 */
export async function pqrIdsWithWords(db: Knex, text: string): Promise<WordMatch | null> {
  const words = searchWords(text);
  if (words.length === 0) return null;
  if (engineOf(db) === 'sqlite') {
    if (await hasWordIndex(db, 'pqr_words')) return { ids: db('pqr_words').whereRaw('pqr_words MATCH ?', [ftsQuery(words)]).select(db.raw('rowid AS id')) };
    const q = db('pqrs').select('id');
    whereWordsStart(q, words, 'search_text');
    return { ids: q };
  }
  // PostgreSQL: the GIN index narrows to the PQRs whose words start so; its 'simple' parser also
  // splits '12-40' and 'N#12' into pieces (more matches), so the LIKE form then keeps the exact ones
  const plain = words.filter((w) => /^[A-Z0-9]+$/.test(w));
  const q = db('pqrs').select('id');
  if (plain.length > 0) q.whereRaw(`to_tsvector('simple', search_text) @@ to_tsquery('simple', ?)`, [prefixTsQuery(plain)]);
  whereWordsStart(q, words, 'search_text');
  return { ids: q };
}

/**
 * Restricts `q`, a query over `pqrs as p`, to the PQRs holding every word typed. With `newestFirst`
 * it also orders them by filing, newest first (add no other ORDER BY: on SQLite the order is the
 * index's own, which lets the limit stop the walk early). Returns false when nothing searchable was typed.
 */
export async function restrictToWords(db: Knex, q: Knex.QueryBuilder, text: string, opts: { newestFirst: boolean }): Promise<boolean> {
  const words = searchWords(text);
  if (words.length === 0) return false;
  if (engineOf(db) === 'sqlite' && (await hasWordIndex(db, 'pqr_words'))) {
    q.join('pqr_words', 'pqr_words.rowid', 'p.id').whereRaw('pqr_words MATCH ?', [ftsQuery(words)]);
    if (opts.newestFirst) q.orderBy('pqr_words.rowid', 'desc');
    return true;
  }
  const match = (await pqrIdsWithWords(db, text)) as WordMatch;
  q.whereIn('p.id', match.ids);
  if (opts.newestFirst) q.orderBy('p.id', 'desc');
  return true;
}
