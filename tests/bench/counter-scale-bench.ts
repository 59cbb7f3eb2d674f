/**
 * Issue 20 item 2: the counter at size, on SQLite or PostgreSQL. Seeds the accounts and invoices of
 * `benchScale()` (200,000 / 1,200,000, or 1,000,000 / 6,000,000 with `--scale large`) set-based on
 * the server (`seed-counter.ts`; `--import` writes the import bench's files and imports them as
 * before), inserts the PQRs set-based (200,000, or 2,000,000), then measures through the dispatcher, with the machine's
 * load and this process's CPU time next to each figure: the account search (number, cédula, name
 * prefix), the cash payment, and the PQR tray (a clerk's own, the office's, the unassigned). Then
 * prints the plans of the hot statements, captured from one more call of each (SQLite `EXPLAIN QUERY
 * PLAN`; PostgreSQL `EXPLAIN (ANALYZE, BUFFERS)` of the reads and updates inside a transaction rolled
 * back, plain `EXPLAIN` of the inserts). Targets: payment p99 < 15 ms, search p99 < 30 ms, tray p99 < 50 ms.
 *
 *   npx tsx tests/bench/counter-scale-bench.ts [--scale large] [--payments 1000] [--pg postgres://server] [--import]
 *     (--accounts N --invoices N --pqrs N: other sizes; COUNTER_SCALE_PLANS=file writes the plans there)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import type { BackOffice } from '../../electron/core/context';
import { dispatch } from '../../electron/core/dispatch';
import { importFile } from '../../electron/core/modules/imports/service';
import type { HandlerName, Input } from '../../shared/contract';
import { ADMIN, COMPANY, OFFICE } from '../helpers/backoffice';
import { writeAccountsFile, writeInvoicesFile } from './import-bench';
import { runPaymentBench } from './payment-bench';
import { insertPqrs, timed } from './pqr-bench';
import { benchScale, engineOf, onFreshPgDatabase, onPgServer, pgDatabaseExists, pgDatabaseUrl, settle, withCpu } from './scale';
import { seedAccountsAndInvoices } from './seed-counter';
import { runSearchBench, type BenchRow } from './search-bench';
import { numberOption, runWhenMain, stringOption } from './standalone';

const CLERKS = 10;

interface Statement {
  sql: string;
  bindings: readonly unknown[];
}

/** the statements `work` sends (each text once: with the bindings that returned the most rows, e.g. the tray's state that fills it) */
async function statementsOf(db: Knex, work: () => Promise<unknown>): Promise<Statement[]> {
  const seen = new Map<string, Statement & { rows: number }>();
  const listener = (response: unknown, q: { sql: string; bindings?: readonly unknown[] }) => {
    const rows = Array.isArray(response) ? response.length : ((response as { rows?: unknown[] } | null)?.rows?.length ?? 0);
    const before = seen.get(q.sql);
    if (!before || rows > before.rows) seen.set(q.sql, { sql: q.sql, bindings: q.bindings ?? [], rows });
  };
  db.on('query-response', listener);
  try {
    await work();
  } finally {
    db.removeListener('query-response', listener);
  }
  return [...seen.values()].filter((s) => /^\s*(select|update|insert|with)/i.test(s.sql) && !/WHERE 1 = 0/.test(s.sql));
}

/** SQLite's EXPLAIN QUERY PLAN rows as the indented tree it prints */
function sqliteTree(rows: { id: number; parent: number; detail: string }[]): string {
  const depth = new Map<number, number>([[0, 0]]);
  return rows
    .map((r) => {
      const d = (depth.get(r.parent) ?? 0) + 1;
      depth.set(r.id, d);
      return `${'  '.repeat(d)}${r.detail}`;
    })
    .join('\n');
}

/** the plans of `statements`, as text for the bench notes */
async function plansOf(app: BackOffice, title: string, statements: Statement[]): Promise<string> {
  const out: string[] = [`### ${title}`];
  const pg = app.dbFile === null;
  const explainAll = async (db: Knex) => {
    for (const s of statements) {
      const sql = pg ? s.sql.replace(/\$\d+/g, '?') : s.sql;
      const oneLine = s.sql.replace(/\s+/g, ' ').slice(0, 400);
      if (pg) {
        const analyze = /^\s*insert/i.test(sql) ? 'EXPLAIN ' : 'EXPLAIN (ANALYZE, BUFFERS) ';
        const result = (await db.raw(analyze + sql, s.bindings as Knex.RawBinding[])) as { rows: { 'QUERY PLAN': string }[] };
        out.push(`\n${oneLine}\n${result.rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}`);
      } else {
        const rows = (await db.raw(`EXPLAIN QUERY PLAN ${sql}`, s.bindings as Knex.RawBinding[])) as { id: number; parent: number; detail: string }[];
        out.push(`\n${oneLine}\n${sqliteTree(rows)}`);
      }
    }
  };
  if (pg) {
    // ANALYZE runs the updates: inside a transaction that never commits
    await app.db
      .transaction(async (trx) => {
        await explainAll(trx);
        throw new RolledBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error;
      });
  } else {
    await explainAll(app.db);
  }
  return out.join('\n');
}

class RolledBack extends Error {}

async function call<N extends HandlerName>(app: BackOffice, name: N, args: Input<N>, token: string | null = null) {
  const r = await dispatch(app, name, args, { door: 'test', token });
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.data;
}

/** the old way (`--import`): the import bench's files through the real import */
async function importFiles(app: BackOffice, dir: string, scale: { accounts: number; invoices: number }): Promise<void> {
  const accountsFile = path.join(dir, 'cuentas.csv');
  const invoicesFile = path.join(dir, 'facturas.csv');
  await writeAccountsFile(accountsFile, scale.accounts);
  await writeInvoicesFile(invoicesFile, scale.invoices, scale.accounts);
  const actor = { userId: null, name: 'bench', officeId: null };
  await importFile(app, actor, 'accounts', accountsFile, { commit: true });
  await importFile(app, actor, 'invoices', invoicesFile, { commit: true });
}

/** the clerks aux1…aux10 (created with their first password change when missing) and a session of each */
async function clerksOf(app: BackOffice, officeId: number, admin: string): Promise<{ ids: number[]; tokens: string[] }> {
  const ids: number[] = [];
  const tokens: string[] = [];
  for (let u = 1; u <= CLERKS; u++) {
    const username = `aux${u}`;
    if (!(await app.db('users').where({ username }).first('id'))) {
      await call(app, 'users.create', { fullName: `Auxiliar ${u}`, username, officeId, role: 'auxiliar', password: 'clave-temporal' }, admin);
      const first = (await call(app, 'auth.login', { username, password: 'clave-temporal' })).token;
      await call(app, 'auth.changePassword', { currentPassword: 'clave-temporal', newPassword: 'clave-de-prueba' }, first);
    }
    ids.push(Number((await app.db('users').where({ username }).first('id')).id));
    tokens.push((await call(app, 'auth.login', { username, password: 'clave-de-prueba' })).token);
  }
  return { ids, tokens };
}

/** seeds an empty back office at `scale`: the company, the accounts and invoices, the clerks, the PQRs; then `settle` */
async function seed(app: BackOffice, dir: string, scale: { name: string; accounts: number; invoices: number; pqrs: number }): Promise<BenchRow[]> {
  const engine = engineOf(app);
  const { officeId } = await call(app, 'setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN });
  const rows: BenchRow[] = [];
  const throughImport = process.argv.includes('--import');
  console.error(`${engine}: ${throughImport ? 'importando' : 'sembrando por conjuntos'} ${scale.accounts} cuentas y ${scale.invoices} facturas…`);
  const seeded = await withCpu(() => (throughImport ? importFiles(app, dir, scale) : seedAccountsAndInvoices(app, scale.accounts, scale.invoices, COMPANY.currency)));
  rows.push({ name: `${engine}: ${throughImport ? 'importación' : 'cuentas y facturas sembradas por conjuntos'}`, value: seeded.note });
  const admin = (await call(app, 'auth.login', { username: ADMIN.username, password: ADMIN.password })).token;
  const clerks = await clerksOf(app, officeId, admin);
  console.error(`${engine}: insertando ${scale.pqrs} PQR por conjuntos…`);
  const inserted = await withCpu(() => insertPqrs(app, scale.pqrs, officeId, clerks.ids));
  rows.push({ name: `${engine}: PQR insertadas por conjuntos`, value: inserted.note });
  rows.push(...(await settle(app)));
  return rows;
}

/** the measurement on a seeded back office: searches, payments, trays, then the plans of one more call of each */
async function measure(app: BackOffice, payments: number, reconnection: boolean): Promise<{ rows: BenchRow[]; plans: string }> {
  const engine = engineOf(app);
  const lastId = async (table: string) => Number((await app.db(table).max<{ m: number | null }[]>({ m: 'id' }))[0].m ?? 0);
  const size = { accounts: await lastId('accounts'), invoices: await lastId('invoices'), pqrs: await lastId('pqrs') };
  const rows: BenchRow[] = [{ name: `${engine}: tamaño`, value: `${size.accounts.toLocaleString('es-CO')} cuentas, ${size.invoices.toLocaleString('es-CO')} facturas, ${size.pqrs.toLocaleString('es-CO')} PQR` }];
  // logged in right before measuring: a kept database's sessions, or the seeding's, have long passed the idle lock
  const admin = (await call(app, 'auth.login', { username: ADMIN.username, password: ADMIN.password })).token;
  const officeId = Number((await app.db('offices').orderBy('id').first('id')).id);
  const clerks = (await clerksOf(app, officeId, admin)).tokens;

  console.error(`${engine}: búsqueda, pago y bandeja…`);
  const search = await withCpu(() => runSearchBench(app, admin));
  rows.push(...search.value.map((r) => ({ name: `${engine}: ${r.name}`, value: r.value })), { name: `${engine}: búsqueda (medición)`, value: search.note });

  // a kept database is measured more than once: each run pays other invoices (and suspends other accounts) than the runs before
  const paidBefore = async () => Number((await app.db('payments').count<{ n: number }[]>({ n: '*' }))[0].n);
  const paymentKinds: [string, boolean][] = [['pago', false], ...(reconnection ? [['pago con reconexión', true] as [string, boolean]] : [])];
  const prefix = (label: string) => (label === 'pago' ? '' : 'con reconexión: ');
  const paymentStatements = new Map<string, Statement[]>();
  for (const [label, withReconnection] of paymentKinds) {
    const offset = await paidBefore();
    const measured = await withCpu(() =>
      runPaymentBench(
        app,
        admin,
        payments,
        async (payOneMore) => {
          paymentStatements.set(label, await statementsOf(app.db, payOneMore));
        },
        undefined,
        withReconnection,
        offset,
      ),
    );
    rows.push(...measured.value.map((r) => ({ name: `${engine}: ${prefix(label)}${r.name}`, value: r.value })), { name: `${engine}: ${label} (medición)`, value: measured.note });
  }

  const trays: [string, Parameters<typeof timed>[1]][] = [
    ['bandeja propia (auxiliar)', Array.from({ length: 100 }, (_, i) => ({ name: 'pqr.tray' as const, args: { scope: 'mine' }, token: clerks[i % CLERKS] }))],
    ['bandeja sin asignar (auxiliar)', Array.from({ length: 50 }, (_, i) => ({ name: 'pqr.tray' as const, args: { scope: 'unassigned' }, token: clerks[i % CLERKS] }))],
    ['bandeja de la oficina (administrador)', Array.from({ length: 50 }, () => ({ name: 'pqr.tray' as const, args: { scope: 'office' }, token: admin }))],
  ];
  for (const [label, runs] of trays) {
    const measured = await withCpu(() => timed(app, runs));
    const { p50, p99, results } = measured.value;
    rows.push({ name: `${engine}: PQR ${label}: p50 / p99`, value: `${p50.toFixed(1)} ms / ${p99.toFixed(1)} ms (${runs.length} consultas, ${results.toFixed(0)} filas; meta p99 < 50 ms; ${measured.note})` });
  }

  // the plans: one more call of each hot path
  const pick: { number: string; id_number: string; search_name: string } = await app.db('accounts').where('id', Math.floor(size.accounts / 2)).first('number', 'id_number', 'search_name');
  const plans = [
    `## ${engine} (${size.accounts} cuentas, ${size.invoices} facturas, ${size.pqrs} PQR)`,
  ];
  for (const [label, statements] of paymentStatements) plans.push(await plansOf(app, `${label} en caja (cashier.pay)`, statements));
  plans.push(
    await plansOf(app, 'búsqueda por número de cuenta', await statementsOf(app.db, () => call(app, 'accounts.search', { query: pick.number }, admin))),
    await plansOf(app, 'búsqueda por cédula/NIT', await statementsOf(app.db, () => call(app, 'accounts.search', { query: pick.id_number }, admin))),
    await plansOf(app, 'búsqueda por prefijo del nombre', await statementsOf(app.db, () => call(app, 'accounts.search', { query: pick.search_name.split(' ').slice(0, 2).join(' ').slice(0, 12) }, admin))),
    await plansOf(app, 'bandeja propia', await statementsOf(app.db, () => call(app, 'pqr.tray', { scope: 'mine' }, clerks[0]))),
    await plansOf(app, 'bandeja sin asignar', await statementsOf(app.db, () => call(app, 'pqr.tray', { scope: 'unassigned' }, clerks[0]))),
    await plansOf(app, 'bandeja de la oficina', await statementsOf(app.db, () => call(app, 'pqr.tray', { scope: 'office' }, admin))),
  );
  return { rows, plans: plans.join('\n\n') };
}

/**
 * Where the bench runs: `--pg SERVER` a PostgreSQL database on that server, else a SQLite file.
 * `--keep NAME` seeds a new database NAME (a file path on SQLite, a database name on PostgreSQL),
 * settles it and keeps it without measuring; `--reuse NAME` measures a kept one without seeding;
 * neither: a temporary database seeded, measured and deleted.
 */
async function main(): Promise<BenchRow[]> {
  const server = stringOption('pg');
  const keep = stringOption('keep');
  const reuse = stringOption('reuse');
  if (keep && reuse) throw new Error('--keep y --reuse no van juntos: --keep siembra una base, --reuse mide una ya sembrada');
  const payments = numberOption('payments', 1000);
  const reconnection = process.argv.includes('--reconnection');
  // --accounts / --invoices / --pqrs override the scale's sizes (a quick look at a small database)
  const base = benchScale();
  const scale = { name: base.name, accounts: numberOption('accounts', base.accounts), invoices: numberOption('invoices', base.invoices), pqrs: numberOption('pqrs', base.pqrs) };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-counter-scale-'));
  const open = (database: string) => openBackOffice(server ? { databaseUrl: pgDatabaseUrl(server, database), dataDir: dir } : { dbFile: database });
  const onApp = async <T>(database: string, work: (app: BackOffice) => Promise<T>): Promise<T> => {
    const app = await open(database);
    try {
      return await work(app);
    } finally {
      await closeBackOffice(app);
    }
  };
  const exists = async (database: string) => (server ? pgDatabaseExists(server, database) : fs.existsSync(database));
  const seedRow = (): BenchRow => ({ name: 'tamaño sembrado', value: `${scale.name}: ${scale.accounts.toLocaleString('es-CO')} cuentas, ${scale.invoices.toLocaleString('es-CO')} facturas, ${scale.pqrs.toLocaleString('es-CO')} PQR` });
  const printPlans = (plans: string) => {
    const plansFile = process.env.COUNTER_SCALE_PLANS;
    if (plansFile) fs.writeFileSync(plansFile, plans);
    else console.error(plans);
  };
  try {
    if (keep) {
      if (await exists(keep)) throw new Error(`--keep: «${keep}» ya existe; bórrelo o mídalo con --reuse`);
      if (server) await onPgServer(server, `CREATE DATABASE ${keep}`);
      try {
        return [seedRow(), ...(await onApp(keep, (app) => seed(app, dir, scale)))];
      } catch (error) {
        // a half-seeded database must not be measured later as if it were the size asked for
        if (server) await onPgServer(server, `DROP DATABASE IF EXISTS ${keep} WITH (FORCE)`);
        else for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${keep}${suffix}`, { force: true });
        throw error;
      }
    }
    if (reuse) {
      if (!(await exists(reuse))) throw new Error(`--reuse: «${reuse}» no existe; siémbrelo antes con --keep`);
      const { rows, plans } = await onApp(reuse, (app) => measure(app, payments, reconnection));
      printPlans(plans);
      return rows;
    }
    const measureFresh = async (database: string) =>
      onApp(database, async (app) => {
        const seeded = await seed(app, dir, scale);
        const measured = await measure(app, payments, reconnection);
        return { rows: [seedRow(), ...seeded, ...measured.rows], plans: measured.plans };
      });
    const { rows, plans } = server ? await onFreshPgDatabase(server, (url) => measureFresh(new URL(url).pathname.slice(1)), `ventanilla_counter_scale_${process.pid}`) : await measureFresh(path.join(dir, 'bench.sqlite'));
    printPlans(plans);
    return rows;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runWhenMain(import.meta.url, main);
