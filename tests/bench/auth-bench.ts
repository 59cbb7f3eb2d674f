/**
 * The login's answer time by case, on a database of its own: an unknown username, a locked one, a
 * wrong password and the right one, interleaved round after round so that the machine's noise falls
 * on all four alike. The first three must answer alike (the same message and roughly the same time),
 * so that neither the answer nor its timing tells which usernames exist or are locked. Also: how
 * long 50 guesses in flight on one username take to be answered.
 *
 *   npx tsx tests/bench/auth-bench.ts [--rounds 40]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { dispatch } from '../../electron/core/dispatch';
import type { HandlerName, Input } from '../../shared/contract';
import { ADMIN, COMPANY, OFFICE } from '../helpers/backoffice';
import type { BenchRow } from './search-bench';
import { numberOption, runWhenMain } from './standalone';

const PASSWORD = 'clave-de-medicion';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function runAuthBench(rounds = 40): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-auth-bench-'));
  const app = await openBackOffice({ dbFile: path.join(dir, 'auth.sqlite') });
  try {
    const call = async <N extends HandlerName>(name: N, args: Input<N>, token: string | null = null) => dispatch(app, name, args, { door: 'test', token });
    const must = async <N extends HandlerName>(name: N, args: Input<N>, token: string | null = null) => {
      const r = await call(name, args, token);
      if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
      return r.data;
    };
    const { officeId } = await must('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN });
    const admin = (await must('auth.login', { username: ADMIN.username, password: ADMIN.password })).token;
    for (const username of ['medida', 'bloqueado', 'rafaga']) {
      await must('users.create', { fullName: `Usuario ${username}`, username, officeId, role: 'cajero', password: 'clave-temporal' }, admin);
      const { token } = await must('auth.login', { username, password: 'clave-temporal' });
      await must('auth.changePassword', { currentPassword: 'clave-temporal', newPassword: PASSWORD }, token);
    }
    const lockedUntil = new Date(Date.now() + 24 * 3_600_000).toISOString();
    await app.db('users').where({ username: 'bloqueado' }).update({ locked_until: lockedUntil });

    const cases: { name: string; username: string; password: string; before?: () => Promise<unknown> }[] = [
      { name: 'usuario desconocido', username: 'nadie.aqui', password: 'equivocada' },
      { name: 'usuario bloqueado', username: 'bloqueado', password: PASSWORD },
      // the count is put back outside the timing, so that the wrong password never locks it
      { name: 'contraseña equivocada', username: 'medida', password: 'equivocada', before: () => app.db('users').where({ username: 'medida' }).update({ failed_attempts: 0 }) },
      { name: 'contraseña correcta', username: 'medida', password: PASSWORD },
    ];
    const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
    const answers = new Map<string, Set<string>>(cases.map((c) => [c.name, new Set()]));
    for (let round = 0; round < rounds + 3; round++) {
      for (const c of cases) {
        await c.before?.();
        const start = performance.now();
        const result = await call('auth.login', { username: c.username, password: c.password });
        const ms = performance.now() - start;
        if (round >= 3) times.get(c.name)?.push(ms); // three rounds of warm-up
        answers.get(c.name)?.add(result.ok ? 'ok' : result.error.message);
      }
    }
    const rows: BenchRow[] = cases.map((c) => {
      const sorted = [...(times.get(c.name) ?? [])].sort((a, b) => a - b);
      return { name: `ingreso, ${c.name} (p50 / p90, ${rounds} veces)`, value: `${percentile(sorted, 50).toFixed(1)} ms / ${percentile(sorted, 90).toFixed(1)} ms` };
    });
    const refusals = new Set(['usuario desconocido', 'usuario bloqueado', 'contraseña equivocada'].flatMap((name) => [...(answers.get(name) ?? [])]));
    rows.push({ name: 'respuestas distintas entre desconocido, bloqueado y equivocada', value: String(refusals.size) });

    const start = performance.now();
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => call('auth.login', { username: 'rafaga', password: `adivinanza-${i}` })));
    const burstMs = performance.now() - start;
    const failures = await app.db('audit_log').whereIn('action', ['auth.failed', 'auth.lockout']).where({ actor: 'rafaga' }).count<{ n: number }[]>({ n: '*' });
    rows.push({
      name: '50 adivinanzas en vuelo sobre un usuario',
      value: `${burstMs.toFixed(0)} ms; ${burst.filter((r) => r.ok).length} aceptadas; ${Number(failures[0].n)} contraseñas revisadas antes del bloqueo`,
    });
    return rows;
  } finally {
    await closeBackOffice(app);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runWhenMain(import.meta.url, () => runAuthBench(numberOption('rounds', 40)));
