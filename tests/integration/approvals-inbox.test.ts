/**
 * The approvals inbox (issue 14, finding 2): a PQR answer drafted by the clerk and a petty-cash
 * reimbursement asked by the custodian wait in the coordinator's one inbox (most urgent first, a
 * count for the menu's badge), only for the offices the approver decides, and leave it once
 * decided. Every kind of approval is a source in electron/core/modules/approvals/sources.ts whose
 * roles are those of the handler that decides it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createInitializedBackOffice, createUserReady, OFFICE, type TestBackOffice } from '../helpers/backoffice';
import { telecobroOffice } from '../helpers/collections';
import { filePqr } from '../helpers/pqr';
import { expenseInput, openTestFund, pngSupport, type PettyCashDesk } from '../helpers/pettyCash';
import { handlers } from '../../electron/core/handlers';
import { APPROVAL_SOURCES } from '../../electron/core/modules/approvals/sources';
import type { HandlerName } from '../../shared/contract';

type T = TestBackOffice & { adminToken: string; officeId: number };
let t: T;
const PASSWORD = 'clave-de-prueba';
const tokens: Record<string, string> = {};

async function user(username: string, role: 'auxiliar' | 'coordinador' | 'cajero', officeId = t.officeId, fullName = `Usuario ${username}`) {
  tokens[username] = await createUserReady(t, { fullName, username, officeId, role, password: PASSWORD });
  return Number((await t.app.db('users').where({ username }).first('id')).id);
}

beforeEach(async () => {
  t = await createInitializedBackOffice();
});
afterEach(async () => {
  await t.close();
});

/** the handler that decides each kind: its access must be the source's roles */
const DECIDED_BY: Record<string, HandlerName> = {
  'pqr.answer': 'pqr.approveAnswer',
  'pettyCash.reimbursement': 'pettyCash.decideReimbursement',
  'collections.commission': 'collections.approveLiquidation',
};

describe('the registry of approval sources', () => {
  it('each kind once, each with the roles of the handler that decides it', () => {
    const kinds = APPROVAL_SOURCES.map((s) => s.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const source of APPROVAL_SOURCES) {
      const decider = DECIDED_BY[source.kind];
      expect(decider, `${source.kind}: name the handler that decides it in DECIDED_BY`).toBeDefined();
      expect([...source.roles].sort()).toEqual([...(handlers[decider].access as readonly string[])].sort());
    }
  });
});

describe('what waits for the coordinator', () => {
  let pqrId: number;
  let radicado: string;
  let desk: PettyCashDesk;
  let reimbursementId: number;

  beforeEach(async () => {
    const laura = await user('laura', 'auxiliar', t.officeId, 'Laura Méndez');
    await user('coord', 'coordinador', t.officeId, 'Carolina Ruiz');
    await user('cajero', 'cajero');
    // a reclamo filed, assigned to Laura and answered by her: it waits for approval
    const filed = await filePqr(t, tokens.laura, { type: 'reclamo', petitioner: { name: 'Jorge Iván Pardo' } });
    pqrId = filed.pqr.id;
    radicado = filed.pqr.radicado;
    await t.ok('pqr.assign', { pqrId, userId: laura, note: '' }, tokens.coord);
    await t.ok('pqr.draftAnswer', { pqrId, decision: 'no_accede', decisionText: 'La lectura del medidor es correcta.' }, tokens.laura);
    // the petty cash custodian (another clerk) asks for the reimbursement of one voucher of $ 50.000
    desk = await openTestFund(t);
    const { expense } = await t.ok('pettyCash.recordExpense', expenseInput(desk, { support: pngSupport() }), desk.custodianToken);
    ({ reimbursement: { id: reimbursementId } } = await t.ok('pettyCash.requestReimbursement', { fundId: desk.fundId, expenseIds: [expense.id] }, desk.custodianToken));
  });

  it('the coordinator sees both, the PQR (it has a legal due date) first, and a count of 2 for the badge', async () => {
    const inbox = await t.ok('approvals.inbox', {}, tokens.coord);
    expect(inbox.items.map((i) => [i.kind, i.title, i.detail, i.requestedBy, i.path])).toEqual([
      ['pqr.answer', `${radicado} · Reclamo`, 'No accede · Jorge Iván Pardo', 'Laura Méndez', `/pqr/${pqrId}`],
      ['pettyCash.reimbursement', `Reembolso RE-GAR-${desk.year}-0001`, '1 comprobante', 'Usuario auxiliar', '/caja-menor'],
    ]);
    const [answer, reimbursement] = inbox.items;
    expect(answer.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(answer.amount).toBeNull();
    expect(reimbursement.amount).toBe(50_000);
    expect(reimbursement.entityId).toBe(reimbursementId);
    expect(inbox.groups).toEqual([
      { kind: 'pqr.answer', label: 'Respuestas de PQR por aprobar', count: 1 },
      { kind: 'pettyCash.reimbursement', label: 'Reembolsos de caja menor por decidir', count: 1 },
      { kind: 'collections.commission', label: 'Comisiones de gestores por aprobar', count: 0 },
    ]);
    expect(await t.ok('approvals.count', {}, tokens.coord)).toEqual({ count: 2 });
  });

  it('a decided item leaves the inbox: approved answer, then the reimbursement decided', async () => {
    await t.ok('pqr.approveAnswer', { pqrId }, tokens.coord);
    expect((await t.ok('approvals.inbox', {}, tokens.coord)).items.map((i) => i.kind)).toEqual(['pettyCash.reimbursement']);
    await t.ok('pettyCash.decideReimbursement', { reimbursementId, approve: true }, tokens.coord);
    expect(await t.ok('approvals.inbox', {}, tokens.coord)).toMatchObject({ items: [], groups: [{ count: 0 }, { count: 0 }, { count: 0 }] });
    expect(await t.ok('approvals.count', {}, tokens.coord)).toEqual({ count: 0 });
  });

  it('a returned answer does not wait for the coordinator until it is drafted again', async () => {
    await t.ok('pqr.returnAnswer', { pqrId, reason: 'Cite el acta de la visita' }, tokens.coord);
    expect((await t.ok('approvals.inbox', {}, tokens.coord)).items.map((i) => i.kind)).toEqual(['pettyCash.reimbursement']);
    await t.ok('pqr.draftAnswer', { pqrId, decision: 'no_accede', decisionText: 'Según el acta 12 de la visita, la lectura es correcta.' }, tokens.laura);
    expect(await t.ok('approvals.count', {}, tokens.coord)).toEqual({ count: 2 });
  });

  it("another office's coordinator sees nothing of this office; the administrator sees every office, with its code", async () => {
    const tenza = await t.ok('offices.create', { ...OFFICE, code: 'TEN', name: 'Oficina Tenza', city: 'Tenza', cityDane: '15798' }, t.adminToken);
    await user('coordten', 'coordinador', tenza.id);
    expect(await t.ok('approvals.inbox', {}, tokens.coordten)).toMatchObject({ items: [] });
    expect(await t.ok('approvals.count', {}, tokens.coordten)).toEqual({ count: 0 });
    const admin = await t.ok('approvals.inbox', {}, t.adminToken);
    expect(admin.items.map((i) => i.officeCode)).toEqual(['GAR', 'GAR']);
  });

  it('roles that decide nothing get an empty inbox and no groups', async () => {
    expect(await t.ok('approvals.inbox', {}, tokens.cajero)).toEqual({ items: [], groups: [] });
    expect(await t.ok('approvals.count', {}, tokens.laura)).toEqual({ count: 0 });
  });

  it('the custodian coordinator does not find their own reimbursement (another coordinator decides it)', async () => {
    // the fund's custodian becomes the coordinator: their own request is not theirs to decide
    await t.app.db('petty_cash_funds').where({ id: desk.fundId }).update({ custodian_id: Number((await t.app.db('users').where({ username: 'coord' }).first('id')).id) });
    expect((await t.ok('approvals.inbox', {}, tokens.coord)).items.map((i) => i.kind)).toEqual(['pqr.answer']);
  });
});

describe("a gestor's commission liquidation", () => {
  it('waits in the inbox of a coordinator other than the one who liquidated it, and leaves it once approved', async () => {
    const w = await telecobroOffice();
    try {
      // March liquidated by the coordinator for Ana (no payments attributed: commission $ 0, still to approve)
      const { liquidation } = await w.ok('collections.liquidate', { gestorId: w.gestorAId, month: '2026-03' }, w.coordinator);
      expect(liquidation.state).toBe('por_aprobar');
      // the coordinator who liquidated it does not decide it (collections.approveLiquidation refuses them too)
      expect((await w.ok('approvals.inbox', {}, w.coordinator)).items.map((i) => i.kind)).toEqual([]);
      const admin = await w.ok('approvals.inbox', {}, w.adminToken);
      expect(admin.items.map((i) => [i.kind, i.title, i.requestedBy, i.path])).toEqual([
        ['collections.commission', 'Comisiones de Usuario gestor · 03/2026', 'Usuario coordinador', `/cobranza/comisiones/${liquidation.id}`],
      ]);
      expect(admin.groups.find((g) => g.kind === 'collections.commission')).toEqual({ kind: 'collections.commission', label: 'Comisiones de gestores por aprobar', count: 1 });
      expect(await w.ok('approvals.count', {}, w.adminToken)).toEqual({ count: 1 });
      await w.ok('collections.approveLiquidation', { liquidationId: liquidation.id }, w.adminToken);
      expect(await w.ok('approvals.count', {}, w.adminToken)).toEqual({ count: 0 });
    } finally {
      await w.close();
      vi.useRealTimers();
    }
  });
});
