/**
 * The invoice batch's selection read a page at a time (invoicing/queries.ts forEachSelectedPage):
 * across page boundaries it gives exactly the invoices of the period in route order (cycle, route,
 * sequence, account, invoice), as one sorted statement over the whole period does, with accounts
 * that have no invoice in the period, accounts with two, equal sequences on a route, and the cycle
 * and route filters. More accounts than one page (SELECTION_PAGE) so that several pages are read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { createInitializedBackOffice, type TestBackOffice } from '../helpers/backoffice';
import { forEachSelectedPage, SELECTION_PAGE, selectInvoices, type Selection } from '../../electron/core/modules/invoicing/queries';

const PERIOD = '2026-09';
const ACCOUNTS = SELECTION_PAGE * 2 + 321;

let t: TestBackOffice;

/** the whole period in one sorted statement: what a batch must print, in its order */
async function inOneStatement(db: Knex, selection: Selection): Promise<number[]> {
  const q = db('invoices as i')
    .join('accounts as a', 'a.id', 'i.account_id')
    .where('i.period', selection.period)
    .orderBy([{ column: 'a.cycle' }, { column: 'a.route' }, { column: 'a.route_sequence' }, { column: 'a.number' }, { column: 'i.number' }])
    .select('i.id');
  if (selection.cycle) q.where('a.cycle', selection.cycle);
  if (selection.route) q.where('a.route', selection.route);
  return (await q).map((r: { id: number | string }) => Number(r.id));
}

beforeAll(async () => {
  t = await createInitializedBackOffice();
  const db = t.app.db;
  const now = '2026-09-01T12:00:00.000Z';
  // inserted out of route order; two cycles, three routes; every third account shares its sequence
  // with the next one (the account number breaks the tie)
  const accounts = Array.from({ length: ACCOUNTS }, (_, n) => {
    const k = ACCOUNTS - n;
    const cycle = k % 2 === 0 ? '01' : '02';
    const route = `${cycle}0${1 + (k % 3)}`;
    const number = `7${String(k).padStart(6, '0')}`;
    return {
      number,
      holder_name: `TITULAR ${number}`,
      id_type: 'CC',
      id_number: `9${number}`,
      address: `Calle ${k}`,
      neighborhood: 'Centro',
      city_dane: '15299',
      estrato: 2,
      use: 'residencial',
      status: 'activo',
      cycle,
      route,
      route_sequence: Math.floor(k / 3) * 10,
      meter_number: `M${number}`,
      search_name: `TITULAR ${number}`,
      search_address: `CALLE ${k}`,
      created_at: now,
      updated_at: now,
    };
  });
  await db.batchInsert('accounts', accounts, 200);
  const ids: { id: number | string; number: string }[] = await db('accounts').whereLike('number', '7%').select('id', 'number');
  const invoices: Record<string, unknown>[] = [];
  for (const { id, number } of ids) {
    const k = Number(number.slice(1));
    if (k % 7 === 0) continue; // no invoice in the period
    const copies = k % 11 === 0 ? ['B', 'A'] : ['A']; // two invoices, inserted out of number order
    for (const suffix of copies) {
      invoices.push({
        number: `FV202609-${number}-${suffix}`,
        account_id: Number(id),
        period: PERIOD,
        issue_date: '2026-09-01',
        due_date: '2026-09-16',
        suspension_date: '2026-09-26',
        previous_reading: 500,
        current_reading: 510,
        consumption_m3: 10,
        payment_reference: `${number}202609${suffix}`,
        total: 10_000,
        balance: 10_000,
        created_at: now,
        updated_at: now,
      });
    }
  }
  // an invoice of another period never shows up
  invoices.push({ ...invoices[0], number: 'FV202608-otra', period: '2026-08', payment_reference: 'otra' });
  await db.batchInsert('invoices', invoices, 200);
}, 120_000);

afterAll(async () => {
  await t.close();
});

describe('the invoice batch reads its selection a page at a time', () => {
  it('gives every invoice of the period once, in route order, across several pages', async () => {
    const selection = { period: PERIOD };
    const expected = await inOneStatement(t.app.db, selection);
    expect(expected.length).toBeGreaterThan(SELECTION_PAGE * 2);
    let pages = 0;
    const read: number[] = [];
    await forEachSelectedPage(t.app.db, selection, (page) => {
      pages++;
      for (const invoice of page) read.push(invoice.id);
    });
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(read).toEqual(expected);
  });

  it('keeps the order with a cycle, and with a cycle and a route', async () => {
    for (const selection of [
      { period: PERIOD, cycle: '01' },
      { period: PERIOD, cycle: '02', route: '0203' },
      { period: PERIOD, route: '0101' },
    ]) {
      const expected = await inOneStatement(t.app.db, selection);
      expect(expected.length).toBeGreaterThan(0);
      expect((await selectInvoices(t.app.db, selection)).map((i) => i.id)).toEqual(expected);
    }
  });

  it('an account with two invoices in the period gets both, by invoice number', async () => {
    const all = await selectInvoices(t.app.db, { period: PERIOD });
    const twice = all.filter((i) => i.accountNumber === '7000011');
    expect(twice.map((i) => i.number)).toEqual(['FV202609-7000011-A', 'FV202609-7000011-B']);
    expect(all.some((i) => i.accountNumber === '7000007')).toBe(false);
  });
});
