/**
 * `npm run mutation [-- <file>…]`: Stryker over each money-and-law file (tests/mutation/targets.ts),
 * one file at a time with only its own test files, then the score per file as a table. Reports:
 * reports/mutation/<file>.json and .html (git-ignored), the table in reports/mutation/summary.txt.
 * `npm run mutation -- --summary` prints the table of the reports already there without running.
 * `npm run mutation -- --survivors <file>…` runs Stryker again over the lines of the mutants that
 * survived (or were not covered) in the file's last report, and writes their new status into that
 * report: after adding tests, the new score in minutes instead of hours. It is exact as long as the
 * mutated file has not changed since the full run (a mutant killed then is killed now: tests were
 * only added); it refuses to merge when the file's text differs from the report's.
 *
 * Score = mutants detected (killed or timed out) / (detected + survived + not covered), as Stryker
 * counts it; a mutant that does not compile or is ignored does not count.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TARGETS, type MutationTarget } from './targets';

const ROOT = path.resolve(import.meta.dirname, '../..');
const REPORTS = path.join(ROOT, 'reports/mutation');

interface MutantJson {
  status: 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}
interface ReportJson {
  files: Record<string, { source: string; mutants: MutantJson[] }>;
}

const slug = (file: string) => file.replace(/[/\\.]/g, '_');

function stryker(target: MutationTarget, mutate: string): boolean {
  const started = Date.now();
  const run = spawnSync(path.join(ROOT, 'node_modules/.bin/stryker'), ['run', 'stryker.config.mjs', '--mutate', mutate, '--testFiles', target.tests.join(',')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  if (run.status !== 0) {
    console.error(`Stryker terminó con el código ${run.status} en ${target.file} (${minutes} min)`);
    return false;
  }
  console.log(`${target.file}: ${minutes} min`);
  return true;
}

function runOne(target: MutationTarget): void {
  console.log(`\n== ${target.file} (${target.tests.length} archivos de prueba)`);
  if (!stryker(target, target.file)) return;
  for (const ext of ['json', 'html']) fs.copyFileSync(path.join(REPORTS, `last.${ext}`), path.join(REPORTS, `${slug(target.file)}.${ext}`));
}

const readReport = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as ReportJson;
const fileEntry = (json: ReportJson, target: MutationTarget) =>
  Object.entries(json.files).find(([name]) => path.resolve(ROOT, name) === path.resolve(ROOT, target.file) || name.endsWith(target.file))?.[1];
const alive = (m: MutantJson) => m.status === 'Survived' || m.status === 'NoCoverage';
const keyOf = (m: MutantJson) => `${m.location.start.line}:${m.location.start.column}-${m.location.end.line}:${m.location.end.column} ${m.mutatorName} ${m.replacement ?? ''}`;

/** Stryker again over the lines of the mutants still alive in the file's report; their new status merged into it. */
function runSurvivors(target: MutationTarget): void {
  const reportFile = path.join(REPORTS, `${slug(target.file)}.json`);
  if (!fs.existsSync(reportFile)) {
    console.error(`${target.file}: no hay informe completo; corra primero npm run mutation -- ${target.file}`);
    return;
  }
  const report = readReport(reportFile);
  const entry = fileEntry(report, target);
  if (!entry) return;
  if (entry.source !== fs.readFileSync(path.join(ROOT, target.file), 'utf8')) {
    console.error(`${target.file} cambió desde su informe: corra de nuevo el archivo completo (npm run mutation -- ${target.file})`);
    return;
  }
  const survivors = entry.mutants.filter(alive);
  console.log(`\n== ${target.file}: ${survivors.length} mutantes vivos, de nuevo con ${target.tests.length} archivos de prueba`);
  if (survivors.length === 0) return;
  const lines = [...new Set(survivors.map((m) => `${target.file}:${m.location.start.line}-${m.location.end.line}`))];
  if (!stryker(target, lines.join(','))) return;
  const fresh = fileEntry(readReport(path.join(REPORTS, 'last.json')), target);
  const now = new Map((fresh?.mutants ?? []).map((m) => [keyOf(m), m.status]));
  let killed = 0;
  for (const mutant of survivors) {
    const status = now.get(keyOf(mutant));
    if (status === undefined) continue;
    if (!alive({ ...mutant, status })) killed++;
    mutant.status = status;
  }
  fs.writeFileSync(reportFile, JSON.stringify(report));
  console.log(`${target.file}: ${killed} de ${survivors.length} mutantes vivos mueren ahora`);
}

interface Score {
  file: string;
  mutants: number;
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  score: number;
  survivors: string[];
  when: string;
}

function scoreOf(target: MutationTarget): Score | null {
  const report = path.join(REPORTS, `${slug(target.file)}.json`);
  if (!fs.existsSync(report)) return null;
  const mutants = fileEntry(readReport(report), target)?.mutants ?? [];
  const count = (status: MutantJson['status']) => mutants.filter((m) => m.status === status).length;
  const killed = count('Killed');
  const timeout = count('Timeout');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  const valid = killed + timeout + survived + noCoverage;
  return {
    file: target.file,
    mutants: valid,
    killed,
    timeout,
    survived,
    noCoverage,
    score: valid === 0 ? 100 : ((killed + timeout) / valid) * 100,
    survivors: mutants
      .filter(alive)
      .map((m) => `${target.file}:${m.location.start.line}:${m.location.start.column} ${m.status} ${m.mutatorName} → ${(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80)}`),
    when: fs.statSync(report).mtime.toISOString().slice(0, 16).replace('T', ' '),
  };
}

function summary(): string {
  const scores = TARGETS.map(scoreOf);
  const lines = [
    'archivo                                          mutantes  muertos  tiempo  vivos  sin cubrir  puntaje  (informe)',
    ...scores.map((s, i) =>
      s
        ? `${s.file.padEnd(48)} ${String(s.mutants).padStart(8)} ${String(s.killed).padStart(8)} ${String(s.timeout).padStart(7)} ${String(s.survived).padStart(6)} ${String(s.noCoverage).padStart(11)} ${s.score.toFixed(1).padStart(7)} %  (${s.when})`
        : `${TARGETS[i].file.padEnd(48)} sin informe: npm run mutation -- ${TARGETS[i].file}`,
    ),
  ];
  const survivors = scores.flatMap((s) => s?.survivors ?? []);
  if (survivors.length > 0) lines.push('', 'mutantes que sobreviven:', ...survivors.map((s) => `  ${s}`));
  return lines.join('\n');
}

const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith('--'));
if (!args.includes('--summary')) {
  const chosen = files.length === 0 ? TARGETS : TARGETS.filter((t) => files.some((a) => t.file === a || t.file.endsWith(a)));
  if (chosen.length === 0) {
    console.error(`Ningún archivo coincide con ${files.join(' ')}. Archivos: ${TARGETS.map((t) => t.file).join(', ')}`);
    process.exit(2);
  }
  fs.mkdirSync(REPORTS, { recursive: true });
  for (const target of chosen) (args.includes('--survivors') ? runSurvivors : runOne)(target);
}
const table = summary();
fs.mkdirSync(REPORTS, { recursive: true });
fs.writeFileSync(path.join(REPORTS, 'summary.txt'), `${table}\n`);
console.log(`\n${table}`);
