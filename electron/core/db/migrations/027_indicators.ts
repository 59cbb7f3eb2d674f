import type { Knex } from 'knex';

/**
 * Issue 19, indicadores and the informe de gestión comercial:
 * - indicator_comments: the coordinator's comment per section (family) of a report period
 *   ('mes' YYYY-MM or 'anio' YYYY) of an office, or of the company (office_id null; scope_key 0).
 * - indicator_reports: every informe issued, with its number (IGC-AAAA-000001 per year, counter
 *   'indicatorReport:<year>'), who signed it and the PDF's very bytes, so a re-print is identical.
 * - indexes the indicators read a period by: invoices by issue and due date (with the amount and the
 *   account, so the sums are read from the index), approved answers by date, and the PQR dates of
 *   silencio, remisión to the SSPD and extension, and PQRs by filing date with what their counts group by.
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
  await knex.schema.alterTable('invoices', (t) => {
    t.index(['issue_date', 'account_id', 'total'], 'invoices_issue_date_indicators');
    t.index(['due_date', 'account_id', 'total'], 'invoices_due_date_indicators');
  });
  await knex.schema.alterTable('pqr_answers', (t) => t.index(['answer_date'], 'pqr_answers_answer_date_index'));
  await knex.schema.alterTable('pqrs', (t) => {
    t.index(['silencio_on'], 'pqrs_silencio_on_index');
    t.index(['sspd_sent_on'], 'pqrs_sspd_sent_on_index');
    t.index(['extended_at'], 'pqrs_extended_at_index');
    // the PQRs received in a range, counted by type and causal from the index alone
    t.index(['filed_date', 'type', 'state', 'office_id', 'causal_id'], 'pqrs_filed_indicators');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('pqrs', (t) => {
    t.dropIndex(['silencio_on'], 'pqrs_silencio_on_index');
    t.dropIndex(['sspd_sent_on'], 'pqrs_sspd_sent_on_index');
    t.dropIndex(['extended_at'], 'pqrs_extended_at_index');
    t.dropIndex(['filed_date', 'type', 'state', 'office_id', 'causal_id'], 'pqrs_filed_indicators');
  });
  await knex.schema.alterTable('pqr_answers', (t) => t.dropIndex(['answer_date'], 'pqr_answers_answer_date_index'));
  await knex.schema.alterTable('invoices', (t) => {
    t.dropIndex(['issue_date', 'account_id', 'total'], 'invoices_issue_date_indicators');
    t.dropIndex(['due_date', 'account_id', 'total'], 'invoices_due_date_indicators');
  });
  await knex.schema.dropTableIfExists('indicator_reports');
  await knex.schema.dropTableIfExists('indicator_comments');
}
