/**
 * The one data table (renderer/src/app/DataTable.tsx, mantine-datatable) at 10,000 records in
 * Chromium: first render, a sort by a text column and by a number, and the next page; paged at 50
 * rows (what the screens use) and with every row in the page at once (what a plain table does).
 *   npx tsx tests/bench/datatable-bench.ts [--rows 10000]
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium';
import type { BenchRow } from './search-bench';
import { numberOption, runWhenMain } from './standalone';

interface Figures {
  renderMs: number;
  domRows: number;
  sortMs: number;
  sortOnlyMs: number;
  sortAgainMs: number;
  pageMs: number | null;
  error?: string;
}

export async function runDataTableBench({ rows = 10_000 }: { rows?: number } = {}): Promise<BenchRow[]> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-datatable-'));
  await build({
    root: path.resolve(import.meta.dirname, 'datatable'),
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir: out, emptyOutDir: true, chunkSizeWarningLimit: 5000 },
  });
  const server = http.createServer((req, res) => {
    const file = path.join(out, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const target = fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.join(out, 'index.html');
    res.setHeader('content-type', target.endsWith('.js') ? 'text/javascript' : target.endsWith('.css') ? 'text/css' : 'text/html');
    fs.createReadStream(target).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const result: BenchRow[] = [];
  try {
    for (const [name, pageSize] of [
      ['paginada, 50 filas por página', 50],
      ['todas las filas en la página', rows],
    ] as const) {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      await page.goto(`http://127.0.0.1:${port}/?rows=${rows}&pageSize=${pageSize}`);
      await page.waitForFunction(() => (globalThis as unknown as { bench: { ready: boolean } }).bench.ready, undefined, { timeout: 180_000 });
      const f = (await page.evaluate(() => (globalThis as unknown as { bench: Figures }).bench)) as Figures;
      if (f.error) throw new Error(f.error);
      const ms = (v: number | null) => (v === null ? '—' : `${Math.round(v).toLocaleString('es-CO')} ms`);
      result.push({
        name: `Tabla de datos, ${rows.toLocaleString('es-CO')} registros, ${name}`,
        value: `${f.domRows.toLocaleString('es-CO')} filas en el DOM · primera vista ${ms(f.renderMs)} · ordenar por texto ${ms(f.sortMs)} (de ellos, el orden mismo ${ms(f.sortOnlyMs)}) · por número ${ms(f.sortAgainMs)} · página siguiente ${ms(f.pageMs)}`,
      });
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(out, { recursive: true, force: true });
  }
  return result;
}

runWhenMain(import.meta.url, async () => runDataTableBench({ rows: numberOption('rows', 10_000) }));
