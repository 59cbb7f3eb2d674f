import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextNumber, nextNumbers } from '../../electron/core/db/counters';
import { createTestBackOffice, type TestBackOffice } from '../helpers/backoffice';

let t: TestBackOffice;
beforeAll(async () => {
  t = await createTestBackOffice();
});
afterAll(() => t.close());

describe('consecutive numbers', () => {
  it('count from 1 per sequence, and a rolled-back act gives its number back', async () => {
    const db = t.app.db;
    expect(await db.transaction((trx) => nextNumber(trx, 'receipt:GAR:2026'))).toBe(1);
    expect(await db.transaction((trx) => nextNumber(trx, 'receipt:GAR:2026'))).toBe(2);
    expect(await db.transaction((trx) => nextNumber(trx, 'radicado:GAR:2026:E'))).toBe(1);
    await expect(
      db.transaction(async (trx) => {
        await nextNumber(trx, 'receipt:GAR:2026');
        throw new Error('el pago falló');
      }),
    ).rejects.toThrow('el pago falló');
    expect(await db.transaction((trx) => nextNumber(trx, 'receipt:GAR:2026'))).toBe(3);
  });

  it('never hand out the same number to acts that run at the same time', async () => {
    const db = t.app.db;
    const numbers = await Promise.all(Array.from({ length: 25 }, () => db.transaction((trx) => nextNumber(trx, 'voucher:GAR:2026'))));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('hand out blocks that never overlap, from the first use of a sequence on (one statement each: INSERT … ON CONFLICT DO UPDATE … RETURNING)', async () => {
    const db = t.app.db;
    // 10 blocks of 3 asked at once on a sequence that does not exist yet: 1–3, 4–6, … 28–30 in some order
    const firsts = await Promise.all(Array.from({ length: 10 }, () => db.transaction((trx) => nextNumbers(trx, 'workorder:GAR:2026', 3))));
    expect([...firsts].sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => 1 + 3 * i));
    const sql: string[] = [];
    const listener = (q: { sql: string }) => sql.push(q.sql);
    db.on('query', listener);
    await db.transaction((trx) => nextNumber(trx, 'workorder:GAR:2026'));
    db.removeListener('query', listener);
    expect(sql.filter((q) => /counters/i.test(q))).toEqual([expect.stringMatching(/^insert into .counters. .* on conflict .* do update set .value. = .counters.\..value. \+ .excluded.\..value. returning .value.$/i)]);
    expect(await db.transaction((trx) => nextNumber(trx, 'workorder:GAR:2026'))).toBe(32);
  });
});
