/**
 * `export recaudo --date AAAA-MM-DD [--office COD] --format asobancaria|csv|json --out <archivo> [--reason "…"]`:
 * the day's payments for the billing system, streamed to the file (temporary name, renamed once
 * the export is recorded). Exactly once: a repeat with nothing new writes the same bytes again.
 */
import path from 'node:path';
import { EXPORT_FORMATS, type ActKind, type ExportFormat } from '../../../shared/contract';
import { formatDate } from '../../../shared/dates';
import { formatMoney } from '../../../shared/money';
import { SYSTEM_ACTOR } from '../db/audit';
import { exportAct } from '../modules/exchange/acts';
import { deliverIfPending } from '../modules/exchange/delivery';
import { exportRecaudo } from '../modules/exchange/recaudo';
import type { ExchangeExport } from '../../../shared/contract';
import { getCompany } from '../modules/setup/service';
import { optional, print, required, type CommandContext } from './commands';
import { CliError, count } from './output';

/** --office COD → its id; none: every office */
async function officeOption(ctx: CommandContext): Promise<number | null> {
  const officeCode = optional(ctx, 'office')?.trim().toUpperCase();
  if (!officeCode) return null;
  const office: { id: number } | undefined = await ctx.app.db('offices').where({ code: officeCode }).first('id');
  if (!office) throw new CliError(`No existe la oficina «${officeCode}»`);
  return Number(office.id);
}

export async function exportRecaudoCommand(ctx: CommandContext): Promise<void> {
  const date = required(ctx, 'date');
  const format = required(ctx, 'format') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new CliError(`El formato debe ser ${EXPORT_FORMATS.join(', ')}: «${format}»`, 2);
  const out = path.resolve(required(ctx, 'out'));
  const officeId = await officeOption(ctx);
  const result = await exportRecaudo(
    ctx.app,
    { ...SYSTEM_ACTOR, name: 'cli' },
    { date, officeId, format, openSessionsReason: optional(ctx, 'reason') },
    { kind: 'file', path: out },
  );
  const { currency } = await getCompany(ctx.app.db);
  const e = await deliverIfPending(ctx.app, { ...SYSTEM_ACTOR, name: 'cli' }, result.export);
  const human = [
    `${result.created ? 'Exportación' : 'Sin pagos nuevos: la misma exportación'} n.º ${e.number} del recaudo del ${formatDate(e.businessDate)} (${e.officeCode ? `oficina ${e.officeCode}` : 'todas las oficinas'}), modificador ${e.modifier}:`,
    `${count(e.records)} pagos por ${formatMoney(e.total, currency)} · SHA-256 ${e.sha256}`,
    `Archivo: ${out}`,
    ...deliveryLine(e),
  ].join('\n');
  print(ctx, { export: e, created: result.created, file: out }, human);
}

/** what happened with the office's delivery folder, when it has one */
function deliveryLine(e: ExchangeExport): string[] {
  if (e.delivery.state === 'entregado') return [`Entregado en ${e.delivery.path}`];
  if (e.delivery.state === 'pendiente') return [`Entrega pendiente: ${e.delivery.error}`];
  return [];
}

const ACT_NAMES: Record<ActKind, string> = {
  novedades: 'las novedades (reversos)',
  acuerdos: 'los acuerdos de pago',
  ordenes: 'los resultados de órdenes de trabajo',
  cobros: 'los cobros de la oficina',
  contactos: 'los datos de contacto',
  'pqr-ajustes': 'los ajustes por PQR',
};

/**
 * `export novedades|acuerdos|ordenes|cobros|contactos|pqr-ajustes --date AAAA-MM-DD [--office COD] --out <archivo.csv>`:
 * the day's acts of one kind as their CSV (temporary name, renamed once recorded); a repeat with
 * nothing new writes the same bytes again.
 */
export function exportActCommand(kind: ActKind): (ctx: CommandContext) => Promise<void> {
  return async (ctx) => {
    const date = required(ctx, 'date');
    const out = path.resolve(required(ctx, 'out'));
    const officeId = await officeOption(ctx);
    const actor = { ...SYSTEM_ACTOR, name: 'cli' };
    const result = await exportAct(ctx.app, actor, { kind, date, officeId }, { kind: 'file', path: out });
    const e = await deliverIfPending(ctx.app, actor, result.export);
    const human = [
      `${result.created ? 'Exportación' : 'Nada nuevo: la misma exportación'} n.º ${e.number} de ${ACT_NAMES[kind]} del ${formatDate(e.businessDate)} (${e.officeCode ? `oficina ${e.officeCode}` : 'todas las oficinas'}), modificador ${e.modifier}:`,
      `${count(e.records)} ${e.records === 1 ? 'fila' : 'filas'} · SHA-256 ${e.sha256}`,
      `Archivo: ${out}`,
      ...deliveryLine(e),
    ].join('\n');
    print(ctx, { export: e, created: result.created, file: out }, human);
  };
}
