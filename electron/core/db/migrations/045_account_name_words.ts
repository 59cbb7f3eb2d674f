import type { Knex } from 'knex';
import { engineOf } from '../dialect';
import { createWordIndex, dropWordIndex } from '../wordIndex';

/**
 * Issue 20 items 2–3 (tests/bench/README.md, search23): a search by a holder's name that the prefix
 * branches do not fill (a whole name typed, words in another order, a name nobody has) ends in
 * `searchAccounts`' word scan, "every word typed starts a word of the name". Its LIKE '% word%' can
 * use no B-tree: at 1,000,000 accounts PostgreSQL read the whole `search_name` index and every heap
 * page (221,000 buffers, 650–960 ms, two parallel workers; `EXPLAIN (ANALYZE, BUFFERS)` of
 * "SUSCRIPTOR 12345") and the forty counters' searches had a p99 of ≈ 1 s. This GIN index holds the
 * words of every name (`to_tsvector('simple', …)`: lower case, no stemming, no stop words; '#' and
 * '-' become spaces so that its words are the name's runs of letters and digits): the same search
 * reads 143 buffers. ANALYZE gives the planner the expression's statistics at once.
 *
 * SQLite: the FTS5 index `account_words` over accounts.search_name, kept by three triggers (the
 * same kind as the PQRs', db/wordIndex.ts). The walk it spares cost 86–118 ms at 1,000,000 accounts
 * for a name nobody has (sqlite3 shell, the large bench's names, load ≈ 2); building it there took
 * 1.8 s. An SQLite without FTS5 keeps the walk.
 */

/** the index's expression; `searchAccounts` writes exactly this so that PostgreSQL uses the index */
export const NAME_WORDS_SQL = `to_tsvector('simple', translate(search_name, '#-', '  '))`;

export async function up(knex: Knex): Promise<void> {
  if (engineOf(knex) === 'sqlite') {
    await createWordIndex(knex, { index: 'account_words', table: 'accounts', column: 'search_name' });
    return;
  }
  await knex.raw(`CREATE INDEX accounts_search_name_words ON accounts USING gin (${NAME_WORDS_SQL})`);
  await knex.raw('ANALYZE accounts');
}

export async function down(knex: Knex): Promise<void> {
  if (engineOf(knex) === 'sqlite') {
    await dropWordIndex(knex, 'account_words');
    return;
  }
  await knex.raw('DROP INDEX accounts_search_name_words');
}
