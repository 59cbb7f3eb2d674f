import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { createInitializedBackOffice, createTestBackOffice, loginAs } from '../helpers/backoffice';

let t: Awaited<ReturnType<typeof createInitializedBackOffice>>;
let cashier: string;

beforeAll(async () => {
  t = await createInitializedBackOffice();
  cashier = await loginAs(t, 'cajero');
});
afterAll(() => t.close());

const auditRows = async (action: string) => Number((await t.app.db('audit_log').where({ action }).count<{ n: number }[]>({ n: '*' }))[0].n);

describe('the price list of other charges (cobros varios)', () => {
  it('the administrator creates and changes items; each change is audited', async () => {
    const reconexion = await t.ok('chargeItems.save', { code: 'rcx ', name: 'Reconexión del servicio', amount: 48_500, active: true }, t.adminToken);
    expect(reconexion).toMatchObject({ code: 'RCX', name: 'Reconexión del servicio', amount: 48_500, active: true });
    await t.ok('chargeItems.save', { code: 'DUP', name: 'Duplicado de factura', amount: 3_500, active: true }, t.adminToken);
    const changed = await t.ok('chargeItems.save', { chargeItemId: reconexion.id, code: 'RCX', name: 'Reconexión del servicio', amount: 52_000, active: true }, t.adminToken);
    expect(changed.amount).toBe(52_000);
    expect(await auditRows('chargeItem.create')).toBe(2);
    expect(await auditRows('chargeItem.update')).toBe(1);
    const audit = await t.app.db('audit_log').where({ action: 'chargeItem.update' }).first('before_json', 'after_json');
    expect(JSON.parse(audit.before_json).amount).toBe(48_500);
    expect(JSON.parse(audit.after_json).amount).toBe(52_000);
  });

  it('a code already used is refused in Spanish and nothing changes', async () => {
    const before = await t.app.db('charge_items').orderBy('id');
    await expectRefusal(t.call('chargeItems.save', { code: 'dup', name: 'Otro duplicado', amount: 1_000, active: true }, t.adminToken), 'CONFLICT', 'Ya existe un cobro con el código «DUP»');
    const rcx = before.find((c) => c.code === 'RCX');
    await expectRefusal(t.call('chargeItems.save', { chargeItemId: rcx.id, code: 'DUP', name: 'Reconexión', amount: 1_000, active: true }, t.adminToken), 'CONFLICT', 'Ya existe un cobro con el código «DUP»');
    expect(await t.app.db('charge_items').orderBy('id')).toEqual(before);
  });

  it('changing an item that does not exist says so', async () => {
    await expectRefusal(t.call('chargeItems.save', { chargeItemId: 9999, code: 'XXX', name: 'Nada', amount: 1_000, active: true }, t.adminToken), 'NOT_FOUND', 'El cobro no existe');
  });

  it('a zero or negative price is a validation error', async () => {
    const error = await expectRefusal(t.call('chargeItems.save', { code: 'CER', name: 'Certificado', amount: 0, active: true }, t.adminToken), 'VALIDATION', 'Datos inválidos en «amount»: El valor debe ser mayor que cero');
    expect(error.fields?.amount).toBe('El valor debe ser mayor que cero');
    expect(await t.app.db('charge_items').where({ code: 'CER' }).first()).toBeUndefined();
  });

  it('a cashier sees only the items on offer and may not change the list', async () => {
    const dup = await t.app.db('charge_items').where({ code: 'DUP' }).first('id');
    await t.ok('chargeItems.save', { chargeItemId: dup.id, code: 'DUP', name: 'Duplicado de factura', amount: 3_500, active: false }, t.adminToken);

    expect((await t.ok('chargeItems.list', {}, cashier)).map((c) => c.code)).toEqual(['RCX']);
    expect((await t.ok('chargeItems.list', {}, t.adminToken)).map((c) => [c.code, c.active])).toEqual([
      ['DUP', false],
      ['RCX', true],
    ]);

    const before = await t.app.db('charge_items').orderBy('id');
    await expectForbidden(t.call('chargeItems.save', { code: 'VIS', name: 'Visita técnica', amount: 25_000, active: true }, cashier));
    expect(await t.app.db('charge_items').orderBy('id')).toEqual(before);
  });
});

describe('the demonstration company', () => {
  it('comes with a price list in pesos and a thermal "Caja 1" in each office', async () => {
    const demo = await createTestBackOffice();
    try {
      const { users } = await demo.ok('setup.loadDemo', { accounts: 10 });
      const cajero = users.find((u) => u.role === 'cajero')!;
      const token = (await demo.ok('auth.login', { username: cajero.username, password: cajero.password })).token;
      expect((await demo.ok('chargeItems.list', {}, token)).map((c) => [c.name, c.amount])).toEqual([
        ['Duplicado de factura', 3_500],
        ['Expedición de certificado', 8_900],
        ['Reconexión del servicio', 62_400],
        ['Visita técnica', 35_000],
      ]);
      const tills = await demo.app.db('tills').join('offices', 'offices.id', 'tills.office_id').orderBy('offices.code').select('offices.code', 'tills.name', 'tills.receipt_layout');
      expect(tills.map((r) => [r.code, r.name, r.receipt_layout])).toEqual([
        ['CEN', 'Caja 1', 'termica80'],
        ['NOR', 'Caja 1', 'termica80'],
      ]);
    } finally {
      await demo.close();
    }
  });
});
