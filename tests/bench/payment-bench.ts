/**
 * Posting a payment at the counter at size: N sequential cash payments through the cashier's
 * service (`postPayment`: one transaction with the allocation over the account's open invoices,
 * tenders, allocations, guarded balance updates, receipt number and audit row, then the receipt),
 * on accounts spread over the whole database. Reports p50 / p99 per payment and payments/s.
 * Target: p99 under 15 ms on the 200k-account database.
 *
 *   run.ts, after the import:  rows.push(...(await runPaymentBench(app, login.data.token)));
 *   alone (builds its own database with the import bench, in a child process; pays in a process that
 *   never held the import; prints why each payment over 15 ms was slow, see payment-tail.ts):
 *   npx tsx tests/bench/payment-bench.ts --accounts 200000 --invoices 1200000 --payments 2000 [--reconnection] [--pg postgres://server] [--pace 20]
 *   (--pace N: each kind twice, one payment right after the other, then N payments per second)
 *   (--reconnection: then a second run on other accounts, each suspended first and paying all it owes: each payment orders a reconnection;
 *    --checkpoint-in-commit: SQLite as before the background checkpointer, for a before/after on the same code;
 *    --pages: SQLite, the WAL frames per payment by the table or index their page belongs to;
 *    --unsettled: PostgreSQL, pay right after the import, while the server's autovacuum still works
 *    through the lines the import wrote; by default the bench runs VACUUM (ANALYZE) first, as a
 *    site's database is, see scale.ts `settle`)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import type { BackOffice } from '../../electron/core/context';
import { dispatch } from '../../electron/core/dispatch';
import { walCheckpointerOf } from '../../electron/core/db/connection';
import { postPayment } from '../../electron/core/modules/cashier/payments';
import { ADMIN } from '../helpers/backoffice';
import { copCount } from '../helpers/cashier';
import { runImportBench } from './import-bench';
import { TailProbe } from './payment-tail';
import { benchScale, onFreshPgDatabase, settle } from './scale';
import type { BenchRow } from './search-bench';
import { numberOption, runWhenMain } from './standalone';

/**
 * The paced run's rate: 20 payments per second, ten times the issue's forty counters at their fastest
 * (a payment every 20 s each = 2 per second for the whole company). `--pace N` changes it.
 */
export const PACE = 20;

/**
 * CPU time of the process's main thread only, in ms (Linux: /proc, clock ticks of 10 ms): the
 * JavaScript, knex and the driver's calls, without SQLite's own work in libuv's pool or the WAL
 * checkpointer's thread. What a change of the JavaScript path moves; null where /proc is missing.
 */
function mainThreadCpuMs(): number | null {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime: fields 14 and 15 of stat(5), counted from the state (field 3)
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function must<T>(result: Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}

/** `adminToken`: an administrator's session on `app`; creates a till and a cashier and opens a session. */
/**
 * `afterwards`: called once the payments are timed with a function that posts one more payment of the
 * same kind (the counter-scale bench reads its statements' plans that way).
 */
export async function runPaymentBench(
  app: BackOffice,
  adminToken: string,
  payments = 1000,
  afterwards?: (payOneMore: () => Promise<unknown>) => Promise<void>,
  probe?: TailProbe,
  /** issue 17: every account paid is suspended first and pays all it owes, so each payment orders its reconnection */
  reconnection = false,
  /** which of each `step` invoices to pick (another offset: other accounts than a first run's) */
  offset = 0,
  /**
   * payments per second; 0 = one right after the other. Paced, each payment starts on its own slot
   * (1/pace s after the previous one started) and the counter is idle until then, as a real counter is
   * between customers: the WAL checkpoint and the garbage collector then run in that idle time instead
   * of inside the next payment. The time of a payment is still only its own (start to receipt).
   */
  pace = 0,
): Promise<BenchRow[]> {
  const call = <T>(name: string, args: unknown, token: string | null = adminToken) =>
    must(dispatch(app, name as never, args as never, { door: 'test', token }) as Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>);
  const me = await call<{ user: { officeId: number } }>('auth.me', {});
  const officeId = me.user.officeId;
  const code = `B${Date.now() % 100_000}`;
  const till = await call<{ id: number }>('tills.save', { officeId, code, name: `Caja banco de pruebas ${code}`, receiptLayout: 'termica80', active: true });
  const username = `cajero${code.toLowerCase()}`;
  // a temporary password allows nothing but changing it: the cashier's first login changes it
  await call('users.create', { fullName: 'Cajero de medición', username, officeId, role: 'cajero', password: 'clave-temporal' });
  const cashier = await call<{ token: string; user: { id: number; username: string } }>('auth.login', { username, password: 'clave-temporal' }, null);
  await call('auth.changePassword', { currentPassword: 'clave-temporal', newPassword: 'clave-de-medicion' }, cashier.token);
  await call('cashier.open', { tillId: till.id, count: copCount(500_000) }, cashier.token);
  const actor = { userId: cashier.user.id, name: cashier.user.username, officeId };

  // accounts with open invoices, spread over the whole table
  const total = Number((await app.db('invoices').max<{ m: number }[]>({ m: 'id' }))[0].m ?? 0);
  const step = Math.max(1, Math.floor(total / payments));
  const picks: { account_id: number; balance: number | string }[] = await app
    .db('invoices')
    .whereIn(
      'id',
      Array.from({ length: payments }, (_, i) => 1 + i * step + (offset % step)),
    )
    .andWhere('balance', '>', 0)
    .select('account_id', 'balance');
  if (picks.length === 0) throw new Error('no hay facturas abiertas para medir pagos');
  const owed = new Map<number, number>();
  if (reconnection) {
    // other accounts than the plain run's, each once, spread over the table: suspended, paying all they owe
    const lastAccount = Number((await app.db('accounts').max<{ m: number }[]>({ m: 'id' }))[0].m ?? 0);
    const accountStep = Math.max(1, Math.floor(lastAccount / (payments + 20)));
    const ids = Array.from({ length: Math.min(payments + 20, lastAccount) }, (_, i) => 1 + i * accountStep + (offset % accountStep));
    picks.length = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await app.db('accounts').whereIn('id', chunk).update({ status: 'suspendido' });
      const debts: { account_id: number; debt: number | string }[] = await app.db('invoices').whereIn('account_id', chunk).where('balance', '>', 0).groupBy('account_id').select('account_id', app.db.raw('SUM(balance) AS debt'));
      for (const d of debts) {
        owed.set(Number(d.account_id), Number(d.debt));
        picks.push({ account_id: Number(d.account_id), balance: Number(d.debt) });
      }
    }
  }
  const pay = (p: (typeof picks)[number], i: number) => {
    const amount = reconnection ? (owed.get(Number(p.account_id)) ?? 1) : Math.max(1, Math.min(Number(p.balance), 50_000));
    return postPayment(app.db, actor, {
      idempotencyKey: `bench-${code}-${i}`,
      accountId: p.account_id,
      newCharges: [],
      tenders: [{ method: 'efectivo', amount, received: amount + 1_000, reference: '', bank: '' }],
    });
  };
  // warm-up (not counted): the first statements prepare and fill the caches
  // (with --reconnection, 20 accounts of their own: each account pays once)
  const warm = reconnection ? picks.splice(0, 20) : picks.slice(0, 20);
  for (const [i, p] of warm.entries()) await pay(p, -1 - i);
  const countReconnections = async () => Number((await app.db('work_orders').where({ type: 'reconexion', origin: 'pago' }).count<{ n: number }[]>({ n: '*' }))[0].n);
  const reconnectionsBefore = await countReconnections();
  const times: number[] = [];
  const load = os.loadavg()[0];
  const cpu = process.cpuUsage();
  const mainCpu = mainThreadCpuMs();
  let seconds = 0;
  const slotNs = pace > 0 ? BigInt(Math.round(1e9 / pace)) : 0n;
  let nextSlot = process.hrtime.bigint();
  for (const [i, p] of picks.entries()) {
    if (slotNs > 0n) {
      const wait = Number(nextSlot - process.hrtime.bigint()) / 1e6;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      nextSlot += slotNs;
    }
    if (probe) await probe.before();
    const start = process.hrtime.bigint();
    await pay(p, i);
    const ns = Number(process.hrtime.bigint() - start);
    seconds += ns / 1e9;
    times.push(probe ? await probe.after() : ns / 1e6);
  }
  const cpuUsed = process.cpuUsage(cpu);
  const mainCpuAfter = mainThreadCpuMs();
  const mainCpuPerPayment = mainCpu === null || mainCpuAfter === null ? null : (mainCpuAfter - mainCpu) / times.length;
  times.sort((a, b) => a - b);
  if (afterwards) await afterwards(() => pay(picks[0], picks.length));
  const accounts = Number((await app.db('accounts').count<{ n: number }[]>({ n: '*' }))[0].n);
  const reconnections = (await countReconnections()) - reconnectionsBefore;
  return [
    { name: 'pago en caja: cuentas en la base', value: accounts.toLocaleString('es-CO') },
    {
      name: 'pago en caja: p50 / p99',
      value: `${percentile(times, 50).toFixed(2)} ms / ${percentile(times, 99).toFixed(2)} ms (${times.length} pagos ${pace > 0 ? `a ${pace} por segundo` : 'seguidos'}, máx. ${times[times.length - 1].toFixed(1)} ms; meta p99 < 15 ms)${reconnection ? `; ${reconnections} reconexiones ordenadas` : ''}`,
    },
    { name: pace > 0 ? 'pago en caja: ritmo' : 'pago en caja: pagos por segundo (uno tras otro)', value: pace > 0 ? `uno cada ${(1000 / pace).toFixed(0)} ms (${pace} por segundo: diez veces el de 40 cajas a un pago cada 20 s)` : (times.length / seconds).toFixed(0) },
    {
      name: 'pago en caja: carga y CPU',
      value: `carga ${load.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}, CPU del proceso ${((cpuUsed.user + cpuUsed.system) / 1000 / times.length).toFixed(2)} ms por pago (${app.engine === 'pg' ? 'sin el del servidor' : 'SQLite trabaja dentro del proceso'})${mainCpuPerPayment === null ? '' : `; del hilo principal ${mainCpuPerPayment.toFixed(2)} ms`}`,
    },
  ];
}

/**
 * Alone: imports in a child process (as before), and then pays in THIS process, which never held the
 * import's rows (a counter opens the database the coordinator imported into; the heap at the start of
 * the payments is printed). With the tail probe: why each payment over 15 ms was slow, counted.
 */
async function main(): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-payment-bench-'));
  const pgAt = process.argv.indexOf('--pg');
  const reconnection = process.argv.includes('--reconnection');
  const { accounts, invoices } = benchScale();
  const run = async (databaseUrl?: string): Promise<BenchRow[]> => {
    console.error(`Importando ${accounts} cuentas y ${invoices} facturas (${databaseUrl ? 'PostgreSQL' : 'SQLite'}, en un proceso hijo)…`);
    await runImportBench({ accounts, invoices, dir, databaseUrl });
    const app = await openBackOffice(databaseUrl ? { databaseUrl, dataDir: dir } : { dbFile: path.join(dir, 'bench.sqlite') });
    try {
      const login = await dispatch(app, 'auth.login', { username: ADMIN.username, password: ADMIN.password }, { door: 'test' });
      if (!login.ok) throw new Error(login.error.message);
      // PostgreSQL: the import has just written 9,600,000 lines (first load and monthly import), so
      // the server's autovacuum works through them during the payments unless settled (measured at
      // 200,000 accounts: autovacuum at the same time as 1,905 of 2,000 reconnection payments;
      // settled, 0–9; tests/bench/README.md, ninth session). SQLite keeps its own checkpointing, the
      // subject of --checkpoint-in-commit.
      const rows: BenchRow[] = process.argv.includes('--unsettled')
        ? [{ name: 'estado de la base', value: 'recién importada, sin VACUUM (--unsettled): el autovacuum del servidor trabaja durante los pagos' }]
        : await settle(app, ['PostgreSQL']);
      if (process.argv.includes('--checkpoint-in-commit')) {
        // as before the background checkpointer (base 5e88343): SQLite checkpoints inside the COMMIT that passes 1,000 pages
        await walCheckpointerOf(app.db)?.stop();
        await app.db.raw('PRAGMA wal_autocheckpoint=1000');
        rows.push({ name: 'checkpoint', value: 'en el COMMIT que pasa de 1.000 páginas (--checkpoint-in-commit, como antes)' });
      } else if (!databaseUrl) {
        rows.push({ name: 'checkpoint', value: 'en segundo plano (checkpointer.ts)' });
      }
      const pace = process.argv.includes('--pace') ? numberOption('pace', PACE) : 0;
      const runs = (reconnection ? [false, true] : [false]).flatMap((withReconnection) => (pace > 0 ? [0, pace] : [0]).map((paced) => ({ withReconnection, paced })));
      for (const { withReconnection, paced } of runs) {
        const label = `${withReconnection ? 'pago con reconexión' : 'pago en caja'}${paced ? `, a ${paced} por segundo` : ''}`;
        const pages = process.argv.includes('--pages') && !databaseUrl;
        const probe = await TailProbe.start(app.db, app.dbFile, databaseUrl, pages);
        const measured = await runPaymentBench(app, login.data.token, numberOption('payments', 1000), undefined, probe, withReconnection, (withReconnection ? 50 : 0) + (paced ? 25 : 0), paced);
        await probe.stop();
        const tail = probe.summary(15);
        rows.push(
          ...measured.map((r) => ({ ...r, name: r.name.replace('pago en caja', label) })),
          { name: `${label}: todo el recorrido`, value: probe.overall() },
          { name: `${label}: pagos > 15 ms`, value: `${tail.slow}: ${Object.entries(tail.causes).filter(([, n]) => n > 0).map(([c, n]) => `${c} ${n}`).join(', ') || '—'} (un pago puede tener varias causas)` },
        );
        if (pages) {
          const byTable = await probe.pagesByTable();
          rows.push({ name: `${label}: páginas del WAL por tabla o índice, por pago`, value: byTable.map((t) => `${t.name} ${t.perPayment.toFixed(2)}`).join(', ') });
        }
        console.error(`${label}: los más lentos`);
        for (const line of tail.lines) console.error(`  ${line}`);
      }
      return rows;
    } finally {
      await closeBackOffice(app);
    }
  };
  try {
    return pgAt >= 0 ? await onFreshPgDatabase(process.argv[pgAt + 1], run, `ventanilla_payment_bench_${process.pid}`) : await run();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runWhenMain(import.meta.url, main);
