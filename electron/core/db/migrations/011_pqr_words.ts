import type { Knex } from 'knex';
import { engineOf } from '../dialect';
import { createWordIndex, dropWordIndex } from '../wordIndex';

/**
 * The words search of PQRs (issue 4, item 9) made fast at 500,000 PQRs.
 *
 * SQLite: an FTS5 index `pqr_words` over pqrs.search_text, kept by three triggers and filled from
 * the rows already there (db/wordIndex.ts says how its words match the LIKE search it replaces).
 * Prefix indexes of 2 and 3 characters keep short prefixes quick.
 * An SQLite built without FTS5 gets no index; the search falls back to LIKE (wordSearch.ts).
 *
 * PostgreSQL: a GIN index on to_tsvector('simple', search_text); wordSearch.ts queries it with
 * prefix tsqueries ('FUGA:*').
 */
export async function up(knex: Knex): Promise<void> {
  if (engineOf(knex) === 'sqlite') {
    await createWordIndex(knex, { index: 'pqr_words', table: 'pqrs', column: 'search_text' });
    return;
  }
  await knex.raw(`CREATE INDEX pqrs_search_words ON pqrs USING GIN (to_tsvector('simple', search_text))`);
}

export async function down(knex: Knex): Promise<void> {
  if (engineOf(knex) === 'sqlite') {
    await dropWordIndex(knex, 'pqr_words');
    return;
  }
  await knex.raw('DROP INDEX IF EXISTS pqrs_search_words');
}
