import type { Knex } from 'knex';

/**
 * Suspension notices and collection letters (issue 6): the rounds the coordinator generates and each
 * numbered notice with its tracking (generado → impreso → entregado → cerrado). A notice keeps the
 * letter exactly as it was generated (recipient, subject, filled body, signer, footer, date), so a
 * reprint is the same letter. Numbers: AS-2026-000001 / CP- / PJ- / CJ-, one counter per kind and
 * year (counters key 'notice:AS:2026'). Money in bigint minor units, dates 'YYYY-MM-DD', timestamps ISO text.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notice_batches', (t) => {
    t.increments('id');
    /** NoticeKind: suspension | persuasivo | prejuridico | juridico */
    t.string('kind', 20).notNullable();
    t.integer('office_id').notNullable().references('offices.id');
    t.integer('template_id').notNullable().references('letter_templates.id');
    t.integer('count').notNullable();
    t.string('first_number', 20).notNullable();
    t.string('last_number', 20).notNullable();
    t.string('created_at', 30).notNullable();
    t.integer('created_by').nullable().references('users.id');
    t.string('created_by_name', 40).notNullable();
  });

  await knex.schema.createTable('notices', (t) => {
    t.increments('id');
    t.string('number', 20).notNullable().unique();
    t.string('kind', 20).notNullable();
    t.integer('batch_id').notNullable().references('notice_batches.id');
    t.integer('account_id').notNullable().references('accounts.id');
    /** business date of the letter */
    t.string('letter_date', 10).notNullable();
    /** what the account owed when the notice was generated */
    t.bigInteger('debt').notNullable();
    t.integer('unpaid_periods').notNullable();
    t.string('oldest_due_date', 10).notNullable();
    t.string('suspension_date', 10).nullable();
    t.integer('days_past_due').notNullable();
    /** the letter as printed */
    t.string('recipient_name', 120).notNullable();
    t.text('recipient_lines_json').notNullable();
    t.string('city', 80).notNullable();
    t.string('subject', 300).notNullable();
    t.text('body').notNullable();
    t.string('signer_name', 100).notNullable();
    t.string('signer_title', 100).notNullable();
    t.string('footer', 300).notNullable();
    /** generado | impreso | entregado | cerrado */
    t.string('state', 12).notNullable();
    t.string('generated_at', 30).notNullable();
    t.string('generated_by', 40).notNullable();
    t.string('printed_at', 30).nullable();
    t.string('printed_by', 40).nullable();
    t.string('delivered_on', 10).nullable();
    t.string('delivered_by', 100).nullable();
    /** personal | correo | fijado */
    t.string('delivery_method', 10).nullable();
    t.string('delivery_note', 300).notNullable().defaultTo('');
    t.string('delivery_recorded_by', 40).nullable();
    t.string('closed_at', 30).nullable();
    /** pagada | escalada | anulada */
    t.string('close_reason', 10).nullable();
    t.string('close_note', 300).notNullable().defaultTo('');
    t.string('closed_by', 40).nullable();
    t.index(['account_id', 'kind']);
    t.index(['state', 'kind']);
    t.index(['batch_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('notices');
  await knex.schema.dropTableIfExists('notice_batches');
}
