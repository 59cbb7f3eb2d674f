/**
 * The web door under load: N concurrent clients on loopback for D seconds, each logged in, searching
 * accounts by number and name (payments join when the cashier exists). Reports requests per second,
 * p50/p99 latency and errors. Runnable alone:
 *   npx tsx tests/bench/load-bench.ts --db <file with accounts> --clients 50 --seconds 30
 */
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { startHost } from '../../electron/core/host/server';
import { ADMIN } from '../helpers/backoffice';
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

export async function runLoadBench(dbFile: string, options: { clients: number; seconds: number }): Promise<BenchRow[]> {
  const app = await openBackOffice({ dbFile });
  const host = await startHost({ app, port: 0, staticDir: path.resolve('out/web'), key: 'carga' });
  try {
    const login = (await post(host.port, host.key, 'auth.login', { username: ADMIN.username, password: ADMIN.password })) as {
      status: number;
      json: { ok: boolean; data: { token: string } };
    };
    if (!login.json.ok) throw new Error('no se pudo ingresar para la prueba de carga');
    const token = login.json.data.token;
    const sample: { number: string; search_name: string }[] = await app.db('accounts').select('number', 'search_name').orderBy('id').limit(2000);
    if (sample.length === 0) throw new Error('la base no tiene cuentas');
    const latencies: number[] = [];
    let errors = 0;
    const end = Date.now() + options.seconds * 1000;
    const client = async (c: number) => {
      for (let i = c; Date.now() < end; i += options.clients) {
        const account = sample[i % sample.length];
        const query = i % 2 === 0 ? account.number : account.search_name.slice(0, 8);
        const start = performance.now();
        try {
          const r = await post(host.port, host.key, 'accounts.search', { query }, token);
          if (r.status !== 200 || !r.json.ok) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - start);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: options.clients }, (_, c) => client(c)));
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
    return [
      {
        name: `puerta web, ${options.clients} clientes ${options.seconds} s (búsquedas)`,
        value: `${Math.round(latencies.length / elapsed)} peticiones/s, p50 ${at(50)} ms, p99 ${at(99)} ms, ${errors} errores de ${latencies.length}`,
      },
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
  runLoadBench(path.resolve(argument('db', '')), { clients: Number(argument('clients', '50')), seconds: Number(argument('seconds', '30')) })
    .then((rows) => rows.forEach((r) => console.log(`${r.name}  ${r.value}`)))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
