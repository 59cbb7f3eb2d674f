/**
 * Issue 12, medium 4: petty cash is scoped by fund → office. Office A (Garagoa) keeps a fund with a
 * voucher and its scanned support, an advance, a pending reimbursement and an arqueo; every user
 * of office B (Tenza), whatever the role, gets NOT_FOUND for each of them, with the very message an
 * id that does not exist gets ("… no existe"), so an id tried from another office reveals nothing;
 * the acts on office A's fund are refused the same way and write nothing. An administrator works
 * for the whole company. The arqueo is recorded only by a coordinator of the fund's office (not the
 * custodian) or an administrator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerName, Input } from '../../shared/contract';
import { ROLES, type Role } from '../../shared/roles';
import { OFFICE, createInitializedBackOffice, createUserReady, loginAs, type TestBackOffice } from '../helpers/backoffice';
import { copCount } from '../helpers/cashier';
import { expenseInput, openTestFund, pettyCashSnapshot, pngSupport, type PettyCashDesk } from '../helpers/pettyCash';

type T = TestBackOffice & { adminToken: string; officeId: number };
const MISSING = 987_654;
const PASSWORD = 'clave-de-prueba';

let t: T;
let desk: PettyCashDesk;
let officeB: number;
/** a token per role of office B */
const officeBTokens = new Map<Role, string>();
/** office A's records */
const a = { fundId: 0, expenseId: 0, advanceId: 0, reimbursementId: 0, arqueoId: 0 };

beforeAll(async () => {
  t = await createInitializedBackOffice();
  desk = await openTestFund(t);
  a.fundId = desk.fundId;
  const { expense } = await t.ok('pettyCash.recordExpense', expenseInput(desk, { amount: 120_000, support: pngSupport() }), desk.custodianToken);
  a.expenseId = expense.id;
  const { advance } = await t.ok(
    'pettyCash.giveAdvance',
    { fundId: desk.fundId, date: desk.today, payee: { idType: 'CC', idNumber: '52123456', name: 'Taxi Garagoa' }, concept: 'Transporte de correspondencia', budgetLineId: desk.lines.transporte, amount: 40_000 },
    desk.custodianToken,
  );
  a.advanceId = advance.id;
  const { reimbursement } = await t.ok('pettyCash.requestReimbursement', { fundId: desk.fundId, expenseIds: [expense.id] }, desk.custodianToken);
  a.reimbursementId = reimbursement.id;
  const { arqueo } = await t.ok('pettyCash.arqueo', { fundId: desk.fundId, cash: copCount(840_000), vouchersOnHand: 120_000, advancesOnHand: 40_000 }, desk.coordinatorToken);
  a.arqueoId = arqueo.id;

  officeB = (await t.ok('offices.create', { ...OFFICE, code: 'TEN', name: 'Oficina Tenza', city: 'Tenza', cityDane: '15798' }, t.adminToken)).id;
  for (const role of ROLES) {
    const username = `${role}.tenza`;
    officeBTokens.set(role, await createUserReady(t, { fullName: `${role} de Tenza`, username, officeId: officeB, role, password: PASSWORD }));
  }
});
afterAll(async () => {
  await t.close();
});

/** every petty-cash read that names a record, with office A's id and with an id that does not exist */
function reads(ids: typeof a): { name: HandlerName; args: Record<string, unknown> }[] {
  return [
    { name: 'pettyCash.expenses', args: { fundId: ids.fundId } },
    { name: 'pettyCash.advances', args: { fundId: ids.fundId, openOnly: false } },
    { name: 'pettyCash.reimbursements', args: { fundId: ids.fundId } },
    { name: 'pettyCash.arqueos', args: { fundId: ids.fundId } },
    { name: 'pettyCash.finalReportPdf', args: { fundId: ids.fundId } },
    { name: 'pettyCash.support', args: { expenseId: ids.expenseId } },
    { name: 'pettyCash.voucherPdf', args: { expenseId: ids.expenseId } },
    { name: 'pettyCash.reimbursementPdf', args: { reimbursementId: ids.reimbursementId } },
    { name: 'pettyCash.arqueoPdf', args: { arqueoId: ids.arqueoId } },
  ];
}

const absent = { fundId: MISSING, expenseId: MISSING, advanceId: MISSING, reimbursementId: MISSING, arqueoId: MISSING };

describe('a user of office B reads nothing of office A’s petty cash', () => {
  it('office A’s own people read every one of these (the ids are real)', async () => {
    for (const { name, args } of reads(a)) {
      const result = await t.call(name, args as never, desk.coordinatorToken);
      expect(result.ok, `${name}: ${result.ok ? '' : result.error.message}`).toBe(true);
    }
  });

  it.each(ROLES.filter((r) => r !== 'administrador'))('as %s of office B: NOT_FOUND, worded as for an id that does not exist', async (role) => {
    const token = officeBTokens.get(role) as string;
    const missing = reads(absent);
    for (const [i, { name, args }] of reads(a).entries()) {
      const result = await t.call(name, args as never, token);
      const nonexistent = await t.call(name, missing[i].args as never, token);
      expect(nonexistent.ok).toBe(false);
      if (nonexistent.ok) continue;
      expect(nonexistent.error.code).toBe('NOT_FOUND');
      // the same code and the same Spanish words: "La caja menor no existe", "El comprobante de caja menor no existe"…
      expect(result, `${name} como ${role} de la oficina B`).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: nonexistent.error.message } });
      expect(nonexistent.error.message).toMatch(/ no existe$/);
    }
  });

  it('the status and the list of funds of office A are refused by name; without an office, the caller’s own (none in B)', async () => {
    const cashier = officeBTokens.get('cajero') as string;
    for (const name of ['pettyCash.status', 'pettyCash.funds'] as const) {
      expect(await t.call(name, { officeId: t.officeId }, cashier)).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'Solo puede consultar la caja menor de su oficina.' },
      });
    }
    expect(await t.ok('pettyCash.status', {}, cashier)).toBeNull();
    expect(await t.ok('pettyCash.funds', {}, cashier)).toEqual([]);
  });

  it('an administrator (of office B) works for the whole company: reads office A’s fund and papers', async () => {
    const admin = officeBTokens.get('administrador') as string;
    for (const { name, args } of reads(a)) {
      const result = await t.call(name, args as never, admin);
      expect(result.ok, `${name}: ${result.ok ? '' : result.error.message}`).toBe(true);
    }
    const status = await t.ok('pettyCash.status', { officeId: t.officeId }, admin);
    expect(status?.fund.id).toBe(a.fundId);
  });
});

describe('the acts on office A’s fund, from office B, are refused as absent and write nothing', () => {
  const acts = (): { name: HandlerName; args: Record<string, unknown> }[] => [
    { name: 'pettyCash.checkExpense', args: expenseInput(desk) },
    { name: 'pettyCash.recordExpense', args: expenseInput(desk, { support: pngSupport() }) },
    { name: 'pettyCash.attachSupport', args: { expenseId: a.expenseId, support: pngSupport() } },
    { name: 'pettyCash.giveAdvance', args: { fundId: a.fundId, date: desk.today, payee: { idType: 'CC', idNumber: '1234567', name: 'X' }, concept: 'Taxi', budgetLineId: desk.lines.transporte, amount: 10_000 } },
    { name: 'pettyCash.settleAdvance', args: { advanceId: a.advanceId, date: desk.today, invoiceAmount: 40_000, withholdings: 0, returnedCash: 0 } },
    { name: 'pettyCash.requestReimbursement', args: { fundId: a.fundId, expenseIds: [a.expenseId] } },
    { name: 'pettyCash.decideReimbursement', args: { reimbursementId: a.reimbursementId, approve: true, rejected: [] } },
    { name: 'pettyCash.arqueo', args: { fundId: a.fundId, cash: copCount(840_000), vouchersOnHand: 120_000, advancesOnHand: 40_000 } },
    { name: 'pettyCash.tillTransfer', args: { fundId: a.fundId, direction: 'fondo_a_caja', amount: 10_000 } },
    { name: 'pettyCash.updateFund', args: { fundId: a.fundId, custodianId: desk.custodianId, thresholdPercent: 50, maxPerExpense: 100_000, forbiddenConcepts: [] } },
    { name: 'pettyCash.legalize', args: { fundId: a.fundId, date: desk.today, returnedCash: 840_000 } },
  ];

  it.each(['cajero', 'auxiliar', 'gestor', 'coordinador'] as const)('as %s of office B', async (role) => {
    const token = officeBTokens.get(role) as string;
    const before = await pettyCashSnapshot(t);
    for (const { name, args } of acts()) {
      const result = await t.call(name, args as Input<typeof name> as never, token);
      expect(result.ok, name).toBe(false);
      if (result.ok) continue;
      // the coordinators' acts refuse other roles by the table first (FORBIDDEN); everything else answers "no existe"
      if (result.error.code === 'FORBIDDEN') expect(result.error.message, name).toBe('Su rol no permite esta operación.');
      else expect(result.error, `${name} como ${role}`).toEqual({ code: 'NOT_FOUND', message: expect.stringMatching(/^(La caja menor|El comprobante de caja menor|El anticipo|El reembolso) no existe$/) as unknown as string });
      if (role === 'coordinador') expect(result.error.code, `${name}: un coordinador puede hacerlo en su oficina, no en otra`).toBe('NOT_FOUND');
    }
    expect(await pettyCashSnapshot(t)).toEqual(before);
  });
});

describe('the arqueo: the fund office’s coordinator (not the custodian) or an administrator', () => {
  const count = () => ({ fundId: a.fundId, cash: copCount(840_000), vouchersOnHand: 120_000, advancesOnHand: 40_000 });

  it('the custodian, a cashier and a clerk of the office are refused by their role; nothing is written', async () => {
    const cashierA = await loginAs(t, 'cajero', 'cajero.garagoa');
    const before = await pettyCashSnapshot(t);
    for (const token of [desk.custodianToken, cashierA]) {
      expect(await t.call('pettyCash.arqueo', count(), token)).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Su rol no permite esta operación.' } });
    }
    expect(await pettyCashSnapshot(t)).toEqual(before);
  });

  it('a coordinator who is the custodian is refused: someone other than who keeps the cash counts it', async () => {
    const u = await t.app.db('users').where({ username: 'coordinador1' }).first('id');
    await t.ok('pettyCash.updateFund', { fundId: a.fundId, custodianId: Number(u.id), thresholdPercent: 70, maxPerExpense: 200_000, forbiddenConcepts: [] }, desk.coordinatorToken);
    try {
      const before = await pettyCashSnapshot(t);
      expect(await t.call('pettyCash.arqueo', count(), desk.coordinatorToken)).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'El arqueo lo hace alguien distinto de quien custodia la caja menor.' },
      });
      expect(await pettyCashSnapshot(t)).toEqual(before);
    } finally {
      await t.ok('pettyCash.updateFund', { fundId: a.fundId, custodianId: desk.custodianId, thresholdPercent: 70, maxPerExpense: 200_000, forbiddenConcepts: [] }, desk.coordinatorToken);
    }
  });

  it('the coordinator of the office and an administrator of another office record it', async () => {
    const { arqueo } = await t.ok('pettyCash.arqueo', { ...count(), note: 'Arqueo sorpresa de la coordinadora' }, desk.coordinatorToken);
    expect(arqueo).toMatchObject({ countedBy: 'Usuario coordinador', expected: 1_000_000, difference: 0 });
    const byAdmin = await t.ok('pettyCash.arqueo', count(), officeBTokens.get('administrador') as string);
    expect(byAdmin.arqueo.countedBy).toBe('administrador de Tenza');
    expect(await t.ok('pettyCash.arqueos', { fundId: a.fundId }, desk.custodianToken)).toHaveLength(3);
  });
});
