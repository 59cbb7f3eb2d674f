/**
 * SUI Formato A at size: a month with 20,000 reported PQRs (two thirds answered, with their radicado
 * de salida; a third of those notified) on top of PQRs of other months, exported through the
 * `pqrReports.suiFormatoA` handler (query, codes, CSV, base64). Target: under 3 s.
 *   npx tsx tests/bench/sui-bench.ts [--rows 20000] [--background 200000]
 * From tests/bench/run.ts: rows.push(...(await runSuiBenchOnOwnDatabase(20_000, 200_000)))
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackOffice } from '../../electron/core/context';
import { dispatch } from '../../electron/core/dispatch';
import type { HandlerName, Input } from '../../shared/contract';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { ADMIN, COMPANY, OFFICE } from '../helpers/backoffice';
import { insertPqrs } from './pqr-bench';
import type { BenchRow } from './search-bench';
import { numberOption, runWhenMain } from './standalone';

const MONTH = '2026-09';
const REPORTED = ['reclamo', 'queja', 'reclamo', 'solicitud_informacion', 'recurso_reposicion', 'denuncia'];
const DECISIONS = ['accede', 'accede_parcialmente', 'no_accede', 'confirma'];

function pick(list: string[], expr: string): string {
  return `CASE (${expr}) % ${list.length} ${list.map((w, i) => `WHEN ${i} THEN '${w}'`).join(' ')} END`;
}

/** `count` reported PQRs filed in September 2026, set-based (SQLite): two thirds answered, a third of those notified */
export async function insertMonth(app: BackOffice, count: number, officeId: number, userId: number): Promise<void> {
  const db = app.db;
  const seq = `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${Number(count)})`;
  const base = Number((await db('radicados').max<{ m: number | null }[]>({ m: 'id' }))[0].m ?? 0);
  const pqrBase = Number((await db('pqrs').max<{ m: number | null }[]>({ m: 'id' }))[0].m ?? 0);
  const causal = Number((await db('sui_causales').where({ code: '120' }).first('id')).id);
  const day = `date('${MONTH}-01', '+' || (n % 30) || ' days')`;
  await db.transaction(async (trx) => {
    // entrada radicados, then salida radicados for the answered ones (n % 3 <> 0)
    await trx.raw(`${seq}
      INSERT INTO radicados (id, number, year, office_id, kind, sequence, filed_at, business_date, filed_by, status)
      SELECT ${base} + n, '2026-GAR-P-' || printf('%06d', n), 2026, ${officeId}, 'pqr', n, ${day} || 'T15:00:00.000Z', ${day}, ${userId}, 'vigente' FROM seq`);
    await trx.raw(`${seq}
      INSERT INTO radicados (id, number, year, office_id, kind, sequence, filed_at, business_date, filed_by, status)
      SELECT ${base + count} + n, '2026-GAR-S-' || printf('%06d', n), 2026, ${officeId}, 'salida', n, ${day} || 'T16:00:00.000Z', ${day}, ${userId}, 'vigente' FROM seq WHERE n % 3 <> 0`);
    await trx.raw(`${seq}
      INSERT INTO pqrs (id, radicado_id, office_id, type, channel, causal_id, petitioner_name, petitioner_id_number, subject, body, pages, annexes,
        state, filed_by, filed_date, term_business_days, original_due_date, due_date, search_text, created_at, updated_at, notified_date, notification_type)
      SELECT ${pqrBase} + n, ${base} + n, ${officeId}, ${pick(REPORTED, 'n')}, 'ventanilla', ${causal}, 'PETICIONARIO ' || n, '1' || printf('%08d', n), 'Asunto ' || n, 'Texto', 1, 0,
        CASE WHEN n % 3 = 0 THEN 'radicada' ELSE 'respondida' END, ${userId}, ${day}, 15, date(${day}, '+21 days'), date(${day}, '+21 days'),
        'PETICIONARIO ' || n, '${MONTH}-01T00:00:00.000Z', '${MONTH}-01T00:00:00.000Z',
        CASE WHEN n % 3 = 1 THEN ${day} END, CASE WHEN n % 3 = 1 THEN 'personal' END
      FROM seq`);
    await trx.raw(`${seq}
      INSERT INTO pqr_answers (pqr_id, decision, decision_text, subject, body, state, drafted_at, approved_at, answer_date, outgoing_radicado_id)
      SELECT ${pqrBase} + n, ${pick(DECISIONS, 'n')}, 'Motivos', 'Respuesta', 'Texto', 'aprobada', ${day} || 'T14:00:00.000Z', ${day} || 'T16:00:00.000Z', ${day}, ${base + count} + n
      FROM seq WHERE n % 3 <> 0`);
  });
  await db.raw('ANALYZE');
}

export async function runSuiBench(app: BackOffice, token: string, expectedRows: number): Promise<BenchRow[]> {
  const times: number[] = [];
  let rows = 0;
  let bytes = 0;
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint();
    const result = await dispatch(app, 'pqrReports.suiFormatoA', { month: MONTH }, { door: 'test', token });
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
    if (!result.ok) throw new Error(result.error.message);
    rows = result.data.rows;
    bytes = Buffer.from(result.data.file.base64, 'base64').length;
  }
  if (rows < expectedRows || rows > expectedRows + 300) throw new Error(`expected at least ${expectedRows} rows, got ${rows}`);
  times.sort((a, b) => a - b);
  return [
    { name: 'SUI Formato A: filas del mes', value: `${rows.toLocaleString('es-CO')} (${(bytes / 1024 / 1024).toFixed(1)} MB de CSV)` },
    { name: 'SUI Formato A: exportación por el manejador (mediana de 3)', value: `${times[1].toFixed(2)} s (mejor ${times[0].toFixed(2)} s, peor ${times[2].toFixed(2)} s)` },
  ];
}

/** the bench on a database of its own: `background` PQRs of other months and a month of `count` (what run.ts calls) */
export async function runSuiBenchOnOwnDatabase(count: number, background: number): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-sui-bench-'));
  const app = await openBackOffice({ dbFile: path.join(dir, 'bench.sqlite') });
  try {
    const call = async <N extends HandlerName>(name: N, args: Input<N>, token: string | null = null) => {
      const r = await dispatch(app, name, args, { door: 'test', token });
      if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
      return r.data;
    };
    const { officeId } = await call('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN });
    const token = (await call('auth.login', { username: ADMIN.username, password: ADMIN.password })).token;
    const userId = Number((await app.db('users').where({ username: ADMIN.username }).first('id')).id);
    const start = Date.now();
    // other months: the PQR bench's rows, filed in id order over 2024–2025 as a counter files them,
    // all settled (closed) as old PQRs are, but for the last 300, still pending
    if (background > 0) {
      await insertPqrs(app, background, officeId, [userId]);
      await app.db('pqrs').update({ filed_date: app.db.raw(`date('2024-01-01', '+' || (id * 700 / ${background}) || ' days')`) });
      await app.db('pqrs').where('id', '<=', background - 300).update({ state: 'cerrada', closed_at: app.db.raw(`filed_date || 'T20:00:00.000Z'`) });
    }
    await insertMonth(app, count, officeId, userId);
    const rows: BenchRow[] = [{ name: 'SUI: PQR en la base', value: `${(background + count).toLocaleString('es-CO')} (inserción ${((Date.now() - start) / 1000).toFixed(1)} s)` }];
    rows.push(...(await runSuiBench(app, token, count)));
    return rows;
  } finally {
    await closeBackOffice(app);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runWhenMain(import.meta.url, () => runSuiBenchOnOwnDatabase(numberOption('rows', 20_000), numberOption('background', 200_000)));
