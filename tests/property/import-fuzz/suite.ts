/** The vitest suite of one importer under fuzzing: previews, then commits, on one real database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInitializedBackOffice } from '../../helpers/backoffice';
import { formatStats, fuzzCommits, fuzzPreviews, runs } from './run';
import type { FuzzEnv, ImportTarget } from './targets';

export function describeImportFuzz(target: ImportTarget, counts: { previews: number; commits: number }): void {
  describe(`the ${target.name} importer, with mutated files`, () => {
    let env: FuzzEnv;

    beforeAll(async () => {
      const t = await createInitializedBackOffice();
      env = { t, actor: { userId: 1, name: 'admin', officeId: t.officeId } };
      await target.prepare(env);
    });
    afterAll(async () => {
      await env?.t.close();
    });

    it('never crashes, names the line of each error in Spanish, and a preview writes nothing', async () => {
      const stats = await fuzzPreviews(target, env, env.t.dir, runs(counts.previews));
      console.log(formatStats(`${target.name}, vista previa`, stats));
      expect(stats.runs).toBe(runs(counts.previews));
    }, 600_000);

    it('applies a file whole, exactly as it says, or writes nothing', async () => {
      const stats = await fuzzCommits(target, env, env.t.dir, runs(counts.commits));
      console.log(formatStats(`${target.name}, vista previa y aplicar`, stats));
      expect(stats.runs).toBe(runs(counts.commits));
      // the run must exercise both branches, or it proves little
      expect(stats.wrote).toBeGreaterThan(0);
      expect(stats.runs - stats.committed).toBeGreaterThan(0);
    }, 600_000);
  });
}
