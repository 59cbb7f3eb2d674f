/**
 * Issue 13, rule 6: notification of a decision (Ley 1437 de 2011, arts. 56, 67–69; Ley 2080 de 2021)
 * and the recurso window (Ley 142 de 1994, art. 154), through the handlers on the office calendar
 * (holidays of 2026: Thu–Fri 2–3 Apr Semana Santa, Mon 16 Nov Cartagena, Tue 8 Dec, Fri 25 Dec;
 * Fri 1 Jan 2027). Every date is counted by hand beside it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OFFICE } from '../helpers/backoffice';
import { pdfText } from '../helpers/pdf';
import { answerAndApprove, filePqr } from '../helpers/pqr';
import { closeDesk, legalDesk, snapshotOf, type Desk } from '../helpers/pqr-legal';

let d: Desk;
const words = (base64: string) => pdfText(Buffer.from(base64, 'base64')).replace(/\s+/g, ' ');

beforeEach(async () => {
  d = await legalDesk();
});
afterEach(async () => closeDesk(d));

/** a reclamo received on `filed` and answered (no accede) on `answered` */
async function answered(filed: string, answeredOn: string, petitioner: Record<string, unknown> = {}) {
  await d.on(filed);
  const { pqr } = await filePqr(d.t, d.aux, { type: 'reclamo', petitioner });
  await d.on(answeredOn);
  return (await answerAndApprove(d.t, pqr.id, 'no_accede', { clerk: d.coord, coordinator: d.coord })).pqr;
}

describe('the citación within 5 business days of the decision (art. 68)', () => {
  it('shows its own due date in the tray; on day 7 it is refused without a coordinator reason, nothing written', async () => {
    // decided Thu 5 Nov 2026: 6 (1), 9 10 11 12 (2–5) → the citación until Thu 12 Nov
    const pqr = await answered('2026-10-26', '2026-11-05');
    expect(pqr.citacionDueDate).toBe('2026-11-12');
    await d.on('2026-11-11');
    let [row] = await d.t.ok('pqr.tray', { scope: 'office' }, d.coord);
    // Wed 11: 12 is the only day left → por vencer
    expect(row.legalDue).toEqual({ kind: 'citacion', date: '2026-11-12', light: 'por_vencer' });

    // day 7: 13 (6), Mon 16 Cartagena, Tue 17 (7)
    await d.on('2026-11-17');
    [row] = await d.t.ok('pqr.tray', { scope: 'office' }, d.coord);
    expect(row.legalDue).toEqual({ kind: 'citacion', date: '2026-11-12', light: 'vencida' });
    const before = await snapshotOf(d.t, pqr.id);
    const late = await d.t.call('pqr.notify', { pqrId: pqr.id, step: 'citacion', date: '2026-11-17' }, d.aux);
    expect(late.ok ? null : late.error).toMatchObject({
      code: 'RULE',
      message: 'La citación se envía dentro de los 5 días hábiles siguientes a la decisión (Ley 1437 de 2011, art. 68): vencía el 12/11/2026. Fuera de ese plazo solo con el motivo del coordinador.',
    });
    const clerkReason = await d.t.call('pqr.notify', { pqrId: pqr.id, step: 'citacion', date: '2026-11-17', lateReason: 'La guía se extravió' }, d.aux);
    expect(clerkReason.ok ? null : clerkReason.error).toMatchObject({ code: 'FORBIDDEN', message: 'La citación vencía el 12/11/2026: solo el coordinador la registra fuera de término, con el motivo.' });
    expect(await snapshotOf(d.t, pqr.id)).toEqual(before);

    const { pqr: cited } = await d.t.ok('pqr.notify', { pqrId: pqr.id, step: 'citacion', date: '2026-11-17', lateReason: 'La empresa de mensajería no recogió el sobre' }, d.coord);
    expect(cited.history.at(-1)?.text).toBe(
      'Citación para notificación personal enviada el 17/11/2026. Fuera de término (vencía el 12/11/2026). Motivo del coordinador: La empresa de mensajería no recogió el sobre.',
    );
    expect(cited.notifications[0].lateReason).toBe('La empresa de mensajería no recogió el sobre');
    // the aviso from the business day after the 5 of the citación: 18 19 20 23 24 (5) → Wed 25
    expect(cited).toMatchObject({ citacionDueDate: null, avisoFrom: '2026-11-25', legalDue: { kind: 'aviso', date: '2026-11-25', light: 'a_tiempo' } });
  });
});

describe('the aviso only after the 5 business days of the citación (art. 69)', () => {
  it('an aviso on day 4 is refused, nothing written; the day after the fifth it notifies at the end of the next business day', async () => {
    // citación on Fri 27 Nov 2026: 30 (1), 1 Dec (2), 2 (3), 3 (4), 4 (5); Tue 8 Dec is a holiday
    const pqr = await answered('2026-11-17', '2026-11-26');
    await d.on('2026-11-27');
    await d.t.ok('pqr.notify', { pqrId: pqr.id, step: 'citacion', date: '2026-11-27', guide: 'RN-1' }, d.aux);
    await d.on('2026-12-03');
    const before = await snapshotOf(d.t, pqr.id);
    const day4 = await d.t.call('pqr.notify', { pqrId: pqr.id, step: 'aviso', date: '2026-12-03', guide: 'RN-2' }, d.aux);
    expect(day4.ok ? null : day4.error).toMatchObject({
      code: 'RULE',
      message:
        'El aviso solo procede pasados los 5 días hábiles siguientes al envío de la citación (Ley 1437 de 2011, art. 69): la citación se envió el 27/11/2026, el plazo para comparecer vence el 04/12/2026 y el aviso puede entregarse desde el 07/12/2026.',
    });
    expect(await snapshotOf(d.t, pqr.id)).toEqual(before);
    // delivered Mon 7 Dec → notified at the end of Wed 9 (Tue 8 holiday); recurso 10 11 14 15 16 → Wed 16 Dec
    await d.on('2026-12-07');
    const { pqr: notified } = await d.t.ok('pqr.notify', { pqrId: pqr.id, step: 'aviso', date: '2026-12-07', guide: 'RN-2' }, d.aux);
    expect(notified).toMatchObject({ notifiedDate: '2026-12-09', notificationType: 'aviso', recursoDeadline: '2026-12-16', legalDue: null });
  });
});

describe('electronic notification: complete on the certified access, not on the sending', () => {
  it('records the sending, then the access with its evidence; the recurso window runs from the access (across 31 December)', async () => {
    // decided Wed 23 Dec 2026; sent on Thu 24
    const pqr = await answered('2026-12-14', '2026-12-23', { acceptsElectronicNotification: true });
    await d.on('2026-12-24');
    const { pqr: sent } = await d.t.ok('pqr.notify', { pqrId: pqr.id, step: 'electronica', date: '2026-12-24' }, d.aux);
    expect(sent).toMatchObject({ notifiedDate: null, recursoDeadline: null, electronicPending: { sentOn: '2026-12-24' }, citacionDueDate: null });
    expect(sent.history.at(-1)).toMatchObject({ action: 'notificacion_enviada' });

    const before = await snapshotOf(d.t, pqr.id);
    const noEvidence = await d.t.call('pqr.notify', { pqrId: pqr.id, step: 'acceso', date: '2026-12-24', time: '09:00' }, d.aux);
    expect(noEvidence.ok ? null : noEvidence.error).toMatchObject({ code: 'VALIDATION', fields: { evidence: 'Obligatoria' } });
    const beforeSending = await d.t.call('pqr.notify', { pqrId: pqr.id, step: 'acceso', date: '2026-12-23', time: '09:00', evidence: 'Acuse 1' }, d.aux);
    expect(beforeSending.ok ? null : beforeSending.error).toMatchObject({ code: 'VALIDATION', message: 'El acceso no puede ser anterior al envío (24/12/2026).' });
    expect(await snapshotOf(d.t, pqr.id)).toEqual(before);

    // the petitioner opens it on Thu 31 Dec at 18:05: 1 Jan holiday; Mon 4 (1) … Fri 8 Jan 2027 (5)
    await d.on('2026-12-31', '19:00');
    const { pqr: notified, paper } = await d.t.ok(
      'pqr.notify',
      { pqrId: pqr.id, step: 'acceso', date: '2026-12-31', time: '18:05', evidence: 'Acuse de lectura certificado 4-72 No. 889911' },
      d.aux,
    );
    expect(notified).toMatchObject({ notifiedDate: '2026-12-31', notificationType: 'electronica', recursoDeadline: '2027-01-08', electronicPending: null });
    expect(notified.notifications.at(-1)).toMatchObject({ step: 'acceso', time: '18:05', evidence: 'Acuse de lectura certificado 4-72 No. 889911' });
    const text = words(paper.base64);
    expect(text).toContain('Constancia de notificación electrónica');
    expect(text).toContain('El 31 de diciembre de 2026 a las 18:05');
    expect(text).toContain('Acuse de lectura certificado 4-72 No. 889911');
    expect(text).toContain('hasta el 8 de enero de 2027');
  });
});

describe('publication when the address is unknown or the aviso comes back (art. 69 inciso 2)', () => {
  it('posted 5 business days across Semana Santa, with its constancia; notified at the end of the day after its removal', async () => {
    // a reclamo with no address, decided Fri 27 Mar 2026; posted Mon 30 Mar: 31 (1), 1 Apr (2), 2–3 holy, 6 7 8 (3–5) → removed Wed 8 Apr, notified Thu 9
    const pqr = await answered('2026-03-16', '2026-03-27', { address: '' });
    await d.on('2026-03-30');
    const before = await snapshotOf(d.t, pqr.id);
    const noPlace = await d.t.call('pqr.notify', { pqrId: pqr.id, step: 'publicacion', date: '2026-03-30', publicationReason: 'direccion_desconocida' }, d.aux);
    expect(noPlace.ok ? null : noPlace.error).toMatchObject({ code: 'VALIDATION', fields: { place: 'Obligatorio' } });
    const returned = await d.t.call('pqr.notify', { pqrId: pqr.id, step: 'publicacion', date: '2026-03-30', publicationReason: 'aviso_devuelto', place: 'Cartelera' }, d.aux);
    expect(returned.ok ? null : returned.error).toMatchObject({ code: 'RULE', message: 'Un aviso devuelto supone una citación y un aviso enviados: registre primero la citación.' });
    expect(await snapshotOf(d.t, pqr.id)).toEqual(before);

    const place = 'la página web www.aguasdeltenza.gov.co/notificaciones y la cartelera de la oficina Garagoa';
    const { pqr: published, paper } = await d.t.ok('pqr.notify', { pqrId: pqr.id, step: 'publicacion', date: '2026-03-30', publicationReason: 'direccion_desconocida', place }, d.aux);
    // recurso: 10 (1), 13 14 15 16 (2–5) → Thu 16 Apr
    expect(published).toMatchObject({ notifiedDate: '2026-04-09', notificationType: 'publicacion', recursoDeadline: '2026-04-16' });
    expect(published.history.at(-1)).toMatchObject({ action: 'publicada' });
    const text = words(paper.base64);
    expect(text).toContain('Constancia de publicación del aviso');
    expect(text).toContain('Por desconocerse la dirección del destinatario');
    expect(text).toContain('desde el 30 de marzo de 2026 hasta el 8 de abril de 2026');
    expect(text).toContain('el 9 de abril de 2026');
  });

  it('an aviso that came back: published with the returned guide as evidence', async () => {
    // decided Thu 5 Nov 2026; citación Fri 6; the aviso sent after its 5 days came back; posted Mon 23 Nov:
    // 24 25 26 27 30 (5) → removed Mon 30 Nov, notified Tue 1 Dec; recurso 2 3 4 7 9 (8 Dec holiday) → Wed 9 Dec
    const pqr = await answered('2026-10-26', '2026-11-05');
    await d.on('2026-11-06');
    await d.t.ok('pqr.notify', { pqrId: pqr.id, step: 'citacion', date: '2026-11-06' }, d.aux);
    await d.on('2026-11-23');
    const noEvidence = await d.t.call('pqr.notify', { pqrId: pqr.id, step: 'publicacion', date: '2026-11-23', publicationReason: 'aviso_devuelto', place: 'Cartelera de la oficina' }, d.aux);
    expect(noEvidence.ok ? null : noEvidence.error).toMatchObject({ code: 'VALIDATION', message: 'Indique la guía o la constancia de devolución del aviso.' });
    const { pqr: published } = await d.t.ok(
      'pqr.notify',
      { pqrId: pqr.id, step: 'publicacion', date: '2026-11-23', publicationReason: 'aviso_devuelto', place: 'Cartelera de la oficina y página web', evidence: 'Guía RN-88 devuelta: dirección errada' },
      d.aux,
    );
    expect(published).toMatchObject({ notifiedDate: '2026-12-01', notificationType: 'publicacion', recursoDeadline: '2026-12-09' });
  });
});

describe('the recurso window never shrinks because the office counts Saturdays', () => {
  it('notified on Friday 13 November 2026 at an office open on Saturdays: until Monday 23, not Friday 20', async () => {
    await d.t.ok('offices.update', { ...OFFICE, saturdayIsBusinessDay: true, officeId: d.t.officeId }, d.t.adminToken);
    const pqr = await answered('2026-11-03', '2026-11-12');
    await d.on('2026-11-13');
    // with Saturdays: Sat 14 (1), Mon 16 holiday, 17 18 19 20 (2–5) → 20 Nov; without: 17 18 19 20 (1–4), Mon 23 (5) → the later
    const { pqr: notified } = await d.t.ok(
      'pqr.notify',
      { pqrId: pqr.id, step: 'personal', date: '2026-11-13', personName: 'María Fernanda Rodríguez Suárez', personIdNumber: '52123456' },
      d.aux,
    );
    expect(notified.recursoDeadline).toBe('2026-11-23');
    // a recurso filed on Monday 23 is in time
    await d.on('2026-11-23');
    const { pqr: recurso } = await filePqr(d.t, d.aux, { type: 'recurso_reposicion', appealsRadicado: pqr.radicado, subject: 'Recurso de reposición' });
    expect(recurso.extemporaneous).toBe(false);
  });
});
