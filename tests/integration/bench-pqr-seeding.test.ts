/**
 * The benches' PQR seeding (`tests/bench/pqr-bench.ts` `insertPqrs`, used by the counter, SUI and
 * indicators benches) drops the PQR table's secondary indexes and SQLite's words trigger during its
 * insert and makes them again afterwards. What must still hold: the same indexes and triggers as the
 * migrations made, the seeded PQRs found by the words search like the LIKE search finds them, in the
 * trays of the clerks they are assigned to, and a PQR filed afterwards found by its words at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPqrs } from '../bench/pqr-bench';
import { createInitializedBackOffice, loginAs, type TestBackOffice } from '../helpers/backoffice';
import { filePqr, pqrIdsByWords, pqrIdsLike } from '../helpers/pqr';

type T = TestBackOffice & { adminToken: string; officeId: number };
let t: T;
let clerk: string;
let clerkId: number;

/** the PQR table's indexes and triggers, as their definitions */
async function pqrSchema(): Promise<string[]> {
  if (t.app.dbFile === null) {
    const { rows } = (await t.app.db.raw(`SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'pqrs' ORDER BY indexname`)) as { rows: { indexdef: string }[] };
    return rows.map((r) => r.indexdef);
  }
  const rows = (await t.app.db.raw(`SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'pqrs' AND type IN ('index', 'trigger') ORDER BY name`)) as { type: string; name: string; sql: string | null }[];
  return rows.map((r) => `${r.type} ${r.name} ${r.sql ?? ''}`);
}

const likeIds = (text: string) => pqrIdsLike(t.app.db, text);
const wordIds = (text: string) => pqrIdsByWords(t.app.db, text);

let before: string[];

beforeAll(async () => {
  t = await createInitializedBackOffice();
  clerk = await loginAs(t, 'auxiliar');
  clerkId = Number((await t.app.db('users').where({ username: 'auxiliar1' }).first('id')).id);
  before = await pqrSchema();
  await insertPqrs(t.app, 60, t.officeId, [clerkId]);
}, 60_000);
afterAll(async () => {
  await t.close();
});

describe('the benches PQR seeding', () => {
  it('leaves the PQR table with the indexes and triggers the migrations made', async () => {
    expect(before.length).toBeGreaterThan(10);
    expect(await pqrSchema()).toEqual(before);
  });

  it('seeds PQRs the words search finds as the LIKE search does', async () => {
    expect(Number((await t.app.db('pqrs').count<{ n: number }[]>({ n: '*' }))[0].n)).toBe(60);
    for (const text of ['fuga', 'cobro', 'gomez 10000001', 'peticion 17']) {
      const like = await likeIds(text);
      expect(like.length).toBeGreaterThan(0);
      expect(await wordIds(text)).toEqual(like);
    }
  });

  it("shows the open seeded PQRs in the clerk's tray", async () => {
    const r = await t.call('pqr.tray', { scope: 'mine' }, clerk);
    expect(r.ok && r.data.length).toBe(20);
  });

  it('finds a PQR filed after the seeding by its words at once', async () => {
    const { pqr } = await filePqr(t, clerk, { subject: 'Zafiro en el contador', text: 'Una palabra que ninguna PQR sembrada tiene: zafiro.' });
    expect(await wordIds('zafiro')).toEqual([pqr.id]);
  });
});
