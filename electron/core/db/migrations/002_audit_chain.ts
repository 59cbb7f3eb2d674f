import type { Knex } from 'knex';
import { AUDIT_HASHED_FIELDS, GENESIS_HASH, auditRowHash, type AuditContent } from '../audit';

/**
 * The audit chain (see db/audit.ts): each audit row gets the hash of the row before it and its own;
 * `audit_head` keeps the last row's id and hash (on PostgreSQL it is also the row writers lock).
 * Rows written before this migration are chained here, in id order.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    // nullable only because the existing rows are filled in below; writeAudit always sets both
    t.string('prev_hash', 64).nullable();
    t.string('hash', 64).nullable();
  });
  await knex.schema.createTable('audit_head', (t) => {
    t.integer('id').primary(); // always 1
    t.integer('last_id').nullable();
    t.string('last_hash', 64).notNullable();
  });

  let prevHash = GENESIS_HASH;
  let lastId: number | null = null;
  for (;;) {
    const page: AuditContent[] = await knex('audit_log')
      .where('id', '>', lastId ?? 0)
      .orderBy('id')
      .limit(1000)
      .select(...AUDIT_HASHED_FIELDS);
    for (const row of page) {
      const hash = auditRowHash(prevHash, row);
      await knex('audit_log').where({ id: row.id }).update({ prev_hash: prevHash, hash });
      prevHash = hash;
      lastId = Number(row.id);
    }
    if (page.length < 1000) break;
  }
  await knex('audit_head').insert({ id: 1, last_id: lastId, last_hash: prevHash });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('audit_head');
  await knex.schema.alterTable('audit_log', (t) => {
    t.dropColumn('prev_hash');
    t.dropColumn('hash');
  });
}
