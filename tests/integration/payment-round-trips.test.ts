/**
 * Issue 20 item 2 / issue 17: the statements one payment at the counter sends to the database
 * (every round trip costs 0.1–0.3 ms on a quiet machine and several ms under load). Counted with
 * knex's `query` event around `cashier.pay` through the dispatcher (the session check, the payment's
 * transaction and the receipt), for a plain payment and for one that orders a reconnection. And, on
 * SQLite, that no payment's COMMIT runs the WAL checkpoint (checkpointer.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInitializedBackOffice, loginAs, onPostgres, type TestBackOffice } from '../helpers/backoffice';
import { accountWithInvoices, openCashierDesk, payCash, type CashierDesk } from '../helpers/cashier';
import { verifyAuditChain } from '../../electron/core/db/audit';
import { getSettings } from '../../electron/core/modules/settings/service';
import { getCompany } from '../../electron/core/modules/setup/service';
import { CHECKPOINT_INTERVAL_MS, walProgress, WalCheckpointer } from '../../electron/core/db/checkpointer';
import { walCheckpointerOf } from '../../electron/core/db/connection';
import type { Receipt } from '../../shared/contract';
import { buildReceipt } from '../../electron/core/modules/cashier/receipts';
import { insertPqrs } from '../bench/pqr-bench';
import { pay } from '../helpers/cashier';

type T = TestBackOffice & { adminToken: string; officeId: number };
let t: T;
let coord: string;
let desk: CashierDesk;

beforeAll(async () => {
  t = await createInitializedBackOffice();
  coord = await loginAs(t, 'coordinador', 'coord1');
  desk = await openCashierDesk(t);
});
afterAll(async () => t.close());

/**
 * the company and settings read now, so that the payment measured next finds them kept (they are
 * read again once CONFIG_MAX_AGE_MS old, which a loaded machine could reach between two payments)
 */
async function keptFresh(): Promise<void> {
  await Promise.all([getCompany(t.app.db), getSettings(t.app.db)]);
}

/** the SQL of every statement `work` sends */
async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const sql: string[] = [];
  const listener = (q: { sql: string }) => sql.push(q.sql);
  t.app.db.on('query', listener);
  try {
    await work();
  } finally {
    t.app.db.removeListener('query', listener);
  }
  return sql;
}

describe('round trips of one payment at the counter', () => {
  it('a plain payment and one that orders a reconnection', async () => {
    const plain = await accountWithInvoices(t, '300001', [50_000]);
    await payCash(t, desk.token, plain.accountId, 1_000); // warm: the first payment of the session
    await keptFresh();
    const plainSql = await statementsOf(() => payCash(t, desk.token, plain.accountId, 20_000));

    const suspended = await accountWithInvoices(t, '300002', [50_000]);
    const order = await t.ok('workOrders.create', { accountId: suspended.accountId, type: 'suspension', reason: 'Aviso vencido' }, coord);
    await t.ok('workOrders.recordResult', { orderId: order.id, outcome: 'ejecutada', executedAt: new Date().toISOString(), executedBy: 'Pedro Gil', sealNumber: 'S-1' }, coord);
    let receipt: Receipt | undefined;
    await keptFresh();
    const reconnectionSql = await statementsOf(async () => {
      receipt = await payCash(t, desk.token, suspended.accountId, 50_000);
    });
    expect(receipt?.reconnection?.number).toMatch(/^OT-\d{4}-000002$/);
    if (process.env.VENTANILLA_LOG_ROUND_TRIPS) {
      console.log(`[round trips] ${t.app.db.client.config.client}: plain ${plainSql.length}, reconnection ${reconnectionSql.length}\n--- plain\n${plainSql.join('\n')}\n--- reconnection\n${reconnectionSql.join('\n')}`);
    }
    // before (base 983b955): plain 28 on both engines; with a reconnection 36 (SQLite) / 37 (PostgreSQL)
    // base c140f79: 21 / 23 (SQLite: it also takes the write lock first), 20 / 22 (PostgreSQL)
    // now: 13 / 16 (SQLite), 11 / 14 (PostgreSQL).
    // pay21: no idempotency read before the transaction (the one inside counts), no reconnection read for
    // an account neither suspended nor with a pending suspension order (the account's first read says so),
    // no read after the COMMIT (the receipt is built from what the transaction read and wrote: see the
    // next describe). audit21: the audit row is one statement on PostgreSQL (head locked, id drawn, row
    // sealed and inserted; migration 040's trigger moves the head) and two on SQLite (head read, insert),
    // and the company and settings are kept per process (db/configCache.ts).
    // pay25: on PostgreSQL the take-down, the credit, the payment, its tenders and its allocations are one
    // statement (cashier/record.ts WRITE_PAYMENT_PG) and a reconnection draws its order number in its
    // insert (workorders/reconnection.ts); on both engines the idempotency key is read with the session
    // (cashier/queries.ts openSessionForPayment): 7 / 9 (PostgreSQL), 12 / 15 (SQLite).
    expect(plainSql.length).toBeLessThanOrEqual(onPostgres ? 7 : 12);
    // the payment's own rows: one statement on PostgreSQL (the tenders and allocations inside it), the idempotency key read once
    expect(plainSql.filter((q) => /insert into .?payment_(tenders|allocations)/i.test(q))).toHaveLength(onPostgres ? 1 : 2);
    expect(plainSql.filter((q) => /idempotency_key = /i.test(q))).toHaveLength(1);
    expect(plainSql.filter((q) => /^select 'r' AS kind/i.test(q))).toEqual([]);
    expect(reconnectionSql.filter((q) => /^select 'r' AS kind/i.test(q))).toHaveLength(1);
    expect(plainSql[plainSql.length - 1]).toMatch(/^COMMIT/i);
    expect(reconnectionSql[reconnectionSql.length - 1]).toMatch(/^COMMIT/i);
    expect(plainSql.filter((q) => q.startsWith('select * from "company"') || q === 'select "key", "value_json" from "settings"')).toEqual([]);
    // the audit row: the head read once (PostgreSQL: in the insert itself), never updated by the application
    expect(plainSql.filter((q) => /audit_head/i.test(q))).toHaveLength(1);
    expect(plainSql.filter((q) => /update "audit_head"/i.test(q))).toEqual([]);
    // the reconnection adds its read (the suspended account's orders and overdue debts), its order number
    // (one upsert … RETURNING) and the order's insert, nothing else; on PostgreSQL the number is drawn by the insert
    expect(reconnectionSql.length - plainSql.length).toBe(onPostgres ? 2 : 3);
    expect(reconnectionSql.filter((q) => /insert into .?audit_log/i.test(q))).toHaveLength(1);

    // the reconnection is in the payment's own audit row, and the chain still verifies
    const rows: { action: string; after_json: string }[] = await t.app.db('audit_log').where({ entity: 'payment', entity_id: String(receipt?.paymentId) }).select('action', 'after_json');
    expect(rows.map((r) => r.action)).toEqual(['payment.post']);
    expect(JSON.parse(rows[0].after_json).reconnection).toEqual({
      origin: 'pago',
      reconnections: [receipt?.reconnection?.number],
      cancelledSuspensions: [],
      reason: 'La causa desapareció: la cuenta pagó lo vencido',
    });
    expect(await t.app.db('audit_log').where({ action: 'workOrders.reconnection' })).toEqual([]);
    expect(await verifyAuditChain(t.app.db)).toMatchObject({ ok: true });
  });

  it('two payments at once on two counters get two receipt numbers, one after the other (one upsert … RETURNING)', async () => {
    const account = await accountWithInvoices(t, '300003', [90_000]);
    const other = await openCashierDesk(t, { username: 'cajero2', tillCode: 'C2' });
    const before: { value: number | string } = await t.app.db('counters').where({ key: `receipt:${t.officeId}` }).first('value');
    const [a, b] = await Promise.all([payCash(t, desk.token, account.accountId, 10_000), payCash(t, other.token, account.accountId, 10_000)]);
    expect([a.receiptNumber, b.receiptNumber].sort((x, y) => x - y)).toEqual([Number(before.value) + 1, Number(before.value) + 2]);
    expect(await verifyAuditChain(t.app.db)).toMatchObject({ ok: true });
  });
});

describe('the receipt a payment answers is built from what its transaction has (no read after the COMMIT)', () => {
  it('is the receipt read back from the database: plain, with a reconnection, with charges added, a card and an overpayment', async () => {
    const answered: Receipt[] = [];
    // two invoices, paid oldest first, the second partly: two lines, balances after 0 and 30,000
    const plain = await accountWithInvoices(t, '300101', [40_000, 50_000]);
    answered.push(await payCash(t, desk.token, plain.accountId, 60_000, { received: 100_000 }));
    // a suspended account paying all it owes: the receipt carries its reconnection order and due time
    const suspended = await accountWithInvoices(t, '300102', [30_000]);
    const order = await t.ok('workOrders.create', { accountId: suspended.accountId, type: 'suspension', reason: 'Aviso vencido' }, coord);
    await t.ok('workOrders.recordResult', { orderId: order.id, outcome: 'ejecutada', executedAt: new Date().toISOString(), executedBy: 'Pedro Gil', sealNumber: 'S-2' }, coord);
    answered.push(await payCash(t, desk.token, suspended.accountId, 30_000));
    // a charge added now (paid first), a card with its voucher typed with spaces, cash over what is owed (credit)
    const withCharge = await accountWithInvoices(t, '300103', [20_000]);
    const [item] = await t.app.db('charge_items').insert({ code: 'RTRIP', name: 'Duplicado de factura', amount: 5_000, active: true }).returning('id');
    const chargeItemId = Number(typeof item === 'object' ? item.id : item);
    answered.push(
      await pay(t, desk.token, {
        accountId: withCharge.accountId,
        newCharges: [{ chargeItemId, quantity: 1 }],
        tenders: [
          { method: 'tarjeta_debito', amount: 10_000, reference: '  V-778  ' },
          { method: 'efectivo', amount: 40_000, received: 50_000 },
        ],
      }),
    );
    expect(answered[0].lines.map((l) => [l.amount, l.balanceAfter])).toEqual([[40_000, 0], [20_000, 30_000]]);
    expect(answered[1].reconnection?.number).toMatch(/^OT-\d{4}-\d{6}$/);
    expect(answered[2].lines.map((l) => l.description)).toEqual(['Duplicado de factura', expect.stringMatching(/^Factura /)]);
    expect(answered[2].creditAdded).toBe(25_000); // 50,000 paid − 5,000 charge − 20,000 invoice
    expect(answered[2].tenders[0].reference).toBe('V-778');
    for (const receipt of answered) expect(receipt).toEqual(await buildReceipt(t.app.db, receipt.paymentId));
  });
});

describe('the tray of PQRs nobody has taken (migration 032)', () => {
  it('walks its own partial index by office, state and due date', async () => {
    const sql: { sql: string; bindings: readonly unknown[] }[] = [];
    const listener = (q: { sql: string; bindings?: readonly unknown[] }) => sql.push({ sql: q.sql, bindings: q.bindings ?? [] });
    t.app.db.on('query', listener);
    try {
      await t.ok('pqr.tray', { scope: 'unassigned' }, coord);
    } finally {
      t.app.db.removeListener('query', listener);
    }
    const page = sql.filter((q) => /assigned_to. is null/i.test(q.sql));
    expect(page.length).toBeGreaterThan(0); // one per open state
    const onPg = t.app.dbFile === null;
    // an office whose PQRs are taken, as an office's are: with no PQR at all, PostgreSQL finds the
    // office's tray index (migration 043) as cheap as the partial one
    const coordId = Number((await t.app.db('users').where({ username: 'coord1' }).first('id')).id);
    await insertPqrs(t.app, 300, t.officeId, [coordId]);
    await t.app.db.raw('ANALYZE'); // the planner's statistics, as an office's database has them
    const plan = await t.app.db.transaction(async (trx) => {
      // an empty table: PostgreSQL would rather read it whole; what matters is that the index answers the page
      if (onPg) await trx.raw('SET LOCAL enable_seqscan = off');
      const explained: unknown = await trx.raw(`${onPg ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN'} ${page[0].sql.replace(/\$\d+/g, '?')}`, page[0].bindings as never);
      const rows = (Array.isArray(explained) ? explained : (explained as { rows: unknown[] }).rows) as Record<string, string>[];
      return rows.map((r) => r.detail ?? r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('pqrs_unassigned_tray');
  });
});

describe("a clerk's and the office's PQR tray (migration 043)", () => {
  it('read each state in the page order straight from an index, with no sort (the page stops at 500 rows at any size)', async () => {
    const onPg = t.app.dbFile === null;
    await t.app.db.raw('ANALYZE');
    for (const [scope, index] of [
      ['mine', onPg ? 'pqrs_assigned_tray' : 'pqrs_assigned_to_state_due_date_index'],
      ['office', onPg ? 'pqrs_office_tray' : 'pqrs_office_id_state_due_date_index'],
    ] as const) {
      const sql: { sql: string; bindings: readonly unknown[] }[] = [];
      const listener = (q: { sql: string; bindings?: readonly unknown[] }) => sql.push({ sql: q.sql, bindings: q.bindings ?? [] });
      t.app.db.on('query', listener);
      try {
        await t.ok('pqr.tray', { scope }, coord);
      } finally {
        t.app.db.removeListener('query', listener);
      }
      const page = sql.filter((q) => /order by .p.\..due_date.( asc)?, .p.\..id./i.test(q.sql));
      expect(page.length).toBeGreaterThan(0); // one per open state
      const plan = await t.app.db.transaction(async (trx) => {
        // an empty table: PostgreSQL would rather read it whole; what matters is how the index answers the page
        if (onPg) await trx.raw('SET LOCAL enable_seqscan = off');
        const explained: unknown = await trx.raw(`${onPg ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN'} ${page[0].sql.replace(/\$\d+/g, '?')}`, page[0].bindings as never);
        const rows = (Array.isArray(explained) ? explained : (explained as { rows: unknown[] }).rows) as Record<string, string>[];
        return rows.map((r) => r.detail ?? r['QUERY PLAN']).join('\n');
      });
      expect(plan).toContain(index);
      expect(plan).not.toMatch(onPg ? /Sort/ : /TEMP B-TREE/);
    }
  });
});

describe.skipIf(onPostgres)("the WAL checkpoint is off the payment's path (SQLite)", () => {
  it("no payment's COMMIT copies the WAL into the file past SQLite's usual 1,000 pages; the background checkpointer copies it all", async () => {
    const file = t.app.dbFile!;
    const background = walCheckpointerOf(t.app.db);
    expect(background).not.toBeNull();
    // stopped, so that only the payments' own commits could checkpoint from here on
    await background!.stop();
    const account = await accountWithInvoices(t, '300009', [9_000_000]);
    await payCash(t, desk.token, account.accountId, 1_000); // the first write after a complete checkpoint restarts the WAL
    const start = walProgress(file)!;
    let payments = 0;
    // SQLite's default automatic checkpoint (1,000 pages) would have run inside one of these COMMITs
    while (walProgress(file)!.frames - start.frames < 1_100 && payments < 400) {
      await payCash(t, desk.token, account.accountId, 1_000);
      payments += 1;
      const now = walProgress(file)!;
      expect({ generation: now.generation, checkpointed: now.checkpointed }).toEqual({ generation: start.generation, checkpointed: start.checkpointed });
    }
    const grown = walProgress(file)!;
    expect(grown.frames - start.frames).toBeGreaterThanOrEqual(1_100);
    // a second connection copies them while the app's stays open (what the background does every 500 ms)
    const again = new WalCheckpointer(file, CHECKPOINT_INTERVAL_MS, 1_000);
    await again.checkpoint();
    await again.stop();
    expect(walProgress(file)).toMatchObject({ generation: start.generation, checkpointed: grown.frames });
    // and the payments are all there, with the account's balance taken down by each
    const invoice: { balance: number | string } = await t.app.db('invoices').where({ account_id: account.accountId }).first('balance');
    expect(Number(invoice.balance)).toBe(9_000_000 - 1_000 * (payments + 1));
    expect(await verifyAuditChain(t.app.db)).toMatchObject({ ok: true });
  });

  it('under payments one right after the other the background checkpointer starts the WAL over, so the file stays bounded', async () => {
    const file = t.app.dbFile!;
    await walCheckpointerOf(t.app.db)!.stop(); // only the policy under test checkpoints
    // a small threshold so that the test writes 30 of them; the app's is RESET_PAGES
    const resetPages = 200;
    const background = new WalCheckpointer(file, 20, resetPages);
    const account = await accountWithInvoices(t, '300010', [90_000_000]);
    let payments = 0;
    let written = 0;
    let largest = 0;
    let restarts = 0;
    let last = walProgress(file)!;
    try {
      while (written < 30 * resetPages) {
        await payCash(t, desk.token, account.accountId, 1_000);
        payments += 1;
        const now = walProgress(file)!;
        const restarted = now.generation !== last.generation;
        written += restarted ? now.frames : now.frames - last.frames;
        restarts += restarted ? 1 : 0;
        largest = Math.max(largest, now.frames);
        last = now;
      }
    } finally {
      await background.stop();
    }
    // PASSIVE checkpoints alone seldom complete under back-to-back writes (without the FULL: 1 restart, the WAL grew to ~6,000).
    // The bound leaves room for the 20 ms timer firing late on a loaded machine: CI's full suite on
    // 2 cores once saw 1,042 frames (ninth session); 10 × resetPages still fails the ~6,000 of a
    // checkpointer that never starts the WAL over.
    expect(restarts).toBeGreaterThanOrEqual(5);
    expect(largest).toBeLessThan(10 * resetPages);
    // and nothing was lost on the way
    const invoice: { balance: number | string } = await t.app.db('invoices').where({ account_id: account.accountId }).first('balance');
    expect(Number(invoice.balance)).toBe(90_000_000 - 1_000 * payments);
    expect(await verifyAuditChain(t.app.db)).toMatchObject({ ok: true });
  });
});
