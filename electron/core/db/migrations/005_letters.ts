import type { Knex } from 'knex';
import letterTemplates from '../../../../resources/tables/letter-templates.json';

/**
 * Letter templates (issues 4 and 6): the company's texts for every letter, with `{{placeholders}}`
 * (shared/letterTemplates.ts). Seeded with one template per kind from
 * resources/tables/letter-templates.json; the administrator edits them. A template in use is never
 * deleted, only deactivated, so that an old letter can be reprinted with its own text (letters keep
 * their filled body anyway).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('letter_templates', (t) => {
    t.increments('id');
    /** a LetterKind */
    t.string('kind', 40).notNullable();
    t.string('name', 120).notNullable();
    /** the "Asunto:" line, with placeholders */
    t.string('subject', 300).notNullable();
    /** the text, with placeholders; a blank line separates paragraphs */
    t.text('body').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.string('updated_at', 30).notNullable();
    t.integer('updated_by').nullable().references('users.id');
    t.unique(['kind', 'name']);
  });
  const now = new Date().toISOString();
  await knex('letter_templates').insert(letterTemplates.templates.map((x) => ({ kind: x.kind, name: x.name, subject: x.subject, body: x.body, active: true, updated_at: now })));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('letter_templates');
}
