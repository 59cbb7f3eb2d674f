/**
 * Issue 18, item 5: the console's `export recaudo` of a day of 5,000 payments, killed with SIGKILL
 * at a random moment, EXCHANGE_CRASH_KILLS times (default 6). After each kill, in the output folder:
 * nothing under the file's real name unless its export is recorded (and then its bytes are the
 * recorded SHA-256), and nothing recorded half: an export is finished (hash, links, audit row, in the
 * log) or only reserved (its payments linked, no hash, no audit row, not in the log: the file is
 * written outside the reservation's transaction) or absent. The next run finishes a reservation,
 * removes the dead run's temporary file and leaves exactly one recorded export and its whole file.
 *
 *   EXCHANGE_CRASH_KILLS=20 npx vitest run tests/integration/exchange-crash.test.ts   (EXCHANGE_CRASH_SEED replays a run)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../electron/core/modules/demo/random';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { todayIn } from '../../shared/dates';
import { listExports } from '../../electron/core/modules/exchange/recaudo';
import { COMPANY, onPostgres } from '../helpers/backoffice';
import { DB, prepareExchangeDay } from '../bench/exchange-bench';
import { testSeed } from '../helpers/seed';
import { nodeArgsFor } from '../helpers/builtEntry';
import { runKillable, type KillableRun } from '../helpers/killable';

const KILLS = Number(process.env.EXCHANGE_CRASH_KILLS ?? 6);
const SEED = testSeed('EXCHANGE_CRASH_SEED', 'crash: exportación del recaudo');
const PAYMENTS = 5_000;
const REPO = path.resolve(__dirname, '../..');
const CLI = path.join(REPO, 'electron/core/cli/index.ts');
const FILE = 'recaudo.txt';
let program: string[] = [];
let dir = '';
let today = '';

function runExport(db: string, out: string, killAfterMs: number | null): Promise<KillableRun> {
  return runKillable([...program, 'export', 'recaudo', '--date', today, '--format', 'asobancaria', '--out', path.join(out, FILE), '--db', db], REPO, killAfterMs);
}

/** What a kill left: the recorded exports (with links and audit) and the folder's files. */
/** what the log (Administración › Intercambio) shows: the finished exports */
async function dispatchList(app: Awaited<ReturnType<typeof openBackOffice>>): Promise<number> {
  return (await listExports(app.db, null)).length;
}

async function afterRestart(db: string, out: string): Promise<{ exports: { sha256: string; records: number }[]; reserved: boolean; problems: string[]; files: string[] }> {
  const app = await openBackOffice({ dbFile: db });
  try {
    const problems: string[] = [];
    const integrity = await app.db.raw<{ integrity_check: string }[]>('PRAGMA integrity_check');
    if (integrity.map((r) => r.integrity_check).join() !== 'ok') problems.push('integrity_check');
    // a reservation (no hash yet) is allowed after a kill: it is not in the log, has no audit row, and the next run finishes it
    const rows: { id: number; sha256: string; records: number }[] = await app.db('exchange_exports').select('id', 'sha256', 'records');
    const exports = rows.filter((r) => r.sha256 !== '');
    const links = Number((await app.db('exchange_export_payments').count({ n: '*' }))[0].n);
    const audits = Number((await app.db('audit_log').where({ action: 'exchange.export' }).count({ n: '*' }))[0].n);
    if (rows.length > 1) problems.push(`${rows.length} exportaciones`);
    if (rows.length === 0 && (links !== 0 || audits !== 0)) problems.push(`sin exportación pero ${links} vínculos y ${audits} auditorías`);
    if (rows.length === 1 && (links !== PAYMENTS || Number(rows[0].records) !== PAYMENTS)) problems.push(`reserva a medias: ${links} vínculos, ${rows[0].records} registros`);
    if (audits !== exports.length) problems.push(`${audits} auditorías para ${exports.length} exportaciones terminadas`);
    const listed = await dispatchList(app);
    if (listed !== exports.length) problems.push(`el registro muestra ${listed} archivos, terminados ${exports.length}`);
    const files = fs.readdirSync(out);
    if (files.includes(FILE)) {
      const hash = crypto.createHash('sha256').update(fs.readFileSync(path.join(out, FILE))).digest('hex');
      if (exports.length !== 1 || hash !== exports[0].sha256) problems.push('un archivo con el nombre real que no es el registrado');
    }
    for (const f of files) if (f !== FILE && !/^\.recaudo\.txt\.\d+\.parcial$/.test(f)) problems.push(`archivo inesperado ${f}`);
    return { exports, reserved: rows.length === 1 && exports.length === 0, problems, files };
  } finally {
    await closeBackOffice(app);
  }
}

beforeAll(async () => {
  program = await nodeArgsFor(CLI);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-exchange-crash-'));
  await prepareExchangeDay(path.join(dir, 'base'), PAYMENTS);
  today = todayIn(COMPANY.timeZone);
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function copyOfBase(name: string): { db: string; out: string } {
  const db = path.join(dir, name, DB);
  const out = path.join(dir, name, 'entrega');
  fs.mkdirSync(out, { recursive: true });
  fs.copyFileSync(path.join(dir, 'base', DB), db);
  return { db, out };
}

// about the SQLite file and the folder after a kill; on PostgreSQL the all-or-nothing commit is the server's transaction
describe.skipIf(onPostgres)('an export killed with SIGKILL', () => {
  it(`leaves no half file under the real name and no export recorded half, ${KILLS} times; the next run completes it once`, async () => {
    const calibration = copyOfBase('calibracion');
    const full = await runExport(calibration.db, calibration.out, null);
    expect(full.code, full.stderr).toBe(0);
    expect((await afterRestart(calibration.db, calibration.out)).problems).toEqual([]);

    const random = new Random(SEED);
    let killed = 0;
    let killedBeforeRecorded = 0;
    let temporaryLeft = 0;
    let recordedBeforeRename = 0;
    let reservedUnfinished = 0;
    for (let i = 0; i < KILLS; i++) {
      const run = copyOfBase(`corrida-${i}`);
      const at = Math.round(full.ms * (0.1 + 0.6 * random.next()));
      const result = await runExport(run.db, run.out, at);
      const seen = await afterRestart(run.db, run.out);
      expect(seen.problems, `kill ${i} at ${at} ms (seed ${SEED})`).toEqual([]);
      if (result.killed) killed++;
      if (result.killed && seen.exports.length === 0) killedBeforeRecorded++;
      if (seen.files.some((f) => f.endsWith('.parcial'))) temporaryLeft++;
      if (seen.exports.length === 1 && !seen.files.includes(FILE)) recordedBeforeRename++;
      if (seen.reserved) reservedUnfinished++;
      // the next run: one recorded export, its whole file, no temporary left
      const again = await runExport(run.db, run.out, null);
      expect(again.code, again.stderr).toBe(0);
      const done = await afterRestart(run.db, run.out);
      expect(done.problems).toEqual([]);
      expect(done.exports).toHaveLength(1);
      expect(done.files).toEqual([FILE]);
    }
    console.log(`[crash: exportación del recaudo] ${KILLS} corridas, ${killed} muertas: ${killedBeforeRecorded} antes de registrar (${reservedUnfinished} con la reserva sin terminar, ${temporaryLeft} dejaron el temporal), ${recordedBeforeRename} registradas sin renombrar aún; una exportación completa tarda ${Math.round(full.ms)} ms`);
    // the kills did land (not every run ended before its kill)
    expect(killed).toBeGreaterThan(0);
  }, 600_000);
});
