/**
 * PQR tray and search at size: inserts N PQRs set-based (one INSERT … SELECT over a recursive
 * sequence per table, SQLite), then measures p50 / p99 of `pqr.tray` and `pqr.search` through the
 * dispatcher (schema check, queries and traffic lights included), and the words search through
 * the FTS5 index (modules/pqr/wordSearch.ts) as the search list asks it: the newest 100 matches.
 *   node --import tsx tests/bench/pqr-bench.ts [--pqrs 500000]
 * From tests/bench/run.ts: rows.push(...(await runPqrBenchOnOwnDatabase(500_000)))
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import type { BackOffice } from '../../electron/core/context';
import { dispatch } from '../../electron/core/dispatch';
import type { HandlerName, Input } from '../../shared/contract';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { ADMIN, COMPANY, OFFICE } from '../helpers/backoffice';
import { pqrIdsWithWords, restrictToWords } from '../../electron/core/modules/pqr/wordSearch';
import { listQuery } from '../../electron/core/modules/pqr/queries';
import type { BenchRow } from './search-bench';
import { numberOption, runWhenMain } from './standalone';

const WORDS = ['FUGA', 'COBRO', 'PROMEDIO', 'ESTRATO', 'MEDIDOR', 'LECTURA', 'PRESION', 'CALIDAD', 'RECONEXION', 'FACTURA', 'ALCANTARILLADO', 'ASEO', 'INTERRUPCION', 'CONSUMO', 'SUBSIDIO', 'TARIFA'];
const NAMES = ['GOMEZ', 'RODRIGUEZ', 'MARTINEZ', 'PARDO', 'SUAREZ', 'NANEZ', 'PENA', 'CASTRO', 'RUIZ', 'HERRERA', 'MORENO', 'ROJAS'];
const TYPES = ['peticion', 'queja', 'reclamo', 'solicitud_informacion', 'consulta'];
const USERS = 10;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** a SQL CASE that picks the (n % list.length)-th string */
function pick(list: string[], expr: string): string {
  return `CASE (${expr}) % ${list.length} ${list.map((w, i) => `WHEN ${i} THEN '${w}'`).join(' ')} END`;
}

/** the SQL both engines need to generate rows set-based: a sequence n = 1…count, zero padding, a date plus days */
function generatorSql(engine: 'sqlite' | 'pg', count: number) {
  if (engine === 'pg') {
    return {
      from: `generate_series(1, ${Number(count)}) AS seq(n)`,
      // lpad cuts a longer text to the width: never shorter than the number itself (2,000,000 PQRs)
      pad: (expr: string, width: number) => `lpad((${expr})::text, greatest(${width}, length((${expr})::text)), '0')`,
      dayAfter: (base: string, days: string) => `to_char(DATE '${base}' + (${days})::int, 'YYYY-MM-DD')`,
      no: 'false',
    };
  }
  return {
    from: `(WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${Number(count)}) SELECT n FROM seq) seq`,
    pad: (expr: string, width: number) => `printf('%0${width}d', ${expr})`,
    dayAfter: (base: string, days: string) => `date('${base}', '+' || (${days}) || ' days')`,
    no: '0',
  };
}

/**
 * The definitions of the PQR table's secondary indexes (not its primary key nor its unique
 * constraints) and, on SQLite, of the words trigger that fills `pqr_words` row by row.
 */
async function secondaryIndexes(trx: Knex.Transaction, engine: 'sqlite' | 'pg'): Promise<{ indexes: { name: string; sql: string }[]; wordsTrigger: string | null }> {
  if (engine === 'pg') {
    const { rows } = (await trx.raw(
      `SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'pqrs' AND indexdef NOT LIKE 'CREATE UNIQUE%'`,
    )) as { rows: { name: string; sql: string }[] };
    return { indexes: rows, wordsTrigger: null };
  }
  const rows = (await trx.raw(`SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'pqrs' AND sql IS NOT NULL AND type IN ('index', 'trigger')`)) as { type: string; name: string; sql: string }[];
  return {
    indexes: rows.filter((r) => r.type === 'index' && !/^CREATE UNIQUE/i.test(r.sql)),
    wordsTrigger: rows.find((r) => r.type === 'trigger' && r.name === 'pqr_words_insert')?.sql ?? null,
  };
}

/**
 * N PQRs of the first office in year 2025 (a third open, assigned among USERS clerks), set-based (recursive CTE on SQLite, generate_series on PostgreSQL).
 * The PQR table's secondary indexes (and SQLite's words trigger) are dropped during the insert and
 * made again afterwards from their own definitions, in the same transaction: the same rows and the
 * same schema as inserting with them in place. Why: 2,000,000 rows inserted with the 14 secondary
 * indexes in place took ≈ 39 min on SQLite (large21, load 22–28): every row goes into each index at
 * a place set by its due or filed date, which cycle, so the cost per row grows with the table once the
 * indexes outgrow the page cache (process CPU, SQLite: 7.0 s for 200,000 rows, 47.4 s for 1,000,000).
 * Built afterwards, each index is one sort: 4.1 s and 20.4 s (tests/bench/README.md, large22). The
 * words index is filled by one INSERT … SELECT in id order (what the trigger would have done row by
 * row).
 */
export async function insertPqrs(app: BackOffice, count: number, officeId: number, userIds: number[]): Promise<void> {
  const db = app.db;
  const engine = app.dbFile === null ? 'pg' : 'sqlite';
  const g = generatorSql(engine, count);
  const base = Number((await db('radicados').max<{ m: number | null }[]>({ m: 'id' }))[0].m ?? 0);
  const lastPqr = Number((await db('pqrs').max<{ m: number | null }[]>({ m: 'id' }))[0].m ?? 0);
  await db.transaction(async (trx) => {
    const { indexes, wordsTrigger } = await secondaryIndexes(trx, engine);
    for (const index of indexes) await trx.raw(`DROP INDEX ${index.name}`);
    if (wordsTrigger) await trx.raw('DROP TRIGGER pqr_words_insert');
    await trx.raw(`
      INSERT INTO radicados (id, number, year, office_id, kind, sequence, filed_at, business_date, filed_by, status)
      SELECT ${base} + n, '2025-GAR-P-' || ${g.pad('n', 6)}, 2025, ${officeId}, 'pqr', n,
             ${g.dayAfter('2025-01-01', 'n % 360')} || 'T15:00:00.000Z', ${g.dayAfter('2025-01-01', 'n % 360')}, ${userIds[0]}, 'vigente'
      FROM ${g.from}`);
    const assigned = `CASE ${userIds.map((id, i) => `WHEN ${i} THEN ${id}`).join(' ')} END`;
    await trx.raw(`
      INSERT INTO pqrs (radicado_id, office_id, type, channel, causal_id, account_id, invoice_id, petitioner_name, petitioner_id_type,
        petitioner_id_number, petitioner_phone, petitioner_email, petitioner_address, accepts_electronic, subject, body, pages, annexes,
        destination, state, assigned_to, filed_by, filed_date, term_business_days, original_due_date, due_date, search_text, created_at, updated_at)
      SELECT ${base} + n, ${officeId}, ${pick(TYPES, 'n')}, 'ventanilla', NULL, NULL, NULL,
        ${pick(NAMES, 'n')} || ' ' || ${pick(NAMES, 'n / 7')}, 'CC', '1' || ${g.pad('n', 8)}, '', '', '', ${g.no},
        ${pick(WORDS, 'n')} || ' ' || ${pick(WORDS, 'n / 3')} || ' ' || n, 'Texto de la petición ' || n, 1, 0, '',
        CASE WHEN n % 3 = 0 THEN 'asignada' ELSE 'cerrada' END, ${assigned.replace('CASE', `CASE n % ${userIds.length}`)}, ${userIds[0]},
        ${g.dayAfter('2025-01-01', 'n % 360')}, 15,
        ${g.dayAfter('2025-01-22', 'n % 360')}, ${g.dayAfter('2025-01-22', 'n % 720')},
        ${pick(NAMES, 'n')} || ' ' || ${pick(NAMES, 'n / 7')} || ' 1' || ${g.pad('n', 8)} || ' ' || ${pick(WORDS, 'n')} || ' ' || ${pick(WORDS, 'n / 3')} || ' ' || n || ' TEXTO DE LA PETICION ' || n,
        '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'
      FROM ${g.from}`);
    if (wordsTrigger) {
      await trx.raw(`INSERT INTO pqr_words (rowid, search_text) SELECT id, search_text FROM pqrs WHERE id > ${lastPqr} ORDER BY id`);
      await trx.raw(wordsTrigger);
    }
    // PostgreSQL sorts each index in memory up to maintenance_work_mem (64 MB by default)
    if (engine === 'pg') await trx.raw(`SET LOCAL maintenance_work_mem = '256MB'`);
    for (const index of indexes) await trx.raw(index.sql);
  });
  // PostgreSQL: the radicados' own sequence goes past the ids given here
  if (engine === 'pg') await db.raw(`SELECT setval(pg_get_serial_sequence('radicados', 'id'), (SELECT MAX(id) FROM radicados))`);
  for (const table of ['radicados', 'pqrs']) await db.raw(`ANALYZE ${table}`);
}

export interface Run {
  name: HandlerName;
  args: unknown;
  token: string;
}

export async function timed(app: BackOffice, runs: Run[]): Promise<{ p50: number; p99: number; results: number }> {
  for (const r of runs.slice(0, 10)) await dispatch(app, r.name, r.args, { door: 'test', token: r.token });
  const times: number[] = [];
  let results = 0;
  for (const r of runs) {
    const start = process.hrtime.bigint();
    const result = await dispatch(app, r.name, r.args, { door: 'test', token: r.token });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (!result.ok) throw new Error(`${r.name}: ${result.error.message}`);
    results += Array.isArray(result.data) ? result.data.length : 1;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), results: results / runs.length };
}

export async function runPqrBench(app: BackOffice, tokens: string[], count: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [{ name: 'PQR: radicadas en la base', value: count.toLocaleString('es-CO') }];
  const [admin, ...clerks] = tokens;
  const n = (i: number) => 1 + ((i * 7919) % count);
  const many = (k: number, make: (i: number) => Omit<Run, 'token'>, who: (i: number) => string = () => admin): Run[] =>
    Array.from({ length: k }, (_, i) => ({ ...make(i), token: who(i) }));
  const cases: [string, Run[]][] = [
    ['bandeja propia (auxiliar)', many(100, () => ({ name: 'pqr.tray', args: { scope: 'mine' } }), (i) => clerks[i % clerks.length])],
    ['bandeja de la oficina (administrador)', many(50, () => ({ name: 'pqr.tray', args: { scope: 'office' } }))],
    ['búsqueda por radicado', many(200, (i) => ({ name: 'pqr.search', args: { text: `2025-GAR-P-${String(n(i)).padStart(6, '0')}` } }))],
    ['búsqueda por cédula', many(200, (i) => ({ name: 'pqr.search', args: { text: `1${String(n(i)).padStart(8, '0')}` } }))],
    ['búsqueda por palabras comunes', many(100, (i) => ({ name: 'pqr.search', args: { text: `${WORDS[i % WORDS.length].toLowerCase()} ${NAMES[i % NAMES.length].toLowerCase()}` } }))],
    ['búsqueda por palabra rara', many(50, (i) => ({ name: 'pqr.search', args: { text: `peticion ${n(i)}` } }))],
    ['búsqueda con semáforo vencida', many(50, () => ({ name: 'pqr.search', args: { text: '', light: 'vencida' } }))],
  ];
  for (const [label, runs] of cases) {
    const { p50, p99, results } = await timed(app, runs);
    rows.push({ name: `PQR ${label}: p50 / p99`, value: `${p50.toFixed(1)} ms / ${p99.toFixed(1)} ms (${runs.length} consultas, ${results.toFixed(0)} resultados en promedio)` });
  }
  rows.push(...(await runWordSearchBench(app, count)));
  return rows;
}

/** the words search through modules/pqr/wordSearch.ts, both ways, common and rare words */
export async function runWordSearchBench(app: BackOffice, count: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const n = (i: number) => 1 + ((i * 7919) % count);
  const wordCases: [string, string[]][] = [
    ['palabras comunes', Array.from({ length: 100 }, (_, i) => `${WORDS[i % WORDS.length].toLowerCase()} ${NAMES[i % NAMES.length].toLowerCase()}`)],
    ['una palabra común', Array.from({ length: 50 }, (_, i) => WORDS[i % WORDS.length].toLowerCase())],
    ['prefijo corto común', Array.from({ length: 50 }, (_, i) => WORDS[i % WORDS.length].slice(0, 3).toLowerCase())],
    ['palabra rara', Array.from({ length: 100 }, (_, i) => `peticion ${n(i)}`)],
    ['palabra ausente', Array.from({ length: 50 }, (_, i) => `zzz${i}`)],
  ];
  const ways: [string, (app: BackOffice, text: string, officeId: number) => Promise<number>][] = [
    ['índice unido a la lista, más nuevas primero', wordSearchJoined],
    ['subconsulta de ids, por fecha de radicación', wordSearchSubquery],
  ];
  const officeId = Number((await app.db('offices').orderBy('id').first('id')).id);
  for (const [way, run] of ways) {
    for (const [label, texts] of wordCases) {
      const { p50, p99, results } = await timedWords(texts, (text) => run(app, text, officeId));
      rows.push({ name: `PQR palabras (FTS5, ${way}) ${label}: p50 / p99`, value: `${p50.toFixed(1)} ms / ${p99.toFixed(1)} ms (${texts.length} consultas, ${results.toFixed(0)} resultados en promedio)` });
    }
  }
  return rows;
}

/** the words branch of the search list as recommended: the index joined, newest 100 of the office */
async function wordSearchJoined(app: BackOffice, text: string, officeId: number): Promise<number> {
  const q = listQuery(app.db).where('p.office_id', officeId);
  if (!(await restrictToWords(app.db, q, text, { newestFirst: true }))) return 0;
  return (await q.limit(100)).length;
}

/** the same through the ids subquery, ordered by filing date as the list is today */
async function wordSearchSubquery(app: BackOffice, text: string, officeId: number): Promise<number> {
  const match = await pqrIdsWithWords(app.db, text);
  if (match === null) return 0;
  const q = listQuery(app.db).where('p.office_id', officeId).whereIn('p.id', match.ids);
  return (await q.orderBy('p.filed_date', 'desc').orderBy('p.id', 'desc').limit(100)).length;
}

async function timedWords(texts: string[], run: (text: string) => Promise<number>): Promise<{ p50: number; p99: number; results: number }> {
  for (const text of texts.slice(0, 5)) await run(text);
  const times: number[] = [];
  let results = 0;
  for (const text of texts) {
    const start = process.hrtime.bigint();
    results += await run(text);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), results: results / texts.length };
}

/** the bench on a database of its own with `count` PQRs (what run.ts calls) */
export async function runPqrBenchOnOwnDatabase(count: number): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-pqr-bench-'));
  const app = await openBackOffice({ dbFile: path.join(dir, 'bench.sqlite') });
  try {
    const call = async <N extends HandlerName>(name: N, args: Input<N>, token: string | null = null) => {
      const r = await dispatch(app, name, args, { door: 'test', token });
      if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
      return r.data;
    };
    const { officeId } = await call('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN });
    const admin = (await call('auth.login', { username: ADMIN.username, password: ADMIN.password })).token;
    const tokens = [admin];
    const userIds: number[] = [];
    for (let u = 1; u <= USERS; u++) {
      const username = `aux${u}`;
      await call('users.create', { fullName: `Auxiliar ${u}`, username, officeId, role: 'auxiliar', password: 'clave-temporal' }, admin);
      userIds.push(Number((await app.db('users').where({ username }).first('id')).id));
      const token = (await call('auth.login', { username, password: 'clave-temporal' })).token;
      await call('auth.changePassword', { currentPassword: 'clave-temporal', newPassword: 'clave-de-prueba' }, token); // first login
      tokens.push(token);
    }
    const start = Date.now();
    await insertPqrs(app, count, officeId, userIds);
    const rows: BenchRow[] = [{ name: 'PQR: inserción por conjuntos', value: `${((Date.now() - start) / 1000).toFixed(1)} s` }];
    rows.push(...(await runPqrBench(app, tokens, count)));
    return rows;
  } finally {
    await closeBackOffice(app);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runWhenMain(import.meta.url, () => runPqrBenchOnOwnDatabase(numberOption('pqrs', 500_000)));
