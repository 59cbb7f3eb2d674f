import type { Knex } from 'knex';

/**
 * Issue 19, outgoing e-mail: the company's SMTP settings (the password only sealed by a SecretBox of
 * electron/core/secrets.ts, never in clear), every message queued and logged (to, purpose, document,
 * the attachment's bytes so a retry sends the same paper, sent at, the server's answer) and each try
 * with its answer. Satisfaction surveys: definitions, questions, a campaign's stratified sample, the
 * responses and their answers. Instants are ISO text in UTC, as everywhere.
 */
export async function up(knex: Knex): Promise<void> {
  /** one row (id 1): the company's outgoing mail server */
  await knex.schema.createTable('mail_settings', (t) => {
    t.integer('id').primary();
    t.string('host', 200).notNullable();
    t.integer('port').notNullable();
    /** 'starttls' | 'tls' (implicit, port 465) | 'ninguna' */
    t.string('security', 10).notNullable();
    t.string('username', 200).notNullable().defaultTo('');
    /** JSON { boxId: sealed } (secrets.ts); null: no password */
    t.text('password_sealed').nullable();
    t.string('from_address', 120).notNullable();
    t.string('from_name', 120).notNullable().defaultTo('');
    /** PEM of the server's certificate authority, for a company server with its own certificate */
    t.text('ca_pem').notNullable().defaultTo('');
    t.integer('updated_by').nullable().references('users.id');
    t.string('updated_at', 30).notNullable();
  });

  await knex.schema.createTable('mail_messages', (t) => {
    t.increments('id');
    t.integer('office_id').nullable().references('offices.id');
    t.integer('account_id').nullable().references('accounts.id');
    t.string('to_address', 120).notNullable();
    /** 'prueba' | 'paz_y_salvo' | 'recibo' | 'pqr' | 'encuesta' */
    t.string('purpose', 20).notNullable();
    /** what was sent: 'paz_y_salvo' (certificate id), 'recibo' (payment id), 'pqr_notificacion' (notification id) */
    t.string('document_kind', 30).notNullable().defaultTo('');
    t.integer('document_id').nullable();
    t.string('document_label', 80).notNullable().defaultTo('');
    t.string('subject', 200).notNullable();
    t.text('body').notNullable();
    t.string('attachment_name', 120).notNullable().defaultTo('');
    /** the PDF as base64 ('' when none): every try sends these bytes */
    t.text('attachment_base64').notNullable();
    t.string('attachment_sha256', 64).notNullable().defaultTo('');
    /** 'pendiente' | 'enviando' | 'enviado' | 'fallido' */
    t.string('state', 10).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('next_attempt_at', 30).nullable();
    /** when a back office took it to send (another one leaves it alone until it is stale) */
    t.string('claimed_at', 30).nullable();
    /** the last failure, in Spanish */
    t.text('last_error').notNullable().defaultTo('');
    /** the server's last answer ("250 2.0.0 Ok: queued as …" or its refusal) */
    t.text('server_response').notNullable().defaultTo('');
    t.string('message_id', 200).notNullable().defaultTo('');
    t.string('sent_at', 30).nullable();
    t.integer('created_by').nullable().references('users.id');
    t.string('created_at', 30).notNullable();
    t.index(['state', 'next_attempt_at']);
    t.index(['account_id']);
  });

  await knex.schema.createTable('mail_attempts', (t) => {
    t.increments('id');
    t.integer('message_id').notNullable().references('mail_messages.id');
    t.string('at', 30).notNullable();
    t.boolean('ok').notNullable();
    /** the Spanish explanation of a failure ('' when sent) */
    t.text('error').notNullable();
    t.text('server_response').notNullable();
    t.index(['message_id']);
  });

  /** issue 19, satisfaction surveys: the definition, its questions, a campaign's sample, the answers */
  await knex.schema.createTable('surveys', (t) => {
    t.increments('id');
    t.string('name', 120).notNullable();
    /** 'pqr_cerrada' | 'atencion_caja' | 'campana' */
    t.string('use', 20).notNullable();
    /** 'activa' | 'cerrada' */
    t.string('state', 10).notNullable();
    t.integer('created_by').nullable().references('users.id');
    t.string('created_at', 30).notNullable();
  });
  await knex.schema.createTable('survey_questions', (t) => {
    t.increments('id');
    t.integer('survey_id').notNullable().references('surveys.id');
    t.integer('position').notNullable();
    /** 'escala' (0–10) | 'si_no' | 'opcion' | 'texto' */
    t.string('kind', 10).notNullable();
    t.string('text', 300).notNullable();
    /** JSON array of the choices of an 'opcion' question */
    t.text('options_json').notNullable();
    /** the indicator it feeds: 'nps' | 'nsu' | 'csat' | '' */
    t.string('indicator', 4).notNullable().defaultTo('');
  });
  /** a campaign's stratified sample: one row per account drawn */
  await knex.schema.createTable('survey_sample', (t) => {
    t.increments('id');
    t.integer('survey_id').notNullable().references('surveys.id');
    t.integer('account_id').notNullable().references('accounts.id');
    t.integer('office_id').nullable().references('offices.id');
    t.string('use', 12).notNullable();
    t.integer('estrato').nullable();
    t.string('drawn_at', 30).notNullable();
    t.unique(['survey_id', 'account_id']);
  });
  await knex.schema.createTable('survey_responses', (t) => {
    t.increments('id');
    t.integer('survey_id').notNullable().references('surveys.id');
    t.integer('account_id').nullable().references('accounts.id');
    /** the office that recorded it (the respondent's office for the report) */
    t.integer('office_id').notNullable().references('offices.id');
    t.integer('estrato').nullable();
    /** 'telefono' | 'ventanilla' | 'correo' */
    t.string('channel', 12).notNullable();
    t.integer('pqr_id').nullable().references('pqrs.id');
    t.integer('recorded_by').nullable().references('users.id');
    t.string('answered_at', 30).notNullable();
    t.index(['survey_id']);
  });
  await knex.schema.createTable('survey_answers', (t) => {
    t.increments('id');
    t.integer('response_id').notNullable().references('survey_responses.id');
    t.integer('question_id').notNullable().references('survey_questions.id');
    t.integer('score').nullable();
    t.boolean('yes').nullable();
    t.string('choice', 120).nullable();
    t.text('text').nullable();
    t.index(['question_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['survey_answers', 'survey_responses', 'survey_sample', 'survey_questions', 'surveys']) await knex.schema.dropTableIfExists(table);
  await knex.schema.dropTableIfExists('mail_attempts');
  await knex.schema.dropTableIfExists('mail_messages');
  await knex.schema.dropTableIfExists('mail_settings');
}
