/**
 * App start to login screen through the web door: spawn the host on an existing database, wait
 * until it listens, open the page in Chromium and wait for the login form. Besides the wall times,
 * the host process's CPU time at both moments (Linux: /proc/<pid>/stat), which the machine's load
 * inflates far less, and the load itself.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium';
import type { BenchRow } from './search-bench';

/** user + system CPU seconds of a running process (Linux), or NaN */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
  } catch {
    return Number.NaN;
  }
}

export async function runStartupBench(dbFile: string, runs = 3): Promise<BenchRow[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const hostTimes: number[] = [];
  const loginTimes: number[] = [];
  const hostCpu: number[] = [];
  const loginCpu: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const host = spawn(process.execPath, ['--import', 'tsx', path.resolve('electron/core/host/start.ts'), '--db', dbFile, '--port', '0'], {
        env: { ...process.env, VENTANILLA_WEB_KEY: 'bench' },
        stdio: ['ignore', 'pipe', 'inherit'],
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
      await page.close();
      host.kill('SIGTERM');
      await new Promise((resolve) => host.once('exit', resolve));
    }
  } finally {
    await browser.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return [
    { name: 'arranque: servidor web escuchando (mediana)', value: `${median(hostTimes).toFixed(0)} ms` },
    { name: 'arranque hasta la pantalla de ingreso (mediana)', value: `${median(loginTimes).toFixed(0)} ms (${runs} arranques)` },
    {
      name: 'arranque: CPU del servidor al escuchar / en la pantalla de ingreso (mediana)',
      value: `${median(hostCpu).toFixed(2)} s / ${median(loginCpu).toFixed(2)} s (carga ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`,
    },
  ];
}
