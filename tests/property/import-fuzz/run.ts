/**
 * The fuzzing runs, the same for every importer (see targets.ts):
 * - previews: many mutated files through the whole importer with commit=false: it never throws,
 *   answers a sound outcome (checks.ts) and writes nothing;
 * - commits: fewer files, weighted towards mutations a valid file survives, previewed and then
 *   committed against the same database: the commit agrees with the preview, and either nothing
 *   was written or the database holds exactly what the file says (the target's oracle).
 *
 * FUZZ_SCALE multiplies the number of runs (e.g. FUZZ_SCALE=20 for a long run before a release);
 * FUZZ_SEED replays a failure (fast-check prints the seed and the path of the failing case).
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describeMutation, mutate, mutationsArb, type Mutation } from './mutations';
import { fingerprint, outcomeProblems, type ImportOutcome } from './checks';
import type { FuzzEnv, ImportTarget } from './targets';

export const FUZZ_SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

export const runs = (n: number) => Math.max(1, Math.round(n * FUZZ_SCALE));

export interface FuzzStats {
  runs: number;
  /** files the importer accepted whole */
  acceptable: number;
  /** files refused with row errors / with a file-level error */
  rowErrors: number;
  fileErrors: number;
  /** commit runs: files applied, and applied with something new or changed */
  committed: number;
  wrote: number;
}

interface FuzzCase {
  sample: number;
  mutations: Mutation[];
}

const caseArb = (target: ImportTarget, benign: boolean) =>
  fc.record({ sample: fc.nat({ max: target.samples.length - 1 }), mutations: mutationsArb({ benign, edits: target.edits }) });

function describeCase(target: ImportTarget, c: FuzzCase): string {
  return `${target.samples[c.sample].name} con ${c.mutations.map(describeMutation).join(' → ')}`;
}

function emptyStats(): FuzzStats {
  return { runs: 0, acceptable: 0, rowErrors: 0, fileErrors: 0, committed: 0, wrote: 0 };
}

function count(stats: FuzzStats, outcome: ImportOutcome): void {
  stats.runs++;
  if (outcome.acceptable) stats.acceptable++;
  else if (outcome.fileError !== null) stats.fileErrors++;
  else stats.rowErrors++;
}

/** Runs the importer; an exception is a crash, reported with the case. */
async function runSafely(target: ImportTarget, env: FuzzEnv, file: string, commit: boolean, what: string): Promise<ImportOutcome> {
  try {
    return await target.run(env, file, commit);
  } catch (error) {
    throw new Error(`el importador de ${target.name} lanzó una excepción (${commit ? 'aplicar' : 'vista previa'}) con ${what}: ${String(error)}`);
  }
}

function fail(problems: string[], what: string): void {
  if (problems.length > 0) throw new Error(`${what}:\n  - ${problems.slice(0, 12).join('\n  - ')}`);
}

export async function fuzzPreviews(target: ImportTarget, env: FuzzEnv, dir: string, numRuns: number): Promise<FuzzStats> {
  const stats = emptyStats();
  const file = path.join(dir, `fuzz-${target.name}.csv`);
  await fc.assert(
    fc.asyncProperty(caseArb(target, false), async (c) => {
      const bytes = mutate(target.samples[c.sample].bytes, c.mutations, target.layoutOf);
      fs.writeFileSync(file, bytes);
      const what = describeCase(target, c);
      const before = await fingerprint(env.t.app.db, target.tables);
      const outcome = await runSafely(target, env, file, false, what);
      count(stats, outcome);
      const problems = outcomeProblems(outcome, bytes);
      if (outcome.committed) problems.push('la vista previa dice que aplicó');
      const after = await fingerprint(env.t.app.db, target.tables);
      if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`la vista previa escribió: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
      fail(problems, what);
    }),
    { numRuns, seed: SEED },
  );
  return stats;
}

export async function fuzzCommits(target: ImportTarget, env: FuzzEnv, dir: string, numRuns: number): Promise<FuzzStats> {
  const stats = emptyStats();
  const file = path.join(dir, `fuzz-${target.name}.csv`);
  await fc.assert(
    fc.asyncProperty(caseArb(target, true), async (c) => {
      const bytes = mutate(target.samples[c.sample].bytes, c.mutations, target.layoutOf);
      fs.writeFileSync(file, bytes);
      const what = describeCase(target, c);
      const db = env.t.app.db;
      const before = await fingerprint(db, target.tables);
      const rowsBefore = await target.rows(env);
      const preview = await runSafely(target, env, file, false, what);
      const outcome = await runSafely(target, env, file, true, what);
      count(stats, outcome);
      const problems = [...outcomeProblems(preview, bytes), ...outcomeProblems(outcome, bytes)];
      if (outcome.committed !== preview.acceptable) problems.push(`la vista previa dijo acceptable=${preview.acceptable} y aplicar dijo committed=${outcome.committed}`);
      const counts = (o: ImportOutcome) => [o.newCount, o.changedCount, o.unchangedCount, o.rejectedCount, o.errors.length].join('/');
      if (counts(preview) !== counts(outcome)) problems.push(`conteos de la vista previa ${counts(preview)} y al aplicar ${counts(outcome)}`);
      const after = await fingerprint(db, target.tables);
      const wrote = outcome.newCount + outcome.changedCount > 0;
      if (!outcome.committed || !wrote) {
        if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`no aplicó nada pero la base cambió: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
      } else {
        for (const table of [target.batchTable ?? 'import_batches', 'audit_log']) {
          const n = (f: Record<string, string>) => Number(f[table].split(':')[0]);
          if (n(after) !== n(before) + 1) problems.push(`${table} pasó de ${n(before)} a ${n(after)} filas: debía ganar una`);
        }
        problems.push(...target.verifyCommitted(env, bytes, outcome, rowsBefore, await target.rows(env)));
      }
      if (outcome.committed) stats.committed++;
      if (outcome.committed && wrote) stats.wrote++;
      fail(problems, what);
    }),
    // the database changes with each commit, so a failing case is reported as found, not shrunk
    { numRuns, seed: SEED, endOnFailure: true },
  );
  return stats;
}

export function formatStats(label: string, s: FuzzStats): string {
  const extra = s.committed || s.wrote ? `, ${s.committed} aplicados (${s.wrote} con cambios)` : '';
  return `[fuzz] ${label}: ${s.runs} archivos mutados — ${s.acceptable} aceptables, ${s.rowErrors} con errores de fila, ${s.fileErrors} con error de archivo${extra}`;
}
