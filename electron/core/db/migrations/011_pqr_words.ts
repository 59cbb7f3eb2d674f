import type { Knex } from 'knex';

/**
 * The words search of PQRs (issue 4, item 9) made fast at 500,000 PQRs.
 *
 * SQLite: an FTS5 index `pqr_words` over pqrs.search_text (external content: the text is not stored
 * twice), kept by three triggers and filled from the rows already there. search_text is
 * normalizeForSearch output (A–Z, 0–9, '#', '-' and single spaces), so the tokenizer splits on spaces
 * only ('#' and '-' are word characters) and a token is exactly a word of the LIKE search it replaces.
 * Prefix indexes of 2 and 3 characters keep short prefixes quick.
 * An SQLite built without FTS5 gets no index; the search falls back to LIKE (wordSearch.ts).
 *
 * PostgreSQL: a GIN index on to_tsvector('simple', search_text); wordSearch.ts queries it with
 * prefix tsqueries ('FUGA:*').
 */
export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'sqlite3') {
    const [{ fts5 }] = (await knex.raw("SELECT sqlite_compileoption_used('ENABLE_FTS5') AS fts5")) as { fts5: number }[];
    if (!fts5) return;
    await knex.raw(`CREATE VIRTUAL TABLE pqr_words USING fts5(search_text, content='pqrs', content_rowid='id', tokenize="unicode61 tokenchars '#-'", prefix='2 3')`);
    await knex.raw(`CREATE TRIGGER pqr_words_insert AFTER INSERT ON pqrs BEGIN
      INSERT INTO pqr_words (rowid, search_text) VALUES (new.id, new.search_text);
    END`);
    await knex.raw(`CREATE TRIGGER pqr_words_delete AFTER DELETE ON pqrs BEGIN
      INSERT INTO pqr_words (pqr_words, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END`);
    await knex.raw(`CREATE TRIGGER pqr_words_update AFTER UPDATE OF search_text ON pqrs BEGIN
      INSERT INTO pqr_words (pqr_words, rowid, search_text) VALUES ('delete', old.id, old.search_text);
      INSERT INTO pqr_words (rowid, search_text) VALUES (new.id, new.search_text);
    END`);
    await knex.raw(`INSERT INTO pqr_words (pqr_words) VALUES ('rebuild')`);
    return;
  }
  await knex.raw(`CREATE INDEX pqrs_search_words ON pqrs USING GIN (to_tsvector('simple', search_text))`);
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'sqlite3') {
    for (const trigger of ['pqr_words_insert', 'pqr_words_delete', 'pqr_words_update']) await knex.raw(`DROP TRIGGER IF EXISTS ${trigger}`);
    await knex.raw('DROP TABLE IF EXISTS pqr_words');
    return;
  }
  await knex.raw('DROP INDEX IF EXISTS pqrs_search_words');
}
