/**
 * Posting a payment at the counter at size: N sequential cash payments through the cashier's
 * service (`postPayment`: one transaction with the allocation over the account's open invoices,
 * tenders, allocations, guarded balance updates, receipt number and audit row, then the receipt),
 * on accounts spread over the whole database. Reports p50 / p99 per payment and payments/s.
 * Target: p99 under 15 ms on the 200k-account database.
 *
 *   run.ts, after the import:  rows.push(...(await runPaymentBench(app, login.data.token)));
 *   alone (builds its own database with the import bench):
 *   npx tsx tests/bench/payment-bench.ts --accounts 200000 --invoices 1200000 --payments 2000
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import type { BackOffice } from '../../electron/core/context';
import { dispatch } from '../../electron/core/dispatch';
import { postPayment } from '../../electron/core/modules/cashier/payments';
import { ADMIN } from '../helpers/backoffice';
import { copCount } from '../helpers/cashier';
import { runImportBench } from './import-bench';
import type { BenchRow } from './search-bench';

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
export async function runPaymentBench(app: BackOffice, adminToken: string, payments = 1000, afterwards?: (payOneMore: () => Promise<unknown>) => Promise<void>): Promise<BenchRow[]> {
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
      Array.from({ length: payments }, (_, i) => 1 + i * step),
    )
    .andWhere('balance', '>', 0)
    .select('account_id', 'balance');
  if (picks.length === 0) throw new Error('no hay facturas abiertas para medir pagos');
  const pay = (p: (typeof picks)[number], i: number) => {
    const amount = Math.max(1, Math.min(Number(p.balance), 50_000));
    return postPayment(app.db, actor, {
      idempotencyKey: `bench-${code}-${i}`,
      accountId: p.account_id,
      newCharges: [],
      tenders: [{ method: 'efectivo', amount, received: amount + 1_000, reference: '', bank: '' }],
    });
  };
  // warm-up (not counted): the first statements prepare and fill the caches
  for (let i = 0; i < Math.min(20, picks.length); i++) await pay(picks[i], -1 - i);
  const times: number[] = [];
  const started = process.hrtime.bigint();
  for (const [i, p] of picks.entries()) {
    const start = process.hrtime.bigint();
    await pay(p, i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  times.sort((a, b) => a - b);
  if (afterwards) await afterwards(() => pay(picks[0], picks.length));
  const accounts = Number((await app.db('accounts').count<{ n: number }[]>({ n: '*' }))[0].n);
  return [
    { name: 'pago en caja: cuentas en la base', value: accounts.toLocaleString('es-CO') },
    {
      name: 'pago en caja: p50 / p99',
      value: `${percentile(times, 50).toFixed(2)} ms / ${percentile(times, 99).toFixed(2)} ms (${times.length} pagos seguidos, máx. ${times[times.length - 1].toFixed(1)} ms; meta p99 < 15 ms)`,
    },
    { name: 'pago en caja: pagos por segundo (uno tras otro)', value: (times.length / seconds).toFixed(0) },
  ];
}

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-payment-bench-'));
  (async () => {
    const accounts = argument('accounts', 200_000);
    console.error(`Importando ${accounts} cuentas…`);
    await runImportBench({ accounts, invoices: argument('invoices', accounts * 6), dir });
    const app = await openBackOffice({ dbFile: path.join(dir, 'bench.sqlite') });
    try {
      const login = await dispatch(app, 'auth.login', { username: ADMIN.username, password: ADMIN.password }, { door: 'test' });
      if (!login.ok) throw new Error(login.error.message);
      const rows = await runPaymentBench(app, login.data.token, argument('payments', 1000));
      const width = Math.max(...rows.map((r) => r.name.length));
      for (const r of rows) console.log(`${r.name.padEnd(width)}  ${r.value}`);
    } finally {
      await closeBackOffice(app);
    }
  })()
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}
