/**
 * CLI of petty cash: `petty-cash status --office CODE [--json]` (the open fund at a glance) and
 * `petty-cash reimbursement-report --fund ID --out <pdf>` (the pending reimbursement's report, or the
 * last one's, with the supports appended).
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatDate } from '../../../shared/dates';
import { formatMoney } from '../../../shared/money';
import { call, optional, print, required, type CommandContext } from './commands';
import { CliError, table } from './output';

async function officeIdOf(ctx: CommandContext, code: string): Promise<number> {
  const offices = await call(ctx.app, 'offices.list', {});
  const office = offices.find((o) => o.code === code.trim().toUpperCase());
  if (!office) throw new CliError(`No existe la oficina «${code}». Oficinas: ${offices.map((o) => o.code).join(', ')}`);
  return office.id;
}

export async function status(ctx: CommandContext): Promise<void> {
  const code = required(ctx, 'office');
  const officeId = await officeIdOf(ctx, code);
  const s = await call(ctx.app, 'pettyCash.status', { officeId });
  if (!s) {
    print(ctx, null, `La oficina ${code.toUpperCase()} no tiene una caja menor abierta.`);
    return;
  }
  const { currency } = await call(ctx.app, 'company.get', {});
  const money = (n: number) => formatMoney(n, currency);
  const pct = (n: number) => `${n.toFixed(1).replace('.', ',')} %`;
  const human = [
    `Caja menor ${s.fund.officeCode}-${s.fund.year} · Resolución ${s.fund.resolutionNumber} del ${formatDate(s.fund.resolutionDate)} · custodio: ${s.fund.custodian.name}`,
    `Monto: ${money(s.fund.amount)} · Disponible en efectivo: ${money(s.available)} · Usado: ${pct(s.usedPercent)} (umbral ${s.fund.thresholdPercent} %)`,
    `Sin reembolsar: ${money(s.unreimbursed)} · Anticipos abiertos: ${money(s.openAdvancesTotal)} (${s.openAdvances.length}) · Comprobantes sin soporte: ${s.pendingSupportCount}`,
    table(
      ['Rubro', 'Nombre', 'Límite', 'Gastado', 'Disponible', 'Usado'],
      s.budgetLines.map((l) => [l.code, l.name, money(l.limit), money(l.spent), money(l.available), pct(l.usedPercent)]),
    ),
    ...(s.pendingReimbursement ? [`Reembolso pendiente: ${s.pendingReimbursement.number} por ${money(s.pendingReimbursement.total)}`] : []),
    ...(s.lastArqueo ? [`Último arqueo: ${formatDate(s.lastArqueo.at)}, diferencia ${money(s.lastArqueo.difference)}`] : []),
    ...s.alerts.map((a) => `ALERTA: ${a}`),
  ].join('\n');
  print(ctx, s, human);
}

export async function reimbursementReport(ctx: CommandContext): Promise<void> {
  const fundText = required(ctx, 'fund');
  if (!/^\d+$/.test(fundText)) throw new CliError(`--fund debe ser el número de la caja menor: «${fundText}»`, 2);
  const out = optional(ctx, 'out');
  if (!out) throw new CliError('Falta la opción --out', 2);
  if (path.extname(out).toLowerCase() !== '.pdf') throw new CliError(`El archivo de salida debe terminar en .pdf: «${out}»`, 2);
  const reimbursements = await call(ctx.app, 'pettyCash.reimbursements', { fundId: Number(fundText) });
  const chosen = reimbursements.find((r) => r.state === 'solicitado') ?? reimbursements[0];
  if (!chosen) throw new CliError(`La caja menor ${fundText} no tiene reembolsos.`);
  const file = await call(ctx.app, 'pettyCash.reimbursementPdf', { reimbursementId: chosen.id });
  const target = path.resolve(out);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, Buffer.from(file.base64, 'base64'));
  const { currency } = await call(ctx.app, 'company.get', {});
  const human = [
    `Reembolso ${chosen.number} (${chosen.state}) por ${formatMoney(chosen.total, currency)}${chosen.approvedTotal !== null ? `, aprobado ${formatMoney(chosen.approvedTotal, currency)}` : ''}: ${chosen.expenses.length} comprobantes.`,
    `Archivo: ${target}`,
  ].join('\n');
  print(ctx, { reimbursement: chosen, file: target }, human);
}
