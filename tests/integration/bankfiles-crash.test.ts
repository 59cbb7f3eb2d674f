/**
 * Crash safety of a bank file: the admin CLI imports a file of 5,000 payments and is killed with
 * SIGKILL at a random moment, BANK_CRASH_KILLS times (default 50). After each kill the database is
 * opened again the way the application would; it must pass `PRAGMA integrity_check` and hold
 * either nothing of the file or all of it (its bank_files row, every payment with its tender and
 * allocations, the queue rows, the audit row, the balances down by exactly the payments), never a
 * part. Then importing the same file again completes it exactly once, and a third time is refused.
 *
 *   BANK_CRASH_KILLS=20 npx vitest run tests/integration/bankfiles-crash.test.ts   (BANK_CRASH_SEED replays a run)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../electron/core/modules/demo/random';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { dispatch } from '../../electron/core/dispatch';
import { ADMIN, COMPANY, OFFICE, onPostgres } from '../helpers/backoffice';
import { seedDebts, writeBankFile } from '../bench/bankfile-bench';
import { testSeed } from '../helpers/seed';
import { nodeArgsFor } from '../helpers/builtEntry';
import { runKillable, type KillableRun } from '../helpers/killable';

const KILLS = Number(process.env.BANK_CRASH_KILLS ?? 50);
const SEED = testSeed('BANK_CRASH_SEED', 'crash: archivo del banco');
const ACCOUNTS = 5_000;
const RECORDS = 5_000;
/** 80 % by invoice reference, 10 % by account number: see bankfile-bench.ts */
const MATCHED = RECORDS * 0.9;

const REPO = path.resolve(__dirname, '../..');
const CLI = path.join(REPO, 'electron/core/cli/index.ts');
/** how node runs it: its built file (tests/helpers/builtEntry.ts) */
let program: string[] = [];

let dir = '';
let baseDb = '';
let bankFile = '';
let initialDebt = 0;

function runImport(db: string, killAfterMs: number | null): Promise<KillableRun> {
  return runKillable([...program, 'import-bank', bankFile, '--db', db], REPO, killAfterMs);
}

/** Opens the database after a crash; 'none' or 'all' of the file, with the problems found. */
async function checkAfterRestart(db: string): Promise<{ state: 'none' | 'all' | 'part'; problems: string[] }> {
  const app = await openBackOffice({ dbFile: db });
  try {
    const problems: string[] = [];
    const integrity = await app.db.raw<{ integrity_check: string }[]>('PRAGMA integrity_check');
    if (integrity.map((r) => r.integrity_check).join() !== 'ok') problems.push(`integrity_check: ${JSON.stringify(integrity).slice(0, 300)}`);
    const n = async (sql: string) => Number((await app.db.raw<{ n: number }[]>(sql))[0].n ?? 0);
    const files = await n('SELECT COUNT(*) AS n FROM bank_files');
    const payments = await n('SELECT COUNT(*) AS n FROM payments');
    const tenders = await n('SELECT COUNT(*) AS n FROM payment_tenders');
    const allocated = await n('SELECT COALESCE(SUM(amount), 0) AS n FROM payment_allocations');
    const queued = await n('SELECT COUNT(*) AS n FROM unidentified_payments');
    const audits = await n(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'bankFile.import'`);
    const debt = await n('SELECT SUM(balance) AS n FROM invoices');
    const credit = await n('SELECT SUM(credit_balance) AS n FROM accounts');
    const paid = await n('SELECT COALESCE(SUM(amount), 0) AS n FROM payments');
    const none = files === 0 && payments === 0 && tenders === 0 && queued === 0 && audits === 0 && debt === initialDebt && credit === 0;
    const all =
      files === 1 && payments === MATCHED && tenders === MATCHED && queued === RECORDS - MATCHED && audits === 1 && initialDebt - debt === allocated && allocated + credit === paid;
    if (!none && !all) problems.push(`a medias: ${files} archivos, ${payments} pagos, ${tenders} medios, ${queued} por identificar, ${audits} auditorías, deuda ${debt} de ${initialDebt}`);
    return { state: none ? 'none' : all ? 'all' : 'part', problems };
  } finally {
    await closeBackOffice(app);
  }
}

beforeAll(async () => {
  program = await nodeArgsFor(CLI);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-bank-crash-'));
  baseDb = path.join(dir, 'base', 'ventanilla.sqlite');
  bankFile = path.join(dir, 'RECAUDO.TXT');
  const app = await openBackOffice({ dbFile: baseDb });
  try {
    const setup = await dispatch(app, 'setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN }, { door: 'test' });
    if (!setup.ok) throw new Error(setup.error.message);
    await seedDebts(app.db, ACCOUNTS);
    initialDebt = Number((await app.db('invoices').sum({ n: 'balance' }))[0].n);
    await app.db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    await closeBackOffice(app);
  }
  await writeBankFile(bankFile, RECORDS, ACCOUNTS);
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function copyOfBase(name: string): string {
  const target = path.join(dir, name, 'ventanilla.sqlite');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(baseDb, target);
  return target;
}

// about the SQLite file after a kill; on PostgreSQL the all-or-nothing commit is the server's transaction
describe.skipIf(onPostgres)('a bank file import killed with SIGKILL', () => {
  it(`leaves the database whole and the file all or nothing, ${KILLS} times; importing again completes it once`, async () => {
    const calibration = copyOfBase('calibracion');
    const full = await runImport(calibration, null);
    expect(full.code, full.stderr).toBe(0);
    expect((await checkAfterRestart(calibration)).state).toBe('all');

    const generator = new Random(SEED); // the same seed gives the same kill moments
    const next = () => generator.next();
    const problems: string[] = [];
    const tally = { none: 0, all: 0, finished: 0 };
    let killedBefore: string | null = null;
    for (let k = 0; k < KILLS; k++) {
      const db = copyOfBase(`muerte-${k}`);
      // half anywhere, half in the last third, where the transaction runs and commits
      const delay = Math.round(full.ms * (k % 2 === 0 ? next() * 1.1 : 0.65 + next() * 0.4));
      const run = await runImport(db, delay);
      const after = await checkAfterRestart(db);
      problems.push(...after.problems.map((p) => `muerte ${k} a los ${delay} ms: ${p}`));
      if (!run.killed) tally.finished++;
      else if (after.state === 'none') tally.none++;
      else tally.all++;
      if (run.killed && after.state === 'none' && killedBefore === null) killedBefore = db;
      else fs.rmSync(path.dirname(db), { recursive: true, force: true });
    }
    console.log(`[crash] archivo del banco, semilla ${SEED}: ${KILLS} muertes (importación completa ${Math.round(full.ms)} ms) — ${tally.none} sin nada, ${tally.all} completas, ${tally.finished} terminaron antes`);
    expect(problems).toEqual([]);

    const again = killedBefore ?? copyOfBase('sin-muertes-antes');
    const second = await runImport(again, null);
    expect(second.code, second.stderr).toBe(0);
    expect(await checkAfterRestart(again)).toEqual({ state: 'all', problems: [] });
    const third = await runImport(again, null);
    expect(third.code).toBe(1);
    expect(third.stderr).toContain('Este archivo ya fue importado');
    expect((await checkAfterRestart(again)).state).toBe('all');
  }, 600_000);
});
