import type { Knex } from 'knex';
import { GENESIS_HASH } from '../audit';

/**
 * Issue 20 item 2: the audit chain's head (`audit_head`: the last row's id and hash, and the row count)
 * is moved by the database itself when a row is inserted into `audit_log`, so that writeAudit no longer
 * sends its own UPDATE (one round trip fewer for every audited write of the product).
 *
 * The head only moves for a row that chains onto it (`prev_hash` = the head's hash): every row
 * writeAudit inserts does (it read the head under its lock); a row added by hand with no seal, or one
 * that does not follow the head, leaves the head where the application last put it, so
 * verifyAuditChain still names it ('sin-sello', 'agregada', 'borrada') as before this migration.
 */
export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'sqlite3') {
    await knex.raw(`CREATE TRIGGER audit_log_moves_head AFTER INSERT ON audit_log FOR EACH ROW WHEN NEW.hash IS NOT NULL BEGIN
      UPDATE audit_head SET last_id = NEW.id, last_hash = NEW.hash, row_count = row_count + 1
       WHERE id = 1 AND COALESCE(last_hash, '${GENESIS_HASH}') = NEW.prev_hash;
    END`);
    return;
  }
  await knex.raw(`CREATE FUNCTION audit_log_moves_head() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE audit_head SET last_id = NEW.id, last_hash = NEW.hash, row_count = row_count + 1
       WHERE id = 1 AND COALESCE(last_hash, '${GENESIS_HASH}') = NEW.prev_hash;
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER audit_log_moves_head AFTER INSERT ON audit_log FOR EACH ROW WHEN (NEW.hash IS NOT NULL)
    EXECUTE FUNCTION audit_log_moves_head()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS audit_log_moves_head' + (knex.client.config.client === 'sqlite3' ? '' : ' ON audit_log'));
  if (knex.client.config.client !== 'sqlite3') await knex.raw('DROP FUNCTION IF EXISTS audit_log_moves_head()');
}
