/**
 * The closing difference (sobrante or faltante) against the limit of Ajustes ($ 5.000 by default),
 * at the boundary: exactly the limit closes alone, one peso above needs a coordinator, and a sobrante
 * needs one just like a faltante (a drawer with unexplained extra money is as wrong as one short).
 * Every expected amount is counted by hand in a comment. COP is counted in coins of 50 at least, so
 * "one peso" comes from an invoice whose change leaves the drawer one peso off a round amount.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInitializedBackOffice } from '../helpers/backoffice';
import { accountWithInvoices, copCount, createCoordinator, moneyRowCounts, openCashierDesk, payCash, type CashierDesk, type InitializedBackOffice } from '../helpers/cashier';
import { expectRefusal } from '../helpers/refusal';

let t: InitializedBackOffice;
beforeEach(async () => {
  t = await createInitializedBackOffice();
});
afterEach(async () => {
  await t.close();
});

const needsCoordinator = (kind: 'sobrante' | 'faltante', amount: string, limit = '5.000') =>
  `La diferencia (${kind} de $ ${amount}) supera el límite de $ ${limit}: un coordinador debe autorizar el cierre.`;

/** what the closing screen shows for a count (the figures and whether a coordinator must approve) */
// the closing figures are exact amounts (text) since issue 12's exact sums: '-5000' is −$ 5.000
function previewOf(desk: CashierDesk, counted: number) {
  return t.ok('cashier.closePreview', { count: copCount(counted) }, desk.token);
}

/** the cashier closes with this count, without a coordinator */
function closeAlone(desk: CashierDesk, counted: number, note = '') {
  return t.call('cashier.close', { count: copCount(counted), note }, desk.token);
}

describe('a difference exactly at the limit', () => {
  it('a faltante of exactly $ 5.000 closes without a coordinator, and the difference is recorded', async () => {
    const desk = await openCashierDesk(t, { float: 100_000 });
    // expected 100.000 (the float, nothing else); counted 95.000: faltante of 5.000 = the limit
    expect(await previewOf(desk, 95_000)).toMatchObject({ expectedCash: '100000', countedCash: 95_000, difference: '-5000', limit: 5_000, needsApproval: false });
    const report = await t.ok('cashier.close', { count: copCount(95_000), note: '' }, desk.token);
    expect(report.session).toMatchObject({ status: 'cerrada', expectedCash: 100_000, countedCash: 95_000, difference: -5_000 });
    expect(report.approvedBy).toBeNull();
  });

  it('a sobrante of exactly $ 5.000 closes without a coordinator', async () => {
    const desk = await openCashierDesk(t, { float: 100_000 });
    // expected 100.000; counted 105.000: sobrante of 5.000 = the limit
    expect(await previewOf(desk, 105_000)).toMatchObject({ expectedCash: '100000', difference: '5000', needsApproval: false });
    const report = await t.ok('cashier.close', { count: copCount(105_000), note: 'Sobró un billete' }, desk.token);
    expect(report.session).toMatchObject({ status: 'cerrada', difference: 5_000 });
    expect(report.approvedBy).toBeNull();
  });
});

describe('one peso above the limit', () => {
  it('a faltante of $ 5.001 needs a coordinator: refused alone (nothing written), closed with approval', async () => {
    const desk = await openCashierDesk(t, { float: 200_000 });
    const { approval } = await createCoordinator(t);
    const { accountId } = await accountWithInvoices(t, '100234', [35_001]);
    const receipt = await payCash(t, desk.token, accountId, 35_001, { received: 40_000 });
    expect(receipt.change).toBe(4_999);
    // expected 200.000 + 40.000 received − 4.999 change = 235.001; counted 230.000: faltante of 5.001
    expect(await previewOf(desk, 230_000)).toMatchObject({ expectedCash: '235001', difference: '-5001', needsApproval: true });
    const before = await moneyRowCounts(t);
    await expectRefusal(closeAlone(desk, 230_000), 'RULE', needsCoordinator('faltante', '5.001'));
    expect(await moneyRowCounts(t)).toEqual(before);
    expect((await t.ok('cashier.current', {}, desk.token))?.status).toBe('abierta');

    const report = await t.ok('cashier.close', { count: copCount(230_000), note: 'Faltó dinero', approval }, desk.token);
    expect(report.session).toMatchObject({ status: 'cerrada', expectedCash: 235_001, countedCash: 230_000, difference: -5_001 });
    expect(report.approvedBy).toBe('Usuario coordinador');
  });

  it('a sobrante of $ 5.001 needs a coordinator too', async () => {
    const desk = await openCashierDesk(t, { float: 200_000 });
    const { approval } = await createCoordinator(t);
    const { accountId } = await accountWithInvoices(t, '100234', [35_049]);
    const receipt = await payCash(t, desk.token, accountId, 35_049, { received: 40_000 });
    expect(receipt.change).toBe(4_951);
    // expected 200.000 + 40.000 − 4.951 = 235.049; counted 240.050: sobrante of 5.001
    expect(await previewOf(desk, 240_050)).toMatchObject({ expectedCash: '235049', difference: '5001', needsApproval: true });
    const before = await moneyRowCounts(t);
    await expectRefusal(closeAlone(desk, 240_050), 'RULE', needsCoordinator('sobrante', '5.001'));
    expect(await moneyRowCounts(t)).toEqual(before);

    const report = await t.ok('cashier.close', { count: copCount(240_050), note: 'Sobró dinero', approval }, desk.token);
    expect(report.session).toMatchObject({ status: 'cerrada', difference: 5_001 });
    expect(report.approvedBy).toBe('Usuario coordinador');
  });
});

describe('a sobrante above the limit', () => {
  it('$ 50.000 more than expected is never closed without a coordinator', async () => {
    const desk = await openCashierDesk(t, { float: 100_000 });
    const { approval } = await createCoordinator(t);
    // expected 100.000; counted 150.000: sobrante of 50.000, ten times the limit
    expect(await previewOf(desk, 150_000)).toMatchObject({ difference: '50000', needsApproval: true });
    await expectRefusal(closeAlone(desk, 150_000), 'RULE', needsCoordinator('sobrante', '50.000'));
    expect((await t.ok('cashier.current', {}, desk.token))?.status).toBe('abierta');
    const report = await t.ok('cashier.close', { count: copCount(150_000), note: 'Consignación sin registrar', approval }, desk.token);
    expect(report.session).toMatchObject({ status: 'cerrada', difference: 50_000 });
  });
});

describe('the limit is the administrator\'s setting', () => {
  it('with a limit of $ 0 even a sobrante of $ 50 needs a coordinator; with $ 10.000 a faltante of $ 10.000 does not', async () => {
    const settings = await t.ok('settings.get', {}, t.adminToken);
    await t.ok('settings.update', { ...settings, cashDifferenceLimit: 0 }, t.adminToken);
    const strict = await openCashierDesk(t, { float: 100_000 });
    // expected 100.000; counted 100.050: sobrante of 50 > 0
    await expectRefusal(closeAlone(strict, 100_050), 'RULE', needsCoordinator('sobrante', '50', '0'));
    // counted exactly 100.000: no difference, closes alone even with a limit of 0
    expect((await t.ok('cashier.close', { count: copCount(100_000), note: '' }, strict.token)).session.difference).toBe(0);

    await t.ok('settings.update', { ...settings, cashDifferenceLimit: 10_000 }, t.adminToken);
    const loose = await openCashierDesk(t, { username: 'cajero2', float: 100_000 });
    // expected 100.000; counted 90.000: faltante of 10.000 = the new limit
    const report = await t.ok('cashier.close', { count: copCount(90_000), note: '' }, loose.token);
    expect(report.session.difference).toBe(-10_000);
    expect(report.approvedBy).toBeNull();
  });
});
