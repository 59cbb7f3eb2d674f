/**
 * The audit chain on a real SQLite file: every row carries the previous row's hash and its own, and
 * verifyAuditChain names the first row that was changed, deleted or added behind the application's back.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { auditedSavepoint, auditRowHash, auditsAtTheEnd, GENESIS_HASH, verifyAuditChain, writeAudit, type Actor } from '../../electron/core/db/audit';
import { openDatabase } from '../../electron/core/db/connection';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import { createInitializedBackOffice, onPostgres, tempDir, type TestBackOffice } from '../helpers/backoffice';

let t: (TestBackOffice & { adminToken: string }) | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  t = null;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const cashier: Actor = { userId: 7, name: 'cajero1', officeId: 1 };

/** n audit rows, one transaction each, as a day at the counter writes them */
async function writeRows(n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await t!.app.db.transaction((trx) =>
      writeAudit(trx, cashier, { action: 'payment.apply', entity: 'payment', entityId: i, before: null, after: { receipt: `R-${i}`, amount: 154_300 + i } }),
    );
  }
}

const ids = async (): Promise<number[]> => (await t!.app.db('audit_log').orderBy('id').pluck('id')).map(Number);

describe('the audit chain', () => {
  it('chains every row the back office writes, and a clean chain of 1,000 writes verifies', async () => {
    t = await createInitializedBackOffice();
    const written = await t.app.db('audit_log').orderBy('id');
    expect(written.map((r) => r.action)).toEqual(['company.create', 'office.create', 'user.create', 'calendar.seed', 'auth.login']);
    expect(written[0].prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < written.length; i++) expect(written[i].prev_hash).toBe(written[i - 1].hash);
    for (const row of written) expect(row.hash).toMatch(/^[0-9a-f]{64}$/);

    await writeRows(1000);
    // Spanish text, quotes, a backslash, a line break and an emoji: on PostgreSQL the server seals the
    // row (SHA-256 of the same bytes, migration 040), and verify recomputes it here
    const said = { note: 'Pagó "en efectivo" la señora Núñez \\ 2ª cuota\n🙂', amount: 154_300 };
    await t.app.db.transaction((trx) => writeAudit(trx, cashier, { action: 'payment.apply', entity: 'payment', entityId: 'ñ-1', before: null, after: said }));
    const sealed = await t.app.db('audit_log').orderBy('id', 'desc').first();
    expect(JSON.parse(sealed.after_json)).toEqual(said);
    expect(sealed.hash).toBe(auditRowHash(sealed.prev_hash, { ...sealed, id: Number(sealed.id) }));
    const all = await ids();
    expect(all.length).toBe(written.length + 1001);
    expect(await verifyAuditChain(t.app.db)).toEqual({ ok: true, rows: all.length, lastId: all[all.length - 1] });
    // read in small pages, the answer is the same
    expect(await verifyAuditChain(t.app.db, 64)).toEqual({ ok: true, rows: all.length, lastId: all[all.length - 1] });
  });

  it('a row edited directly in the database: verify names that row', async () => {
    t = await createInitializedBackOffice();
    await writeRows(30);
    const all = await ids();
    const target = all[20];
    await t.app.db('audit_log').where({ id: target }).update({ after_json: JSON.stringify({ receipt: 'R-18', amount: 1 }) });

    const result = await verifyAuditChain(t.app.db, 8);
    expect(result).toMatchObject({ ok: false, rowId: target, reason: 'cambiada', rows: 20 });
    expect(!result.ok && result.message).toBe(`La fila ${target} de la auditoría fue cambiada: su contenido ya no corresponde a su sello.`);
  });

  it('a middle row deleted: verify names the row where the chain breaks and the missing one', async () => {
    t = await createInitializedBackOffice();
    await writeRows(30);
    const all = await ids();
    const deleted = all[15];
    await t.app.db('audit_log').where({ id: deleted }).del();

    const result = await verifyAuditChain(t.app.db);
    expect(result).toMatchObject({ ok: false, rowId: all[16], reason: 'borrada', rows: 15 });
    expect(!result.ok && result.message).toMatch(new RegExp(`se rompe en la fila ${all[16]}: .*falta la fila ${deleted}`));
  });

  it('a row rewritten together with its own hash: the break shows at the next row', async () => {
    t = await createInitializedBackOffice();
    await writeRows(10);
    const all = await ids();
    const forged = all[5];
    const row = await t.app.db('audit_log').where({ id: forged }).first();
    const after_json = JSON.stringify({ receipt: 'R-3', amount: 100 });
    await t.app.db('audit_log').where({ id: forged }).update({ after_json, hash: auditRowHash(row.prev_hash, { ...row, after_json }) });

    const result = await verifyAuditChain(t.app.db);
    expect(result).toMatchObject({ ok: false, rowId: all[6], reason: 'borrada' });
    expect(!result.ok && result.message).toMatch(new RegExp(`o la fila ${forged} fue reescrita`));
  });

  it('the newest rows deleted, or a row added by hand: verify says so', async () => {
    t = await createInitializedBackOffice();
    await writeRows(10);
    const all = await ids();
    const last = all[all.length - 1];
    await t.app.db('audit_log').whereIn('id', [last - 1, last]).del();
    const tail = await verifyAuditChain(t.app.db);
    expect(tail).toMatchObject({ ok: false, rowId: last, reason: 'borrada', rows: all.length - 2 });
    expect(!tail.ok && tail.message).toBe(
      `Faltan las últimas filas de la auditoría: la última escrita por la aplicación es la ${last}; se borraron las filas ${last - 1} a ${last}.`,
    );

    await t.close();
    t = await createInitializedBackOffice();
    await writeRows(3);
    const [added] = await t.app.db('audit_log')
      .insert({ at: new Date().toISOString(), user_id: null, actor: 'intruso', office_id: null, action: 'payment.void', entity: 'payment', entity_id: '2' })
      .returning('id');
    expect(await verifyAuditChain(t.app.db)).toMatchObject({ ok: false, rowId: Number(added.id), reason: 'sin-sello' });

    // a row added by hand with a made-up seal: migration 040's trigger moves the head only for a row
    // that chains onto it, so the head stays where the application left it and verify names the row
    await t.app.db('audit_log').where({ id: added.id }).del();
    const head = await t.app.db('audit_head').first();
    const [forged] = await t.app.db('audit_log')
      .insert({ at: new Date().toISOString(), user_id: null, actor: 'intruso', office_id: null, action: 'payment.void', entity: 'payment', entity_id: '2', prev_hash: 'f'.repeat(64), hash: 'a'.repeat(64) })
      .returning('id');
    expect(await t.app.db('audit_head').first()).toEqual(head);
    const extra = await verifyAuditChain(t.app.db);
    expect(extra).toMatchObject({ ok: false, rowId: Number(forged.id), reason: 'agregada' });
    expect(!extra.ok && extra.message).toBe(
      `La fila ${forged.id} de la auditoría está después de la última que escribió la aplicación (${head.last_id}): fue agregada por fuera de ella.`,
    );
  });

  // an old SQLite file and its copy before migrating: SQLite only
  it.skipIf(onPostgres)('rows written before the chain existed are chained by the migration, in id order, and the chain goes on', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = path.join(dir, 'ventanilla.sqlite');
    const old = openDatabase({ filename: file });
    const first: Knex.MigrationSource<(typeof MIGRATIONS)[number]> = {
      getMigrations: async () => [MIGRATIONS[0]],
      getMigrationName: (m) => m.name,
      getMigration: async (m) => m,
    };
    await old.migrate.latest({ migrationSource: first });
    for (const action of ['user.create', 'settings.update', 'account.updateContact']) {
      await old('audit_log').insert({ at: '2026-03-02T14:00:00.000Z', user_id: 1, actor: 'admin', office_id: 1, action, entity: 'x', entity_id: '1', after_json: '{}' });
    }
    await old.destroy();

    const app = await openBackOffice({ dbFile: file });
    try {
      expect(app.migration.applied).toEqual(MIGRATIONS.slice(1).map((m) => m.name));
      expect(path.basename(app.migration.backupFile ?? '')).toMatch(/^antes-de-migrar-v1-\d{4}-\d{2}-\d{2}-\d{6}\.sqlite$/);
      expect(await verifyAuditChain(app.db)).toEqual({ ok: true, rows: 3, lastId: 3 });
      const first = await app.db('audit_log').where({ id: 1 }).first();
      expect(first.prev_hash).toBe(GENESIS_HASH);

      await app.db.transaction((trx) => writeAudit(trx, cashier, { action: 'payment.apply', entity: 'payment', entityId: 1 }));
      const fourth = await app.db('audit_log').where({ id: 4 }).first();
      expect(fourth.prev_hash).toBe((await app.db('audit_log').where({ id: 3 }).first()).hash);
      expect(await verifyAuditChain(app.db)).toEqual({ ok: true, rows: 4, lastId: 4 });
    } finally {
      await closeBackOffice(app);
    }
  });
});

/**
 * A long transaction (a bank file's) writes its audit rows at its end (auditsAtTheEnd): on
 * PostgreSQL the chain's head is locked from a transaction's first row to its commit, and every
 * counter's payment writes a row, so a row written early would hold up every counter until the long
 * transaction commits.
 */
describe('audit rows held back to the end of a long transaction', () => {
  const coordinator: Actor = { userId: 3, name: 'coordinador1', officeId: 1 };
  const entry = (action: string, n: number) => ({ action, entity: 'bank_file', entityId: n, after: { n } });

  it('are written at the end of the work, in the order asked; one asked inside a savepoint rolled back is dropped', async () => {
    t = await createInitializedBackOffice();
    const before = (await ids()).length;
    await t.app.db.transaction((trx) =>
      auditsAtTheEnd(trx, async () => {
        await writeAudit(trx, coordinator, entry('agreement.activate', 1));
        expect((await trx('audit_log').pluck('id')).length).toBe(before); // held back: nothing written yet
        await auditedSavepoint(trx, async (savepoint) => {
          await writeAudit(savepoint, coordinator, entry('agreement.kept', 2));
        });
        await expect(
          auditedSavepoint(trx, async (savepoint) => {
            await writeAudit(savepoint, coordinator, entry('agreement.undone', 3));
            throw new Error('no se puede activar');
          }),
        ).rejects.toThrow('no se puede activar');
        await writeAudit(trx, coordinator, entry('workOrders.reconnection', 4));
      }),
    );
    const rows = await t.app.db('audit_log').orderBy('id').select('action');
    expect(rows.slice(before).map((r) => r.action)).toEqual(['agreement.activate', 'agreement.kept', 'workOrders.reconnection']);
    expect(await verifyAuditChain(t.app.db)).toMatchObject({ ok: true });
  });

  it.skipIf(!onPostgres)('PostgreSQL: while the work goes on, another transaction writes its row (the head is not held), and the chain stays whole', async () => {
    t = await createInitializedBackOffice();
    let release!: () => void;
    const barrier = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const atBarrier = new Promise<void>((resolve) => (reached = resolve));
    const long = t.app.db.transaction((trx) =>
      auditsAtTheEnd(trx, async () => {
        await writeAudit(trx, coordinator, entry('agreement.activate', 1));
        reached();
        await barrier;
      }),
    );
    await atBarrier;
    // a counter's payment row, from another connection, while the long transaction is open
    await t.app.db.transaction((trx) => writeAudit(trx, cashier, entry('payment.post', 9)));
    release();
    await long;
    const rows = await t.app.db('audit_log').orderBy('id').select('action');
    expect(rows.slice(-2).map((r) => r.action)).toEqual(['payment.post', 'agreement.activate']);
    expect(await verifyAuditChain(t.app.db)).toMatchObject({ ok: true });
  });
});
