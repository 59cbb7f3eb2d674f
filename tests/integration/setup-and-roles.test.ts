import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, COMPANY, OFFICE, createInitializedBackOffice, createTestBackOffice, loginAs, type TestBackOffice } from '../helpers/backoffice';

let t: TestBackOffice | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('first start', () => {
  it('creates the company, office and administrator once, then refuses a second set-up', async () => {
    t = await createTestBackOffice();
    expect(await t.ok('setup.status', {})).toEqual({ initialized: false, companyName: null });
    await t.ok('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN });
    expect(await t.ok('setup.status', {})).toEqual({ initialized: true, companyName: COMPANY.name });
    const again = await t.call('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.message).toBe('La empresa ya está configurada');
  });

  it('refuses a NIT whose check digit is wrong, in Spanish, and writes nothing', async () => {
    t = await createTestBackOffice();
    const result = await t.call('setup.initialize', { company: { ...COMPANY, nit: '900123456-1' }, office: OFFICE, admin: ADMIN });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('VALIDATION');
      expect(result.error.fields?.['company.nit']).toMatch(/dígito de verificación/);
    }
    expect(await t.ok('setup.status', {})).toEqual({ initialized: false, companyName: null });
    expect(await t.app.db('users').count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});

describe('logins and roles', () => {
  it('a wrong password is refused and five in a row lock the username', async () => {
    const s = await createInitializedBackOffice();
    t = s;
    for (let i = 0; i < 5; i++) {
      const r = await s.call('auth.login', { username: 'admin', password: 'equivocada' });
      expect(r.ok).toBe(false);
    }
    const locked = await s.call('auth.login', { username: 'admin', password: ADMIN.password });
    expect(locked.ok).toBe(false);
    if (!locked.ok) expect(locked.error.message).toMatch(/bloqueado/);
  });

  it('a cajero calling an administrator handler gets a refusal and nothing changes', async () => {
    const s = await createInitializedBackOffice();
    t = s;
    const cashier = await loginAs(s, 'cajero');
    const before = await s.ok('users.list', {}, s.adminToken);
    const result = await s.call(
      'users.create',
      { fullName: 'Intruso', username: 'intruso', officeId: s.officeId, role: 'administrador', password: 'clave-larga-1' },
      cashier,
    );
    expect(result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Su rol no permite esta operación.' } });
    expect(await s.ok('users.list', {}, s.adminToken)).toEqual(before);
  });

  it('a locked screen refuses work until the same user unlocks it with the password', async () => {
    const s = await createInitializedBackOffice();
    t = s;
    await s.ok('auth.lock', {}, s.adminToken);
    const refused = await s.call('offices.list', {}, s.adminToken);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('LOCKED');
    expect((await s.call('auth.unlock', { password: 'otra-cosa' }, s.adminToken)).ok).toBe(false);
    await s.ok('auth.unlock', { password: ADMIN.password }, s.adminToken);
    expect((await s.ok('offices.list', {}, s.adminToken)).map((o) => o.code)).toEqual(['GAR']);
  });

  it('a deactivated user cannot log in, and the last administrator cannot be deactivated', async () => {
    const s = await createInitializedBackOffice();
    t = s;
    await loginAs(s, 'auxiliar');
    const users = await s.ok('users.list', {}, s.adminToken);
    const aux = users.find((u) => u.username === 'auxiliar1')!;
    await s.ok('users.setActive', { userId: aux.id, active: false }, s.adminToken);
    const login = await s.call('auth.login', { username: 'auxiliar1', password: 'clave-de-prueba' });
    expect(login.ok).toBe(false);
    const admin = users.find((u) => u.username === 'admin')!;
    const self = await s.call('users.setActive', { userId: admin.id, active: false }, s.adminToken);
    expect(self.ok).toBe(false);
  });

  it('an unknown field in the input is refused', async () => {
    const s = await createInitializedBackOffice();
    t = s;
    const r = await s.call('offices.list', { extra: 1 } as never, s.adminToken);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('VALIDATION');
  });
});
