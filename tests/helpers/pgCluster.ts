/**
 * A PostgreSQL cluster of the test's own, started the way `.ci/run` starts CI's (initdb + pg_ctl in a
 * temporary folder, only 127.0.0.1, a free port, fsync off), so that a test or bench may restart it
 * (`pg_ctl restart -m fast`) without touching the server other tests share. As root the server runs
 * as the 'postgres' user (it refuses root). Without the binaries `pgBinaries()` says why.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** the newest /usr/lib/postgresql/<n>/bin holding pg_ctl and initdb (or VENTANILLA_PG_BIN), or null */
export function pgBinaries(): string | null {
  const given = process.env.VENTANILLA_PG_BIN;
  const candidates = given
    ? [given]
    : (fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql') : [])
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => path.join('/usr/lib/postgresql', v, 'bin'));
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'pg_ctl')) && fs.existsSync(path.join(dir, 'initdb'))) ?? null;
}

export const NO_PG_BINARIES =
  'no hay binarios de PostgreSQL (pg_ctl, initdb) en /usr/lib/postgresql/*/bin ni en VENTANILLA_PG_BIN / no PostgreSQL binaries: apt-get install postgresql';

export interface PgCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  /** `pg_ctl restart -m fast`: every connection is cut, the server is back when it resolves (the event loop runs meanwhile); the milliseconds it took */
  restart(): Promise<number>;
  /** `pg_ctl stop -m fast` and `pg_ctl start`: the server stays down between them */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** stops the server and removes its folder */
  stop(): void;
  /** stops the server and moves its data folder to `target` (for `startPgCluster(bin, target)` later), removing the rest */
  stopAndKeep(target: string): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** a new cluster (initdb), or with `from` a copy of a kept data folder (`stopAndKeep`): the kept one stays as it was */
export async function startPgCluster(bin: string, from?: string): Promise<PgCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ventanilla-pg-own-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  const command = (program: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args]] : [path.join(bin, program), args];
  const run = (program: string, args: string[]) => execFileSync(...command(program, args), { stdio: 'pipe' });
  const runAsync = (program: string, args: string[]) => promisify(execFile)(...command(program, args));
  const data = path.join(dir, 'data');
  const port = await freePort();
  if (from) {
    execFileSync('cp', ['-a', from, data]);
    if (asRoot) execFileSync('chown', ['-R', 'postgres', data]);
  } else run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const ctlArgs = (action: string, extra: string[] = []) => ['-D', data, '-w', '-l', path.join(dir, 'log'), '-o', `-k ${dir} -c listen_addresses=127.0.0.1 -p ${port} -c fsync=off`, ...extra, action];
  run('pg_ctl', ctlArgs('start'));
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async restart() {
      const started = Date.now();
      await runAsync('pg_ctl', ctlArgs('restart', ['-m', 'fast']));
      return Date.now() - started;
    },
    async pause() {
      await runAsync('pg_ctl', ['-D', data, '-w', '-m', 'fast', 'stop']);
    },
    async resume() {
      await runAsync('pg_ctl', ctlArgs('start'));
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    stopAndKeep(target: string) {
      if (stopped) return;
      stopped = true;
      run('pg_ctl', ['-D', data, '-m', 'fast', 'stop']);
      execFileSync('mv', [data, target]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
