/**
 * Notices at size, on the demonstration data (5,000 accounts, six periods each): the preview of a
 * suspension round (one grouped query over the invoices plus the stage rules), and the generation of
 * whole rounds (numbers, rows, audit and the one PDF, all in one transaction) in letters per second.
 *   npx tsx tests/bench/notices-bench.ts [--accounts 5000]
 * From tests/bench/run.ts: rows.push(...(await runNoticesBenchOnDemo(5000)))
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackOffice } from '../../electron/core/context';
import { dispatch } from '../../electron/core/dispatch';
import type { HandlerName, Input, NoticeKind } from '../../shared/contract';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import type { BenchRow } from './search-bench';
import { numberOption, runWhenMain } from './standalone';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function runNoticesBench(app: BackOffice, token: string): Promise<BenchRow[]> {
  const call = async <N extends HandlerName>(name: N, args: Input<N>) => {
    const r = await dispatch(app, name, args, { door: 'test', token });
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.data;
  };
  const rows: BenchRow[] = [];
  const times: number[] = [];
  let matched = 0;
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    matched = (await call('notices.preview', { kind: 'suspension', limit: 5000 })).candidates.length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  rows.push({ name: 'Avisos: vista previa de suspensión (p50)', value: `${percentile(times, 50).toFixed(0)} ms para ${matched} cuentas con deuda` });
  for (const kind of ['suspension', 'persuasivo'] as NoticeKind[]) {
    const preview = await call('notices.preview', { kind, limit: 5000 });
    const ids = preview.candidates.filter((c) => c.eligible).map((c) => c.accountId);
    const before = process.memoryUsage().rss;
    const start = performance.now();
    const result = await call('notices.generate', { kind, accountIds: ids });
    const seconds = (performance.now() - start) / 1000;
    const bytes = Buffer.from(result.file.base64, 'base64').length;
    rows.push({
      name: `Avisos: generar ${kind}`,
      value: `${result.batch.count} cartas en ${seconds.toFixed(2)} s = ${(result.batch.count / seconds).toFixed(0)} cartas/s, PDF ${(bytes / 1e6).toFixed(1)} MB, RSS +${((process.memoryUsage().rss - before) / 1e6).toFixed(0)} MB`,
    });
  }
  return rows;
}

/** the bench on its own demonstration database of `accounts` accounts (what run.ts calls) */
export async function runNoticesBenchOnDemo(accounts: number): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-notices-bench-'));
  const app = await openBackOffice({ dbFile: path.join(dir, 'bench.sqlite') });
  try {
    const call = async <N extends HandlerName>(name: N, args: Input<N>, token: string | null = null) => {
      const r = await dispatch(app, name, args, { door: 'test', token });
      if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
      return r.data;
    };
    const start = Date.now();
    const demo = await call('setup.loadDemo', { accounts });
    const admin = demo.users.find((u) => u.role === 'administrador');
    if (!admin) throw new Error('la demostración no trae administrador');
    const token = (await call('auth.login', { username: admin.username, password: admin.password })).token;
    const rows: BenchRow[] = [{ name: 'Avisos: datos de demostración', value: `${accounts} cuentas en ${((Date.now() - start) / 1000).toFixed(1)} s` }];
    rows.push(...(await runNoticesBench(app, token)));
    return rows;
  } finally {
    await closeBackOffice(app);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runWhenMain(import.meta.url, () => runNoticesBenchOnDemo(numberOption('accounts', 5000)));
