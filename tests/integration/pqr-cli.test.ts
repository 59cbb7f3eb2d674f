/** `pqr due-date` from the admin console, against a real database, and two processes filing at once. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInitializedBackOffice, loginAs } from '../helpers/backoffice';
import { REPO_ROOT, runCliHere } from '../helpers/cli';

let t: Awaited<ReturnType<typeof createInitializedBackOffice>>;

beforeAll(async () => {
  t = await createInitializedBackOffice();
});
afterAll(() => t.close());

const cli = (...args: string[]) => runCliHere(args, t.target);

describe('pqr due-date', () => {
  it('prints the due date counted on the office calendar', async () => {
    // filed Friday 9 Jan 2026, Monday 12 a holiday: day 1 Tue 13, day 15 Mon 2 Feb (see tests/unit/pqr-deadlines.test.ts)
    const r = await cli('pqr', 'due-date', '--type', 'reclamo', '--filed', '2026-01-09', '--office', 'gar');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('2026-02-02');
    expect(r.stdout).toContain('15 días hábiles');
    const json = await cli('pqr', 'due-date', '--type', 'consulta', '--filed', '2027-03-24', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ dueDate: '2027-05-07', termBusinessDays: 30, office: 'GAR' });
  });

  it('refuses a wrong type, date or office in Spanish', async () => {
    expect(await cli('pqr', 'due-date', '--type', 'queja-verbal', '--filed', '2026-01-09')).toMatchObject({ code: 2, stderr: expect.stringContaining('Tipo desconocido') });
    expect(await cli('pqr', 'due-date', '--type', 'reclamo', '--filed', '2026-02-30')).toMatchObject({ code: 2, stderr: expect.stringContaining('Fecha inválida') });
    expect(await cli('pqr', 'due-date', '--type', 'reclamo', '--filed', '2026-01-09', '--office', 'XXX')).toMatchObject({ code: 1, stderr: expect.stringContaining('No existe la oficina «XXX»') });
    expect(await cli('pqr', 'due-date', '--filed', '2026-01-09')).toMatchObject({ code: 2, stderr: expect.stringContaining('Falta la opción --type') });
  });
});

/** one worker process: logs in and files `count` PQRs, prints their radicados as JSON */
function fileInProcess(username: string, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'tests/helpers/pqr-worker.ts'), '--db', t.target, '--user', username, '--password', 'clave-de-prueba', '--count', String(count)],
      { cwd: REPO_ROOT, env: { ...process.env, VENTANILLA_DATA_DIR: t.dir } },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]'))),
    );
  });
}

describe('two processes filing at once', () => {
  it('get different consecutive numbers', async () => {
    await loginAs(t, 'auxiliar', 'proc1');
    await loginAs(t, 'auxiliar', 'proc2');
    const [first, second] = await Promise.all([fileInProcess('proc1', 15), fileInProcess('proc2', 15)]);
    const all = [...first, ...second].sort();
    expect(new Set(all).size).toBe(30);
    const sequences = all.map((n) => Number(n.slice(-6)));
    expect(sequences).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  }, 60_000);
});
