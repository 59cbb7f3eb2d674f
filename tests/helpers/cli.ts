/** The admin CLI as an administrator types it: a child process of `electron/core/cli/index.ts`. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeArgsFor } from './builtEntry';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI_ENTRY = path.join(REPO_ROOT, 'electron/core/cli/index.ts');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run cli -- …args` (its built file: tests/helpers/builtEntry.ts) with the app's default data folder set to `dataDir`. */
export async function runCli(args: string[], dataDir: string): Promise<CliRun> {
  const program = await nodeArgsFor(CLI_ENTRY);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...program, ...args],
      { cwd: REPO_ROOT, env: { ...process.env, VENTANILLA_DATA_DIR: dataDir } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * The same commands run inside the test process (faster than a child process), on the database
 * `target` (a SQLite file or a PostgreSQL URL), with what they print collected.
 */
export async function runCliHere(args: string[], target: string): Promise<CliRun> {
  const { runCli: run } = await import('../../electron/core/cli/run');
  let stdout = '';
  let stderr = '';
  const code = await run([...args, '--db', target], { out: (s) => (stdout += `${s}\n`), err: (s) => (stderr += s), errIsTty: false });
  return { code, stdout, stderr };
}
