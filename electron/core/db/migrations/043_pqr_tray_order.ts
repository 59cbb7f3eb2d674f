import type { Knex } from 'knex';

/**
 * Issue 20 item 2, the PQR tray at 2,000,000 PQRs (tests/bench/README.md, large22). A clerk's tray and
 * the office's read each open state `ORDER BY due_date, id LIMIT 500`. With (assigned_to, state,
 * due_date) or (office_id, state, due_date), PostgreSQL must read every PQR of the first due dates
 * to order them by id (an Incremental Sort of the whole group): at 2,000,000 PQRs the bench's first
 * group held 2,778 PQRs, and a page of 500 touched ≈ 13,900 buffers and took 89 ms (a clerk's) and
 * 105 ms (the office's) on the server (`EXPLAIN ANALYZE`, load ≈ 10; target p99 50 ms). With the same
 * indexes ending in `id` the page reads its 500 rows in order and stops: ≈ 2,500 buffers. They
 * replace the old ones (every read that used those uses a prefix of these).
 *
 * SQLite: nothing to do. Its indexes end in the rowid, which `id` is, so the order is already the
 * index's (`EXPLAIN QUERY PLAN` shows no temporary B-tree for the ORDER BY).
 */
const TRAYS: { name: string; old: string; leading: string }[] = [
  { name: 'pqrs_assigned_tray', old: 'pqrs_assigned_to_state_due_date_index', leading: 'assigned_to' },
  { name: 'pqrs_office_tray', old: 'pqrs_office_id_state_due_date_index', leading: 'office_id' },
];

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'sqlite3') return;
  for (const t of TRAYS) {
    await knex.raw(`CREATE INDEX ${t.name} ON pqrs (${t.leading}, state, due_date, id)`);
    await knex.raw(`DROP INDEX IF EXISTS ${t.old}`);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'sqlite3') return;
  for (const t of TRAYS) {
    await knex.raw(`CREATE INDEX ${t.old} ON pqrs (${t.leading}, state, due_date)`);
    await knex.raw(`DROP INDEX IF EXISTS ${t.name}`);
  }
}
