/**
 * `export recaudo --date AAAA-MM-DD [--office COD] --format asobancaria|csv|json --out <archivo> [--reason "…"]`:
 * the day's payments for the billing system, streamed to the file (temporary name, renamed once
 * the export is recorded). Exactly once: a repeat with nothing new writes the same bytes again.
 */
import path from 'node:path';
import { EXPORT_FORMATS, type ExportFormat } from '../../../shared/contract';
import { formatDate } from '../../../shared/dates';
import { formatMoney } from '../../../shared/money';
import { SYSTEM_ACTOR } from '../db/audit';
import { exportRecaudo } from '../modules/exchange/recaudo';
import { getCompany } from '../modules/setup/service';
import { optional, print, required, type CommandContext } from './commands';
import { CliError, count } from './output';

export async function exportRecaudoCommand(ctx: CommandContext): Promise<void> {
  const date = required(ctx, 'date');
  const format = required(ctx, 'format') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new CliError(`El formato debe ser ${EXPORT_FORMATS.join(', ')}: «${format}»`, 2);
  const out = path.resolve(required(ctx, 'out'));
  const officeCode = optional(ctx, 'office')?.trim().toUpperCase();
  let officeId: number | null = null;
  if (officeCode) {
    const office: { id: number } | undefined = await ctx.app.db('offices').where({ code: officeCode }).first('id');
    if (!office) throw new CliError(`No existe la oficina «${officeCode}»`);
    officeId = Number(office.id);
  }
  const result = await exportRecaudo(
    ctx.app,
    { ...SYSTEM_ACTOR, name: 'cli' },
    { date, officeId, format, openSessionsReason: optional(ctx, 'reason') },
    { kind: 'file', path: out },
  );
  const { currency } = await getCompany(ctx.app.db);
  const e = result.export;
  const human = [
    `${result.created ? 'Exportación' : 'Sin pagos nuevos: la misma exportación'} n.º ${e.number} del recaudo del ${formatDate(e.businessDate)} (${e.officeCode ? `oficina ${e.officeCode}` : 'todas las oficinas'}), modificador ${e.modifier}:`,
    `${count(e.records)} pagos por ${formatMoney(e.total, currency)} · SHA-256 ${e.sha256}`,
    `Archivo: ${out}`,
  ].join('\n');
  print(ctx, { export: e, created: result.created, file: out }, human);
}
