/**
 * The PostgreSQL server restarts (an update, a crash, the administrator) while the counters work: on a
 * cluster of this file's own (initdb + pg_ctl in a temporary folder, like `.ci/run`), a back office
 * posts a payment, the server restarts (`pg_ctl restart -m fast`, every connection cut) and:
 * - the next payment and search work without reopening anything (the pool drops the dead
 *   connections and opens new ones by itself);
 * - a payment whose connection dies in flight is posted once (the back office retries it under its
 *   idempotency key) or refused in Spanish, never with the driver's words; while the server is down
 *   a payment is refused in Spanish and its retry with the same key, once the server is back, posts
 *   it exactly once.
 * Counted at the end: one payment per key, receipts 1…N with no gap, `reconcile()` clean.
 *
 * Runs in the PostgreSQL pass of the suite (VENTANILLA_TEST_PG_URL, as CI sets it); needs the
 * PostgreSQL binaries (skipped with the reason without them, except in CI, where it fails).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackOffice } from '../../electron/core/backoffice';
import { reconcile } from '../../electron/core/modules/audit/reconcile';
import { PAYMENT_CONNECTION_LOST } from '../../electron/core/modules/cashier/payments';
import { createInitializedBackOffice, onPostgres, tempDir, testBackOfficeOf } from '../helpers/backoffice';
import { accountWithInvoices, openCashierDesk, paymentKey, type CashierDesk, type InitializedBackOffice } from '../helpers/cashier';
import { NO_PG_BINARIES, pgBinaries, startPgCluster, type PgCluster } from '../helpers/pgCluster';
import { expectRefusal } from '../helpers/refusal';

const bin = pgBinaries();
if (onPostgres && !bin && process.env.CI) throw new Error(`CI: ${NO_PG_BINARIES}`);
const SKIP_REASON = !onPostgres ? 'corre en la pasada de PostgreSQL (VENTANILLA_TEST_PG_URL) / runs in the PostgreSQL pass' : NO_PG_BINARIES;
if (!onPostgres || !bin) console.warn(`pg-restart: se omite: ${SKIP_REASON}`);

const PAID = 10_000;

describe.skipIf(!onPostgres || !bin)('the PostgreSQL server restarts under the counter', () => {
  let cluster: PgCluster;
  let t: InitializedBackOffice;
  let desk: CashierDesk;
  let accountId: number;

  beforeAll(async () => {
    cluster = await startPgCluster(bin as string);
    const dir = tempDir();
    const app = await openBackOffice({ databaseUrl: cluster.url, dataDir: dir });
    t = await createInitializedBackOffice(testBackOfficeOf(app, dir, cluster.url, async () => cluster.stop()));
    desk = await openCashierDesk(t);
    ({ accountId } = await accountWithInvoices(t, '880001', [500_000, 400_000]));
  }, 60_000);
  afterAll(async () => {
    if (t) await t.close();
    else cluster?.stop();
  });

  const pay = (idempotencyKey: string) =>
    t.call('cashier.pay', { idempotencyKey, accountId, newCharges: [], tenders: [{ method: 'efectivo', amount: PAID, received: PAID, reference: '', bank: '' }] }, desk.token);

  it('the next payment and search after a restart work without reopening anything', async () => {
    const before = await pay(paymentKey());
    expect(before.ok).toBe(true);
    await cluster.restart();
    const after = await pay(paymentKey());
    expect(after.ok && after.data.receiptNumber).toBe(before.ok && before.data.receiptNumber + 1);
    const found = await t.call('accounts.search', { query: '880001', limit: 5 }, desk.token);
    expect(found.ok && found.data.map((a) => a.number)).toEqual(['880001']);
  });

  it('a payment whose connection dies in flight is posted once, and its retry with the same key gives the same receipt', async () => {
    // another session holds the payments table, so the payment waits inside its transaction …
    const blocker = new pg.Client({ connectionString: cluster.url });
    blocker.on('error', () => {}); // cut by the restart, like everyone
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE payments IN EXCLUSIVE MODE');
    const key = paymentKey();
    const inFlight = pay(key);
    let waiting = false;
    for (let i = 0; i < 100 && !waiting; i++) {
      const { rows } = await blocker.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()`);
      waiting = Number(rows[0].n) > 0;
      if (!waiting) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(waiting, 'the payment waits inside its transaction').toBe(true);
    // … when the server restarts under it
    await cluster.restart();
    const result = await inFlight;
    console.info(`pg-restart: the payment in flight was ${result.ok ? 'posted after the restart' : `refused: ${result.error.message}`}`);
    if (result.ok) {
      const again = await pay(key);
      expect(again.ok && again.data.receiptNumber).toBe(result.data.receiptNumber);
    } else {
      // refused: in Spanish, and the retry with the same key posts it
      await expectRefusal(Promise.resolve(result), 'UNAVAILABLE', PAYMENT_CONNECTION_LOST);
      expect((await pay(key)).ok).toBe(true);
    }
    expect(await paymentsWithKey(key)).toBe(1);
    await blocker.end().catch(() => {});
  });

  it('while the server is down a payment is refused in Spanish; its retry with the same key, once it is back, posts it exactly once', async () => {
    const key = paymentKey();
    await cluster.pause();
    try {
      await expectRefusal(pay(key), 'UNAVAILABLE', PAYMENT_CONNECTION_LOST);
      // what does not retry by itself (a search) is refused in Spanish too, without the driver's words
      await expectRefusal(
        t.call('accounts.search', { query: '880001', limit: 5 }, desk.token),
        'UNAVAILABLE',
        'Se perdió la conexión con el servidor de la base de datos (puede estar reiniciándose). Espere unos segundos e intente de nuevo.',
      );
    } finally {
      await cluster.resume();
    }
    const first = await pay(key);
    const second = await pay(key);
    expect(first.ok && second.ok && second.data.receiptNumber).toBe(first.ok && first.data.receiptNumber);
    expect(await paymentsWithKey(key)).toBe(1);
  });

  it('leaves every payment once, the receipts 1…N with no gap, and the books reconciled', async () => {
    const rows: { receipt_number: number }[] = await t.app.db('payments').where({ office_id: t.officeId }).orderBy('receipt_number').select('receipt_number');
    // four payments, one per key: before and after the restart, the one in flight, the one refused while down
    expect(rows.map((r) => Number(r.receipt_number))).toEqual([1, 2, 3, 4]);
    const [balance] = await t.app.db('invoices').where({ account_id: accountId }).sum<{ s: number }[]>({ s: 'balance' });
    expect(Number(balance?.s)).toBe(900_000 - 4 * PAID);
    const check = await reconcile(t.app.db);
    expect(check.issues).toEqual([]);
  });

  async function paymentsWithKey(key: string): Promise<number> {
    const [row] = await t.app.db('payments').where({ idempotency_key: key }).count<{ n: number }[]>({ n: '*' });
    return Number(row.n);
  }
});
