import type { Knex } from 'knex';

/**
 * Issue 14 (the counter), findings 6 and 18, in the letter templates already in a database
 * (new databases get them from resources/tables/letter-templates.json):
 * - letters agree in gender with the kind of request ("su reclamo radicado", "su petición
 *   radicada"): "su {{tipo}} radicada" becomes "su {{tipo}} {{radicada}}", where {{radicada}} agrees
 *   with the type;
 * - one spelling of "periodo" (without the accent, as the rest of the product writes it).
 * Only those words change; the rest of each template stays as the administrator left it.
 */
const CHANGES: [from: string, to: string][] = [
  ['{{tipo}} radicada', '{{tipo}} {{radicada}}'],
  ['período', 'periodo'],
  ['Período', 'Periodo'],
];

async function replaceInTemplates(knex: Knex, pairs: [string, string][]): Promise<void> {
  for (const [from, to] of pairs) {
    for (const column of ['subject', 'body'] as const) {
      await knex('letter_templates')
        .where(column, 'like', `%${from}%`)
        .update({ [column]: knex.raw('REPLACE(??, ?, ?)', [column, from, to]) });
    }
  }
}

export async function up(knex: Knex): Promise<void> {
  await replaceInTemplates(knex, CHANGES);
}

export async function down(knex: Knex): Promise<void> {
  // the spelling stays: only the placeholder goes back
  await replaceInTemplates(knex, [['{{tipo}} {{radicada}}', '{{tipo}} radicada']]);
}
