import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextNumber } from '../../electron/core/db/counters';
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
});
