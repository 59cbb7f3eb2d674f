import type { Knex } from 'knex';
import pqrTerms from '../../../../resources/tables/pqr-terms.json';
import suiCausales from '../../../../resources/tables/sui-causales.json';

/**
 * PQR and correspondence, first part (issue 4): radicados (one sequence per kind, office and year;
 * never reused, annulled ones stay), PQRs with their legal term in business days, attachments
 * (files in the data folder, SHA-256 here), the unalterable history, the per-country terms table
 * and the SUI causales table (both editable by the administrator).
 */
export async function up(knex: Knex): Promise<void> {
  /** legal term per country and type; seeded from resources/tables/pqr-terms.json */
  await knex.schema.createTable('pqr_terms', (t) => {
    t.increments('id');
    t.string('country', 2).notNullable();
    t.string('type', 30).notNullable();
    t.integer('term_business_days').notNullable();
    t.string('basis', 200).notNullable();
    t.unique(['country', 'type']);
  });

  /** SUI causales: group F (facturación) / P (prestación) and the 3-digit detail code */
  await knex.schema.createTable('sui_causales', (t) => {
    t.increments('id');
    t.string('group', 1).notNullable();
    t.string('code', 3).notNullable();
    t.string('name', 160).notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.unique(['group', 'code']);
  });

  await knex.schema.createTable('radicados', (t) => {
    t.increments('id');
    /** as printed, e.g. 2026-GAR-P-000123 (unique) */
    t.string('number', 40).notNullable().unique();
    t.integer('year').notNullable();
    t.integer('office_id').notNullable().references('offices.id');
    /** entrada | salida | interna | pqr */
    t.string('kind', 10).notNullable();
    t.integer('sequence').notNullable();
    t.string('filed_at', 30).notNullable();
    t.string('business_date', 10).notNullable();
    t.integer('filed_by').nullable().references('users.id');
    /** 'vigente' | 'anulado' */
    t.string('status', 10).notNullable().defaultTo('vigente');
    t.string('annul_reason', 500).nullable();
    t.integer('annulled_by').nullable().references('users.id');
    t.string('annulled_at', 30).nullable();
    t.unique(['office_id', 'year', 'kind', 'sequence']);
  });

  await knex.schema.createTable('pqrs', (t) => {
    t.increments('id');
    t.integer('radicado_id').notNullable().unique().references('radicados.id');
    t.integer('office_id').notNullable().references('offices.id');
    t.string('type', 30).notNullable();
    t.string('channel', 12).notNullable();
    t.integer('causal_id').nullable().references('sui_causales.id');
    t.integer('account_id').nullable().references('accounts.id');
    t.integer('invoice_id').nullable().references('invoices.id');
    t.string('petitioner_name', 120).notNullable();
    t.string('petitioner_id_type', 3).nullable();
    t.string('petitioner_id_number', 20).notNullable().defaultTo('');
    t.string('petitioner_phone', 40).notNullable().defaultTo('');
    t.string('petitioner_email', 120).notNullable().defaultTo('');
    t.string('petitioner_address', 160).notNullable().defaultTo('');
    t.boolean('accepts_electronic').notNullable().defaultTo(false);
    t.string('subject', 200).notNullable();
    t.text('body').notNullable();
    t.integer('pages').notNullable();
    t.integer('annexes').notNullable();
    t.string('destination', 120).notNullable().defaultTo('');
    /** radicada | asignada | suspendida | respondida | cerrada | anulada */
    t.string('state', 12).notNullable();
    t.integer('assigned_to').nullable().references('users.id');
    t.integer('filed_by').nullable().references('users.id');
    /** business date of filing (day 1 is the next business day) */
    t.string('filed_date', 10).notNullable();
    t.integer('term_business_days').notNullable();
    t.string('original_due_date', 10).notNullable();
    /** the date the answer is due now (after pauses and the extension); null while paused */
    t.string('due_date', 10).nullable();
    /** pause: reason, since (business date) and the business days that were left */
    t.string('pause_reason', 20).nullable();
    t.string('paused_since', 10).nullable();
    t.integer('paused_remaining').nullable();
    t.string('extension_due_date', 10).nullable();
    t.text('extension_reasons').nullable();
    t.string('extended_at', 30).nullable();
    t.string('answered_at', 30).nullable();
    t.string('closed_at', 30).nullable();
    t.string('closed_result', 500).nullable();
    /** normalizeForSearch of petitioner name + id + subject + body, for the words search */
    t.text('search_text').notNullable();
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
    t.index(['office_id', 'state', 'due_date']);
    t.index(['assigned_to', 'state', 'due_date']);
    t.index(['account_id']);
    t.index(['petitioner_id_number']);
    t.index(['filed_date']);
  });

  await knex.schema.createTable('pqr_attachments', (t) => {
    t.increments('id');
    t.integer('pqr_id').notNullable().references('pqrs.id');
    t.string('file_name', 200).notNullable();
    /** path under the data folder: attachments/<yyyy>/<sha256>.<ext> */
    t.string('stored_path', 300).notNullable();
    t.string('mime_type', 120).notNullable();
    t.integer('size').notNullable();
    t.string('sha256', 64).notNullable();
    t.integer('uploaded_by').nullable().references('users.id');
    t.string('uploaded_at', 30).notNullable();
    t.index(['pqr_id']);
  });

  /** the history of a PQR: rows are only ever inserted */
  await knex.schema.createTable('pqr_events', (t) => {
    t.increments('id');
    t.integer('pqr_id').notNullable().references('pqrs.id');
    t.string('at', 30).notNullable();
    t.integer('user_id').nullable().references('users.id');
    t.string('user_name', 100).notNullable();
    t.string('action', 20).notNullable();
    t.text('detail_json').notNullable();
    t.index(['pqr_id', 'id']);
  });

  await seedPqrTables(knex);
}

/** The default terms per country and the SUI causales, from resources/tables (editable afterwards). */
async function seedPqrTables(knex: Knex): Promise<void> {
  const terms: { country: string; type: string; term_business_days: number; basis: string }[] = [];
  for (const [country, byType] of Object.entries(pqrTerms)) {
    if (country.startsWith('_')) continue;
    for (const [type, { term, basis }] of Object.entries(byType as Record<string, { term: number; basis: string }>)) {
      terms.push({ country, type, term_business_days: term, basis });
    }
  }
  await knex('pqr_terms').insert(terms);
  const causales = suiCausales.causales.map((c) => ({ group: c.group, code: c.code, name: c.name, active: true }));
  for (let i = 0; i < causales.length; i += 50) await knex('sui_causales').insert(causales.slice(i, i + 50));
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['pqr_events', 'pqr_attachments', 'pqrs', 'radicados', 'sui_causales', 'pqr_terms']) await knex.schema.dropTableIfExists(table);
}
