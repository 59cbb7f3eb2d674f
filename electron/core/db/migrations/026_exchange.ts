import type { Knex } from 'knex';

/**
 * Issue 18, intercambio con el sistema comercial: every file handed to the billing system, numbered
 * and recorded (date, office, modifier, counts, totals, SHA-256), and which payments went in which
 * file, so a payment leaves in one file of each format and never twice.
 *
 * A re-export rebuilds a recorded file from its payments and its recorded date and time: the same
 * bytes, checked against the recorded SHA-256.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('exchange_exports', (t) => {
    t.increments('id');
    /** consecutive of the company (counter 'exchangeExport') */
    t.integer('number').notNullable().unique();
    /** 'recaudo' (the day's payments); the other acts come later */
    t.string('kind', 20).notNullable();
    /** 'asobancaria' | 'csv' | 'json' */
    t.string('format', 12).notNullable();
    /** business date of the payments, YYYY-MM-DD */
    t.string('business_date', 10).notNullable();
    /** null: every office */
    t.integer('office_id').nullable().references('offices.id');
    /** Asobancaria file modifier (A-Z, 0-9), one sequence per kind, format and date */
    t.string('modifier', 1).notNullable();
    /** the file's own date and time (01 record), kept so a re-export gives the same bytes */
    t.string('file_date', 10).notNullable();
    t.string('file_time', 5).notNullable();
    t.integer('records').notNullable();
    t.bigInteger('total').notNullable();
    t.string('sha256', 64).notNullable();
    t.integer('bytes').notNullable();
    t.string('file_name', 120).notNullable();
    /** the settings the file was written with (entity, account, service code, references, branches), JSON */
    t.text('layout_json').notNullable();
    /** the coordinator's reason to export a day with open till sessions ('' when none were open) */
    t.string('open_sessions_reason', 300).notNullable().defaultTo('');
    t.integer('created_by').nullable().references('users.id');
    t.string('created_at', 30).notNullable();
    t.unique(['kind', 'format', 'business_date', 'modifier']);
    t.index(['business_date']);
  });

  await knex.schema.createTable('exchange_export_payments', (t) => {
    t.integer('export_id').notNullable().references('exchange_exports.id');
    t.integer('payment_id').notNullable().references('payments.id');
    /** the export's format, repeated so that one payment goes in one file of each format */
    t.string('format', 12).notNullable();
    t.primary(['export_id', 'payment_id']);
    t.unique(['format', 'payment_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('exchange_export_payments');
  await knex.schema.dropTableIfExists('exchange_exports');
}
