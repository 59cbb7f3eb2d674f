/**
 * Legal terms through the handlers, on the office's calendar as the database holds it (Colombian
 * holidays loaded from date-holidays): the same dates counted by hand in
 * tests/unit/pqr-deadlines.test.ts (see the holiday lists there). The clock of the back office is
 * moved with fake Date (only Date: timers and I/O run normally) to file, pause, resume and extend
 * on chosen days.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { createInitializedBackOffice, OFFICE, createUserReady, type TestBackOffice } from '../helpers/backoffice';
import { filePqr } from '../helpers/pqr';

type T = TestBackOffice & { adminToken: string; officeId: number };
let t: T;
const PASSWORD = 'clave-de-prueba';

beforeEach(async () => {
  t = await createInitializedBackOffice();
  for (const [username, role] of [['aux', 'auxiliar'], ['coord', 'coordinador']] as const) {
    await createUserReady(t, { fullName: `Usuario ${role}`, username, officeId: t.officeId, role, password: PASSWORD });
  }
});
afterEach(async () => {
  vi.useRealTimers();
  await t.close();
});

/** moves the back office's clock to 10:00 in Bogotá on `date`; logs in again (sessions expire after 12 h) */
async function on(date: string): Promise<{ aux: string; coord: string }> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(`${date}T15:00:00Z`));
  const login = async (username: string) => (await t.ok('auth.login', { username, password: PASSWORD })).token;
  return { aux: await login('aux'), coord: await login('coord') };
}

describe('pqr.dueDate on the office calendar, against the hand count', () => {
  const cases: [string, 'reclamo' | 'peticion' | 'solicitud_informacion' | 'consulta', string][] = [
    ['2026-01-09', 'reclamo', '2026-02-02'], // Friday before Reyes (Mon 12 Jan)
    ['2026-04-01', 'peticion', '2026-04-24'], // Semana Santa 2026
    ['2026-04-01', 'solicitud_informacion', '2026-04-17'],
    ['2026-04-02', 'reclamo', '2026-04-24'], // filed on Jueves Santo
    ['2027-03-24', 'reclamo', '2027-04-16'], // Semana Santa 2027
    ['2027-03-19', 'peticion', '2027-04-14'], // before San José 2027 (Mon 22 Mar) and Semana Santa
    ['2027-03-24', 'consulta', '2027-05-07'],
    ['2026-12-24', 'reclamo', '2027-01-19'],
    ['2026-12-31', 'reclamo', '2027-01-25'],
    ['2026-03-21', 'peticion', '2026-04-15'], // a Saturday, Saturdays not counted
  ];
  it.each(cases)('filed %s, %s → %s', async (filed, type, due) => {
    const result = await t.ok('pqr.dueDate', { type, filed }, t.adminToken);
    expect(result.dueDate).toBe(due);
  });

  it('counts Saturdays when the office works them', async () => {
    await t.ok('offices.update', { ...OFFICE, saturdayIsBusinessDay: true, officeId: t.officeId }, t.adminToken);
    expect(await t.ok('pqr.dueDate', { type: 'peticion', filed: '2026-03-21' }, t.adminToken)).toEqual({ dueDate: '2026-04-11', termBusinessDays: 15, dayOne: '2026-03-24' });
  });

  it('follows the term the administrator sets', async () => {
    await t.ok('pqr.saveTerm', { type: 'peticion', termBusinessDays: 10, basis: 'Política interna' }, t.adminToken);
    expect((await t.ok('pqr.dueDate', { type: 'peticion', filed: '2026-01-09' }, t.adminToken)).dueDate).toBe('2026-01-26');
  });
});

describe('pause, resume and extension through the handlers', () => {
  it('a pause for evidence of 4 business days moves the due date 4 business days', async () => {
    let { aux, coord } = await on('2026-01-09');
    const { pqr } = await filePqr(t, aux, { type: 'reclamo' });
    expect(pqr.dueDate).toBe('2026-02-02');
    await t.ok('pqr.assign', { pqrId: pqr.id, userId: (await t.app.db('users').where({ username: 'aux' }).first('id')).id, note: '' }, coord);

    ({ aux, coord } = await on('2026-01-20'));
    const paused = await t.ok('pqr.pause', { pqrId: pqr.id, reason: 'pruebas', note: 'Visita técnica al predio', evidence: 'Visita técnica y revisión del medidor' }, aux);
    expect(paused.state).toBe('suspendida');
    expect(paused.dueDate).toBeNull();
    // the limit: 30 business days from Tue 20 Jan → 21 22 23 (3), 26–30 (8), 2–6 Feb (13), 9–13 (18), 16–20 (23), 23–27 (28), 2 Mar (29), 3 Mar (30)
    expect(paused.paused).toEqual({ reason: 'pruebas', since: '2026-01-20', remainingBusinessDays: 9, evidence: 'Visita técnica y revisión del medidor', limitDate: '2026-03-03' });
    expect(paused.light).toBe('sin_termino');
    await expectRefusal(t.call('pqr.pause', { pqrId: pqr.id, reason: 'pruebas', note: 'otra' }, aux), 'CONFLICT', 'El término ya está suspendido desde el 2026-01-20.');

    ({ aux } = await on('2026-01-26'));
    const resumed = await t.ok('pqr.resume', { pqrId: pqr.id, note: 'Informe técnico recibido' }, aux);
    expect(resumed.state).toBe('asignada');
    expect(resumed.dueDate).toBe('2026-02-06');
    expect(resumed.originalDueDate).toBe('2026-02-02');
    expect(resumed.history.map((e) => e.action)).toEqual(['radicada', 'asignada', 'suspendida', 'reanudada']);
    expect(resumed.history[3].text).toContain('vence el 06/02/2026');
  });

  it('a completed petition resumes with the days that were left (art. 17 "se reactivará"), not the whole term', async () => {
    let { coord } = await on('2026-01-09');
    const { pqr } = await filePqr(t, coord, { type: 'peticion' });
    ({ coord } = await on('2026-01-20'));
    await t.ok('pqr.pause', { pqrId: pqr.id, reason: 'completar_peticion', note: 'Falta copia de la escritura' }, coord);
    ({ coord } = await on('2026-01-26'));
    // 9 days were left on Tue 20 Jan (21 22 23 26 27 28 29 30, 2 Feb); from Mon 26: 27–30 (4), 2–6 Feb (9) → 6 Feb, not 16 Feb
    expect((await t.ok('pqr.resume', { pqrId: pqr.id, note: '' }, coord)).dueDate).toBe('2026-02-06');
  });

  it('an auxiliar pauses only what is assigned to them', async () => {
    const { aux } = await on('2026-01-09');
    const { pqr } = await filePqr(t, aux);
    await expectRefusal(t.call('pqr.pause', { pqrId: pqr.id, reason: 'pruebas', note: 'x' }, aux), 'FORBIDDEN', 'Solo quien tiene asignada la PQR o el coordinador de la oficina pueden hacerlo.');
  });

  it('one extension of a petición (Ley 1755), up to twice the term, before the due date passes, with its letter', async () => {
    let { aux, coord } = await on('2026-01-09');
    const { pqr } = await filePqr(t, aux, { type: 'peticion' });
    ({ aux, coord } = await on('2026-01-30'));
    await expectForbidden(t.call('pqr.extend', { pqrId: pqr.id, newDueDate: '2026-02-10', reasons: 'x' }, aux));
    await expectRefusal(t.call('pqr.extend', { pqrId: pqr.id, newDueDate: '2026-02-24', reasons: 'Se requiere visita técnica' }, coord), 'RULE', 'La nueva fecha no puede pasar del 23/02/2026: el máximo es el doble del término inicial (15 días hábiles más).');
    const { pqr: extended, letter } = await t.ok('pqr.extend', { pqrId: pqr.id, newDueDate: '2026-02-23', reasons: 'Se requiere visita técnica' }, coord);
    expect(extended.dueDate).toBe('2026-02-23');
    expect(extended.extension).toMatchObject({ newDueDate: '2026-02-23', reasons: 'Se requiere visita técnica' });
    expect(letter.mimeType).toBe('application/pdf');
    expect(extended.history.at(-1)?.text).toBe('Término prorrogado del 02/02/2026 al 23/02/2026. Motivos: Se requiere visita técnica');
    await expectRefusal(t.call('pqr.extend', { pqrId: pqr.id, newDueDate: '2026-02-20', reasons: 'otra' }, coord), 'RULE', 'La prórroga ya se concedió: la ley permite una sola.');
    expect((await t.ok('pqr.extensionLetterPdf', { pqrId: pqr.id }, aux)).fileName).toContain(pqr.radicado);
  });

  it('no extension once the due date has passed', async () => {
    const { aux } = await on('2026-01-09');
    const { pqr } = await filePqr(t, aux, { type: 'peticion' });
    const { coord } = await on('2026-02-03');
    await expectRefusal(t.call('pqr.extend', { pqrId: pqr.id, newDueDate: '2026-02-10', reasons: 'tarde' }, coord), 'RULE', 'El término venció el 2026-02-02: la prórroga debe informarse antes del vencimiento.');
  });
});

describe('traffic light', () => {
  it('on time, due soon (3 business days), overdue with the risk of silencio positivo', async () => {
    let { coord } = await on('2026-01-09');
    const reclamo = (await filePqr(t, coord, { type: 'reclamo' })).pqr;
    const peticion = (await filePqr(t, coord, { type: 'peticion' })).pqr;
    expect(reclamo).toMatchObject({ light: 'a_tiempo', businessDaysLeft: 15, silencioRisk: false });

    ({ coord } = await on('2026-01-28'));
    expect(await t.ok('pqr.get', { pqrId: reclamo.id }, coord)).toMatchObject({ light: 'por_vencer', businessDaysLeft: 3 });
    const soon = await t.ok('pqr.search', { text: '', light: 'por_vencer' }, coord);
    expect(soon.map((p) => p.id).sort()).toEqual([reclamo.id, peticion.id].sort());

    ({ coord } = await on('2026-02-03'));
    const tray = await t.ok('pqr.tray', { scope: 'office' }, coord);
    expect(tray.map((p) => [p.id, p.light, p.businessDaysLeft, p.silencioRisk])).toEqual([
      [reclamo.id, 'vencida', -1, true],
      [peticion.id, 'vencida', -1, false],
    ]);
    expect((await t.ok('pqr.search', { text: '', light: 'vencida' }, coord)).length).toBe(2);
    expect((await t.ok('pqr.search', { text: '', light: 'a_tiempo' }, coord)).length).toBe(0);
  });
});
