/** `npm run cli -- import-bank <archivo>`: the real command line in a child process, on a demo database. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBackOffice, databaseFromEnvironment, openBackOffice } from '../../electron/core/backoffice';
import { createPgTestDatabase, onPostgres, tempDir } from '../helpers/backoffice';
import { runCli, type CliRun } from '../helpers/cli';
import { REAL_FIXTURES_DIR, readRealFixture, splitLines, joinLines } from '../fixtures/asobancaria/build';

let dir = '';
let dbFile = '';
let dropDatabase: (() => Promise<void>) | null = null;
beforeAll(async () => {
  dir = tempDir('ventanilla-cli-bank-');
  dbFile = path.join(dir, 'ventanilla.sqlite');
  if (onPostgres) ({ url: dbFile, drop: dropDatabase } = await createPgTestDatabase());
  const seeded = await cli('seed-demo', '--accounts', '30', '--db', dbFile);
  expect(seeded.code).toBe(0);
}, 60_000);
afterAll(async () => {
  await dropDatabase?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

const cli = (...args: string[]): Promise<CliRun> => runCli(args, path.join(dir, 'default'));

async function rows(table: string): Promise<number> {
  const app = await openBackOffice(databaseFromEnvironment(dbFile, () => dbFile));
  try {
    return Number((await app.db(table).count<{ n: number }[]>({ n: '*' }))[0].n);
  } finally {
    await closeBackOffice(app);
  }
}

describe('npm run cli -- import-bank', () => {
  const file = path.join(REAL_FIXTURES_DIR, '11JULIO.TXT');

  it('--dry-run prints the summary in Spanish and writes nothing; then the import, then the same file refused', async () => {
    const dry = await cli('import-bank', file, '--dry-run', '--db', dbFile);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Archivo: 11JULIO.TXT — Banco Agrario (040)');
    expect(dry.stdout).toContain('Lotes: 1 · Pagos: 17 · Total: $ 300.000');
    expect(dry.stdout).toContain('Por identificar: 17 ($ 300.000)');
    expect(dry.stdout).toContain('Prueba sin guardar (--dry-run)');
    expect(await rows('bank_files')).toBe(0);

    const done = await cli('import-bank', file, '--db', dbFile, '--json');
    expect(done.code).toBe(0);
    const result = JSON.parse(done.stdout) as { imported: boolean; bankFileId: number; summary: { unidentifiedCount: number } };
    expect(result).toMatchObject({ imported: true, summary: { unidentifiedCount: 17 } });
    expect(await rows('unidentified_payments')).toBe(17);

    const again = await cli('import-bank', file, '--db', dbFile);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^Error: Este archivo ya fue importado el .* por la consola de administración/);
    expect(await rows('unidentified_payments')).toBe(17);
  }, 60_000);

  it('a broken file: exit 1 with the line and the reason, nothing written', async () => {
    const lines = splitLines(readRealFixture('26AGOSTO.TXT'));
    lines.splice(4, 1);
    const broken = path.join(dir, 'roto.txt');
    fs.writeFileSync(broken, joinLines(lines), 'latin1');
    const before = await rows('bank_files');
    const run = await cli('import-bank', broken, '--db', dbFile);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('Error: Línea 24: el control del lote 0001 dice 22 registros y el lote tiene 21. No se importó nada.\n');
    expect(await rows('bank_files')).toBe(before);
    const missing = await cli('import-bank', '--db', dbFile);
    expect(missing.code).toBe(2);
  }, 60_000);
});
