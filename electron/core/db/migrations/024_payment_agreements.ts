import type { Knex } from 'knex';
import letterTemplates from '../../../../resources/tables/letter-templates.json';

/**
 * Issue 16, acuerdos de pago. The agreement, the debts it includes (with their balance when it was
 * signed), its planned schedule, the usury rates the administrator enters each period, and the moves
 * an agreement makes on a debt's balance (not a cash payment: the novación takes the included debts,
 * a void of the down payment gives them back, an expired down payment and a broken agreement close
 * their own charges). The down payment, each installment and the principal returned by a broken
 * agreement are rows of `account_charges` linked to the agreement, so the cashier, the bank files,
 * receipts, voids and closing take them with no new money path.
 *
 * An other charge gets a due date (installments carry theirs; a charge without one is due on its
 * business_date) and a payment reference (the installment coupon's GS1-128). The charge items the
 * agreement uses are `system` items: not on the price list, not editable.
 */
const SYSTEM_ITEMS = [
  { code: 'ACUERDO-INICIAL', name: 'Cuota inicial de acuerdo de pago' },
  { code: 'ACUERDO-CUOTA', name: 'Cuota de acuerdo de pago' },
  { code: 'ACUERDO-SALDO', name: 'Saldo de acuerdo de pago incumplido' },
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('charge_items', (t) => {
    /** an item the back office uses itself (agreements): never on the price list, never edited */
    t.boolean('system').notNullable().defaultTo(false);
  });
  await knex('charge_items').insert(SYSTEM_ITEMS.map((i) => ({ ...i, amount: 0, active: false, system: true })));

  await knex.schema.createTable('payment_agreements', (t) => {
    t.increments('id');
    t.integer('office_id').notNullable().references('offices.id');
    t.integer('account_id').notNullable().references('accounts.id');
    /** AP-AAAA-000001, per office and year (counter 'agreement:<officeId>:<year>') */
    t.string('number', 20).notNullable();
    /** pendiente (waits for its down payment) | activo | cumplido | incumplido | vencido (down payment not paid in time) | anulado */
    t.string('state', 12).notNullable();
    /** al_dia | en_mora, set by the monitor while active */
    t.string('health', 10).notNullable().defaultTo('al_dia');
    /** presencial | telefono */
    t.string('channel', 12).notNullable();
    t.string('signer_name', 120).notNullable();
    t.string('signer_id_number', 20).notNullable();
    /** titular | propietario (co-obligated when not the holder) | arrendatario (needs the subscriber's written authorisation) */
    t.string('signer_relation', 12).notNullable();
    /** the written authorisation of the subscriber, for a tenant (SSPD OJU-2010-13) */
    t.string('authorisation', 300).notNullable().defaultTo('');
    /** the customer's express consent to include an invoice under an open reclamo */
    t.string('reclamo_consent', 300).notNullable().defaultTo('');
    t.bigInteger('debt_total').notNullable();
    t.bigInteger('down_payment').notNullable();
    /** debt_total − down_payment */
    t.bigInteger('financed').notNullable();
    t.integer('annual_rate_bp').notNullable();
    /** the usury rate in force when it was signed (0 when no interest was charged and none was entered) */
    t.integer('usury_rate_bp').notNullable();
    t.integer('installments').notNullable();
    t.string('first_due_date', 10).notNullable();
    t.integer('day_of_month').notNullable();
    t.bigInteger('total_interest').notNullable();
    t.string('down_payment_deadline', 10).notNullable();
    t.integer('down_payment_charge_id').nullable().references('account_charges.id');
    t.integer('approved_by').nullable().references('users.id');
    t.string('business_date', 10).notNullable();
    t.integer('created_by').nullable().references('users.id');
    t.string('created_at', 30).notNullable();
    t.string('activated_on', 10).nullable();
    t.integer('activated_by_payment_id').nullable().references('payments.id');
    t.string('ended_on', 10).nullable();
    t.string('end_reason', 300).notNullable().defaultTo('');
    t.string('idempotency_key', 64).notNullable();
    /** the acta sent by certified mail: its outgoing correspondence (radicado de salida, delivery) */
    t.integer('correspondence_id').nullable().references('correspondence.id');
    t.unique(['office_id', 'number']);
    t.unique(['office_id', 'idempotency_key']);
    t.index(['account_id', 'state']);
    t.index(['state', 'office_id']);
  });
  // one live agreement per account (pendiente or activo), on both engines
  await knex.raw(`CREATE UNIQUE INDEX payment_agreements_one_live ON payment_agreements (account_id) WHERE state IN ('pendiente', 'activo')`);

  /** a debt the agreement finances, with its balance when it was signed */
  await knex.schema.createTable('payment_agreement_debts', (t) => {
    t.increments('id');
    t.integer('agreement_id').notNullable().references('payment_agreements.id');
    t.integer('invoice_id').nullable().references('invoices.id');
    t.integer('charge_id').nullable().references('account_charges.id');
    t.bigInteger('amount').notNullable();
    t.index(['agreement_id']);
    t.index(['invoice_id']);
    t.index(['charge_id']);
  });

  /** the planned schedule; charge_id set once activated (the installment is then a debt of the account) */
  await knex.schema.createTable('payment_agreement_installments', (t) => {
    t.increments('id');
    t.integer('agreement_id').notNullable().references('payment_agreements.id');
    t.integer('number').notNullable();
    t.string('due_date', 10).notNullable();
    t.bigInteger('principal').notNullable();
    t.bigInteger('interest').notNullable();
    t.bigInteger('total').notNullable();
    t.integer('charge_id').nullable().references('account_charges.id');
    t.unique(['agreement_id', 'number']);
  });

  /**
   * What an agreement did to a debt's balance, not being a payment: 'novacion' (activation takes an
   * included debt), 'reversion' (a void of the down payment closes the installments), 'vencimiento'
   * (an expired down payment closes its charge), 'incumplimiento' (a broken agreement closes its
   * installments; the unpaid principal becomes one new charge). live = false once undone (a void of
   * the down payment undoes the novación). A debt's balance = opening − live allocations − live moves.
   */
  await knex.schema.createTable('agreement_debt_moves', (t) => {
    t.increments('id');
    t.integer('agreement_id').notNullable().references('payment_agreements.id');
    t.integer('invoice_id').nullable().references('invoices.id');
    t.integer('charge_id').nullable().references('account_charges.id');
    t.bigInteger('amount').notNullable();
    t.string('reason', 14).notNullable();
    t.boolean('live').notNullable().defaultTo(true);
    t.string('business_date', 10).notNullable();
    t.string('created_at', 30).notNullable();
    t.integer('payment_id').nullable().references('payments.id');
    t.index(['agreement_id']);
    t.index(['invoice_id']);
    t.index(['charge_id']);
  });

  /** the usury rate (tasa de usura) of each period, as the Superintendencia Financiera certifies it; the administrator enters it */
  await knex.schema.createTable('usury_rates', (t) => {
    t.increments('id');
    t.string('valid_from', 10).notNullable().unique();
    t.string('valid_to', 10).notNullable();
    t.integer('annual_rate_bp').notNullable();
    t.string('source', 200).notNullable();
    t.integer('created_by').nullable().references('users.id');
    t.string('created_at', 30).notNullable();
  });

  // the acta's clauses, a letter template the administrator edits (a fresh database already has it from 005)
  const clauses = letterTemplates.templates.find((x) => x.kind === 'acuerdo_pago');
  const present = clauses ? await knex('letter_templates').where({ kind: clauses.kind, name: clauses.name }).first('id') : undefined;
  if (clauses && !present) await knex('letter_templates').insert({ kind: clauses.kind, name: clauses.name, subject: clauses.subject, body: clauses.body, active: true, updated_at: new Date().toISOString() });

  await knex.schema.alterTable('account_charges', (t) => {
    /** when it must be paid (installments); null: its business_date */
    t.string('due_date', 10).nullable();
    t.integer('agreement_id').nullable().references('payment_agreements.id');
    /** inicial | cuota | saldo */
    t.string('agreement_part', 8).nullable();
    /** the coupon's GS1-128 payment reference */
    t.string('payment_reference', 25).nullable();
    t.index(['agreement_id']);
    t.index(['payment_reference']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('account_charges', (t) => {
    t.dropIndex(['payment_reference']);
    t.dropIndex(['agreement_id']);
    t.dropForeign(['agreement_id']);
  });
  await knex.schema.alterTable('account_charges', (t) => {
    t.dropColumn('payment_reference');
    t.dropColumn('agreement_part');
    t.dropColumn('agreement_id');
    t.dropColumn('due_date');
  });
  await knex.schema.dropTable('usury_rates');
  await knex.schema.dropTable('agreement_debt_moves');
  await knex.schema.dropTable('payment_agreement_installments');
  await knex.schema.dropTable('payment_agreement_debts');
  await knex.schema.alterTable('payment_agreements', (t) => t.dropForeign(['down_payment_charge_id']));
  await knex.schema.dropTable('payment_agreements');
  await knex('charge_items').where({ system: true }).delete();
  await knex.schema.alterTable('charge_items', (t) => t.dropColumn('system'));
}
