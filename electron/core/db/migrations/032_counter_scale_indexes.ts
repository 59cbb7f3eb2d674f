import type { Knex } from 'knex';

/**
 * Issue 20 item 2, the counter at a national utility's size (tests/bench/counter-scale-bench.ts,
 * plans in tests/bench/README.md): the payment's reads and writes, the account search and a clerk's
 * or the office's PQR tray already walk an index each and stop at what they need. The one read that
 * grows with the size of the company is the tray of PQRs nobody has taken yet (`office_id = ? AND
 * assigned_to IS NULL AND state = ? ORDER BY due_date LIMIT 500`): with (assigned_to, state, due_date)
 * it walks the unassigned PQRs of every office in due order and skips the other offices' ones; with
 * (office_id, state, due_date) it reads the office's taken ones too. A partial index of the
 * unassigned ones by office, state and due date answers it alone, and stays as small as that tray
 * (both engines support partial indexes).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX pqrs_unassigned_tray ON pqrs (office_id, state, due_date, id) WHERE assigned_to IS NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS pqrs_unassigned_tray');
}
