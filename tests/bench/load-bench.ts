/**
 * The web door under load: N concurrent clients on loopback for D seconds, half of the requests
 * account searches (by number and by name), half cash payments by ten cashiers. Reports requests per
 * second, p50/p99 of each, errors, and checks that no confirmed payment was lost. Runnable alone, on
 * a SQLite file or a PostgreSQL database that has accounts and invoices:
 *   npx tsx tests/bench/load-bench.ts --db <file or postgres://…> --clients 50 --seconds 30
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { startHost } from '../../electron/core/host/server';
import { ADMIN } from '../helpers/backoffice';
import { copCount } from '../helpers/cashier';
import type { BenchRow } from './search-bench';

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function post(port: number, key: string, name: string, body: unknown, token?: string): Promise<{ status: number; json: { ok: boolean } }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: `/api/${name}`,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          'x-ventanilla-key': key,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

interface Call {
  status: number;
  json: { ok: boolean; data?: unknown; error?: { message: string } };
}

const CASHIERS = 10;
/** each payment at the door is this much cash, partial, on an account with an open invoice */
const PAYMENT = 100;

function percentiles(latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]).toFixed(1);
  return `p50 ${at(50)} ms, p99 ${at(99)} ms`;
}

/**
 * `target`: a SQLite file with accounts and invoices (the import bench's), or a PostgreSQL database
 * with them. Ten cashiers open a session each; the clients alternate an account search and a cash
 * payment of $100 through the web door, each payment with its own idempotency key. Afterwards the
 * database must hold exactly the payments the door confirmed, and every touched invoice must keep
 * balance = total − live allocations.
 */
export async function runLoadBench(
  target: { dbFile: string } | { databaseUrl: string; dataDir: string },
  options: { clients: number; seconds: number; engine?: string },
): Promise<BenchRow[]> {
  const app = await openBackOffice(target);
  const host = await startHost({ app, port: 0, staticDir: path.resolve('out/web'), key: 'carga' });
  const label = options.engine ?? (app.engine === 'pg' ? 'PostgreSQL' : 'SQLite');
  try {
    const admin = (await post(host.port, host.key, 'auth.login', { username: ADMIN.username, password: ADMIN.password })) as Call;
    if (!admin.json.ok) throw new Error('no se pudo ingresar para la prueba de carga');
    const adminToken = (admin.json.data as { token: string }).token;
    const as = async <T>(name: string, body: unknown, token: string | null = adminToken): Promise<T> => {
      const r = (await post(host.port, host.key, name, body, token ?? undefined)) as Call;
      if (!r.json.ok) throw new Error(`${name}: ${r.json.error?.message}`);
      return r.json.data as T;
    };
    const me = await as<{ user: { officeId: number } }>('auth.me', {});
    const run = `L${Date.now() % 100_000}`;
    const tokens: string[] = [];
    const sessionIds: number[] = [];
    for (let c = 0; c < CASHIERS; c++) {
      const till = await as<{ id: number }>('tills.save', { officeId: me.user.officeId, code: `${run}${c}`.slice(-6), name: `Caja de carga ${c + 1}`, receiptLayout: 'termica80', active: true });
      const username = `carga${run.toLowerCase()}${c}`;
      await as('users.create', { fullName: `Cajero de carga ${c + 1}`, username, officeId: me.user.officeId, role: 'cajero', password: 'clave-temporal' });
      const login = await as<{ token: string }>('auth.login', { username, password: 'clave-temporal' }, null);
      await as('auth.changePassword', { currentPassword: 'clave-temporal', newPassword: 'clave-de-carga-1' }, login.token); // first login
      const session = await as<{ id: number }>('cashier.open', { tillId: till.id, count: copCount(200_000) }, login.token);
      tokens.push(login.token);
      sessionIds.push(session.id);
    }

    const sample: { id: number; number: string; search_name: string }[] = await app
      .db('accounts')
      .whereIn('id', app.db('invoices').where('balance', '>=', 20 * PAYMENT).select('account_id'))
      .select('id', 'number', 'search_name')
      .orderBy('id')
      .limit(2000);
    if (sample.length === 0) throw new Error('la base no tiene cuentas con facturas abiertas');

    const searchLatencies: number[] = [];
    const paymentLatencies: number[] = [];
    let errors = 0;
    let confirmed = 0;
    const end = Date.now() + options.seconds * 1000;
    const client = async (c: number) => {
      for (let i = c; Date.now() < end; i += options.clients) {
        const account = sample[i % sample.length];
        const paying = i % 2 === 1;
        const start = performance.now();
        try {
          if (paying) {
            const r = (await post(
              host.port,
              host.key,
              'cashier.pay',
              { idempotencyKey: `${run}-${c}-${i}`, accountId: account.id, tenders: [{ method: 'efectivo', amount: PAYMENT, received: PAYMENT }] },
              tokens[c % CASHIERS],
            )) as Call;
            if (r.status === 200 && r.json.ok) confirmed++;
            else errors++;
          } else {
            const query = i % 4 === 0 ? account.number : account.search_name.slice(0, 8);
            const r = (await post(host.port, host.key, 'accounts.search', { query }, adminToken)) as Call;
            if (r.status !== 200 || !r.json.ok) errors++;
          }
        } catch {
          errors++;
        }
        (paying ? paymentLatencies : searchLatencies).push(performance.now() - start);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: options.clients }, (_, c) => client(c)));
    const elapsed = (performance.now() - started) / 1000;

    // nothing lost: the database holds exactly the payments the door confirmed, and the touched invoices add up
    const stored: { n: number | string; total: number | string | null } | undefined = await app.db('payments').whereIn('session_id', sessionIds).first(app.db.raw('count(*) as n'), app.db.raw('sum(amount) as total'));
    const storedCount = Number(stored?.n ?? 0);
    const storedTotal = Number(stored?.total ?? 0);
    const mismatched = await app
      .db('invoices as i')
      .whereIn('i.account_id', sample.map((a) => a.id))
      .leftJoin(app.db('payment_allocations').where('live', true).whereNotNull('invoice_id').groupBy('invoice_id').select('invoice_id').sum({ paid: 'amount' }).as('a'), 'a.invoice_id', 'i.id')
      .whereRaw('i.balance <> i.total - coalesce(a.paid, 0)')
      .count<{ n: number | string }[]>({ n: '*' });
    const lost = confirmed - storedCount;
    if (lost !== 0 || storedTotal !== confirmed * PAYMENT || Number(mismatched[0].n) !== 0) {
      throw new Error(`${label}: la puerta confirmó ${confirmed} pagos y la base tiene ${storedCount} por $${storedTotal}; ${mismatched[0].n} facturas no cuadran`);
    }
    const requests = searchLatencies.length + paymentLatencies.length;
    return [
      {
        name: `puerta web ${label}, ${options.clients} clientes ${options.seconds} s`,
        value: `${Math.round(requests / elapsed)} peticiones/s, ${errors} errores de ${requests}`,
      },
      { name: `puerta web ${label}: búsquedas`, value: `${searchLatencies.length} (${percentiles(searchLatencies)})` },
      { name: `puerta web ${label}: pagos`, value: `${paymentLatencies.length} (${percentiles(paymentLatencies)}), ${Math.round(confirmed / elapsed)} pagos/s, perdidos 0` },
    ];
  } finally {
    await host.close();
    agent.destroy();
    await closeBackOffice(app);
  }
}

function argument(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const db = argument('db', '');
  const target = db.startsWith('postgres') ? { databaseUrl: db, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-load-')) } : { dbFile: path.resolve(db) };
  runLoadBench(target, { clients: Number(argument('clients', '50')), seconds: Number(argument('seconds', '30')) })
    .then((rows) => rows.forEach((r) => console.log(`${r.name}  ${r.value}`)))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
