import type { Knex } from 'knex';
import pqrTerms from '../../../../resources/tables/pqr-terms.json';
import legalRules from '../../../../resources/tables/pqr-legal-rules.json';
import letterTemplates from '../../../../resources/tables/letter-templates.json';

/**
 * Legal exactness of PQR terms, notification and suspension (issue 13):
 * - offices: the closing hour after which a petition counts as received the next business day;
 * - pqr_terms: whether each row admits the Ley 1755 extension, whether silencio positivo applies,
 *   the rule in Spanish; the row peticion_servicio (a petición about the service, Ley 142);
 * - pqr_legal_rules: the other rules per country with their source (resources/tables/pqr-legal-rules.json);
 * - pqrs: received date and time with its evidence, the day the term counts from, the term's rules
 *   as they were at filing, the request to complete and the desistimiento, the pruebas used and the
 *   pause's limit, the traslado's, citación's and aviso's dates, silencio positivo and its recognition;
 * - pqr_notifications: the time and evidence of an electronic access, the place and reason of a
 *   publication, the reason of a late citación;
 * - letter_templates: the desistimiento tácito, the recognition of silencio positivo and the
 *   constancia of publication; the citación counts from its sending and the suspension notice
 *   states the recursos (updated only where the default text was never edited).
 */

interface TermEntry {
  term: number;
  basis: string;
  extension: boolean;
  silencio: boolean;
  rule: string;
}

interface RuleEntry {
  value: number | null;
  basis: string;
  explanation: string;
}

/** the default texts this migration replaces, as 005 seeded them */
const OLD_CITACION =
  'Respetado(a) señor(a) {{peticionario}}:\n\nLe solicitamos presentarse en nuestra oficina de {{ciudad}} ({{oficina}}), dentro de los cinco (5) días hábiles siguientes al recibo de esta citación, para notificarse personalmente de la decisión contenida en la comunicación No. {{radicado_respuesta}} del {{fecha_respuesta}}, que responde su {{tipo}} radicada con el número {{radicado}}.\n\nSi no comparece dentro de ese plazo, la decisión se le notificará por aviso (Ley 1437 de 2011, arts. 68 y 69).\n\nCordialmente,';
const OLD_SUSPENSION =
  'Señor(a) {{titular}}:\n\nLa cuenta {{cuenta}}, del predio ubicado en {{direccion_predio}}, registra {{periodos}} períodos sin pagar por un total de {{deuda}}.\n\nDe acuerdo con el artículo 140 de la Ley 142 de 1994, si el pago no se realiza antes del {{fecha_suspension}}, el servicio será suspendido. La reconexión causará el cobro correspondiente.\n\nSi ya realizó el pago, haga caso omiso de este aviso.\n\nCordialmente,';

const NEW_TEMPLATE_KINDS = ['pqr_desistimiento', 'pqr_silencio_positivo', 'pqr_publicacion'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('offices', (t) => {
    /** 'HH:MM': a petition received after it counts as received the next business day; null: no closing hour */
    t.string('closing_time', 5).nullable();
  });

  await knex.schema.alterTable('pqr_terms', (t) => {
    t.boolean('admits_extension').notNullable().defaultTo(true);
    t.boolean('silencio_positivo').notNullable().defaultTo(false);
    t.string('rule', 600).notNullable().defaultTo('');
  });
  const terms = pqrTerms as unknown as Record<string, Record<string, TermEntry> | string>;
  for (const [country, byKey] of Object.entries(terms)) {
    if (country.startsWith('_') || typeof byKey === 'string') continue;
    for (const [type, entry] of Object.entries(byKey)) {
      const rules = { admits_extension: entry.extension, silencio_positivo: entry.silencio, rule: entry.rule };
      const existing = await knex('pqr_terms').where({ country, type }).first('id');
      if (existing) await knex('pqr_terms').where({ id: existing.id }).update(rules);
      else await knex('pqr_terms').insert({ country, type, term_business_days: entry.term, basis: entry.basis, ...rules });
    }
  }

  await knex.schema.createTable('pqr_legal_rules', (t) => {
    t.increments('id');
    t.string('country', 2).notNullable();
    /** a LegalRuleKey */
    t.string('key', 40).notNullable();
    t.integer('value').nullable();
    t.string('basis', 200).notNullable();
    t.string('explanation', 600).notNullable();
    t.unique(['country', 'key']);
  });
  const rules: { country: string; key: string; value: number | null; basis: string; explanation: string }[] = [];
  for (const [country, byKey] of Object.entries(legalRules as unknown as Record<string, Record<string, RuleEntry> | string>)) {
    if (country.startsWith('_') || typeof byKey === 'string') continue;
    for (const [key, r] of Object.entries(byKey)) rules.push({ country, key, value: r.value, basis: r.basis, explanation: r.explanation });
  }
  await knex('pqr_legal_rules').insert(rules);

  await knex.schema.alterTable('pqrs', (t) => {
    /** when the petition was received (ISO timestamp), the proof when earlier than the filing, its business date */
    t.string('received_at', 30).nullable();
    t.string('received_evidence', 300).notNullable().defaultTo('');
    t.string('received_date', 10).nullable();
    /** the date day 1 counts after: the day received, or the next business day when received after closing */
    t.string('term_start_date', 10).nullable();
    /** received on an earlier business day than filed */
    t.boolean('entered_late').notNullable().defaultTo(false);
    /** the row of pqr_terms and its rules, as they were at filing */
    t.string('term_key', 30).nullable();
    t.boolean('admits_extension').notNullable().defaultTo(true);
    t.boolean('silencio_applies').notNullable().defaultTo(false);
    /** a reclamo about an invoice issued more than 5 months before (Ley 142 art. 154) */
    t.boolean('invoice_claim_late').notNullable().defaultTo(false);
    /** pause: the evidence ordered (pruebas) and the pause's last day; business days used for pruebas in all */
    t.string('pause_evidence', 500).notNullable().defaultTo('');
    t.string('pause_limit_date', 10).nullable();
    t.integer('pruebas_used_days').notNullable().defaultTo(0);
    /** Ley 1755 art. 17: the request to complete, the end of the petitioner's month, the day completed */
    t.string('completion_requested_on', 10).nullable();
    t.string('completion_deadline', 10).nullable();
    t.string('completed_on', 10).nullable();
    /** the petitioner asked, before the month ended, for another one (once) */
    t.boolean('completion_extended').notNullable().defaultTo(false);
    /** desistimiento tácito: the act's date and its letter (correspondence) */
    t.string('desisted_on', 10).nullable();
    // correspondence ids, without a FOREIGN KEY clause: on SQLite a column with one makes knex rebuild
    // pqrs, which would drop the triggers of the words index (011_pqr_words)
    t.integer('desistimiento_letter_id').nullable();
    /** traslado por competencia drafted: its own due date (Ley 1755 art. 21) */
    t.string('transfer_due_date', 10).nullable();
    /** notification: last day for the citación; first day for the aviso */
    t.string('citacion_due_date', 10).nullable();
    t.string('aviso_from_date', 10).nullable();
    /** silencio positivo: the day it occurred, the end of the recognition hours (ISO), the act */
    t.string('silencio_on', 10).nullable();
    t.string('silencio_recognize_by', 30).nullable();
    t.string('silencio_recognized_on', 10).nullable();
    t.integer('silencio_letter_id').nullable();
    t.index(['received_date']);
  });
  // the PQRs filed before: received when filed, the term counted from the filing, their type's rules
  await knex('pqrs').update({ received_at: knex.ref('created_at'), received_date: knex.ref('filed_date'), term_start_date: knex.ref('filed_date'), term_key: knex.ref('type') });
  const company: { country: string } | undefined = await knex('company').first('country');
  const termRows: { type: string; admits_extension: boolean | number; silencio_positivo: boolean | number }[] = await knex('pqr_terms')
    .where({ country: company?.country ?? 'CO' })
    .select('type', 'admits_extension', 'silencio_positivo');
  for (const r of termRows) {
    await knex('pqrs').where({ type: r.type }).update({ admits_extension: Boolean(r.admits_extension), silencio_applies: Boolean(r.silencio_positivo) });
  }

  await knex.schema.alterTable('pqr_notifications', (t) => {
    /** acceso: 'HH:MM' of the certified access */
    t.string('step_time', 5).nullable();
    /** acceso: the evidence of the access; publicación: the returned aviso */
    t.string('evidence', 300).notNullable().defaultTo('');
    /** publicación: where, and why (direccion_desconocida | aviso_devuelto) */
    t.string('place', 200).notNullable().defaultTo('');
    t.string('publication_reason', 30).nullable();
    /** a citación after its term: the coordinator's reason */
    t.string('late_reason', 500).notNullable().defaultTo('');
  });

  const now = new Date().toISOString();
  const seeded = letterTemplates.templates.filter((x) => NEW_TEMPLATE_KINDS.includes(x.kind));
  for (const x of seeded) {
    const exists = await knex('letter_templates').where({ kind: x.kind }).first('id');
    if (!exists) await knex('letter_templates').insert({ kind: x.kind, name: x.name, subject: x.subject, body: x.body, active: true, updated_at: now });
  }
  for (const [kind, old] of [
    ['pqr_citacion', OLD_CITACION],
    ['aviso_suspension', OLD_SUSPENSION],
  ] as const) {
    const fresh = letterTemplates.templates.find((x) => x.kind === kind);
    if (fresh) await knex('letter_templates').where({ kind, body: old }).update({ body: fresh.body, updated_at: now });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex('letter_templates').whereIn('kind', NEW_TEMPLATE_KINDS).delete();
  await knex.schema.alterTable('pqr_notifications', (t) => {
    for (const c of ['step_time', 'evidence', 'place', 'publication_reason', 'late_reason']) t.dropColumn(c);
  });
  await knex.schema.alterTable('pqrs', (t) => {
    t.dropIndex(['received_date']);
    for (const c of [
      'received_at',
      'received_evidence',
      'received_date',
      'term_start_date',
      'entered_late',
      'term_key',
      'admits_extension',
      'silencio_applies',
      'invoice_claim_late',
      'pause_evidence',
      'pause_limit_date',
      'pruebas_used_days',
      'completion_requested_on',
      'completion_deadline',
      'completed_on',
      'completion_extended',
      'desisted_on',
      'desistimiento_letter_id',
      'transfer_due_date',
      'citacion_due_date',
      'aviso_from_date',
      'silencio_on',
      'silencio_recognize_by',
      'silencio_recognized_on',
      'silencio_letter_id',
    ])
      t.dropColumn(c);
  });
  await knex.schema.dropTableIfExists('pqr_legal_rules');
  await knex('pqr_terms').where({ type: 'peticion_servicio' }).delete();
  await knex.schema.alterTable('pqr_terms', (t) => {
    for (const c of ['admits_extension', 'silencio_positivo', 'rule']) t.dropColumn(c);
  });
  await knex.schema.alterTable('offices', (t) => t.dropColumn('closing_time'));
}
