import type { Knex } from 'knex';

/** placeholder: filled by the engineer who owns it this session */
export async function up(_knex: Knex): Promise<void> {}

export async function down(_knex: Knex): Promise<void> {}
