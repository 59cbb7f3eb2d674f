import type { Knex } from 'knex';

/**
 * Invoice printing: the printing settings, the batches a coordinator prints (by period, cycle and route) with their
 * summary, and every single-invoice reprint (DUPLICADO) so that reprints are counted and logged.
 * Portable to PostgreSQL: timestamps as ISO text, JSON as text.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('invoice_print_batches', (t) => {
    t.increments('id');
    t.string('period', 7).notNullable();
    /** null: every cycle / every route */
    t.string('cycle', 10).nullable();
    t.string('route', 10).nullable();
    /** 'letter' | 'halfLetter' */
    t.string('paper', 12).notNullable();
    /** 'single' (one PDF) | 'perRoute' (one PDF per cycle and route) */
    t.string('split', 10).notNullable();
    /** 'running' | 'done' | 'cancelled' | 'failed' */
    t.string('state', 10).notNullable();
    t.integer('selected').notNullable().defaultTo(0);
    t.integer('printed').notNullable().defaultTo(0);
    t.integer('skipped').notNullable().defaultTo(0);
    /** pages drawn per second over the whole batch (reads included) */
    t.integer('pages_per_second').notNullable().defaultTo(0);
    /** JSON InvoiceBatchFile[] of the finished files */
    t.text('files_json').notNullable().defaultTo('[]');
    /** JSON SkippedInvoice[] */
    t.text('skipped_json').notNullable().defaultTo('[]');
    t.string('message', 300).notNullable().defaultTo('');
    t.integer('user_id').nullable().references('users.id');
    t.string('started_at', 30).notNullable();
    /** refreshed while the batch runs: a running batch without a recent one was interrupted */
    t.string('heartbeat_at', 30).nullable();
    t.string('finished_at', 30).nullable();
    t.index(['period']);
  });

  await knex.schema.createTable('invoice_reprints', (t) => {
    t.increments('id');
    t.integer('invoice_id').notNullable().references('invoices.id');
    /** 1 for the first duplicate of the invoice, 2 for the second… */
    t.integer('copy_number').notNullable();
    t.string('paper', 12).notNullable();
    t.integer('user_id').nullable().references('users.id');
    t.string('printed_at', 30).notNullable();
    t.unique(['invoice_id', 'copy_number']);
  });

  /**
   * What the administrator sets for printed invoices, one row per key (its own table: the general
   * `settings` table is parsed whole by a strict schema that does not know these keys).
   */
  await knex.schema.createTable('invoice_settings', (t) => {
    t.string('key', 60).primary();
    t.text('value_json').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('invoice_settings');
  await knex.schema.dropTableIfExists('invoice_reprints');
  await knex.schema.dropTableIfExists('invoice_print_batches');
}
