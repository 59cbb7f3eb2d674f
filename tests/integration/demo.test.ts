import { afterEach, describe, expect, it } from 'vitest';
import { expectRefusal } from '../helpers/refusal';
import { seedDemo } from '../../electron/core/modules/demo/seed';
import { isValidGln, isValidNit } from '../../shared/nit';
import { normalizeForSearch } from '../../shared/text';
import { ADMIN, COMPANY, OFFICE, createTestBackOffice, type TestBackOffice } from '../helpers/backoffice';

let open: TestBackOffice[] = [];
afterEach(async () => {
  for (const t of open) await t.close();
  open = [];
});

async function fresh(): Promise<TestBackOffice> {
  const t = await createTestBackOffice();
  open.push(t);
  return t;
}

interface InvoiceDb {
  id: number;
  account_id: number;
  number: string;
  period: string;
  issue_date: string;
  due_date: string;
  previous_reading: number;
  current_reading: number;
  consumption_m3: number;
  total: number;
  balance: number;
}

describe('demonstration data from the first-start wizard', () => {
  it('creates the company, two offices and one user per role whose printed passwords work', async () => {
    const t = await fresh();
    const { users } = await t.ok('setup.loadDemo', { accounts: 40 });
    expect(users.map((u) => u.role).sort()).toEqual(['administrador', 'auxiliar', 'cajero', 'coordinador']);
    for (const u of users) {
      expect(u.password).toHaveLength(12);
      const login = await t.ok('auth.login', { username: u.username, password: u.password });
      expect(login.user.fullName).toBe(u.fullName);
    }
    const admin = users.find((u) => u.role === 'administrador')!;
    const token = (await t.ok('auth.login', { username: admin.username, password: admin.password })).token;
    const company = await t.ok('company.get', {}, token);
    expect(company).toMatchObject({ country: 'CO', currency: 'COP', timeZone: 'America/Bogota' });
    expect(isValidNit(company.nit)).toBe(true);
    expect(isValidGln(company.gln)).toBe(true);
    const offices = await t.ok('offices.list', {}, token);
    expect(offices.map((o) => [o.code, o.name, o.cityDane])).toEqual([
      ['CEN', 'Oficina Centro', '15001'],
      ['NOR', 'Oficina Norte', '15001'],
    ]);
    // Colombian holidays are there: 15 days from Fri 14 Aug 2026 end on Mon 7 Sep (Mon 17 Aug is a holiday)
    const centro = offices.find((o) => o.code === 'CEN')!;
    expect((await t.ok('calendar.addBusinessDays', { officeId: centro.id, from: '2026-08-14', days: 15 }, token)).date).toBe('2026-09-07');
  });

  it('refuses once the company exists, through the wizard and directly', async () => {
    const t = await fresh();
    await t.ok('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN });
    await expectRefusal(t.call('setup.loadDemo', { accounts: 20 }), 'CONFLICT', 'La empresa ya está configurada');
    await expect(seedDemo(t.app.db, { accounts: 20 })).rejects.toThrow('La empresa ya está configurada');
    expect(await t.app.db('accounts').count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});

describe('subscribers and invoices', () => {
  it('six monthly periods ending last month, each invoice adding up, paid ones at zero', async () => {
    const t = await fresh();
    await seedDemo(t.app.db, { accounts: 250, today: '2026-03-10' });
    const accounts = await t.app.db('accounts').select();
    expect(accounts).toHaveLength(250);
    const invoices: InvoiceDb[] = await t.app.db('invoices').orderBy(['account_id', 'period']);
    expect(invoices).toHaveLength(250 * 6);
    expect([...new Set(invoices.map((i) => i.period))].sort()).toEqual(['2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02']);
    expect(invoices.every((i) => i.issue_date <= '2026-03-10' && i.issue_date < i.due_date)).toBe(true);

    const sumRows = (await t.app.db('invoice_lines').select('invoice_id').sum({ s: 'amount' }).groupBy('invoice_id')) as { invoice_id: number; s: number }[];
    const sums = new Map(sumRows.map((r) => [r.invoice_id, Number(r.s)]));
    for (const inv of invoices) {
      expect(sums.get(inv.id)).toBe(inv.total);
      expect(inv.total).toBeGreaterThan(0);
      expect([0, inv.total]).toContain(inv.balance);
      expect(inv.current_reading - inv.previous_reading).toBe(inv.consumption_m3);
    }
    // readings follow each other from one month to the next
    for (let k = 1; k < invoices.length; k++) {
      if (invoices[k].account_id === invoices[k - 1].account_id) expect(invoices[k].previous_reading).toBe(invoices[k - 1].current_reading);
    }
    // only the last two invoices of an account can be open unless it is in arrears; older ones are paid
    const byAccount = new Map<number, InvoiceDb[]>();
    for (const inv of invoices) byAccount.set(inv.account_id, [...(byAccount.get(inv.account_id) ?? []), inv]);
    for (const a of accounts) {
      const unpaid = byAccount.get(a.id)!.filter((i) => i.balance > 0).length;
      if (a.status === 'suspendido') expect(unpaid).toBe(3);
      if (a.status === 'cortado') expect(unpaid).toBe(4);
      if (a.status === 'activo') expect(unpaid).toBeLessThanOrEqual(2);
    }
    expect(accounts.filter((a) => a.status === 'activo').length).toBeGreaterThan(200);
    expect(accounts.some((a) => a.status === 'suspendido')).toBe(true);
    expect(accounts.some((a) => a.status === 'cortado')).toBe(true);
  });

  it('charges follow the estrato: subsidies below 4, contribution for 5-6 and commerce', async () => {
    const t = await fresh();
    await seedDemo(t.app.db, { accounts: 400, today: '2026-03-10' });
    const lines: { concept: string; amount: number; estrato: number | null; use: string }[] = await t.app
      .db('invoice_lines')
      .join('invoices', 'invoices.id', 'invoice_lines.invoice_id')
      .join('accounts', 'accounts.id', 'invoices.account_id')
      .select('invoice_lines.concept', 'invoice_lines.amount', 'accounts.estrato', 'accounts.use');
    const subsidies = lines.filter((l) => l.concept.startsWith('Subsidio'));
    expect(subsidies.length).toBeGreaterThan(0);
    expect(subsidies.every((l) => l.amount < 0 && l.use === 'residencial' && l.estrato !== null && l.estrato <= 3)).toBe(true);
    const contributions = lines.filter((l) => l.concept === 'Contribución de solidaridad');
    expect(contributions.length).toBeGreaterThan(0);
    expect(contributions.every((l) => l.amount > 0 && ((l.estrato ?? 0) >= 5 || ['comercial', 'industrial'].includes(l.use)))).toBe(true);
    expect(lines.filter((l) => l.concept !== 'Saldo anterior' && !l.concept.startsWith('Subsidio')).every((l) => l.amount >= 0)).toBe(true);
    const complementary = lines.filter((l) => l.concept === 'Acueducto consumo complementario');
    expect(complementary.length).toBeGreaterThan(0);
    const concepts = new Set(lines.map((l) => l.concept));
    for (const c of ['Acueducto cargo fijo', 'Acueducto consumo básico', 'Alcantarillado cargo fijo', 'Alcantarillado vertimiento', 'Aseo', 'Intereses de mora', 'Saldo anterior']) {
      expect(concepts).toContain(c);
    }
    // interest only on invoices left unpaid
    const interest = await t.app.db('invoice_lines').join('invoices', 'invoices.id', 'invoice_lines.invoice_id').where('concept', 'Intereses de mora').select('balance', 'total');
    expect(interest.every((i) => i.balance === i.total)).toBe(true);
  });

  it('names, addresses and contact data read as Colombian, with search columns filled', async () => {
    const t = await fresh();
    await seedDemo(t.app.db, { accounts: 300, today: '2026-03-10' });
    const accounts = await t.app.db('accounts').select();
    for (const a of accounts) {
      expect(a.search_name).toBe(normalizeForSearch(a.holder_name));
      expect(a.search_address).toBe(normalizeForSearch(a.address));
      expect(a.city_dane).toBe('15001');
      if (a.use === 'residencial') {
        expect(a.estrato).toBeGreaterThanOrEqual(1);
        expect(a.estrato).toBeLessThanOrEqual(6);
        expect(a.holder_name.split(' ').length).toBeGreaterThanOrEqual(3); // given name(s) and two surnames
      } else {
        expect(a.estrato).toBeNull();
      }
      if (a.id_type === 'NIT') expect(isValidNit(a.id_number)).toBe(true);
      if (a.phone) expect(a.phone).toMatch(/^(3\d{9}|608\d{7})$/);
      if (a.email) expect(a.email).toMatch(/^[a-z]+\.[a-z]+\d*@[a-z]+\.[a-z.]+$/);
      expect(a.address).toMatch(/^(Calle|Carrera|Transversal|Diagonal|Avenida Norte|Manzana [A-M] Casa \d+ Barrio)/);
    }
    expect(new Set(accounts.map((a) => a.use))).toEqual(new Set(['residencial', 'comercial', 'industrial', 'oficial', 'especial']));
    expect(new Set(accounts.map((a) => a.number)).size).toBe(300);
    expect(accounts.filter((a) => a.email).length).toBeGreaterThan(30);
    // the route order a meter reader walks: unique sequence within a route
    const keys = accounts.map((a) => `${a.cycle}/${a.route}/${a.route_sequence}`);
    expect(new Set(keys).size).toBe(accounts.length);
  });

  it('the same seed builds the same subscribers and invoices', async () => {
    const a = await fresh();
    const b = await fresh();
    await seedDemo(a.app.db, { accounts: 80, today: '2026-03-10', seed: 7 });
    await seedDemo(b.app.db, { accounts: 80, today: '2026-03-10', seed: 7 });
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ created_at: _c, updated_at: _u, ...rest }) => rest);
    expect(strip(await a.app.db('accounts').orderBy('id'))).toEqual(strip(await b.app.db('accounts').orderBy('id')));
    expect(strip(await a.app.db('invoices').orderBy('id'))).toEqual(strip(await b.app.db('invoices').orderBy('id')));
    expect(await a.app.db('invoice_lines').orderBy('id')).toEqual(await b.app.db('invoice_lines').orderBy('id'));
    const c = await fresh();
    await seedDemo(c.app.db, { accounts: 80, today: '2026-03-10', seed: 8 });
    expect(strip(await c.app.db('accounts').orderBy('id'))).not.toEqual(strip(await a.app.db('accounts').orderBy('id')));
  });
});
