import type { Knex } from 'knex';

/**
 * Issue 12 (hardening), the money of the till:
 * - idempotency keys are scoped to the office (unique per office and key, the key first so the bank
 *   files' joins on the key keep their index), and a payment keeps the fingerprint of the request
 *   that posted it, so the same key re-sent with other data is a conflict, not the first receipt;
 * - the coordinator who approved card, transfer and cheque tenders above the threshold;
 * - the ORIGINAL receipt is claimed once (`original_printed_at`, set by one conditional UPDATE),
 *   carried forward from the print log of the payments printed before this migration;
 * - a void gives back the cash part from the drawer or by transfer, with the transfer's reference.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('payments', (t) => {
    t.dropUnique(['idempotency_key']);
  });
  await knex.schema.alterTable('payments', (t) => {
    t.unique(['idempotency_key', 'office_id'], { indexName: 'payments_idempotency_key_office_unique' });
    /** hex SHA-256 of the counter's request (account, debts picked, charges added, tenders); null for bank payments */
    t.string('request_hash', 64).nullable();
    /** the coordinator who approved card, transfer and cheque tenders above the threshold */
    t.integer('approved_by').nullable().references('users.id');
    /** when the ORIGINAL receipt was printed; every later print is a COPIA */
    t.string('original_printed_at', 30).nullable();
  });
  await knex.raw(
    `UPDATE payments SET original_printed_at = (SELECT MIN(r.printed_at) FROM receipt_prints r WHERE r.payment_id = payments.id AND r.copy = ?)
     WHERE EXISTS (SELECT 1 FROM receipt_prints r WHERE r.payment_id = payments.id AND r.copy = ?)`,
    [false, false],
  );
  await knex.schema.alterTable('payment_voids', (t) => {
    /** 'efectivo' (from the drawer of the void's session) | 'transferencia' (by bank transfer) */
    t.string('refund_method', 20).notNullable().defaultTo('efectivo');
    /** the transfer's reference */
    t.string('refund_reference', 40).notNullable().defaultTo('');
    /** the cash part of the payment given back, whichever way */
    t.bigInteger('refund_amount').notNullable().defaultTo(0);
  });
  await knex('payment_voids').update({ refund_amount: knex.ref('cash_returned') });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('payment_voids', (t) => {
    t.dropColumn('refund_amount');
    t.dropColumn('refund_reference');
    t.dropColumn('refund_method');
  });
  await knex.schema.alterTable('payments', (t) => {
    t.dropUnique(['idempotency_key', 'office_id'], 'payments_idempotency_key_office_unique');
    t.dropColumn('original_printed_at');
    t.dropColumn('approved_by');
    t.dropColumn('request_hash');
  });
  await knex.schema.alterTable('payments', (t) => {
    t.unique(['idempotency_key']);
  });
}
