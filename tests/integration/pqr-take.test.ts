/**
 * "Sin asignar" (issue 14, finding 11): the clerk who files a PQR finds it, and every PQR nobody has
 * yet, in the tray's unassigned view, and takes one; the second to take it is told who has it and
 * nothing is written; another office's PQR is "no existe"; the whole office stays the coordinator's.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInitializedBackOffice, createUserReady, OFFICE, type TestBackOffice } from '../helpers/backoffice';
import { filePqr, pqrCounts } from '../helpers/pqr';

type T = TestBackOffice & { adminToken: string; officeId: number };
let t: T;
const PASSWORD = 'clave-de-prueba';
const tokens: Record<string, string> = {};

async function user(username: string, role: 'auxiliar' | 'coordinador' | 'cajero', fullName: string, officeId = t.officeId) {
  tokens[username] = await createUserReady(t, { fullName, username, officeId, role, password: PASSWORD });
}

beforeEach(async () => {
  t = await createInitializedBackOffice();
  await user('laura', 'auxiliar', 'Laura Méndez');
  await user('pedro', 'auxiliar', 'Pedro Rincón');
  await user('cajero', 'cajero', 'Carlos Pérez');
});
afterEach(async () => {
  await t.close();
});

describe('the unassigned view and taking a PQR', () => {
  it('the clerk sees the PQR she just filed under "Sin asignar" and takes it: it is hers, the history says so', async () => {
    const { pqr } = await filePqr(t, tokens.laura);
    expect((await t.ok('pqr.tray', { scope: 'mine' }, tokens.laura)).map((p) => p.id)).toEqual([]);
    const unassigned = await t.ok('pqr.tray', { scope: 'unassigned' }, tokens.laura);
    expect(unassigned.map((p) => [p.radicado, p.state, p.assignedTo])).toEqual([[pqr.radicado, 'radicada', null]]);

    const taken = await t.ok('pqr.take', { pqrId: pqr.id }, tokens.laura);
    expect(taken).toMatchObject({ state: 'asignada', assignedTo: 'Laura Méndez' });
    expect(taken.history.at(-1)).toMatchObject({ action: 'asignada', text: 'Tomada por Laura Méndez', userName: 'Laura Méndez' });
    expect((await t.ok('pqr.tray', { scope: 'mine' }, tokens.laura)).map((p) => p.id)).toEqual([pqr.id]);
    expect(await t.ok('pqr.tray', { scope: 'unassigned' }, tokens.pedro)).toEqual([]);
    const audit = await t.app.db('audit_log').where({ action: 'pqr.take' }).first('entity_id', 'after_json');
    expect(Number(audit.entity_id)).toBe(pqr.id);
  });

  it('the second to take it is told who has it, and nothing is written', async () => {
    const { pqr } = await filePqr(t, tokens.laura);
    await t.ok('pqr.take', { pqrId: pqr.id }, tokens.laura);
    const before = await pqrCounts(t);
    const late = await t.call('pqr.take', { pqrId: pqr.id }, tokens.pedro);
    expect(late.ok ? null : late.error).toMatchObject({ code: 'CONFLICT', message: 'La PQR ya la tiene Laura Méndez.' });
    const again = await t.call('pqr.take', { pqrId: pqr.id }, tokens.laura);
    expect(again.ok ? null : again.error).toMatchObject({ code: 'CONFLICT', message: 'La PQR ya es suya.' });
    expect(await pqrCounts(t)).toEqual(before);
  });

  it("another office's clerk gets \"no existe\"; a cashier may not take PQRs; the office view stays the coordinator's", async () => {
    const { pqr } = await filePqr(t, tokens.laura);
    const tenza = await t.ok('offices.create', { ...OFFICE, code: 'TEN', name: 'Oficina Tenza', city: 'Tenza', cityDane: '15798' }, t.adminToken);
    await user('ana', 'auxiliar', 'Ana Torres', tenza.id);
    const before = await pqrCounts(t);
    const other = await t.call('pqr.take', { pqrId: pqr.id }, tokens.ana);
    expect(other.ok ? null : other.error).toMatchObject({ code: 'NOT_FOUND', message: 'La PQR no existe' });
    expect(await t.ok('pqr.tray', { scope: 'unassigned' }, tokens.ana)).toEqual([]);
    const cashier = await t.call('pqr.take', { pqrId: pqr.id }, tokens.cajero);
    expect(cashier.ok ? null : cashier.error).toMatchObject({ code: 'FORBIDDEN', message: 'Su rol no permite esta operación.' });
    const office = await t.call('pqr.tray', { scope: 'office' }, tokens.laura);
    expect(office.ok ? null : office.error).toMatchObject({ code: 'FORBIDDEN', message: 'Solo el coordinador ve la bandeja de toda la oficina.' });
    expect(await pqrCounts(t)).toEqual(before);
  });
});
