import type { Knex } from 'knex';

/**
 * Issue 15, cartera y telecobro: contact data with their Ley 1581 authorisation, the outcome catalog,
 * campaigns and their assignments (the gestores' queues), contacts (gestiones), callbacks, payment
 * commitments and the daily monitor's runs, hand-offs to the legal stage and the field team, and
 * commission liquidations with their lines. Money in bigint minor units, dates 'YYYY-MM-DD', instants
 * ISO text in UTC, as everywhere.
 *
 * Lists inside a row (channels, purposes) are written ',a,b,' so that both engines can ask
 * `LIKE '%,a,%'` in a set-based query.
 */
const OUTCOMES: { code: string; label: string; effective: boolean; action: string }[] = [
  { code: 'contacto_efectivo', label: 'Contacto efectivo', effective: true, action: '' },
  { code: 'no_contesta', label: 'No contesta', effective: false, action: '' },
  { code: 'ocupado', label: 'Ocupado', effective: false, action: '' },
  { code: 'numero_errado', label: 'Número errado', effective: false, action: '' },
  { code: 'buzon_de_voz', label: 'Buzón de voz', effective: false, action: '' },
  { code: 'hablo_con_tercero', label: 'Habló con un tercero', effective: false, action: '' },
  { code: 'compromiso_de_pago', label: 'Compromiso de pago', effective: true, action: 'compromiso' },
  { code: 'acuerdo_de_pago', label: 'Acuerdo de pago', effective: true, action: '' },
  { code: 'ya_pago', label: 'Ya pagó', effective: true, action: '' },
  { code: 'reclamo', label: 'Reclamo', effective: true, action: 'reclamo' },
  { code: 'se_niega_a_pagar', label: 'Se niega a pagar', effective: true, action: '' },
  { code: 'predio_desocupado', label: 'Predio desocupado', effective: false, action: '' },
  { code: 'fallecido', label: 'Fallecido', effective: false, action: '' },
];

export async function up(knex: Knex): Promise<void> {
  /** a phone or e-mail of an account, where it came from, and the holder's authorisation (Ley 1581 de 2012) */
  await knex.schema.createTable('collection_contact_points', (t) => {
    t.increments('id');
    t.integer('account_id').notNullable().references('accounts.id');
    /** 'telefono' | 'correo' */
    t.string('kind', 10).notNullable();
    t.string('value', 120).notNullable();
    /** titular | codeudor | garante | referencia | tercero */
    t.string('relation', 12).notNullable();
    t.string('holder_name', 120).notNullable().defaultTo('');
    t.string('source', 20).notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.boolean('authorised').notNullable().defaultTo(false);
    t.string('authorised_on', 10).nullable();
    t.string('authorised_via', 20).nullable();
    /** ',cobranza,notificaciones,' */
    t.string('purposes', 120).notNullable().defaultTo(',');
    /** ',llamada,sms,whatsapp,' */
    t.string('channels', 60).notNullable().defaultTo(',');
    t.integer('updated_by').nullable().references('users.id');
    t.string('updated_at', 30).notNullable();
    t.unique(['account_id', 'kind', 'value']);
  });

  /** the outcome codes of a contact; the administrator edits them */
  await knex.schema.createTable('collection_outcomes', (t) => {
    t.string('code', 30).primary();
    t.string('label', 80).notNullable();
    /** reached the debtor: an effective (direct) contact */
    t.boolean('effective').notNullable();
    /** '' | 'compromiso' (asks for a commitment) | 'reclamo' (opens the PQR filing) */
    t.string('action', 20).notNullable().defaultTo('');
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('sort').notNullable();
  });
  await knex('collection_outcomes').insert(OUTCOMES.map((o, i) => ({ ...o, active: true, sort: (i + 1) * 10 })));

  await knex.schema.createTable('collection_campaigns', (t) => {
    t.increments('id');
    t.integer('office_id').notNullable().references('offices.id');
    t.string('name', 80).notNullable();
    t.text('criteria_json').notNullable();
    /** the exclusions counted when it was launched */
    t.text('summary_json').notNullable();
    /** 'deuda' | 'ruta' */
    t.string('distribution', 10).notNullable();
    /** 'activa' | 'cerrada' */
    t.string('state', 10).notNullable();
    t.integer('account_count').notNullable();
    t.bigInteger('total_debt').notNullable();
    t.string('idempotency_key', 64).notNullable().unique();
    t.integer('created_by').nullable().references('users.id');
    t.string('created_at', 30).notNullable();
    t.integer('closed_by').nullable().references('users.id');
    t.string('closed_at', 30).nullable();
    t.string('close_note', 300).notNullable().defaultTo('');
    t.index(['office_id', 'state']);
  });

  await knex.schema.createTable('collection_campaign_gestores', (t) => {
    t.integer('campaign_id').notNullable().references('collection_campaigns.id');
    t.integer('user_id').notNullable().references('users.id');
    t.primary(['campaign_id', 'user_id']);
  });

  /** an account in a campaign, in one gestor's queue */
  await knex.schema.createTable('collection_assignments', (t) => {
    t.increments('id');
    t.integer('campaign_id').notNullable().references('collection_campaigns.id');
    t.integer('account_id').notNullable().references('accounts.id');
    t.integer('gestor_id').notNullable().references('users.id');
    t.integer('office_id').notNullable().references('offices.id');
    /** at launch */
    t.bigInteger('debt').notNullable();
    t.integer('days_past_due').notNullable();
    t.string('bucket', 10).notNullable();
    /** the order of the queue: older first, then larger debt (see campaigns.ts) */
    t.bigInteger('priority').notNullable();
    /** pendiente (to call) | en_espera (a callback later) | compromiso (a commitment running) | gestionada | cerrada */
    t.string('state', 12).notNullable();
    /** a broken commitment put it back in the queue ahead of the rest */
    t.boolean('broken_promise').notNullable().defaultTo(false);
    /** false once its campaign is closed */
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('contacts').notNullable().defaultTo(0);
    t.string('last_contact_at', 30).nullable();
    t.string('updated_at', 30).notNullable();
    t.unique(['campaign_id', 'account_id']);
    t.index(['gestor_id', 'active', 'state', 'broken_promise', 'priority']);
    t.index(['account_id']);
  });
  // an account is in at most one active campaign, on both engines
  await knex.raw('CREATE UNIQUE INDEX collection_assignments_one_active ON collection_assignments (account_id) WHERE active');

  /** a contact (gestión): a call, SMS, WhatsApp or e-mail, its outcome and notes */
  await knex.schema.createTable('collection_contacts', (t) => {
    t.increments('id');
    t.integer('office_id').notNullable().references('offices.id');
    t.integer('account_id').notNullable().references('accounts.id');
    t.integer('campaign_id').nullable().references('collection_campaigns.id');
    t.integer('assignment_id').nullable().references('collection_assignments.id');
    t.integer('gestor_id').notNullable().references('users.id');
    t.string('channel', 10).notNullable();
    t.string('direction', 10).notNullable();
    t.integer('contact_point_id').nullable().references('collection_contact_points.id');
    t.string('address', 120).notNullable().defaultTo('');
    t.string('outcome', 30).notNullable();
    t.boolean('effective').notNullable();
    t.text('notes').notNullable();
    /** ISO instant of the contact */
    t.string('at', 30).notNullable();
    t.string('business_date', 10).notNullable();
    /** the account's debt and age when it was contacted (the commission's bucket) */
    t.bigInteger('debt').notNullable();
    t.integer('days_past_due').notNullable();
    t.string('bucket', 10).notNullable();
    t.integer('pqr_id').nullable().references('pqrs.id');
    t.string('idempotency_key', 64).notNullable().unique();
    t.index(['account_id', 'at']);
    t.index(['gestor_id', 'business_date']);
    t.index(['business_date']);
  });

  await knex.schema.createTable('collection_callbacks', (t) => {
    t.increments('id');
    t.integer('account_id').notNullable().references('accounts.id');
    t.integer('assignment_id').notNullable().references('collection_assignments.id');
    t.integer('campaign_id').notNullable().references('collection_campaigns.id');
    t.integer('contact_id').notNullable().references('collection_contacts.id');
    t.string('due_at', 30).notNullable();
    /** null: anyone of the campaign's gestores */
    t.integer('for_user_id').nullable().references('users.id');
    t.integer('created_by').notNullable().references('users.id');
    /** pendiente | atendida | cancelada */
    t.string('state', 10).notNullable();
    /** who has it on screen now (a callback for anyone is served to one gestor at a time) */
    t.integer('claimed_by').nullable().references('users.id');
    t.string('claimed_at', 30).nullable();
    t.integer('done_contact_id').nullable().references('collection_contacts.id');
    t.index(['state', 'due_at']);
    t.index(['assignment_id']);
  });

  /** a payment commitment (compromiso de pago) and what the monitor found */
  await knex.schema.createTable('collection_promises', (t) => {
    t.increments('id');
    t.integer('office_id').notNullable().references('offices.id');
    t.integer('account_id').notNullable().references('accounts.id');
    t.integer('contact_id').notNullable().unique().references('collection_contacts.id');
    t.integer('assignment_id').nullable().references('collection_assignments.id');
    t.integer('campaign_id').nullable().references('collection_campaigns.id');
    t.integer('gestor_id').notNullable().references('users.id');
    t.bigInteger('amount').notNullable();
    t.string('made_on', 10).notNullable();
    t.string('promised_date', 10).notNullable();
    t.integer('grace_days').notNullable();
    /** promised_date + grace_days: the last business date a payment counts */
    t.string('window_end', 10).notNullable();
    t.string('state', 12).notNullable();
    t.bigInteger('paid_amount').notNullable().defaultTo(0);
    t.string('decided_on', 10).nullable();
    t.string('checked_at', 30).nullable();
    t.string('created_at', 30).notNullable();
    t.index(['state', 'window_end']);
    t.index(['account_id']);
    t.index(['window_end']);
  });

  await knex.schema.createTable('collection_monitor_runs', (t) => {
    t.increments('id');
    /** inicio | hora | manual */
    t.string('trigger', 10).notNullable();
    t.string('business_date', 10).notNullable();
    t.string('started_at', 30).notNullable();
    t.string('finished_at', 30).notNullable();
    t.integer('checked').notNullable();
    t.integer('kept').notNullable();
    t.integer('partial').notNullable();
    t.integer('broken').notNullable();
    t.integer('reopened').notNullable();
    t.integer('requeued').notNullable();
    t.index(['business_date']);
  });

  /** a case handed to the legal stage (the notices' prejurídico / jurídico candidates) or to the field team */
  await knex.schema.createTable('collection_handoffs', (t) => {
    t.increments('id');
    t.integer('office_id').notNullable().references('offices.id');
    t.integer('account_id').notNullable().references('accounts.id');
    /** 'juridico' | 'terreno' */
    t.string('kind', 10).notNullable();
    /** prejuridico | juridico, or the field purpose */
    t.string('what', 30).notNullable();
    t.string('reason', 500).notNullable();
    t.integer('contact_id').nullable().references('collection_contacts.id');
    t.integer('created_by').notNullable().references('users.id');
    t.string('created_at', 30).notNullable();
    /** pendiente | atendida (legal: a letter of that stage or later was generated after it) */
    t.string('state', 10).notNullable();
    t.string('closed_at', 30).nullable();
    t.integer('closed_by').nullable().references('users.id');
    t.string('close_note', 300).notNullable().defaultTo('');
    t.index(['kind', 'state']);
    t.index(['account_id']);
  });

  await knex.schema.createTable('collection_liquidations', (t) => {
    t.increments('id');
    t.integer('office_id').notNullable().references('offices.id');
    t.integer('gestor_id').notNullable().references('users.id');
    t.string('month', 7).notNullable();
    t.integer('version').notNullable();
    /** por_aprobar | aprobada | reemplazada */
    t.string('state', 12).notNullable();
    t.bigInteger('recovered').notNullable();
    t.bigInteger('base').notNullable();
    t.bigInteger('goal').notNullable();
    t.integer('factor_percent').notNullable();
    t.boolean('cap_applied').notNullable();
    t.bigInteger('commission').notNullable();
    t.integer('line_count').notNullable();
    /** SHA-256 of the policy and the lines: the same data give the same hash */
    t.string('content_hash', 64).notNullable();
    t.text('policy_json').notNullable();
    t.integer('created_by').nullable().references('users.id');
    t.string('created_at', 30).notNullable();
    t.integer('approved_by').nullable().references('users.id');
    t.string('approved_at', 30).nullable();
    t.unique(['gestor_id', 'month', 'version']);
    t.index(['office_id', 'month']);
  });

  await knex.schema.createTable('collection_liquidation_lines', (t) => {
    t.increments('id');
    t.integer('liquidation_id').notNullable().references('collection_liquidations.id');
    t.integer('payment_id').notNullable().references('payments.id');
    t.integer('contact_id').notNullable().references('collection_contacts.id');
    t.string('receipt', 30).notNullable();
    t.string('account_number', 20).notNullable();
    t.string('business_date', 10).notNullable();
    t.string('source', 10).notNullable();
    t.bigInteger('amount').notNullable();
    t.string('bucket', 10).notNullable();
    t.integer('rate_bp').notNullable();
    t.bigInteger('commission').notNullable();
    t.string('contact_date', 10).notNullable();
    t.index(['liquidation_id']);
  });

  // the debt of every account, read by the portfolio, the campaigns and the desk: the open
  // invoices only, in one index (both engines take partial indexes)
  await knex.raw('CREATE INDEX invoices_open_debt ON invoices (account_id, due_date, balance) WHERE balance > 0');
  // the attribution of payments: an account's payments by date
  await knex.raw('CREATE INDEX payments_account_date ON payments (account_id, business_date)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS payments_account_date');
  await knex.raw('DROP INDEX IF EXISTS invoices_open_debt');
  for (const table of [
    'collection_liquidation_lines',
    'collection_liquidations',
    'collection_handoffs',
    'collection_monitor_runs',
    'collection_promises',
    'collection_callbacks',
    'collection_contacts',
    'collection_assignments',
    'collection_campaign_gestores',
    'collection_campaigns',
    'collection_outcomes',
    'collection_contact_points',
  ])
    await knex.schema.dropTableIfExists(table);
}
