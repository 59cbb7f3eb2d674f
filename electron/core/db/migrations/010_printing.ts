import type { Knex } from 'knex';

/**
 * Printing: which printer, paper and copies each kind of document goes to, per machine (printers
 * belong to the computer, and several counters may share one PostgreSQL database), and the print
 * log: every job with its stored file (`<dataDir>/print-spool/<sha256>.pdf`), so that a failed job
 * can be sent again when the printer is back.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('printer_settings', (t) => {
    t.increments('id');
    /** the host name of the machine whose printers these are */
    t.string('machine', 120).notNullable();
    /** receipt | invoice | letter | sticker | report */
    t.string('kind', 20).notNullable();
    /** the system's queue name; null: not printed directly */
    t.string('printer_name', 127).nullable();
    /** roll80 | letter | halfLetter | label100x50 */
    t.string('paper', 20).notNullable();
    t.integer('copies').notNullable().defaultTo(1);
    t.string('updated_at', 30).notNullable();
    t.integer('updated_by').nullable().references('users.id');
    t.string('updated_by_name', 60).notNullable().defaultTo('');
    t.unique(['machine', 'kind']);
  });

  await knex.schema.createTable('print_jobs', (t) => {
    t.increments('id');
    t.string('machine', 120).notNullable();
    t.string('kind', 20).notNullable();
    t.string('title', 120).notNullable();
    t.string('file_name', 200).notNullable();
    /** absolute path of the stored PDF under the data folder */
    t.string('file_path', 500).notNullable();
    t.string('sha256', 64).notNullable();
    t.integer('pages').notNullable();
    t.integer('copies').notNullable();
    t.string('printer_name', 127).nullable();
    t.string('paper', 20).notNullable();
    /** pendiente | enviado | fallido */
    t.string('state', 10).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    /** the queue's id of the last attempt, e.g. 'VentanillaPDF-12' */
    t.string('system_job_id', 120).notNullable().defaultTo('');
    /** why the last attempt failed, in Spanish */
    t.string('error', 500).notNullable().defaultTo('');
    t.integer('user_id').nullable().references('users.id');
    t.string('user_name', 60).notNullable();
    t.integer('office_id').nullable().references('offices.id');
    t.string('created_at', 30).notNullable();
    /** YYYY-MM-DD in the company's zone, for the log's date filter */
    t.string('business_date', 10).notNullable();
    t.string('last_attempt_at', 30).nullable();
    t.index(['user_id', 'created_at']);
    t.index(['business_date']);
    t.index(['state']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('print_jobs');
  await knex.schema.dropTableIfExists('printer_settings');
}
