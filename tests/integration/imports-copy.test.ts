/**
 * The imports' bulk staging path on each engine: on PostgreSQL the rows go into the staging tables
 * through `COPY … FROM STDIN` (pg-copy-streams), on SQLite through json_each. Files bigger than one
 * COPY batch (StagingWriter.PG_BATCH_ROWS) with values COPY's text format reads specially, a bad
 * row found while reading and one found by the set-based checks after staging (both named by
 * their line, nothing written), and the re-import of an unchanged file (nothing written: no batch,
 * no audit row, no updated_at moved). One back office for the whole file (the tests build on each other).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../electron/core/modules/imports/service';
import { createStagingTable, openImportConnection, StagingWriter, stagingTable, writeAsFirstLoad } from '../../electron/core/modules/imports/staging';
import type { ImportKind, ImportResult } from '../../shared/contract';
import { createInitializedBackOffice, onPostgres, type TestBackOffice } from '../helpers/backoffice';
import { writeAccountsFile, writeInvoicesFile } from '../bench/import-bench';

let t: TestBackOffice & { adminToken: string; officeId: number };
const actor = () => ({ userId: 1, name: 'admin', officeId: t.officeId });
const run = (kind: ImportKind, filePath: string): Promise<ImportResult> => importFile(t.app, actor(), kind, filePath, { commit: true });

/** The rows an import may write, counted, and the latest change: a refused or unchanged file moves none of them. */
async function footprint() {
  const db = t.app.db;
  const count = async (table: string) => Number((await db(table).count({ n: '*' }).first())?.n);
  const latest = async (table: string) => (await db(table).max({ at: 'updated_at' }).first())?.at ?? null;
  return {
    accounts: await count('accounts'),
    invoices: await count('invoices'),
    lines: await count('invoice_lines'),
    batches: await count('import_batches'),
    audit: await count('audit_log'),
    accountsUpdatedAt: await latest('accounts'),
    invoicesUpdatedAt: await latest('invoices'),
  };
}

/**
 * The indexes and constraints of invoices and invoice_lines as the database describes them
 * (PostgreSQL: pg_indexes and pg_constraint, with every definition; SQLite: the pragmas' rows).
 * `db`: the connection to read through (inside a transaction, what it sees).
 */
async function invoiceTablesSchema(db: Knex = t.app.db): Promise<unknown> {
  if (!onPostgres) {
    const pragma = async (sql: string) => (await db.raw(sql)) as unknown[];
    return {
      indexes: [...(await pragma('PRAGMA index_list(invoices)')), ...(await pragma('PRAGMA index_list(invoice_lines)'))],
      keys: [...(await pragma('PRAGMA foreign_key_list(invoices)')), ...(await pragma('PRAGMA foreign_key_list(invoice_lines)'))],
    };
  }
  const rows = async (sql: string) => ((await db.raw(sql)) as { rows: unknown[] }).rows;
  return {
    indexes: await rows("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename IN ('invoices', 'invoice_lines') ORDER BY indexname"),
    keys: await rows(
      `SELECT conrelid::regclass::text AS "table", conname, contype, pg_get_constraintdef(oid) AS definition, convalidated, condeferrable
       FROM pg_constraint WHERE conrelid IN ('invoices'::regclass, 'invoice_lines'::regclass) ORDER BY conname`,
    ),
  };
}
/** as the migrations left them, read before the first import */
let SCHEMA_BEFORE: unknown = null;
const orphanLine = () => ({ invoice_id: 987_654_321, line_no: 1, concept: 'HUÉRFANA', quantity: '1', unit_value: 1, amount: 1 });

const ACCOUNTS = 3000;
const INVOICES = 3000; // 12,000 lines: the lines take two COPYs of PG_BATCH_ROWS on PostgreSQL

beforeAll(async () => {
  t = await createInitializedBackOffice();
  SCHEMA_BEFORE = await invoiceTablesSchema();
});
afterAll(async () => {
  await t?.close();
});

describe(`bulk staging on ${onPostgres ? 'PostgreSQL (COPY FROM STDIN)' : 'SQLite (json_each)'}`, () => {
  it('stages text that COPY escapes (backslashes, a literal \\N, tabs) and nulls exactly as written', async () => {
    const conn = await openImportConnection(t.app);
    try {
      await createStagingTable(conn.db, 'probe', 'n INTEGER NOT NULL, a TEXT, b TEXT');
      const raw = await conn.acquireRaw();
      const writer = new StagingWriter(raw, 'probe', ['n', 'a', 'b']);
      const rows = 2 * StagingWriter.PG_BATCH_ROWS + 7;
      for (let n = 1; n <= rows; n++) writer.push([n, n % 2 === 0 ? null : `C:\\cuentas\\${n}`, n === 5 ? '\\N' : 'tab\there\nline\r\\']);
      await writer.finish();
      await writer.close();
      await conn.releaseRaw(raw);
      const table = stagingTable(conn.db, 'probe');
      const count = await conn.db.raw(`SELECT COUNT(*) AS n, COUNT(a) AS a, SUM(n) AS total FROM ${table}`);
      const [summary] = Array.isArray(count) ? count : count.rows;
      // 20,007 rows: 10,003 odd ones with a path in `a`; 1 + 2 + … + 20,007 = 20,007 × 20,008 / 2
      expect({ n: Number(summary.n), a: Number(summary.a), total: Number(summary.total) }).toEqual({ n: rows, a: 10_004, total: (rows * (rows + 1)) / 2 });
      const five = await conn.db.raw(`SELECT a, b FROM ${table} WHERE n IN (4, 5) ORDER BY n`);
      expect(Array.isArray(five) ? five : five.rows).toEqual([
        { a: null, b: 'tab\there\nline\r\\' },
        { a: 'C:\\cuentas\\5', b: '\\N' },
      ]);
    } finally {
      await conn.close();
    }
  });

  it('a good file of accounts with backslashes and empty optional values goes in as written', async () => {
    const file = path.join(t.dir, 'cuentas.csv');
    await writeAccountsFile(file, ACCOUNTS);
    const text = fs.readFileSync(file, 'utf8').replace(/\r\n1000007;([^;]*);/, '\r\n1000007;MUÑOZ \\ HERMANOS \\N;');
    fs.writeFileSync(file, text);
    const result = await run('accounts', file);
    expect(result).toMatchObject({ rows: ACCOUNTS, newCount: ACCOUNTS, rejectedCount: 0, committed: true, errors: [] });
    const seven = await t.app.db('accounts').where({ number: '1000007' }).first('holder_name', 'estrato', 'email', 'neighborhood');
    expect(seven).toEqual({ holder_name: 'MUÑOZ \\ HERMANOS \\N', estrato: 2, email: '', neighborhood: 'BARRIO 7' });
    // the bench's account 9 is commercial, without estrato (an empty column: NULL, not 0)
    expect(await t.app.db('accounts').where({ number: '1000009' }).first('estrato', 'use')).toEqual({ estrato: null, use: 'comercial' });
  });

  it('a bad row on line 7,001 and an unknown account on line 10,002 are refused with their lines, and nothing is written', async () => {
    const file = path.join(t.dir, 'facturas-malas.csv');
    await writeInvoicesFile(file, INVOICES, ACCOUNTS);
    const lines = fs.readFileSync(file, 'utf8').split('\r\n');
    // line 7,001 (index 7,000) is the 4th line of invoice 1,749 (line k is the (k − 2)th charge, 4 a
    // invoice): a letter in its amount, found while reading
    lines[7000] = lines[7000].replace(/;(\d+);(\d+)$/, ';9O;$2');
    // lines 10,002–10,005 are invoice 2,500 (charges 10,000–10,003), of account 1002500: moved to an account that does not exist
    // (found only after staging, by the set-based check, which names the invoice's first line)
    for (let i = 10_001; i <= 10_004; i++) lines[i] = lines[i].replaceAll('1002500', '9999999');
    fs.writeFileSync(file, lines.join('\r\n'));
    const before = await footprint();
    const result = await run('invoices', file);
    expect(result).toMatchObject({ rows: INVOICES * 4, committed: false, acceptable: false, rejectedCount: 2, batchId: null });
    expect(result.errors).toEqual([
      {
        line: 7001,
        column: 'valor',
        message: '«9O» no es un valor válido: escriba el valor en pesos enteros, sin decimales, sin puntos de miles ni signo $',
      },
      { line: 10_002, column: 'cuenta', message: 'La cuenta «9999999» no existe: importe primero el archivo de cuentas' },
    ]);
    expect(await footprint()).toEqual(before);
  });

  it('a good file of invoices, then the same file again: the second import writes nothing', async () => {
    const file = path.join(t.dir, 'facturas.csv');
    await writeInvoicesFile(file, INVOICES, ACCOUNTS);
    const first = await run('invoices', file);
    expect(first).toMatchObject({ rows: INVOICES * 4, newCount: INVOICES, changedCount: 0, committed: true, errors: [] });
    const after = await footprint();
    expect(after).toMatchObject({ invoices: INVOICES, lines: INVOICES * 4 });
    // the bench's invoice of account 1000010: consumption 8 + 10 = 18 m³; 9,800 + 18 × 2,600 + 18 × 2,100 + 18,500 = 112,900
    const invoice = await t.app.db('invoices').where({ number: 'F202501-1000010' }).first('id', 'total', 'balance', 'consumption_m3');
    expect(invoice).toMatchObject({ total: 112_900, balance: 112_900, consumption_m3: 18 });
    expect(await t.app.db('invoice_lines').where({ invoice_id: invoice.id }).orderBy('line_no').pluck('amount')).toEqual([9800, 46_800, 37_800, 18_500]);

    const again = await run('invoices', file);
    expect(again).toMatchObject({ newCount: 0, changedCount: 0, unchangedCount: INVOICES, committed: true, batchId: null, errors: [] });
    expect(await footprint()).toEqual(after);
  });

  it('after the first load of invoices (written on PostgreSQL without its secondary indexes and foreign keys) every index and key is back as it was, and holds', async () => {
    // the first import above went into an empty invoices table: writeAsFirstLoad
    expect(await invoiceTablesSchema()).toEqual(SCHEMA_BEFORE);
    await expect(t.app.db('invoice_lines').insert(orphanLine())).rejects.toThrow(/foreign key/i);
    const invoice = await t.app.db('invoices').where({ number: 'F202501-1000020' }).first('id', 'account_id');
    await expect(t.app.db('invoices').where({ id: invoice.id }).update({ account_id: 987_654_321 })).rejects.toThrow(/foreign key/i);
    await t.app.db('invoices').where({ id: invoice.id }).delete();
    expect(await t.app.db('invoice_lines').where({ invoice_id: invoice.id }).count({ n: '*' }).first()).toMatchObject({ n: 0 });
    if (onPostgres) {
      // the re-created indexes serve the counter's queries (the open debt of an account)
      const plan = await t.app.db.raw('EXPLAIN SELECT id FROM invoices WHERE account_id = ? AND balance > 0 ORDER BY due_date', [invoice.account_id]);
      expect(JSON.stringify(plan.rows)).toMatch(/invoices_open_debt|invoices_account_id_period_index/);
    }
  });

  it('a monthly import (invoices already there) writes with every index and key in place', async () => {
    const conn = await openImportConnection(t.app);
    try {
      const seen = await conn.db.transaction((trx) => {
        let during: unknown = null;
        return writeAsFirstLoad(trx, 'invoices', ['invoices', 'invoice_lines'], async () => {
          during = await invoiceTablesSchema(trx);
        }).then(() => during);
      });
      expect(seen).toEqual(SCHEMA_BEFORE);
    } finally {
      await conn.close();
    }
  });

  it('a first load that fails while writing leaves every index and key as it was, and nothing written', async () => {
    const conn = await openImportConnection(t.app);
    let during: { indexes: unknown[]; keys: unknown[] } | null = null;
    try {
      await conn.db.raw('DELETE FROM invoices'); // a first load again (the lines go with their invoices)
      const failure = conn.db.transaction((trx) =>
        writeAsFirstLoad(trx, 'invoices', ['invoices', 'invoice_lines'], async () => {
          during = (await invoiceTablesSchema(trx)) as { indexes: unknown[]; keys: unknown[] };
          // on PostgreSQL the constraint is dropped at this point: an orphan line goes in (SQLite checks it and refuses it)
          if (onPostgres) await trx('invoice_lines').insert(orphanLine());
          throw new Error('fallo a mitad de la escritura');
        }),
      );
      await expect(failure).rejects.toThrow('fallo a mitad de la escritura');
    } finally {
      await conn.close();
    }
    const before = SCHEMA_BEFORE as { indexes: unknown[]; keys: unknown[] };
    if (onPostgres) {
      // while writing: the five secondary indexes of invoices and both foreign keys gone; the primary keys and unique ones kept
      expect(during!.indexes).toHaveLength(before.indexes.length - 5);
      expect((during!.keys as { contype: string }[]).map((k) => k.contype).sort()).toEqual(['p', 'p', 'u', 'u']);
    } else {
      expect(during).toEqual(SCHEMA_BEFORE);
    }
    expect(await invoiceTablesSchema()).toEqual(SCHEMA_BEFORE);
    expect(await t.app.db('invoice_lines').count({ n: '*' }).first()).toMatchObject({ n: 0 });
    await expect(t.app.db('invoice_lines').insert(orphanLine())).rejects.toThrow(/foreign key/i);
  });
});

