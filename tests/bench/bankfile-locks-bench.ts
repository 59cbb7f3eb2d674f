/**
 * What a counter payment waits on while a bank file commits (issue 20, item 3), on PostgreSQL: a
 * bank file of R records over the first F accounts commits in one back office while another back
 * office (its own pool, a cashier with an open till) posts cash payments, one after the other, on
 * accounts the file does NOT touch. A third connection samples `pg_stat_activity` every 100 ms: the
 * wait event of each counter backend and what blocks it (`pg_blocking_pids`, with the blocker's
 * query). Reported: the file's length, the payments' p50/max during it, the wait events seen.
 *
 *   VENTANILLA_TEST_PG_URL=postgres://postgres@127.0.0.1:55432/postgres npx tsx tests/bench/bankfile-locks-bench.ts [--records 20000]
 *
 * Not run by `npm run bench` (a diagnosis, not a target).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import type { BackOffice } from '../../electron/core/context';
import { dispatch } from '../../electron/core/dispatch';
import { commitBankFile } from '../../electron/core/modules/bankfiles/service';
import type { HandlerName, Input, Output } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { ADMIN, COMPANY, createPgTestDatabase, OFFICE, TEST_PG_URL } from '../helpers/backoffice';
import { copCount } from '../helpers/cashier';
import { seedDebts, writeBankFile } from './bankfile-bench';
import type { BenchRow } from './search-bench';
import { numberOption, runWhenMain } from './standalone';

type Call = <N extends HandlerName>(name: N, args: Input<N>) => Promise<Result<Output<N>>>;

async function must<T>(result: Promise<Result<T>>, what: string): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`${what}: ${r.error.code} ${r.error.message}`);
  return r.data;
}

function caller(app: BackOffice): { call: Call; holder: { token: string | null } } {
  const holder: { token: string | null } = { token: null };
  return { call: (name, args) => dispatch(app, name, args, { door: 'test', token: holder.token }), holder };
}

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

export async function runBankFileLocksBench(options: { records: number; fileAccounts: number }): Promise<BenchRow[]> {
  if (!TEST_PG_URL) return [{ name: 'archivo del banco y cajas', value: 'omitida: sin VENTANILLA_TEST_PG_URL' }];
  const database = await createPgTestDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-bank-locks-'));
  const apps: BackOffice[] = [];
  const sampler = new pg.Client({ connectionString: database.url });
  let sampling = true;
  try {
    const admin = await openBackOffice({ databaseUrl: database.url, dataDir: dir });
    apps.push(admin);
    const a = caller(admin);
    const { officeId } = await must(a.call('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN }), 'setup');
    a.holder.token = (await must(a.call('auth.login', { username: ADMIN.username, password: ADMIN.password }), 'login')).token;
    const tillId = (await must(a.call('tills.save', { officeId, code: 'C1', name: 'Caja 1', receiptLayout: 'termica80', active: true }), 'caja')).id;
    await must(a.call('users.create', { fullName: 'Cajero 1', username: 'cajero1', officeId, role: 'cajero', password: 'clave-temporal' }), 'cajero');
    const counterAccounts = 1_000;
    await seedDebts(admin.db, options.fileAccounts + counterAccounts);
    const file = path.join(dir, 'banco.txt');
    await writeBankFile(file, options.records, options.fileAccounts);

    const counterApp = await openBackOffice({ databaseUrl: database.url, dataDir: dir });
    apps.push(counterApp);
    const c = caller(counterApp);
    c.holder.token = (await must(c.call('auth.login', { username: 'cajero1', password: 'clave-temporal' }), 'ingreso')).token;
    await must(c.call('auth.changePassword', { currentPassword: 'clave-temporal', newPassword: 'clave-de-caja-1' }), 'clave');
    await must(c.call('cashier.open', { tillId, count: copCount(200_000) }), 'apertura');
    // the accounts the file does not touch: numbers 2,000,000 + fileAccounts and up
    const ids: number[] = (await admin.db('accounts').where('number', '>=', String(2_000_000 + options.fileAccounts)).orderBy('id').pluck('id')).map(Number);

    await sampler.connect();
    const waits = new Map<string, number>();
    const sampling$ = (async () => {
      while (sampling) {
        const result = await sampler.query(
          `SELECT a.pid, a.wait_event_type, a.wait_event, a.query, (SELECT string_agg(left(b.query, 70), ' | ') FROM pg_stat_activity b WHERE b.pid = ANY(pg_blocking_pids(a.pid))) AS blocker
             FROM pg_stat_activity a WHERE a.datname = current_database() AND a.state = 'active' AND a.pid <> pg_backend_pid()`,
        );
        for (const r of result.rows as { pid: number; wait_event_type: string | null; wait_event: string | null; query: string; blocker: string | null }[]) {
          if (!/cash_sessions|payments|invoices|accounts|counters|audit_head/.test(r.query) || !r.wait_event_type || r.wait_event_type === 'Client') continue;
          if (/bank_|COPY|pg_temp|staging/i.test(r.query)) continue;
          const key = `${r.wait_event_type}/${r.wait_event} en «${r.query.replace(/\s+/g, ' ').slice(0, 60)}» bloqueada por «${(r.blocker ?? '-').replace(/\s+/g, ' ')}»`;
          waits.set(key, (waits.get(key) ?? 0) + 1);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })().catch(() => undefined);

    const cpu = process.cpuUsage();
    const started = performance.now();
    let fileDone = false;
    let fileMs = 0;
    const committing = commitBankFile(admin, { userId: null, name: 'cli', officeId }, file).then(() => {
      fileMs = performance.now() - started;
      fileDone = true;
    });
    const during: number[] = [];
    let n = 0;
    await new Promise((resolve) => setTimeout(resolve, 500));
    while (!fileDone) {
      const t0 = performance.now();
      const whileFile = !fileDone;
      await must(
        c.call('cashier.pay', { idempotencyKey: `bloqueos-${String(++n).padStart(6, "0")}`, accountId: ids[n % ids.length], newCharges: [], tenders: [{ method: 'efectivo', amount: 1_000, received: 1_000, reference: '', bank: '' }] }),
        'pago',
      );
      // a payment started while the file was committing counts, even when it ends after the file
      if (whileFile) during.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await committing;
    const used = process.cpuUsage(cpu);
    sampling = false;
    await sampling$;
    const sorted = [...during].sort((x, y) => x - y);
    const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(1) : '—');
    const top = [...waits].sort((x, y) => y[1] - x[1]).slice(0, 6);
    return [
      { name: `archivo del banco (${options.records} registros sobre ${options.fileAccounts} cuentas)`, value: `${(fileMs / 1000).toFixed(1)} s; CPU de este proceso ${((used.user + used.system) / 1e6).toFixed(1)} s; carga ${load()}` },
      { name: 'pagos en caja durante el archivo (cuentas que el archivo no toca)', value: `${during.length} (p50 ${pct(0.5)} ms, máx ${sorted.length ? sorted[sorted.length - 1].toFixed(1) : '—'} ms)` },
      ...top.map(([what, samples]) => ({ name: `espera de la caja (${samples} muestras de 100 ms)`, value: what })),
      ...(top.length === 0 ? [{ name: 'espera de la caja', value: 'ninguna muestra: la caja no esperó por candados' }] : []),
    ];
  } catch (error) {
    console.error('falló:', error);
    throw error;
  } finally {
    sampling = false;
    await sampler.end().catch(() => undefined);
    for (const app of apps) await closeBackOffice(app);
    fs.rmSync(dir, { recursive: true, force: true });
    await database.drop();
  }
}

runWhenMain(import.meta.url, () => runBankFileLocksBench({ records: numberOption('records', 20_000), fileAccounts: numberOption('file-accounts', 5_000) }));
