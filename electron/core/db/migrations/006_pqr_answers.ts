import type { Knex } from 'knex';

/**
 * PQR and correspondence, second part (issue 4): the answer (drafted from a template, approved by a
 * coordinator, with its own outgoing radicado and the date it left), the notification steps
 * (citación, personal, aviso, electrónica), recursos linked to the answer they attack, the remisión
 * to the SSPD, and outgoing / internal correspondence with its delivery record.
 */
export async function up(knex: Knex): Promise<void> {
  /** one answer per PQR; a returned draft is edited in place (the history keeps every step) */
  await knex.schema.createTable('pqr_answers', (t) => {
    t.increments('id');
    t.integer('pqr_id').notNullable().unique().references('pqrs.id');
    /** AnswerDecision: accede | accede_parcialmente | no_accede | confirma | modifica | revoca | rechaza | traslada | archiva */
    t.string('decision', 24).notNullable();
    t.integer('template_id').nullable().references('letter_templates.id');
    /** the reasons the clerk wrote (the {{texto_decision}} placeholder) */
    t.text('decision_text').notNullable();
    /** the letter as filled from the template and edited: subject and body */
    t.string('subject', 300).notNullable();
    t.text('body').notNullable();
    t.string('signer_name', 120).notNullable().defaultTo('');
    t.string('signer_title', 120).notNullable().defaultTo('');
    /** traslada por competencia: the entity and its address */
    t.string('transfer_entity', 160).nullable();
    t.string('transfer_address', 200).nullable();
    /** borrador | devuelta | aprobada */
    t.string('state', 10).notNullable();
    t.integer('drafted_by').nullable().references('users.id');
    t.string('drafted_at', 30).notNullable();
    t.string('returned_reason', 500).nullable();
    t.integer('approved_by').nullable().references('users.id');
    t.string('approved_at', 30).nullable();
    /** business date of the approval: the SUI "fecha de respuesta" */
    t.string('answer_date', 10).nullable();
    /** the radicado de salida given at approval */
    t.integer('outgoing_radicado_id').nullable().unique().references('radicados.id');
    /** the date the answer left the office, how, and the mail guide */
    t.string('sent_on', 10).nullable();
    t.string('sent_means', 20).nullable();
    t.string('sent_guide', 60).nullable();
    t.index(['state']);
  });

  /** every notification step, dated; the step that completes the notification sets pqrs.notified_date */
  await knex.schema.createTable('pqr_notifications', (t) => {
    t.increments('id');
    t.integer('pqr_id').notNullable().references('pqrs.id');
    /** citacion | personal | aviso | electronica */
    t.string('step', 12).notNullable();
    /** business date of the step (citación sent, signed in person, aviso delivered, email sent) */
    t.string('step_date', 10).notNullable();
    /** the date the notification counts as done (personal: that day; aviso: the business day after delivery), null for citación */
    t.string('notified_date', 10).nullable();
    t.string('person_name', 120).notNullable().defaultTo('');
    t.string('person_id_number', 20).notNullable().defaultTo('');
    t.string('email', 120).notNullable().defaultTo('');
    t.string('guide', 60).notNullable().defaultTo('');
    t.integer('recorded_by').nullable().references('users.id');
    t.string('recorded_at', 30).notNullable();
    t.index(['pqr_id', 'id']);
  });

  await knex.schema.alterTable('pqrs', (t) => {
    /** when the decision was notified (the first complete step), its SUI type, and the end of the recurso window */
    t.string('notified_date', 10).nullable();
    t.string('notification_type', 12).nullable();
    t.string('recurso_deadline', 10).nullable();
    /** a recurso: the PQR whose answer it attacks; filed after the window: extemporáneo */
    t.integer('appeals_pqr_id').nullable().references('pqrs.id');
    t.boolean('extemporaneous').notNullable().defaultTo(false);
    /** reposición y en subsidio apelación not granted: the file went to the SSPD on this date */
    t.string('sspd_sent_on', 10).nullable();
    t.string('sspd_note', 500).nullable();
    t.index(['appeals_pqr_id']);
    t.index(['notified_date']);
  });

  /** outgoing (salida) and internal (interna) correspondence that is not an answer */
  await knex.schema.createTable('correspondence', (t) => {
    t.increments('id');
    t.integer('radicado_id').notNullable().unique().references('radicados.id');
    t.integer('office_id').notNullable().references('offices.id');
    /** salida | interna */
    t.string('kind', 10).notNullable();
    /** optional: the PQR it relates to */
    t.integer('pqr_id').nullable().references('pqrs.id');
    t.integer('template_id').nullable().references('letter_templates.id');
    t.string('recipient_name', 160).notNullable();
    /** postal address, or the area / person for an internal memo */
    t.string('recipient_address', 200).notNullable().defaultTo('');
    t.string('subject', 300).notNullable();
    t.text('body').notNullable();
    t.string('signer_name', 120).notNullable().defaultTo('');
    t.string('signer_title', 120).notNullable().defaultTo('');
    t.string('business_date', 10).notNullable();
    t.integer('created_by').nullable().references('users.id');
    t.string('created_at', 30).notNullable();
    /** the delivery record */
    t.string('carrier', 80).nullable();
    t.string('guide', 60).nullable();
    t.string('sent_on', 10).nullable();
    t.string('delivered_on', 10).nullable();
    t.string('received_by', 120).nullable();
    t.integer('delivery_recorded_by').nullable().references('users.id');
    /** normalizeForSearch of recipient + subject */
    t.text('search_text').notNullable();
    t.index(['office_id', 'kind', 'business_date']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('correspondence');
  await knex.schema.alterTable('pqrs', (t) => {
    t.dropIndex(['appeals_pqr_id']);
    t.dropIndex(['notified_date']);
    t.dropColumn('notified_date');
    t.dropColumn('notification_type');
    t.dropColumn('recurso_deadline');
    t.dropColumn('appeals_pqr_id');
    t.dropColumn('extemporaneous');
    t.dropColumn('sspd_sent_on');
    t.dropColumn('sspd_note');
  });
  await knex.schema.dropTableIfExists('pqr_notifications');
  await knex.schema.dropTableIfExists('pqr_answers');
}
