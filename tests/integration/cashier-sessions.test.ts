/**
 * Cash sessions on a real database: opening with a count, one session per cashier and till, cash
 * movements, the expected-cash arithmetic, closing with a difference (coordinator above the limit),
 * force-close and who may read a session's report.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { createInitializedBackOffice, loginAs, OFFICE } from '../helpers/backoffice';
import { accountWithInvoices, copCount, createCoordinator, createTill, moneyRowCounts, openCashierDesk, payCash, type CashierDesk, type InitializedBackOffice } from '../helpers/cashier';

let t: InitializedBackOffice;

beforeEach(async () => {
  t = await createInitializedBackOffice();
});
afterEach(async () => t.close());

describe('opening', () => {
  it('opens with the float counted by denomination and shows it as the current session', async () => {
    const till = await createTill(t, 'C1');
    const token = await loginAs(t, 'cajero');
    const count = [
      { kind: 'billete' as const, value: 50_000, quantity: 2 },
      { kind: 'billete' as const, value: 10_000, quantity: 3 },
      { kind: 'moneda' as const, value: 500, quantity: 4 },
    ];
    const session = await t.ok('cashier.open', { tillId: till.id, count }, token);
    expect(session).toMatchObject({ status: 'abierta', openingFloat: 132_000, tillName: 'Caja C1', paymentCount: 0, collected: 0 });
    expect((await t.ok('cashier.current', {}, token))?.id).toBe(session.id);
    expect((await t.ok('tills.list', {}, token))[0].openBy).toBe('Usuario cajero');
    const audit = await t.app.db('audit_log').where({ action: 'cashSession.open' }).first();
    expect(audit).toBeTruthy();
  });

  it('refuses a second session of the same cashier, a till open by someone else, and an unknown denomination', async () => {
    const desk = await openCashierDesk(t);
    const other = await createTill(t, 'C2');
    await expectRefusal(t.call('cashier.open', { tillId: other.id, count: copCount(10_000) }, desk.token), 'CONFLICT', 'Ya tiene una caja abierta (Caja C1): ciérrela antes de abrir otra.');
    const second = await loginAs(t, 'cajero', 'cajero2');
    await expectRefusal(t.call('cashier.open', { tillId: desk.tillId, count: copCount(10_000) }, second), 'CONFLICT', 'La caja Caja C1 está abierta por Usuario cajero.');
    const before = await moneyRowCounts(t);
    await expectRefusal(t.call('cashier.open', { tillId: other.id, count: [{ kind: 'billete', value: 3_000, quantity: 1 }] }, second), 'VALIDATION', 'La denominación billete de 3000 no existe en COP');
    expect(await moneyRowCounts(t)).toEqual(before);
  });
  it('refuses a till of another office and an inactive one', async () => {
    const office = await t.ok('offices.create', { ...OFFICE, code: 'TEN', name: 'Oficina Tenza' }, t.adminToken);
    const foreign = await t.ok('tills.save', { officeId: office.id, code: 'C1', name: 'Caja Tenza', receiptLayout: 'carta', active: true }, t.adminToken);
    const inactive = await t.ok('tills.save', { officeId: t.officeId, code: 'C9', name: 'Caja vieja', receiptLayout: 'carta', active: false }, t.adminToken);
    const token = await loginAs(t, 'cajero');
    await expectRefusal(t.call('cashier.open', { tillId: foreign.id, count: copCount(10_000) }, token), 'NOT_FOUND', 'La caja en esta oficina no existe');
    await expectRefusal(t.call('cashier.open', { tillId: inactive.id, count: copCount(10_000) }, token), 'RULE', 'La caja Caja vieja está desactivada.');
  });
});

describe('movements and the expected cash', () => {
  it('expected = opening + cash received − change + cash in − cash out', async () => {
    const desk = await openCashierDesk(t, { float: 200_000 });
    const { accountId } = await accountWithInvoices(t, '100234', [54_300, 40_000]);
    await payCash(t, desk.token, accountId, 54_300, { received: 60_000 });
    await t.ok('cashier.pay', { idempotencyKey: 'tarjeta-0001', accountId, tenders: [{ method: 'tarjeta_debito', amount: 40_000, reference: 'V-1' }] }, desk.token);
    await t.ok('cashier.movement', { kind: 'entrada', amount: 50_000, reason: 'fondo_de_cambio', note: '' }, desk.token);
    const out = await t.ok('cashier.movement', { kind: 'salida', amount: 100_000, reason: 'consignacion_banco', note: 'Consignación Bancolombia' }, desk.token);
    expect(out).toMatchObject({ kind: 'salida', amount: 100_000, userName: 'Usuario cajero' });
    const summary = await t.ok('cashier.closePreview', { count: copCount(204_300) }, desk.token);
    // the figures are exact sums, written as digits
    expect(summary).toMatchObject({ openingFloat: 200_000, cashReceived: '60000', changeGiven: '5700', cashIn: '50000', cashOut: '100000', voidsCashReturned: '0' });
    expect(summary.expectedCash).toBe(String(200_000 + 60_000 - 5_700 + 50_000 - 100_000));
    expect(summary.difference).toBe('0');
    expect(summary.perMethod).toEqual([
      { method: 'efectivo', count: 1, amount: '54300' },
      { method: 'tarjeta_debito', count: 1, amount: '40000' },
    ]);
  });

  it('refuses a cash out above what the drawer holds, and a movement without an open session', async () => {
    const desk = await openCashierDesk(t, { float: 100_000 });
    const withoutSession = await loginAs(t, 'cajero', 'cajero2');
    const before = await moneyRowCounts(t);
    await expectRefusal(t.call('cashier.movement', { kind: 'salida', amount: 100_001, reason: 'retiro_parcial', note: '' }, desk.token), 'RULE', 'No puede sacar $ 100.001: en la caja debería haber $ 100.000.');
    await expectRefusal(t.call('cashier.movement', { kind: 'entrada', amount: 1_000, reason: 'fondo_de_cambio', note: '' }, withoutSession), 'RULE', 'No tiene una caja abierta: abra la caja con el conteo del fondo antes de recibir dinero.');
    expect(await moneyRowCounts(t)).toEqual(before);
  });
});

describe('closing', () => {
  it('a faltante above the limit needs a coordinator: refused without (nothing written), closed with', async () => {
    const desk = await openCashierDesk(t, { float: 100_000 });
    const { approval } = await createCoordinator(t);
    const { accountId } = await accountWithInvoices(t, '100234', [50_000]);
    await payCash(t, desk.token, accountId, 50_000);
    // expected 150.000; counted 140.000: faltante of 10.000 > limit 5.000
    const before = await moneyRowCounts(t);
    await expectRefusal(t.call('cashier.close', { count: copCount(140_000), note: '' }, desk.token), 'RULE', 'La diferencia (faltante de $ 10.000) supera el límite de $ 5.000: un coordinador debe autorizar el cierre.');
    await expectRefusal(t.call('cashier.close', { count: copCount(140_000), note: '', approval: { ...approval, password: 'mala' } }, desk.token), 'RULE', 'No se autorizó la operación: usuario o contraseña incorrectos, o ese usuario no puede autorizar aquí (debe ser un coordinador activo de esta oficina, distinto de quien hace la operación).');
    // nothing but the audit row of the refused approval
    expect(await moneyRowCounts(t)).toEqual({ ...before, audit_log: before.audit_log + 1 });
    expect((await t.ok('cashier.current', {}, desk.token))?.status).toBe('abierta');

    const report = await t.ok('cashier.close', { count: copCount(140_000), note: 'Faltó un billete', approval }, desk.token);
    expect(report.session).toMatchObject({ status: 'cerrada', countedCash: 140_000, expectedCash: 150_000, difference: -10_000, forced: false });
    expect(report.approvedBy).toBe('Usuario coordinador');
    expect(report.closeNote).toBe('Faltó un billete');
    expect(report.closingCount).toEqual(copCount(140_000));
    expect(report.receipts).toHaveLength(1);
    expect(await t.ok('cashier.current', {}, desk.token)).toBeNull();
    expect(await t.app.db('audit_log').where({ action: 'cashSession.close' }).first()).toBeTruthy();
    // closed: no more money
    await expectRefusal(t.call('cashier.pay', { idempotencyKey: 'despues-del-cierre', accountId, tenders: [{ method: 'efectivo', amount: 1_000 }] }, desk.token), 'RULE', 'No tiene una caja abierta: abra la caja con el conteo del fondo antes de recibir dinero.');
  });

  it('a difference within the limit closes without a coordinator', async () => {
    const desk = await openCashierDesk(t, { float: 100_000 });
    const report = await t.ok('cashier.close', { count: copCount(103_000), note: '' }, desk.token);
    expect(report.session.difference).toBe(3_000);
    expect(report.approvedBy).toBeNull();
  });

  it('a coordinator force-closes a forgotten session; a cashier may not', async () => {
    const desk = await openCashierDesk(t, { float: 100_000 });
    const { token: coordinator } = await createCoordinator(t);
    const open = await t.ok('cashier.openSessions', {}, coordinator);
    expect(open.map((s) => s.id)).toEqual([desk.sessionId]);
    await expectForbidden(t.call('cashier.forceClose', { sessionId: desk.sessionId, count: copCount(90_000), note: 'Olvidó cerrar' }, desk.token));
    const report = await t.ok('cashier.forceClose', { sessionId: desk.sessionId, count: copCount(90_000), note: 'El cajero olvidó cerrar' }, coordinator);
    expect(report.session).toMatchObject({ status: 'cerrada', forced: true, difference: -10_000 });
    expect(report.approvedBy).toBe('Usuario coordinador');
    expect(await t.ok('cashier.openSessions', {}, coordinator)).toEqual([]);
    expect(await t.app.db('audit_log').where({ action: 'cashSession.forceClose' }).first()).toBeTruthy();
    // the cashier can open again
    await t.ok('cashier.open', { tillId: desk.tillId, count: copCount(10_000) }, desk.token);
  });
});

describe('session reports', () => {
  it('a cashier reads their own sessions only; a coordinator reads any of the office', async () => {
    const first = await openCashierDesk(t);
    const second = await openCashierDesk(t, { username: 'cajero2' });
    const { token: coordinator } = await createCoordinator(t);
    const own = await t.ok('cashier.sessionReport', { sessionId: first.sessionId }, first.token);
    expect(own.session.cashierId).toBeDefined();
    await expectRefusal(t.call('cashier.sessionReport', { sessionId: second.sessionId }, first.token), 'FORBIDDEN', 'Solo puede consultar sus propias cajas.');
    await expectRefusal(t.call('cashier.payments', { sessionId: second.sessionId }, first.token), 'FORBIDDEN', 'Solo puede consultar sus propias cajas.');
    expect((await t.ok('cashier.sessions', {}, first.token)).map((s) => s.id)).toEqual([first.sessionId]);
    expect((await t.ok('cashier.sessions', {}, coordinator)).map((s) => s.id).sort()).toEqual([first.sessionId, second.sessionId].sort());
    expect((await t.ok('cashier.sessionReport', { sessionId: second.sessionId }, coordinator)).session.id).toBe(second.sessionId);
  });

  it('the report lists receipts, movements and per-method totals that match the database', async () => {
    const desk: CashierDesk = await openCashierDesk(t, { float: 100_000 });
    const { accountId } = await accountWithInvoices(t, '100234', [30_000, 20_000]);
    await payCash(t, desk.token, accountId, 30_000, { received: 50_000 });
    await t.ok('cashier.pay', { idempotencyKey: 'transfer-0001', accountId, tenders: [{ method: 'transferencia', amount: 20_000, reference: 'T-77' }] }, desk.token);
    await t.ok('cashier.movement', { kind: 'salida', amount: 20_000, reason: 'traslado_caja_menor', note: '' }, desk.token);
    const report = await t.ok('cashier.sessionReport', { sessionId: desk.sessionId }, desk.token);
    expect(report.receipts.map((r) => [r.receiptLabel, r.amount, r.methods])).toEqual([
      ['GAR-000001', 30_000, ['efectivo']],
      ['GAR-000002', 20_000, ['transferencia']],
    ]);
    expect(report.movements).toEqual([expect.objectContaining({ kind: 'salida', amount: 20_000, reason: 'traslado_caja_menor' })]);
    const sum = await t.app.db('payments').where({ session_id: desk.sessionId, status: 'vigente' }).sum<{ s: number }[]>({ s: 'amount' });
    expect(report.summary.perMethod.reduce((s, m) => s + Number(m.amount), 0)).toBe(Number(sum[0].s));
    expect(report.session.collected).toBe(50_000);
    expect(report.summary.expectedCash).toBe(String(100_000 + 50_000 - 20_000 - 20_000));
  });
});
