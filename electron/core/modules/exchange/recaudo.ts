/**
 * The day's payments handed to the billing system, exactly once (issue 18, items 1 and 2).
 *
 * One transaction: the exports' table is locked, the payments of the day (and office) not yet in a
 * file of this format are linked to a new numbered export with the next modifier, the file is
 * written from those links (set-based pages, streamed into the sink), its counts and totals are
 * checked against the database's own COUNT and SUM, and the export is recorded with its SHA-256 and
 * an audit row. A file going to disk is written under a temporary name and renamed only after the
 * commit: a process killed before leaves no file under the real name and no export recorded.
 *
 * Nothing new since the last export of the day: that export again, the same bytes (rebuilt from its
 * links and its recorded date, time and settings, checked against its SHA-256).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { DeliveryState, ExchangeExport, ExportFormat, ExportKind } from '../../../../shared/contract';
import { todayIn, zonedDateTime } from '../../../../shared/dates';
import type { BackOffice } from '../../context';
import { writeAudit, type Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { nextNumber } from '../../db/counters';
import { engineOf, retryingTransaction } from '../../db/dialect';
import { conflict, notFound, rule } from '../../errors';
import { getCompany } from '../setup/service';
import { exportFileName, fileOutput, HashingSink, memoryOutput, writeExport, type ExportHead, type ExportLayout } from './formats';
import { deliveryColumns, getExchangeSettings } from './settings';

export const MODIFIERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export interface RecaudoRequest {
  date: string;
  /** null: every office */
  officeId: number | null;
  format: ExportFormat;
  openSessionsReason?: string;
}

/** Where the bytes go: a file (temporary name, renamed after the commit) or memory. */
export type Destination = { kind: 'file'; path: string } | { kind: 'memory' };

export interface Exported {
  export: ExchangeExport;
  created: boolean;
  /** the bytes, for a memory destination */
  content: Buffer | null;
}

export interface ExportRow {
  id: number;
  number: number | string;
  kind: ExportKind;
  format: ExportFormat;
  business_date: string;
  office_id: number | null;
  office_code: string | null;
  modifier: string;
  file_date: string;
  file_time: string;
  records: number | string;
  total: number | string;
  sha256: string;
  bytes: number | string;
  file_name: string;
  layout_json: string;
  open_sessions_reason: string;
  created_by_name: string | null;
  created_at: string;
  content: string | null;
  delivery_state: DeliveryState;
  delivery_path: string;
  delivery_error: string;
  delivery_attempts: number | string;
  delivered_at: string | null;
}

export function exportOf(r: ExportRow): ExchangeExport {
  return {
    id: Number(r.id),
    number: Number(r.number),
    kind: r.kind,
    format: r.format,
    businessDate: r.business_date,
    officeId: r.office_id === null ? null : Number(r.office_id),
    officeCode: r.office_code,
    modifier: r.modifier,
    records: Number(r.records),
    total: Number(r.total),
    sha256: r.sha256,
    bytes: Number(r.bytes),
    fileName: r.file_name,
    openSessionsReason: r.open_sessions_reason,
    createdBy: r.created_by_name,
    createdAt: r.created_at,
    delivery: { state: r.delivery_state, path: r.delivery_path, error: r.delivery_error, attempts: Number(r.delivery_attempts), deliveredAt: r.delivered_at },
  };
}

export const exportsQuery = (db: Knex) =>
  db('exchange_exports as e')
    .leftJoin('offices as o', 'o.id', 'e.office_id')
    .leftJoin('users as u', 'u.id', 'e.created_by')
    .select('e.*', 'o.code as office_code', 'u.full_name as created_by_name');

export async function getExport(db: Knex, exportId: number): Promise<ExportRow | undefined> {
  return exportsQuery(db).where('e.id', exportId).first();
}

/** The log, newest first (one date, or the last 500). */
export async function listExports(db: Knex, scope: number | null, date?: string): Promise<ExchangeExport[]> {
  // a reservation not finished yet (no hash) is not in the log: its file does not exist
  const q = exportsQuery(db).whereNot('e.sha256', '').orderBy('e.id', 'desc').limit(500);
  if (date) q.where('e.business_date', date);
  if (scope !== null) q.where('e.office_id', scope);
  return (await q).map(exportOf);
}

const headOf = (r: ExportRow): ExportHead => ({
  id: Number(r.id),
  number: Number(r.number),
  format: r.format,
  businessDate: r.business_date,
  modifier: r.modifier,
  fileDate: r.file_date,
  fileTime: r.file_time,
});

async function layoutNow(db: Knex): Promise<ExportLayout> {
  const [company, settings] = await Promise.all([getCompany(db), getExchangeSettings(db)]);
  let nit = company.nit.replace(/\D/g, '');
  if (nit.length > 10) nit = nit.slice(0, -1);
  return {
    billerNit: nit,
    bankCode: settings.bankCode,
    accountNumber: settings.collectionAccount,
    accountType: settings.accountType,
    serviceCode: settings.serviceCode || company.gln,
    reference: settings.reference,
    branches: Object.fromEntries(settings.branches.map((b) => [b.officeCode.toUpperCase(), b.branch])),
    currency: company.currency,
  };
}

/** The standing payments of the day (and office). */
function dayPayments(db: Knex, request: RecaudoRequest) {
  const q = db('payments as p').where('p.business_date', request.date).andWhere('p.status', 'vigente');
  if (request.officeId !== null) q.andWhere('p.office_id', request.officeId);
  return q;
}

/** The payments of the day (and office) the export takes: standing, not yet in a file of this format. */
function pendingPayments(db: Knex, request: RecaudoRequest) {
  return dayPayments(db, request).whereNotExists(db('exchange_export_payments as l').whereRaw('l.payment_id = p.id').andWhere('l.format', request.format));
}

/**
 * Links the pending payments to the export in one statement. The unique (format, payment_id) keeps
 * out those already in a file of this format (ON CONFLICT DO NOTHING, both engines): an anti-join
 * on the table being filled made PostgreSQL probe the rows it was inserting, quadratic (39 s for
 * 20,000 payments under load).
 */
async function linkPending(trx: Knex.Transaction, request: RecaudoRequest, exportId: number): Promise<void> {
  const select = dayPayments(trx, request)
    .select(trx.raw('CAST(? AS integer)', [exportId]), 'p.id', trx.raw('CAST(? AS varchar(12))', [request.format]))
    .toSQL();
  const inserted: { rowCount?: number } = await trx.raw(
    `INSERT INTO exchange_export_payments (export_id, payment_id, format) ${select.sql} ON CONFLICT (format, payment_id) DO NOTHING`,
    select.bindings as Knex.RawBinding[],
  );
  // PostgreSQL plans the pages' reads on the table's statistics, which do not know yet of a day of
  // tens of thousands of links just inserted (measured: 1.1 s a page of 2,000 instead of 0.12 s)
  if (engineOf(trx) === 'pg' && (inserted.rowCount ?? 0) >= LARGE_LINK) await trx.raw('ANALYZE exchange_export_payments');
}

/** links from which an export refreshes the links' statistics (PostgreSQL) */
const LARGE_LINK = 10_000;

async function checkRequest(db: Knex, request: RecaudoRequest, timeZone: string): Promise<void> {
  if (request.date > todayIn(timeZone)) throw rule(`El ${request.date} todavía no ha llegado: solo se exportan días ya recaudados.`);
  const first = (await db('payments').min({ first: 'business_date' }).first()) as { first: string | null } | undefined;
  if (!first?.first || request.date < first.first) {
    throw rule(`No hay pagos antes del ${first?.first ?? request.date}: el ${request.date} es anterior al primer pago registrado.`);
  }
  if (request.officeId !== null) {
    const office = await db('offices').where({ id: request.officeId }).first('id');
    if (!office) throw notFound('La oficina');
  }
  const open = db('cash_sessions').where({ status: 'abierta', business_date: request.date });
  if (request.officeId !== null) open.andWhere('office_id', request.officeId);
  const [{ n }] = await open.count<{ n: number | string }[]>({ n: '*' });
  if (Number(n) > 0 && !request.openSessionsReason?.trim()) {
    throw rule(
      `El ${request.date} tiene ${Number(n)} ${Number(n) === 1 ? 'caja abierta' : 'cajas abiertas'}: ciérrelas antes de exportar, o un coordinador debe escribir el motivo para exportar así.`,
    );
  }
}

/** Locks the exports so two exports of the same day take turns (SQLite: the transaction already holds the write lock). */
export async function lockExports(trx: Knex.Transaction): Promise<void> {
  if (engineOf(trx) === 'pg') await trx.raw('LOCK TABLE exchange_exports IN SHARE ROW EXCLUSIVE MODE');
}

/** What the database says of an export's payments: count and sum. */
async function databaseSums(db: Knex, exportId: number): Promise<{ records: number; total: number }> {
  const row: { n: number | string; total: number | string | null } = await db('exchange_export_payments as l')
    .join('payments as p', 'p.id', 'l.payment_id')
    .where('l.export_id', exportId)
    .first(db.raw('COUNT(*) AS n'), db.raw('SUM(p.amount) AS total'));
  return { records: Number(row.n), total: Number(row.total ?? 0) };
}

export interface Opened {
  sink: HashingSink;
  /** after the commit: the temporary file becomes the file */
  finish: () => Promise<Buffer | null>;
  abort: () => Promise<void>;
}

export function openDestination(destination: Destination): Opened {
  if (destination.kind === 'memory') {
    const chunks: Buffer[] = [];
    return { sink: new HashingSink(memoryOutput(chunks)), finish: () => Promise.resolve(Buffer.concat(chunks)), abort: () => Promise.resolve() };
  }
  const target = path.resolve(destination.path);
  removeStaleTemporaries(target);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.parcial`);
  const stream = fs.createWriteStream(temporary, { flags: 'w' });
  const closed = () => new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return {
    sink: new HashingSink(fileOutput(stream)),
    finish: async () => {
      await closed();
      fs.renameSync(temporary, target);
      return null;
    },
    abort: async () => {
      await closed().catch(() => undefined);
      fs.rmSync(temporary, { force: true });
    },
  };
}

/** The temporary files of this target that a killed process left behind (its pid no longer runs): never under the real name, removed before the next write. */
function removeStaleTemporaries(target: string): void {
  const prefix = `.${path.basename(target)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.parcial')) continue;
    const pid = Number(name.slice(prefix.length, -'.parcial'.length));
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      fs.rmSync(path.join(path.dirname(target), name), { force: true });
    }
  }
}

/** Rebuilds a recorded export into the destination; refuses bytes that differ from the recorded hash. */
export async function rewrite(db: Knex, row: ExportRow, destination: Destination): Promise<Buffer | null> {
  const out = openDestination(destination);
  try {
    await writeExport(db, headOf(row), JSON.parse(row.layout_json) as ExportLayout, out.sink);
    const { sha256 } = await out.sink.end();
    if (sha256 !== row.sha256) {
      throw conflict(`El archivo n.º ${Number(row.number)} ya no se puede reconstruir igual (su huella SHA-256 cambió): revise la auditoría antes de enviarlo.`);
    }
    return await out.finish();
  } catch (error) {
    await out.abort();
    throw error;
  }
}

/**
 * Writes a reserved export's file from its links, outside any transaction (a day of 100,000 payments
 * takes seconds: the till keeps taking payments meanwhile), checks it against the counts and totals
 * the database recorded, then records its SHA-256 and the audit row in a short transaction; the
 * temporary file becomes the file after that commit. A reservation that another run finished
 * already (two exports at once, or the run after a crash) must have the same bytes.
 */
async function finishExport(app: BackOffice, actor: Actor, row: ExportRow, destination: Destination): Promise<{ row: ExportRow; content: Buffer | null }> {
  const out = openDestination(destination);
  try {
    const written = await writeExport(app.db, headOf(row), JSON.parse(row.layout_json) as ExportLayout, out.sink);
    const { sha256, bytes } = await out.sink.end();
    if (written.records !== Number(row.records) || written.total !== Number(row.total)) {
      throw new Error(`export ${Number(row.number)}: written ${written.records}/${written.total}, database ${Number(row.records)}/${Number(row.total)}`);
    }
    const finished = await app.db.transaction(async (trx) => {
      const updated = await trx('exchange_exports').where({ id: row.id, sha256: '' }).update({ sha256, bytes });
      const current = (await getExport(trx, Number(row.id))) as ExportRow;
      if (updated === 0 && current.sha256 !== sha256) {
        throw conflict(`El archivo n.º ${Number(row.number)} ya no se puede reconstruir igual (su huella SHA-256 cambió): revise la auditoría antes de enviarlo.`);
      }
      if (updated > 0) await writeAudit(trx, actor, { action: 'exchange.export', entity: 'exchange_export', entityId: Number(row.id), after: exportOf(current) });
      return current;
    });
    return { row: finished, content: await out.finish() };
  } catch (error) {
    await out.abort();
    throw error;
  }
}

/** The reservations of this day and format that a run left unfinished (killed while writing): finished now, the same bytes. */
async function finishLeftovers(app: BackOffice, actor: Actor, request: RecaudoRequest): Promise<void> {
  const left: ExportRow[] = await exportsQuery(app.db).where({ 'e.kind': 'recaudo', 'e.format': request.format, 'e.business_date': request.date, 'e.sha256': '' }).orderBy('e.id');
  for (const row of left) await finishExport(app, actor, row, { kind: 'memory' });
}

/**
 * The day's payments as a file: a new export of what was not exported yet, or the last one again.
 * Two steps: a short transaction reserves the export (number, modifier, its payments linked, counts
 * and totals from the database's own COUNT and SUM; no hash yet, so no log line, no audit row), then
 * finishExport writes the file outside it and records the hash.
 */
export async function exportRecaudo(app: BackOffice, actor: Actor, request: RecaudoRequest, destination: Destination): Promise<Exported> {
  const company = await getCompany(app.db);
  await checkRequest(app.db, request, company.timeZone);
  await finishLeftovers(app, actor, request);
  const result = await retryingTransaction(app.db, async (trx) => {
    await lockExports(trx);
    const [{ n }] = await pendingPayments(trx, request).count<{ n: number | string }[]>({ n: '*' });
    if (Number(n) === 0) {
      const lastQuery = exportsQuery(trx).where({ 'e.kind': 'recaudo', 'e.format': request.format, 'e.business_date': request.date }).orderBy('e.id', 'desc');
      if (request.officeId === null) lastQuery.whereNull('e.office_id');
      else lastQuery.where('e.office_id', request.officeId);
      const last: ExportRow | undefined = await lastQuery.first();
      if (!last) throw rule(`No hay pagos vigentes del ${request.date}${request.officeId === null ? '' : ' en la oficina'} para exportar.`);
      return { row: last, created: false };
    }
    const used: { modifier: string }[] = await trx('exchange_exports').where({ kind: 'recaudo', format: request.format, business_date: request.date }).select('modifier');
    const modifier = [...MODIFIERS].find((m) => !used.some((u) => u.modifier === m));
    if (!modifier) throw rule(`El ${request.date} ya tiene ${MODIFIERS.length} archivos de este formato, el máximo que permite el modificador del archivo.`);
    const number = await nextNumber(trx, 'exchangeExport');
    const createdAt = nowTimestamp();
    const { date: fileDate, time: fileTime } = zonedDateTime(createdAt, company.timeZone);
    const layout = await layoutNow(trx);
    const office: { code: string } | undefined = request.officeId === null ? undefined : await trx('offices').where({ id: request.officeId }).first('code');
    const fileName = exportFileName({ format: request.format, businessDate: request.date, modifier, number }, office?.code ?? null);
    const [inserted] = await trx('exchange_exports')
      .insert({
        number,
        kind: 'recaudo',
        format: request.format,
        business_date: request.date,
        office_id: request.officeId,
        modifier,
        file_date: fileDate,
        file_time: fileTime.slice(0, 5),
        records: 0,
        total: 0,
        sha256: '',
        bytes: 0,
        file_name: fileName,
        layout_json: JSON.stringify(layout),
        open_sessions_reason: request.openSessionsReason?.trim() ?? '',
        created_by: actor.userId,
        created_at: createdAt,
        ...(await deliveryColumns(trx, office?.code ?? null)),
      })
      .returning('id');
    const exportId = Number(typeof inserted === 'object' ? inserted.id : inserted);
    await linkPending(trx, request, exportId);
    const sums = await databaseSums(trx, exportId);
    await trx('exchange_exports').where({ id: exportId }).update({ records: sums.records, total: sums.total });
    return { row: (await getExport(trx, exportId)) as ExportRow, created: true };
  });
  if (!result.created && result.row.sha256 !== '') return { export: exportOf(result.row), created: false, content: await rewrite(app.db, result.row, destination) };
  // a new reservation, or one that another run is still writing (the same bytes either way)
  const finished = await finishExport(app, actor, result.row, destination);
  return { export: exportOf(finished.row), created: result.created, content: finished.content };
}

/** An act file's recorded bytes into the destination (temporary name, then rename). */
export async function writeStored(row: ExportRow, destination: Destination): Promise<Buffer | null> {
  const out = openDestination(destination);
  try {
    await out.sink.write(row.content ?? '');
    await out.sink.end();
    return await out.finish();
  } catch (error) {
    await out.abort();
    throw error;
  }
}

/** A recorded export again: the same bytes. */
export async function resendExport(app: BackOffice, exportId: number, scope: number | null, destination: Destination): Promise<Exported> {
  const row = await getExport(app.db, exportId);
  if (!row || (scope !== null && Number(row.office_id) !== scope)) throw notFound('El archivo de intercambio');
  return { export: exportOf(row), created: false, content: row.content !== null ? await writeStored(row, destination) : await rewrite(app.db, row, destination) };
}
