import type { Knex } from 'knex';

/**
 * Issue 12 (hardening), items 9 and 12: the audit chain anchored outside the file, and what the
 * reconciliation needs (see db/anchors.ts and modules/audit/).
 *
 * - `audit_head.row_count`: how many rows the chain holds, kept by writeAudit, so that an anchor
 *   (head hash + row count) costs one read at every closing act, report and copy.
 * - `cash_sessions.audit_*`: the anchor taken when the session closed (the closing act's record;
 *   the closing report prints it).
 * - `invoices.opening_balance`: what the invoice owed when it entered the back office (an import
 *   brings it unpaid, the demo may bring it paid); the reconciliation checks
 *   balance = opening_balance − live allocations. Null means its total (the import's rule).
 *   Existing invoices take the balance their live allocations explain (null where that is the total).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_head', (t) => {
    t.bigInteger('row_count').notNullable().defaultTo(0);
  });
  const [{ n }] = await knex('audit_log').count<{ n: number | string }[]>({ n: '*' });
  await knex('audit_head').where({ id: 1 }).update({ row_count: Number(n) });

  await knex.schema.alterTable('cash_sessions', (t) => {
    t.integer('audit_last_id').nullable();
    t.string('audit_hash', 64).nullable();
    t.bigInteger('audit_rows').nullable();
  });

  await knex.schema.alterTable('invoices', (t) => {
    t.bigInteger('opening_balance').nullable();
  });
  // only where it is not the total (null means the total)
  const explained = `balance + COALESCE((SELECT SUM(pa.amount) FROM payment_allocations pa WHERE pa.invoice_id = invoices.id AND pa.live = ?), 0)`;
  await knex.raw(`UPDATE invoices SET opening_balance = ${explained} WHERE ${explained} <> total`, [true, true]);
}

export async function down(knex: Knex): Promise<void> {
  // plain DROP COLUMN on both engines (SQLite ≥ 3.35): knex's SQLite fallback would rebuild the
  // table and lose cash_sessions' partial unique indexes
  await knex.raw('ALTER TABLE invoices DROP COLUMN opening_balance');
  for (const column of ['audit_last_id', 'audit_hash', 'audit_rows']) await knex.raw(`ALTER TABLE cash_sessions DROP COLUMN ${column}`);
  await knex.raw('ALTER TABLE audit_head DROP COLUMN row_count');
}
