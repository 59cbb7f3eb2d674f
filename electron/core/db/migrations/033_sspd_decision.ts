import type { Knex } from 'knex';

/**
 * Issue 19, the SSPD's decision on a recurso de apelación sent to it (Ley 142 de 1994, art. 159): the
 * outcome ('confirma' | 'revoca' | 'modifica' the company's decision), the SSPD's resolution number and
 * date, and a note, on the PQR that was sent; and the index the indicators count decisions by (the
 * resolution date, with the outcome so the count by outcome is read from the index).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('pqrs', (t) => {
    t.string('sspd_decision', 10).nullable();
    t.string('sspd_resolution_number', 40).nullable();
    t.string('sspd_resolution_date', 10).nullable();
    t.string('sspd_decision_note', 500).nullable();
    t.index(['sspd_resolution_date', 'sspd_decision'], 'pqrs_sspd_resolution_indicators');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('pqrs', (t) => {
    t.dropIndex(['sspd_resolution_date', 'sspd_decision'], 'pqrs_sspd_resolution_indicators');
    t.dropColumn('sspd_decision');
    t.dropColumn('sspd_resolution_number');
    t.dropColumn('sspd_resolution_date');
    t.dropColumn('sspd_decision_note');
  });
}
