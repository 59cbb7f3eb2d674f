import type { Knex } from 'knex';
import table from '../../../../resources/tables/work-orders.json';

/**
 * Issue 17, órdenes de trabajo: suspension and reconnection orders and the other field work.
 *
 * - work_order_types / work_order_failure_causes: the lists, seeded from resources/tables/work-orders.json;
 *   the administrator adds to them (a code in use is deactivated, never deleted).
 * - crews (cuadrillas) of an office.
 * - work_orders: OT-AAAA-000001 per office and year (counter 'workorder:<officeId>:<year>'), the
 *   account, type, origin (aviso, pago, acuerdo, pqr, manual with its reason), the clock (created_at,
 *   due_at as ISO instants in UTC), the crew, the state (pendiente, asignada, ejecutada, fallida,
 *   anulada) and the field result (executed at, by, reading, seal, observations, failure cause).
 *   At most one OPEN reconnection and one open suspension per account: partial unique indexes, so two
 *   payments posting at once on two counters cannot both order the reconnection (both engines).
 * - work_order_photos: the photos of a result, stored as the PQR attachments are (data folder, SHA-256).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('work_order_types', (t) => {
    t.string('code', 30).primary();
    t.string('label', 80).notNullable();
    /** shipped with the product (suspension, reconnection… drive the account's state); not deactivated */
    t.boolean('builtin').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('sort').notNullable();
  });
  await knex('work_order_types').insert(table.types.map((x, i) => ({ ...x, builtin: true, active: true, sort: (i + 1) * 10 })));

  await knex.schema.createTable('work_order_failure_causes', (t) => {
    t.string('code', 30).primary();
    t.string('label', 80).notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('sort').notNullable();
  });
  await knex('work_order_failure_causes').insert(table.failureCauses.map((x, i) => ({ ...x, active: true, sort: (i + 1) * 10 })));

  await knex.schema.createTable('crews', (t) => {
    t.increments('id');
    t.integer('office_id').notNullable().references('offices.id');
    t.string('code', 20).notNullable();
    t.string('name', 80).notNullable();
    t.string('members', 200).notNullable().defaultTo('');
    t.boolean('active').notNullable().defaultTo(true);
    t.unique(['office_id', 'code']);
  });

  await knex.schema.createTable('work_orders', (t) => {
    t.increments('id');
    t.string('number', 20).notNullable();
    t.integer('office_id').notNullable().references('offices.id');
    t.integer('account_id').notNullable().references('accounts.id');
    t.string('type', 30).notNullable().references('work_order_types.code');
    /** aviso | pago | acuerdo | pqr | manual */
    t.string('origin', 10).notNullable();
    /** what started it, in words: the notice's or receipt's number, the agreement, the radicado, the manual reason */
    t.string('origin_ref', 300).notNullable().defaultTo('');
    t.integer('notice_id').nullable().references('notices.id');
    t.integer('payment_id').nullable().references('payments.id');
    /** alta | normal | baja */
    t.string('priority', 10).notNullable();
    /** pendiente | asignada | ejecutada | fallida | anulada */
    t.string('state', 10).notNullable();
    t.integer('crew_id').nullable().references('crews.id');
    t.string('business_date', 10).notNullable();
    t.string('created_at', 30).notNullable();
    t.integer('created_by').nullable().references('users.id');
    t.string('created_by_name', 40).notNullable();
    t.string('due_at', 30).notNullable();
    t.string('assigned_at', 30).nullable();
    /** the result from the field */
    t.string('executed_at', 30).nullable();
    t.string('executed_by', 80).notNullable().defaultTo('');
    t.integer('meter_reading').nullable();
    t.string('seal_number', 40).notNullable().defaultTo('');
    t.string('observations', 500).notNullable().defaultTo('');
    t.string('failure_cause', 30).nullable().references('work_order_failure_causes.code');
    t.string('result_recorded_at', 30).nullable();
    t.string('result_recorded_by', 40).nullable();
    /** a reconnection: the executed suspension it undoes (its charge is legal only then) and the charge */
    t.integer('suspension_order_id').nullable().references('work_orders.id');
    t.integer('charge_id').nullable().references('account_charges.id');
    t.string('cancelled_at', 30).nullable();
    t.string('cancel_reason', 300).notNullable().defaultTo('');
    t.string('cancelled_by', 40).nullable();
    t.unique(['office_id', 'number']);
    t.index(['office_id', 'state', 'type']);
    /** the board's open orders, most urgent first */
    t.index(['office_id', 'state', 'due_at']);
    t.index(['office_id', 'type', 'state']);
    t.index(['number']);
    t.index(['account_id']);
    t.index(['crew_id', 'state']);
    t.index(['notice_id']);
    t.index(['payment_id']);
  });
  // the board's route filter goes from the route's accounts to their orders
  await knex.schema.alterTable('accounts', (t) => t.index(['route'], 'accounts_route'));
  await knex.raw(`CREATE UNIQUE INDEX work_orders_open_reconnection ON work_orders (account_id) WHERE type = 'reconexion' AND state IN ('pendiente', 'asignada')`);
  await knex.raw(`CREATE UNIQUE INDEX work_orders_open_suspension ON work_orders (account_id) WHERE type = 'suspension' AND state IN ('pendiente', 'asignada')`);

  await knex.schema.createTable('work_order_photos', (t) => {
    t.increments('id');
    t.integer('work_order_id').notNullable().references('work_orders.id');
    t.string('file_name', 200).notNullable();
    t.string('mime_type', 120).notNullable();
    /** path under the data folder: attachments/<yyyy>/<sha256>.<ext> */
    t.string('stored_path', 300).notNullable();
    t.string('sha256', 64).notNullable();
    t.integer('size_bytes').notNullable();
    t.string('uploaded_at', 30).notNullable();
    t.string('uploaded_by', 40).notNullable();
    t.index(['work_order_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => t.dropIndex(['route'], 'accounts_route'));
  for (const name of ['work_order_photos', 'work_orders', 'crews', 'work_order_failure_causes', 'work_order_types']) await knex.schema.dropTableIfExists(name);
}
