/** CLI commands of the PQR module: `pqr due-date --type <tipo> --filed AAAA-MM-DD [--office COD]`. */
import { PQR_TYPES, type PqrType } from '../../../shared/contract';
import { isIsoDate } from '../../../shared/dates';
import { longDate } from '../modules/calendar/service';
import { call, optional, print, required, type CommandContext } from './commands';
import { CliError } from './output';

/** `pqr due-date --type reclamo --filed 2026-01-09 [--office GAR]`: the date the answer is due */
export async function pqrDueDate(ctx: CommandContext): Promise<void> {
  const type = required(ctx, 'type');
  if (!(PQR_TYPES as readonly string[]).includes(type)) throw new CliError(`Tipo desconocido: «${type}». Tipos: ${PQR_TYPES.join(', ')}`, 2);
  const filed = required(ctx, 'filed');
  if (!isIsoDate(filed)) throw new CliError(`Fecha inválida: «${filed}» (use AAAA-MM-DD)`, 2);
  const officeCode = optional(ctx, 'office')?.trim().toUpperCase();
  const offices = await call(ctx.app, 'offices.list', {});
  const office = officeCode ? offices.find((o) => o.code === officeCode) : offices[0];
  if (!office) throw new CliError(officeCode ? `No existe la oficina «${officeCode}». Oficinas: ${offices.map((o) => o.code).join(', ')}` : 'No hay oficinas: complete la configuración inicial.');
  const result = await call(ctx.app, 'pqr.dueDate', { type: type as PqrType, filed, officeId: office.id });
  const human = [
    `${result.dueDate}`,
    `Radicado el ${longDate(filed)} en la oficina ${office.code}: ${result.termBusinessDays} días hábiles; el día 1 es el ${longDate(result.dayOne)} y vence el ${longDate(result.dueDate)}.`,
  ].join('\n');
  print(ctx, { ...result, type, filed, office: office.code }, human);
}
