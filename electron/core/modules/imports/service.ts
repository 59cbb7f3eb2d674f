/**
 * Importing customer accounts and invoices from the billing system (CSV).
 *
 * One pass over the file validates every row and stages the good ones (see staging.ts); file-wide
 * checks follow; then, in one transaction, the staged rows are compared with the database
 * (new / changed / unchanged, and rows the database refuses) and, on commit and only when the
 * whole file is accepted, written with a few set-based statements. Preview runs the same steps
 * and writes nothing. A committed file leaves one `import_batches` row and one audit row with the
 * counts and the file's SHA-256: a per-row audit of a million rows is not wanted, and the batch
 * row says which file brought each change. A file with nothing new or changed writes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { ImportKind, ImportResult } from '../../../../shared/contract';
import type { CurrencyCode } from '../../../../shared/money';
import type { BackOffice } from '../../context';
import { nowTimestamp } from '../../db/connection';
import { writeAudit, type Actor } from '../../db/audit';
import { AppError, notFound } from '../../errors';
import { getCompany } from '../setup/service';
import { accountsImport } from './accounts-import';
import { CsvFileError, readCsvFile, type CsvEncoding, type CsvSeparator } from './csv-reader';
import { ErrorLog, mapHeader } from './fields';
import { invoicesImport } from './invoices-import';
import type { ImportKindSpec, RowSink } from './kind';
import { analyzeStaging, checkpointAfterBulkWrite, isDatabaseBusy, lockForImport, openImportConnection, type ImportConnection } from './staging';

const KINDS: Record<ImportKind, ImportKindSpec> = { accounts: accountsImport, invoices: invoicesImport };

export interface ImportOptions {
  /** false: preview (validate and count, write nothing) */
  commit: boolean;
  /** called as data rows are read (every 10,000 rows and at the end) */
  onProgress?: (rowsRead: number) => void;
  /** the name shown and recorded (default: the file's own name) */
  fileName?: string;
}

const PROGRESS_EVERY_ROWS = 10_000;

/** Thrown inside the transaction to leave it without writing. */
const ROLLBACK = Symbol('rollback');

/** One import at a time per back office: they compete for the same tables and the disk. */
const running = new WeakMap<BackOffice, Promise<unknown>>();

/**
 * Imports (commit) or previews (commit=false) a CSV file of `kind`. Returns what was found; the
 * result's `committed` says whether it was applied. Called by the upload handlers and the CLI.
 */
export async function importFile(
  app: BackOffice,
  actor: Actor,
  kind: ImportKind,
  filePath: string,
  options: ImportOptions,
): Promise<ImportResult> {
  const previous = running.get(app) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => runImport(app, actor, kind, filePath, options));
  running.set(app, next);
  try {
    return await next;
  } finally {
    if (running.get(app) === next) running.delete(app);
  }
}

async function runImport(app: BackOffice, actor: Actor, kind: ImportKind, filePath: string, options: ImportOptions): Promise<ImportResult> {
  const fileName = options.fileName ?? path.basename(filePath);
  if (!fs.existsSync(filePath)) throw notFound(`El archivo «${fileName}»`);
  const { currency } = await getCompany(app.db);
  const spec = KINDS[kind];
  const log = new ErrorLog();
  const result: ImportResult = {
    kind,
    fileName,
    encoding: 'utf-8',
    separator: ';',
    rows: 0,
    newCount: 0,
    changedCount: 0,
    unchangedCount: 0,
    rejectedCount: 0,
    errors: [],
    acceptable: false,
    fileError: null,
    committed: false,
    batchId: null,
  };
  const conn = await openImportConnection(app);
  try {
    await spec.createStagingTables(conn.db);
    const staged = await stageFile(conn, spec, filePath, currency, log, options.onProgress);
    Object.assign(result, { encoding: staged.encoding, separator: staged.separator, rows: staged.rows, fileError: staged.fileError });
    if (staged.fileError === null) {
      await analyzeStaging(conn.db);
      await spec.checkFile(conn.db, log);
      await compareAndWrite(conn.db, spec, log, result, { app, actor, currency, sha256: staged.sha256, commit: options.commit });
      if (result.batchId !== null) await checkpointAfterBulkWrite(conn.db);
    }
  } catch (error) {
    if (isDatabaseBusy(error)) {
      throw new AppError('CONFLICT', 'La base de datos está ocupada con otra operación larga. No se importó nada; intente de nuevo en unos minutos.');
    }
    throw error;
  } finally {
    await conn.close();
  }
  result.errors = log.errors();
  result.rejectedCount = log.rejected;
  result.acceptable = result.fileError === null && log.isEmpty;
  return result;
}

interface Staged {
  encoding: CsvEncoding;
  separator: CsvSeparator;
  rows: number;
  sha256: string;
  fileError: string | null;
}

/** Reads the file once: header check, then every record through the kind's sink into staging. */
async function stageFile(
  conn: ImportConnection,
  spec: ImportKindSpec,
  filePath: string,
  currency: CurrencyCode,
  log: ErrorLog,
  onProgress?: (rowsRead: number) => void,
): Promise<Staged> {
  const other = KINDS[spec.kind === 'accounts' ? 'invoices' : 'accounts'];
  const raw = await conn.acquireRaw();
  const state: { sink: RowSink | null; headerLine: number } = { sink: null, headerLine: 1 };
  const staged: Staged = { encoding: 'utf-8', separator: ';', rows: 0, sha256: '', fileError: null };
  let reported = 0;
  try {
    const read = await readCsvFile(filePath, {
      record(record, info) {
        if (state.sink) {
          state.sink.add(record);
          staged.rows++;
          return;
        }
        staged.encoding = info.encoding;
        staged.separator = info.separator;
        const mapped = mapHeader(record, spec.kind, spec.columns, other);
        if ('errors' in mapped) {
          for (const e of mapped.errors) log.add(e.line, e.column, e.message);
          throw new CsvFileError(mapped.message, record.line);
        }
        state.headerLine = record.line;
        state.sink = spec.createSink({ conn: raw, log, map: mapped.map, currency });
      },
      async chunkDone() {
        if (onProgress && staged.rows - reported >= PROGRESS_EVERY_ROWS) onProgress((reported = staged.rows));
        await state.sink?.pump();
      },
    });
    if (onProgress && staged.rows !== reported) onProgress(staged.rows);
    Object.assign(staged, { encoding: read.encoding, separator: read.separator, sha256: read.sha256 });
    if (!state.sink) throw new CsvFileError('El archivo está vacío.');
    if (staged.rows === 0) throw new CsvFileError('El archivo solo tiene el encabezado: no hay filas de datos.', state.headerLine);
    await state.sink.finish();
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error;
    staged.fileError = error.message;
  } finally {
    await state.sink?.close();
    await conn.releaseRaw(raw);
  }
  return staged;
}

/**
 * The transaction: compare with the database, and on commit write everything or nothing. On
 * commit it first takes the locks (lockForImport: on SQLite the batch row's insert takes the
 * database's write lock), so nothing can change between the comparison and the writes.
 */
async function compareAndWrite(
  db: Knex,
  spec: ImportKindSpec,
  log: ErrorLog,
  result: ImportResult,
  ctx: { app: BackOffice; actor: Actor; currency: CurrencyCode; sha256: string; commit: boolean },
): Promise<void> {
  const now = nowTimestamp();
  try {
    await db.transaction(async (trx) => {
      let batchId: number | null = null;
      if (ctx.commit) {
        await lockForImport(trx);
        const [row] = await trx('import_batches')
          .insert({
            kind: spec.kind,
            file_name: result.fileName,
            sha256: ctx.sha256,
            rows: result.rows,
            new_count: 0,
            changed_count: 0,
            unchanged_count: 0,
            user_id: ctx.actor.userId,
            committed_at: now,
          })
          .returning('id');
        batchId = typeof row === 'object' ? row.id : row;
      }
      const { newCount, changedCount, unchangedCount } = await spec.classify(trx, log, ctx.currency);
      const counts = { newCount, changedCount, unchangedCount };
      Object.assign(result, counts);
      if (!ctx.commit || !log.isEmpty) throw ROLLBACK;
      if (counts.newCount + counts.changedCount === 0) {
        result.committed = true; // accepted; there was nothing to write
        throw ROLLBACK;
      }
      await spec.apply(trx, now);
      await trx('import_batches').where({ id: batchId }).update({
        new_count: counts.newCount,
        changed_count: counts.changedCount,
        unchanged_count: counts.unchangedCount,
      });
      await writeAudit(trx, ctx.actor, {
        action: 'import.commit',
        entity: 'import_batch',
        entityId: batchId,
        after: { kind: spec.kind, fileName: result.fileName, sha256: ctx.sha256, encoding: result.encoding, rows: result.rows, ...counts },
      });
      result.committed = true;
      result.batchId = batchId;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
}
