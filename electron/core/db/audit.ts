/**
 * The audit trail: one row per change to money, a legal record or the configuration, written in the
 * same transaction as the change, and chained so that a row changed or deleted afterwards shows.
 *
 * The chain: every row carries `prev_hash` (the hash of the row before it, 64 zeros for the first)
 * and `hash` = hex SHA-256 of `prev_hash` followed by the canonical JSON of its content, that is
 * `JSON.stringify` of an object with exactly the keys of AUDIT_HASHED_FIELDS in that order and the
 * values as stored (numbers, strings, null), no spaces. The one-row table `audit_head` holds the
 * last row's id and hash, so that deleting the newest rows shows too.
 *
 * Tamper-evident, not tamper-proof: someone who can write the file can recompute every hash from
 * the changed row onwards. `verifyAuditChain` (and `npm run cli -- audit verify`) finds everything
 * short of that; copies of the file kept elsewhere (backups) keep the old hashes to compare with.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { nowTimestamp } from './connection';
import { prepared } from './prepared';

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

/** the prev_hash of the first row */
export const GENESIS_HASH = '0'.repeat(64);

/** the columns a row's hash covers, in the order of the canonical JSON */
export const AUDIT_HASHED_FIELDS = ['id', 'at', 'user_id', 'actor', 'office_id', 'action', 'entity', 'entity_id', 'before_json', 'after_json'] as const;

export type AuditContent = { [K in (typeof AUDIT_HASHED_FIELDS)[number]]: string | number | null };

/** hex SHA-256 of the previous hash and the row's canonical JSON */
export function auditRowHash(prevHash: string, row: AuditContent): string {
  const canonical: Record<string, string | number | null> = {};
  for (const field of AUDIT_HASHED_FIELDS) canonical[field] = row[field] ?? null;
  return createHash('sha256').update(prevHash).update(JSON.stringify(canonical)).digest('hex');
}

/**
 * SQLite: the chain's head and the id the new row takes, in one read. The caller's write transaction
 * (retryingTransaction) already holds the database's write lock, and no other connection writes until
 * it ends; the id is the table's next rowid, as an insert without one would take.
 */
async function sqliteAuditHead(trx: Knex.Transaction): Promise<{ last_hash: string | null; next_id: number | string }> {
  const [row] = await SQLITE_AUDIT_HEAD.rows<{ last_hash: string | null; next_id: number | string }>(trx, []);
  return row;
}

// every change to money writes its row through these (db/prepared.ts: made once per engine, not built per row)
const SQLITE_AUDIT_HEAD = prepared(() => 'SELECT (SELECT last_hash FROM audit_head WHERE id = 1) AS last_hash, COALESCE((SELECT MAX(id) FROM audit_log), 0) + 1 AS next_id');
const INSERT_SEALED_PG = prepared(
  () => `WITH head AS (SELECT last_hash FROM audit_head WHERE id = 1 FOR UPDATE)
     INSERT INTO audit_log (id, at, user_id, actor, office_id, action, entity, entity_id, before_json, after_json, prev_hash, hash)
     SELECT n.id, ?, ?, ?, ?, ?, ?, ?, ?, ?, n.prev_hash,
            encode(sha256(convert_to(n.prev_hash || '{"id":' || n.id::text || ',', 'UTF8') || ?::bytea), 'hex')
       FROM (SELECT COALESCE(last_hash, '${GENESIS_HASH}') AS prev_hash, nextval(pg_get_serial_sequence('audit_log', 'id')) AS id FROM head) n
     RETURNING id`,
);
const INSERT_WITH_ID = prepared(
  () => 'INSERT INTO audit_log (id, at, user_id, actor, office_id, action, entity, entity_id, before_json, after_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
);

/**
 * PostgreSQL, one statement: the head's row locked (`FOR UPDATE`, held until COMMIT, so that concurrent
 * writers chain one after another), the id drawn from the table's sequence under that lock (ids follow
 * the chain), and the row inserted sealed, its hash computed by the server with the same formula as
 * auditRowHash: SHA-256 of the previous hash, then `{"id":<id>,` and the rest of the canonical JSON
 * (`tail`, made here by JSON.stringify and sent as UTF-8 bytes, so no text conversion of the server's
 * can change them). Migration 040's trigger moves the head. Answers false when there is no head row
 * (never, after migration 002): nothing was written.
 */
async function insertSealedPg(trx: Knex.Transaction, content: Omit<AuditContent, 'id'>, tail: Buffer): Promise<boolean> {
  const inserted = await INSERT_SEALED_PG.rows(trx, [
    content.at,
    content.user_id,
    content.actor,
    content.office_id,
    content.action,
    content.entity,
    content.entity_id,
    content.before_json,
    content.after_json,
    tail,
  ]);
  return inserted.length === 1;
}

type HeldRow = Omit<AuditContent, 'id' | 'at'>;

/** the rows a long transaction's work asked for, written when that work is done (auditsAtTheEnd) */
const held = new AsyncLocalStorage<{ rows: HeldRow[] }>();

/**
 * Runs `work` (a part of a long transaction, such as a bank file's) holding back every audit row it
 * writes, then writes them, in the order asked, with `trx`, the last thing it does. On PostgreSQL the
 * chain's head is locked (`FOR UPDATE`) from a transaction's first row to its commit, and every
 * counter's payment writes a row: a head locked early would hold up every counter until the long
 * transaction commits. If `work` fails, nothing is written (the transaction is rolled back anyway).
 * A savepoint inside `work` that may be rolled back while the transaction goes on uses auditedSavepoint.
 */
export async function auditsAtTheEnd<T>(trx: Knex.Transaction, work: () => Promise<T>): Promise<T> {
  const store = { rows: [] as HeldRow[] };
  const result = await held.run(store, work);
  for (const row of store.rows) await insertSealed(trx, row);
  return result;
}

/** A savepoint of `trx` (`trx.transaction`): when it is rolled back, the audit rows held back inside it are dropped too. */
export async function auditedSavepoint<T>(trx: Knex.Transaction, work: (savepoint: Knex.Transaction) => Promise<T>): Promise<T> {
  const store = held.getStore();
  const mark = store?.rows.length ?? 0;
  try {
    return await trx.transaction(work);
  } catch (error) {
    if (store) store.rows.length = mark;
    throw error;
  }
}

/**
 * Writes one audit row, chained to the previous one. Call it with the same transaction that makes the change.
 *
 * PostgreSQL: one round trip (the head locked, the id drawn and the row inserted sealed in one
 * statement, insertSealedPg); SQLite: two (the head and the next id read, the row inserted sealed).
 * Migration 040's trigger moves the head in both. Inside auditsAtTheEnd the row (its content as of
 * now) is held back and written when that work is done.
 */
export async function writeAudit(trx: Knex.Transaction, actor: Actor, entry: AuditEntry): Promise<void> {
  const row: HeldRow = {
    user_id: actor.userId,
    actor: actor.name,
    office_id: actor.officeId,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId === null ? null : String(entry.entityId),
    before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
    after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
  };
  const store = held.getStore();
  if (store) store.rows.push(row);
  else await insertSealed(trx, row);
}

async function insertSealed(trx: Knex.Transaction, row: HeldRow): Promise<void> {
  const content = { at: nowTimestamp(), ...row };
  if (trx.client.config.client !== 'sqlite3') {
    if (await insertSealedPg(trx, content, canonicalTail(content))) return;
    // no head row: the chain starts, the id still from the sequence
    const first: { rows: { next_id: number | string }[] } = await trx.raw(`SELECT nextval(pg_get_serial_sequence('audit_log', 'id')) AS next_id`);
    await insertWithId(trx, Number(first.rows[0].next_id), GENESIS_HASH, content);
    return;
  }
  const head = await sqliteAuditHead(trx);
  await insertWithId(trx, Number(head.next_id), head.last_hash ?? GENESIS_HASH, content);
}

/** the row inserted sealed, its id known first so that its hash is computed before the insert; migration 040's trigger moves the head */
async function insertWithId(trx: Knex.Transaction, id: number, prevHash: string, content: Omit<AuditContent, 'id'>): Promise<void> {
  const hash = auditRowHash(prevHash, { id, ...content });
  const c = content;
  await INSERT_WITH_ID.rows(trx, [id, c.at, c.user_id, c.actor, c.office_id, c.action, c.entity, c.entity_id, c.before_json, c.after_json, prevHash, hash]);
}

/** the canonical JSON of a row's content after `{"id":<id>,` (what auditRowHash hashes after the previous hash and the id), in UTF-8 */
function canonicalTail(content: Omit<AuditContent, 'id'>): Buffer {
  const rest: Record<string, string | number | null> = {};
  for (const field of AUDIT_HASHED_FIELDS) if (field !== 'id') rest[field] = content[field] ?? null;
  return Buffer.from(JSON.stringify(rest).slice(1), 'utf8');
}

/** A point of the chain: its last row, that row's hash and how many rows lead up to it. */
export interface AuditPoint {
  /** null while the log is empty */
  lastId: number | null;
  /** the last row's hash (GENESIS_HASH while empty) */
  hash: string;
  rows: number;
}

/**
 * The head of the chain as the application last wrote it (one read). A file from before the row
 * count existed (schema < 14) counts its rows instead; one from before the chain (schema < 2) has none.
 */
export async function readAuditHead(db: Knex): Promise<AuditPoint | null> {
  if (!(await db.schema.hasTable('audit_head'))) return null;
  const head: { last_id: number | string | null; last_hash: string; row_count?: number | string } | undefined = await db('audit_head').where({ id: 1 }).first();
  if (!head) return null;
  const rows =
    head.row_count !== undefined ? Number(head.row_count) : Number((await db('audit_log').count<{ n: number | string }[]>({ n: '*' }))[0].n);
  return { lastId: head.last_id === null ? null : Number(head.last_id), hash: head.last_hash, rows };
}

export type AuditBreak =
  /** the row's content no longer matches its hash */
  | 'cambiada'
  /** the row does not follow the one before it: a row between them was deleted (or the previous one rewritten with a new hash) */
  | 'borrada'
  /** the row has no hash: it was inserted outside the application */
  | 'sin-sello'
  /** rows after the last one the application wrote */
  | 'agregada';

export type AuditVerification =
  | { ok: true; rows: number; lastId: number | null }
  | { ok: false; rows: number; rowId: number; reason: AuditBreak; message: string };

type StoredAuditRow = AuditContent & { id: number; prev_hash: string | null; hash: string | null };

/**
 * Walks the whole chain in id order (a thousand rows at a time) and names the first row where it
 * breaks. `rows` counts the rows found intact before the break.
 */
export async function verifyAuditChain(db: Knex, pageSize = 1000): Promise<AuditVerification> {
  const head: { last_id: number | null; last_hash: string } | undefined = await db('audit_head').where({ id: 1 }).first();
  let prevHash = GENESIS_HASH;
  let prevId: number | null = null;
  let rows = 0;
  for (;;) {
    const page: StoredAuditRow[] = await db('audit_log')
      .where('id', '>', prevId ?? 0)
      .orderBy('id')
      .limit(pageSize)
      .select('id', 'prev_hash', 'hash', ...AUDIT_HASHED_FIELDS.filter((f) => f !== 'id'));
    for (const row of page) {
      const id = Number(row.id);
      if (row.hash === null || row.prev_hash === null) {
        return broken(rows, id, 'sin-sello', `La fila ${id} de la auditoría no tiene sello: fue agregada por fuera de la aplicación.`);
      }
      if (head && head.last_id !== null && id > Number(head.last_id)) {
        return broken(rows, id, 'agregada', `La fila ${id} de la auditoría está después de la última que escribió la aplicación (${head.last_id}): fue agregada por fuera de ella.`);
      }
      if (auditRowHash(row.prev_hash, { ...row, id }) !== row.hash) {
        return broken(rows, id, 'cambiada', `La fila ${id} de la auditoría fue cambiada: su contenido ya no corresponde a su sello.`);
      }
      if (row.prev_hash !== prevHash) return broken(rows, id, 'borrada', chainBreakMessage(id, prevId));
      prevHash = row.hash;
      prevId = id;
      rows += 1;
    }
    if (page.length < pageSize) break;
  }
  if (head && head.last_id !== null && (prevId === null || Number(head.last_id) > prevId)) {
    const lastId = Number(head.last_id);
    const from = (prevId ?? 0) + 1;
    const missing = from === lastId ? `se borró la fila ${lastId}` : `se borraron las filas ${from} a ${lastId}`;
    return broken(rows, lastId, 'borrada', `Faltan las últimas filas de la auditoría: la última escrita por la aplicación es la ${lastId}; ${missing}.`);
  }
  if (head && prevId !== null && head.last_hash !== prevHash) {
    return broken(rows - 1, prevId, 'cambiada', `La fila ${prevId} de la auditoría fue reescrita: su sello no es el que la aplicación registró.`);
  }
  return { ok: true, rows, lastId: prevId };
}

function broken(rows: number, rowId: number, reason: AuditBreak, message: string): AuditVerification {
  return { ok: false, rows, rowId, reason, message };
}

function chainBreakMessage(id: number, prevId: number | null): string {
  if (prevId === null) return `La cadena de auditoría se rompe en la fila ${id}: se borraron las filas anteriores a ella.`;
  const gap = id - prevId > 1 ? (id - prevId === 2 ? ` (falta la fila ${prevId + 1})` : ` (faltan las filas ${prevId + 1} a ${id - 1})`) : '';
  return `La cadena de auditoría se rompe en la fila ${id}: se borró una fila entre la ${prevId} y la ${id}${gap}, o la fila ${prevId} fue reescrita.`;
}
