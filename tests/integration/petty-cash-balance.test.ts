/**
 * A fund through a sequence of expenses, an advance, its settlement and a reimbursement: the
 * available cash, each line's spent and the percentages at every step, the 70 % alerts of the fund
 * and of a line, and the split-purchase warning.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { createInitializedBackOffice, type TestBackOffice } from '../helpers/backoffice';
import { expenseInput, openTestFund, pdfSupport, pettyCashSnapshot, pngSupport, type PettyCashDesk } from '../helpers/pettyCash';

type T = TestBackOffice & { adminToken: string; officeId: number };

describe('a fund through expenses, an advance and a reimbursement', () => {
  let t: T;
  let desk: PettyCashDesk;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-15T17:00:00Z') });
    t = await createInitializedBackOffice();
    desk = await openTestFund(t);
  });
  afterAll(async () => {
    vi.useRealTimers();
    await t.close();
  });

  async function figures() {
    const s = await t.ok('pettyCash.status', {}, desk.custodianToken);
    if (!s) throw new Error('no fund');
    const line = (code: string) => s.budgetLines.find((l) => l.code === code);
    return { s, available: s.available, used: s.usedPercent, line01: line('01'), line02: line('02'), line03: line('03') };
  }

  it('opens with the whole amount available and nothing used', async () => {
    const f = await figures();
    expect(f.s.fund).toMatchObject({ amount: 1_000_000, thresholdPercent: 70, maxPerExpense: 200_000, state: 'abierta', year: 2026, officeCode: 'GAR' });
    expect(f.available).toBe(1_000_000);
    expect(f.used).toBe(0);
    expect(f.s.alerts).toEqual([]);
  });

  it('an expense with its support is registered and takes from the line and the fund', async () => {
    const { expense, warnings, voucher } = await t.ok('pettyCash.recordExpense', expenseInput(desk, { date: '2026-06-10', amount: 150_000, support: pngSupport() }), desk.custodianToken);
    ids.a = expense.id;
    expect(expense).toMatchObject({ number: 'CM-GAR-2026-0001', state: 'registrado', amount: 150_000, net: 150_000 });
    expect(expense.support?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(warnings).toEqual([]);
    expect(voucher.mimeType).toBe('application/pdf');
    const f = await figures();
    expect(f.available).toBe(850_000);
    expect(f.line01).toMatchObject({ spent: 150_000, available: 250_000, usedPercent: 37.5, thresholdPassed: false });
    expect(f.used).toBe(15);
  });

  it('an expense without support is saved as pending and still counts as spent', async () => {
    const { expense } = await t.ok(
      'pettyCash.recordExpense',
      expenseInput(desk, { date: '2026-06-11', amount: 120_000, withholdings: 4_800, budgetLineId: desk.lines.aseo, concept: 'Café y azúcar', payee: { idType: 'CC', idNumber: '1.049.612.345', name: 'Tienda Doña Rosa' } }),
      desk.custodianToken,
    );
    ids.b = expense.id;
    expect(expense).toMatchObject({ number: 'CM-GAR-2026-0002', state: 'pendiente_soporte', net: 115_200, support: null });
    expect(expense.payee.idNumber).toBe('1049612345');
    const f = await figures();
    expect(f.available).toBe(730_000);
    expect(f.line02).toMatchObject({ spent: 120_000, usedPercent: 40 });
    expect(f.s.pendingSupportCount).toBe(1);
  });

  it('an open advance counts against its line and the fund, with its age', async () => {
    const { advance } = await t.ok(
      'pettyCash.giveAdvance',
      { fundId: desk.fundId, date: '2026-06-12', payee: { idType: 'CC', idNumber: '79555111', name: 'Jorge Mensajero' }, concept: 'Taxis a la alcaldía', budgetLineId: desk.lines.transporte, amount: 100_000 },
      desk.custodianToken,
    );
    ids.advance = advance.id;
    expect(advance).toMatchObject({ number: 'AN-GAR-2026-0001', state: 'abierto', ageDays: 3 });
    const f = await figures();
    expect(f.available).toBe(630_000);
    expect(f.line03).toMatchObject({ spent: 100_000, usedPercent: 33.3 });
    expect(f.used).toBe(37);
    expect(f.s.openAdvancesTotal).toBe(100_000);
    expect(f.s.openAdvances.map((a) => a.number)).toEqual(['AN-GAR-2026-0001']);
  });

  it('settling the advance with a smaller invoice takes the change back', async () => {
    await expectRefusal(t.call('pettyCash.settleAdvance', { advanceId: ids.advance, date: '2026-06-13', invoiceAmount: 80_000, returnedCash: 10_000 }, desk.custodianToken), 'RULE', 'El anticipo fue de $ 100.000 y la factura de $ 80.000: deben devolverse $ 20.000, no $ 10.000.');
    const { advance, expense } = await t.ok(
      'pettyCash.settleAdvance',
      { advanceId: ids.advance, date: '2026-06-13', invoiceAmount: 80_000, returnedCash: 20_000, support: await pdfSupport(2) },
      desk.custodianToken,
    );
    ids.settled = expense.id;
    expect(advance).toMatchObject({ state: 'legalizado', settledExpenseId: expense.id });
    expect(expense).toMatchObject({ number: 'CM-GAR-2026-0003', amount: 80_000, state: 'registrado', advanceId: ids.advance });
    const f = await figures();
    expect(f.available).toBe(650_000);
    expect(f.line03).toMatchObject({ spent: 80_000, usedPercent: 26.7 });
    expect(f.s.openAdvances).toEqual([]);
  });

  it('alerts when a line passes 70 % while the fund does not', async () => {
    const { expense } = await t.ok('pettyCash.recordExpense', expenseInput(desk, { date: '2026-06-14', amount: 200_000, support: await pdfSupport(1) }), desk.custodianToken);
    ids.c = expense.id;
    const f = await figures();
    expect(f.available).toBe(450_000);
    expect(f.line01).toMatchObject({ spent: 350_000, usedPercent: 87.5, thresholdPassed: true });
    expect(f.used).toBe(55);
    expect(f.s.thresholdPassed).toBe(true);
    expect(f.s.alerts).toEqual(['El rubro 01 Papelería superó el 70 % de su límite (87,5 %).']);
  });

  it('alerts when the fund reaches 70 %', async () => {
    ids.d = (await t.ok('pettyCash.recordExpense', expenseInput(desk, { date: '2026-06-15', amount: 100_000, budgetLineId: desk.lines.aseo, concept: 'Detergente', support: pngSupport() }), desk.custodianToken)).expense.id;
    let f = await figures();
    expect(f.used).toBe(65);
    expect(f.line02).toMatchObject({ spent: 220_000, usedPercent: 73.3, thresholdPassed: true });
    expect(f.s.alerts.some((a) => a.includes('del fondo'))).toBe(false);
    ids.e = (
      await t.ok(
        'pettyCash.recordExpense',
        expenseInput(desk, { date: '2026-06-15', amount: 50_000, budgetLineId: desk.lines.transporte, concept: 'Bus intermunicipal', payee: { idType: 'CC', idNumber: '79555111', name: 'Jorge Mensajero' }, support: pngSupport() }),
        desk.custodianToken,
      )
    ).expense.id;
    f = await figures();
    expect(f.available).toBe(300_000);
    expect(f.used).toBe(70);
    expect(f.s.alerts[0]).toBe('Se superó el 70 % del fondo (70,0 %): solicite el reembolso.');
  });

  it('refuses a reimbursement that includes a voucher without support, naming it, and writes nothing', async () => {
    const before = await pettyCashSnapshot(t);
    await expectRefusal(t.call('pettyCash.requestReimbursement', { fundId: desk.fundId, expenseIds: [ids.a, ids.b] }, desk.custodianToken), 'RULE', 'El comprobante CM-GAR-2026-0002 no tiene soporte: adjúntelo antes de pedir el reembolso.');
    expect(await pettyCashSnapshot(t)).toEqual(before);
  });

  it('attaching the support registers the voucher; the request puts them in reimbursement', async () => {
    const attached = await t.ok('pettyCash.attachSupport', { expenseId: ids.b, support: pngSupport('tiquete.png') }, desk.custodianToken);
    expect(attached.state).toBe('registrado');
    const all = [ids.a, ids.b, ids.settled, ids.c, ids.d, ids.e];
    const { reimbursement, report } = await t.ok('pettyCash.requestReimbursement', { fundId: desk.fundId, expenseIds: all }, desk.custodianToken);
    expect(reimbursement).toMatchObject({ number: 'RE-GAR-2026-0001', state: 'solicitado', total: 700_000, approvedTotal: null });
    expect(reimbursement.byLine).toEqual([
      { code: '01', name: 'Papelería', total: 350_000 },
      { code: '02', name: 'Aseo y cafetería', total: 220_000 },
      { code: '03', name: 'Transporte', total: 130_000 },
    ]);
    expect(report.mimeType).toBe('application/pdf');
    await expectRefusal(t.call('pettyCash.requestReimbursement', { fundId: desk.fundId, expenseIds: [ids.a] }, desk.custodianToken), 'CONFLICT', 'Ya hay un reembolso pendiente (RE-GAR-2026-0001): espere la decisión del coordinador.');
    const f = await figures();
    expect(f.available).toBe(300_000); // still spent until approved
    expect(f.s.pendingReimbursement?.number).toBe('RE-GAR-2026-0001');
  });

  it('the custodian cannot decide the reimbursement', async () => {
    const id = (await figures()).s.pendingReimbursement?.id ?? 0;
    await expectForbidden(t.call('pettyCash.decideReimbursement', { reimbursementId: id, approve: true }, desk.custodianToken));
  });

  it('the coordinator approves with one voucher rejected: the fund and lines are restored by the approved total', async () => {
    const id = (await figures()).s.pendingReimbursement?.id ?? 0;
    const decided = await t.ok(
      'pettyCash.decideReimbursement',
      { reimbursementId: id, approve: true, rejected: [{ expenseId: ids.e, reason: 'El tiquete no trae el NIT de la empresa' }] },
      desk.coordinatorToken,
    );
    expect(decided).toMatchObject({ state: 'aprobado', total: 700_000, approvedTotal: 650_000 });
    expect(decided.expenses.find((e) => e.id === ids.e)).toMatchObject({ state: 'rechazado', rejectedReason: 'El tiquete no trae el NIT de la empresa' });
    expect(decided.expenses.filter((e) => e.state === 'reembolsado')).toHaveLength(5);
    const f = await figures();
    expect(f.available).toBe(950_000);
    expect(f.s.unreimbursed).toBe(50_000);
    expect(f.used).toBe(5);
    expect(f.line01).toMatchObject({ spent: 0, usedPercent: 0 });
    expect(f.line02).toMatchObject({ spent: 0 });
    expect(f.line03).toMatchObject({ spent: 50_000, usedPercent: 16.7 });
    expect(f.s.fund.closedThrough).toBe('2026-06-15');
    expect(f.s.alerts).toEqual([]);
    expect(f.s.pendingReimbursement).toBeNull();
  });

  it('the rejected voucher may be asked again in a later request', async () => {
    const { reimbursement } = await t.ok('pettyCash.requestReimbursement', { fundId: desk.fundId, expenseIds: [ids.e] }, desk.custodianToken);
    expect(reimbursement).toMatchObject({ number: 'RE-GAR-2026-0002', total: 50_000 });
    const rejected = await t.ok('pettyCash.decideReimbursement', { reimbursementId: reimbursement.id, approve: false, note: 'Falta la firma del beneficiario' }, desk.coordinatorToken);
    expect(rejected.state).toBe('rechazado');
    const [expense] = (await t.ok('pettyCash.expenses', { fundId: desk.fundId }, desk.custodianToken)).filter((e) => e.id === ids.e);
    expect(expense).toMatchObject({ state: 'registrado', rejectedReason: 'Falta la firma del beneficiario' });
  });

  it('refuses an expense dated in the reimbursed period, and writes nothing', async () => {
    const before = await pettyCashSnapshot(t);
    await expectRefusal(t.call('pettyCash.recordExpense', expenseInput(desk, { date: '2026-06-14', support: pngSupport() }), desk.custodianToken), 'VALIDATION', 'El periodo anterior al 15/06/2026 está cerrado (último reembolso aprobado): use esa fecha o una posterior.');
    expect(await pettyCashSnapshot(t)).toEqual(before);
    // the day of the last reimbursed voucher stays open: the custodian keeps working that day
    await t.ok('pettyCash.recordExpense', expenseInput(desk, { date: '2026-06-15', support: pngSupport() }), desk.custodianToken);
  });
});

describe('the split-purchase warning', () => {
  let t: T;
  let desk: PettyCashDesk;
  beforeAll(async () => {
    t = await createInitializedBackOffice();
    desk = await openTestFund(t, { maxPerExpense: 200_000 });
  });
  afterAll(() => t.close());

  it('warns (and records) when expenses to the same payee the same day pass the maximum together', async () => {
    const first = await t.ok('pettyCash.recordExpense', expenseInput(desk, { amount: 120_000 }), desk.custodianToken);
    expect(first.warnings).toEqual([]);
    const check = await t.ok('pettyCash.checkExpense', expenseInput(desk, { amount: 100_000, payee: { idType: 'NIT', idNumber: '900.123.456-8', name: 'Papelería El Sol' } }), desk.custodianToken);
    expect(check.refusal).toBeNull();
    expect(check.warnings).toHaveLength(1);
    expect(check.warnings[0]).toContain('Ya hay un gasto a Papelería El Sol');
    expect(check.warnings[0]).toContain('con este suman $ 220.000, más que el máximo por gasto ($ 200.000): ¿es una compra fraccionada?');
    const second = await t.ok('pettyCash.recordExpense', expenseInput(desk, { amount: 100_000 }), desk.custodianToken);
    expect(second.warnings).toEqual(check.warnings);
    expect(second.expense.state).toBe('pendiente_soporte');
    const audit: { after_json: string } = await t.app.db('audit_log').where({ action: 'pettyCash.recordExpense', entity_id: String(second.expense.id) }).first('after_json');
    expect(JSON.parse(audit.after_json).warnings).toEqual(check.warnings);
  });

  it('does not warn for another payee or below the maximum', async () => {
    const other = await t.ok('pettyCash.checkExpense', expenseInput(desk, { amount: 100_000, payee: { idType: 'NIT', idNumber: '890903938-8', name: 'Otra Papelería' } }), desk.custodianToken);
    expect(other.warnings).toEqual([]);
  });

  it('check answers the refusal without saving', async () => {
    const before = await pettyCashSnapshot(t);
    const check = await t.ok('pettyCash.checkExpense', expenseInput(desk, { amount: 250_000 }), desk.custodianToken);
    expect(check.refusal).toBe('El valor $ 250.000 supera el máximo por gasto de la caja menor ($ 200.000).');
    expect(await pettyCashSnapshot(t)).toEqual(before);
  });

  it('a resend with the same idempotency key records one expense', async () => {
    const key = '3f1c2d7e-9a4b-4c1d-8e2f-0a1b2c3d4e5f';
    const a = await t.ok('pettyCash.recordExpense', expenseInput(desk, { amount: 10_000, idempotencyKey: key, payee: { idType: 'CC', idNumber: '5555', name: 'X' } }), desk.custodianToken);
    const b = await t.ok('pettyCash.recordExpense', expenseInput(desk, { amount: 10_000, idempotencyKey: key, payee: { idType: 'CC', idNumber: '5555', name: 'X' } }), desk.custodianToken);
    expect(b.expense.id).toBe(a.expense.id);
  });

  it('the same idempotency key re-sent with another amount is a conflict, not the first voucher (issue 12)', async () => {
    const key = '7c2e4a10-5b3d-4e6f-9a8b-1c2d3e4f5a6b';
    const first = await t.ok('pettyCash.recordExpense', expenseInput(desk, { amount: 12_000, idempotencyKey: key, payee: { idType: 'CC', idNumber: '5555', name: 'X' } }), desk.custodianToken);
    const before = await pettyCashSnapshot(t);
    await expectRefusal(
      t.call('pettyCash.recordExpense', expenseInput(desk, { amount: 120_000, idempotencyKey: key, payee: { idType: 'CC', idNumber: '5555', name: 'X' } }), desk.custodianToken),
      'CONFLICT',
      `Esta operación ya se envió para el comprobante ${first.expense.number} con otros datos: no se registró de nuevo. Revise el gasto y regístrelo otra vez.`,
    );
    expect(await pettyCashSnapshot(t)).toEqual(before);
  });
});

describe('expenses sent at once', () => {
  let t: T;
  let desk: PettyCashDesk;
  beforeAll(async () => {
    t = await createInitializedBackOffice();
    desk = await openTestFund(t, { maxPerExpense: 100_000 });
  });
  afterAll(() => t.close());

  it('never spend more than the line holds, and number the vouchers without gaps', async () => {
    // Papelería holds 400.000: of ten expenses of 60.000 sent together, six fit
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.call('pettyCash.recordExpense', expenseInput(desk, { amount: 60_000, payee: { idType: 'CC', idNumber: String(1000 + i), name: `Proveedor ${i}` } }), desk.custodianToken)),
    );
    const recorded = results.filter((r) => r.ok);
    expect(recorded).toHaveLength(6);
    for (const r of results.filter((r) => !r.ok)) {
      await expectRefusal(r, 'RULE', 'El rubro 01 Papelería solo tiene disponible $ 40.000; el gasto necesita $ 60.000.');
    }
    const numbers = (await t.ok('pettyCash.expenses', { fundId: desk.fundId }, desk.custodianToken)).map((e) => e.number).sort();
    expect(numbers).toEqual(['0001', '0002', '0003', '0004', '0005', '0006'].map((n) => `CM-GAR-${desk.year}-${n}`));
    const line = (await t.ok('pettyCash.status', {}, desk.custodianToken))?.budgetLines.find((l) => l.code === '01');
    expect(line).toMatchObject({ spent: 360_000, available: 40_000 });
  });
});
