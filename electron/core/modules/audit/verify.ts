/**
 * `audit verify`: the chain inside the file (db/audit.ts), the anchors found outside it
 * (db/anchors.ts) and the reconciliation of balances and tills (reconcile.ts), in one answer that
 * names every problem in Spanish.
 *
 * An anchor holds when the file still has its row with its hash: the chain up to there is then the
 * one the anchor saw (each hash covers every row before it). One that does not hold is broken (the
 * log was emptied, shrank, or was recomputed), unless a restore recorded after it replaced that
 * history: a restore's own anchor that holds excuses the anchors taken before it (those of the
 * history it undid).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { AnchorProblem, AnchorsCheck, AnchorSummary, AuditCheckResult, ChainCheck } from '../../../../shared/contract';
import { formatDateTime } from '../../../../shared/dates';
import { readAuditHead, verifyAuditChain, type AuditPoint } from '../../db/audit';
import { collectAnchors, copyMatchesManifest, readCopyState, readManifest, registeredAnchors, type AnchorSet, type AnchorSource, type FoundAnchor } from '../../db/anchors';
import { backupsDir, companyTimeZone } from '../../db/backup';
import type { BackOffice } from '../../context';
import { openDatabaseReadOnly } from '../../db/connection';
import { reconcile } from './reconcile';

/** "1.234" */
export const count = (n: number | undefined) => (n ?? 0).toLocaleString('es-CO');
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

const SOURCE_LABELS: Record<AnchorSource, string> = {
  anclas: 'archivo de anclas',
  manifiesto: 'manifiesto de la copia',
  cierre: 'registro del cierre',
};

/** "la copia de seguridad «manual-2026-11-22-101500.sqlite» (22/11/2026 10:15 a. m.)" */
export function describeAnchor(anchor: Pick<FoundAnchor, 'kind' | 'ref' | 'at'>, timeZone: string): string {
  const when = anchor.at ? ` (${formatDateTime(anchor.at, timeZone)})` : '';
  switch (anchor.kind) {
    case 'copia':
      return `la copia de seguridad «${anchor.ref}»${when}`;
    case 'cierre':
      return `el cierre de caja del ${anchor.ref}${when}`;
    case 'recaudo':
      return `el informe de recaudo ${anchor.ref}${when}`;
    case 'restauracion':
      return `la restauración de «${anchor.ref}»${when}`;
  }
}

function summarize(anchor: FoundAnchor, timeZone: string): AnchorSummary {
  return {
    kind: anchor.kind,
    ref: anchor.ref,
    at: anchor.at,
    lastId: anchor.lastId,
    hash: anchor.hash,
    rows: anchor.rows,
    description: describeAnchor(anchor, timeZone),
    sources: anchor.sources.map((s) => SOURCE_LABELS[s]),
  };
}

/** id → stored hash of the rows the anchors name */
async function storedHashes(db: Knex, ids: number[]): Promise<Map<number, string | null>> {
  const stored = new Map<number, string | null>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows: { id: number | string; hash: string | null }[] = await db('audit_log').whereIn('id', ids.slice(i, i + 500)).select('id', 'hash');
    for (const row of rows) stored.set(Number(row.id), row.hash);
  }
  return stored;
}

/** Checks a set of anchors against the chain in `db`. */
export async function checkAnchors(db: Knex, set: Pick<AnchorSet, 'anchors' | 'unreadable'>, timeZone: string): Promise<AnchorsCheck> {
  const { anchors } = set;
  const ids = [...new Set(anchors.map((a) => a.lastId).filter((id): id is number => id !== null))];
  const stored = await storedHashes(db, ids);
  const [{ n }] = await db('audit_log').count<{ n: number | string }[]>({ n: '*' });
  const rowsNow = Number(n);
  const holds = (a: FoundAnchor) => a.lastId === null || stored.get(a.lastId) === a.hash;
  const restores = anchors.filter((a) => a.kind === 'restauracion' && holds(a));

  let held = 0;
  let superseded = 0;
  const broken: AnchorProblem[] = [];
  for (const anchor of anchors) {
    if (holds(anchor)) {
      held += 1;
      continue;
    }
    if (restores.some((r) => r.at > anchor.at)) {
      superseded += 1;
      continue;
    }
    broken.push(anchorProblem(anchor, stored.has(anchor.lastId!), rowsNow, timeZone));
  }
  const latest = anchors.length > 0 ? summarize(anchors[anchors.length - 1], timeZone) : null;
  return { checked: anchors.length, held, superseded, broken, latest, unreadableLines: set.unreadable };
}

function anchorProblem(anchor: FoundAnchor, rowExists: boolean, rowsNow: number, timeZone: string): AnchorProblem {
  const summary = summarize(anchor, timeZone);
  const what = `${summary.description} registró ${count(anchor.rows)} filas, hasta la fila ${count(anchor.lastId ?? 0)}`;
  if (rowsNow === 0) {
    return { anchor: summary, reason: 'vaciada', message: `La auditoría está vacía, pero ${what}: la vaciaron por fuera de la aplicación.` };
  }
  const fewer = rowsNow < anchor.rows ? ` La auditoría tiene ${count(rowsNow)} filas y el ancla registró ${count(anchor.rows)}: se borraron filas.` : '';
  if (rowExists) {
    return {
      anchor: summary,
      reason: 'reescrita',
      message:
        `La fila ${count(anchor.lastId ?? 0)} de la auditoría no tiene el sello que registró ${summary.description}: ` +
        `la cadena fue rehecha desde esa fila o antes (filas cambiadas o borradas y los sellos calculados de nuevo).${fewer}`,
    };
  }
  if (rowsNow < anchor.rows) {
    return { anchor: summary, reason: 'encogida', message: `La auditoría tiene ${count(rowsNow)} filas, pero ${what}: se borraron filas por fuera de la aplicación.` };
  }
  return {
    anchor: summary,
    reason: 'reescrita',
    message: `La fila ${count(anchor.lastId ?? 0)} que registró ${summary.description} ya no está en la auditoría: la cadena fue rehecha por fuera de la aplicación.`,
  };
}

export interface AuditTarget {
  db: Knex;
  /** the SQLite file (its backups folder holds the copies' manifests), or null */
  dbFile: string | null;
  backupsDir: string | null;
  anchorsFile: string | null;
}

/** Where the anchors of a back office's database are. */
export function auditTargetOf(app: Pick<BackOffice, 'db' | 'dbFile'>): AuditTarget {
  return { db: app.db, dbFile: app.dbFile, backupsDir: app.dbFile ? backupsDir(app.dbFile) : null, anchorsFile: registeredAnchors(app.db)?.anchorsFile ?? null };
}

/** The whole check: chain, anchors, reconciliation. Reads only. */
export async function checkAudit(target: AuditTarget): Promise<AuditCheckResult> {
  const timeZone = await companyTimeZone(target.db);
  const verification = await verifyAuditChain(target.db);
  const chain: ChainCheck = verification.ok
    ? { ok: true, rows: verification.rows, lastId: verification.lastId }
    : { ok: false, rows: verification.rows, lastId: null, rowId: verification.rowId, reason: verification.reason, message: verification.message };
  const set = await collectAnchors(target.db, target);
  const anchors = await checkAnchors(target.db, set, timeZone);
  const reconciliation = await reconcile(target.db);

  const problems: string[] = [];
  if (!verification.ok) problems.push(`${verification.message} (${count(verification.rows)} filas anteriores están bien.)`);
  for (const problem of anchors.broken) problems.push(problem.message);
  if (anchors.unreadableLines > 0) problems.push(`El archivo de anclas ${target.anchorsFile ?? ''} tiene ${count(anchors.unreadableLines)} líneas que no son anclas: fue editado por fuera de la aplicación.`);
  for (const issue of reconciliation.issues) problems.push(issue.message);
  if (reconciliation.more > 0) problems.push(`…y ${count(reconciliation.more)} diferencias más en la conciliación.`);

  const upTo = verification.ok && verification.lastId !== null ? `, hasta la ${count(verification.lastId)}` : '';
  const summary = [
    !verification.ok
      ? `Cadena de la auditoría rota en la fila ${count(verification.rowId)}.`
      : anchors.broken.length === 0
        ? `Auditoría íntegra: ${plural(verification.rows, 'fila verificada', 'filas verificadas')}${upTo}.`
        : `La cadena dentro del archivo no tiene rupturas (${plural(verification.rows, 'fila', 'filas')}${upTo}), pero no cumple sus anclas de fuera del archivo.`,
    anchorsLine(anchors),
    reconciliationLine(reconciliation),
  ];
  return { ok: problems.length === 0, chain, anchors, reconciliation, problems, summary };
}

function anchorsLine(anchors: AnchorsCheck): string {
  if (anchors.checked === 0) return 'Anclas: no se encontró ninguna (se toman en cada cierre de caja, informe de recaudo y copia de seguridad).';
  const parts = [`${count(anchors.held)} se ${anchors.held === 1 ? 'cumple' : 'cumplen'}`];
  if (anchors.superseded > 0) parts.push(`${count(anchors.superseded)} ${anchors.superseded === 1 ? 'es' : 'son'} de lo que deshizo una restauración`);
  if (anchors.broken.length > 0) parts.push(`${count(anchors.broken.length)} no se ${anchors.broken.length === 1 ? 'cumple' : 'cumplen'}`);
  return `Anclas: ${plural(anchors.checked, 'revisada', 'revisadas')} (${parts.join(', ')}); la más reciente, ${anchors.latest?.description ?? ''}.`;
}

function reconciliationLine(r: AuditCheckResult['reconciliation']): string {
  const { invoices, charges, payments, sessions, movements, bankFiles } = r.checked;
  const what = `${count(invoices)} facturas, ${count(charges)} cobros, ${count(payments)} pagos, ${count(sessions)} turnos de caja, ${count(movements)} movimientos de efectivo y ${count(bankFiles)} archivos del banco`;
  const found = r.issues.length + r.more;
  return r.ok ? `Conciliación: ${what} cuadran con sus pagos y con la auditoría.` : `Conciliación: ${count(found)} diferencias en ${what}.`;
}

export interface CopyCheck {
  ok: boolean;
  problems: string[];
  summary: string[];
  /** the copy's head and counters, read from it */
  head: AuditPoint | null;
  counters: Record<string, number>;
}

/**
 * Checks a copy before it replaces the database: its bytes against its manifest, its own chain, and
 * the anchors taken up to the moment of the copy (the anchors file, the manifests in the folder, the
 * closing acts of the live database when it can be read), which the copy must hold. Reads only.
 */
export async function checkCopy(copy: string, where: Omit<AuditTarget, 'db'> & { db: Knex | null }): Promise<CopyCheck> {
  const name = path.basename(copy);
  const problems: string[] = [];
  const summary: string[] = [];
  const manifest = readManifest(copy);
  if (manifest && !(await copyMatchesManifest(copy, manifest))) {
    problems.push(`La copia ${name} cambió después de hecha: su contenido ya no es el que registró su manifiesto (SHA-256).`);
  }
  if (!manifest) summary.push(`La copia ${name} no tiene manifiesto (es de una versión anterior o se trajo sin él): se revisa solo su cadena.`);
  const state = await readCopyState(copy);
  if (state.head === null) {
    summary.push(`La copia ${name} es de una versión sin cadena de auditoría: no hay cadena que revisar.`);
    return { ok: problems.length === 0, problems, summary, head: null, counters: state.counters };
  }
  const copyAt = manifest?.at ?? fs.statSync(copy).mtime.toISOString();
  const db = openDatabaseReadOnly({ filename: copy });
  try {
    const timeZone = await companyTimeZone(db);
    const verification = await verifyAuditChain(db);
    if (!verification.ok) problems.push(`En la copia ${name}: ${verification.message}`);
    else summary.push(`Cadena de la copia íntegra: ${count(verification.rows)} filas.`);
    const set = await collectAnchors(where.db, where);
    const before = set.anchors.filter((a) => a.at <= copyAt);
    const anchors = await checkAnchors(db, { anchors: before, unreadable: 0 }, timeZone);
    for (const problem of anchors.broken) problems.push(`En la copia ${name}: ${problem.message}`);
    if (anchors.checked > 0) summary.push(`Anclas anteriores a la copia: ${count(anchors.checked)} revisadas, ${count(anchors.broken.length)} no se cumplen.`);
    return { ok: problems.length === 0, problems, summary, head: await readAuditHead(db), counters: state.counters };
  } finally {
    await db.destroy();
  }
}
