/**
 * Issue 20, item 5: what the web door loads before it can show the login screen. The door is built
 * as `npm run web` builds it (electron/build-web-host.mjs, esbuild's account of every output file in
 * its metafile) and the files its start and its first answer load are followed through their static
 * imports only (an `import()` loads later, on first use):
 * - until it listens: the database drivers and the log, not the handler table, zod, the papers'
 *   packages nor PostgreSQL's driver on a SQLite start;
 * - the handler table (the first answer, the login's `setup.status`): zod and the sources, but no
 *   package that only a paper, a calendar year, an e-mail, an Office file, a Windows-1252 file or a
 *   PostgreSQL import needs (together ~1 s of CPU on these machines, measured in tests/bench/README.md).
 * The built door itself, run by the pdf-preview end-to-end story, shows that they still load when used.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Metafile {
  outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[]; entryPoint?: string }>;
}

const ON_FIRST_USE = ['pdfkit', 'pdf-lib', 'bwip-js/node', 'date-holidays', 'nodemailer', 'fflate', 'iconv-lite', 'pg-copy-streams', 'pg'];

let dir: string;
let meta: Metafile;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-start-path-'));
  const metafile = path.join(dir, 'meta.json');
  execFileSync(process.execPath, ['electron/build-web-host.mjs', '--outdir', path.join(dir, 'host'), '--metafile', metafile]);
  meta = JSON.parse(fs.readFileSync(metafile, 'utf8')) as Metafile;
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** the packages and output files loaded with `output`, following static imports only */
function loadedWith(output: string): { packages: Set<string>; files: Set<string> } {
  const packages = new Set<string>();
  const files = new Set<string>();
  const queue = [output];
  while (queue.length) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const i of meta.outputs[file].imports) {
      if (i.kind !== 'import-statement') continue;
      if (i.external) {
        if (!i.path.startsWith('node:')) packages.add(i.path);
      } else queue.push(i.path);
    }
  }
  return { packages, files };
}

function outputOf(entry: string): string {
  const found = Object.entries(meta.outputs).find(([, o]) => o.entryPoint === entry);
  if (!found) throw new Error(`sin salida para ${entry}`);
  return found[0];
}

/** the handler table's own file: the start's only `import()` of electron/core/dispatch.ts */
function dispatchOutput(): string {
  const candidates = Object.keys(meta.outputs).filter((f) => /\/dispatch-[A-Z0-9]+\.js$/.test(f));
  expect(candidates).toHaveLength(1);
  return candidates[0];
}

describe('the web door start path (built as npm run web builds it)', () => {
  it('listens having loaded only the log, knex and the SQLite driver', () => {
    const start = loadedWith(outputOf('electron/core/host/start.ts'));
    expect([...start.packages].sort()).toEqual(['electron-log/node', 'knex', 'sqlite3']);
    expect(start.files.has(dispatchOutput())).toBe(false);
  });

  it('answers its first call with the handler table, zod and the sources, and none of the packages loaded on first use', () => {
    const table = loadedWith(dispatchOutput());
    expect([...table.packages].sort()).toEqual(['knex', 'sqlite3', 'zod']);
    for (const name of ON_FIRST_USE) expect(table.packages.has(name), name).toBe(false);
  });

  it('keeps the invoice batch worker beside the door, where the batch looks for it', () => {
    expect(outputOf('electron/core/modules/invoicing/batch-worker.ts')).toMatch(/\/host\/invoice-batch-worker\.js$/);
  });
});
