/**
 * The invoice batch's selection at size (issue 20 item 4): how long the first pages of a period's
 * selection take (invoicing/queries.ts forEachSelectedPage), on a database kept by
 * `counter-scale-bench.ts --keep` (1,000,000 accounts, 6,000,000 invoices). Read-only.
 *
 *   npx tsx tests/bench/invoice-selection-bench.ts --db /work/large/large.sqlite [--pages 20]
 *   npx tsx tests/bench/invoice-selection-bench.ts --db postgres://postgres@127.0.0.1:55432/ventanilla_large [--pages 20]
 */
import os from 'node:os';
import { isPostgresUrl, openDatabaseReadOnly } from '../../electron/core/db/connection';
import { forEachSelectedPage, SELECTION_PAGE } from '../../electron/core/modules/invoicing/queries';
import type { BenchRow } from './search-bench';
import { numberOption, runWhenMain, stringOption } from './standalone';

class Enough extends Error {}

async function main(): Promise<BenchRow[]> {
  const target = stringOption('db') ?? '';
  if (!target) throw new Error('--db: un archivo SQLite o una URL de PostgreSQL guardados con counter-scale-bench --keep');
  const pages = numberOption('pages', 20);
  const db = openDatabaseReadOnly(isPostgresUrl(target) ? { url: target } : { filename: target });
  try {
    const period: string = (await db('invoices').max<{ p: string }[]>({ p: 'period' }))[0].p;
    const times: number[] = [];
    let invoices = 0;
    const load = os.loadavg()[0];
    let start = performance.now();
    try {
      await forEachSelectedPage(db, { period }, (page) => {
        const now = performance.now();
        times.push(now - start);
        invoices += page.length;
        if (times.length >= pages) throw new Enough();
        start = performance.now();
      });
    } catch (error) {
      if (!(error instanceof Enough)) throw error;
    }
    const sorted = [...times].sort((a, b) => a - b);
    return [
      { name: 'selección de facturas: base', value: `${target.replace(/\/\/[^@]*@/, '//')} , periodo ${period}` },
      {
        name: `selección de facturas: ${times.length} páginas de ${SELECTION_PAGE} cuentas`,
        value: `${invoices} facturas; por página mediana ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms, máx. ${sorted[sorted.length - 1].toFixed(1)} ms, primera ${times[0].toFixed(1)} ms, última ${times[times.length - 1].toFixed(1)} ms (carga ${load.toFixed(1)} → ${os.loadavg()[0].toFixed(1)})`,
      },
    ];
  } finally {
    await db.destroy();
  }
}

runWhenMain(import.meta.url, main);
