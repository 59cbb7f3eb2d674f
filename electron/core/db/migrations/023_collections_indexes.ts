import type { Knex } from 'knex';

/**
 * Issue 15, the collections module at size (tests/bench/collections-bench.ts, plans in
 * tests/bench/README.md):
 * - a campaign judges every account with "has a commitment still running" (EXISTS on
 *   collection_promises by account, state and window end). With only (account_id) and
 *   (state, window_end) to choose from, SQLite took the second one and read every pending commitment
 *   of the company for each account (50,000 × 200,000); this index answers it for the account alone.
 * - a campaign's detail counts its contacts per gestor: collection_contacts had no index on
 *   campaign_id, so it read every contact ever recorded.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('collection_promises', (t) => {
    t.index(['account_id', 'state', 'window_end'], 'collection_promises_account_state_window');
  });
  await knex.schema.alterTable('collection_contacts', (t) => {
    t.index(['campaign_id', 'gestor_id'], 'collection_contacts_campaign_gestor');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('collection_contacts', (t) => {
    t.dropIndex(['campaign_id', 'gestor_id'], 'collection_contacts_campaign_gestor');
  });
  await knex.schema.alterTable('collection_promises', (t) => {
    t.dropIndex(['account_id', 'state', 'window_end'], 'collection_promises_account_state_window');
  });
}
