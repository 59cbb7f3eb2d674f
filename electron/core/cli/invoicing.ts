/**
 * CLI: `print-invoices --period AAAA-MM [--cycle C] [--route R] [--half-letter] --out <archivo.pdf>`:
 * the invoices of a period in route order into one PDF, with progress on stderr and the summary
 * (printed, skipped and why) on stdout.
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatPeriod } from '../../../shared/dates';
import type { InvoiceBatchStatus } from '../../../shared/contract';
import { batchFilePath, liveProgress, waitForBatch } from '../modules/invoicing/batch';
import { call, optional, print, required, type CommandContext } from './commands';
import { CliError, count } from './output';

function progressLine(status: InvoiceBatchStatus): string {
  const toPrint = status.selected - status.skipped;
  return `Facturas: ${count(status.printed)} de ${count(toPrint)} (${count(status.pagesPerSecond)} páginas/s)`;
}

export async function printInvoices(ctx: CommandContext): Promise<void> {
  const period = required(ctx, 'period');
  const out = required(ctx, 'out');
  if (path.extname(out).toLowerCase() !== '.pdf') throw new CliError(`El archivo de salida debe terminar en .pdf: «${out}»`, 2);
  const started = await call(ctx.app, 'invoicing.startBatch', {
    period,
    cycle: optional(ctx, 'cycle'),
    route: optional(ctx, 'route'),
    paper: ctx.options['half-letter'] === true ? 'halfLetter' : 'letter',
    split: 'single',
  });
  let lastShown = '';
  const timer = setInterval(() => {
    const live = liveProgress(ctx.app, started.id);
    if (!live) return;
    const line = progressLine(live);
    if (line === lastShown) return;
    lastShown = line;
    ctx.io.err(ctx.io.errIsTty ? `\r${line}` : `${line}\n`);
  }, 500);
  let done: InvoiceBatchStatus;
  try {
    done = await waitForBatch(ctx.app, started.id);
  } finally {
    clearInterval(timer);
  }
  ctx.io.err(`${ctx.io.errIsTty ? '\r' : ''}${progressLine(done)}\n`);
  if (done.state !== 'done') throw new CliError(done.message);

  let written: string | null = null;
  if (done.files.length > 0) {
    const { path: source } = await batchFilePath(ctx.app, done.id, 0);
    written = path.resolve(out);
    fs.mkdirSync(path.dirname(written), { recursive: true });
    fs.copyFileSync(source, written);
  }
  const reasons = new Map<string, number>();
  for (const s of done.skippedInvoices) reasons.set(s.reasonText, (reasons.get(s.reasonText) ?? 0) + 1);
  const human = [
    `Periodo ${formatPeriod(done.period)}${done.cycle ? `, ciclo ${done.cycle}` : ''}${done.route ? `, ruta ${done.route}` : ''}: ${count(done.printed)} facturas impresas, ${count(done.skipped)} omitidas.`,
    ...[...reasons].map(([reason, n]) => `  Omitidas: ${count(n)} · ${reason}`),
    written ? `Archivo: ${written} (${count(done.files[0].pages)} páginas)` : 'No se generó ningún archivo: ninguna factura para imprimir.',
  ].join('\n');
  print(ctx, { batch: done, file: written }, human);
  if (!written) throw new CliError('Ninguna factura del periodo se puede imprimir (todas omitidas).');
}
