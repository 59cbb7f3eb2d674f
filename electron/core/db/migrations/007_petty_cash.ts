import type { Knex } from 'knex';

/**
 * Petty cash (caja menor): the fund of an office for a year, its budget lines (rubros), expense
 * vouchers with their supports, advances, reimbursements (and which vouchers each one carried),
 * arqueos and cash transfers with the till.
 *
 * Money is bigint minor units, business dates 'YYYY-MM-DD' text, timestamps ISO text. One open fund
 * per office and one pending reimbursement per fund are enforced by partial unique indexes (both
 * engines accept `CREATE UNIQUE INDEX … WHERE`).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('petty_cash_funds', (t) => {
    t.increments('id');
    t.integer('office_id').notNullable().references('offices.id');
    t.integer('year').notNullable();
    t.string('resolution_number', 40).notNullable();
    t.string('resolution_date', 10).notNullable();
    t.bigInteger('amount').notNullable();
    t.integer('custodian_id').notNullable().references('users.id');
    t.integer('threshold_percent').notNullable();
    t.bigInteger('max_per_expense').notNullable();
    /** JSON string[] */
    t.text('forbidden_concepts_json').notNullable();
    /** 'abierta' | 'legalizada' */
    t.string('state', 12).notNullable();
    t.integer('opened_by').nullable().references('users.id');
    t.string('opened_at', 30).notNullable();
    t.string('closed_at', 30).nullable();
    /** expense dates on or before this are refused */
    t.string('closed_through', 10).nullable();
    /** the final legalisation: its date, the cash handed back and returned − available (negative: faltante) */
    t.string('legalized_on', 10).nullable();
    t.integer('legalized_by').nullable().references('users.id');
    t.bigInteger('returned_cash').nullable();
    t.bigInteger('legalization_difference').nullable();
    t.string('legalization_note', 500).notNullable().defaultTo('');
    t.index(['office_id', 'year']);
  });
  await knex.raw(`CREATE UNIQUE INDEX petty_cash_funds_open_office ON petty_cash_funds (office_id) WHERE state = 'abierta'`);

  await knex.schema.createTable('petty_cash_budget_lines', (t) => {
    t.increments('id');
    t.integer('fund_id').notNullable().references('petty_cash_funds.id');
    t.string('code', 20).notNullable();
    t.string('name', 120).notNullable();
    t.bigInteger('limit_amount').notNullable();
    t.unique(['fund_id', 'code']);
  });

  await knex.schema.createTable('petty_cash_advances', (t) => {
    t.increments('id');
    t.integer('fund_id').notNullable().references('petty_cash_funds.id');
    /** AN-GAR-2026-0001, consecutive per fund */
    t.string('number', 30).notNullable().unique();
    t.string('date', 10).notNullable();
    t.string('payee_id_type', 4).notNullable();
    t.string('payee_id_number', 20).notNullable();
    t.string('payee_name', 120).notNullable();
    t.string('concept', 200).notNullable();
    t.integer('budget_line_id').notNullable().references('petty_cash_budget_lines.id');
    t.bigInteger('amount').notNullable();
    /** 'abierto' | 'legalizado' */
    t.string('state', 12).notNullable();
    t.integer('settled_expense_id').nullable();
    t.bigInteger('returned_cash').nullable();
    t.integer('created_by').nullable().references('users.id');
    t.string('created_at', 30).notNullable();
    t.index(['fund_id', 'state']);
  });

  await knex.schema.createTable('petty_cash_reimbursements', (t) => {
    t.increments('id');
    t.integer('fund_id').notNullable().references('petty_cash_funds.id');
    /** RE-GAR-2026-0001, consecutive per fund */
    t.string('number', 30).notNullable().unique();
    /** 'solicitado' | 'aprobado' | 'rechazado' */
    t.string('state', 12).notNullable();
    t.integer('requested_by').nullable().references('users.id');
    t.string('requested_at', 30).notNullable();
    t.integer('decided_by').nullable().references('users.id');
    t.string('decided_at', 30).nullable();
    t.string('note', 500).notNullable().defaultTo('');
    t.bigInteger('total').notNullable();
    t.bigInteger('approved_total').nullable();
    t.index(['fund_id']);
  });
  await knex.raw(`CREATE UNIQUE INDEX petty_cash_reimbursements_pending ON petty_cash_reimbursements (fund_id) WHERE state = 'solicitado'`);

  await knex.schema.createTable('petty_cash_expenses', (t) => {
    t.increments('id');
    t.integer('fund_id').notNullable().references('petty_cash_funds.id');
    /** CM-GAR-2026-0001, consecutive per fund */
    t.string('number', 30).notNullable().unique();
    t.string('date', 10).notNullable();
    t.string('payee_id_type', 4).notNullable();
    t.string('payee_id_number', 20).notNullable();
    t.string('payee_name', 120).notNullable();
    t.string('concept', 200).notNullable();
    t.integer('budget_line_id').notNullable().references('petty_cash_budget_lines.id');
    t.bigInteger('amount').notNullable();
    t.bigInteger('withholdings').notNullable().defaultTo(0);
    /** pendiente_soporte | registrado | en_reembolso | reembolsado | rechazado | legalizado */
    t.string('state', 20).notNullable();
    t.string('support_file_name', 200).nullable();
    t.string('support_mime_type', 120).nullable();
    t.integer('support_size').nullable();
    t.string('support_sha256', 64).nullable();
    /** relative to the data folder */
    t.string('support_path', 300).nullable();
    t.integer('advance_id').nullable().references('petty_cash_advances.id');
    /** the request it is in (or was approved/rejected in last) */
    t.integer('reimbursement_id').nullable().references('petty_cash_reimbursements.id');
    t.string('rejected_reason', 300).nullable();
    /** the screen's key: a resend with the same key returns the first expense */
    t.string('idempotency_key', 64).nullable().unique();
    t.integer('created_by').nullable().references('users.id');
    t.string('created_by_name', 100).notNullable().defaultTo('');
    t.string('created_at', 30).notNullable();
    t.index(['fund_id', 'state']);
    t.index(['fund_id', 'payee_id_number', 'date']);
  });

  /** the vouchers a reimbursement carried and what happened to each */
  await knex.schema.createTable('petty_cash_reimbursement_items', (t) => {
    t.increments('id');
    t.integer('reimbursement_id').notNullable().references('petty_cash_reimbursements.id');
    t.integer('expense_id').notNullable().references('petty_cash_expenses.id');
    t.bigInteger('amount').notNullable();
    /** 'solicitado' | 'aprobado' | 'rechazado' */
    t.string('outcome', 12).notNullable();
    t.string('rejected_reason', 300).nullable();
    t.unique(['reimbursement_id', 'expense_id']);
  });

  await knex.schema.createTable('petty_cash_arqueos', (t) => {
    t.increments('id');
    t.integer('fund_id').notNullable().references('petty_cash_funds.id');
    t.string('at', 30).notNullable();
    t.integer('counted_by').nullable().references('users.id');
    t.string('counted_by_name', 100).notNullable();
    t.integer('custodian_id').notNullable().references('users.id');
    t.boolean('surprise').notNullable();
    /** JSON DenominationCount[] */
    t.text('cash_count_json').notNullable();
    t.bigInteger('cash').notNullable();
    t.bigInteger('vouchers_on_hand').notNullable();
    t.bigInteger('advances_on_hand').notNullable();
    /** fund amount + net transfers: what cash + papers should add up to */
    t.bigInteger('expected').notNullable();
    /** counted − expected: negative is a faltante */
    t.bigInteger('difference').notNullable();
    /** the books at the moment of the count, for the acta */
    t.bigInteger('system_cash').notNullable();
    t.bigInteger('system_vouchers').notNullable();
    t.bigInteger('system_advances').notNullable();
    t.string('note', 500).notNullable().defaultTo('');
    t.index(['fund_id']);
  });

  await knex.schema.createTable('petty_cash_transfers', (t) => {
    t.increments('id');
    t.integer('fund_id').notNullable().references('petty_cash_funds.id');
    t.string('at', 30).notNullable();
    /** 'caja_a_fondo' | 'fondo_a_caja' */
    t.string('direction', 14).notNullable();
    t.bigInteger('amount').notNullable();
    t.integer('user_id').notNullable().references('users.id');
    t.integer('session_id').notNullable().references('cash_sessions.id');
    t.integer('till_id').notNullable().references('tills.id');
    t.integer('cash_movement_id').notNullable().references('cash_movements.id');
    t.string('note', 300).notNullable().defaultTo('');
    t.index(['fund_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'petty_cash_transfers',
    'petty_cash_arqueos',
    'petty_cash_reimbursement_items',
    'petty_cash_expenses',
    'petty_cash_reimbursements',
    'petty_cash_advances',
    'petty_cash_budget_lines',
    'petty_cash_funds',
  ])
    await knex.schema.dropTableIfExists(table);
}
