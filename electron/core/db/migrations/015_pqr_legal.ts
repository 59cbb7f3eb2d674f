import type { Knex } from 'knex';

/**
 * Slot reserved for issue 13 (legal exactness): received-at, completion requests, pauses for pruebas, traslado, notification by publication, silencio positivo recognition.
 * The work on that issue fills it; a slot still empty when its issue lands is removed.
 */
export async function up(_knex: Knex): Promise<void> {}

export async function down(_knex: Knex): Promise<void> {}
