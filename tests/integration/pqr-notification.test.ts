/**
 * Notification of an approved answer, the recurso window and the recursos, and the remisión to the
 * SSPD, through the handlers on the office calendar as the database holds it (Colombian holidays of
 * 2026: Monday 2 November, Todos los Santos; Monday 16 November, Independencia de Cartagena). The
 * clock is moved with fake Date (only Date) to act on chosen days; every date below is counted by
 * hand in the comments.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expectForbidden, expectRefusal } from '../helpers/refusal';
import { createInitializedBackOffice, createUserReady, OFFICE, type TestBackOffice } from '../helpers/backoffice';
import { answerAndApprove, answerCounts, DEFAULT_FILING, filePqr } from '../helpers/pqr';
import { pdfText } from '../helpers/pdf';

type T = TestBackOffice & { adminToken: string; officeId: number };
let t: T;
const PASSWORD = 'clave-de-prueba';
let aux: string;
let coord: string;

const words = (base64: string) => pdfText(Buffer.from(base64, 'base64')).replace(/\s+/g, ' ');

async function on(date: string): Promise<void> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(`${date}T15:00:00Z`));
  const login = async (username: string) => (await t.ok('auth.login', { username, password: PASSWORD })).token;
  [aux, coord] = [await login('laura'), await login('coord')];
}

beforeEach(async () => {
  t = await createInitializedBackOffice();
  for (const [username, role, fullName] of [
    ['laura', 'auxiliar', 'Laura Méndez'],
    ['coord', 'coordinador', 'Carolina Ruiz'],
  ] as const) {
    await createUserReady(t, { fullName, username, officeId: t.officeId, role, password: PASSWORD });
  }
  await on('2026-11-03');
});
afterEach(async () => {
  vi.useRealTimers();
  await t.close();
});

/** a reclamo filed Tuesday 3 November 2026, answered (no accede) and approved Thursday 5 November */
async function answeredReclamo(petitioner: { acceptsElectronicNotification?: boolean } = {}) {
  await on('2026-11-03');
  const { pqr } = await filePqr(t, aux, { type: 'reclamo', petitioner });
  await on('2026-11-05');
  const { pqr: answered } = await answerAndApprove(t, pqr.id, 'no_accede', { clerk: coord, coordinator: coord });
  return answered;
}

describe('notification', () => {
  it('citación, then aviso delivered on a Friday before a Monday holiday: notified Tuesday, recurso until the next Tuesday', async () => {
    const pqr = await answeredReclamo();
    const { pqr: cited, paper } = await t.ok('pqr.notify', { pqrId: pqr.id, step: 'citacion', date: '2026-11-05', guide: 'RN100200300CO' }, aux);
    expect(cited.notifiedDate).toBeNull();
    expect(cited.notifications).toMatchObject([{ step: 'citacion', stepDate: '2026-11-05', notifiedDate: null, guide: 'RN100200300CO', recordedBy: 'Laura Méndez' }]);
    expect(cited.history.at(-1)).toMatchObject({ action: 'citada', text: 'Citación para notificación personal enviada el 05/11/2026, guía RN100200300CO.' });
    const citacion = words(paper.base64);
    expect(citacion).toContain('Citación para notificación personal');
    expect(citacion).toContain(`comunicación No. ${pqr.answer?.outgoingRadicado} del 5 de noviembre de 2026`);
    expect(citacion).toContain('María Fernanda Rodríguez Suárez');

    await on('2026-11-13');
    // 6, 9, 10, 11, 12, 13 November: six business days after the citación, no warning
    const { pqr: notified, paper: aviso } = await t.ok('pqr.notify', { pqrId: pqr.id, step: 'aviso', date: '2026-11-13' }, aux);
    // Friday 13 → Saturday, Sunday, Monday 16 (holiday) → Tuesday 17; then 18, 19, 20, 23, 24
    expect(notified).toMatchObject({ notifiedDate: '2026-11-17', notificationType: 'aviso', recursoDeadline: '2026-11-24' });
    expect(notified.notifications[1]).toMatchObject({ step: 'aviso', stepDate: '2026-11-13', notifiedDate: '2026-11-17' });
    expect(notified.history.at(-1)).toMatchObject({ action: 'notificada', text: 'Aviso entregado el 13/11/2026; notificada por aviso el 17/11/2026. Plazo para recurrir hasta el 24/11/2026.' });
    const avisoText = words(aviso.base64);
    expect(avisoText).toContain('Notificación por aviso');
    expect(avisoText).toContain('Anexo: copia íntegra de la decisión');

    const before = await answerCounts(t);
    await expectRefusal(t.call('pqr.notify', { pqrId: pqr.id, step: 'personal', date: '2026-11-13', personName: 'María Fernanda', personIdNumber: '52123456' }, aux), 'CONFLICT', 'La decisión ya fue notificada el 17/11/2026 (notificación por aviso).');
    expect(await answerCounts(t)).toEqual(before);

    const reprint = await t.ok('pqr.notificationPdf', { notificationId: notified.notifications[0].id }, aux);
    expect(words(reprint.base64)).toContain('Citación para notificación personal');
  });

  it('an aviso needs a prior citación and its 5 business days passed: on day 3 and on day 5 it is refused, nothing written', async () => {
    const pqr = await answeredReclamo();
    await on('2026-11-10');
    const before = await answerCounts(t);
    await expectRefusal(t.call('pqr.notify', { pqrId: pqr.id, step: 'aviso', date: '2026-11-10' }, aux), 'RULE', 'La notificación por aviso requiere una citación previa: registre primero la citación (Ley 1437 de 2011, art. 69).');
    expect(await answerCounts(t)).toEqual(before);

    await t.ok('pqr.notify', { pqrId: pqr.id, step: 'citacion', date: '2026-11-05' }, aux);
    const withCitacion = await answerCounts(t);
    // citación Thu 5 Nov: 6 (1), 9 (2), 10 (3) → an aviso on Tue 10 is day 3
    const day3 = await t.call('pqr.notify', { pqrId: pqr.id, step: 'aviso', date: '2026-11-10' }, aux);
    const refusal =
      'El aviso solo procede pasados los 5 días hábiles siguientes al envío de la citación (Ley 1437 de 2011, art. 69): la citación se envió el 05/11/2026, el plazo para comparecer vence el 12/11/2026 y el aviso puede entregarse desde el 13/11/2026.';
    expect(day3.ok ? null : day3.error).toMatchObject({ code: 'RULE', message: refusal });
    expect(await answerCounts(t)).toEqual(withCitacion);
    // 11 (4), 12 (5): on day 5 the petitioner can still come
    await on('2026-11-12');
    const onDay5 = await answerCounts(t);
    const day5 = await t.call('pqr.notify', { pqrId: pqr.id, step: 'aviso', date: '2026-11-12' }, aux);
    expect(day5.ok ? null : day5.error).toMatchObject({ code: 'RULE', message: refusal });
    expect(await answerCounts(t)).toEqual(onDay5);
  });

  it('personal notification: the acta names the person and has both signatures; the window runs from that day', async () => {
    const pqr = await answeredReclamo();
    await on('2026-11-06');
    const before = await answerCounts(t);
    expect((await expectRefusal(t.call('pqr.notify', { pqrId: pqr.id, step: 'personal', date: '2026-11-06', personName: 'María Fernanda Rodríguez Suárez' }, aux), 'VALIDATION', 'El acta de notificación personal necesita el nombre y la identificación de quien se notifica.')).fields).toMatchObject({ personIdNumber: 'Obligatorio' });
    await expectRefusal(t.call('pqr.notify', { pqrId: pqr.id, step: 'personal', date: '2026-11-09', personName: 'María', personIdNumber: '52123456' }, aux), 'VALIDATION', 'La fecha de la notificación no puede ser futura.');
    await expectRefusal(t.call('pqr.notify', { pqrId: pqr.id, step: 'personal', date: '2026-11-04', personName: 'María', personIdNumber: '52123456' }, aux), 'VALIDATION', 'La fecha no puede ser anterior a la respuesta (05/11/2026).');
    expect(await answerCounts(t)).toEqual(before);

    const { pqr: notified, paper } = await t.ok(
      'pqr.notify',
      { pqrId: pqr.id, step: 'personal', date: '2026-11-06', personName: 'María Fernanda Rodríguez Suárez', personIdNumber: '52123456' },
      aux,
    );
    // Friday 6 → 9, 10, 11, 12, 13 November
    expect(notified).toMatchObject({ notifiedDate: '2026-11-06', notificationType: 'personal', recursoDeadline: '2026-11-13' });
    const acta = words(paper.base64);
    expect(paper.fileName).toBe(`acta-notificacion-${pqr.radicado}.pdf`);
    expect(acta).toContain('Acta de notificación personal');
    expect(acta).toContain('el 6 de noviembre de 2026, se presentó María Fernanda Rodríguez Suárez, identificado(a) con el documento 52123456');
    expect(acta).toContain('dentro de los 5 días hábiles siguientes a esta notificación');
    expect(acta).toContain('El notificado');
    expect(acta).toContain('Quien notifica');
    expect(acta).toContain('Laura Méndez');
  });

  it('electrónica only with the petitioner consent; notified on the certified access, not on the sending', async () => {
    const refusedPqr = await answeredReclamo();
    const before = await answerCounts(t);
    await expectRefusal(t.call('pqr.notify', { pqrId: refusedPqr.id, step: 'electronica', date: '2026-11-05', email: 'otra@correo.com' }, aux), 'RULE', 'El peticionario no aceptó la notificación electrónica (Ley 1437, art. 56): notifique en forma personal o por aviso.');
    expect(await answerCounts(t)).toEqual(before);

    const pqr = await answeredReclamo({ acceptsElectronicNotification: true });
    const { pqr: sent, paper } = await t.ok('pqr.notify', { pqrId: pqr.id, step: 'electronica', date: '2026-11-05' }, aux);
    expect(sent).toMatchObject({ notifiedDate: null, recursoDeadline: null, electronicPending: { sentOn: '2026-11-05', email: 'mafe.rodriguez@correo.com.co' } });
    expect(sent.notifications[0].email).toBe('mafe.rodriguez@correo.com.co');
    expect(words(paper.base64)).toContain('Enviado a mafe.rodriguez@correo.com.co el 5 de noviembre de 2026');

    // the petitioner opens it on Monday 9 November: notified that day; 10 11 12 13, Mon 16 holiday, Tue 17 (5)
    await on('2026-11-09');
    const { pqr: notified } = await t.ok('pqr.notify', { pqrId: pqr.id, step: 'acceso', date: '2026-11-09', time: '08:15', evidence: 'Acuse de lectura certificado No. 889911' }, aux);
    expect(notified).toMatchObject({ notifiedDate: '2026-11-09', notificationType: 'electronica', recursoDeadline: '2026-11-17', electronicPending: null });
  });
});

describe('recursos and the SSPD', () => {
  /** the reclamo notified by aviso on 17 November: recurso until 24 November */
  async function notifiedReclamo() {
    const pqr = await answeredReclamo();
    await t.ok('pqr.notify', { pqrId: pqr.id, step: 'citacion', date: '2026-11-05' }, aux);
    await on('2026-11-13');
    return t.ok('pqr.notify', { pqrId: pqr.id, step: 'aviso', date: '2026-11-13' }, aux);
  }

  it('a recurso links to the answer it attacks; after the window it is filed as extemporáneo', async () => {
    const { pqr: attacked } = await notifiedReclamo();
    await on('2026-11-24');
    const salida = attacked.answer?.outgoingRadicado ?? '';
    // typed in lower case, without the zeros
    const typed = salida.toLowerCase().replace(/-0+/, '-');
    const { pqr: inTime } = await filePqr(t, aux, { type: 'recurso_reposicion', appealsRadicado: typed, subject: 'Recurso de reposición' });
    expect(inTime).toMatchObject({ appeals: { pqrId: attacked.id, radicado: attacked.radicado }, extemporaneous: false });
    // the filing screen looks the attacked PQR up by either number
    expect((await t.ok('pqr.findByRadicado', { radicado: salida }, aux)).id).toBe(attacked.id);

    await on('2026-11-25');
    const { pqr: late } = await filePqr(t, aux, { type: 'reposicion_apelacion', appealsRadicado: attacked.radicado, subject: 'Reposición y en subsidio apelación' });
    expect(late).toMatchObject({ appeals: { pqrId: attacked.id }, extemporaneous: true });
    expect(late.history[0].text).toContain('(EXTEMPORÁNEO: el plazo venció el 24/11/2026)');

    const now = await t.ok('pqr.get', { pqrId: attacked.id }, aux);
    expect(now.recursos).toEqual([
      { pqrId: inTime.id, radicado: inTime.radicado, type: 'recurso_reposicion', state: 'radicada' },
      { pqrId: late.id, radicado: late.radicado, type: 'reposicion_apelacion', state: 'radicada' },
    ]);
    expect(now.history.filter((e) => e.action === 'recurrida').map((e) => e.text)).toEqual([
      `Recurso de reposición radicado con el número ${inTime.radicado} contra la respuesta.`,
      expect.stringMatching(/radicado con el número .* contra la respuesta\. Extemporáneo: el plazo venció el 24\/11\/2026\.$/),
    ]);
  });

  it('a recurso needs the radicado of an answered PQR; nothing is written otherwise', async () => {
    await on('2026-11-03');
    const { pqr: unanswered } = await filePqr(t, aux, { type: 'reclamo' });
    const causalId = Number((await t.app.db('sui_causales').where({ code: '120' }).first('id')).id);
    const base = { ...DEFAULT_FILING, type: 'recurso_reposicion' as const, causalId };
    const before = await answerCounts(t);
    expect((await expectRefusal(t.call('pqr.file', base, aux), 'VALIDATION', 'Indique el radicado de la PQR (o de su respuesta) contra cuya decisión se interpone el recurso.')).fields).toMatchObject({ appealsRadicado: 'Obligatorio' });
    await expectRefusal(t.call('pqr.file', { ...base, appealsRadicado: unanswered.radicado }, aux), 'VALIDATION', 'La PQR 2026-GAR-P-000001 no tiene una respuesta aprobada: todavía no hay decisión que recurrir.');
    await expectRefusal(t.call('pqr.file', { ...base, appealsRadicado: '2026-GAR-P-999999' }, aux), 'NOT_FOUND', 'No existe una PQR con el radicado «2026-GAR-P-999999». Revise el número (ejemplo: 2026-GAR-P-000123).');
    await expectRefusal(t.call('pqr.file', { ...base, type: 'peticion', appealsRadicado: unanswered.radicado }, aux), 'VALIDATION', 'Solo los recursos se vinculan a la respuesta que atacan.');
    expect(await answerCounts(t)).toEqual(before);
  });

  it('sends to the SSPD only a reposición y en subsidio apelación not granted, once', async () => {
    const { pqr: attacked } = await notifiedReclamo();
    await on('2026-11-18');
    const { pqr: granted } = await filePqr(t, aux, { type: 'reposicion_apelacion', appealsRadicado: attacked.radicado });
    const { pqr: denied } = await filePqr(t, aux, { type: 'reposicion_apelacion', appealsRadicado: attacked.radicado });
    const { pqr: onlyReposicion } = await filePqr(t, aux, { type: 'recurso_reposicion', appealsRadicado: attacked.radicado });
    await answerAndApprove(t, granted.id, 'revoca', { clerk: coord, coordinator: coord });
    await answerAndApprove(t, denied.id, 'confirma', { clerk: coord, coordinator: coord });
    await answerAndApprove(t, onlyReposicion.id, 'confirma', { clerk: coord, coordinator: coord });

    const before = await answerCounts(t);
    await expectRefusal(t.call('pqr.sendToSspd', { pqrId: granted.id, sentOn: '2026-11-18' }, coord), 'RULE', 'La reposición se resolvió «Revoca»: al concederse no hay apelación que remitir a la SSPD.');
    await expectRefusal(t.call('pqr.sendToSspd', { pqrId: onlyReposicion.id, sentOn: '2026-11-18' }, coord), 'RULE', 'Solo un recurso de reposición y en subsidio de apelación se remite a la SSPD.');
    await expectForbidden(t.call('pqr.sendToSspd', { pqrId: denied.id, sentOn: '2026-11-18' }, aux));
    expect(await answerCounts(t)).toEqual(before);

    const { pqr: sent, letter } = await t.ok('pqr.sendToSspd', { pqrId: denied.id, sentOn: '2026-11-18', note: 'Expediente de 12 folios' }, coord);
    expect(sent.sspd).toEqual({ sentOn: '2026-11-18', note: 'Expediente de 12 folios', decision: null });
    expect(sent.history.at(-1)).toMatchObject({ action: 'remitida_sspd' });
    const cover = words(letter.base64);
    expect(cover).toContain('Superintendencia de Servicios Públicos Domiciliarios');
    expect(cover).toContain(`Remisión del recurso de apelación — radicado No. ${denied.radicado}`);
    expect(cover).toContain('la empresa confirma la decisión recurrida');
    // answers of the three recursos took S-2, S-3, S-4 after the reclamo's S-1: the cover letter is S-5
    expect(cover).toContain('2026-GAR-S-000005');

    await expectRefusal(t.call('pqr.sendToSspd', { pqrId: denied.id, sentOn: '2026-11-18' }, coord), 'CONFLICT', 'El expediente ya fue remitido a la SSPD el 18/11/2026.');

    // the SSPD answers: its decision is recorded once, on the PQR that was sent, by a coordinator of its office
    await on('2026-11-30');
    const otherOffice = (await t.ok('offices.create', { ...OFFICE, code: 'TEN', name: 'Oficina Tenza', city: 'Tenza', cityDane: '15798' }, t.adminToken)).id;
    const otherCoord = await createUserReady(t, { fullName: 'Iván Tenza', username: 'coord.tenza', officeId: otherOffice, role: 'coordinador', password: PASSWORD });
    const decision = { pqrId: denied.id, outcome: 'modifica' as const, resolutionNumber: 'SSPD-20268000012345', resolutionDate: '2026-11-27', note: 'Reduce el valor reclamado' };
    const unchanged = await answerCounts(t);
    await expectRefusal(t.call('pqr.recordSspdDecision', { ...decision, pqrId: granted.id }, coord), 'RULE', 'El expediente de esta PQR no fue remitido a la SSPD: no hay decisión de la Superintendencia que registrar.');
    expect((await expectRefusal(t.call('pqr.recordSspdDecision', { ...decision, resolutionNumber: '  ' }, coord), 'VALIDATION', 'Indique el número de la resolución de la SSPD.')).fields).toMatchObject({ resolutionNumber: 'Obligatorio' });
    // sent on 18 November: a resolution of the 17th cannot answer it
    await expectRefusal(t.call('pqr.recordSspdDecision', { ...decision, resolutionDate: '2026-11-17' }, coord), 'VALIDATION', 'La fecha de la resolución no puede ser anterior a la remisión a la SSPD (18/11/2026).');
    await expectRefusal(t.call('pqr.recordSspdDecision', { ...decision, resolutionDate: '2026-12-01' }, coord), 'VALIDATION', 'La fecha de la resolución no puede ser futura.');
    await expectForbidden(t.call('pqr.recordSspdDecision', decision, aux));
    await expectRefusal(t.call('pqr.recordSspdDecision', decision, otherCoord), 'NOT_FOUND', 'La PQR no existe');
    expect(await answerCounts(t)).toEqual(unchanged);
    expect((await t.ok('pqr.get', { pqrId: denied.id }, coord)).sspd?.decision).toBeNull();

    const decided = await t.ok('pqr.recordSspdDecision', decision, coord);
    expect(decided.sspd).toEqual({
      sentOn: '2026-11-18',
      note: 'Expediente de 12 folios',
      decision: { outcome: 'modifica', resolutionNumber: 'SSPD-20268000012345', resolutionDate: '2026-11-27', note: 'Reduce el valor reclamado' },
    });
    expect(decided.history.at(-1)).toMatchObject({
      action: 'decidida_sspd',
      text: 'La SSPD resolvió la apelación: modifica la decisión de la empresa (resolución SSPD-20268000012345 del 27/11/2026). Reduce el valor reclamado',
    });
    const audit = await t.app.db('audit_log').where({ action: 'pqr.recordSspdDecision' }).select('entity_id');
    expect(audit.map((a: { entity_id: unknown }) => String(a.entity_id))).toEqual([String(denied.id)]);
    await expectRefusal(t.call('pqr.recordSspdDecision', { ...decision, outcome: 'revoca' }, coord), 'CONFLICT', 'La decisión de la SSPD ya está registrada: resolución SSPD-20268000012345 del 27/11/2026.');
  });
});
