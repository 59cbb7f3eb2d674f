/**
 * Issue 18, item 1 (speed and memory): the recaudo's three formats are streamed from the database
 * into the file writer, and the bytes are the same as before the streaming. A day of 2,300 payments
 * (more than one page of the old reader) with every shape a payment can take: a single invoice, two
 * invoices (the reference is then the account), a part to the account's credit, a bank payment
 * without receipt or cashier, two tenders (the main one is the largest), each way of paying. The
 * expected SHA-256 of each format were taken from the writer of commit 983b955 (before the
 * streaming) on SQLite and PostgreSQL alike; the Asobancaria 01 record (the file's date and time, the
 * moment of the export) is left out of the hash and checked field by field.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInitializedBackOffice } from '../helpers/backoffice';
import type { InitializedBackOffice } from '../helpers/cashier';
import { seedDebts } from '../bench/bankfile-bench';
import { SYSTEM_ACTOR } from '../../electron/core/db/audit';
import { exportRecaudo } from '../../electron/core/modules/exchange/recaudo';

const DAY = '2026-11-03';
const ACCOUNTS = 2_300;

let t: InitializedBackOffice;

/** The day, set-based: one payment per account, shaped by its id as the comments say. */
async function seedDay(): Promise<void> {
  await seedDebts(t.app.db, ACCOUNTS);
  const admin = Number((await t.app.db('users').where({ username: 'admin' }).first('id')).id);
  await t.app.db.transaction(async (trx) => {
    // every 7th came in a bank file (no receipt, no cashier); every 11th pays both invoices; every 13th leaves 5.000 to the credit
    await trx.raw(
      `INSERT INTO payments (office_id, account_id, receipt_number, idempotency_key, source, business_date, posted_at, cashier_id, amount, balance_after, status, verification_code)
       SELECT 1, a.id, CASE WHEN a.id % 7 = 0 THEN NULL ELSE 500000 + a.id END, 'stream-' || a.id, CASE WHEN a.id % 7 = 0 THEN 'banco' ELSE 'caja' END, ?,
         '2026-11-03T15:' || CASE WHEN a.id % 60 < 10 THEN '0' ELSE '' END || (a.id % 60) || ':00.000Z', CASE WHEN a.id % 7 = 0 THEN NULL ELSE CAST(? AS integer) END,
         (SELECT SUM(i.total) FROM invoices AS i WHERE i.account_id = a.id AND (i.period = '2026-10' OR a.id % 11 = 0)) + CASE WHEN a.id % 13 = 0 THEN 5000 ELSE 0 END,
         0, 'vigente', 'V' FROM accounts AS a ORDER BY a.id`,
      [DAY, admin],
    );
    // each way of paying; every 17th pays with two tenders (cash 1.000 and the rest by the other way)
    await trx.raw(
      `INSERT INTO payment_tenders (payment_id, method, amount, reference, bank)
       SELECT p.id, CASE WHEN p.source = 'banco' THEN 'banco' ELSE CASE p.id % 5 WHEN 0 THEN 'efectivo' WHEN 1 THEN 'cheque' WHEN 2 THEN 'tarjeta_debito' WHEN 3 THEN 'tarjeta_credito' ELSE 'transferencia' END END,
         p.amount - CASE WHEN p.id % 17 = 0 THEN 1000 ELSE 0 END, CASE WHEN p.id % 5 = 0 THEN '' ELSE 'VOU-' || (900000 + p.id) END, CASE WHEN p.id % 5 = 1 THEN 'Bancolombia' ELSE '' END
       FROM payments AS p ORDER BY p.id`,
    );
    await trx.raw(`INSERT INTO payment_tenders (payment_id, method, amount, reference, bank) SELECT p.id, 'efectivo', 1000, '', '' FROM payments AS p WHERE p.id % 17 = 0 ORDER BY p.id`);
    await trx.raw(
      `INSERT INTO payment_allocations (payment_id, invoice_id, amount, live)
       SELECT p.id, i.id, i.total, TRUE FROM payments AS p JOIN invoices AS i ON i.account_id = p.account_id AND (i.period = '2026-10' OR p.account_id % 11 = 0)
       ORDER BY p.id, i.period`,
    );
  });
}

beforeAll(async () => {
  t = await createInitializedBackOffice();
  await seedDay();
}, 60_000);
afterAll(() => t.close());

/** The SHA-256 of the bytes 983b955 wrote for this day (the same on both engines). */
const BEFORE = {
  asobancaria: '166d3221bb50171011b67c7a601cacf95911475e9412529b141eadc3f634e5bd',
  csv: '45c68b82c687aadaa9e124e88300b975ddbf1ac33a0243ae86cc44b961477f54',
  json: '4fcfd44ff70ef4e4205bf434e474a9ce3318686321eec9d45339483ea0ded058',
};

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

describe('the streamed recaudo', () => {
  it.each(['asobancaria', 'csv', 'json'] as const)('%s: the same bytes as the writer before the streaming, counts and totals equal to the database', async (format) => {
    const result = await exportRecaudo(t.app, SYSTEM_ACTOR, { date: DAY, officeId: null, format }, { kind: 'memory' });
    const content = result.content as Buffer;
    const sums: { n: number | string; total: number | string } = await t.app.db('payments').where({ business_date: DAY }).first(t.app.db.raw('COUNT(*) AS n'), t.app.db.raw('SUM(amount) AS total'));
    expect(result.export.records).toBe(ACCOUNTS);
    expect(result.export.records).toBe(Number(sums.n));
    expect(result.export.total).toBe(Number(sums.total));
    expect(result.export.sha256).toBe(sha256(content));
    expect(result.export.bytes).toBe(content.length);
    if (format === 'asobancaria') {
      const text = content.toString('latin1');
      const header = text.slice(0, 164);
      // 01: collection date 13-20 is the day; the file's date 41-48 and time 49-52 are the export's
      expect(header.slice(12, 20)).toBe('20261103');
      expect(header.slice(40, 48)).toMatch(/^\d{8}$/);
      expect(header.slice(52, 53)).toBe('A');
      expect(sha256(text.slice(164))).toBe(BEFORE.asobancaria);
    } else {
      expect(sha256(content)).toBe(BEFORE[format]);
    }
    // a re-send rebuilds the same bytes from the links (it refuses any other hash)
    const again = await exportRecaudo(t.app, SYSTEM_ACTOR, { date: DAY, officeId: null, format }, { kind: 'memory' });
    expect(again.created).toBe(false);
    expect(sha256(again.content as Buffer)).toBe(result.export.sha256);
  });
});
