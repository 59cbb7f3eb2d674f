import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Knex } from 'knex';
import { closeBackOffice, openBackOffice } from '../../electron/core/backoffice';
import { CONFIG_MAX_AGE_MS } from '../../electron/core/db/configCache';
import { dispatch } from '../../electron/core/dispatch';
import { getSettings } from '../../electron/core/modules/settings/service';
import { getCompany } from '../../electron/core/modules/setup/service';
import { expectForbidden, expectRefusal, LOCKED_MESSAGE } from '../helpers/refusal';
import { ADMIN, COMPANY, OFFICE, createInitializedBackOffice, createTestBackOffice, loginAs, onPostgres, tempDir, type TestBackOffice } from '../helpers/backoffice';

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
    await expectRefusal(t.call('setup.initialize', { company: COMPANY, office: OFFICE, admin: ADMIN }), 'CONFLICT', 'La empresa ya está configurada');
  });

  it('refuses a NIT whose check digit is wrong, in Spanish, and writes nothing', async () => {
    t = await createTestBackOffice();
    const error = await expectRefusal(
      t.call('setup.initialize', { company: { ...COMPANY, nit: '900123456-1' }, office: OFFICE, admin: ADMIN }),
      'VALIDATION',
      'Datos inválidos en «company.nit»: NIT inválido: revise el dígito de verificación',
    );
    expect(error.fields?.['company.nit']).toMatch(/dígito de verificación/);
    expect(await t.ok('setup.status', {})).toEqual({ initialized: false, companyName: null });
    expect(await t.app.db('users').count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});

describe('logins and roles', () => {
  it('a wrong password is refused and five in a row lock the username', async () => {
    const s = await createInitializedBackOffice();
    t = s;
    const refused = 'Usuario o contraseña incorrectos. Después de 5 intentos fallidos seguidos el usuario queda bloqueado 5 minutos.';
    for (let i = 0; i < 5; i++) {
      await expectRefusal(s.call('auth.login', { username: 'admin', password: 'equivocada' }), 'NOT_AUTHENTICATED', refused);
    }
    // locked: even the right password gets the same answer (issue 12: nothing tells a locked user from a wrong password)
    await expectRefusal(s.call('auth.login', { username: 'admin', password: ADMIN.password }), 'NOT_AUTHENTICATED', refused);
    expect((await s.app.db('users').where({ username: 'admin' }).first('locked_until')).locked_until).not.toBeNull();
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
    await expectForbidden(result);
    expect(await s.ok('users.list', {}, s.adminToken)).toEqual(before);
  });

  it('a locked screen refuses work until the same user unlocks it with the password', async () => {
    const s = await createInitializedBackOffice();
    t = s;
    await s.ok('auth.lock', {}, s.adminToken);
    await expectRefusal(s.call('offices.list', {}, s.adminToken), 'LOCKED', LOCKED_MESSAGE);
    await expectRefusal(s.call('auth.unlock', { password: 'otra-cosa' }, s.adminToken), 'VALIDATION', 'Contraseña incorrecta. Le quedan 4 intentos antes de que se cierre la sesión.');
    await s.ok('auth.unlock', { password: ADMIN.password }, s.adminToken);
    expect((await s.ok('offices.list', {}, s.adminToken)).map((o) => o.code)).toEqual(['GAR']);
  });

  it('a deactivated user cannot log in; an administrator cannot deactivate themself, nor the console the last one', async () => {
    const s = await createInitializedBackOffice();
    t = s;
    await loginAs(s, 'auxiliar');
    const users = await s.ok('users.list', {}, s.adminToken);
    const aux = users.find((u) => u.username === 'auxiliar1')!;
    await s.ok('users.setActive', { userId: aux.id, active: false }, s.adminToken);
    await expectRefusal(s.call('auth.login', { username: 'auxiliar1', password: 'clave-de-prueba' }), 'NOT_AUTHENTICATED', 'Este usuario está desactivado. Hable con el administrador.');
    const admin = users.find((u) => u.username === 'admin')!;
    await expectRefusal(s.call('users.setActive', { userId: admin.id, active: false }, s.adminToken), 'RULE', 'No puede desactivar su propio usuario');
    // the console has no user of its own: there the last-administrator rule is what refuses
    await expectRefusal(dispatch(s.app, 'users.setActive', { userId: admin.id, active: false }, { door: 'cli' }), 'RULE', 'No se puede desactivar al último administrador activo');
    expect((await s.ok('users.list', {}, s.adminToken)).find((u) => u.username === 'admin')?.active).toBe(true);
  });

  it('an unknown field in the input is refused', async () => {
    const s = await createInitializedBackOffice();
    t = s;
    await expectRefusal(s.call('offices.list', { extra: 1 } as never, s.adminToken), 'VALIDATION', 'Datos inválidos: Llave desconocida: "extra"');
  });
});

/**
 * Issue 20 item 2: the company and the settings are read once per process and kept (db/configCache.ts).
 * Two back offices on one database, as two counters' processes on one PostgreSQL (or the desktop app
 * and the CLI on one SQLite file): the one that saves a change sees it on its next call; the other
 * goes on with its kept copy until that is CONFIG_MAX_AGE_MS (10 s) old, then reads the new one.
 */
describe('the company and the settings, kept per process', () => {
  it('the writer sees its change at once; another process within CONFIG_MAX_AGE_MS, without a round trip meanwhile', async () => {
    const s = await createInitializedBackOffice();
    t = s;
    const other = onPostgres ? await openBackOffice({ databaseUrl: s.target, dataDir: tempDir() }) : await openBackOffice({ dbFile: s.target });
    const statements = async <T>(db: Knex, read: () => Promise<T>): Promise<{ value: T; sent: number }> => {
      let sent = 0;
      const count = () => (sent += 1);
      db.on('query', count);
      try {
        return { value: await read(), sent };
      } finally {
        db.removeListener('query', count);
      }
    };
    try {
      const before = await getSettings(other.db);
      expect(before.maxReceiptAmount).toBe(100_000_000); // the default
      expect((await getCompany(other.db)).name).toBe(COMPANY.name);
      // kept: the next calls send nothing
      expect(await statements(other.db, () => getSettings(other.db))).toEqual({ value: before, sent: 0 });
      expect((await statements(other.db, () => getCompany(other.db))).sent).toBe(0);

      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
      await s.ok('settings.update', { ...before, maxReceiptAmount: 2_000_000 }, s.adminToken);
      await s.ok('company.update', { ...COMPANY, name: 'Aguas de Tenza S.A. E.S.P.', logoDataUrl: '' }, s.adminToken);
      // the writer's process: at once
      expect((await getSettings(s.app.db)).maxReceiptAmount).toBe(2_000_000);
      expect((await getCompany(s.app.db)).name).toBe('Aguas de Tenza S.A. E.S.P.');
      // the other process: its kept copy until it is CONFIG_MAX_AGE_MS old
      vi.setSystemTime(Date.now() + CONFIG_MAX_AGE_MS - 1_000);
      expect((await getSettings(other.db)).maxReceiptAmount).toBe(100_000_000);
      expect((await getCompany(other.db)).name).toBe(COMPANY.name);
      vi.setSystemTime(Date.now() + 1_000);
      expect((await getSettings(other.db)).maxReceiptAmount).toBe(2_000_000);
      expect((await getCompany(other.db)).name).toBe('Aguas de Tenza S.A. E.S.P.');
      // and keeps the new values again
      expect((await statements(other.db, () => getSettings(other.db))).sent).toBe(0);
    } finally {
      vi.useRealTimers();
      await closeBackOffice(other);
    }
  });
});
