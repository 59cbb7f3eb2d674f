import type { Knex } from 'knex';

/**
 * Issue 18, the rest: the other acts handed to the billing system (novedades, acuerdos, órdenes,
 * cobros, contactos, pqr-ajustes) and the delivery of every file to the office's folder.
 *
 * - `exchange_exports.content`: the bytes of an act file (small, a day's acts), kept so a re-send
 *   is the same bytes; a recaudo file is rebuilt from its payments instead (null).
 * - `exchange_exports.delivery_*`: where the file went, or why it is still pending.
 * - `exchange_export_items`: which act went in which file, so an act leaves once per kind.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('exchange_exports', (t) => {
    t.text('content').nullable();
    /** 'no_aplica' (no folder set: downloaded) | 'pendiente' | 'entregado' */
    t.string('delivery_state', 10).notNullable().defaultTo('no_aplica');
    t.string('delivery_path', 400).notNullable().defaultTo('');
    t.string('delivery_error', 300).notNullable().defaultTo('');
    t.integer('delivery_attempts').notNullable().defaultTo(0);
    t.string('delivered_at', 30).nullable();
  });
  await knex.schema.createTable('exchange_export_items', (t) => {
    t.integer('export_id').notNullable().references('exchange_exports.id');
    /** the export's kind, repeated so that one act goes in one file of its kind */
    t.string('kind', 20).notNullable();
    /** the act: e.g. '<payment id>:<original export id>' for a reversal, '<agreement id>:firmado' */
    t.string('item_key', 60).notNullable();
    t.primary(['export_id', 'item_key']);
    t.unique(['kind', 'item_key']);
  });
  await knex.schema.alterTable('exchange_exports', (t) => t.index(['delivery_state']));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('exchange_export_items');
  await knex.schema.alterTable('exchange_exports', (t) => t.dropIndex(['delivery_state']));
  await knex.schema.alterTable('exchange_exports', (t) => {
    t.dropColumn('delivered_at');
    t.dropColumn('delivery_attempts');
    t.dropColumn('delivery_error');
    t.dropColumn('delivery_path');
    t.dropColumn('delivery_state');
    t.dropColumn('content');
  });
}
