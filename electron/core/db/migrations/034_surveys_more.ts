import type { Knex } from 'knex';

/**
 * Issue 19, surveys (second part) and collections e-mail:
 *  - a campaign keeps the margin, confidence and population of its draw (the report states the margin
 *    of error achieved with the answers received);
 *  - a survey invitation's reminder is a mail_messages row pointing at the invitation (`reminder_of`),
 *    UNIQUE: one reminder per invitation, ever, even with two back offices on one PostgreSQL server;
 *  - the report's PDF, numbered when it is handed out, kept with its bytes (a re-print is the same file);
 *  - the outcome «Correo enviado» of a collections e-mail recorded as a contact (not a direct contact:
 *    the e-mail did not reach the debtor in person); inactive, so the desk's list of call outcomes
 *    does not offer it: only the e-mail send writes it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('surveys', (t) => {
    t.integer('sample_margin_bp').nullable();
    t.integer('sample_confidence').nullable();
    t.integer('sample_population').nullable();
  });
  await knex.schema.alterTable('mail_messages', (t) => {
    t.integer('reminder_of').nullable().references('mail_messages.id');
    t.unique(['reminder_of']);
  });
  await knex.schema.createTable('survey_reports', (t) => {
    t.increments('id');
    t.string('number', 30).notNullable().unique();
    t.integer('survey_id').notNullable().references('surveys.id');
    /** the office the report covers (null: the company) */
    t.integer('office_id').nullable().references('offices.id');
    t.integer('issued_by').nullable().references('users.id');
    t.string('issued_at', 30).notNullable();
    t.string('sha256', 64).notNullable();
    t.binary('pdf').notNullable();
  });
  const sort: { m: number | string | null }[] = await knex('collection_outcomes').max({ m: 'sort' });
  await knex('collection_outcomes').insert({ code: 'correo_enviado', label: 'Correo enviado', effective: false, action: '', active: false, sort: Number(sort[0]?.m ?? 0) + 10 });
}

export async function down(knex: Knex): Promise<void> {
  await knex('collection_outcomes').where({ code: 'correo_enviado' }).delete();
  await knex.schema.dropTableIfExists('survey_reports');
  await knex.schema.alterTable('mail_messages', (t) => {
    t.dropUnique(['reminder_of']);
    t.dropForeign(['reminder_of']);
    t.dropColumn('reminder_of');
  });
  await knex.schema.alterTable('surveys', (t) => {
    t.dropColumn('sample_margin_bp');
    t.dropColumn('sample_confidence');
    t.dropColumn('sample_population');
  });
}
