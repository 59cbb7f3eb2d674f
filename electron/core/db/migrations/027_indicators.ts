import type { Knex } from 'knex';

/**
 * Issue 19, indicadores and the informe de gestión comercial:
 * - indicator_comments: the coordinator's comment per section (family) of a report period
 *   ('mes' YYYY-MM or 'anio' YYYY) of an office, or of the company (office_id null; scope_key 0).
 * - indicator_reports: every informe issued, with its number (IGC-AAAA-000001 per year, counter
 *   'indicatorReport:<year>'), who signed it and the PDF's very bytes, so a re-print is identical.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('indicator_comments', (t) => {
    t.increments('id');
    /** the office id, or 0 for the company (a unique key cannot hold null on both engines alike) */
    t.integer('scope_key').notNullable();
    t.string('kind', 4).notNullable();
    t.string('period', 7).notNullable();
    t.string('section', 20).notNullable();
    t.text('text').notNullable();
    t.integer('updated_by').nullable().references('users.id');
    t.string('updated_by_name', 100).notNullable();
    t.string('updated_at', 30).notNullable();
    t.unique(['scope_key', 'kind', 'period', 'section']);
  });
  await knex.schema.createTable('indicator_reports', (t) => {
    t.increments('id');
    t.string('number', 20).notNullable().unique();
    t.integer('office_id').nullable().references('offices.id');
    t.string('office_name', 80).notNullable();
    t.string('kind', 4).notNullable();
    t.string('period', 7).notNullable();
    t.integer('signed_by').nullable().references('users.id');
    t.string('signed_by_name', 120).notNullable();
    t.string('issued_at', 30).notNullable();
    t.string('sha256', 64).notNullable();
    t.binary('pdf').notNullable();
    t.index(['office_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('indicator_reports');
  await knex.schema.dropTableIfExists('indicator_comments');
}
