import type { Knex } from 'knex';

/**
 * Shipped empty (a slot laid out for a module that was not ready). Databases that ran it keep its name
 * in knex_migrations, so it stays here, empty, forever: the module's tables go in a new migration
 * numbered after the last one (filling this one would never run on those databases).
 */
export async function up(_knex: Knex): Promise<void> {}

export async function down(_knex: Knex): Promise<void> {}
