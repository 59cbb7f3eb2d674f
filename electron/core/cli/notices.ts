/**
 * CLI: `notices generate --kind suspension|persuasivo|prejuridico|juridico [--min-periods N]
 * [--min-debt V] [--cycle C] [--route R] --out <pdf>` — the same preview and generation the
 * coordinator's screen uses: every account that matches and is eligible gets a numbered notice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { NOTICE_KIND_LABELS, NOTICE_KINDS, type NoticeKind } from '../../../shared/contract';
import { formatMoney, parseAmount } from '../../../shared/money';
import { call, optional, print, required, type CommandContext } from './commands';
import { CliError, count } from './output';

function wholeNumber(ctx: CommandContext, name: string): number | undefined {
  const text = optional(ctx, name)?.trim();
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new CliError(`--${name} debe ser un número entero: «${text}»`, 2);
  return Number(text);
}

export async function generate(ctx: CommandContext): Promise<void> {
  const kind = required(ctx, 'kind');
  if (!(NOTICE_KINDS as readonly string[]).includes(kind)) throw new CliError(`Tipo de aviso desconocido: «${kind}». Tipos: ${NOTICE_KINDS.join(', ')}`, 2);
  const out = required(ctx, 'out');
  if (path.extname(out).toLowerCase() !== '.pdf') throw new CliError(`El archivo de salida debe terminar en .pdf: «${out}»`, 2);
  const minDebtText = optional(ctx, 'min-debt')?.trim();
  const minDebt = minDebtText === undefined ? undefined : parseAmount(minDebtText);
  if (minDebt === null) throw new CliError(`--min-debt debe ser un valor en pesos: «${minDebtText}»`, 2);
  const criteria = {
    kind: kind as NoticeKind,
    minPeriods: wholeNumber(ctx, 'min-periods'),
    minDebt,
    cycle: optional(ctx, 'cycle')?.trim() || undefined,
    route: optional(ctx, 'route')?.trim() || undefined,
    limit: 5000,
  };
  const preview = await call(ctx.app, 'notices.preview', criteria);
  const eligible = preview.candidates.filter((c) => c.eligible);
  const label = NOTICE_KIND_LABELS[kind as NoticeKind];
  if (eligible.length === 0) {
    print(ctx, { generated: 0, matched: preview.candidates.length, file: null }, `${label}: ${count(preview.candidates.length)} cuentas con deuda cumplen los criterios, ninguna puede recibirlo ahora. No se generó nada.`);
    return;
  }
  const result = await call(ctx.app, 'notices.generate', { kind: kind as NoticeKind, accountIds: eligible.map((c) => c.accountId) });
  const target = path.resolve(out);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, Buffer.from(result.file.base64, 'base64'));
  const debt = result.notices.reduce((sum, n) => sum + n.debt, 0);
  const skipped = preview.candidates.length - eligible.length;
  const human = [
    `${label}: ${count(result.batch.count)} avisos generados, del ${result.batch.firstNumber} al ${result.batch.lastNumber} (deuda total ${formatMoney(debt)}).`,
    skipped > 0 ? `${count(skipped)} cuentas con deuda no cumplían la política (se ven con su motivo en la pantalla Avisos).` : '',
    preview.limited ? `Solo se revisaron las primeras ${count(preview.candidates.length)} cuentas en orden de ruta: ejecute de nuevo (o por ciclo y ruta) para las demás.` : '',
    result.escalated > 0 ? `${count(result.escalated)} cartas de la etapa anterior quedaron cerradas como escaladas.` : '',
    `Archivo: ${target}`,
  ].filter(Boolean);
  print(ctx, { generated: result.batch.count, batch: result.batch, numbers: result.notices.map((n) => n.number), skipped, file: target }, human.join('\n'));
}
