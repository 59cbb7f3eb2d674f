/**
 * Printing through the back office into a real CUPS queue (the cups-pdf printer of
 * .ci/cups-setup.sh): p50 / p99 of `printing.print` for a one-page receipt through the dispatcher
 * (store the PDF, ask lpstat for the list and state, hand it to lp, log the job), and the time until
 * cups-pdf has written the last of them. Without lpstat or the queue it says so and prints nothing.
 *   npx tsx tests/bench/printing-bench.ts [--jobs 40]
 * From tests/bench/run.ts: rows.push(...(await runPrintingBench({ jobs: 40 })))
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { dispatch } from '../../electron/core/dispatch';
import { BOLD, FONT, MM, newDocument, toBuffer } from '../../electron/core/documents/layout';
import type { HandlerName, Input } from '../../shared/contract';
import { ADMIN, COMPANY, OFFICE } from '../helpers/backoffice';
import type { BenchRow } from './search-bench';
import { numberOption, runWhenMain } from './standalone';

const PRINTER = process.env.VENTANILLA_CUPS_PRINTER ?? 'VentanillaPDF';
const OUT_DIR = process.env.VENTANILLA_CUPS_PDF_DIR ?? '/var/spool/cups-pdf/ventanilla';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** the queue's names, or null when CUPS is not there */
function queues(): string[] | null {
  try {
    return execFileSync('lpstat', ['-e'], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } }).split('\n');
  } catch {
    return null;
  }
}

async function receiptPdf(n: number): Promise<string> {
  const doc = newDocument({ size: [80 * MM, 140 * MM], margin: 4 * MM, title: `Recibo ${n}` });
  doc.font(BOLD).fontSize(10).text(`Recibo de caja 0001-${String(n).padStart(6, '0')}`);
  doc.font(FONT).fontSize(8).text('Cuenta 100234 · GÓMEZ PARDO ANA LUCÍA\nFactura 202609000002 $ 74.300\nEfectivo $ 80.000 · Cambio $ 5.700');
  return (await toBuffer(doc)).toString('base64');
}

export async function runPrintingBench(options: { jobs: number }): Promise<BenchRow[]> {
  const names = queues();
  if (!names?.includes(PRINTER)) return [{ name: 'Impresión: CUPS', value: `omitida (sin lpstat o sin la cola ${PRINTER}: .ci/cups-setup.sh)` }];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-printing-bench-'));
  const app = await openBackOffice({ dbFile: path.join(dir, 'bench.sqlite') });
  try {
    const call = async <N extends HandlerName>(name: N, args: Input<N>, token: string | null = null) => {
      const r = await dispatch(app, name, args, { door: 'test', token });
      if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
      return r.data;
    };
    await call('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN });
    const admin = (await call('auth.login', { username: ADMIN.username, password: ADMIN.password })).token;
    await call('printing.saveSetting', { kind: 'receipt', printerName: PRINTER, paper: 'roll80', copies: 1 }, admin);
    const documents = await Promise.all(Array.from({ length: options.jobs }, (_, i) => receiptPdf(i + 1)));
    const times: number[] = [];
    const ids: string[] = [];
    const start = performance.now();
    for (const [i, base64] of documents.entries()) {
      const t0 = performance.now();
      const result = await call('printing.print', { kind: 'receipt', title: `Recibo ${i + 1}`, document: { fileName: `recibo-${i + 1}.pdf`, mimeType: 'application/pdf', base64 } }, admin);
      times.push(performance.now() - t0);
      if (result.job?.state !== 'enviado') throw new Error(`no se imprimió: ${result.job?.error}`);
      ids.push(result.job.systemJobId);
    }
    // until cups-pdf wrote the last one
    const last = ids.at(-1)!.split('-').at(-1);
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && !fs.readdirSync(OUT_DIR).some((f) => f.startsWith(`job_${last}-`))) await new Promise((r) => setTimeout(r, 50));
    const all = (performance.now() - start) / 1000;
    times.sort((a, b) => a - b);
    return [
      { name: `Impresión: printing.print (recibo de 1 página, ${options.jobs} trabajos)`, value: `p50 ${percentile(times, 50).toFixed(0)} ms · p99 ${percentile(times, 99).toFixed(0)} ms` },
      { name: 'Impresión: hasta que cups-pdf escribió el último', value: `${all.toFixed(1)} s (${(options.jobs / all).toFixed(1)} trabajos/s)` },
    ];
  } finally {
    await closeBackOffice(app);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runWhenMain(import.meta.url, () => runPrintingBench({ jobs: numberOption('jobs', 40) }));
