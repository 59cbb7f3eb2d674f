/**
 * Anchors of the audit chain kept OUTSIDE the database file (issue 12, item 9).
 *
 * The chain (db/audit.ts) shows a row changed or deleted, but whoever can write the file can empty
 * the log or recompute every hash after a deletion, and it verifies again. An anchor is a point of
 * the chain written down somewhere else at a moment the office will remember: the last row's id,
 * its hash and the number of rows. Later, `audit verify` checks that the file still holds that row
 * with that hash (modules/audit/verify.ts); an emptied, shrunk or recomputed log does not.
 *
 * Where anchors are written:
 * - every closing act of a cash session: on its record (cash_sessions.audit_*) and its PDF;
 * - every recaudo report printed (on the PDF);
 * - every copy of the database: its manifest `<copy>.manifiesto.json` beside it, which also carries
 *   the copy's SHA-256 and its counters (the highest numbers issued);
 * - all of the above, and every restore, as one line in the anchors file of the database, in the
 *   data folder (`<name>.anclas.jsonl` beside the SQLite file; `anclas-<server>-<base>.jsonl` in the
 *   data folder for PostgreSQL). Lines are only ever appended; each carries the counters too, so a
 *   restore knows the highest numbers issued even when the database it replaces cannot be read.
 *
 * The files are the user's alone (0600). They are as safe as the data folder: someone who can write
 * there can rewrite them too; the printed papers and the copies kept away from the machine are the
 * anchors nobody at the machine can reach.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { AnchorKind } from '../../../shared/contract/backups';
import { readAuditHead, type AuditPoint } from './audit';
import { nowTimestamp, openDatabaseReadOnly } from './connection';

export type { AnchorKind };

export interface AuditAnchor extends AuditPoint {
  v: 1;
  kind: AnchorKind;
  /** what was anchored: a copy's file name, 'turno 12', 'del 2026-11-01 al 2026-11-30 (GAR)' */
  ref: string;
  /** ISO timestamp (UTC) */
  at: string;
  /** counter key → highest number issued, when the anchor was taken */
  counters?: Record<string, number>;
  /** a restore: the copy put back (its head when restored) and the head of the database it replaced */
  restored?: AuditPoint & { file: string };
  replaced?: AuditPoint | null;
}

/** where an anchor was found */
export type AnchorSource = 'anclas' | 'manifiesto' | 'cierre';

export interface FoundAnchor extends AuditAnchor {
  sources: AnchorSource[];
}

/** a copy's manifest: its anchor plus what identifies the file */
export interface CopyManifest extends AuditAnchor {
  kind: 'copia';
  /** the database file it was copied from (its name), so that copies of another file in the same folder are told apart */
  database: string | null;
  bytes: number;
  sha256: string;
  schemaVersion: number;
}

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
export const MANIFEST_SUFFIX = '.manifiesto.json';

// ---------------------------------------------------------------------------------------------
// where

/** The anchors file of a database: beside the SQLite file, or in the data folder for a server. */
export function anchorsFileFor(target: { dbFile: string } | { url: string; dataDir: string }): string {
  if ('dbFile' in target) {
    const file = path.resolve(target.dbFile);
    return path.join(path.dirname(file), `${path.basename(file).replace(/\.sqlite$/i, '')}.anclas.jsonl`);
  }
  let name = 'postgresql';
  try {
    const url = new URL(target.url);
    name = `${url.hostname}-${url.port || '5432'}-${decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres'}`;
  } catch {
    // keep the generic name
  }
  return path.join(path.resolve(target.dataDir), `anclas-${name.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`);
}

interface Registered {
  anchorsFile: string;
  /** the SQLite file, for the manifests' `database` */
  dbFile: string | null;
}

// Keyed by knex's config object, which a transaction's client shares with its knex (makeTxClient):
// code that only holds a transaction (the cash close) still finds the back office's anchors file.
const registry = new WeakMap<object, Registered>();

/** Tells the anchors code where this database's anchors go (done when the back office opens). */
export function registerAnchors(db: Knex, where: Registered): void {
  registry.set(db.client.config as object, where);
}

export function registeredAnchors(db: Knex | Knex.Transaction): Registered | null {
  return registry.get(db.client.config as object) ?? null;
}

// ---------------------------------------------------------------------------------------------
// the anchors file

/** Appends one anchor line (the file and its folder are created private). */
export function appendAnchor(file: string, anchor: AuditAnchor): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: DIR_MODE });
  fs.appendFileSync(file, `${JSON.stringify(anchor)}\n`, { mode: FILE_MODE });
}

/** Appends to the registered file, saying (never throwing) when it cannot: the act it anchors is already done. */
function appendRegistered(db: Knex | Knex.Transaction, anchor: AuditAnchor): void {
  const where = registeredAnchors(db);
  if (!where) return;
  try {
    appendAnchor(where.anchorsFile, anchor);
  } catch (error) {
    console.error(`[ventanilla] No se pudo escribir el ancla de la auditoría en ${where.anchorsFile}:`, error);
  }
}

function isAnchor(value: unknown): value is AuditAnchor {
  const a = value as Partial<AuditAnchor> | null;
  return (
    typeof a === 'object' &&
    a !== null &&
    typeof a.kind === 'string' &&
    typeof a.at === 'string' &&
    typeof a.hash === 'string' &&
    typeof a.rows === 'number' &&
    (a.lastId === null || typeof a.lastId === 'number')
  );
}

/** The anchors of a file, in the order written; lines that are not anchors are counted, not thrown. */
export function readAnchorsFile(file: string): { anchors: AuditAnchor[]; unreadable: number } {
  if (!fs.existsSync(file)) return { anchors: [], unreadable: 0 };
  const anchors: AuditAnchor[] = [];
  let unreadable = 0;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (isAnchor(parsed)) anchors.push(parsed);
      else unreadable += 1;
    } catch {
      unreadable += 1;
    }
  }
  return { anchors, unreadable };
}

// ---------------------------------------------------------------------------------------------
// taking anchors

/** counter key → value, as stored */
export async function readCounters(db: Knex): Promise<Record<string, number>> {
  const rows: { key: string; value: number | string }[] = await db('counters').select('key', 'value');
  return Object.fromEntries(rows.map((r) => [r.key, Number(r.value)]));
}

/** The anchor of the chain as it stands in `db` (a transaction sees its own rows). */
export async function takeAnchor(db: Knex, kind: AnchorKind, ref: string): Promise<AuditAnchor> {
  const head = (await readAuditHead(db)) ?? { lastId: null, hash: '0'.repeat(64), rows: 0 };
  return { v: 1, kind, ref, at: nowTimestamp(), ...head, counters: await readCounters(db) };
}

/** Takes an anchor now and appends it to the database's anchors file (a report printed, a restore). */
export async function recordAnchor(db: Knex, kind: AnchorKind, ref: string, extra: Partial<AuditAnchor> = {}): Promise<AuditAnchor> {
  const anchor = { ...(await takeAnchor(db, kind, ref)), ...extra };
  appendRegistered(db, anchor);
  return anchor;
}

/**
 * The closing act's anchor, called inside the closing transaction right after its audit row: the
 * head (that row) goes on the session's record, and once the transaction commits, into the anchors
 * file. A rolled-back close leaves no line.
 */
export async function anchorClosingAct(trx: Knex.Transaction, sessionId: number): Promise<void> {
  const anchor = await takeAnchor(trx, 'cierre', `turno ${sessionId}`);
  await trx('cash_sessions').where({ id: sessionId }).update({ audit_last_id: anchor.lastId, audit_hash: anchor.hash, audit_rows: anchor.rows });
  trx.executionPromise.then(
    () => appendRegistered(trx, anchor),
    () => undefined,
  );
}

/** The closing act's anchor as its record keeps it (null for an open session or one closed before anchors existed). */
export function closingAnchorOf(row: object): AuditPoint | null {
  const r = row as { audit_last_id?: number | string | null; audit_hash?: string | null; audit_rows?: number | string | null };
  if (!r.audit_hash) return null;
  return { lastId: r.audit_last_id === null || r.audit_last_id === undefined ? null : Number(r.audit_last_id), hash: r.audit_hash, rows: Number(r.audit_rows ?? 0) };
}

/** The closing acts' anchors recorded in the database (cash_sessions.audit_*), for verify. */
export async function closingAnchors(db: Knex): Promise<AuditAnchor[]> {
  if (!(await db.schema.hasColumn('cash_sessions', 'audit_hash'))) return [];
  const rows: { id: number; closed_at: string | null; audit_last_id: number | string | null; audit_hash: string; audit_rows: number | string | null }[] = await db('cash_sessions')
    .whereNotNull('audit_hash')
    .orderBy('id')
    .select('id', 'closed_at', 'audit_last_id', 'audit_hash', 'audit_rows');
  return rows.map((r) => ({ v: 1, kind: 'cierre', ref: `turno ${r.id}`, at: r.closed_at ?? '', ...closingAnchorOf(r)! }));
}

// ---------------------------------------------------------------------------------------------
// copies and their manifests

export const manifestPathOf = (copy: string) => `${copy}${MANIFEST_SUFFIX}`;

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** What a copy file holds, read without changing it: its head, counters and schema version. */
export async function readCopyState(file: string): Promise<{ head: AuditPoint | null; counters: Record<string, number>; schemaVersion: number }> {
  const db = openDatabaseReadOnly({ filename: file });
  try {
    const schemaVersion = (await db.schema.hasTable('knex_migrations')) ? Number((await db('knex_migrations').count<{ n: number }[]>({ n: '*' }))[0].n) : 0;
    const counters = (await db.schema.hasTable('counters')) ? await readCounters(db) : {};
    return { head: await readAuditHead(db), counters, schemaVersion };
  } finally {
    await db.destroy();
  }
}

/**
 * Writes the manifest of a finished copy of `db` (its anchor, read from the copy itself, with the
 * file's SHA-256) and appends that anchor to the database's anchors file. A copy of a file from
 * before the chain (schema < 2) gets a manifest without anchor (lastId null, rows 0).
 */
export async function writeCopyManifest(db: Knex, copy: string): Promise<CopyManifest> {
  const state = await readCopyState(copy);
  const where = registeredAnchors(db);
  const source = where?.dbFile ?? (db.client.config as { connection?: { filename?: string } }).connection?.filename ?? null;
  const manifest: CopyManifest = {
    v: 1,
    kind: 'copia',
    ref: path.basename(copy),
    at: nowTimestamp(),
    ...(state.head ?? { lastId: null, hash: '0'.repeat(64), rows: 0 }),
    counters: state.counters,
    database: source ? path.basename(source) : null,
    bytes: fs.statSync(copy).size,
    sha256: await sha256Of(copy),
    schemaVersion: state.schemaVersion,
  };
  const target = manifestPathOf(copy);
  fs.writeFileSync(target, `${JSON.stringify(manifest, null, 2)}\n`, { mode: FILE_MODE });
  fs.chmodSync(target, FILE_MODE);
  const { database: _database, bytes: _bytes, sha256: _sha, schemaVersion: _schema, ...anchor } = manifest;
  appendRegistered(db, anchor);
  return manifest;
}

export function readManifest(copy: string): CopyManifest | null {
  const file = manifestPathOf(copy);
  if (!fs.existsSync(file)) return null;
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return isAnchor(parsed) && parsed.kind === 'copia' ? (parsed as CopyManifest) : null;
  } catch {
    return null;
  }
}

/** Whether a copy's bytes are still the ones its manifest recorded. */
export async function copyMatchesManifest(copy: string, manifest: CopyManifest): Promise<boolean> {
  return fs.statSync(copy).size === manifest.bytes && (await sha256Of(copy)) === manifest.sha256;
}

/** The manifests of the copies of `dbFile` in a backups folder. */
export function readManifests(dir: string, dbFile: string): CopyManifest[] {
  if (!fs.existsSync(dir)) return [];
  const database = path.basename(dbFile);
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(MANIFEST_SUFFIX))
    .map((name) => readManifest(path.join(dir, name.slice(0, -MANIFEST_SUFFIX.length))))
    .filter((m): m is CopyManifest => m !== null && (m.database === null || m.database === database));
}

// ---------------------------------------------------------------------------------------------
// all the anchors of a database

export interface AnchorSet {
  anchors: FoundAnchor[];
  /** lines of the anchors file that could not be read */
  unreadable: number;
  anchorsFile: string | null;
}

const anchorKey = (a: AuditAnchor) => `${a.kind}|${a.ref}|${a.lastId}|${a.hash}`;

/**
 * Every anchor of the database that can be found: its anchors file, the manifests of its copies
 * (SQLite) and the closing acts' records; the same anchor found in several places is one, with its
 * sources. Oldest first. `db` gives the closing acts' records (null when it cannot be read).
 */
export async function collectAnchors(db: Knex | null, where: { anchorsFile: string | null; backupsDir: string | null; dbFile: string | null }): Promise<AnchorSet> {
  const found = new Map<string, FoundAnchor>();
  const add = (anchor: AuditAnchor, source: AnchorSource) => {
    const key = anchorKey(anchor);
    const known = found.get(key);
    if (known) {
      if (!known.sources.includes(source)) known.sources.push(source);
    } else found.set(key, { ...anchor, sources: [source] });
  };
  const file = where.anchorsFile ? readAnchorsFile(where.anchorsFile) : { anchors: [], unreadable: 0 };
  for (const anchor of file.anchors) add(anchor, 'anclas');
  if (where.backupsDir && where.dbFile) for (const manifest of readManifests(where.backupsDir, where.dbFile)) add(manifest, 'manifiesto');
  if (db) for (const anchor of await closingAnchors(db)) add(anchor, 'cierre');
  const anchors = [...found.values()].sort((a, b) => a.at.localeCompare(b.at));
  return { anchors, unreadable: file.unreadable, anchorsFile: where.anchorsFile };
}

/** The highest number each counter reached in any of these anchors. */
export function highestCounters(anchors: readonly AuditAnchor[]): Record<string, number> {
  const highest: Record<string, number> = {};
  for (const anchor of anchors) {
    for (const [key, value] of Object.entries(anchor.counters ?? {})) {
      if (typeof value === 'number' && Number.isFinite(value) && value > (highest[key] ?? 0)) highest[key] = value;
    }
  }
  return highest;
}
