/**
 * CLI commands that make papers: `paz-y-salvo <cuenta> --out <pdf>` and
 * `report recaudo --from D --to D [--office COD] --out <archivo.pdf|archivo.csv>`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DocumentFile } from '../../../shared/contract';
import { formatDate } from '../../../shared/dates';
import { formatMoney } from '../../../shared/money';
import { METHOD_LABELS } from '../documents/labels';
import { call, optional, print, required, type CommandContext } from './commands';
import { CliError, count, table } from './output';

function writeFile(file: DocumentFile, out: string): string {
  const target = path.resolve(out);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, Buffer.from(file.base64, 'base64'));
  return target;
}

/** `paz-y-salvo <número de cuenta> [--out archivo.pdf]`: issues the certificate, or says why not. */
export async function pazYSalvo(ctx: CommandContext): Promise<void> {
  const [number] = ctx.args;
  if (!number) throw new CliError('Indique el número de la cuenta', 2);
  const found = await call(ctx.app, 'accounts.search', { query: number, limit: 5 });
  const account = found.find((a) => a.number === number.trim());
  if (!account) throw new CliError(`No existe la cuenta ${number}`);
  const { certificate, file } = await call(ctx.app, 'pazYSalvo.issue', { accountId: account.id });
  const written = writeFile(file, optional(ctx, 'out') ?? file.fileName);
  const human = [
    `Paz y salvo ${certificate.label} expedido para la cuenta ${certificate.account.number} (${certificate.account.holderName}).`,
    `Válido hasta el ${formatDate(certificate.validUntil)}. Código de verificación: ${certificate.verificationCode}`,
    `Archivo: ${written}`,
  ].join('\n');
  print(ctx, { certificate, file: written }, human);
}

/** `report recaudo --from AAAA-MM-DD --to AAAA-MM-DD [--office COD] --out archivo.pdf|archivo.csv` */
export async function reportRecaudo(ctx: CommandContext): Promise<void> {
  const from = required(ctx, 'from');
  const to = required(ctx, 'to');
  const out = required(ctx, 'out');
  const extension = path.extname(out).toLowerCase();
  if (extension !== '.pdf' && extension !== '.csv') throw new CliError(`El archivo de salida debe terminar en .pdf o .csv: «${out}»`, 2);
  const format = extension === '.pdf' ? 'pdf' : 'csv';
  const officeCode = optional(ctx, 'office')?.trim().toUpperCase();
  let officeId: number | undefined;
  if (officeCode) {
    const offices = await call(ctx.app, 'offices.list', {});
    const office = offices.find((o) => o.code === officeCode);
    if (!office) throw new CliError(`No existe la oficina «${officeCode}». Oficinas: ${offices.map((o) => o.code).join(', ')}`);
    officeId = office.id;
  }
  const report = await call(ctx.app, 'reports.recaudo', { from, to, officeId });
  const file = await call(ctx.app, 'reports.recaudoFile', { from, to, officeId, format });
  const written = writeFile(file, out);
  const money = (n: number | string) => formatMoney(n, report.currency);
  const human = [
    `Recaudo del ${formatDate(from)} al ${formatDate(to)}, ${report.officeCode ? `oficina ${report.officeCode}` : 'todas las oficinas'}:`,
    report.totals.length === 0
      ? 'No hubo recaudo en el periodo.'
      : table(
          ['Forma de pago', 'Pagos', 'Valor'],
          report.totals.map((t) => [METHOD_LABELS[t.method] ?? t.method, count(t.count), money(t.amount)]),
        ),
    `Total recaudado: ${money(report.total)} · Anulados (no suman): ${count(report.voidedCount)} por ${money(report.voidedAmount)}`,
    `Archivo: ${written}`,
  ].join('\n');
  print(ctx, { report, file: written }, human);
}
