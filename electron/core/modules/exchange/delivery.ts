/**
 * Delivery of the exchange files to each office's folder (issue 18, item 4): a network share the
 * billing system reads. Every file of an office with a folder is recorded 'pendiente' with the
 * export itself, then written there under a temporary name and renamed: the billing system never
 * sees half a file. A folder missing or read-only leaves it 'pendiente' with the Spanish reason in
 * the log, and the next try (the set hour's run, the scheduler's next look, or «Entregar» on the
 * screen) sends the same recorded bytes.
 */
import path from 'node:path';
import { ACT_KINDS, type DayDelivery, type ExchangeExport, type ExportFormat } from '../../../../shared/contract';
import type { BackOffice } from '../../context';
import { writeAudit, type Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { AppError, notFound, rule } from '../../errors';
import { exportAct } from './acts';
import { exportOf, exportRecaudo, getExport, rewrite, writeStored, type ExportRow } from './recaudo';
import { ALL_OFFICES, deliveryColumns, folderProblem, getExchangeSettings } from './settings';

/** One try: the recorded bytes into the folder. The log says delivered, or pending and why. */
export async function deliverExport(app: BackOffice, actor: Actor, exportId: number, scope: number | null): Promise<ExchangeExport> {
  const row = await getExport(app.db, exportId);
  if (!row || (scope !== null && Number(row.office_id) !== scope)) throw notFound('El archivo de intercambio');
  let folder = row.delivery_path;
  if (!folder) {
    const columns = await deliveryColumns(app.db, row.office_code);
    folder = columns.delivery_path;
    if (!folder) throw rule(`La oficina ${row.office_code ?? ALL_OFFICES} no tiene carpeta de entrega: configúrela en Administración › Intercambio › Ajustes.`);
  }
  let error = folderProblem(folder);
  if (!error) {
    try {
      const destination = { kind: 'file' as const, path: path.join(folder, row.file_name) };
      if (row.content !== null) await writeStored(row, destination);
      else await rewrite(app.db, row, destination);
    } catch (caught) {
      error = caught instanceof AppError ? caught.message : `No se pudo escribir el archivo en ${folder}: ${(caught as NodeJS.ErrnoException).code ?? String(caught)}.`;
    }
  }
  const attempts = Number(row.delivery_attempts) + 1;
  const update = error
    ? { delivery_state: 'pendiente', delivery_path: folder, delivery_error: error.slice(0, 300), delivery_attempts: attempts }
    : { delivery_state: 'entregado', delivery_path: folder, delivery_error: '', delivery_attempts: attempts, delivered_at: nowTimestamp() };
  await app.db.transaction(async (trx) => {
    await trx('exchange_exports').where({ id: exportId }).update(update);
    await writeAudit(trx, actor, { action: 'exchange.deliver', entity: 'exchange_export', entityId: exportId, before: { state: row.delivery_state }, after: update });
  });
  const after = exportOf((await getExport(app.db, exportId)) as ExportRow);
  if (error) throw rule(error);
  return after;
}

/** Every pending delivery, once each (the failures stay pending with their reason). */
export async function retryPending(app: BackOffice, actor: Actor, scope: number | null = null): Promise<{ delivered: number; pending: DayDelivery['pending'] }> {
  const query = app.db('exchange_exports').where({ delivery_state: 'pendiente' }).whereNot('sha256', '').orderBy('id').select('id');
  if (scope !== null) query.where('office_id', scope);
  let delivered = 0;
  const pending: DayDelivery['pending'] = [];
  for (const { id } of (await query) as { id: number }[]) {
    try {
      await deliverExport(app, actor, Number(id), scope);
      delivered++;
    } catch (error) {
      const row = await getExport(app.db, Number(id));
      pending.push({ number: Number(row?.number), fileName: row?.file_name ?? '', error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { delivered, pending };
}

/**
 * What the set hour does for a date: for each office with a folder (or the one asked), the recaudo in
 * the formats of the settings and every act, each exactly once (a file already made is not made
 * again), then every pending delivery. A file that cannot be made (open tills, no payments) is said.
 */
export async function deliverDay(app: BackOffice, actor: Actor, date: string, officeId: number | null): Promise<DayDelivery> {
  const settings = await getExchangeSettings(app.db);
  const offices: { id: number; code: string }[] = await app.db('offices').orderBy('id').select('id', 'code');
  const targets: { id: number | null; code: string | null }[] = [];
  for (const folder of settings.folders) {
    const code = folder.officeCode.toUpperCase();
    if (code === ALL_OFFICES) {
      if (officeId === null) targets.push({ id: null, code: null });
      continue;
    }
    const office = offices.find((o) => o.code.toUpperCase() === code);
    if (office && (officeId === null || Number(office.id) === officeId)) targets.push({ id: Number(office.id), code: office.code });
  }
  if (targets.length === 0) throw rule('Ninguna oficina tiene carpeta de entrega: configúrela en Administración › Intercambio › Ajustes.');
  const created: ExchangeExport[] = [];
  const skipped: DayDelivery['skipped'] = [];
  const attempt = async (officeCode: string | null, what: string, make: () => Promise<{ export: ExchangeExport; created: boolean }>) => {
    try {
      const made = await make();
      if (made.created) created.push(made.export);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      skipped.push({ officeCode, what, reason: error.message });
    }
  };
  for (const target of targets) {
    for (const format of settings.deliveryFormats as ExportFormat[]) {
      await attempt(target.code, `recaudo ${format}`, () => exportRecaudo(app, actor, { date, officeId: target.id, format }, { kind: 'memory' }));
    }
    for (const kind of ACT_KINDS) {
      await attempt(target.code, kind, () => exportAct(app, actor, { kind, date, officeId: target.id }, { kind: 'memory' }));
    }
  }
  const { delivered, pending } = await retryPending(app, actor, officeId);
  return { date, created, skipped, delivered, pending };
}

/** After an export: a new file of an office with a folder goes there now; a failure stays pending in the log (never thrown). */
export async function deliverIfPending(app: BackOffice, actor: Actor, made: ExchangeExport): Promise<ExchangeExport> {
  if (made.delivery.state !== 'pendiente') return made;
  try {
    return await deliverExport(app, actor, made.id, null);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return exportOf((await getExport(app.db, made.id)) as ExportRow);
  }
}
