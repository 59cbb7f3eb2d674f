/**
 * A TypeScript program the tests start again and again (the admin CLI, the payment batch worker),
 * built once into one JavaScript file. Started through tsx every child compiled and loaded
 * the sources again: measured on the 2-core machine, 3.7 s of CPU per start against 1.9 s for the
 * built file, over the ~120 children a crash suite starts and the CLI tests' dozens. The packages
 * stay outside the bundle (they load from node_modules as in the app); only the sources are bundled.
 * The invoice batch's drawing worker is built beside it as `invoice-batch-worker.js`, where the
 * packaged app has it (electron/core/modules/invoicing/batch.ts looks for it there).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BATCH_WORKER = path.resolve(HERE, '../../electron/core/modules/invoicing/batch-worker.ts');

const built = new Map<string, Promise<string>>();

/** The `node` arguments that run `entry` (a .ts file): its built file, made on the first call. */
export async function nodeArgsFor(entry: string): Promise<string[]> {
  let file = built.get(entry);
  if (!file) {
    file = (async () => {
      // beside the repo's node_modules so the bundle finds the packages the way the sources do
      const cache = path.resolve(HERE, '../../node_modules/.cache');
      fs.mkdirSync(cache, { recursive: true });
      const dir = fs.mkdtempSync(path.join(cache, 'ventanilla-child-'));
      const outfile = path.join(dir, `${path.basename(entry, '.ts')}.mjs`);
      const common = { bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' } as const;
      await build({ ...common, entryPoints: [entry], outfile });
      await build({ ...common, entryPoints: [BATCH_WORKER], outfile: path.join(dir, 'invoice-batch-worker.js') });
      process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
      return outfile;
    })();
    built.set(entry, file);
  }
  return [await file];
}

