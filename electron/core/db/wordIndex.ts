/**
 * The words searches' indexes on SQLite: "every word typed starts a word of the text", answered by an
 * FTS5 index instead of LIKE '% word%' over every row. Used by the PQRs' search_text (migration 011,
 * `pqr/wordSearch.ts`) and the accounts' search_name (migration 045, `accounts/queries.ts`).
 *
 * The indexed columns hold normalizeForSearch output (A–Z, 0–9, '#', '-' and single spaces), so the
 * tokenizer splits on spaces only ('#' and '-' are word characters) and a token is exactly a word of
 * the LIKE search: a quoted prefix query `"W"*` per word typed matches the same rows as
 * `(col LIKE 'W%' OR col LIKE '% W%')`. External content: the text is not stored twice; three
 * triggers keep the index in step with the table. An SQLite built without FTS5 gets no index and its
 * searches fall back to LIKE. PostgreSQL uses GIN indexes on to_tsvector (see each migration).
 */
import type { Knex } from 'knex';
import { normalizeForSearch } from '../../../shared/text';

/** the words of a search as the index holds them: uppercase, no accents, split on spaces */
export function searchWords(text: string): string[] {
  return normalizeForSearch(text)
    .split(' ')
    .filter((w) => w !== '');
}

/** the FTS5 query: each word a quoted prefix, all required ("FUGA"* "GOMEZ"*) */
export function ftsQuery(words: string[]): string {
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}

/** PostgreSQL's prefix query over a GIN index on to_tsvector('simple', …): every term as a prefix ('FUGA:* & GOMEZ:*') */
export function prefixTsQuery(terms: string[]): string {
  return terms.map((t) => `${t}:*`).join(' & ');
}

/**
 * The LIKE form as SQL (what the index answers, and the search where there is none): each word typed
 * at the start of the text in `column` or after a space. `column` is an identifier (`??`), so it may
 * name a column of a CTE (`w.name`, accounts/queries.ts); no words: always true.
 */
export function wordsStartSql(words: string[], column: string): { sql: string; bindings: string[] } {
  if (words.length === 0) return { sql: '1 = 1', bindings: [] };
  return {
    sql: words.map(() => '(?? LIKE ? OR ?? LIKE ?)').join(' AND '),
    bindings: words.flatMap((word) => [column, `${word}%`, column, `% ${word}%`]),
  };
}

/** `wordsStartSql` as a condition of the query `q` */
export function whereWordsStart(q: Knex.QueryBuilder, words: string[], column: string): void {
  const { sql, bindings } = wordsStartSql(words, column);
  q.whereRaw(sql, bindings);
}

/**
 * Creates the FTS5 index `index` over `table.column` (rowid = the table's id), its three triggers
 * (`<index>_insert`, `_delete`, `_update`) and fills it from the rows already there. SQLite only;
 * false (and nothing created) when this SQLite has no FTS5.
 */
export async function createWordIndex(knex: Knex, { index, table, column }: { index: string; table: string; column: string }): Promise<boolean> {
  const [{ fts5 }] = (await knex.raw("SELECT sqlite_compileoption_used('ENABLE_FTS5') AS fts5")) as { fts5: number }[];
  if (!fts5) return false;
  await knex.raw(`CREATE VIRTUAL TABLE ${index} USING fts5(${column}, content='${table}', content_rowid='id', tokenize="unicode61 tokenchars '#-'", prefix='2 3')`);
  await knex.raw(`CREATE TRIGGER ${index}_insert AFTER INSERT ON ${table} BEGIN
      INSERT INTO ${index} (rowid, ${column}) VALUES (new.id, new.${column});
    END`);
  await knex.raw(`CREATE TRIGGER ${index}_delete AFTER DELETE ON ${table} BEGIN
      INSERT INTO ${index} (${index}, rowid, ${column}) VALUES ('delete', old.id, old.${column});
    END`);
  await knex.raw(`CREATE TRIGGER ${index}_update AFTER UPDATE OF ${column} ON ${table} BEGIN
      INSERT INTO ${index} (${index}, rowid, ${column}) VALUES ('delete', old.id, old.${column});
      INSERT INTO ${index} (rowid, ${column}) VALUES (new.id, new.${column});
    END`);
  await knex.raw(`INSERT INTO ${index} (${index}) VALUES ('rebuild')`);
  return true;
}

/** Drops what `createWordIndex` made (a migration's `down`). */
export async function dropWordIndex(knex: Knex, index: string): Promise<void> {
  for (const trigger of ['insert', 'delete', 'update']) await knex.raw(`DROP TRIGGER IF EXISTS ${index}_${trigger}`);
  await knex.raw(`DROP TABLE IF EXISTS ${index}`);
}

const known = new WeakMap<Knex, Map<string, boolean>>();

/** whether this SQLite database has the FTS5 index `index` (asked once per connection pool) */
export async function hasWordIndex(db: Knex, index: string): Promise<boolean> {
  let indexes = known.get(db);
  if (!indexes) known.set(db, (indexes = new Map()));
  let has = indexes.get(index);
  if (has === undefined) {
    has = (await db('sqlite_master').where({ type: 'table', name: index }).first('name')) !== undefined;
    indexes.set(index, has);
  }
  return has;
}
