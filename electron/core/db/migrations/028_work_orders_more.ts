import type { Knex } from 'knex';

/**
 * Issue 17, the work orders' board at 100,000 orders (tests/bench/workorders-bench.ts; plans in
 * tests/bench/README.md, «Órdenes de trabajo»). EXPLAIN QUERY PLAN showed a sort of every matching
 * row (USE TEMP B-TREE FOR ORDER BY) for the lists shown newest first, and a read of each row for a
 * crew's list:
 * - the office's orders, newest first: (office_id, id) gives them in order (was: the office's 100,000
 *   sorted, 42 ms);
 * - by type or by state, newest first: (office_id, type, id) and (office_id, state, id) (was: the
 *   type's 25,000 sorted, 24 ms);
 * - a crew's orders by state and due instant, counted: (crew_id, state, due_at, office_id) answers
 *   from the index alone (was 70 ms reading each row for its office); it replaces (crew_id, state).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('work_orders', (t) => {
    t.index(['office_id', 'id'], 'work_orders_office_recent');
    t.index(['office_id', 'type', 'id'], 'work_orders_office_type_recent');
    t.index(['office_id', 'state', 'id'], 'work_orders_office_state_recent');
    t.index(['crew_id', 'state', 'due_at', 'office_id'], 'work_orders_crew_state_due');
    t.dropIndex(['crew_id', 'state']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('work_orders', (t) => {
    t.index(['crew_id', 'state']);
    t.dropIndex(['crew_id', 'state', 'due_at', 'office_id'], 'work_orders_crew_state_due');
    t.dropIndex(['office_id', 'state', 'id'], 'work_orders_office_state_recent');
    t.dropIndex(['office_id', 'type', 'id'], 'work_orders_office_type_recent');
    t.dropIndex(['office_id', 'id'], 'work_orders_office_recent');
  });
}
