import type { Knex } from 'knex';

/**
 * Next consecutive number of a sequence (e.g. 'receipt:BOG:2026'), inside the caller's transaction,
 * so that a rolled-back act gives its number back and a committed one never repeats.
 */
export async function nextNumber(trx: Knex.Transaction, key: string): Promise<number> {
  const updated = await trx('counters').where({ key }).increment('value', 1);
  if (updated === 0) {
    await trx('counters').insert({ key, value: 1 });
    return 1;
  }
  const row = await trx('counters').where({ key }).first('value');
  return Number(row.value);
}
