/**
 * Working a PQR: assignment by the coordinator, the trays, comments, close / reopen, the history,
 * who may do what, and the search (radicado, account, petitioner id, name and words, filters).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { createInitializedBackOffice, loginAs, createUserReady, type TestBackOffice } from '../helpers/backoffice';
import { insertAccount } from '../helpers/accounts';
import { filePqr, pqrCounts } from '../helpers/pqr';

type T = TestBackOffice & { adminToken: string; officeId: number };
let t: T;
let aux: string;
let aux2: string;
let coord: string;
const userId = async (username: string) => Number((await t.app.db('users').where({ username }).first('id')).id);

beforeEach(async () => {
  t = await createInitializedBackOffice();
  aux = await loginAs(t, 'auxiliar', 'laura');
  aux2 = await loginAs(t, 'auxiliar', 'pedro');
  coord = await loginAs(t, 'coordinador', 'coord');
});
afterEach(async () => {
  await t.close();
});

describe('assign, work and close', () => {
  it('the coordinator assigns and reassigns; each person sees their own tray', async () => {
    const a = (await filePqr(t, aux, { subject: 'Primera' })).pqr;
    const b = (await filePqr(t, aux, { subject: 'Segunda' })).pqr;
    expect((await t.ok('pqr.tray', { scope: 'unassigned' }, coord)).map((p) => p.id)).toEqual([a.id, b.id]);

    const before = await pqrCounts(t);
    await expectForbidden(t.call('pqr.assign', { pqrId: a.id, userId: await userId('laura'), note: '' }, aux));
    expect(await pqrCounts(t)).toEqual(before);

    const assigned = await t.ok('pqr.assign', { pqrId: a.id, userId: await userId('laura'), note: 'Urgente' }, coord);
    expect(assigned).toMatchObject({ state: 'asignada', assignedTo: 'Usuario auxiliar' });
    await t.ok('pqr.assign', { pqrId: b.id, userId: await userId('pedro'), note: '' }, coord);
    expect((await t.ok('pqr.tray', {}, aux)).map((p) => p.id)).toEqual([a.id]);
    expect((await t.ok('pqr.tray', {}, aux2)).map((p) => p.id)).toEqual([b.id]);
    expect(await t.ok('pqr.tray', { scope: 'unassigned' }, coord)).toEqual([]);
    await expectRefusal(t.call('pqr.tray', { scope: 'office' }, aux), 'FORBIDDEN', 'Solo el coordinador ve la bandeja de toda la oficina.');

    const reassigned = await t.ok('pqr.assign', { pqrId: a.id, userId: await userId('pedro'), note: '' }, coord);
    expect(reassigned.history.map((e) => [e.action, e.text, e.userName])).toEqual([
      ['radicada', expect.stringContaining('Radicada con el número'), 'Usuario auxiliar'],
      ['asignada', 'Asignada a Usuario auxiliar: Urgente', 'Usuario coordinador'],
      ['reasignada', 'Reasignada a Usuario auxiliar', 'Usuario coordinador'],
    ]);
    expect(await t.ok('pqr.tray', {}, aux)).toEqual([]);
    await expectRefusal(t.call('pqr.assign', { pqrId: a.id, userId: await userId('pedro'), note: '' }, coord), 'CONFLICT', 'La PQR ya está asignada a Usuario auxiliar.');
  });

  it('refuses to assign to a cashier or a user of another office', async () => {
    const { pqr } = await filePqr(t, aux);
    await loginAs(t, 'cajero', 'cajero1');
    await expectRefusal(t.call('pqr.assign', { pqrId: pqr.id, userId: await userId('cajero1'), note: '' }, coord), 'VALIDATION', 'Solo se asigna a un auxiliar o coordinador activo de la oficina de la PQR.');
  });

  it('comments, close with the result, reopen only by a coordinator with a reason', async () => {
    const { pqr } = await filePqr(t, aux);
    await t.ok('pqr.assign', { pqrId: pqr.id, userId: await userId('laura'), note: '' }, coord);
    await t.ok('pqr.comment', { pqrId: pqr.id, text: 'Llamé al peticionario: confirma la dirección' }, aux);
    await expectRefusal(t.call('pqr.close', { pqrId: pqr.id, result: 'x' }, aux2), 'FORBIDDEN', 'Solo quien tiene asignada la PQR o el coordinador de la oficina pueden hacerlo.');
    const closed = await t.ok('pqr.close', { pqrId: pqr.id, result: 'Se ajustó la factura' }, aux);
    expect(closed).toMatchObject({ state: 'cerrada', closedResult: 'Se ajustó la factura', light: 'sin_termino' });
    expect(await t.ok('pqr.tray', {}, aux)).toEqual([]);
    await expectRefusal(t.call('pqr.close', { pqrId: pqr.id, result: 'otra vez' }, aux), 'RULE', 'La PQR está cerrada: no se puede cerrar. Un coordinador puede reabrirla.');
    await expectForbidden(t.call('pqr.reopen', { pqrId: pqr.id, reason: 'x' }, aux));
    const reopened = await t.ok('pqr.reopen', { pqrId: pqr.id, reason: 'El usuario aportó pruebas nuevas' }, coord);
    expect(reopened.state).toBe('asignada');
    expect(reopened.history.map((e) => e.action)).toEqual(['radicada', 'asignada', 'comentario', 'cerrada', 'reabierta']);
    const audits = await t.app.db('audit_log').where({ entity: 'pqr', entity_id: String(pqr.id) }).orderBy('id').pluck('action');
    expect(audits).toEqual(['pqr.file', 'pqr.assign', 'pqr.comment', 'pqr.close', 'pqr.reopen']);
  });

  it('another office does not see the PQR', async () => {
    const { pqr } = await filePqr(t, aux);
    await t.ok('offices.create', { code: 'TEN', name: 'Oficina Tenza', city: 'Tenza', cityDane: '15798', address: 'Calle 3', phone: '', saturdayIsBusinessDay: false }, t.adminToken);
    const office = await t.app.db('offices').where({ code: 'TEN' }).first('id');
    const other = await createUserReady(t, { fullName: 'Coord Tenza', username: 'coord.ten', officeId: office.id, role: 'coordinador', password: 'clave-de-prueba' });
    await expectRefusal(t.call('pqr.get', { pqrId: pqr.id }, other), 'NOT_FOUND', 'La PQR no existe');
    await expectRefusal(t.call('pqr.annul', { pqrId: pqr.id, reason: 'x' }, other), 'NOT_FOUND', 'La PQR no existe');
    expect(await t.ok('pqr.search', { text: pqr.radicado }, other)).toEqual([]);
  });
});

describe('search', () => {
  it('by radicado, account, petitioner id, name and words; a wrong radicado finds nothing', async () => {
    const accountId = await insertAccount(t.app.db, { number: '100234', holderName: 'Ana Gómez' });
    const a = (await filePqr(t, aux, { accountId, subject: 'Cobro por promedio injustificado', petitioner: { name: 'José Ñáñez Peña', idNumber: '79111222' } })).pqr;
    const b = (await filePqr(t, aux, { subject: 'Fuga en el andén', text: 'Hay una fuga de agua frente al colegio', petitioner: { name: 'Ana Gómez', idNumber: '41000111' } })).pqr;
    const ids = async (text: string, extra: object = {}) => (await t.ok('pqr.search', { text, ...extra }, aux)).map((p) => p.id);

    expect(await ids(a.radicado)).toEqual([a.id]);
    expect(await ids(a.radicado.toLowerCase().replace(/0+(\d+)$/, '$1'))).toEqual([a.id]); // typed without zeros
    expect(await ids(a.radicado.replace(/\d$/, '9'))).toEqual([]);
    expect(await ids('100234')).toEqual([a.id]);
    expect(await ids('41000111')).toEqual([b.id]);
    expect(await ids('nanez')).toEqual([a.id]);
    expect(await ids('jose pena')).toEqual([a.id]);
    expect(await ids('fuga colegio')).toEqual([b.id]);
    expect(await ids('fuga promedio')).toEqual([]);
    expect(await ids('')).toEqual([b.id, a.id]);
    expect(await ids('', { type: 'peticion', state: 'radicada' })).toEqual([b.id, a.id]);
    expect(await ids('', { state: 'cerrada' })).toEqual([]);

    const found = await t.ok('pqr.findByRadicado', { radicado: a.radicado }, aux);
    expect(found).toMatchObject({ id: a.id, accountNumber: '100234', petitioner: { name: 'José Ñáñez Peña' } });
    await expectRefusal(t.call('pqr.findByRadicado', { radicado: '2026-GAR-P-99999' }, aux), 'NOT_FOUND', 'No existe el radicado «2026-GAR-P-99999». Revise el número (ejemplo: 2026-GAR-P-000123).');
    await expectRefusal(t.call('pqr.findByRadicado', { radicado: 'abc' }, aux), 'NOT_FOUND', 'No existe el radicado «abc». Revise el número (ejemplo: 2026-GAR-P-000123).');
  });
});

describe('catalog and tables', () => {
  it('lists the types with their terms, the causales and the assignees; the administrator edits them', async () => {
    const catalog = await t.ok('pqr.catalog', {}, aux);
    expect(catalog.country).toBe('CO');
    expect(catalog.types.find((x) => x.type === 'consulta')).toMatchObject({ termBusinessDays: 30, needsCausal: false });
    expect(catalog.types.find((x) => x.type === 'reclamo')).toMatchObject({ termBusinessDays: 15, suiTramite: 1, needsCausal: true, silencioPositivo: true });
    expect(catalog.causales.find((c) => c.code === '303')).toMatchObject({ group: 'P', name: 'Interrupciones' });
    expect(catalog.assignees.map((u) => u.role).sort()).toEqual(['auxiliar', 'auxiliar', 'coordinador']);

    await expectForbidden(t.call('pqr.saveCausal', { group: 'F', code: '199', name: 'Otra', active: true }, coord));
    const causal = await t.ok('pqr.saveCausal', { group: 'F', code: '199', name: 'Otra de facturación', active: true }, t.adminToken);
    expect(causal).toMatchObject({ group: 'F', code: '199' });
    await expectRefusal(t.call('pqr.saveCausal', { group: 'F', code: '117', name: 'Estrato bis', active: true }, t.adminToken), 'CONFLICT', 'Ya existe la causal F-117 (Estrato).');
  });
});
