import type { Knex } from 'knex';

/**
 * Slot reserved for issue 12 (hardening): login, unlock and approval attempts, temporary passwords, server-side idle lock.
 * The work on that issue fills it; a slot still empty when its issue lands is removed.
 */
export async function up(_knex: Knex): Promise<void> {}

export async function down(_knex: Knex): Promise<void> {}
