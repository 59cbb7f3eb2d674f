/**
 * Where a door's start-up time goes (issue 20, item 5): with VENTANILLA_STARTUP_MARKS=1 the doors
 * write one line per step to stderr, `[arranque] <step> t=<ms since the process started>
 * cpu=<ms of CPU so far> epoch=<Date.now()>`, which tests/bench/startup-bench.ts reads. Without the
 * variable a mark costs one comparison.
 */
const enabled = process.env.VENTANILLA_STARTUP_MARKS === '1';
const said = new Set<string>();

/** One step of the start path; a step already marked is not marked again (first request, first answer). */
export function startupMark(step: string): void {
  if (!enabled || said.has(step)) return;
  said.add(step);
  const cpu = process.cpuUsage();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stderr.write(`[arranque] ${step} t=${performance.now().toFixed(1)} cpu=${cpuMs.toFixed(1)} epoch=${Date.now()}\n`);
}

/** The lines startupMark writes, read back: step → milliseconds since the process started and CPU milliseconds. */
export function parseStartupMarks(text: string): Map<string, { t: number; cpu: number; epoch: number }> {
  const marks = new Map<string, { t: number; cpu: number; epoch: number }>();
  for (const m of text.matchAll(/^\[arranque\] (.+?) t=([\d.]+) cpu=([\d.]+) epoch=(\d+)$/gm)) {
    marks.set(m[1], { t: Number(m[2]), cpu: Number(m[3]), epoch: Number(m[4]) });
  }
  return marks;
}
