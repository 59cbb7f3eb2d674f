import type { Knex } from 'knex';
import { nowTimestamp } from './connection';

export interface Actor {
  userId: number | null;
  /** username, or 'cli' / 'sistema' */
  name: string;
  officeId: number | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, name: 'sistema', officeId: null };

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit row. Call it with the same transaction that makes the change. */
export async function writeAudit(trx: Knex.Transaction, actor: Actor, entry: AuditEntry): Promise<void> {
  await trx('audit_log').insert({
    at: nowTimestamp(),
    user_id: actor.userId,
    actor: actor.name,
    office_id: actor.officeId,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId === null ? null : String(entry.entityId),
    before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
    after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
  });
}
