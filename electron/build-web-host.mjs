#!/usr/bin/env node
/**
 * Builds the web door's server (`npm run web`) into plain JavaScript in out/host, as the desktop
 * app's main process is built by electron-vite into out/main (issue 20, item 5): started through tsx
 * the door compiled every source file of the back office at each start (≈ 2.4 s of CPU before the
 * login screen could be answered, measured on the 2-core machines).
 *
 * esbuild, ESM with code splitting: what the door loads later (`import()` of the handler table, the
 * schedulers, the handlers' services) lands in chunks of its own, so the start path reads only the
 * modules it runs. The packages stay outside the bundle and load from node_modules as in the
 * sources (sqlite3 is native; pdfkit reads its font metrics beside its own files). The invoice
 * batch's drawing worker is built beside the door as `invoice-batch-worker.js`, where
 * electron/core/modules/invoicing/batch.ts looks for it (as electron-vite does in out/main).
 *   node electron/build-web-host.mjs [--outdir out/host] [--metafile <file.json>]
 *   node electron/build-web-host.mjs --e2e [--outdir out/e2e-host]
 * --metafile writes esbuild's account of every output file and what it imports (tests/unit/start-path.test.ts).
 * --e2e builds, the same way, the end-to-end tests' door instead (tests/e2e/start-host.ts: a fresh
 * database each start) into out/e2e-host, which the Playwright config starts with node when it is
 * there (tests/e2e/door.ts); never packaged (electron-builder takes out/main, out/preload, out/renderer).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { outdir: { type: 'string' }, metafile: { type: 'string' }, e2e: { type: 'boolean', default: false } } });
const outdir = path.resolve(values.outdir ?? path.join(ROOT, values.e2e ? 'out/e2e-host' : 'out/host'));
const door = values.e2e ? { 'start-host': path.join(ROOT, 'tests/e2e/start-host.ts') } : { start: path.join(ROOT, 'electron/core/host/start.ts') };

fs.rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: {
    ...door,
    'invoice-batch-worker': path.join(ROOT, 'electron/core/modules/invoicing/batch-worker.ts'),
  },
  outdir,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
  metafile: values.metafile !== undefined,
});
if (values.metafile) fs.writeFileSync(values.metafile, JSON.stringify(result.metafile));
