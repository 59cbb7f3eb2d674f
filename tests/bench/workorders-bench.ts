/**
 * Work orders at size (issue 17), on a database of its own (SQLite):
 * 1. suspension orders from 10,000 expired suspension notices: the preview (who is left out and why)
 *    and the generation of the round (numbers, rows, audit: one transaction). Target < 3 s.
 * 2. the board at 100,000 orders: p50 / p99 of a page of 100 under the usual filters. Target p99 < 50 ms.
 * 3. a counter payment that orders the reconnection (suspended account, nothing overdue left) against
 *    one on an active account (the effect reads and writes nothing), and the effect alone (run and
 *    rolled back): the cashier's target is p99 < 15 ms.
 * Every figure carries this process's CPU time (SQLite works in the driver's threads inside it), the
 * PostgreSQL server's CPU for the bench's database when on PostgreSQL, and the load (`uptime`'s
 * 1-minute average): on a shared machine the wall time grows with the load, the CPU time much less.
 *   npx tsx tests/bench/workorders-bench.ts [--notices 10000] [--orders 100000] [--payments 300]
 *   npx tsx tests/bench/workorders-bench.ts --pg postgres://…/postgres   # the same on a fresh PostgreSQL database (dropped afterwards)
 * From tests/bench/run.ts: rows.push(...(await runWorkOrdersBench({ … })))
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import type { BackOffice } from '../../electron/core/context';
import { dispatch } from '../../electron/core/dispatch';
import { postPayment } from '../../electron/core/modules/cashier/payments';
import { workOrdersPaymentEffect } from '../../electron/core/modules/workorders/paymentEffect';
import type { HandlerName, Input, Output } from '../../shared/contract';
import { addDays, todayIn } from '../../shared/dates';
import { ADMIN, COMPANY, OFFICE } from '../helpers/backoffice';
import { copCount } from '../helpers/cashier';
import { measured, type Measured } from './import-bench';
import { onFreshPgDatabase } from './scale';
import type { BenchRow } from './search-bench';
import { numberOption, runWhenMain } from './standalone';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const ms = (n: number) => `${n.toFixed(2)} ms`;
const load = () => `carga ${os.loadavg()[0].toFixed(1)}`;
/** CPU of this process (and of the PostgreSQL server for the database) in a measure */
const cpu = (m: Omit<Measured<unknown>, 'value'>) => `CPU ${m.cpuSeconds.toFixed(2)} s${m.serverCpuSeconds === null ? '' : ` + servidor ${m.serverCpuSeconds.toFixed(2)} s`}`;

/** with WORKORDERS_BENCH_PROFILE=<file.cpuprofile>: V8's CPU profile of `work` alone (open it in Chrome's DevTools) */
async function profiled<T>(work: () => Promise<T>): Promise<T> {
  const file = process.env.WORKORDERS_BENCH_PROFILE;
  if (!file) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    console.error(`perfil de CPU en ${file}`);
  }
}

/** with WORKORDERS_BENCH_PLANS=1: each statement of the calls with its plan and time (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite) */
async function printPlans(db: Knex, calls: (() => Promise<unknown>)[]): Promise<void> {
  const pg = db.client.config.client === 'pg';
  for (const run of calls) {
    const seen: { sql: string; bindings: unknown[] }[] = [];
    const listen = (q: { sql: string; bindings?: unknown[] }) => void seen.push({ sql: q.sql, bindings: q.bindings ?? [] });
    db.on('query', listen);
    await run();
    db.off('query', listen);
    for (const q of seen) {
      if (!/^\s*select/i.test(q.sql)) continue;
      const sql = pg ? q.sql.replace(/\$\d+/g, '?') : q.sql;
      const plan = await db.raw(`${pg ? 'EXPLAIN (ANALYZE, BUFFERS)' : 'EXPLAIN QUERY PLAN'} ${sql}`, q.bindings as Knex.RawBinding[]);
      const lines = pg ? (plan as { rows: { 'QUERY PLAN': string }[] }).rows.map((r) => r['QUERY PLAN']) : (plan as { detail: string }[]).map((r) => r.detail);
      console.error(`\n${q.sql}  ${JSON.stringify(q.bindings)}\n  ${lines.join('\n  ')}`);
    }
  }
}

/** one call's wall and CPU milliseconds into `wall` and `cpu` (this process: SQLite's work included, a PostgreSQL server's not) */
async function oneCall(work: () => Promise<unknown>, wall: number[], cpu: number[]): Promise<void> {
  const c = process.cpuUsage();
  const s = performance.now();
  await work();
  wall.push(performance.now() - s);
  const used = process.cpuUsage(c);
  cpu.push((used.user + used.system) / 1000);
}

const cpuPercentiles = (cpu: number[]) => {
  const sorted = [...cpu].sort((a, b) => a - b);
  return `CPU por llamada p50 ${ms(percentile(sorted, 50))} / p99 ${ms(percentile(sorted, 99))}`;
};

/** CPU milliseconds (this process, and the server's) of a loop of calls, per call */
async function cpuPerCall(pgDatabase: string | null, calls: number, loop: () => Promise<void>): Promise<string> {
  const m = await measured(loop, pgDatabase);
  const server = m.serverCpuSeconds === null ? '' : ` + servidor ${((m.serverCpuSeconds * 1000) / calls).toFixed(2)} ms`;
  return `CPU ${((m.cpuSeconds * 1000) / calls).toFixed(2)} ms${server} por llamada`;
}

async function insertChunks(db: Knex, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 400) await db(table).insert(rows.slice(i, i + 400));
}

/** `count` accounts (numbers from `first`) with two invoices due in January and February of the year */
async function seedAccounts(db: Knex, first: number, count: number, year: string, status = 'activo'): Promise<number[]> {
  const now = new Date().toISOString();
  const accounts = Array.from({ length: count }, (_, i) => ({
    number: String(first + i),
    holder_name: `TITULAR ${first + i}`,
    id_type: 'CC',
    id_number: `9${first + i}`,
    address: `Calle ${i % 90} # ${i % 50}-${i % 30}`,
    neighborhood: 'Centro',
    city_dane: '15299',
    estrato: 2,
    use: 'residencial',
    status,
    cycle: String(1 + (i % 4)),
    route: String(1 + (Math.floor(i / 250) % 40)).padStart(2, '0'),
    route_sequence: i % 250,
    search_name: `titular ${first + i}`,
    search_address: `calle ${i % 90}`,
    created_at: now,
    updated_at: now,
  }));
  await insertChunks(db, 'accounts', accounts);
  const ids: { id: number }[] = await db('accounts').where('number', '>=', String(first)).where('number', '<', String(first + count)).orderBy('id').select('id');
  const invoices = ids.flatMap(({ id }, i) =>
    ['01', '02'].map((m) => ({
      number: `${first + i}-${m}`,
      account_id: id,
      period: `${year}-${m}`,
      issue_date: `${year}-${m}-01`,
      due_date: `${year}-${m}-20`,
      suspension_date: `${year}-${m}-28`,
      consumption_m3: 18,
      payment_reference: `R${first + i}${m}`,
      total: 25_000,
      balance: 25_000,
      created_at: now,
      updated_at: now,
    })),
  );
  await insertChunks(db, 'invoices', invoices);
  return ids.map((r) => Number(r.id));
}

export async function runWorkOrdersBench(options: { notices: number; orders: number; payments: number; databaseUrl?: string }): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-workorders-bench-'));
  const app: BackOffice = await openBackOffice(options.databaseUrl ? { databaseUrl: options.databaseUrl, dataDir: dir } : { dbFile: path.join(dir, 'bench.sqlite') });
  const pgDatabase = options.databaseUrl ? new URL(options.databaseUrl).pathname.slice(1) : null;
  const engine = pgDatabase ? ' (PostgreSQL)' : '';
  const rows: BenchRow[] = [];
  try {
    const call = async <N extends HandlerName>(name: N, args: Input<N>, token: string | null = null): Promise<Output<N>> => {
      const r = await dispatch(app, name, args, { door: 'test', token });
      if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
      return r.data;
    };
    const { officeId } = await call('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN });
    const admin = (await call('auth.login', { username: ADMIN.username, password: ADMIN.password })).token;
    const db = app.db;
    const today = todayIn(COMPANY.timeZone);
    const year = today.slice(0, 4);
    const now = new Date().toISOString();
    await call('chargeItems.save', { code: 'RECONEXION', name: 'Reconexión del servicio', amount: 85_000, active: true }, admin);

    // 1. 10,000 expired suspension notices
    console.error(`Órdenes de trabajo: ${options.notices} avisos vencidos…`);
    const noticeAccounts = await seedAccounts(db, 5_000_000, options.notices, year);
    const template: { id: number } = await db('letter_templates').orderBy('id').first('id');
    const [batch] = await db('notice_batches')
      .insert({ kind: 'suspension', office_id: officeId, template_id: template.id, count: options.notices, first_number: 'AS-X-1', last_number: 'AS-X-2', created_at: now, created_by_name: 'bench' })
      .returning('id');
    const batchId = Number(typeof batch === 'object' ? batch.id : batch);
    await insertChunks(
      db,
      'notices',
      noticeAccounts.map((accountId, i) => ({
        number: `AS-${year}-${String(i + 1).padStart(6, '0')}`,
        kind: 'suspension',
        batch_id: batchId,
        account_id: accountId,
        letter_date: addDays(today, -10),
        debt: 50_000,
        unpaid_periods: 2,
        oldest_due_date: `${year}-01-20`,
        suspension_date: addDays(today, -1),
        days_past_due: 30,
        recipient_name: 'X',
        recipient_lines_json: '[]',
        city: 'Garagoa',
        subject: 'Aviso',
        body: 'Aviso',
        signer_name: 'X',
        signer_title: 'X',
        footer: '',
        state: 'entregado',
        generated_at: now,
        generated_by: 'bench',
      })),
    );
    const coord = await (async () => {
      await call('users.create', { fullName: 'Coordinadora de medición', username: 'coordbench', officeId, role: 'coordinador', password: 'clave-temporal' }, admin);
      const login = await call('auth.login', { username: 'coordbench', password: 'clave-temporal' });
      await call('auth.changePassword', { currentPassword: 'clave-temporal', newPassword: 'clave-de-medicion' }, login.token);
      return login.token;
    })();
    // a real database has its statistics (autovacuum); rows seeded in seconds do not yet
    if (pgDatabase) await db.raw('ANALYZE');
    const previewRun = await measured(() => call('workOrders.suspensionPreview', {}, coord), pgDatabase);
    const preview = previewRun.value;
    let statements = 0;
    const countStatement = () => void statements++;
    db.on('query', countStatement);
    const generateRun = await measured(() => profiled(() => call('workOrders.generateSuspensions', { noticeIds: preview.candidates.filter((c) => c.eligible).map((c) => c.noticeId) }, coord)), pgDatabase);
    const generated = generateRun.value;
    db.off('query', countStatement);
    rows.push({
      name: `OT${engine}: suspensiones desde ${options.notices.toLocaleString('es-CO')} avisos vencidos`,
      value:
        `vista previa ${previewRun.seconds.toFixed(2)} s (${cpu(previewRun)}) + generación ${generateRun.seconds.toFixed(2)} s (${cpu(generateRun)}) = ` +
        `${(previewRun.seconds + generateRun.seconds).toFixed(2)} s para ${generated.count} órdenes en una transacción de ${statements} sentencias (meta < 3 s; ${load()})`,
    });

    // 2. the board at 100,000 orders
    console.error(`Órdenes de trabajo: tablero con ${options.orders} órdenes…`);
    for (const code of ['C1', 'C2', 'C3', 'C4']) await call('workOrders.saveCrew', { code, name: `Cuadrilla ${code}`, members: '', active: true }, coord);
    const crews: { id: number }[] = await db('crews').select('id');
    // about one order in ten open (pendiente or asignada), as an office that works its board
    const states = ['ejecutada', 'ejecutada', 'ejecutada', 'ejecutada', 'ejecutada', 'ejecutada', 'fallida', 'anulada', 'asignada', 'pendiente', 'ejecutada', 'ejecutada', 'ejecutada', 'ejecutada', 'ejecutada', 'ejecutada', 'fallida', 'ejecutada', 'ejecutada', 'ejecutada'];
    const types = ['suspension', 'reconexion', 'revision', 'verificacion_lectura'];
    const more = options.orders - generated.count;
    const boardAccounts = noticeAccounts;
    const extra = Array.from({ length: more }, (_, i) => {
      const state = states[i % states.length];
      const created = new Date(Date.now() - (i % 365) * 86_400_000).toISOString();
      return {
        number: `OT-${Number(year) - 1}-${String(i + 1).padStart(6, '0')}`,
        office_id: officeId,
        account_id: boardAccounts[i % boardAccounts.length],
        type: types[i % types.length],
        origin: 'manual',
        origin_ref: 'Carga de medición',
        priority: 'normal',
        state,
        crew_id: state === 'pendiente' ? null : crews[i % crews.length].id,
        business_date: created.slice(0, 10),
        created_at: created,
        created_by_name: 'bench',
        due_at: new Date(Date.parse(created) + 86_400_000).toISOString(),
        executed_at: state === 'ejecutada' || state === 'fallida' ? new Date(Date.parse(created) + 3_600_000).toISOString() : null,
      };
    });
    // an open reconnection or suspension per account at most (the partial unique indexes): only closed extras are of those types
    await insertChunks(db, 'work_orders', extra.map((o) => (['pendiente', 'asignada'].includes(o.state) && (o.type === 'reconexion' || o.type === 'suspension') ? { ...o, type: 'revision' } : o)));
    if (pgDatabase) await db.raw('ANALYZE');
    const total = Number((await db('work_orders').count<{ n: number }[]>({ n: '*' }))[0].n);
    const filters: Input<'workOrders.board'>[] = [
      { open: true },
      { state: 'asignada', crewId: crews[0].id },
      { type: 'reconexion' },
      { route: '07' },
      { state: 'ejecutada', type: 'suspension', offset: 400 },
      {},
      { text: noticeAccounts[5] ? String(5_000_005) : '' },
    ];
    for (const f of filters) await call('workOrders.board', f, coord); // warm-up
    if (process.env.WORKORDERS_BENCH_PLANS) await printPlans(db, filters.map((f) => () => call('workOrders.board', f, coord)));
    const times: number[] = [];
    const boardCpus: number[] = [];
    const perFilter = filters.map(() => [] as number[]);
    const boardCpu = await cpuPerCall(pgDatabase, 210, async () => {
      for (let i = 0; i < 210; i++) {
        await oneCall(() => call('workOrders.board', filters[i % filters.length], coord), times, boardCpus);
        perFilter[i % filters.length].push(times[times.length - 1]);
      }
    });
    times.sort((a, b) => a - b);
    console.error(perFilter.map((f, i) => `${JSON.stringify(filters[i])}: p50 ${ms(percentile(f.sort((a, b) => a - b), 50))}`).join('\n'));
    rows.push({
      name: `OT${engine}: tablero con ${total.toLocaleString('es-CO')} órdenes (página de 100)`,
      value: `p50 ${ms(percentile(times, 50))} / p99 ${ms(percentile(times, 99))} (${times.length} consultas, ${filters.length} filtros; ${cpuPercentiles(boardCpus)}; ${boardCpu}; meta p99 < 50 ms; ${load()})`,
    });

    // 3. the payment that orders the reconnection
    console.error('Órdenes de trabajo: pagos con y sin reconexión…');
    const suspended = await seedAccounts(db, 7_000_000, options.payments, year, 'suspendido');
    const active = await seedAccounts(db, 8_000_000, options.payments, year, 'activo');
    const till = await call('tills.save', { officeId, code: 'B1', name: 'Caja de medición', receiptLayout: 'termica80', active: true }, admin);
    await call('users.create', { fullName: 'Cajero de medición', username: 'cajerobench', officeId, role: 'cajero', password: 'clave-temporal' }, admin);
    const cashier = await call('auth.login', { username: 'cajerobench', password: 'clave-temporal' });
    await call('auth.changePassword', { currentPassword: 'clave-temporal', newPassword: 'clave-de-medicion' }, cashier.token);
    await call('cashier.open', { tillId: till.id, count: copCount(500_000) }, cashier.token);
    const actor = { userId: cashier.user.id, name: cashier.user.username, officeId };
    const pay = (accountId: number, key: string) =>
      postPayment(db, actor, { idempotencyKey: key, accountId, newCharges: [], tenders: [{ method: 'efectivo', amount: 50_000, received: 50_000, reference: '', bank: '' }] });
    const payCpus = { rcx: [] as number[], act: [] as number[] };
    const timed = async (accounts: number[], prefix: 'rcx' | 'act') => {
      const out: number[] = [];
      for (let i = 0; i < 20; i++) await pay(accounts[i], `${prefix}-warm-${i}`);
      for (let i = 20; i < accounts.length; i++) await oneCall(() => pay(accounts[i], `${prefix}-${i}`), out, payCpus[prefix]);
      return out.sort((a, b) => a - b);
    };
    let withReconnection: number[] = [];
    let withoutReconnection: number[] = [];
    const payCount = Math.max(suspended.length - 20, 1);
    const withCpu = await cpuPerCall(pgDatabase, payCount, async () => void (withReconnection = await timed(suspended, 'rcx')));
    const ordered = Number((await db('work_orders').where({ type: 'reconexion', origin: 'pago' }).count<{ n: number }[]>({ n: '*' }))[0].n);
    const withoutCpu = await cpuPerCall(pgDatabase, payCount, async () => void (withoutReconnection = await timed(active, 'act')));
    // the effect alone, on payments already posted, rolled back (what it adds to the payment's transaction)
    const paymentIds: { id: number; account_id: number }[] = await db('payments').whereIn('account_id', suspended.slice(20)).select('id', 'account_id');
    const effectTimes: number[] = [];
    for (const p of paymentIds) {
      await db('work_orders').where({ account_id: p.account_id, type: 'reconexion' }).update({ state: 'anulada' }); // so that the effect orders it again
      const s = performance.now();
      await db
        .transaction(async (trx) => {
          await workOrdersPaymentEffect.onPosted?.(trx, { posted: { kind: 'one', paymentId: p.id, source: 'caja' }, businessDate: today, postedAt: new Date().toISOString(), actor });
          throw new Error('rollback');
        })
        .catch(() => undefined);
      effectTimes.push(performance.now() - s);
    }
    effectTimes.sort((a, b) => a - b);
    rows.push({
      name: `OT${engine}: pago que ordena la reconexión`,
      value: `p50 ${ms(percentile(withReconnection, 50))} / p99 ${ms(percentile(withReconnection, 99))} (${withReconnection.length} pagos, ${ordered} reconexiones ordenadas; ${cpuPercentiles(payCpus.rcx)}; ${withCpu}, con los 20 de calentamiento; meta p99 < 15 ms; ${load()})`,
    });
    rows.push({
      name: `OT${engine}: pago de cuenta activa (efecto sin nada que hacer)`,
      value: `p50 ${ms(percentile(withoutReconnection, 50))} / p99 ${ms(percentile(withoutReconnection, 99))} (${cpuPercentiles(payCpus.act)}; ${withoutCpu}, con los 20 de calentamiento; ${load()})`,
    });
    rows.push({ name: `OT${engine}: el efecto solo (lecturas + orden + auditoría, revertido)`, value: `p50 ${ms(percentile(effectTimes, 50))} / p99 ${ms(percentile(effectTimes, 99))} (${effectTimes.length} veces)` });
    return rows;
  } finally {
    await closeBackOffice(app);
    if (process.env.WORKORDERS_BENCH_KEEP) console.error(`base de datos conservada en ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

const pgIndex = process.argv.indexOf('--pg');
runWhenMain(import.meta.url, () => {
  const options = { notices: numberOption('notices', 10_000), orders: numberOption('orders', 100_000), payments: numberOption('payments', 300) };
  return pgIndex >= 0
    ? onFreshPgDatabase(process.argv[pgIndex + 1], (databaseUrl) => runWorkOrdersBench({ ...options, databaseUrl }), `ventanilla_workorders_bench_${process.pid}`)
    : runWorkOrdersBench(options);
});
