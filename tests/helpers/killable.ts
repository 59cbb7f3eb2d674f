/** A child node process the crash tests start and kill: SIGKILL after `killAfterMs` unless it ended first. */
import { spawn } from 'node:child_process';

export interface KillableRun {
  /** it was killed (not ended by itself) */
  killed: boolean;
  code: number | null;
  ms: number;
  stderr: string;
}

/** `node <args>` in `cwd`, stdout ignored, stderr kept. */
export function runKillable(args: string[], cwd: string, killAfterMs: number | null): Promise<KillableRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let killed = false;
    const timer = killAfterMs === null ? null : setTimeout(() => (killed = child.kill('SIGKILL')), killAfterMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ killed: killed && code === null, code, ms: performance.now() - started, stderr });
    });
  });
}
