import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { createInitializedBackOffice, loginAs, onPostgres } from '../helpers/backoffice';
import { insertAccount, insertAccounts, insertInvoice } from '../helpers/accounts';
import { searchWords } from '../../electron/core/db/wordIndex';

let t: Awaited<ReturnType<typeof createInitializedBackOffice>>;
let anaId: number;

beforeAll(async () => {
  t = await createInitializedBackOffice();
  const db = t.app.db;
  anaId = await insertAccount(db, {
    number: '100234',
    holderName: 'GÓMEZ PARDO ANA LUCÍA',
    idNumber: '40123456',
    address: 'Carrera 5 # 20-11 Apto 301',
    meterNumber: 'AB-778812',
  });
  await insertAccount(db, { number: '100235', holderName: 'PEÑA RUIZ JORGE ELIÉCER', idNumber: '900555111' });
  await insertAccount(db, { number: '200777', holderName: 'ANAYA CASTRO MARÍA', address: 'Calle 12 # 8-34' });
  await insertInvoice(db, anaId, { number: 'F-0001', period: '2026-08', dueDate: '2026-09-15', total: 45_300, balance: 0 });
  await insertInvoice(db, anaId, { number: 'F-0002', period: '2026-09', dueDate: '2026-10-15', total: 48_100 });
  await insertInvoice(db, anaId, { number: 'F-0003', period: '2026-10', dueDate: '2099-11-15', total: 51_250 });
});
afterAll(() => t.close());

describe('finding an account', () => {
  const numbers = async (query: string) => (await t.ok('accounts.search', { query }, t.adminToken)).map((a) => a.number);

  it('by account number, cédula, meter, name prefix, any word of the name, and address', async () => {
    expect(await numbers('100234')).toEqual(['100234']);
    expect(await numbers('40123456')).toEqual(['100234']);
    expect(await numbers('AB-778812')).toEqual(['100234']);
    expect(await numbers('gomez par')).toEqual(['100234']);
    expect(await numbers('ana lucia')).toEqual(['100234']);
    expect(await numbers('CALLE 12')).toEqual(['200777']);
    expect(await numbers('peña')).toEqual(['100235']);
  });

  it('an account-number prefix lists the accounts that start with it, with their debt', async () => {
    const found = await t.ok('accounts.search', { query: '1002' }, t.adminToken);
    expect(found.map((a) => [a.number, a.balance])).toEqual([
      ['100234', 99_350],
      ['100235', 0],
    ]);
  });

  it('words of the name in any order, hyphenated ones too, the first twenty in name order; a word only inside another finds nothing', async () => {
    // the words' search reads an index on PostgreSQL (migration 045): the same accounts on both engines
    await insertAccount(t.app.db, { number: '300001', holderName: 'RÍOS DE LA O-BRIEN ANA-MARÍA' });
    for (let i = 10; i < 35; i++) await insertAccount(t.app.db, { number: `3100${i}`, holderName: `TORRES ${i} ELENA` });
    expect(await numbers('lucia gomez')).toEqual(['100234']);
    expect(await numbers('ana-mar o-bri')).toEqual(['300001']);
    // "MARÍA" starts no word of "ANA-MARÍA" (words are split by spaces): as before the index
    expect(await numbers('maria rios')).toEqual([]);
    expect(await numbers('elena torres')).toEqual(Array.from({ length: 20 }, (_, i) => `3100${i + 10}`));
  });

  it('common words under few names, rare words and a mix: the first twenty in name order, as reading every name would give them', async () => {
    // 16 names of 12 accounts each (every word shared by many accounts, as on the large bench's
    // names: the walk over the distinct names answers), 150 different names before the ones that
    // have VERA (more than the walk visits: the words' index answers), and one XIMENA
    const fixtures: { number: string; holderName: string }[] = [];
    let n = 500_000;
    for (let copy = 0; copy < 12; copy++)
      for (const first of ['ARIAS', 'BELTRÁN', 'CORTÉS', 'DUQUE'])
        for (const second of ['NIETO', 'OSPINA'])
          for (const given of ['CAMILA', 'DIANA']) fixtures.push({ number: String(n++), holderName: `${first} ${second} ${given}` });
    for (let i = 100; i < 250; i++) fixtures.push({ number: String(n++), holderName: `PRADO ${i} ROSA` });
    for (let i = 100; i < 125; i++) fixtures.push({ number: String(n++), holderName: `ZAPATA ${i} ROSA VERA` });
    fixtures.push({ number: String(n++), holderName: 'DUQUE NIETO CAMILA XIMENA' });
    await insertAccounts(t.app.db, fixtures);
    // PostgreSQL walks the names only for words its statistics call common: gathered here as autovacuum would
    if (onPostgres) await t.app.db.raw('ANALYZE accounts');
    // what the clerk must see: every account whose name has a word starting with each word typed, by name, then as inserted
    const all: { number: string; search_name: string; id: number }[] = await t.app.db('accounts').select('number', 'search_name', 'id');
    const expected = (query: string) =>
      all
        .filter((a) => searchWords(query).every((w) => a.search_name.split(' ').some((word) => word.startsWith(w))))
        .sort((a, b) => (a.search_name < b.search_name ? -1 : a.search_name > b.search_name ? 1 : a.id - b.id))
        .slice(0, 20)
        .map((a) => a.number);
    const cases = ['diana ospina', 'ospina diana', 'camila', 'nieto cam', 'rosa', 'rosa vera', 'vera 11', 'ximena camila', 'camila ximena duque', 'diana ximena', 'ospina qxwz'];
    for (const query of cases) expect({ query, numbers: await numbers(query) }).toEqual({ query, numbers: expected(query) });
    // the walk's answer runs across names: 12 ARIAS OSPINA DIANA, then 8 BELTRÁN OSPINA DIANA
    expect((await t.ok('accounts.search', { query: 'diana ospina' }, t.adminToken)).map((a) => a.holderName)).toEqual([
      ...Array<string>(12).fill('ARIAS OSPINA DIANA'),
      ...Array<string>(8).fill('BELTRÁN OSPINA DIANA'),
    ]);
    expect(await numbers('ximena camila')).toEqual([String(n - 1)]);
    expect(await numbers('ospina qxwz')).toEqual([]);
  });

  it('nothing found is an empty list; an empty query is a Spanish validation error', async () => {
    expect(await numbers('zzzz')).toEqual([]);
    const error = await expectRefusal(t.call('accounts.search', { query: '  ' }, t.adminToken), 'VALIDATION', 'Datos inválidos en «query»: Escriba algo para buscar');
    expect(error.fields?.query).toBe('Escriba algo para buscar');
  });
});

describe('the account screen', () => {
  it('shows open invoices oldest first, marks the overdue one, and keeps the whole history', async () => {
    const a = await t.ok('accounts.get', { accountId: anaId }, t.adminToken);
    expect(a.holderName).toBe('GÓMEZ PARDO ANA LUCÍA');
    expect(a.openInvoices.map((i) => [i.number, i.balance, i.overdue])).toEqual([
      ['F-0002', 48_100, true],
      ['F-0003', 51_250, false],
    ]);
    expect(a.balance).toBe(99_350);
    expect(a.invoiceHistory.map((i) => i.period)).toEqual(['2026-10', '2026-09', '2026-08']);
    const detail = await t.ok('invoices.get', { invoiceId: a.openInvoices[0].id }, t.adminToken);
    expect(detail.lines.reduce((s, l) => s + l.amount, 0)).toBe(48_100);
  });

  it('a clerk updates the contact data and the change is audited with before and after', async () => {
    const clerk = await loginAs(t, 'auxiliar');
    const updated = await t.ok(
      'accounts.updateContact',
      { accountId: anaId, phone: '3104567890', email: 'ana.gomez@example.com', noticeAddress: 'Calle 3 # 4-5 Garagoa' },
      clerk,
    );
    expect([updated.phone, updated.email, updated.noticeAddress]).toEqual(['3104567890', 'ana.gomez@example.com', 'Calle 3 # 4-5 Garagoa']);
    const audit = await t.app.db('audit_log').where({ action: 'account.updateContact', entity_id: String(anaId) }).first();
    expect(audit.actor).toBe('auxiliar1');
    expect(JSON.parse(audit.before_json).phone).toBe('');
    expect(JSON.parse(audit.after_json).phone).toBe('3104567890');
  });

  it('a bad email is refused in Spanish and nothing changes; a cashier may not edit contact data', async () => {
    const before = await t.ok('accounts.get', { accountId: anaId }, t.adminToken);
    const bad = await expectRefusal(t.call('accounts.updateContact', { accountId: anaId, phone: '', email: 'no-es-correo', noticeAddress: '' }, t.adminToken), 'VALIDATION', 'Datos inválidos en «email»: Correo electrónico inválido');
    expect(bad.fields?.email).toBe('Correo electrónico inválido');
    const cashier = await loginAs(t, 'cajero');
    await expectForbidden(t.call('accounts.updateContact', { accountId: anaId, phone: '1234567', email: '', noticeAddress: '' }, cashier));
    expect(await t.ok('accounts.get', { accountId: anaId }, t.adminToken)).toEqual(before);
  });
});
