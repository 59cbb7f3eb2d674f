import type { Knex } from 'knex';

/**
 * Slot reserved for issue 15 (cartera y telecobro): campaigns, queues, contacts, commitments, contact authorisations, commissions.
 * The work on that issue fills it; a slot still empty when its issue lands is removed.
 */
export async function up(_knex: Knex): Promise<void> {}

export async function down(_knex: Knex): Promise<void> {}
