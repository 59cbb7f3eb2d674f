/**
 * Several counters on one database: 4 processes at once take consecutive numbers in transactions
 * that also update one shared balance and write an audit row (what payments will do). Afterwards the
 * numbers are unique with no gaps, there is one audit row per operation, the balance lost no update
 * and the audit chain verifies. Runs on the suite's engine (SQLite file, or PostgreSQL with
 * VENTANILLA_TEST_PG_URL). VENTANILLA_CONCURRENCY_MS sets how long each process works (default 5 s).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../electron/core/db/audit';
import { insertAccount } from '../helpers/accounts';
import { createTestBackOffice, onPostgres, type TestBackOffice } from '../helpers/backoffice';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WORKER = path.join(ROOT, 'tests/helpers/concurrency-worker.ts');
const PROCESSES = 4;
const DURATION_MS = Number(process.env.VENTANILLA_CONCURRENCY_MS ?? 5000);

interface WorkerResult {
  numbers: number[];
  retries: number;
}

function runWorker(target: string, accountId: number, name: string): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', WORKER, '--db', target, '--account', String(accountId), '--ms', String(DURATION_MS), '--name', name],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`${name}: ${stderr || error.message}`)) : resolve(JSON.parse(stdout) as WorkerResult)),
    );
  });
}

let t: TestBackOffice;
beforeAll(async () => {
  t = await createTestBackOffice();
});
afterAll(() => t.close());

describe(`${PROCESSES} processes writing at once (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  it('hand out unique consecutive numbers, lose no balance update and keep the audit chain whole', async () => {
    const accountId = await insertAccount(t.app.db, { number: '900001', holderName: 'CUENTA COMPARTIDA' });
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: PROCESSES }, (_, i) => runWorker(t.target, accountId, `caja${i + 1}`)));
    const seconds = (Date.now() - started) / 1000;

    const numbers = results.flatMap((r) => r.numbers).sort((a, b) => a - b);
    const operations = numbers.length;
    expect(results.every((r) => r.numbers.length > 0)).toBe(true);
    expect(numbers).toEqual(Array.from({ length: operations }, (_, i) => i + 1));
    // each process saw its own numbers in increasing order
    for (const r of results) expect(r.numbers).toEqual([...r.numbers].sort((a, b) => a - b));

    const account: { credit_balance: number } = await t.app.db('accounts').where({ id: accountId }).first('credit_balance');
    expect(Number(account.credit_balance)).toBe(operations);
    const audited = await t.app.db('audit_log').where({ action: 'prueba.recibo' }).count({ n: '*' });
    expect(Number(audited[0].n)).toBe(operations);
    expect(await verifyAuditChain(t.app.db)).toMatchObject({ ok: true });

    const retries = results.reduce((sum, r) => sum + r.retries, 0);
    console.log(
      `[concurrencia ${onPostgres ? 'PostgreSQL' : 'SQLite'}] ${PROCESSES} procesos, ${operations} operaciones en ${seconds.toFixed(1)} s ` +
        `(${Math.round(operations / (DURATION_MS / 1000))} op/s), ${retries} reintentos`,
    );
  }, DURATION_MS + 60_000);
});
