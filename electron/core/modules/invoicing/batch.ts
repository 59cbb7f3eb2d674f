/**
 * Invoice batches: the invoices of a period (a cycle and a route, or all) printed in route order
 * into one PDF or one PDF per route, in the background, with progress, cancel and a summary.
 *
 * The main thread reads the database in slices and sends them to a worker thread that draws
 * (batch-worker.ts); while the worker draws one slice, the next is read. Files are written as
 * `<name>.pdf.part` and renamed when complete; a cancelled or failed batch deletes its folder, so
 * it never leaves a half file behind. Paid invoices, invoices without lines or with a zero total,
 * and invoices of retired accounts are skipped with their reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Knex } from 'knex';
import type { OfficeScope } from '../../officeScope';
import { recentBatchIds } from './scope';
import { formatPeriod } from '../../../../shared/dates';
import {
  BATCH_FILE_CHUNK_BYTES,
  type BatchFileChunk,
  type InvoiceBatchFile,
  type InvoiceBatchSplit,
  type InvoiceBatchState,
  type InvoiceBatchStatus,
  type InvoicePaper as PaperSize,
  type SkippedInvoice,
} from '../../../../shared/contract';
import type { BackOffice } from '../../context';
import { writeAudit, type Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { notFound, rule } from '../../errors';
import type { InvoiceIssuer } from '../../documents/invoice';
import type { FromWorker, ToWorker } from './batch-worker';
import { forEachSelectedPage, loadInvoicePapers, loadIssuer, skipReasonOf, skipReasonText, type Selection } from './queries';

/** invoices read and drawn per round trip to the worker */
const SLICE = 250;
/** how often a running batch says it is alive, and after how long without it it counts as interrupted */
const HEARTBEAT_MS = 5_000;
const STALE_MS = 60_000;

export interface BatchRequest extends Selection {
  paper: PaperSize;
  split: InvoiceBatchSplit;
}

interface Job {
  status: InvoiceBatchStatus;
  cancelRequested: boolean;
  /** resolves when the batch has ended (done, cancelled or failed) */
  ended: Promise<void>;
  /** peak resident memory of the process, in kB, measured by the worker at each file's end */
  maxRssKb: number;
  /** the drawing thread's largest JS heap in use and reserved, in bytes (benches) */
  workerHeapBytes: number;
  workerHeapTotalBytes: number;
}

/** live batches of each open back office (tests open several in one process) */
const liveJobs = new WeakMap<BackOffice, Map<number, Job>>();

function jobsOf(app: BackOffice): Map<number, Job> {
  let jobs = liveJobs.get(app);
  if (!jobs) {
    jobs = new Map();
    liveJobs.set(app, jobs);
  }
  return jobs;
}

/** The folder of a batch's files, in the data folder. */
export function batchDir(app: BackOffice, batchId: number): string {
  return path.join(app.dataDir, 'invoice-batches', String(batchId));
}

/**
 * The drawing thread's heap: a page's objects die with the page, so a small heap keeps the batch's
 * memory flat (V8 otherwise lets it grow to hundreds of MB before collecting).
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };

/**
 * The worker thread that draws. The built app has it as its own bundle beside the main one
 * (`invoice-batch-worker.js`); from the sources (tests, CLI, web door) it runs the TypeScript
 * through tsx's loader, registered inside the thread.
 */
export function startRenderWorker(): Worker {
  // the test of the build (tests/integration/built-worker.test.ts) runs the sources' batch with the built worker
  const chosen = process.env.VENTANILLA_BATCH_WORKER;
  if (chosen) return new Worker(chosen, { resourceLimits: WORKER_LIMITS });
  const here = path.dirname(fileURLToPath(import.meta.url));
  const bundled = path.join(here, 'invoice-batch-worker.js');
  if (fs.existsSync(bundled)) return new Worker(bundled, { resourceLimits: WORKER_LIMITS });
  const source = pathToFileURL(path.join(here, 'batch-worker.ts')).href;
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const code = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(code, { eval: true, resourceLimits: WORKER_LIMITS });
}

/** Sends a message and waits for the worker's answer (the worker answers in order, one at a time). */
class WorkerLink {
  private pending: { resolve: (m: FromWorker) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor(readonly worker: Worker) {
    worker.on('message', (m: FromWorker) => {
      const pending = this.pending;
      this.pending = null;
      if (m.type === 'error') pending?.reject(new Error(m.message));
      else pending?.resolve(m);
    });
    const fail = (error: Error) => {
      this.failure = error;
      this.pending?.reject(error);
      this.pending = null;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`el proceso de impresión terminó (código ${code})`)));
  }

  post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  ask(message: ToWorker): Promise<FromWorker> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(message);
    });
  }
}

function fileNameOf(period: string, group: { cycle: string; route: string } | null, selection: Selection): string {
  if (group) return `facturas-${period}-ciclo-${group.cycle}-ruta-${group.route}.pdf`.replace(/[^\w.-]+/g, '_');
  const parts = [`facturas-${period}`];
  if (selection.cycle) parts.push(`ciclo-${selection.cycle}`);
  if (selection.route) parts.push(`ruta-${selection.route}`);
  return `${parts.join('-')}.pdf`.replace(/[^\w.-]+/g, '_');
}

interface BatchRow {
  id: number;
  period: string;
  cycle: string | null;
  route: string | null;
  paper: PaperSize;
  split: InvoiceBatchSplit;
  state: InvoiceBatchState;
  selected: number;
  printed: number;
  skipped: number;
  pages_per_second: number;
  files_json: string;
  skipped_json: string;
  message: string;
  started_at: string;
  heartbeat_at: string | null;
  finished_at: string | null;
}

function statusOfRow(row: BatchRow): InvoiceBatchStatus {
  return {
    id: Number(row.id),
    period: row.period,
    cycle: row.cycle,
    route: row.route,
    paper: row.paper,
    split: row.split,
    state: row.state,
    selected: Number(row.selected),
    printed: Number(row.printed),
    skipped: Number(row.skipped),
    pagesPerSecond: Number(row.pages_per_second),
    files: JSON.parse(row.files_json) as InvoiceBatchFile[],
    skippedInvoices: JSON.parse(row.skipped_json) as SkippedInvoice[],
    message: row.message,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/**
 * Starts printing a period's invoices; returns at once with the batch's first status (poll
 * `batchStatus`). With nothing in the selection it refuses and writes nothing.
 */
export async function startBatch(app: BackOffice, actor: Actor, request: BatchRequest): Promise<InvoiceBatchStatus> {
  const selection: Selection = { period: request.period, cycle: request.cycle || undefined, route: request.route || undefined };
  const { groups, selected, toPrint, skippedInvoices } = await printGroups(app.db, selection, request.split);
  if (selected === 0) {
    const where = [selection.cycle ? `ciclo ${selection.cycle}` : '', selection.route ? `ruta ${selection.route}` : ''].filter(Boolean).join(', ');
    throw rule(`No hay facturas del periodo ${formatPeriod(selection.period)}${where ? ` para ${where}` : ''}.`);
  }
  const issuer = await loadIssuer(app.db, actor.officeId);
  const startedAt = nowTimestamp();
  const batchId = await app.db.transaction(async (trx) => {
    const [row] = await trx('invoice_print_batches')
      .insert({
        period: selection.period,
        cycle: selection.cycle ?? null,
        route: selection.route ?? null,
        paper: request.paper,
        split: request.split,
        state: 'running',
        selected,
        printed: 0,
        skipped: skippedInvoices.length,
        files_json: '[]',
        skipped_json: JSON.stringify(skippedInvoices),
        message: '',
        user_id: actor.userId,
        started_at: startedAt,
        heartbeat_at: startedAt,
      })
      .returning('id');
    const id = Number(typeof row === 'object' ? row.id : row);
    await writeAudit(trx, actor, {
      action: 'invoices.printBatch.start',
      entity: 'invoice_print_batch',
      entityId: id,
      after: { ...selection, paper: request.paper, split: request.split, selected, toPrint, skipped: skippedInvoices.length },
    });
    return id;
  });
  const status: InvoiceBatchStatus = {
    id: batchId,
    period: selection.period,
    cycle: selection.cycle ?? null,
    route: selection.route ?? null,
    paper: request.paper,
    split: request.split,
    state: 'running',
    selected,
    printed: 0,
    skipped: skippedInvoices.length,
    pagesPerSecond: 0,
    files: [],
    skippedInvoices,
    message: '',
    startedAt,
    finishedAt: null,
  };
  const job: Job = { status, cancelRequested: false, ended: Promise.resolve(), maxRssKb: 0, workerHeapBytes: 0, workerHeapTotalBytes: 0 };
  jobsOf(app).set(batchId, job);
  job.ended = runBatch(app, actor, job, selection, groups, issuer).finally(() => jobsOf(app).delete(batchId));
  return { ...status };
}

/** The invoices of one file: its route (one file per route) or null (one file), ids in route order. */
interface PrintGroup {
  key: { cycle: string; route: string } | null;
  ids: number[];
}

/**
 * The files to print and the invoices skipped with their reason, from the selection read a page at
 * a time (queries.ts forEachSelectedPage). Only the ids of the printed invoices are kept while the
 * batch runs (8 bytes each), not the selected rows (~250 bytes each, 15 MB at 60,000 invoices).
 */
async function printGroups(
  db: Knex,
  selection: Selection,
  split: InvoiceBatchSplit,
): Promise<{ groups: PrintGroup[]; selected: number; toPrint: number; skippedInvoices: SkippedInvoice[] }> {
  const groups: PrintGroup[] = [];
  const skippedInvoices: SkippedInvoice[] = [];
  let selected = 0;
  let toPrint = 0;
  await forEachSelectedPage(db, selection, (page) => {
    for (const invoice of page) {
      selected++;
      const reason = skipReasonOf(invoice);
      if (reason) {
        skippedInvoices.push({ invoiceNumber: invoice.number, accountNumber: invoice.accountNumber, cycle: invoice.cycle, route: invoice.route, reason, reasonText: skipReasonText(reason) });
        continue;
      }
      toPrint++;
      const last = groups.at(-1);
      if (split === 'perRoute') {
        if (last?.key && last.key.cycle === invoice.cycle && last.key.route === invoice.route) last.ids.push(invoice.id);
        else groups.push({ key: { cycle: invoice.cycle, route: invoice.route }, ids: [invoice.id] });
      } else if (last) last.ids.push(invoice.id);
      else groups.push({ key: null, ids: [invoice.id] });
    }
  });
  return { groups, selected, toPrint, skippedInvoices };
}

async function runBatch(app: BackOffice, actor: Actor, job: Job, selection: Selection, groups: PrintGroup[], issuer: InvoiceIssuer): Promise<void> {
  const { status } = job;
  const dir = batchDir(app, status.id);
  let link: WorkerLink | null = null;
  const started = performance.now();
  let lastBeat = started;
  let outcome: { state: InvoiceBatchState; message: string };
  try {
    fs.mkdirSync(dir, { recursive: true });
    if (groups.length > 0) link = new WorkerLink(startRenderWorker());
    const files: InvoiceBatchFile[] = [];
    for (const group of groups) {
      if (job.cancelRequested || !link) break;
      const fileName = fileNameOf(status.period, group.key, selection);
      const finalPath = path.join(dir, fileName);
      const partPath = `${finalPath}.part`;
      link.post({ type: 'open', file: partPath, title: fileName.replace(/\.pdf$/, ''), issuer, paper: status.paper });
      const sliceOf = (start: number) => group.ids.slice(start, start + SLICE);
      let pages = 0;
      let next = loadInvoicePapers(app.db, sliceOf(0));
      for (let start = 0; start < group.ids.length; start += SLICE) {
        const papers = await next;
        if (start + SLICE < group.ids.length) {
          next = loadInvoicePapers(app.db, sliceOf(start + SLICE));
          next.catch(() => undefined); // awaited on the next turn; a cancel may leave it unread
        }
        // postMessage copies the slice to the drawing thread: nothing here refers to it across the
        // wait, so a drawing slowed by load does not keep ~250 papers alive (and promoted) meanwhile
        const count = papers.length;
        const answer = await link.ask({ type: 'draw', invoices: papers });
        if (answer.type === 'drawn') pages += answer.pages;
        status.printed += count;
        status.pagesPerSecond = Math.round(status.printed / Math.max(0.001, (performance.now() - started) / 1000));
        if (performance.now() - lastBeat > HEARTBEAT_MS) {
          lastBeat = performance.now();
          await app.db('invoice_print_batches').where({ id: status.id }).update({ heartbeat_at: nowTimestamp(), printed: status.printed });
        }
        if (job.cancelRequested) break;
      }
      if (job.cancelRequested) break;
      const closed = await link.ask({ type: 'close' });
      if (closed.type === 'closed') {
        job.maxRssKb = Math.max(job.maxRssKb, closed.maxRssKb);
        job.workerHeapBytes = Math.max(job.workerHeapBytes, closed.maxHeapBytes);
        job.workerHeapTotalBytes = Math.max(job.workerHeapTotalBytes, closed.maxHeapTotalBytes);
      }
      fs.renameSync(partPath, finalPath);
      files.push({ index: files.length, fileName, cycle: group.key?.cycle ?? null, route: group.key?.route ?? null, pages, bytes: fs.statSync(finalPath).size });
    }
    if (job.cancelRequested) {
      outcome = { state: 'cancelled', message: `Impresión cancelada después de ${status.printed} facturas: no quedó ningún archivo.` };
    } else {
      status.files = files;
      outcome = { state: 'done', message: '' };
    }
  } catch (error) {
    outcome = { state: 'failed', message: `La impresión falló: ${error instanceof Error ? error.message : String(error)}. No quedó ningún archivo.` };
  } finally {
    await link?.worker.terminate();
  }
  if (outcome.state !== 'done') {
    status.files = [];
    fs.rmSync(dir, { recursive: true, force: true });
  }
  status.state = outcome.state;
  status.message = outcome.message;
  status.finishedAt = nowTimestamp();
  status.pagesPerSecond = Math.round(status.printed / Math.max(0.001, (performance.now() - started) / 1000));
  await finishRow(app.db, actor, status);
}

async function finishRow(db: Knex, actor: Actor, status: InvoiceBatchStatus): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('invoice_print_batches')
      .where({ id: status.id })
      .update({ state: status.state, printed: status.printed, pages_per_second: status.pagesPerSecond, files_json: JSON.stringify(status.files), message: status.message, finished_at: status.finishedAt });
    await writeAudit(trx, actor, {
      action: `invoices.printBatch.${status.state}`,
      entity: 'invoice_print_batch',
      entityId: status.id,
      after: { printed: status.printed, skipped: status.skipped, files: status.files.map((f) => ({ fileName: f.fileName, pages: f.pages })), message: status.message },
    });
  });
}

/** The batch as it is now: live progress while it runs, the stored summary afterwards. */
export async function batchStatus(app: BackOffice, batchId: number): Promise<InvoiceBatchStatus> {
  const job = jobsOf(app).get(batchId);
  if (job) return { ...job.status, files: [...job.status.files] };
  const row: BatchRow | undefined = await app.db('invoice_print_batches').where({ id: batchId }).first();
  if (!row) throw notFound('La impresión de facturas');
  const beat = Date.parse(row.heartbeat_at ?? row.started_at);
  if (row.state === 'running' && Date.now() - beat < STALE_MS) {
    // running in another process (the CLI, another counter on the same PostgreSQL server)
    return statusOfRow(row);
  }
  if (row.state === 'running') {
    // no live job and no sign of life: the application closed while it printed
    const message = 'La impresión se interrumpió (la aplicación se cerró): vuelva a imprimir.';
    fs.rmSync(batchDir(app, batchId), { recursive: true, force: true });
    await app.db('invoice_print_batches').where({ id: batchId }).update({ state: 'failed', message, finished_at: nowTimestamp() });
    return { ...statusOfRow(row), state: 'failed', message };
  }
  return statusOfRow(row);
}

/** Asks a running batch to stop after the slice it is drawing; resolves when it has stopped. */
export async function cancelBatch(app: BackOffice, batchId: number): Promise<InvoiceBatchStatus> {
  const job = jobsOf(app).get(batchId);
  if (!job) {
    const status = await batchStatus(app, batchId);
    if (status.state === 'done') throw rule('La impresión ya terminó: no se puede cancelar.');
    return status;
  }
  job.cancelRequested = true;
  await job.ended;
  return batchStatus(app, batchId);
}

/** Waits for a batch to end (tests, CLI). Returns its final status and the process's peak memory. */
export async function waitForBatch(app: BackOffice, batchId: number): Promise<InvoiceBatchStatus & { maxRssKb: number; workerHeapBytes: number; workerHeapTotalBytes: number }> {
  const job = jobsOf(app).get(batchId);
  if (job) await job.ended;
  return { ...(await batchStatus(app, batchId)), maxRssKb: job?.maxRssKb ?? 0, workerHeapBytes: job?.workerHeapBytes ?? 0, workerHeapTotalBytes: job?.workerHeapTotalBytes ?? 0 };
}

/** Pages a running batch has drawn, for progress lines; null when not running here. */
export function liveProgress(app: BackOffice, batchId: number): InvoiceBatchStatus | null {
  const job = jobsOf(app).get(batchId);
  return job ? { ...job.status } : null;
}

/** The path of a finished batch's file, or an error the coordinator understands. */
export async function batchFilePath(app: BackOffice, batchId: number, fileIndex: number): Promise<{ file: InvoiceBatchFile; path: string }> {
  const status = await batchStatus(app, batchId);
  if (status.state === 'running') throw rule('La impresión todavía no termina.');
  if (status.state !== 'done') throw rule('Esta impresión no dejó archivos (fue cancelada o falló).');
  const file = status.files.find((f) => f.index === fileIndex);
  if (!file) throw notFound('El archivo de la impresión');
  const full = path.join(batchDir(app, batchId), file.fileName);
  if (!fs.existsSync(full)) throw notFound('El archivo de la impresión en este equipo (se imprimió en otro equipo o se borró de la carpeta de datos)');
  return { file, path: full };
}

/** A piece of a finished batch file (the screen downloads big files in pieces). */
export async function batchFileChunk(app: BackOffice, batchId: number, fileIndex: number, offset: number): Promise<BatchFileChunk> {
  const { file, path: full } = await batchFilePath(app, batchId, fileIndex);
  const totalBytes = fs.statSync(full).size;
  if (offset > totalBytes) throw rule('La posición pedida está más allá del final del archivo.');
  const length = Math.min(BATCH_FILE_CHUNK_BYTES, totalBytes - offset);
  const buffer = Buffer.alloc(length);
  const fd = fs.openSync(full, 'r');
  try {
    fs.readSync(fd, buffer, 0, length, offset);
  } finally {
    fs.closeSync(fd);
  }
  const end = offset + length;
  return { fileName: file.fileName, totalBytes, base64: buffer.toString('base64'), nextOffset: end >= totalBytes ? null : end };
}

/** The last batches of the office in scope (null: every office), newest first. */
export async function recentBatches(app: BackOffice, scope: OfficeScope, limit = 20): Promise<InvoiceBatchStatus[]> {
  return Promise.all((await recentBatchIds(app.db, scope, limit)).map((id) => batchStatus(app, id)));
}
