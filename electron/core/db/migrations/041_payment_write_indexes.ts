import type { Knex } from 'knex';

/**
 * Issues 17 and 20 item 2: fewer pages written per payment. Every index of a row a payment inserts
 * costs at least one page of the SQLite WAL (and of PostgreSQL's) per payment. Counted with
 * `tests/bench/payment-bench.ts --pages` (the WAL frames of each payment by the table or index of
 * their page; 20,000 accounts): a plain payment wrote 21.4 pages in 20 tables and indexes, one that
 * orders a reconnection 45.0 in 34 (plus page 1, sometimes). What nothing needs goes:
 * - `payments (account_id)`: `payments_account_date (account_id, business_date)` begins with the same
 *   column and answers every read by account (the plans in tests/bench/README.md already use it);
 * - `work_orders (office_id, state, type)`: the board and the indicators filter by state with
 *   (office_id, state, id) or (office_id, state, due_at), by type with (office_id, type, id), and by
 *   both with (office_id, type, state), which answers the same equalities;
 * - `payment_allocations (charge_id)` and `work_orders (notice_id)` keep only the rows that have one:
 *   an allocation to an invoice has no charge, a reconnection order no notice, and every read of them
 *   (`charge_id = ?`, `IN (…)`, a join on it; a foreign key's check) implies IS NOT NULL, which both
 *   engines use to choose a partial index.
 * Every uniqueness rule stays, and so does every index a board, a report or a payment reads.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX payments_account_id_index');
  await knex.raw('DROP INDEX work_orders_office_id_state_type_index');
  await knex.raw('DROP INDEX payment_allocations_charge_id_index');
  await knex.raw('CREATE INDEX payment_allocations_charge_id_index ON payment_allocations (charge_id) WHERE charge_id IS NOT NULL');
  await knex.raw('DROP INDEX work_orders_notice_id_index');
  await knex.raw('CREATE INDEX work_orders_notice_id_index ON work_orders (notice_id) WHERE notice_id IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX work_orders_notice_id_index');
  await knex.raw('CREATE INDEX work_orders_notice_id_index ON work_orders (notice_id)');
  await knex.raw('DROP INDEX payment_allocations_charge_id_index');
  await knex.raw('CREATE INDEX payment_allocations_charge_id_index ON payment_allocations (charge_id)');
  await knex.raw('CREATE INDEX work_orders_office_id_state_type_index ON work_orders (office_id, state, type)');
  await knex.raw('CREATE INDEX payments_account_id_index ON payments (account_id)');
}
