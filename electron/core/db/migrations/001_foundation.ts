import type { Knex } from 'knex';
import { useByteOrder } from '../dialect';

/**
 * The foundation: company, offices, users, settings, the business-day calendar, customer accounts
 * and their invoices, the audit trail and the counters. Portable to PostgreSQL: no SQLite-only types,
 * money in bigint minor units, dates as 'YYYY-MM-DD' text, timestamps as ISO text in UTC.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('company', (t) => {
    t.integer('id').primary(); // always 1
    t.string('name', 120).notNullable();
    t.string('nit', 20).notNullable();
    t.string('gln', 13).notNullable();
    t.string('country', 2).notNullable();
    t.string('currency', 3).notNullable();
    t.string('time_zone', 64).notNullable();
    t.text('logo_data_url').notNullable().defaultTo('');
    t.string('created_at', 30).notNullable();
  });

  await knex.schema.createTable('offices', (t) => {
    t.increments('id');
    t.string('code', 6).notNullable().unique();
    t.string('name', 80).notNullable();
    t.string('city', 80).notNullable();
    t.string('city_dane', 5).notNullable();
    t.string('address', 120).notNullable();
    t.string('phone', 40).notNullable().defaultTo('');
    t.boolean('saturday_is_business_day').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
  });

  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('username', 30).notNullable().unique();
    t.string('full_name', 100).notNullable();
    t.integer('office_id').notNullable().references('offices.id');
    t.string('role', 20).notNullable();
    t.string('password_hash', 200).notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.boolean('must_change_password').notNullable().defaultTo(false);
    t.integer('failed_attempts').notNullable().defaultTo(0);
    t.string('locked_until', 30).nullable();
    t.string('last_login_at', 30).nullable();
    t.string('created_at', 30).notNullable();
  });

  await knex.schema.createTable('settings', (t) => {
    t.string('key', 60).primary();
    t.text('value_json').notNullable();
  });

  await knex.schema.createTable('non_business_days', (t) => {
    t.increments('id');
    t.string('date', 10).notNullable();
    t.string('name', 80).notNullable();
    /** set for a national holiday */
    t.string('country', 2).nullable();
    /** set for an office's own closure */
    t.integer('office_id').nullable().references('offices.id');
    t.string('source', 20).notNullable();
    t.index(['country', 'date']);
    t.index(['office_id', 'date']);
  });

  await knex.schema.createTable('accounts', (t) => {
    t.increments('id');
    t.string('number', 20).notNullable().unique();
    t.string('holder_name', 120).notNullable();
    t.string('id_type', 3).notNullable();
    t.string('id_number', 20).notNullable();
    t.string('address', 120).notNullable();
    t.string('neighborhood', 80).notNullable().defaultTo('');
    t.string('city_dane', 5).notNullable();
    t.integer('estrato').nullable();
    t.string('use', 12).notNullable();
    t.string('status', 12).notNullable();
    t.string('cycle', 10).notNullable();
    t.string('route', 10).notNullable();
    t.integer('route_sequence').notNullable();
    t.string('meter_number', 30).notNullable().defaultTo('');
    t.string('phone', 40).notNullable().defaultTo('');
    t.string('email', 120).notNullable().defaultTo('');
    t.string('notice_address', 120).notNullable().defaultTo('');
    t.bigInteger('credit_balance').notNullable().defaultTo(0);
    /** normalizeForSearch(holder_name), for prefix search by name */
    t.string('search_name', 120).notNullable();
    /** normalizeForSearch(address) */
    t.string('search_address', 120).notNullable();
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
    t.index(['id_number']);
    t.index(['search_name']);
    t.index(['search_address']);
    t.index(['meter_number']);
    t.index(['cycle', 'route', 'route_sequence']);
  });
  // the search's prefix ranges need byte order on PostgreSQL too (see db/dialect.ts)
  await useByteOrder(knex, 'accounts', [
    { name: 'number', length: 20 },
    { name: 'id_number', length: 20 },
    { name: 'search_name', length: 120 },
    { name: 'search_address', length: 120 },
  ]);

  await knex.schema.createTable('invoices', (t) => {
    t.increments('id');
    t.string('number', 20).notNullable().unique();
    t.integer('account_id').notNullable().references('accounts.id');
    t.string('period', 7).notNullable();
    t.string('issue_date', 10).notNullable();
    t.string('due_date', 10).notNullable();
    t.string('suspension_date', 10).nullable();
    t.integer('previous_reading').nullable();
    t.integer('current_reading').nullable();
    t.integer('consumption_m3').notNullable();
    t.string('payment_reference', 25).notNullable();
    t.bigInteger('total').notNullable();
    /** what is still owed: total minus live payment allocations */
    t.bigInteger('balance').notNullable();
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
    t.index(['account_id', 'period']);
    t.index(['payment_reference']);
  });

  await knex.schema.createTable('invoice_lines', (t) => {
    t.increments('id');
    t.integer('invoice_id').notNullable().references('invoices.id').onDelete('CASCADE');
    t.integer('line_no').notNullable();
    t.string('concept', 80).notNullable();
    /** decimal as text, e.g. '1' or '15.5' (m3); never used for money */
    t.string('quantity', 20).notNullable();
    t.bigInteger('unit_value').notNullable();
    t.bigInteger('amount').notNullable();
    t.unique(['invoice_id', 'line_no']);
  });

  await knex.schema.createTable('import_batches', (t) => {
    t.increments('id');
    t.string('kind', 20).notNullable();
    t.string('file_name', 200).notNullable();
    t.string('sha256', 64).notNullable();
    t.integer('rows').notNullable();
    t.integer('new_count').notNullable();
    t.integer('changed_count').notNullable();
    t.integer('unchanged_count').notNullable();
    t.integer('user_id').nullable().references('users.id');
    t.string('committed_at', 30).notNullable();
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.increments('id');
    t.string('at', 30).notNullable();
    t.integer('user_id').nullable();
    t.string('actor', 40).notNullable();
    t.integer('office_id').nullable();
    t.string('action', 60).notNullable();
    t.string('entity', 40).notNullable();
    t.string('entity_id', 40).nullable();
    t.text('before_json').nullable();
    t.text('after_json').nullable();
    t.index(['entity', 'entity_id']);
  });

  await knex.schema.createTable('counters', (t) => {
    t.string('key', 80).primary();
    t.bigInteger('value').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'counters',
    'audit_log',
    'import_batches',
    'invoice_lines',
    'invoices',
    'accounts',
    'non_business_days',
    'settings',
    'users',
    'offices',
    'company',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
