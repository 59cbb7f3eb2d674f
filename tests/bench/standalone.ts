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

/** the text after --name on the command line, or undefined when the option is not given */
export function stringOption(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`--${name}: falta el valor`);
  return value;
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

/**
 * Bundles a bench's measuring child with esbuild as the built app is bundled (packages external,
 * resolved from the repository's node_modules through a link), so that the memory it measures is
 * the app's and not tsx's compiler's (~65 MB of RSS). `entries`: source file → bundle file name in
 * `<dir>/bundle`. Returns the bundle folder.
 */
export async function bundleForChild(dir: string, entries: { source: string; outfile: string }[]): Promise<string> {
  const { build } = await import('esbuild');
  const outDir = path.join(dir, 'bundle');
  const common = { bundle: true, platform: 'node' as const, format: 'esm' as const, packages: 'external' as const, logLevel: 'silent' as const };
  for (const e of entries) await build({ ...common, entryPoints: [e.source], outfile: path.join(outDir, e.outfile) });
  fs.symlinkSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules'), path.join(outDir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(outDir, 'package.json'), '{ "type": "module" }');
  return outDir;
}
