/**
 * The arqueo (by someone other than the custodian, with a faltante), the cash transfers with a till
 * (seen in both modules), and the year-end legalisation that closes the fund for good.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectRefusal } from '../helpers/refusal';
import { createInitializedBackOffice, loginAs, type TestBackOffice } from '../helpers/backoffice';
import { copCount, openCashierDesk } from '../helpers/cashier';
import { expenseInput, openTestFund, pettyCashSnapshot, pngSupport, type PettyCashDesk } from '../helpers/pettyCash';
import { pdfTextFlat } from '../helpers/pdf';
import { verifyAuditChain } from '../../electron/core/db/audit';

type T = TestBackOffice & { adminToken: string; officeId: number };

describe('a year of a fund: arqueo, transfers with the till, legalisation', () => {
  let t: T;
  let desk: PettyCashDesk;
  let advanceId: number;

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-15T17:00:00Z') });
    t = await createInitializedBackOffice();
    desk = await openTestFund(t);
    await t.ok('pettyCash.recordExpense', expenseInput(desk, { date: '2026-06-10', amount: 150_000, support: pngSupport() }), desk.custodianToken);
    await t.ok('pettyCash.recordExpense', expenseInput(desk, { date: '2026-06-11', amount: 50_000, budgetLineId: desk.lines.aseo, concept: 'Café' }), desk.custodianToken);
    advanceId = (
      await t.ok(
        'pettyCash.giveAdvance',
        { fundId: desk.fundId, date: '2026-06-12', payee: { idType: 'CC', idNumber: '79555111', name: 'Jorge Mensajero' }, concept: 'Taxis', budgetLineId: desk.lines.transporte, amount: 100_000 },
        desk.custodianToken,
      )
    ).advance.id;
  });
  afterAll(async () => {
    vi.useRealTimers();
    await t.close();
  });

  it('refuses the custodian as the one who counts, and writes nothing', async () => {
    const before = await pettyCashSnapshot(t);
    // the custodian here is a clerk: the arqueo is a coordinator's (a coordinator-custodian is refused by
    // name: tests/integration/petty-cash-offices.test.ts)
    await expectRefusal(t.call('pettyCash.arqueo', { fundId: desk.fundId, cash: copCount(700_000), vouchersOnHand: 200_000, advancesOnHand: 100_000 }, desk.custodianToken), 'FORBIDDEN', 'Su rol no permite esta operación.');
    expect(await pettyCashSnapshot(t)).toEqual(before);
  });

  it('an arqueo with a faltante: cash + vouchers + advances against the fund, the difference recorded and printed', async () => {
    // the books: 1.000.000 − 200.000 vouchers − 100.000 advance = 700.000 cash; 12.500 are missing
    const { arqueo, acta } = await t.ok(
      'pettyCash.arqueo',
      { fundId: desk.fundId, cash: copCount(687_500), vouchersOnHand: 200_000, advancesOnHand: 100_000, note: 'Arqueo sorpresivo de junio' },
      desk.coordinatorToken,
    );
    expect(arqueo).toMatchObject({ cash: 687_500, vouchersOnHand: 200_000, advancesOnHand: 100_000, expected: 1_000_000, difference: -12_500, surprise: true, countedBy: 'Usuario coordinador', custodian: 'Usuario auxiliar' });
    const text = pdfTextFlat(Buffer.from(acta.base64, 'base64'));
    expect(text).toContain('ACTA DE ARQUEO DE CAJA MENOR');
    expect(text).toContain('Diferencia: FALTANTE $ 12.500');
    expect(text).toContain('Total arqueado $ 987.500');
    expect(text).toContain('Valor de la caja menor (debe haber) $ 1.000.000');
    expect(text).toContain('Billete de $ 50.000');
    expect(text).toContain('Practicó el arqueo');
    expect(text).toContain('Custodio de la caja menor');
    expect(text).toContain('efectivo $ 700.000, comprobantes sin reembolsar $ 200.000, anticipos abiertos $ 100.000');
    const status = await t.ok('pettyCash.status', {}, desk.custodianToken);
    expect(status?.lastArqueo?.difference).toBe(-12_500);
    expect(status?.available).toBe(700_000); // an arqueo records, it never adjusts
    expect(await t.ok('pettyCash.arqueos', { fundId: desk.fundId }, desk.custodianToken)).toHaveLength(1);
  });

  it('a transfer from the till funds the box and shows as a cash out of the till session', async () => {
    const cashier = await openCashierDesk(t, { float: 300_000 });
    await expectRefusal(t.call('pettyCash.tillTransfer', { fundId: desk.fundId, direction: 'caja_a_fondo', amount: 400_000 }, cashier.token), 'RULE', 'No puede sacar $ 400.000: en la caja debería haber $ 300.000.');
    const transfer = await t.ok('pettyCash.tillTransfer', { fundId: desk.fundId, direction: 'caja_a_fondo', amount: 100_000, note: 'Refuerzo de la caja menor' }, cashier.token);
    expect(transfer).toMatchObject({ direction: 'caja_a_fondo', amount: 100_000, tillName: 'Caja C1', by: 'Usuario cajero' });
    const report = await t.ok('cashier.sessionReport', { sessionId: cashier.sessionId }, cashier.token);
    expect(report.movements).toEqual([expect.objectContaining({ kind: 'salida', amount: 100_000, reason: 'traslado_caja_menor' })]);
    const status = await t.ok('pettyCash.status', {}, desk.custodianToken);
    expect(status?.available).toBe(800_000);
    expect(status?.transfers).toHaveLength(1);
    // the fund gives it back; more than it has is refused
    await expectRefusal(t.call('pettyCash.tillTransfer', { fundId: desk.fundId, direction: 'fondo_a_caja', amount: 800_001 }, cashier.token), 'RULE', 'La caja menor solo tiene $ 800.000 disponibles en efectivo.');
    await t.ok('pettyCash.tillTransfer', { fundId: desk.fundId, direction: 'fondo_a_caja', amount: 100_000 }, cashier.token);
    expect((await t.ok('pettyCash.status', {}, desk.custodianToken))?.available).toBe(700_000);
    const after = await t.ok('cashier.sessionReport', { sessionId: cashier.sessionId }, cashier.token);
    expect(after.movements.map((m) => m.kind)).toEqual(['salida', 'entrada']);
  });

  it('a transfer needs an open till session of the caller', async () => {
    const clerk = await loginAs(t, 'auxiliar', 'auxiliar7');
    await expectRefusal(t.call('pettyCash.tillTransfer', { fundId: desk.fundId, direction: 'caja_a_fondo', amount: 1_000 }, clerk), 'RULE', 'No tiene una caja abierta: abra la caja con el conteo del fondo antes de recibir dinero.');
  });

  it('legalisation is refused while an advance is open or a voucher lacks its support', async () => {
    const before = await pettyCashSnapshot(t);
    await expectRefusal(t.call('pettyCash.legalize', { fundId: desk.fundId, date: '2026-06-15', returnedCash: 700_000 }, desk.coordinatorToken), 'RULE', 'Hay anticipos abiertos (AN-GAR-2026-0001): legalícelos antes de cerrar la caja menor.');
    await t.ok('pettyCash.settleAdvance', { advanceId, date: '2026-06-15', invoiceAmount: 100_000, returnedCash: 0, support: pngSupport() }, desk.custodianToken);
    await expectRefusal(t.call('pettyCash.legalize', { fundId: desk.fundId, date: '2026-06-15', returnedCash: 700_000 }, desk.coordinatorToken), 'RULE', 'Hay comprobantes sin soporte (CM-GAR-2026-0002): adjúntelos antes de legalizar.');
    expect((await pettyCashSnapshot(t) as { counts: { petty_cash_funds: number } }).counts.petty_cash_funds).toBe((before as { counts: { petty_cash_funds: number } }).counts.petty_cash_funds);
    const [cafe] = await t.ok('pettyCash.expenses', { fundId: desk.fundId, state: 'pendiente_soporte' }, desk.custodianToken);
    await t.ok('pettyCash.attachSupport', { expenseId: cafe.id, support: pngSupport() }, desk.custodianToken);
  });

  it('a returned cash that differs from the books must be explained', async () => {
    const before = await pettyCashSnapshot(t);
    await expectRefusal(t.call('pettyCash.legalize', { fundId: desk.fundId, date: '2026-06-15', returnedCash: 687_500 }, desk.coordinatorToken), 'VALIDATION', 'Se devuelven $ 687.500 y en la caja menor debería haber $ 700.000 (faltante de $ 12.500): explique la diferencia en la nota.');
    expect(await pettyCashSnapshot(t)).toEqual(before);
  });

  it('legalisation closes the fund: vouchers legalised, the final report, and every later act refused', async () => {
    const { fund, report } = await t.ok(
      'pettyCash.legalize',
      { fundId: desk.fundId, date: '2026-06-15', returnedCash: 687_500, note: 'Faltante del arqueo de junio, descontado al custodio' },
      desk.coordinatorToken,
    );
    expect(fund).toMatchObject({ state: 'legalizada', closedThrough: '2026-06-15' });
    const expenses = await t.ok('pettyCash.expenses', { fundId: desk.fundId }, desk.custodianToken);
    expect(expenses.map((e) => e.state)).toEqual(['legalizado', 'legalizado', 'legalizado']);
    const text = pdfTextFlat(Buffer.from(report.base64, 'base64'));
    expect(text).toContain('LEGALIZACIÓN DEFINITIVA DE CAJA MENOR');
    for (const e of expenses) expect(text).toContain(e.number);
    expect(text).toContain('Saldo en efectivo que debe devolverse $ 700.000');
    expect(text).toContain('Efectivo devuelto $ 687.500');
    expect(text).toContain('Diferencia: FALTANTE $ 12.500');
    expect(text).toContain('Coordinador(a) que legaliza');

    expect(await t.ok('pettyCash.status', {}, desk.custodianToken)).toBeNull();
    const before = await pettyCashSnapshot(t);
    await expectRefusal(t.call('pettyCash.recordExpense', expenseInput(desk, { date: '2026-06-15', amount: 1_000 }), desk.custodianToken), 'RULE', 'La caja menor GAR-2026 está legalizada: no admite más movimientos.');
    await expectRefusal(t.call('pettyCash.arqueo', { fundId: desk.fundId, cash: [], vouchersOnHand: 0, advancesOnHand: 0 }, desk.coordinatorToken), 'RULE', 'La caja menor GAR-2026 está legalizada: no admite más movimientos.');
    expect(await pettyCashSnapshot(t)).toEqual(before);
    // a new fund for the office may be opened
    const funds = await t.ok('pettyCash.funds', {}, desk.coordinatorToken);
    expect(funds.map((f) => f.state)).toEqual(['legalizada']);
    // every act of the year left its chained audit row
    expect((await verifyAuditChain(t.app.db)).ok).toBe(true);
    const actions: { action: string }[] = await t.app.db('audit_log').where('action', 'like', 'pettyCash.%').select('action');
    expect(new Set(actions.map((a) => a.action))).toEqual(
      new Set(['pettyCash.openFund', 'pettyCash.recordExpense', 'pettyCash.giveAdvance', 'pettyCash.arqueo', 'pettyCash.tillTransfer', 'pettyCash.settleAdvance', 'pettyCash.attachSupport', 'pettyCash.legalize']),
    );
  });
});
