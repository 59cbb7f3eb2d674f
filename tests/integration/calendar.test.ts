import { afterEach, describe, expect, it } from 'vitest';
import { seedNationalHolidays } from '../../electron/core/modules/calendar/service';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { ADMIN, COMPANY, OFFICE, createInitializedBackOffice, createTestBackOffice, loginAs, createUserReady, type TestBackOffice } from '../helpers/backoffice';

type Initialized = Awaited<ReturnType<typeof createInitializedBackOffice>>;

let t: TestBackOffice | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function colombia(): Promise<Initialized> {
  const s = await createInitializedBackOffice();
  t = s;
  return s;
}

/** A second office, and a logged-in coordinator of it. */
async function otherOfficeCoordinator(s: Initialized, saturdayIsBusinessDay = false): Promise<{ officeId: number; token: string }> {
  const office = await s.ok(
    'offices.create',
    { ...OFFICE, code: 'TEN', name: 'Oficina Tenza', city: 'Tenza', cityDane: '15798', saturdayIsBusinessDay },
    s.adminToken,
  );
  const password = 'clave-de-prueba';
  const token = await createUserReady(s, { fullName: 'Coordinadora Tenza', username: 'coord.tenza', officeId: office.id, role: 'coordinador', password });
  return { officeId: office.id, token };
}

const term = (s: Initialized, officeId: number, from: string, days: number) =>
  s.ok('calendar.addBusinessDays', { officeId, from, days }, s.adminToken).then((r) => r.date);

describe('Colombian holidays come pre-loaded', () => {
  it('lists 2026 with Ley 2578 (13 July), the Ascensión by its name, and without Easter Sunday', async () => {
    const s = await colombia();
    const year = await s.ok('calendar.list', { officeId: s.officeId, year: 2026 }, s.adminToken);
    expect(year.notice).toBeNull();
    expect(year.saturdayIsBusinessDay).toBe(false);
    const byDate = Object.fromEntries(year.days.map((d) => [d.date, d.name]));
    expect(year.days).toHaveLength(19); // 18 of Ley 51 de 1983 + 9 July (Ley 2578 de 2026)
    expect(byDate['2026-07-13']).toMatch(/Chiquinquirá/);
    expect(byDate['2026-05-18']).toBe('Ascensión del Señor');
    expect(byDate['2026-08-17']).toBe('Asunción');
    expect(byDate['2026-04-05']).toBeUndefined();
    expect(year.days.every((d) => d.scope === 'national' && d.source === 'date-holidays' && d.country === 'CO')).toBe(true);
  });
});

describe('seeding', () => {
  it('adds only the dates not yet listed, so running it again adds nothing', async () => {
    const s = await createTestBackOffice();
    t = s;
    const first = await s.app.db.transaction((trx) => seedNationalHolidays(trx, 'CO', 2000, 2100));
    expect(first).toBeGreaterThan(101 * 17);
    expect(await s.app.db.transaction((trx) => seedNationalHolidays(trx, 'CO', 2026, 2028))).toBe(0);
    expect(await s.app.db.transaction((trx) => seedNationalHolidays(trx, 'EC', 2026, 2028))).toBe(0);
    expect(await s.app.db('non_business_days').count({ n: '*' })).toEqual([{ n: first }]);
  });
});

describe('counting business days (office closed on Saturdays)', () => {
  it('15 days from Friday 14 Aug 2026 skip the Asunción Monday', async () => {
    const s = await colombia();
    // Filed Fri 14 Aug. Sat 15 and Sun 16 do not count; Mon 17 is the Asunción (15 Aug moved).
    // Day 1 is Tue 18: 18,19,20,21 (4) · 24-28 (9) · 31 Aug-4 Sep (14) · Mon 7 Sep is day 15.
    expect(await term(s, s.officeId, '2026-08-14', 15)).toBe('2026-09-07');
    expect(await term(s, s.officeId, '2026-08-14', 0)).toBe('2026-08-14');
    expect(await term(s, s.officeId, '2026-08-14', 1)).toBe('2026-08-18');
  });

  it('across Semana Santa 2026 (Jueves Santo 2 April, Viernes Santo 3 April)', async () => {
    const s = await colombia();
    // Filed Fri 20 Mar. Mon 23 is San José (19 Mar moved). 24,25,26,27 (4) · 30,31, 1 Apr (7) ·
    // Thu 2 and Fri 3 are Semana Santa · 6-10 Apr (12) · 13, 14, Wed 15 Apr is day 15.
    expect(await term(s, s.officeId, '2026-03-20', 15)).toBe('2026-04-15');
    // A reposición's 5 days from Tue 31 Mar: Wed 1 (1), Semana Santa, Mon 6 (2) … Thu 9 (5).
    expect(await term(s, s.officeId, '2026-03-31', 5)).toBe('2026-04-09');
  });

  it('across 31 December and 1 January, into the next year\'s Reyes', async () => {
    const s = await colombia();
    // Filed Wed 23 Dec 2026. Thu 24 (1), Fri 25 Navidad, Mon 28-Thu 31 (5), Fri 1 Jan 2027 Año Nuevo,
    // Mon 4-Fri 8 Jan (10), Mon 11 Jan Reyes (6 Jan moved), Tue 12 (11), Wed 13 Jan is day 12.
    expect(await term(s, s.officeId, '2026-12-23', 12)).toBe('2027-01-13');
  });

  it('a local closure of the office moves its terms, and only its own', async () => {
    const s = await colombia();
    const other = await otherOfficeCoordinator(s);
    const closure = await s.ok('calendar.addClosure', { officeId: s.officeId, date: '2026-08-19', name: 'Fumigación de la sede' }, s.adminToken);
    expect(closure).toMatchObject({ scope: 'local', officeId: s.officeId, country: null, source: 'manual' });
    // The same count as above, with Wed 19 Aug not counting: one day later, Tue 8 Sep.
    expect(await term(s, s.officeId, '2026-08-14', 15)).toBe('2026-09-08');
    expect(await term(s, other.officeId, '2026-08-14', 15)).toBe('2026-09-07');
    const listed = await s.ok('calendar.list', { officeId: s.officeId, year: 2026 }, s.adminToken);
    expect(listed.days.filter((d) => d.scope === 'local').map((d) => d.name)).toEqual(['Fumigación de la sede']);
    const otherList = await s.ok('calendar.list', { officeId: other.officeId, year: 2026 }, s.adminToken);
    expect(otherList.days.some((d) => d.scope === 'local')).toBe(false);
  });

  it('Saturdays count for an office that opens on Saturdays', async () => {
    const s = await colombia();
    const saturdays = await otherOfficeCoordinator(s, true);
    // Filed Fri 14 Aug: Sat 15 (1), Mon 17 Asunción, 18-21 (5), Sat 22 (6), 24-28 (11), Sat 29 (12),
    // Mon 31 (13), Tue 1 Sep (14), Wed 2 Sep is day 15.
    expect(await term(s, saturdays.officeId, '2026-08-14', 15)).toBe('2026-09-02');
    expect((await s.ok('calendar.list', { officeId: saturdays.officeId, year: 2026 }, s.adminToken)).saturdayIsBusinessDay).toBe(true);
  });

  it('a year never pre-loaded is loaded from date-holidays the first time it is needed', async () => {
    const s = await colombia();
    // Set-up loads the current year and the next two; 2040 is beyond. Filed Fri 3 Aug 2040:
    // Mon 6 (1), Tue 7 Aug is the Batalla de Boyacá, Wed 8 (2), Thu 9 (3).
    expect(await term(s, s.officeId, '2040-08-03', 3)).toBe('2040-08-09');
    const year = await s.ok('calendar.list', { officeId: s.officeId, year: 2040 }, s.adminToken);
    expect(year.days.length).toBeGreaterThanOrEqual(18);
    expect(year.notice).toBeNull();
  });
});

describe('keeping the calendar', () => {
  it('an administrator adds a national holiday; the same date twice is refused in Spanish', async () => {
    const s = await colombia();
    const day = await s.ok('calendar.addHoliday', { country: 'CO', date: '2026-09-15', name: 'Día cívico departamental' }, s.adminToken);
    expect(day).toMatchObject({ scope: 'national', country: 'CO', officeId: null, source: 'manual', name: 'Día cívico departamental' });
    await expectRefusal(
      s.call('calendar.addHoliday', { country: 'CO', date: '2026-09-15', name: 'Otra vez' }, s.adminToken),
      'CONFLICT',
      'El martes, 15 de septiembre de 2026 ya es festivo nacional (Día cívico departamental).',
    );
    await expectRefusal(s.call('calendar.addHoliday', { country: 'CO', date: '2026-08-17', name: 'Asunción' }, s.adminToken), 'CONFLICT', 'El lunes, 17 de agosto de 2026 ya es festivo nacional (Asunción).');
    // Tue 15 Sep is no longer a business day: 1 day from Mon 14 Sep lands on Wed 16.
    expect(await term(s, s.officeId, '2026-09-14', 1)).toBe('2026-09-16');
    const audit = await s.app.db('audit_log').where({ action: 'calendar.addHoliday', entity_id: String(day.id) });
    expect(audit).toHaveLength(1);
    expect(audit[0].actor).toBe(ADMIN.username);
  });

  it('a closure twice on the same date, or on a national holiday, is refused', async () => {
    const s = await colombia();
    await s.ok('calendar.addClosure', { officeId: s.officeId, date: '2026-10-30', name: 'Inventario' }, s.adminToken);
    await expectRefusal(
      s.call('calendar.addClosure', { officeId: s.officeId, date: '2026-10-30', name: 'Otra' }, s.adminToken),
      'CONFLICT',
      'La oficina ya está cerrada el viernes, 30 de octubre de 2026 (Inventario).',
    );
    await expectRefusal(s.call('calendar.addClosure', { officeId: s.officeId, date: '2026-12-25', name: 'Cierre' }, s.adminToken), 'CONFLICT', 'El viernes, 25 de diciembre de 2026 ya es festivo nacional (Navidad); no hace falta cerrarlo.');
  });

  it('removing a day gives it back to the count and leaves an audit row with what was removed', async () => {
    const s = await colombia();
    const year = await s.ok('calendar.list', { officeId: s.officeId, year: 2026 }, s.adminToken);
    const asuncion = year.days.find((d) => d.date === '2026-08-17')!;
    await s.ok('calendar.remove', { dayId: asuncion.id }, s.adminToken);
    expect(await term(s, s.officeId, '2026-08-14', 1)).toBe('2026-08-17');
    const audit = await s.app.db('audit_log').where({ action: 'calendar.remove', entity_id: String(asuncion.id) }).first();
    expect(JSON.parse(audit.before_json)).toMatchObject({ date: '2026-08-17', name: 'Asunción' });
    await expectRefusal(s.call('calendar.remove', { dayId: asuncion.id }, s.adminToken), 'NOT_FOUND', 'El día no hábil no existe');
  });
});

describe('who may change the calendar', () => {
  it('a cajero cannot add a holiday nor a closure', async () => {
    const s = await colombia();
    const cashier = await loginAs(s, 'cajero');
    const before = await s.app.db('non_business_days').count({ n: '*' });
    await expectForbidden(s.call('calendar.addHoliday', { country: 'CO', date: '2026-09-15', name: 'Intento' }, cashier));
    await expectForbidden(s.call('calendar.addClosure', { officeId: s.officeId, date: '2026-09-15', name: 'Intento' }, cashier));
    expect(await s.app.db('non_business_days').count({ n: '*' })).toEqual(before);
    // but a cajero may read the calendar and count terms
    expect((await s.ok('calendar.list', { officeId: s.officeId, year: 2026 }, cashier)).days.length).toBe(19);
  });

  it('a coordinador closes the own office, but not another one, and cannot remove national holidays', async () => {
    const s = await colombia();
    const own = await loginAs(s, 'coordinador');
    const other = await otherOfficeCoordinator(s);

    await expectRefusal(
      s.call('calendar.addClosure', { officeId: s.officeId, date: '2026-09-18', name: 'Cierre ajeno' }, other.token),
      'FORBIDDEN',
      'Solo el coordinador de esa oficina o un administrador pueden cambiar su calendario.',
    );
    expect(await term(s, s.officeId, '2026-09-17', 1)).toBe('2026-09-18');

    const closure = await s.ok('calendar.addClosure', { officeId: s.officeId, date: '2026-09-18', name: 'Brigada de salud' }, own);
    expect(await term(s, s.officeId, '2026-09-17', 1)).toBe('2026-09-21');
    await expectRefusal(s.call('calendar.remove', { dayId: closure.id }, other.token), 'FORBIDDEN', 'Solo el coordinador de esa oficina o un administrador pueden cambiar su calendario.');

    const holiday = (await s.ok('calendar.list', { officeId: s.officeId, year: 2026 }, own)).days.find((d) => d.scope === 'national')!;
    await expectRefusal(s.call('calendar.remove', { dayId: holiday.id }, own), 'FORBIDDEN', 'Solo un administrador puede quitar un festivo nacional.');

    await s.ok('calendar.remove', { dayId: closure.id }, own);
    expect(await term(s, s.officeId, '2026-09-17', 1)).toBe('2026-09-18');
  });
});

describe('Ecuador', () => {
  it('starts with no holidays and a clear notice, until the administrator adds them', async () => {
    const s = await createTestBackOffice();
    t = s;
    const company = { ...COMPANY, name: 'Empresa de Agua de Cuenca', country: 'EC' as const, currency: 'USD' as const, timeZone: 'America/Guayaquil' };
    const { officeId } = await s.ok('setup.initialize', { company, office: { ...OFFICE, code: 'CUE', name: 'Oficina Cuenca' }, admin: ADMIN });
    const { token } = await s.ok('auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect(await s.app.db('non_business_days').count({ n: '*' })).toEqual([{ n: 0 }]);

    const empty = await s.ok('calendar.list', { officeId, year: 2026 }, token);
    expect(empty.country).toBe('EC');
    expect(empty.days).toEqual([]);
    expect(empty.notice).toMatch(/^Los festivos de Ecuador no vienen precargados: agréguelos/);
    // only Sundays and Saturdays are skipped meanwhile: Fri 14 Aug → Mon 17 Aug
    expect((await s.ok('calendar.addBusinessDays', { officeId, from: '2026-08-14', days: 1 }, token)).date).toBe('2026-08-17');

    await expectRefusal(s.call('calendar.addHoliday', { country: 'CO', date: '2026-08-17', name: 'Asunción' }, token), 'RULE', 'La empresa está en Ecuador: los festivos de Colombia no se usarían.');

    await s.ok('calendar.addHoliday', { country: 'EC', date: '2026-08-10', name: 'Primer Grito de Independencia' }, token);
    const filled = await s.ok('calendar.list', { officeId, year: 2026 }, token);
    expect(filled.notice).toBeNull();
    expect((await s.ok('calendar.addBusinessDays', { officeId, from: '2026-08-07', days: 1 }, token)).date).toBe('2026-08-11');
  });
});
