/**
 * What every bench file shares: the table its rows print as, its numeric options (--name N), and
 * running it alone (`npx tsx tests/bench/<name>-bench.ts`) as well as from tests/bench/run.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './search-bench';

export function printTable(rows: BenchRow[]): void {
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`${'medida'.padEnd(width)} | valor`);
  console.log(`${'-'.repeat(width)}-|-${'-'.repeat(40)}`);
  for (const r of rows) console.log(`${r.name.padEnd(width)} | ${r.value}`);
}

/** the number after --name on the command line, or the fallback */
export function numberOption(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** true when the file of `moduleUrl` is the program being run */
export function isMain(moduleUrl: string): boolean {
  return Boolean(process.argv[1]) && fs.realpathSync(path.resolve(process.argv[1])) === fs.realpathSync(fileURLToPath(moduleUrl));
}

/** runs the bench and prints its table when its file is the program being run */
export function runWhenMain(moduleUrl: string, bench: () => Promise<BenchRow[]>): void {
  if (!isMain(moduleUrl)) return;
  bench()
    .then(printTable)
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
