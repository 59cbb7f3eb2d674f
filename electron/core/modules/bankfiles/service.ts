/**
 * Bank collection files (Asobancaria 2001) and the por-identificar queue.
 *
 * Preview and commit read the file the same way: one pass checks the structure and controls
 * (asobancaria.ts) while the detail records go to a staging table; then the references are matched
 * (apply.ts). Commit does it all again inside ONE transaction: the file's row, every payment with
 * its tender and allocations, the balances, the queue rows and one audit row ('bankFile.import'
 * with the summary) — or nothing. Payments carry `bank_file_id` and the key `bank:<file>:<line>`,
 * so the file's audit row accounts for each of them; a per-payment audit row would cost four
 * statements per record and is not written.
 *
 * The same file twice (same bank, collection date, modifier and records: `contentSha256`, so a copy
 * saved again with other line ends is the same file) is refused.
 *
 * A file whose biller NIT (01 record) is not the company's matches nothing: all its payments go to
 * the queue, so another company's money is never applied to an account that happens to share a
 * number with its reference.
 */
import path from 'node:path';
import type { Knex } from 'knex';
import type { BankFilePreview, BankFileSummary, UnidentifiedPayment } from '../../../../shared/contract';
import { formatDateTime } from '../../../../shared/dates';
import { formatMoney, type CurrencyCode } from '../../../../shared/money';
import type { BackOffice } from '../../context';
import { auditsAtTheEnd, writeAudit, type Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { retryingTransaction } from '../../db/dialect';
import { runPaymentPosted } from '../cashier/paymentEffects';
import { AppError, conflict, notFound, rule } from '../../errors';
import { insertedId } from '../cashier/queries';
import { getCompany } from '../setup/service';
import { checkpointAfterBulkWrite, isDatabaseBusy, openImportConnection, StagingWriter, type ImportConnection } from '../imports/staging';
import {
  applyMatchedPayments,
  createBankStagingTables,
  DETAIL_COLUMNS,
  detailRow,
  lockForBankFile,
  matchCounts,
  matchReferences,
  postBankPayment,
  queueUnidentified,
  useSmallPageCache,
} from './apply';
import { AsobancariaProblem, readAsobancariaFile, type AsobancariaFile } from './asobancaria';
import { bankName } from './banks';
import { getUnidentified } from './queries';

/** One bank file at a time per back office (they write the same tables). */
const running = new WeakMap<BackOffice, Promise<unknown>>();

async function oneAtATime<T>(app: BackOffice, work: () => Promise<T>): Promise<T> {
  const previous = running.get(app) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  running.set(app, next);
  try {
    return await next;
  } finally {
    if (running.get(app) === next) running.delete(app);
  }
}

type Staged = { ok: true; file: AsobancariaFile } | { ok: false; problem: { line: number; message: string } };

/** Reads the file once: structure and controls checked, details staged. */
async function stageFile(conn: ImportConnection, filePath: string, currency: CurrencyCode): Promise<Staged> {
  await useSmallPageCache(conn.db);
  await createBankStagingTables(conn.db);
  const raw = await conn.acquireRaw();
  const writer = new StagingWriter(raw, 'bank_details', DETAIL_COLUMNS);
  try {
    const file = await readAsobancariaFile(filePath, { currency, onDetail: (d) => writer.push(detailRow(d)), afterChunk: () => writer.pump() });
    await writer.finish();
    return { ok: true, file };
  } catch (error) {
    if (error instanceof AsobancariaProblem) return { ok: false, problem: { line: error.line, message: error.detail } };
    if ((error as { code?: string }).code === 'ENOENT') throw notFound('El archivo del banco');
    throw error;
  } finally {
    await writer.close();
    await conn.releaseRaw(raw);
  }
}

/** The file's biller NIT (10 digits, zero-padded, with or without its check digit) is the company's. */
export function isCompanyNit(fileNit: string, companyNit: string): boolean {
  const full = companyNit.replace(/\D/g, '');
  const inFile = fileNit.replace(/^0+/, '');
  return full !== '' && (inFile === full || inFile === full.slice(0, -1));
}

interface Duplicate {
  id: number;
  imported_at: string;
  importer: string | null;
}

async function findDuplicate(db: Knex, file: AsobancariaFile): Promise<Duplicate | null> {
  const row: Duplicate | undefined = await db('bank_files as f')
    .leftJoin('users as u', 'u.id', 'f.imported_by')
    .where({ 'f.bank_code': file.header.bankCode, 'f.collection_date': file.header.collectionDate, 'f.modifier': file.header.modifier, 'f.sha256': file.contentSha256 })
    .first('f.id', 'f.imported_at', 'u.full_name as importer');
  return row ?? null;
}

function duplicateMessage(d: Duplicate, timeZone: string): string {
  return `Este archivo ya fue importado el ${formatDateTime(d.imported_at, timeZone)} por ${d.importer ?? 'la consola de administración'} (archivo n.º ${d.id}): no se aplicó de nuevo.`;
}

function summaryOf(
  fileName: string,
  file: AsobancariaFile,
  currency: CurrencyCode,
  counts: { matchedCount: number; matchedAmount: number; unidentifiedCount: number; unidentifiedAmount: number },
  duplicate: boolean,
  billerNitMatches: boolean,
): BankFileSummary {
  const { header, totals } = file;
  return {
    fileName,
    billerNit: header.billerNit,
    bankCode: header.bankCode,
    bankName: bankName(header.bankCode),
    accountNumber: header.accountNumber,
    collectionDate: header.collectionDate,
    fileDate: header.fileDate,
    fileTime: header.fileTime,
    modifier: header.modifier,
    lots: totals.lots,
    records: totals.records,
    total: totals.total,
    currency,
    ...counts,
    duplicate,
    billerNitMatches,
  };
}

export interface BankFileOptions {
  /** the name shown and recorded (default: the file's own name) */
  fileName?: string;
}

/** Checks the file and says what would be applied; writes nothing. */
export function previewBankFile(app: BackOffice, filePath: string, options: BankFileOptions = {}): Promise<BankFilePreview> {
  return oneAtATime(app, async () => {
    const fileName = options.fileName ?? path.basename(filePath);
    const company = await getCompany(app.db);
    const conn = await openImportConnection(app);
    try {
      const staged = await stageFile(conn, filePath, company.currency);
      if (!staged.ok) return staged;
      const nitMatches = isCompanyNit(staged.file.header.billerNit, company.nit);
      await matchReferences(conn.db, nitMatches);
      const counts = await matchCounts(conn.db);
      const duplicate = (await findDuplicate(conn.db, staged.file)) !== null;
      return { ok: true as const, summary: summaryOf(fileName, staged.file, company.currency, counts, duplicate, nitMatches) };
    } catch (error) {
      if (isDatabaseBusy(error)) throw busy();
      throw error;
    } finally {
      await conn.close();
    }
  });
}

const busy = () => new AppError('CONFLICT', 'La base de datos está ocupada con otra operación larga. No se importó nada; intente de nuevo en unos minutos.');

/** The office a file's payments are recorded in: the importer's, or (console) the given or first one. */
async function officeFor(db: Knex, actor: Actor, officeCode?: string): Promise<number> {
  if (officeCode) {
    const office: { id: number } | undefined = await db('offices').where({ code: officeCode.toUpperCase() }).first('id');
    if (!office) throw notFound(`La oficina «${officeCode}»`);
    return office.id;
  }
  if (actor.officeId !== null) return actor.officeId;
  const first: { id: number } | undefined = await db('offices').orderBy('id').first('id');
  if (!first) throw rule('No hay oficinas: complete la configuración inicial.');
  return first.id;
}

/**
 * Checks the file again and applies it in one transaction: payments for the references that match,
 * the queue for the rest. Refuses a file with a problem (naming its line) or already imported.
 *
 * What the transaction holds (PostgreSQL), so that forty counters go on while it runs: bank files one
 * at a time, the rows of the accounts it pays and of their open debts (locked round by round, in id
 * order: apply.ts lockRoundAccounts), and the audit chain's head only from its audit rows, written at
 * its end, to the commit. A counter paying an account the file pays waits for the file; any other
 * counter does not.
 */
export function commitBankFile(
  app: BackOffice,
  actor: Actor,
  filePath: string,
  options: BankFileOptions & { officeCode?: string } = {},
): Promise<{ imported: true; bankFileId: number; summary: BankFileSummary }> {
  return oneAtATime(app, async () => {
    const fileName = options.fileName ?? path.basename(filePath);
    const company = await getCompany(app.db);
    const officeId = await officeFor(app.db, actor, options.officeCode);
    const conn = await openImportConnection(app);
    try {
      const staged = await stageFile(conn, filePath, company.currency);
      if (!staged.ok) throw rule(`Línea ${staged.problem.line}: ${staged.problem.message}. No se importó nada.`);
      const { file } = staged;
      const nitMatches = isCompanyNit(file.header.billerNit, company.nit);
      const postedAt = nowTimestamp();
      const result = await conn.db.transaction(async (trx) => {
        await lockForBankFile(trx);
        const duplicate = await findDuplicate(trx, file);
        if (duplicate) throw conflict(duplicateMessage(duplicate, company.timeZone));
        await matchReferences(trx, nitMatches);
        const counts = await matchCounts(trx);
        const summary = summaryOf(fileName, file, company.currency, counts, false, nitMatches);
        const [row] = await trx('bank_files')
          .insert({
            file_name: fileName.slice(0, 200),
            sha256: file.contentSha256,
            biller_nit: file.header.billerNit,
            bank_code: file.header.bankCode,
            account_number: file.header.accountNumber,
            collection_date: file.header.collectionDate,
            file_date: file.header.fileDate,
            file_time: file.header.fileTime,
            modifier: file.header.modifier,
            records: file.totals.records,
            total: file.totals.total,
            applied_count: counts.matchedCount,
            unidentified_count: counts.unidentifiedCount,
            office_id: officeId,
            imported_by: actor.userId,
            imported_at: postedAt,
          })
          .returning('id');
        const bankFileId = insertedId(row);
        const applied = await applyMatchedPayments(trx, {
          bankFileId,
          officeId,
          businessDate: file.header.collectionDate,
          postedAt,
          bankName: summary.bankName,
        });
        const queued = await queueUnidentified(trx, { bankFileId, collectionDate: file.header.collectionDate, bankCode: file.header.bankCode });
        if (applied !== counts.matchedCount || queued !== counts.unidentifiedCount) throw new Error('bank file: counts changed while applying');
        // every audit row of the file at its end: the effects' (agreements activated, reconnections
        // ordered), then the file's own; the chain's head, which every counter's payment needs, is
        // held only from here to the commit
        await auditsAtTheEnd(trx, () => runPaymentPosted(trx, { posted: { kind: 'bankFile', bankFileId }, businessDate: file.header.collectionDate, postedAt, actor }));
        await writeAudit(trx, actor, {
          action: 'bankFile.import',
          entity: 'bank_file',
          entityId: bankFileId,
          after: {
            text: `Archivo del banco ${summary.bankName} del ${file.header.collectionDate}: ${summary.records} pagos por ${formatMoney(summary.total, company.currency)}`,
            ...summary,
            sha256: file.contentSha256,
            officeId,
          },
        });
        return { imported: true as const, bankFileId, summary };
      });
      await checkpointAfterBulkWrite(conn.db);
      return result;
    } catch (error) {
      if (isDatabaseBusy(error)) throw busy();
      throw error;
    } finally {
      await conn.close();
    }
  });
}

interface UnidentifiedDbRow {
  id: number;
  bank_file_id: number;
  line: number;
  reference: string;
  amount: number | string;
  collection_date: string;
  bank_code: string;
  branch: string;
  status: UnidentifiedPayment['status'];
}

async function pendingRow(trx: Knex.Transaction, unidentifiedId: number): Promise<UnidentifiedDbRow> {
  const row: UnidentifiedDbRow | undefined = await trx('unidentified_payments').where({ id: unidentifiedId }).first();
  if (!row) throw notFound('El pago por identificar');
  if (row.status !== 'pendiente') {
    throw rule(`Este pago ya fue ${row.status === 'asignado' ? 'asignado a una cuenta' : 'devuelto'}: solo se resuelven los pagos pendientes.`);
  }
  return row;
}

/** The coordinator names the account: the payment is applied to it like a bank payment, audited. */
export async function assignUnidentified(app: BackOffice, actor: Actor, input: { unidentifiedId: number; accountId: number; note: string }): Promise<UnidentifiedPayment> {
  const company = await getCompany(app.db);
  return retryingTransaction(app.db, async (trx) => {
    await lockForBankFile(trx);
    const row = await pendingRow(trx, input.unidentifiedId);
    const account: { id: number; number: string } | undefined = await trx('accounts').where({ id: input.accountId }).first('id', 'number');
    if (!account) throw notFound('La cuenta');
    const file: { office_id: number } = await trx('bank_files').where({ id: row.bank_file_id }).first('office_id');
    const resolvedAt = nowTimestamp();
    const amount = Number(row.amount);
    const posted = await postBankPayment(trx, {
      accountId: account.id,
      amount,
      officeId: actor.officeId ?? file.office_id,
      businessDate: row.collection_date,
      postedAt: resolvedAt,
      idempotencyKey: `unidentified:${row.id}`,
      bankFileId: row.bank_file_id,
      tenderReference: `suc ${row.branch} linea ${row.line}`,
      bankName: bankName(row.bank_code),
      reference: row.reference,
    });
    await runPaymentPosted(trx, { posted: { kind: 'one', paymentId: posted.paymentId, source: 'asignado' }, businessDate: row.collection_date, postedAt: resolvedAt, actor });
    const after = { status: 'asignado', account_id: account.id, payment_id: posted.paymentId, note: input.note, resolved_by: actor.userId, resolved_at: resolvedAt };
    await trx('unidentified_payments').where({ id: row.id }).update(after);
    await writeAudit(trx, actor, {
      action: 'unidentified.assign',
      entity: 'unidentified_payment',
      entityId: row.id,
      before: { status: row.status },
      after: {
        ...after,
        text: `Pago del banco de ${formatMoney(amount, company.currency)} (referencia ${row.reference}) asignado a la cuenta ${account.number}`,
        accountNumber: account.number,
        allocations: posted.allocations,
        credit: posted.credit,
        balanceAfter: posted.balanceAfter,
      },
    });
    return getUnidentified(trx, row.id);
  });
}

/** The money goes back to the payer through the bank: marked returned with the note, audited. */
export async function returnUnidentified(app: BackOffice, actor: Actor, input: { unidentifiedId: number; note: string }): Promise<UnidentifiedPayment> {
  return retryingTransaction(app.db, async (trx) => {
    const row = await pendingRow(trx, input.unidentifiedId);
    const after = { status: 'devuelto', note: input.note, resolved_by: actor.userId, resolved_at: nowTimestamp() };
    const updated = await trx('unidentified_payments').where({ id: row.id, status: 'pendiente' }).update(after);
    if (updated === 0) throw conflict('Otro usuario acaba de resolver este pago: recargue la lista.');
    await writeAudit(trx, actor, { action: 'unidentified.return', entity: 'unidentified_payment', entityId: row.id, before: { status: row.status }, after });
    return getUnidentified(trx, row.id);
  });
}
