/**
 * The day's other acts handed to the billing system, exactly once per act (issue 18, items 2 and 3):
 * reversals of exported payments (novedades), payment agreements, work-order results, office charges,
 * contact data and PQR decisions that change a bill. Each kind is one small exporter in `acts/` with
 * its versioned header; this file numbers and records them all the same way as the recaudo.
 *
 * One transaction: the exports' table is locked, the exporter reads the acts of the business date
 * (and office), those not yet in a file of their kind are linked to a new numbered export with the
 * next modifier, the CSV is written by the product's one CSV writer and kept with its SHA-256 (a
 * re-send is the same bytes) and an audit row. A file going to disk is written under a temporary
 * name and renamed only after the commit. Nothing new since the last file of the day: that file again.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { ActKind } from '../../../../shared/contract';
import { todayIn, zonedDateTime } from '../../../../shared/dates';
import type { BackOffice } from '../../context';
import { writeAudit, type Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { nextNumber } from '../../db/counters';
import { retryingTransaction } from '../../db/dialect';
import { csvText } from '../../documents/csv';
import { notFound, rule } from '../../errors';
import { getCompany } from '../setup/service';
import { ACT_EXPORTERS, actHeader } from './acts/index';
import { deliveryColumns } from './settings';
import type { ActRow } from './acts/types';
import { exportOf, exportsQuery, getExport, lockExports, MODIFIERS, writeStored, type Destination, type Exported, type ExportRow } from './recaudo';

export interface ActRequest {
  kind: ActKind;
  date: string;
  /** null: every office */
  officeId: number | null;
}

export function actFileName(kind: ActKind, date: string, officeCode: string | null, modifier: string, number: number): string {
  return `${kind}-${date.replace(/-/g, '')}-${officeCode ?? 'TODAS'}-${modifier}-${String(number).padStart(6, '0')}.csv`;
}

async function checkActRequest(db: Knex, request: ActRequest, timeZone: string): Promise<void> {
  if (request.date > todayIn(timeZone)) throw rule(`El ${request.date} todavía no ha llegado: solo se exportan días ya cumplidos.`);
  if (request.officeId !== null) {
    const office = await db('offices').where({ id: request.officeId }).first('id');
    if (!office) throw notFound('La oficina');
  }
}

/** The acts of the day not yet in a file of their kind. */
async function pendingRows(trx: Knex.Transaction, request: ActRequest, timeZone: string): Promise<ActRow[]> {
  const exporter = ACT_EXPORTERS[request.kind];
  const rows = await exporter.rows(trx, { date: request.date, officeId: request.officeId, timeZone });
  if (rows.length === 0) return rows;
  const done = new Set<string>();
  const keys = rows.map((r) => r.key);
  for (let i = 0; i < keys.length; i += 500) {
    const found: { item_key: string }[] = await trx('exchange_export_items')
      .where('kind', request.kind)
      .whereIn('item_key', keys.slice(i, i + 500))
      .select('item_key');
    for (const f of found) done.add(f.item_key);
  }
  return rows.filter((r) => !done.has(r.key));
}

/** The day's acts of one kind as a file: a new export of what was not exported yet, or the last one again. */
export async function exportAct(app: BackOffice, actor: Actor, request: ActRequest, destination: Destination): Promise<Exported> {
  const company = await getCompany(app.db);
  await checkActRequest(app.db, request, company.timeZone);
  const exporter = ACT_EXPORTERS[request.kind];
  const result = await retryingTransaction(app.db, async (trx) => {
    await lockExports(trx);
    const rows = await pendingRows(trx, request, company.timeZone);
    const lastQuery = exportsQuery(trx).where({ 'e.kind': request.kind, 'e.business_date': request.date }).orderBy('e.id', 'desc');
    if (request.officeId === null) lastQuery.whereNull('e.office_id');
    else lastQuery.where('e.office_id', request.officeId);
    const last: ExportRow | undefined = await lastQuery.first();
    // nothing new: the last file of the day again (a day without acts still gets its file once, header only)
    if (rows.length === 0 && last) return { row: last, created: false };
    const used: { modifier: string }[] = await trx('exchange_exports').where({ kind: request.kind, format: 'csv', business_date: request.date }).select('modifier');
    const modifier = [...MODIFIERS].find((m) => !used.some((u) => u.modifier === m));
    if (!modifier) throw rule(`El ${request.date} ya tiene ${MODIFIERS.length} archivos de ${request.kind}, el máximo que permite el modificador del archivo.`);
    const number = await nextNumber(trx, 'exchangeExport');
    const createdAt = nowTimestamp();
    const { date: fileDate, time: fileTime } = zonedDateTime(createdAt, company.timeZone);
    const office: { code: string } | undefined = request.officeId === null ? undefined : await trx('offices').where({ id: request.officeId }).first('code');
    const header = actHeader(exporter);
    const content = csvText(
      rows.map((r) => [exporter.version, number, ...r.cells]),
      { separator: ',', bom: false, header, numeric: [0, 1, ...exporter.numeric.map((i) => i + 2)] },
    );
    const bytes = Buffer.from(content, 'utf8');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const total = rows.reduce((s, r) => s + r.amount, 0);
    const [inserted] = await trx('exchange_exports')
      .insert({
        number,
        kind: request.kind,
        format: 'csv',
        business_date: request.date,
        office_id: request.officeId,
        modifier,
        file_date: fileDate,
        file_time: fileTime.slice(0, 5),
        records: rows.length,
        total,
        sha256,
        bytes: bytes.length,
        file_name: actFileName(request.kind, request.date, office?.code ?? null, modifier, number),
        layout_json: JSON.stringify({ version: exporter.version, header }),
        open_sessions_reason: '',
        content,
        created_by: actor.userId,
        created_at: createdAt,
        ...(await deliveryColumns(trx, office?.code ?? null)),
      })
      .returning('id');
    const exportId = Number(typeof inserted === 'object' ? inserted.id : inserted);
    for (let i = 0; i < rows.length; i += 300) {
      await trx('exchange_export_items').insert(rows.slice(i, i + 300).map((r) => ({ export_id: exportId, kind: request.kind, item_key: r.key })));
    }
    const row = (await getExport(trx, exportId)) as ExportRow;
    await writeAudit(trx, actor, { action: 'exchange.export', entity: 'exchange_export', entityId: exportId, after: exportOf(row) });
    return { row, created: true };
  });
  return { export: exportOf(result.row), created: result.created, content: await writeStored(result.row, destination) };
}
