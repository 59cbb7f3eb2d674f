/**
 * The field's results: one by one (with photos, stored as the PQR attachments are) or the crew's CSV
 * (resources/samples/RESULTADOS-CUADRILLA.md), the whole file or nothing, with the line and reason of
 * every refusal.
 *
 * An executed suspension sets the account to suspendido (a corte to cortado); an executed
 * reconnection or reinstalación sets it back to activo, and only then, if a suspension of the account
 * was actually executed, adds the reconnection charge of the price list (SSPD Concepto 59 de 2020;
 * Ley 142 art. 96). A failed visit (fallida) records its cause and closes the order without touching
 * the account; the coordinator orders a new visit.
 */
import type { Knex } from 'knex';
import type { RecordedResult, WorkOrderPolicy, WorkOrderState } from '../../../../shared/contract';
import { formatDateTime, isIsoDate, isClockTime, zonedTimeToUtc } from '../../../../shared/dates';
import { formatMoney } from '../../../../shared/money';
import { writeAudit, type Actor } from '../../db/audit';
import { nowTimestamp } from '../../db/connection';
import { lockAccounts, retryingTransaction } from '../../db/dialect';
import { AppError, invalid, rule } from '../../errors';
import { inScope, type OfficeScope } from '../../officeScope';
import { businessToday } from '../accounts/service';
import { CsvFileError, CsvParser, normalizeHeaderName } from '../imports/csv-reader';
import { discardStored, storeAttachments, type AttachmentUpload, type StoredAttachment } from '../pqr/attachments';
import { getCompany } from '../setup/service';
import { getWorkOrderPolicy } from './catalog';
import { OPEN_STATES, orderOfOffice, ordersByIds, type OrderDbRow } from './orders';
import { checkPhoto } from './photos';

export interface ResultInput {
  outcome: 'ejecutada' | 'fallida';
  executedAt: string;
  executedBy: string;
  meterReading?: number | null;
  sealNumber: string;
  observations: string;
  failureCause?: string;
}

/** 'YYYY-MM-DD HH:MM' on the company's clocks (or an ISO instant with its zone) → ISO instant in UTC; null when unreadable */
export function fieldInstantToUtc(value: string, timeZone: string): string | null {
  const text = value.trim();
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  const [date, time] = text.split(/[T ]/);
  const hhmm = (time ?? '').slice(0, 5);
  if (!date || !isIsoDate(date) || !isClockTime(hhmm)) return null;
  return zonedTimeToUtc(date, hhmm, timeZone);
}

/** what the account's state becomes when an order of this type is executed */
const STATUS_AFTER: Record<string, string> = { suspension: 'suspendido', corte: 'cortado', reconexion: 'activo', reinstalacion: 'activo' };

interface Context {
  actor: Actor;
  policy: WorkOrderPolicy;
  today: string;
  timeZone: string;
  now: number;
}

/**
 * Checks a result against its order and writes it with its effects on the account, in the caller's
 * transaction; throws an AppError (Spanish) when it must be refused. The caller took the account's
 * row (lockAccounts) before reading `order`, as every writer of an account's debts and state does (a
 * reconnection adds its charge, a suspension changes the state): read after the lock, the order's
 * state includes what a payment that held the row did to it (a suspension it cancelled is not
 * executed afterwards).
 */
async function applyResult(trx: Knex.Transaction, ctx: Context, order: OrderDbRow, input: ResultInput): Promise<{ status: string; charge: RecordedResult['charge'] }> {
  if (!OPEN_STATES.includes(order.state as WorkOrderState)) throw rule(`La orden ${order.number} ya está ${order.state}: no se registra otro resultado.`);
  const executedAt = fieldInstantToUtc(input.executedAt, ctx.timeZone);
  if (executedAt === null) throw invalid('Fecha y hora de ejecución inválidas (use AAAA-MM-DD HH:MM).', { executedAt: 'Inválida' });
  if (Date.parse(executedAt) > ctx.now) throw invalid(`La fecha de ejecución (${formatDateTime(executedAt, ctx.timeZone)}) es posterior a este momento.`, { executedAt: 'En el futuro' });
  // the field writes minutes: an order created at 10:15:40 may be done "at 10:15"
  if (Date.parse(executedAt) < Math.floor(Date.parse(order.created_at) / 60_000) * 60_000) throw invalid(`La fecha de ejecución (${formatDateTime(executedAt, ctx.timeZone)}) es anterior a la orden ${order.number} (${formatDateTime(order.created_at, ctx.timeZone)}).`, { executedAt: 'Anterior a la orden' });
  let failureCause: string | null = null;
  if (input.outcome === 'fallida') {
    if (!input.failureCause) throw invalid('Una visita fallida necesita su causa.', { failureCause: 'Obligatoria' });
    const cause: { code: string } | undefined = await trx('work_order_failure_causes').where({ code: input.failureCause, active: true }).first('code');
    if (!cause) throw invalid(`La causa «${input.failureCause}» no está en la lista de causas.`, { failureCause: 'Desconocida' });
    failureCause = cause.code;
  }
  const account: { id: number; number: string; status: string } = await trx('accounts').where({ id: order.account_id }).first('id', 'number', 'status');
  const type = order.type;
  const reconnecting = type === 'reconexion' || type === 'reinstalacion';
  if (input.outcome === 'ejecutada' && reconnecting && account.status !== 'suspendido' && account.status !== 'cortado')
    throw rule(`La cuenta ${account.number} no está suspendida (está ${account.status}): no se registra una ${type === 'reconexion' ? 'reconexión' : 'reinstalación'}.`);
  if (input.outcome === 'ejecutada' && (type === 'suspension' || type === 'corte') && account.status === 'retirado')
    throw rule(`La cuenta ${account.number} está retirada: no se registra la ${type === 'corte' ? 'corte' : 'suspensión'}.`);

  const recordedAt = nowTimestamp();
  let charge: { id: number; concept: string; amount: number } | null = null;
  let suspensionOrderId: number | null = null;
  let status = account.status;
  if (input.outcome === 'ejecutada' && STATUS_AFTER[type]) {
    status = STATUS_AFTER[type];
    if (reconnecting) {
      // the suspension this reconnection undoes: executed, and after the last executed reconnection
      const lastReconnection = (await trx('work_orders').where({ account_id: account.id, state: 'ejecutada' }).whereIn('type', ['reconexion', 'reinstalacion']).max({ at: 'executed_at' }).first()) as { at: string | null } | undefined;
      const suspensionQuery = trx('work_orders').where({ account_id: account.id, state: 'ejecutada' }).whereIn('type', ['suspension', 'corte']).orderBy('executed_at', 'desc');
      if (lastReconnection?.at) suspensionQuery.where('executed_at', '>', lastReconnection.at);
      const suspension: { id: number } | undefined = await suspensionQuery.first('id');
      suspensionOrderId = suspension ? Number(suspension.id) : null;
      if (suspension && ctx.policy.reconnectionChargeCode) {
        const item: { id: number; name: string; amount: number | string } | undefined = await trx('charge_items').where({ code: ctx.policy.reconnectionChargeCode, active: true }).first('id', 'name', 'amount');
        if (!item)
          throw rule(`El cobro de reconexión «${ctx.policy.reconnectionChargeCode}» no está activo en la lista de precios: el administrador debe crearlo, o dejar vacío el código en la política de órdenes de trabajo.`);
        const amount = Number(item.amount);
        const [row] = await trx('account_charges')
          .insert({ account_id: account.id, charge_item_id: item.id, concept: `${item.name} (${order.number})`.slice(0, 100), quantity: 1, amount, balance: amount, business_date: ctx.today, office_id: order.office_id, created_by: ctx.actor.userId, created_at: recordedAt })
          .returning('id');
        charge = { id: Number(typeof row === 'object' ? row.id : row), concept: item.name, amount };
      }
    }
    if (status !== account.status) await trx('accounts').where({ id: account.id }).update({ status, updated_at: recordedAt });
  }
  await trx('work_orders')
    .where({ id: order.id })
    .update({
      state: input.outcome,
      executed_at: executedAt,
      executed_by: input.executedBy,
      meter_reading: input.meterReading ?? null,
      seal_number: input.sealNumber,
      observations: input.observations,
      failure_cause: failureCause,
      result_recorded_at: recordedAt,
      result_recorded_by: ctx.actor.name.slice(0, 40),
      suspension_order_id: suspensionOrderId,
      charge_id: charge?.id ?? null,
    });
  await writeAudit(trx, ctx.actor, {
    action: 'workOrders.result',
    entity: 'work_order',
    entityId: order.id,
    before: { number: order.number, state: order.state, accountStatus: account.status },
    after: {
      state: input.outcome,
      executedAt,
      executedBy: input.executedBy,
      meterReading: input.meterReading ?? null,
      sealNumber: input.sealNumber,
      failureCause,
      accountStatus: status,
      ...(charge ? { charge: { id: charge.id, amount: charge.amount, text: `Cobro de reconexión de ${formatMoney(charge.amount)}` } } : {}),
    },
  });
  return { status, charge };
}

async function contextOf(db: Knex, actor: Actor): Promise<Context> {
  const [policy, today, company] = await Promise.all([getWorkOrderPolicy(db), businessToday(db), getCompany(db)]);
  return { actor, policy, today, timeZone: company.timeZone, now: Date.now() };
}

/** one result, with its photos */
export async function recordResult(
  db: Knex,
  dataDir: string,
  actor: Actor,
  scope: OfficeScope,
  input: ResultInput & { orderId: number; photos: AttachmentUpload[] },
): Promise<RecordedResult> {
  const { account_id: accountId } = await orderOfOffice(db, scope, input.orderId);
  const checked = input.photos.map((p) => checkPhoto(p));
  const ctx = await contextOf(db, actor);
  let stored: StoredAttachment[] = [];
  try {
    stored = storeAttachments(dataDir, Number(ctx.today.slice(0, 4)), checked);
    const applied = await retryingTransaction(db, async (trx) => {
      // the account's row before the order is read (an order never changes its account)
      await lockAccounts(trx, [accountId]);
      const order = await orderOfOffice(trx, scope, input.orderId);
      const result = await applyResult(trx, ctx, order, input);
      if (stored.length) {
        await trx('work_order_photos').insert(
          stored.map((f) => ({ work_order_id: order.id, file_name: f.fileName, mime_type: f.mimeType, stored_path: f.storedPath, sha256: f.sha256, size_bytes: f.content.length, uploaded_at: nowTimestamp(), uploaded_by: actor.name.slice(0, 40) })),
        );
      }
      return result;
    });
    const [order] = await ordersByIds(db, [input.orderId]);
    return { order, charge: applied.charge, accountStatus: applied.status };
  } catch (error) {
    discardStored(dataDir, stored);
    throw error;
  }
}

/** the columns of the crew's CSV, by their normalised header */
export const RESULT_COLUMNS = ['orden', 'resultado', 'fecha_ejecucion', 'ejecutada_por', 'lectura', 'sello', 'causa', 'observaciones'] as const;
const REQUIRED_COLUMNS = ['orden', 'resultado', 'fecha_ejecucion', 'ejecutada_por'];

interface CsvLine {
  line: number;
  input: ResultInput;
  number: string;
}

/** parses the text into result lines; refusals collect as "línea N: motivo" */
function parseResults(csv: string, problems: string[]): CsvLine[] {
  const records: { line: number; fields: string[] }[] = [];
  const parser = new CsvParser();
  try {
    parser.push(csv.replace(/^\uFEFF/, ''), (r) => records.push(r));
    parser.end((r) => records.push(r));
  } catch (error) {
    if (error instanceof CsvFileError) throw invalid(error.message, { csv: 'Ilegible' });
    throw error;
  }
  if (records.length < 2) throw invalid('El archivo no tiene resultados: solo el encabezado o nada.', { csv: 'Vacío' });
  const header = records[0].fields.map(normalizeHeaderName);
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw invalid(`Al encabezado le faltan las columnas ${missing.join(', ')} (vea el formato en resources/samples/RESULTADOS-CUADRILLA.md).`, { csv: 'Encabezado' });
  const col = (fields: string[], name: (typeof RESULT_COLUMNS)[number]) => {
    const i = header.indexOf(name);
    return i < 0 ? '' : (fields[i] ?? '').trim();
  };
  const lines: CsvLine[] = [];
  for (const { line, fields } of records.slice(1)) {
    const number = col(fields, 'orden').toUpperCase();
    const outcome = col(fields, 'resultado').toLowerCase();
    const reading = col(fields, 'lectura');
    const why: string[] = [];
    if (!number) why.push('falta el número de la orden');
    if (outcome !== 'ejecutada' && outcome !== 'fallida') why.push(`resultado «${col(fields, 'resultado')}» desconocido (ejecutada o fallida)`);
    if (!col(fields, 'ejecutada_por')) why.push('falta quién la ejecutó');
    if (reading !== '' && !/^\d{1,8}$/.test(reading)) why.push(`lectura «${reading}» inválida`);
    if (why.length) {
      problems.push(`línea ${line}: ${why.join(', ')}`);
      continue;
    }
    lines.push({
      line,
      number,
      input: {
        outcome: outcome as 'ejecutada' | 'fallida',
        executedAt: col(fields, 'fecha_ejecucion'),
        executedBy: col(fields, 'ejecutada_por').slice(0, 80),
        meterReading: reading === '' ? null : Number(reading),
        sealNumber: col(fields, 'sello').slice(0, 40),
        observations: col(fields, 'observaciones').slice(0, 500),
        failureCause: col(fields, 'causa') || undefined,
      },
    });
  }
  return lines;
}

function refuseLines(problems: string[]): never {
  const shown = problems.slice(0, 5).join('; ');
  throw rule(`No se registró ningún resultado: ${problems.length === 1 ? 'una línea tiene' : `${problems.length} líneas tienen`} problemas (${shown}${problems.length > 5 ? '; …' : ''}).`);
}

/** the crew's CSV: every line checked, then all applied in one transaction, or nothing */
export async function importResults(db: Knex, actor: Actor, scope: OfficeScope, csv: string): Promise<{ lines: number; executed: number; failed: number; reconnectionCharges: number }> {
  const problems: string[] = [];
  const lines = parseResults(csv, problems);
  const seen = new Map<string, number>();
  for (const l of lines) {
    const first = seen.get(l.number);
    if (first !== undefined) problems.push(`línea ${l.line}: la orden ${l.number} ya viene en la línea ${first}`);
    else seen.set(l.number, l.line);
  }
  if (problems.length) refuseLines(problems);
  const ctx = await contextOf(db, actor);
  return retryingTransaction(db, async (trx) => {
    const found: OrderDbRow[] = [];
    const numbers = [...seen.keys()];
    for (let i = 0; i < numbers.length; i += 500) {
      const q = trx('work_orders').whereIn('number', numbers.slice(i, i + 500)).select('id', 'number', 'office_id', 'account_id');
      if (scope !== null) q.where('office_id', scope);
      else if (actor.officeId !== null) q.where('office_id', actor.officeId);
      found.push(...((await q) as OrderDbRow[]));
    }
    // every account of the file's orders locked at once, in id order, before any result is written
    await lockAccounts(trx, found.filter((r) => inScope(scope, r.office_id)).map((r) => r.account_id));
    const byNumber = new Map<string, OrderDbRow[]>();
    for (const r of found) byNumber.set(r.number, [...(byNumber.get(r.number) ?? []), r]);
    let executed = 0;
    let failed = 0;
    let charges = 0;
    for (const l of lines) {
      const matches = (byNumber.get(l.number) ?? []).filter((r) => inScope(scope, r.office_id));
      if (matches.length !== 1) {
        problems.push(`línea ${l.line}: ${matches.length === 0 ? `la orden ${l.number} no existe` : `la orden ${l.number} existe en varias oficinas`}`);
        continue;
      }
      const order = await orderOfOffice(trx, scope, Number(matches[0].id));
      try {
        const applied = await applyResult(trx, ctx, order, l.input);
        if (l.input.outcome === 'ejecutada') executed++;
        else failed++;
        if (applied.charge) charges++;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        problems.push(`línea ${l.line}: ${error.message.replace(/\.$/, '')}`);
      }
    }
    if (problems.length) refuseLines(problems);
    await writeAudit(trx, actor, { action: 'workOrders.importResults', entity: 'work_order', entityId: null, after: { lines: lines.length, executed, failed, reconnectionCharges: charges } });
    return { lines: lines.length, executed, failed, reconnectionCharges: charges };
  });
}
