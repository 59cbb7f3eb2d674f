/**
 * CLI: `report sui-formato-a --month AAAA-MM [--office CÓDIGO] [--header] --out <archivo.csv>` writes the SUI
 * Formato A file of a month (every office unless one is named) and says how many rows it has.
 */
import fs from 'node:fs';
import path from 'node:path';
import { call, optional, print, required, type CommandContext } from './commands';
import { CliError, count } from './output';

export async function suiFormatoA(ctx: CommandContext): Promise<void> {
  const month = required(ctx, 'month');
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new CliError(`Mes inválido: «${month}» (use AAAA-MM)`, 2);
  const out = required(ctx, 'out');
  if (path.extname(out).toLowerCase() !== '.csv') throw new CliError(`El archivo de salida debe terminar en .csv: «${out}»`, 2);
  const officeCode = optional(ctx, 'office')?.trim().toUpperCase();
  let officeId: number | undefined;
  if (officeCode) {
    const offices = await call(ctx.app, 'offices.list', {});
    const office = offices.find((o) => o.code === officeCode);
    if (!office) throw new CliError(`No existe la oficina «${officeCode}». Oficinas: ${offices.map((o) => o.code).join(', ')}`);
    officeId = office.id;
  }
  const header = ctx.options.header === true;
  const result = await call(ctx.app, 'pqrReports.suiFormatoA', { month, officeId, header });
  const target = path.resolve(out);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, Buffer.from(result.file.base64, 'base64'));
  const human = [
    `SUI Formato A de ${month}, ${officeCode ? `oficina ${officeCode}` : 'todas las oficinas'}: ${count(result.rows)} filas, de ellas ${count(result.pendingFromEarlier)} pendientes de meses anteriores${header ? '; con encabezado' : ''}.`,
    ...(result.enteredLate.length > 0
      ? [`Radicadas tarde (la columna 5 es el día de recibo): ${result.enteredLate.map((r) => `${r.radicado} (recibida ${r.receivedDate}, radicada ${r.filedDate})`).join(', ')}.`]
      : []),
    `Archivo: ${target}`,
  ].join('\n');
  print(ctx, { month, office: officeCode ?? null, rows: result.rows, pendingFromEarlier: result.pendingFromEarlier, header, enteredLate: result.enteredLate, file: target }, human);
}
