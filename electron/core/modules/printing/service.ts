/**
 * Printing from the back office: the printer, paper and copies of each kind of document on this
 * machine, printing a PDF (stored first, then handed to the system queue, then logged as enviado
 * or fallido with the reason), retrying a failed job from its stored file, and the log.
 *
 * The system queue is called outside any transaction: a slow printer never holds the database.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { Knex } from 'knex';
import {
  DEFAULT_PAPER,
  DOCUMENT_KIND_LABELS,
  DOCUMENT_KINDS,
  type DocumentKind,
  type PaperSize,
  type PrinterSetting,
  type PrintJob,
  type PrintJobState,
  type PrintResult,
  type SystemPrinters,
} from '../../../../shared/contract';
import { formatDateTime } from '../../../../shared/dates';
import type { Role } from '../../../../shared/roles';
import type { BackOffice } from '../../context';
import { writeAudit, type Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { AppError, conflict, invalid, notFound, rule } from '../../errors';
import { PrintError, type PrintAdapter } from '../../printing/adapter';
import { systemPrintAdapter } from '../../printing/system';
import { officeScopeOf, requireInScope } from '../../officeScope';
import { businessToday } from '../accounts/service';
import { getCompany } from '../setup/service';
import { spoolPdf } from './spool';
import { testPagePdf } from './testPage';

/** the roles that see and retry everyone's jobs (of their office: a coordinator; of every office: an administrator) */
const LOG_READERS: readonly Role[] = ['coordinador', 'administrador'];
/** a job left pendiente this long (the app stopped while printing) may be sent again */
const STUCK_AFTER_MS = 5 * 60 * 1000;

/** Who is printing: the audit actor and the role (the CLI door acts as administrator). */
export interface Printer {
  actor: Actor;
  role: Role;
}

/** The machine whose printers these are (settings and jobs are per machine). */
export function machineName(): string {
  return os.hostname() || 'equipo';
}

/** The adapter of this machine; one place to change it. */
function adapter(): PrintAdapter {
  return systemPrintAdapter();
}

export function listSystemPrinters(): Promise<SystemPrinters> {
  return adapter().listPrinters();
}

interface SettingRow {
  kind: string;
  printer_name: string | null;
  paper: string;
  copies: number;
  updated_at: string;
  updated_by_name: string;
}

function defaultSetting(kind: DocumentKind, machine: string): PrinterSetting {
  return { kind, printerName: null, paper: DEFAULT_PAPER[kind], copies: 1, machine, updatedAt: null, updatedBy: null };
}

export async function listSettings(db: Knex, machine = machineName()): Promise<PrinterSetting[]> {
  const rows: SettingRow[] = await db('printer_settings').where({ machine }).select('kind', 'printer_name', 'paper', 'copies', 'updated_at', 'updated_by_name');
  return DOCUMENT_KINDS.map((kind) => {
    const row = rows.find((r) => r.kind === kind);
    if (!row) return defaultSetting(kind, machine);
    return {
      kind,
      printerName: row.printer_name,
      paper: row.paper as PaperSize,
      copies: Number(row.copies),
      machine,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by_name || null,
    };
  });
}

async function settingOf(db: Knex, kind: DocumentKind): Promise<PrinterSetting> {
  return (await listSettings(db)).find((s) => s.kind === kind) ?? defaultSetting(kind, machineName());
}

/** Refuses a printer the system does not list (and says so when the system cannot be asked). */
async function checkSystemPrinter(name: string): Promise<void> {
  const list = await listSystemPrinters();
  if (!list.available) throw rule(list.message);
  if (!list.printers.some((p) => p.name === name)) {
    throw rule(`La impresora «${name}» no está en la lista del sistema. Impresoras disponibles: ${list.printers.map((p) => p.name).join(', ') || 'ninguna'}.`);
  }
}

export interface SettingChange {
  kind: DocumentKind;
  printerName: string;
  paper: PaperSize;
  copies: number;
}

/** Saves the printer ('' for none), paper and copies of a kind on this machine. */
export async function saveSetting(db: Knex, actor: Actor, input: SettingChange): Promise<PrinterSetting> {
  const change = { ...input, printerName: input.printerName === '' ? null : input.printerName };
  if (change.printerName !== null) await checkSystemPrinter(change.printerName);
  const machine = machineName();
  await db.transaction(async (trx) => {
    const before = (await listSettings(trx, machine)).find((s) => s.kind === change.kind);
    const row = {
      machine,
      kind: change.kind,
      printer_name: change.printerName,
      paper: change.paper,
      copies: change.copies,
      updated_at: nowTimestamp(),
      updated_by: actor.userId,
      updated_by_name: actor.name,
    };
    await trx('printer_settings').insert(row).onConflict(['machine', 'kind']).merge();
    await writeAudit(trx, actor, { action: 'printing.saveSetting', entity: 'printer_settings', entityId: `${machine}/${change.kind}`, before, after: change });
  });
  return settingOf(db, change.kind);
}

interface JobRow {
  id: number;
  machine: string;
  kind: string;
  title: string;
  file_name: string;
  file_path: string;
  sha256: string;
  pages: number;
  copies: number;
  printer_name: string | null;
  paper: string;
  state: string;
  attempts: number;
  system_job_id: string;
  error: string;
  user_id: number | null;
  user_name: string;
  office_id: number | null;
  created_at: string;
  last_attempt_at: string | null;
}

function toJob(row: JobRow): PrintJob {
  return {
    id: Number(row.id),
    kind: row.kind as DocumentKind,
    title: row.title,
    fileName: row.file_name,
    sha256: row.sha256,
    pages: Number(row.pages),
    copies: Number(row.copies),
    printerName: row.printer_name,
    paper: row.paper as PaperSize,
    machine: row.machine,
    state: row.state as PrintJobState,
    attempts: Number(row.attempts),
    systemJobId: row.system_job_id,
    error: row.error,
    userId: row.user_id === null ? null : Number(row.user_id),
    userName: row.user_name,
    createdAt: row.created_at,
    lastAttemptAt: row.last_attempt_at,
  };
}

async function loadJob(db: Knex, jobId: number): Promise<JobRow> {
  const row: JobRow | undefined = await db('print_jobs').where({ id: jobId }).first();
  if (!row) throw notFound('El trabajo de impresión');
  return row;
}

/** which offices' jobs the printer sees (officeScope.ts): another office's job does not exist for them */
const scopeOf = (who: Printer) => officeScopeOf({ role: who.role, officeId: who.actor.officeId });

/** a job of the caller's office (their own, unless they read the office's log) */
async function loadVisibleJob(db: Knex, who: Printer, jobId: number, notYours: string): Promise<JobRow> {
  const row = requireInScope(scopeOf(who), await db('print_jobs').where({ id: jobId }).first<JobRow | undefined>(), (j) => j.office_id, () => notFound('El trabajo de impresión'));
  if (!mayReadAll(who.role) && row.user_id !== who.actor.userId) throw new AppError('FORBIDDEN', notYours);
  return row;
}

const notConfigured = (kind: DocumentKind): PrintResult => ({
  configured: false,
  job: null,
  message: `No hay impresora configurada para «${DOCUMENT_KIND_LABELS[kind]}» en este equipo. Descargue el documento o pida al administrador que configure una en Administración › Impresoras.`,
});

/** Sends a stored job to the system queue once and logs the result on the job. */
async function attempt(db: Knex, jobId: number): Promise<PrintResult> {
  const row = await loadJob(db, jobId);
  let state: PrintJobState = 'enviado';
  let systemJobId = '';
  let error = '';
  try {
    const sent = await adapter().print({
      printer: row.printer_name ?? '',
      filePath: row.file_path,
      copies: Number(row.copies),
      paper: row.paper as PaperSize,
      title: row.title,
    });
    systemJobId = sent.systemJobId;
  } catch (failure) {
    state = 'fallido';
    error = failure instanceof PrintError ? failure.message : `No se pudo imprimir: ${(failure as Error).message}`;
  }
  await db('print_jobs')
    .where({ id: jobId })
    .update({ state, system_job_id: systemJobId, error: error.slice(0, 500), attempts: Number(row.attempts) + 1, last_attempt_at: nowTimestamp() });
  const job = toJob(await loadJob(db, jobId));
  const copies = job.copies === 1 ? '1 copia' : `${job.copies} copias`;
  const message =
    state === 'enviado'
      ? `«${job.title}» enviado a ${job.printerName} (${copies}, ${job.pages === 1 ? '1 página' : `${job.pages} páginas`}).`
      : `«${job.title}» no se imprimió: ${error} El documento quedó guardado en el registro de impresión para reintentarlo.`;
  return { configured: true, job, message };
}

export interface PrintInput {
  kind: DocumentKind;
  title: string;
  document: { fileName: string; mimeType: string; base64: string };
}

/** Stores the PDF, logs the job and sends it to the printer configured for its kind. */
export async function printDocument(app: BackOffice, actor: Actor, input: PrintInput): Promise<PrintResult> {
  if (input.document.mimeType !== 'application/pdf') throw invalid('Solo se imprimen documentos PDF: descargue este archivo para abrirlo.');
  const setting = await settingOf(app.db, input.kind);
  if (!setting.printerName) return notConfigured(input.kind);
  const spooled = spoolPdf(app.dataDir, input.document.base64);
  const now = nowTimestamp();
  const [inserted] = await app.db('print_jobs')
    .insert({
      machine: setting.machine,
      kind: input.kind,
      title: input.title,
      file_name: input.document.fileName,
      file_path: spooled.filePath,
      sha256: spooled.sha256,
      pages: spooled.pages,
      copies: setting.copies,
      printer_name: setting.printerName,
      paper: setting.paper,
      state: 'pendiente',
      attempts: 0,
      user_id: actor.userId,
      user_name: actor.name,
      office_id: actor.officeId,
      created_at: now,
      last_attempt_at: now,
      business_date: await businessToday(app.db),
    })
    .returning('id');
  const jobId = typeof inserted === 'object' ? Number((inserted as { id: number }).id) : Number(inserted);
  return attempt(app.db, jobId);
}

function mayReadAll(role: Role): boolean {
  return LOG_READERS.includes(role);
}

/** Sends a failed job again, to the printer now configured for its kind. */
export async function retryJob(app: BackOffice, who: Printer, jobId: number): Promise<PrintResult> {
  const row = await loadVisibleJob(app.db, who, jobId, 'Solo puede reintentar sus propios trabajos de impresión.');
  if (row.machine !== machineName()) throw rule(`Este trabajo se imprimió desde el equipo «${row.machine}»: reinténtelo desde ese equipo.`);
  if (!fs.existsSync(row.file_path)) throw rule('El archivo guardado de este trabajo ya no está en este equipo: genere el documento de nuevo.');
  const setting = await settingOf(app.db, row.kind as DocumentKind);
  if (!setting.printerName) return notConfigured(row.kind as DocumentKind);
  const stuckBefore = new Date(Date.now() - STUCK_AFTER_MS).toISOString();
  // claim it: only one retry at a time, and never a job the queue already accepted
  const claimed = await app.db('print_jobs')
    .where({ id: jobId })
    .andWhere((q) => {
      void q.where({ state: 'fallido' }).orWhere((p) => {
        void p.where({ state: 'pendiente' }).andWhere('last_attempt_at', '<', stuckBefore);
      });
    })
    .update({ state: 'pendiente', printer_name: setting.printerName, paper: setting.paper, last_attempt_at: nowTimestamp() });
  if (claimed === 0) {
    if (row.state === 'enviado') throw conflict('Este trabajo ya fue enviado a la impresora. Si necesita otra copia, imprima el documento de nuevo.');
    throw conflict('Este trabajo se está imprimiendo en este momento.');
  }
  return attempt(app.db, jobId);
}

export interface JobFilters {
  state?: PrintJobState;
  kind?: DocumentKind;
  from?: string;
  to?: string;
  mine: boolean;
  limit: number;
}

export async function listJobs(db: Knex, who: Printer, filters: JobFilters): Promise<PrintJob[]> {
  const query = db('print_jobs').select('*').orderBy('id', 'desc').limit(filters.limit);
  if (filters.mine || !mayReadAll(who.role)) {
    if (who.actor.userId === null) void query.whereNull('user_id');
    else void query.where({ user_id: who.actor.userId });
  } else if (scopeOf(who) !== null) void query.where({ office_id: scopeOf(who) });
  if (filters.state) void query.where({ state: filters.state });
  if (filters.kind) void query.where({ kind: filters.kind });
  if (filters.from) void query.where('business_date', '>=', filters.from);
  if (filters.to) void query.where('business_date', '<=', filters.to);
  const rows: JobRow[] = await query;
  return rows.map(toJob);
}

export async function jobFile(db: Knex, who: Printer, jobId: number): Promise<{ fileName: string; mimeType: string; base64: string }> {
  const row = await loadVisibleJob(db, who, jobId, 'Solo puede ver sus propios trabajos de impresión.');
  if (!fs.existsSync(row.file_path)) throw rule('El archivo guardado de este trabajo no está en este equipo.');
  return { fileName: row.file_name, mimeType: 'application/pdf', base64: fs.readFileSync(row.file_path).toString('base64') };
}

/** A test page on the printer and paper of a kind, logged like any job. */
export async function printTestPage(app: BackOffice, actor: Actor, kind: DocumentKind): Promise<PrintResult> {
  const setting = await settingOf(app.db, kind);
  if (!setting.printerName) throw rule(`Elija primero una impresora para «${DOCUMENT_KIND_LABELS[kind]}».`);
  const company = await getCompany(app.db);
  const pdf = await testPagePdf({
    companyName: company.name,
    kind,
    printerName: setting.printerName,
    paper: setting.paper,
    machine: setting.machine,
    when: formatDateTime(nowTimestamp(), company.timeZone),
    userName: actor.name,
  });
  return printDocument(app, actor, { kind, title: `Página de prueba: ${DOCUMENT_KIND_LABELS[kind]}`, document: { fileName: 'pagina-de-prueba.pdf', mimeType: 'application/pdf', base64: pdf.toString('base64') } });
}
