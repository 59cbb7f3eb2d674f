import type { Knex } from 'knex';

/**
 * The cashier (caja): tills, cash sessions, payments with their tenders and allocations, receipts,
 * voids, cash movements, other charges (cobros varios) and their price list, paz y salvo
 * certificates, and bank collection files (Asobancaria 2001) with the por-identificar queue.
 *
 * Money columns are bigint minor units. An invoice's or charge's balance = its total minus its live
 * allocations (allocations of voided payments have live = false).
 */
export async function up(knex: Knex): Promise<void> {
  /** a till (caja) of an office; its receipts print in its layout */
  await knex.schema.createTable('tills', (t) => {
    t.increments('id');
    t.integer('office_id').notNullable().references('offices.id');
    t.string('code', 10).notNullable();
    t.string('name', 60).notNullable();
    /** 'termica80' (80 mm roll) or 'carta' (letter) */
    t.string('receipt_layout', 10).notNullable().defaultTo('termica80');
    t.boolean('active').notNullable().defaultTo(true);
    t.unique(['office_id', 'code']);
  });

  await knex.schema.createTable('cash_sessions', (t) => {
    t.increments('id');
    t.integer('office_id').notNullable().references('offices.id');
    t.integer('till_id').notNullable().references('tills.id');
    t.integer('cashier_id').notNullable().references('users.id');
    /** 'abierta' | 'cerrada' */
    t.string('status', 10).notNullable();
    /** business date of the opening, YYYY-MM-DD in the company's zone */
    t.string('business_date', 10).notNullable();
    t.string('opened_at', 30).notNullable();
    /** JSON DenominationCount[] */
    t.text('opening_count_json').notNullable();
    t.bigInteger('opening_float').notNullable();
    t.string('closed_at', 30).nullable();
    t.integer('closed_by').nullable().references('users.id');
    t.text('closing_count_json').nullable();
    t.bigInteger('counted_cash').nullable();
    t.bigInteger('expected_cash').nullable();
    /** counted − expected: positive sobrante, negative faltante */
    t.bigInteger('difference').nullable();
    /** the coordinator who approved a difference above the limit, or force-closed */
    t.integer('approved_by').nullable().references('users.id');
    t.boolean('forced').notNullable().defaultTo(false);
    t.string('close_note', 300).notNullable().defaultTo('');
    t.index(['office_id', 'business_date']);
    t.index(['cashier_id', 'opened_at']);
  });
  // one open session per till and one per cashier, on both engines (partial unique indexes)
  await knex.raw(`CREATE UNIQUE INDEX cash_sessions_open_till ON cash_sessions (till_id) WHERE status = 'abierta'`);
  await knex.raw(`CREATE UNIQUE INDEX cash_sessions_open_cashier ON cash_sessions (cashier_id) WHERE status = 'abierta'`);

  /** the administrator's price list of other charges: reconexión, duplicado de factura, certificado… */
  await knex.schema.createTable('charge_items', (t) => {
    t.increments('id');
    t.string('code', 20).notNullable().unique();
    t.string('name', 100).notNullable();
    t.bigInteger('amount').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
  });

  /** a charge added to an account at the counter; a debt like an invoice */
  await knex.schema.createTable('account_charges', (t) => {
    t.increments('id');
    t.integer('account_id').notNullable().references('accounts.id');
    t.integer('charge_item_id').notNullable().references('charge_items.id');
    t.string('concept', 100).notNullable();
    t.integer('quantity').notNullable();
    t.bigInteger('amount').notNullable();
    t.bigInteger('balance').notNullable();
    /** YYYY-MM-DD business date it was added (its "due date" for oldest-first) */
    t.string('business_date', 10).notNullable();
    t.integer('office_id').notNullable().references('offices.id');
    t.integer('created_by').nullable().references('users.id');
    t.string('created_at', 30).notNullable();
    t.index(['account_id']);
  });

  await knex.schema.createTable('payments', (t) => {
    t.increments('id');
    t.integer('office_id').notNullable().references('offices.id');
    /** null for payments that came in a bank file */
    t.integer('session_id').nullable().references('cash_sessions.id');
    t.integer('account_id').notNullable().references('accounts.id');
    /** consecutive per office (counter 'receipt:<officeId>'); null for bank payments */
    t.integer('receipt_number').nullable();
    /** the renderer's key: a resend with the same key returns the first payment */
    t.string('idempotency_key', 64).notNullable().unique();
    /** 'caja' | 'banco' */
    t.string('source', 10).notNullable();
    t.string('business_date', 10).notNullable();
    t.string('posted_at', 30).notNullable();
    t.integer('cashier_id').nullable().references('users.id');
    /** what the customer paid: sum of the tenders (cash counted net of change) */
    t.bigInteger('amount').notNullable();
    t.bigInteger('cash_received').notNullable().defaultTo(0);
    t.bigInteger('change_given').notNullable().defaultTo(0);
    /** part of the amount that went to the account's credit balance */
    t.bigInteger('credit_added').notNullable().defaultTo(0);
    /** account's open debt after the payment, for the receipt */
    t.bigInteger('balance_after').notNullable();
    /** 'vigente' | 'anulado' */
    t.string('status', 10).notNullable();
    /** short code printed on the receipt to check it later */
    t.string('verification_code', 20).notNullable();
    t.integer('copies_printed').notNullable().defaultTo(0);
    t.integer('bank_file_id').nullable();
    t.unique(['office_id', 'receipt_number']);
    t.index(['session_id']);
    t.index(['account_id']);
    t.index(['business_date', 'office_id']);
  });

  /** how a payment was paid; one payment may mix methods */
  await knex.schema.createTable('payment_tenders', (t) => {
    t.increments('id');
    t.integer('payment_id').notNullable().references('payments.id');
    /** efectivo | tarjeta_debito | tarjeta_credito | transferencia | cheque | banco */
    t.string('method', 20).notNullable();
    t.bigInteger('amount').notNullable();
    /** voucher, transfer reference, cheque number, bank operation */
    t.string('reference', 40).notNullable().defaultTo('');
    t.string('bank', 60).notNullable().defaultTo('');
    t.index(['payment_id']);
  });

  await knex.schema.createTable('payment_allocations', (t) => {
    t.increments('id');
    t.integer('payment_id').notNullable().references('payments.id');
    t.integer('invoice_id').nullable().references('invoices.id');
    t.integer('charge_id').nullable().references('account_charges.id');
    t.bigInteger('amount').notNullable();
    /** false once the payment is voided */
    t.boolean('live').notNullable().defaultTo(true);
    t.index(['payment_id']);
    t.index(['invoice_id']);
    t.index(['charge_id']);
  });

  await knex.schema.createTable('payment_voids', (t) => {
    t.increments('id');
    t.integer('payment_id').notNullable().unique().references('payments.id');
    /** the session of the cashier who voided (the current one), where the cash leaves the drawer */
    t.integer('session_id').nullable().references('cash_sessions.id');
    t.string('reason', 300).notNullable();
    t.integer('voided_by').notNullable().references('users.id');
    t.integer('approved_by').notNullable().references('users.id');
    t.string('voided_at', 30).notNullable();
    t.string('business_date', 10).notNullable();
    /** cash handed back from the drawer (the cash part of the payment net of change) */
    t.bigInteger('cash_returned').notNullable();
    t.index(['session_id']);
  });

  await knex.schema.createTable('cash_movements', (t) => {
    t.increments('id');
    t.integer('session_id').notNullable().references('cash_sessions.id');
    /** 'entrada' | 'salida' */
    t.string('kind', 10).notNullable();
    t.bigInteger('amount').notNullable();
    t.string('reason', 40).notNullable();
    t.string('note', 300).notNullable().defaultTo('');
    t.integer('user_id').notNullable().references('users.id');
    t.string('created_at', 30).notNullable();
    t.index(['session_id']);
  });

  /** every printing of a receipt; the first is the original, the rest say COPIA */
  await knex.schema.createTable('receipt_prints', (t) => {
    t.increments('id');
    t.integer('payment_id').notNullable().references('payments.id');
    t.boolean('copy').notNullable();
    t.integer('user_id').nullable().references('users.id');
    t.string('printed_at', 30).notNullable();
    t.index(['payment_id']);
  });

  await knex.schema.createTable('paz_y_salvos', (t) => {
    t.increments('id');
    /** consecutive per company (counter 'pazYSalvo') */
    t.integer('number').notNullable().unique();
    t.integer('account_id').notNullable().references('accounts.id');
    t.integer('office_id').notNullable().references('offices.id');
    t.string('business_date', 10).notNullable();
    t.string('valid_until', 10).notNullable();
    t.string('verification_code', 20).notNullable().unique();
    t.integer('issued_by').nullable().references('users.id');
    t.string('issued_at', 30).notNullable();
  });

  /** an imported bank collection file (Asobancaria 2001) */
  await knex.schema.createTable('bank_files', (t) => {
    t.increments('id');
    t.string('file_name', 200).notNullable();
    t.string('sha256', 64).notNullable();
    t.string('biller_nit', 10).notNullable();
    t.string('bank_code', 3).notNullable();
    t.string('account_number', 17).notNullable();
    t.string('collection_date', 10).notNullable();
    t.string('file_date', 10).notNullable();
    t.string('file_time', 5).notNullable();
    t.string('modifier', 1).notNullable();
    t.integer('records').notNullable();
    t.bigInteger('total').notNullable();
    t.integer('applied_count').notNullable();
    t.integer('unidentified_count').notNullable();
    t.integer('office_id').notNullable().references('offices.id');
    t.integer('imported_by').nullable().references('users.id');
    t.string('imported_at', 30).notNullable();
    // the same file twice: same bank, date, modifier and content
    t.unique(['bank_code', 'collection_date', 'modifier', 'sha256']);
  });

  /** a bank payment whose reference matched nothing: waits for a coordinator */
  await knex.schema.createTable('unidentified_payments', (t) => {
    t.increments('id');
    t.integer('bank_file_id').notNullable().references('bank_files.id');
    /** line of the file */
    t.integer('line').notNullable();
    t.string('reference', 48).notNullable();
    t.bigInteger('amount').notNullable();
    t.string('collection_date', 10).notNullable();
    t.string('bank_code', 3).notNullable();
    t.string('branch', 4).notNullable();
    t.string('payment_medium', 2).notNullable();
    /** 'pendiente' | 'asignado' | 'devuelto' */
    t.string('status', 10).notNullable();
    t.integer('account_id').nullable().references('accounts.id');
    t.integer('payment_id').nullable().references('payments.id');
    t.string('note', 300).notNullable().defaultTo('');
    t.integer('resolved_by').nullable().references('users.id');
    t.string('resolved_at', 30).nullable();
    t.index(['status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'unidentified_payments',
    'bank_files',
    'paz_y_salvos',
    'receipt_prints',
    'cash_movements',
    'payment_voids',
    'payment_allocations',
    'payment_tenders',
    'payments',
    'account_charges',
    'charge_items',
    'cash_sessions',
    'tills',
  ])
    await knex.schema.dropTableIfExists(table);
}
