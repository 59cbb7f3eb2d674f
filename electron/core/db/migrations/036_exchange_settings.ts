import type { Knex } from 'knex';

/**
 * Issue 18, the granted amount of a reclamo: an answer that grants (accede, accede parcialmente) a
 * reclamo about an invoice records the amount it recognised, in minor units (at most the invoice's
 * value), so the pqr-ajustes file (version 2) hands the billing system the adjustment itself. Null for
 * every other answer, and for the answers approved before this column.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('pqr_answers', (t) => {
    t.bigInteger('granted_amount').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('pqr_answers', (t) => {
    t.dropColumn('granted_amount');
  });
}
