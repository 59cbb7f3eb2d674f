/**
 * `npm run mutation [-- <file>…]`: Stryker over each money-and-law file (tests/mutation/targets.ts),
 * one file at a time with only its own test files, then the score per file as a table. Reports:
 * reports/mutation/<file>.json and .html (git-ignored), the table in reports/mutation/summary.txt.
 * `npm run mutation -- --summary` prints the table of the reports already there without running.
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
  location: { start: { line: number; column: number } };
}
interface ReportJson {
  files: Record<string, { mutants: MutantJson[] }>;
}

const slug = (file: string) => file.replace(/[/\\.]/g, '_');

function runOne(target: MutationTarget): void {
  console.log(`\n== ${target.file} (${target.tests.length} archivos de prueba)`);
  const started = Date.now();
  const stryker = spawnSync(path.join(ROOT, 'node_modules/.bin/stryker'), ['run', 'stryker.config.mjs', '--mutate', target.file, '--testFiles', target.tests.join(',')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  if (stryker.status !== 0) {
    console.error(`Stryker terminó con el código ${stryker.status} en ${target.file} (${minutes} min)`);
    return;
  }
  for (const ext of ['json', 'html']) fs.copyFileSync(path.join(REPORTS, `last.${ext}`), path.join(REPORTS, `${slug(target.file)}.${ext}`));
  console.log(`${target.file}: ${minutes} min`);
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
  const json = JSON.parse(fs.readFileSync(report, 'utf8')) as ReportJson;
  const entry = Object.entries(json.files).find(([name]) => path.resolve(ROOT, name) === path.resolve(ROOT, target.file) || name.endsWith(target.file));
  const mutants = entry?.[1].mutants ?? [];
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
      .filter((m) => m.status === 'Survived' || m.status === 'NoCoverage')
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
if (!args.includes('--summary')) {
  const chosen = args.length === 0 ? TARGETS : TARGETS.filter((t) => args.some((a) => t.file === a || t.file.endsWith(a)));
  if (chosen.length === 0) {
    console.error(`Ningún archivo coincide con ${args.join(' ')}. Archivos: ${TARGETS.map((t) => t.file).join(', ')}`);
    process.exit(2);
  }
  fs.mkdirSync(REPORTS, { recursive: true });
  for (const target of chosen) runOne(target);
}
const table = summary();
fs.mkdirSync(REPORTS, { recursive: true });
fs.writeFileSync(path.join(REPORTS, 'summary.txt'), `${table}\n`);
console.log(`\n${table}`);
