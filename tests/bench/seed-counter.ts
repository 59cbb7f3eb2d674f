/**
 * The counter bench's accounts and invoices, set-based on the server (issue 20 item 2): the same rows
 * the import writes from `writeAccountsFile` / `writeInvoicesFile` of the import bench (names,
 * cédulas, addresses, estratos, routes, six monthly invoices of four lines per account, balance =
 * total, due the 15th), without the CSV and the import's checks, which the import bench measures.
 * A recursive CTE per batch on SQLite, `generate_series` on PostgreSQL; one transaction per batch.
 * `counter-scale-bench.ts --import` still goes through the real import.
 */
import type { Knex } from 'knex';
import type { BackOffice } from '../../electron/core/context';
import { parseAmount } from '../../shared/money';
import type { CurrencyCode } from '../../shared/money';
import { FIRST_NAMES, INVOICE_LINES, SURNAMES } from './import-bench';

type Engine = 'sqlite' | 'pg';

/** rows per statement (and per transaction) */
const BATCH = 250_000;

const unaccented = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');

/** a SQL CASE that picks the (expr % list.length)-th string */
function pick(list: readonly string[], expr: string): string {
  return `CASE (${expr}) % ${list.length} ${list.map((w, i) => `WHEN ${i} THEN '${w}'`).join(' ')} END`;
}

function sqlFor(engine: Engine) {
  return {
    /** n = lo … hi − 1 */
    from: (lo: number, hi: number) =>
      engine === 'pg'
        ? `generate_series(${lo}, ${hi - 1}) AS seq(n)`
        : `(WITH RECURSIVE seq(n) AS (SELECT ${lo} UNION ALL SELECT n + 1 FROM seq WHERE n < ${hi - 1}) SELECT n FROM seq) AS seq`,
    // lpad cuts a longer text to the width (printf does not): never shorter than the number itself
    pad: (expr: string, width: number) =>
      engine === 'pg' ? `lpad(CAST(${expr} AS TEXT), greatest(${width}, length(CAST(${expr} AS TEXT))), '0')` : `printf('%0${width}d', ${expr})`,
    text: (expr: string) => `CAST(${expr} AS TEXT)`,
  };
}

async function inBatches(db: Knex, count: number, statement: (lo: number, hi: number) => string, bindings: Knex.RawBinding[]): Promise<void> {
  for (let lo = 0; lo < count; lo += BATCH) {
    const hi = Math.min(count, lo + BATCH);
    await db.transaction((trx) => trx.raw(statement(lo, hi), bindings));
  }
}

/**
 * `accounts` accounts and `invoices` invoices (invoice n belongs to account n % accounts, month
 * n / accounts), as the import of the import bench's files leaves them. The tables must hold no
 * accounts or invoices of the same numbers.
 */
export async function seedAccountsAndInvoices(app: BackOffice, accounts: number, invoices: number, currency: CurrencyCode): Promise<void> {
  const db = app.db;
  const engine: Engine = app.dbFile === null ? 'pg' : 'sqlite';
  const g = sqlFor(engine);
  const unit = parseAmount('1', currency) ?? 1;
  const now = new Date().toISOString();
  const accountBase = Number((await db('accounts').max<{ m: number | null }[]>({ m: 'id' }))[0].m ?? 0);
  const invoiceBase = Number((await db('invoices').max<{ m: number | null }[]>({ m: 'id' }))[0].m ?? 0);

  const holder = (surnames: readonly string[], firsts: readonly string[]) =>
    `${pick(surnames, 'n')} || ' ' || ${pick(surnames, 'n / 8')} || ' ' || ${pick(firsts, 'n / 32')}`;
  const address = `'CALLE ' || ${g.text('(n % 120) + 1')} || ' # ' || ${g.text('(n % 90) + 1')} || '-' || ${g.text('(n % 70) + 2')}`;
  await inBatches(
    db,
    accounts,
    (lo, hi) => `
      INSERT INTO accounts (id, number, holder_name, id_type, id_number, address, neighborhood, city_dane, estrato, use, status, cycle,
        route, route_sequence, meter_number, phone, email, search_name, search_address, created_at, updated_at)
      SELECT ${accountBase + 1} + n, ${g.text('1000000 + n')}, ${holder(SURNAMES, FIRST_NAMES)}, 'CC', ${g.text('10000000 + n * 7')},
        ${address}, 'BARRIO ' || ${g.text('n % 40')}, '15299',
        CASE WHEN n % 10 = 9 THEN NULL ELSE (n % 6) + 1 END, CASE WHEN n % 10 = 9 THEN 'comercial' ELSE 'residencial' END, 'activo',
        ${g.text('(n % 4) + 1')}, ${g.pad('(n / 256) % 60', 3)}, n % 1000, 'M' || ${g.pad('n', 8)}, '310' || ${g.pad('n', 7)},
        CASE WHEN n % 3 = 0 THEN 'cliente' || ${g.text('n')} || '@correo.com.co' ELSE '' END,
        ${holder(SURNAMES.map(unaccented), FIRST_NAMES.map(unaccented))}, ${address}, ?, ?
      FROM ${g.from(lo, hi)} ORDER BY n`,
    [now, now],
  );

  // invoice n: account a = n % accounts, month m = (n / accounts) % 12 of year 2025 + n / accounts / 12
  const a = `(n % ${accounts})`;
  const m = `((n / ${accounts}) % 12)`;
  const period = `${g.text(`2025 + n / ${accounts} / 12`)} || '-' || ${g.pad(`${m} + 1`, 2)}`;
  const m3 = `(8 + ${a} % 25)`;
  const perM3 = INVOICE_LINES.filter((l) => l.perM3).reduce((sum, l) => sum + l.unitValue, 0);
  const fixed = INVOICE_LINES.filter((l) => !l.perM3).reduce((sum, l) => sum + l.unitValue, 0);
  await inBatches(
    db,
    invoices,
    (lo, hi) => `
      INSERT INTO invoices (id, number, account_id, period, issue_date, due_date, suspension_date, previous_reading, current_reading,
        consumption_m3, payment_reference, total, balance, created_at, updated_at)
      SELECT ${invoiceBase + 1} + n, 'F' || replace(${period}, '-', '') || '-' || ${g.text(`1000000 + ${a}`)}, ${accountBase + 1} + ${a}, ${period},
        ${period} || '-01', ${period} || '-15', ${period} || '-25', 1000 + ${m} * 30, 1000 + ${m} * 30 + ${m3}, ${m3},
        replace(${period}, '-', '') || ${g.text(`1000000 + ${a}`)}, (${fixed} + ${m3} * ${perM3}) * ${unit}, (${fixed} + ${m3} * ${perM3}) * ${unit}, ?, ?
      FROM ${g.from(lo, hi)} ORDER BY n`,
    [now, now],
  );

  const lines = INVOICE_LINES.map((l, i) => `SELECT ${i + 1} AS line_no, '${l.concept}' AS concept, ${l.perM3 ? 1 : 0} AS per_m3, ${l.unitValue} AS unit_value`).join(' UNION ALL ');
  await inBatches(
    db,
    invoices,
    (lo, hi) => `
      INSERT INTO invoice_lines (invoice_id, line_no, concept, quantity, unit_value, amount)
      SELECT i.id, l.line_no, l.concept, CASE WHEN l.per_m3 = 1 THEN ${g.text('i.consumption_m3')} ELSE '1' END, l.unit_value * ${unit},
        CASE WHEN l.per_m3 = 1 THEN i.consumption_m3 ELSE 1 END * l.unit_value * ${unit}
      FROM invoices AS i CROSS JOIN (${lines}) AS l
      WHERE i.id > ${invoiceBase + lo} AND i.id <= ${invoiceBase + hi} ORDER BY i.id, l.line_no`,
    [],
  );
  // PostgreSQL: the tables' own sequences go past the ids given here
  if (engine === 'pg') {
    for (const table of ['accounts', 'invoices']) await db.raw(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT MAX(id) FROM ${table}))`);
  }
  // the tables' statistics: the caller's (counter-scale-bench.ts `settle`, once everything is seeded)
}
