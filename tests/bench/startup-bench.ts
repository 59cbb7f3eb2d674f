/**
 * App start to login screen through the web door, as `npm run web` runs it: the door built into
 * plain JavaScript (`out/host/start.js`, electron/build-web-host.mjs, rebuilt here from the sources
 * before measuring) started with `node` on an existing database; wait until it listens, open the page
 * in Chromium and wait for the login form. `{ door: 'tsx' }` measures the door run from the
 * TypeScript sources through tsx instead (how `npm run web` ran it before issue 20, item 5).
 *
 * Besides the wall times, the host process's CPU time at both moments (Linux: /proc/<pid>/stat),
 * which the machine's load inflates far less, and the load itself; and where the time goes: the
 * door's own steps (VENTANILLA_STARTUP_MARKS, electron/core/startup-marks.ts: modules loaded,
 * database opened and checked, listening, first request, handler table loaded, first answer) and
 * the page's (its entry script loaded, the first answer received), as milliseconds since the spawn.
 *
 * Alone, on a small initialized database of its own (out/web built first: `npm run web:build`):
 *   npx tsx tests/bench/startup-bench.ts [--runs 5] [--tsx]
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { parseStartupMarks } from '../../electron/core/startup-marks';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium';
import { COMPANY, OFFICE, ADMIN } from '../helpers/backoffice';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import type { BenchRow } from './search-bench';
import { numberOption, runWhenMain } from './standalone';

/** user + system CPU seconds of a running process (Linux), or NaN */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
  } catch {
    return Number.NaN;
  }
}

export interface StartupOptions {
  /** 'built' (default): node out/host/start.js; 'tsx': the sources through tsx */
  door?: 'built' | 'tsx';
}

/** the page's own moments, in milliseconds since the epoch */
interface PageMoments {
  entryScript: number;
  firstAnswer: number;
}

export async function runStartupBench(dbFile: string, runs = 3, options: StartupOptions = {}): Promise<BenchRow[]> {
  const door = options.door ?? 'built';
  if (door === 'built') execFileSync(process.execPath, [path.resolve('electron/build-web-host.mjs')], { stdio: 'inherit' });
  const command = door === 'built' ? [path.resolve('out/host/start.js')] : ['--import', 'tsx', path.resolve('electron/core/host/start.ts')];
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const hostTimes: number[] = [];
  const loginTimes: number[] = [];
  const hostCpu: number[] = [];
  const loginCpu: number[] = [];
  /** step → [ms since spawn, CPU ms of the door] of each run */
  const steps = new Map<string, { t: number[]; cpu: number[] }>();
  const step = (name: string, t: number, cpu = Number.NaN) => {
    const s = steps.get(name) ?? { t: [], cpu: [] };
    s.t.push(t);
    s.cpu.push(cpu);
    steps.set(name, s);
  };
  try {
    for (let i = 0; i < runs; i++) {
      const spawnedAt = Date.now();
      const start = performance.now();
      const host = spawn(process.execPath, [...command, '--db', dbFile, '--port', '0', '--static', path.resolve('out/web')], {
        env: { ...process.env, VENTANILLA_WEB_KEY: 'bench', VENTANILLA_STARTUP_MARKS: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let marks = '';
      host.stderr.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        marks += text;
        const others = text.split('\n').filter((l) => l !== '' && !l.startsWith('[arranque] '));
        if (others.length) process.stderr.write(`${others.join('\n')}\n`);
      });
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        host.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+\/\?k=\S+)/.exec(out);
          if (m) resolve(m[1]);
        });
        host.on('exit', (code) => reject(new Error(`el servidor terminó con código ${code}`)));
      });
      hostTimes.push(performance.now() - start);
      hostCpu.push(cpuSecondsOf(host.pid));
      const page = await browser.newPage();
      await page.goto(url);
      await page.getByLabel('Usuario').waitFor({ state: 'visible', timeout: 60_000 });
      loginTimes.push(performance.now() - start);
      loginCpu.push(cpuSecondsOf(host.pid));
      const moments = await page.evaluate((): PageMoments => {
        const resources = performance.getEntriesByType('resource') as unknown as { name: string; responseEnd: number }[];
        const entry = resources.find((r) => /\/assets\/index-[^/]*\.js$/.test(r.name));
        const answer = resources.find((r) => r.name.includes('/api/'));
        return { entryScript: performance.timeOrigin + (entry?.responseEnd ?? Number.NaN), firstAnswer: performance.timeOrigin + (answer?.responseEnd ?? Number.NaN) };
      });
      await page.close();
      host.kill('SIGTERM');
      await new Promise((resolve) => host.once('exit', resolve));
      const parsed = parseStartupMarks(marks);
      const first = [...parsed.values()][0];
      if (first) step('proceso iniciado', first.epoch - first.t - spawnedAt);
      for (const [name, m] of parsed) step(name, m.epoch - spawnedAt, m.cpu);
      step('página: script de entrada recibido', moments.entryScript - spawnedAt);
      step('página: primera respuesta de la API recibida', moments.firstAnswer - spawnedAt);
      step('página: campo «Usuario» visible', loginTimes[loginTimes.length - 1]);
    }
  } finally {
    await browser.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  const doorName = door === 'built' ? 'node out/host/start.js' : 'tsx electron/core/host/start.ts';
  return [
    { name: `arranque (${doorName}): servidor web escuchando (mediana)`, value: `${median(hostTimes).toFixed(0)} ms` },
    { name: `arranque (${doorName}) hasta la pantalla de ingreso (mediana)`, value: `${median(loginTimes).toFixed(0)} ms (${runs} arranques)` },
    {
      name: 'arranque: CPU del servidor al escuchar / en la pantalla de ingreso (mediana)',
      value: `${median(hostCpu).toFixed(2)} s / ${median(loginCpu).toFixed(2)} s (carga ${load})`,
    },
    ...[...steps].map(([name, s]) => ({
      name: `  arranque, paso: ${name} (mediana desde el spawn)`,
      value: `${median(s.t).toFixed(0)} ms${s.cpu.some((c) => !Number.isNaN(c)) ? `, CPU del servidor ${median(s.cpu).toFixed(0)} ms` : ''}`,
    })),
  ];
}

/** a small initialized database in a temporary folder, for running the bench alone */
async function initializedDatabase(): Promise<{ dbFile: string; remove(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-startup-'));
  const dbFile = path.join(dir, 'ventanilla.sqlite');
  const app = await openBackOffice({ dbFile });
  const { dispatch } = await import('../../electron/core/dispatch');
  const done = await dispatch(app, 'setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN }, { door: 'test', token: null });
  await closeBackOffice(app);
  if (!done.ok) throw new Error(done.error.message);
  return { dbFile, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

runWhenMain(import.meta.url, async () => {
  const db = await initializedDatabase();
  try {
    return await runStartupBench(db.dbFile, numberOption('runs', 5), { door: process.argv.includes('--tsx') ? 'tsx' : 'built' });
  } finally {
    db.remove();
  }
});
