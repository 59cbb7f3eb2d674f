import type { Knex } from 'knex';

/**
 * Issue 15, launching a campaign over the whole portfolio (tests/bench/collections-bench.ts): most of
 * its time is writing one collection_assignments row per account, and every row is written into each
 * index of the table. Which indexes the reads use (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on
 * PostgreSQL, noted in tests/bench/README.md):
 *  - (gestor_id, active, state, broken_promise, priority): the queue («siguiente cuenta») — kept;
 *  - UNIQUE (campaign_id, account_id): a campaign's accounts (detail, list, close) and one account
 *    once per campaign — kept;
 *  - UNIQUE (account_id) WHERE active: an account in one active campaign at most, and every read of
 *    an account's active assignment (the desk's access check, the campaign's exclusion «otra
 *    campaña») — kept; those reads now write `WHERE x.active` literally, which SQLite needs to use a
 *    partial index (with `active = ?` it scanned the table);
 *  - (account_id): no read left that the partial index does not answer (an account's closed
 *    assignments are never looked up by account) — dropped. One index fewer to write per row.
 * Dropping an index is safe while offices work: nothing depends on it but the plans above.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('collection_assignments', (t) => {
    t.dropIndex(['account_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('collection_assignments', (t) => {
    t.index(['account_id']);
  });
}
