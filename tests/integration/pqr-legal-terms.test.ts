/**
 * Issue 13, the rules of the term itself, through the handlers on the office calendar as the database
 * holds it (Colombian holidays of 2026–2027: Mon 12 Jan Reyes, Mon 23 Mar San José, Thu–Fri 2–3 Apr
 * Semana Santa, Mon 16 Nov Cartagena, Fri 25 Dec, Fri 1 Jan 2027). Every date is counted by hand in
 * the comment beside it; day 1 is the business day after the day the term counts from.
 *
 * 1. no extension for the Ley 142 types; 2. incomplete petition, its month and the desistimiento
 * tácito; 3. the bounded pause for pruebas; 4. received-at vs entered, the closing hour;
 * 5. traslado por competencia in 5 business days; 7. silencio positivo: the risk before the due
 * date, the late approval that says so, the recognition act.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertAccount, insertInvoice } from '../helpers/accounts';
import { OFFICE } from '../helpers/backoffice';
import { pdfText } from '../helpers/pdf';
import { DEFAULT_FILING, filePqr } from '../helpers/pqr';
import { csvRows } from '../helpers/pqr-reports';
import { closeDesk, legalDesk, snapshotOf, type Desk } from '../helpers/pqr-legal';

let d: Desk;
const words = (base64: string) => pdfText(Buffer.from(base64, 'base64')).replace(/\s+/g, ' ');

beforeEach(async () => {
  d = await legalDesk();
});
afterEach(async () => closeDesk(d));

async function assignToAux(pqrId: number): Promise<void> {
  await d.t.ok('pqr.assign', { pqrId, userId: d.auxId, note: '' }, d.coord);
}

describe('1. no extension (prórroga) for the types of Ley 142', () => {
  it('refuses to extend a reclamo, a queja, a recurso and a petición about the service, naming the rule, and writes nothing', async () => {
    // all received on Friday 9 January 2026 (before the Monday of Reyes): due Mon 2 Feb
    await d.on('2026-01-09');
    const accountId = await insertAccount(d.t.app.db, { number: '100234', holderName: 'Ana Gómez' });
    const reclamo = (await filePqr(d.t, d.aux, { type: 'reclamo' })).pqr;
    const queja = (await filePqr(d.t, d.aux, { type: 'queja' })).pqr;
    const service = (await filePqr(d.t, d.aux, { type: 'peticion', accountId })).pqr;
    const general = (await filePqr(d.t, d.aux, { type: 'peticion' })).pqr;
    expect([reclamo.dueDate, queja.dueDate, service.dueDate, general.dueDate]).toEqual(['2026-02-02', '2026-02-02', '2026-02-02', '2026-02-02']);
    const catalog = await d.t.ok('pqr.catalog', {}, d.aux);
    expect(catalog.types.find((x) => x.type === 'reclamo')).toMatchObject({ admitsExtension: false, silencioPositivo: true, basis: 'Ley 142 de 1994, art. 158' });
    expect(catalog.types.find((x) => x.type === 'peticion')).toMatchObject({ admitsExtension: true, silencioPositivo: false });
    expect(catalog.peticionServicio).toMatchObject({ termKey: 'peticion_servicio', admitsExtension: false, silencioPositivo: true, suiTramite: 7 });

    await d.on('2026-01-30');
    for (const [pqr, name] of [
      [reclamo, 'Reclamo'],
      [queja, 'Queja'],
      [service, 'Petición sobre el servicio'],
    ] as const) {
      const before = await snapshotOf(d.t, pqr.id);
      const refused = await d.t.call('pqr.extend', { pqrId: pqr.id, newDueDate: '2026-02-10', reasons: 'Visita técnica pendiente' }, d.coord);
      expect(refused.ok ? null : refused.error.code).toBe('RULE');
      const message = refused.ok ? '' : refused.error.message;
      expect(message.startsWith(`${name}: no admite prórroga.`)).toBe(true);
      expect(message).toContain('Ley 142 de 1994, art. 158');
      expect(message).toContain('«salvo norma legal especial»');
      expect(await snapshotOf(d.t, pqr.id)).toEqual(before);
    }
    // the general petición (Ley 1755) keeps its one extension
    const { pqr: extended } = await d.t.ok('pqr.extend', { pqrId: general.id, newDueDate: '2026-02-10', reasons: 'Visita técnica pendiente' }, d.coord);
    expect(extended.dueDate).toBe('2026-02-10');
  });

  it('the constancia of a reclamo says there is no extension; the administrator may change the table', async () => {
    await d.on('2026-01-09');
    const { pqr, constancia } = await filePqr(d.t, d.aux, { type: 'reclamo' });
    expect(words(constancia.base64)).toContain('el término no admite prórroga');
    expect(pqr).toMatchObject({ admitsExtension: false, silencioApplies: true, termKey: 'reclamo' });
    // a company that reads it otherwise changes the table, with the rule in its words (audited)
    await d.t.ok('pqr.saveTerm', { type: 'queja', termBusinessDays: 15, basis: 'Ley 142 de 1994, art. 158', admitsExtension: true, rule: 'Política de la empresa' }, d.t.adminToken);
    const queja = (await filePqr(d.t, d.aux, { type: 'queja' })).pqr;
    expect(queja.admitsExtension).toBe(true);
    const audit = await d.t.app.db('audit_log').where({ action: 'pqr.saveTerm' }).first('after_json');
    expect(JSON.parse(audit.after_json)).toMatchObject({ admits_extension: true, rule: 'Política de la empresa' });
  });
});

describe('2. incomplete petition (Ley 1755 de 2015, art. 17)', () => {
  it('the request to complete within 10 business days of the receipt; on day 11 it is refused and nothing is written', async () => {
    // received Fri 9 Jan 2026: 13 14 15 16 (1–4), 19–23 (5–9), Mon 26 (10), Tue 27 (11)
    await d.on('2026-01-09');
    const inTime = (await filePqr(d.t, d.aux, { type: 'peticion' })).pqr;
    const late = (await filePqr(d.t, d.aux, { type: 'peticion' })).pqr;
    await d.on('2026-01-26');
    const paused = await d.t.ok('pqr.pause', { pqrId: inTime.id, reason: 'completar_peticion', note: 'Falta la copia de la escritura' }, d.coord);
    // the month: Mon 26 Jan → Thu 26 Feb
    expect(paused.completion).toEqual({ requestedOn: '2026-01-26', deadline: '2026-02-26', completedOn: null, extended: false });
    expect(paused.paused).toMatchObject({ reason: 'completar_peticion', limitDate: '2026-02-26' });

    await d.on('2026-01-27');
    const before = await snapshotOf(d.t, late.id);
    const refused = await d.t.call('pqr.pause', { pqrId: late.id, reason: 'completar_peticion', note: 'Falta la copia de la escritura' }, d.coord);
    expect(refused.ok ? null : refused.error).toMatchObject({
      code: 'RULE',
      message:
        'La solicitud de completar la petición se hace dentro de los 10 días hábiles siguientes a su recibo (Ley 1755 de 2015, art. 17): el plazo venció el 26/01/2026. El término sigue corriendo.',
    });
    expect(await snapshotOf(d.t, late.id)).toEqual(before);
  });

  it('when completed, the term resumes with the days already spent counted', async () => {
    // received Fri 9 Jan, due Mon 2 Feb; asked on Tue 20 Jan: 9 days left (21 22 23 26 27 28 29 30, 2 Feb)
    await d.on('2026-01-09');
    const { pqr } = await filePqr(d.t, d.aux, { type: 'peticion' });
    await d.on('2026-01-20');
    await d.t.ok('pqr.pause', { pqrId: pqr.id, reason: 'completar_peticion', note: 'Falta el certificado de tradición' }, d.coord);
    // documents brought on Mon 26 Jan: 27 28 29 30 (4), 2–6 Feb (9) → 6 Feb (a restarted term would say 16 Feb)
    await d.on('2026-01-26');
    const resumed = await d.t.ok('pqr.resume', { pqrId: pqr.id, note: 'Trajo el certificado' }, d.coord);
    expect(resumed).toMatchObject({ dueDate: '2026-02-06', state: 'radicada', paused: null });
    expect(resumed.completion).toMatchObject({ requestedOn: '2026-01-20', completedOn: '2026-01-26' });
    expect(resumed.history.at(-1)?.text).toBe('Término reanudado: el peticionario completó la petición; se reanudan los 9 días hábiles que quedaban; vence el 06/02/2026. Trajo el certificado');
  });

  it('after the month without an answer: the act of desistimiento tácito, a letter with its own radicado de salida; the PQR closes as desistida', async () => {
    // a petición about the service (reported to the SUI): received Fri 9 Jan 2026, asked to complete on Tue 20 Jan → month until Fri 20 Feb
    await d.on('2026-01-09');
    const accountId = await insertAccount(d.t.app.db, { number: '100234', holderName: 'Ana Gómez' });
    const { pqr } = await filePqr(d.t, d.aux, { type: 'peticion', accountId, subject: 'Cambio de nombre del suscriptor' });
    await d.on('2026-01-20');
    await d.t.ok('pqr.pause', { pqrId: pqr.id, reason: 'completar_peticion', note: 'Falta la escritura del predio' }, d.coord);

    // on the last day of the month the petitioner still may bring them
    await d.on('2026-02-20');
    const before = await snapshotOf(d.t, pqr.id);
    const early = await d.t.call('pqr.desist', { pqrId: pqr.id, note: '' }, d.coord);
    expect(early.ok ? null : early.error).toMatchObject({
      code: 'RULE',
      message: 'El peticionario tiene hasta el 20/02/2026 para completar la petición (Ley 1755 de 2015, art. 17): el desistimiento tácito se decreta vencido ese plazo.',
    });
    const byClerk = await d.t.call('pqr.desist', { pqrId: pqr.id, note: '' }, d.aux);
    expect(byClerk.ok ? null : byClerk.error.code).toBe('FORBIDDEN');
    expect(await snapshotOf(d.t, pqr.id)).toEqual(before);

    // Monday 23 February: the month passed
    await d.on('2026-02-23');
    const { pqr: desisted, letter } = await d.t.ok('pqr.desist', { pqrId: pqr.id, note: 'No se recibió la escritura.' }, d.coord);
    expect(desisted.state).toBe('cerrada');
    expect(desisted.desisted).toMatchObject({ on: '2026-02-23', radicado: expect.stringMatching(/^2026-GAR-S-\d{6}$/) });
    expect(desisted.closedResult).toContain('Desistimiento tácito (Ley 1755 de 2015, art. 17)');
    expect(desisted.history.at(-1)).toMatchObject({ action: 'desistida' });
    const text = words(letter.base64);
    expect(text).toContain('Desistimiento tácito');
    expect(text).toContain(desisted.desisted?.radicado ?? '');
    expect(text).toContain('El 20 de enero de 2026 la empresa le pidió completar su petición');
    expect(text).toContain('que venció el 20 de febrero de 2026');
    expect(text).toContain('decreta el desistimiento tácito de la solicitud y el archivo del expediente');
    const letterRow = await d.t.app.db('correspondence').where({ pqr_id: pqr.id, kind: 'salida' }).first('id');
    expect(letterRow).toBeTruthy();

    // in the SUI file of February: a petición about the service (7), archived (11) with the act's date and radicado
    const rows = csvRows((await d.t.ok('pqrReports.suiFormatoA', { month: '2026-02' }, d.coord)).file.base64);
    const row = rows.find((r) => r[3] === pqr.radicado);
    expect(row?.slice(4, 13)).toEqual(['09-01-2026', '7', '', '', '100234', '', '11', '23-02-2026', desisted.desisted?.radicado]);
  });

  it('the petitioner may ask, before the month ends, for another one, once (across 31 December)', async () => {
    // received Wed 23 Dec 2026; asked on Thu 31 Dec (day 5: 24, 28, 29, 30, 31) → the month ends Sun 31 Jan 2027 → Mon 1 Feb
    await d.on('2026-12-23');
    const { pqr } = await filePqr(d.t, d.aux, { type: 'peticion' });
    await d.on('2026-12-31');
    const paused = await d.t.ok('pqr.pause', { pqrId: pqr.id, reason: 'completar_peticion', note: 'Falta el poder' }, d.coord);
    expect(paused.completion?.deadline).toBe('2027-02-01');
    // asked on Fri 29 Jan 2027: one more month from Mon 1 Feb → Mon 1 Mar
    await d.on('2027-01-29');
    const extended = await d.t.ok('pqr.extendCompletion', { pqrId: pqr.id, note: 'Lo pidió por escrito' }, d.coord);
    expect(extended.completion).toMatchObject({ deadline: '2027-03-01', extended: true });
    const again = await d.t.call('pqr.extendCompletion', { pqrId: pqr.id, note: '' }, d.coord);
    expect(again.ok ? null : again.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('ya se prorrogó una vez, hasta el 01/03/2027') });
  });
});

describe('3. the pause for pruebas is bounded', () => {
  it('must cite the evidence ordered; without it nothing is written', async () => {
    await d.on('2026-01-09');
    const { pqr } = await filePqr(d.t, d.aux, { type: 'reclamo' });
    const before = await snapshotOf(d.t, pqr.id);
    const refused = await d.t.call('pqr.pause', { pqrId: pqr.id, reason: 'pruebas', note: 'Suspender' }, d.coord);
    expect(refused.ok ? null : refused.error).toMatchObject({
      code: 'VALIDATION',
      message: 'Cite las pruebas decretadas: la suspensión por pruebas debe decir cuáles (Ley 1437 de 2011 (CPACA), art. 79, como referencia).',
      fields: { evidence: 'Obligatorio' },
    });
    expect(await snapshotOf(d.t, pqr.id)).toEqual(before);
  });

  it('warns in the tray before the limit; after it only a coordinator resumes, with the reason, and the days left count from the limit', async () => {
    // reclamo received Fri 9 Jan 2026, due Mon 2 Feb; assigned to the auxiliar
    await d.on('2026-01-09');
    const { pqr } = await filePqr(d.t, d.aux, { type: 'reclamo' });
    await assignToAux(pqr.id);
    // paused on Tue 20 Jan with 9 days left; the maximum (30): 21 22 23 (3), 26–30 (8), 2–6 Feb (13), 9–13 (18), 16–20 (23), 23–27 (28), 2 Mar (29), 3 Mar (30)
    await d.on('2026-01-20');
    const paused = await d.t.ok('pqr.pause', { pqrId: pqr.id, reason: 'pruebas', note: 'Se decretan pruebas', evidence: 'Visita técnica al predio y revisión del medidor' }, d.aux);
    expect(paused.paused).toMatchObject({ since: '2026-01-20', remainingBusinessDays: 9, evidence: 'Visita técnica al predio y revisión del medidor', limitDate: '2026-03-03' });

    // Fri 20 Feb: 23 24 25 26 27, 2 3 Mar = 7 left → on time; Thu 26 Feb: 27, 2, 3 = 3 left → por vencer (3 business days)
    await d.on('2026-02-20');
    let [row] = await d.t.ok('pqr.tray', { scope: 'mine' }, d.aux);
    expect(row.legalDue).toEqual({ kind: 'pruebas', date: '2026-03-03', light: 'a_tiempo' });
    await d.on('2026-02-26');
    [row] = await d.t.ok('pqr.tray', { scope: 'mine' }, d.aux);
    expect(row.legalDue).toEqual({ kind: 'pruebas', date: '2026-03-03', light: 'por_vencer' });

    // Wed 4 Mar, past the maximum
    await d.on('2026-03-04');
    [row] = await d.t.ok('pqr.tray', { scope: 'mine' }, d.aux);
    expect(row.legalDue?.light).toBe('vencida');
    const before = await snapshotOf(d.t, pqr.id);
    const noReason = await d.t.call('pqr.resume', { pqrId: pqr.id, note: 'Llegó el informe' }, d.aux);
    expect(noReason.ok ? null : noReason.error).toMatchObject({
      code: 'RULE',
      message:
        'La suspensión por pruebas pasó su máximo el 03/03/2026 (Ley 1437 de 2011 (CPACA), art. 79, como referencia): el término volvió a correr ese día. Reanudar ahora requiere el motivo del coordinador.',
    });
    const clerkReason = await d.t.call('pqr.resume', { pqrId: pqr.id, note: '', lateReason: 'El laboratorio se demoró' }, d.aux);
    expect(clerkReason.ok ? null : clerkReason.error).toMatchObject({ code: 'FORBIDDEN', message: 'La suspensión por pruebas pasó su máximo el 03/03/2026: solo el coordinador reanuda, con el motivo.' });
    const coordNoReason = await d.t.call('pqr.resume', { pqrId: pqr.id, note: '' }, d.coord);
    expect(coordNoReason.ok ? null : coordNoReason.error.code).toBe('RULE');
    expect(await snapshotOf(d.t, pqr.id)).toEqual(before);

    // the 9 days run from Tue 3 Mar: 4 5 6 (3), 9–13 (8), Mon 16 (9)
    const resumed = await d.t.ok('pqr.resume', { pqrId: pqr.id, note: '', lateReason: 'El laboratorio entregó el informe tarde' }, d.coord);
    expect(resumed).toMatchObject({ dueDate: '2026-03-16', pruebasUsedDays: 30, paused: null });
    expect(resumed.history.at(-1)?.text).toContain('Motivo del coordinador: El laboratorio entregó el informe tarde');
    // all 30 days of pruebas are used
    const again = await d.t.call('pqr.pause', { pqrId: pqr.id, reason: 'pruebas', note: 'Otra prueba', evidence: 'Nueva visita' }, d.aux);
    expect(again.ok ? null : again.error).toMatchObject({ code: 'RULE', message: expect.stringContaining('Ya se usaron los 30 días hábiles de pruebas') });
  });

  it('the maximum is a setting of the country (across Semana Santa)', async () => {
    await d.t.ok('pqr.saveLegalRule', { key: 'pruebasMaxBusinessDays', value: 15, basis: 'Reglamento interno de PQR' }, d.t.adminToken);
    // reclamo received Mon 16 Mar 2026; paused the same day: 17–20 (4), Mon 23 San José, 24–27 (8), 30 31 1 Apr (11), 2–3 Semana Santa, 6–9 (15)
    await d.on('2026-03-16');
    const { pqr } = await filePqr(d.t, d.aux, { type: 'reclamo' });
    const paused = await d.t.ok('pqr.pause', { pqrId: pqr.id, reason: 'pruebas', note: 'Pruebas', evidence: 'Aforo del consumo' }, d.coord);
    expect(paused.paused?.limitDate).toBe('2026-04-09');
    expect(paused.history.at(-1)?.text).toContain('la suspensión no puede pasar del 09/04/2026 (15 días hábiles, Reglamento interno de PQR)');
  });
});

describe('4. the term counts from the day received, not the day typed', () => {
  it('received earlier needs the channel evidence; never in the future; nothing written when refused', async () => {
    await d.on('2026-01-13', '09:00');
    const before = await snapshotOf(d.t);
    const future = await d.t.call('pqr.file', { ...(await filing()), channel: 'correo', receivedAt: { date: '2026-01-13', time: '09:30' } }, d.aux);
    expect(future.ok ? null : future.error).toMatchObject({ code: 'VALIDATION', message: 'La fecha y hora de recibido (13/01/2026 09:30) no puede ser futura.' });
    const noEvidence = await d.t.call('pqr.file', { ...(await filing()), channel: 'correo', receivedAt: { date: '2026-01-09', time: '16:20' } }, d.aux);
    expect(noEvidence.ok ? null : noEvidence.error).toMatchObject({
      code: 'VALIDATION',
      message:
        'La petición se recibió antes de radicarla (09/01/2026 16:20): indique la evidencia del canal, la fecha y hora del correo electrónico recibido. El término se cuenta desde el recibo (Ley 142 de 1994, art. 158; Ley 1755 de 2015, art. 14).',
      fields: { receivedEvidence: 'Obligatoria' },
    });
    expect(await snapshotOf(d.t)).toEqual(before);
  });

  it('an e-mail of Friday 9 January typed on Tuesday 13: due on 2 February, flagged in the tray and in the SUI file', async () => {
    // from Fri 9 Jan: 13 (1) … 2 Feb (15). Counted from the typing (Tue 13) it would be Tue 3 Feb: 14 (1) … 3 Feb (15)
    await d.on('2026-01-13', '09:00');
    const { pqr, constancia } = await filePqr(d.t, d.aux, {
      type: 'reclamo',
      channel: 'correo',
      receivedAt: { date: '2026-01-09', time: '16:20' },
      receivedEvidence: 'Correo de mafe.rodriguez@correo.com.co del 09/01/2026 16:20',
    });
    expect(pqr).toMatchObject({ filedDate: '2026-01-13', receivedDate: '2026-01-09', termStartDate: '2026-01-09', dueDate: '2026-02-02', enteredLate: true });
    expect(pqr.receivedAt).toBe('2026-01-09T21:20:00.000Z');
    expect(pqr.history[0].text).toContain('recibida el 09/01/2026 16:20 (evidencia: Correo de mafe.rodriguez@correo.com.co del 09/01/2026 16:20)');
    expect(pqr.history[0].text).toContain('RADICADA TARDE');
    expect(words(constancia.base64)).toContain('contados a partir del día hábil siguiente a su recibo, el 09/01/2026 16:20. Se radicó el 13 de enero de 2026: el término corre desde el recibo');
    const [row] = await d.t.ok('pqr.tray', { scope: 'office' }, d.coord);
    expect(row).toMatchObject({ id: pqr.id, enteredLate: true, receivedDate: '2026-01-09' });
    const sui = await d.t.ok('pqrReports.suiFormatoA', { month: '2026-01' }, d.coord);
    expect(csvRows(sui.file.base64)[0][4]).toBe('09-01-2026');
    expect(sui.enteredLate).toEqual([{ radicado: pqr.radicado, receivedDate: '2026-01-09', filedDate: '2026-01-13' }]);
  });

  it('after the office closing hour it counts from the next business day (a Friday before a Monday holiday)', async () => {
    await d.t.ok('offices.update', { ...OFFICE, closingTime: '17:00', officeId: d.t.officeId }, d.t.adminToken);
    // Fri 9 Jan 2026 at 17:30: as if received Tue 13 (Sat, Sun, Mon 12 Reyes): 14 (1) … 3 Feb (15)
    await d.on('2026-01-09', '17:30');
    const late = (await filePqr(d.t, d.aux, { type: 'reclamo' })).pqr;
    expect(late).toMatchObject({ receivedDate: '2026-01-09', termStartDate: '2026-01-13', dueDate: '2026-02-03', enteredLate: false });
    expect(late.history[0].text).toContain('Recibida después de la hora de cierre (17:00): el término cuenta desde el 13/01/2026.');
    // at 16:40 the same day: from that Friday, due Mon 2 Feb
    await d.on('2026-01-09', '16:40');
    expect((await filePqr(d.t, d.aux, { type: 'reclamo' })).pqr).toMatchObject({ termStartDate: '2026-01-09', dueDate: '2026-02-02' });
    // the office's setting is kept when an update leaves it out
    await d.t.ok('offices.update', { ...OFFICE, officeId: d.t.officeId }, d.t.adminToken);
    expect((await d.t.ok('offices.list', {}, d.t.adminToken))[0].closingTime).toBe('17:00');
  });
});

describe('5. traslado por competencia within 5 business days (Ley 1755 de 2015, art. 21)', () => {
  it('has its own due date and light; late, the approval says so', async () => {
    // received Fri 9 Jan 2026 (Mon 12 Reyes): 13 14 15 16 (4), Mon 19 (5)
    await d.on('2026-01-09');
    const { pqr } = await filePqr(d.t, d.aux, { type: 'peticion', subject: 'Cobro del alumbrado público' });
    await assignToAux(pqr.id);
    await d.on('2026-01-13');
    const drafted = await d.t.ok('pqr.draftAnswer', { pqrId: pqr.id, decision: 'traslada', decisionText: 'El alumbrado lo cobra la empresa de energía.', transferEntity: 'Empresa de Energía de Boyacá' }, d.aux);
    expect(drafted).toMatchObject({ transferDueDate: '2026-01-19', dueDate: '2026-01-19', legalDue: { kind: 'traslado', date: '2026-01-19' } });
    expect(drafted.history.at(-1)?.text).toContain('El traslado debe aprobarse y enviarse a más tardar el 19/01/2026 (5 días hábiles, Ley 1755 de 2015, art. 21).');
    // Thu 15 Jan: 16 and 19 left → por vencer; the answer's own term (2 Feb) would be on time
    await d.on('2026-01-15');
    let [row] = await d.t.ok('pqr.tray', { scope: 'mine' }, d.aux);
    expect(row).toMatchObject({ dueDate: '2026-01-19', light: 'por_vencer', businessDaysLeft: 2 });
    // Tue 20 Jan: overdue
    await d.on('2026-01-20');
    [row] = await d.t.ok('pqr.tray', { scope: 'mine' }, d.aux);
    expect(row).toMatchObject({ dueDate: '2026-01-19', light: 'vencida' });
    const { pqr: approved } = await d.t.ok('pqr.approveAnswer', { pqrId: pqr.id }, d.coord);
    expect(approved.transferDueDate).toBeNull();
    expect(approved.history.find((e) => e.action === 'aprobada')?.text).toContain('Traslado fuera del término de 5 días hábiles: vencía el 19/01/2026 (Ley 1755 de 2015, art. 21).');
  });
});

describe('7. silencio administrativo positivo', () => {
  it('is flagged days before the due date for the types it applies to, not for a general petición', async () => {
    // all received Fri 9 Jan 2026: reclamo due Mon 2 Feb; solicitud de información (10 days): 13 … 23 (9), Mon 26 (10)
    await d.on('2026-01-09');
    const accountId = await insertAccount(d.t.app.db, { number: '100234', holderName: 'Ana Gómez' });
    const reclamo = (await filePqr(d.t, d.aux, { type: 'reclamo' })).pqr;
    const info = (await filePqr(d.t, d.aux, { type: 'solicitud_informacion' })).pqr;
    const service = (await filePqr(d.t, d.aux, { type: 'peticion', accountId })).pqr;
    const general = (await filePqr(d.t, d.aux, { type: 'peticion' })).pqr;
    expect(info.dueDate).toBe('2026-01-26');
    const risk = async () => new Map((await d.t.ok('pqr.tray', { scope: 'office' }, d.coord)).map((p) => [p.id, [p.silencio, p.silencioRisk]]));
    // Mon 19 Jan: the solicitud has 20 21 22 23 26 = 5 days left (alert: 5); the reclamo 10
    await d.on('2026-01-19');
    let r = await risk();
    expect(r.get(info.id)).toEqual(['riesgo', true]);
    expect(r.get(reclamo.id)).toEqual([null, false]);
    // Mon 26 Jan: the reclamo and the petición about the service have 27 28 29 30, 2 Feb = 5 left; the general petición never
    await d.on('2026-01-26');
    r = await risk();
    expect(r.get(reclamo.id)).toEqual(['riesgo', true]);
    expect(r.get(service.id)).toEqual(['riesgo', true]);
    expect(r.get(general.id)).toEqual([null, false]);
    // Tue 3 Feb: it occurred
    await d.on('2026-02-03');
    r = await risk();
    expect(r.get(reclamo.id)).toEqual(['ocurrido', true]);
    expect(r.get(general.id)).toEqual([null, false]);
  });

  it('an answer approved after the due date is not approved silently: it says so, and the recognition act follows with its radicado and its SUI row', async () => {
    // reclamo received Fri 9 Jan 2026, due Mon 2 Feb; drafted and approved on Wed 4 Feb
    await d.on('2026-01-09');
    const accountId = await insertAccount(d.t.app.db, { number: '100234', holderName: 'Ana Gómez' });
    const invoiceId = await insertInvoice(d.t.app.db, accountId, { number: 'F-2026-0012', period: '2025-12', dueDate: '2026-01-05', total: 54_300 });
    const { pqr } = await filePqr(d.t, d.aux, { type: 'reclamo', accountId, invoiceId });
    await d.on('2026-02-04');
    await d.t.ok('pqr.draftAnswer', { pqrId: pqr.id, decision: 'no_accede', decisionText: 'La lectura del medidor es correcta.' }, d.coord);
    const before = await snapshotOf(d.t, pqr.id);
    const silent = await d.t.call('pqr.approveAnswer', { pqrId: pqr.id }, d.coord);
    // the 72 hours after Mon 2 Feb end with Thu 5 Feb
    expect(silent.ok ? null : silent.error).toMatchObject({
      code: 'RULE',
      message:
        'La respuesta llega después del vencimiento del 02/02/2026: operó el silencio administrativo positivo (Ley 142 de 1994, art. 158 (modificado por el Decreto 2150 de 1995, art. 123)). Apruébela diciendo que lo sabe: quedará registrado y la empresa debe reconocerlo con un acto propio a más tardar el 05/02/2026.',
    });
    expect(await snapshotOf(d.t, pqr.id)).toEqual(before);

    const { pqr: approved } = await d.t.ok('pqr.approveAnswer', { pqrId: pqr.id, silencioAcknowledged: true }, d.coord);
    expect(approved.silencioPositivo).toEqual({ occurredOn: '2026-02-03', recognizeBy: '2026-02-05', recognizedOn: null, radicado: null, correspondenceId: null });
    expect(approved.silencio).toBe('ocurrido');
    expect(approved.history.find((e) => e.action === 'silencio_positivo')?.text).toContain('Silencio administrativo positivo: la respuesta se aprobó el 04/02/2026, después del vencimiento del 02/02/2026');
    const [row] = await d.t.ok('pqr.tray', { scope: 'office' }, d.coord);
    expect(row.legalDue).toMatchObject({ kind: 'silencio', date: '2026-02-05', light: 'por_vencer' });

    // the recognition, Thu 5 Feb: a letter from the template with its radicado de salida
    await d.on('2026-02-05');
    const { pqr: recognized, letter } = await d.t.ok('pqr.recognizeSilencio', { pqrId: pqr.id, effects: 'Se reliquida la factura F-2026-0012 con el consumo promedio de 15 m³.' }, d.coord);
    expect(recognized.silencioPositivo).toMatchObject({ recognizedOn: '2026-02-05', radicado: expect.stringMatching(/^2026-GAR-S-\d{6}$/) });
    expect(recognized.silencio).toBe('reconocido');
    const text = words(letter.base64);
    expect(text).toContain('Reconocimiento del silencio administrativo positivo');
    expect(text).toContain('debía resolverse a más tardar el 2 de febrero de 2026');
    expect(text).toContain('Ley 142 de 1994, art. 158');
    expect(text).toContain('Se reliquida la factura F-2026-0012');
    const again = await d.t.call('pqr.recognizeSilencio', { pqrId: pqr.id, effects: 'otra vez' }, d.coord);
    expect(again.ok ? null : again.error).toMatchObject({ code: 'CONFLICT', message: 'El silencio administrativo positivo ya se reconoció el 05/02/2026.' });

    // the SUI row of February: accede (1) by the recognition act, its date and radicado
    const rows = csvRows((await d.t.ok('pqrReports.suiFormatoA', { month: '2026-02' }, d.coord)).file.base64);
    expect(rows.find((x) => x[3] === pqr.radicado)?.slice(10, 13)).toEqual(['1', '05-02-2026', recognized.silencioPositivo?.radicado]);
  });

  it('is recognised for an overdue PQR without an answer; refused before the due date and where it does not apply', async () => {
    await d.on('2026-01-09');
    const reclamo = (await filePqr(d.t, d.aux, { type: 'reclamo' })).pqr;
    const general = (await filePqr(d.t, d.aux, { type: 'peticion' })).pqr;
    await d.on('2026-02-02');
    const early = await d.t.call('pqr.recognizeSilencio', { pqrId: reclamo.id, effects: 'x' }, d.coord);
    expect(early.ok ? null : early.error).toMatchObject({
      code: 'RULE',
      message: 'El término vence el 02/02/2026: el silencio administrativo positivo solo opera si vence sin respuesta (Ley 142 de 1994, art. 158 (modificado por el Decreto 2150 de 1995, art. 123)).',
    });
    await d.on('2026-02-03');
    const notHere = await d.t.call('pqr.recognizeSilencio', { pqrId: general.id, effects: 'x' }, d.coord);
    expect(notHere.ok ? null : notHere.error).toMatchObject({ code: 'RULE', message: 'Petición: no aplica el silencio administrativo positivo (Ley 1755 de 2015, art. 14).' });
    const { pqr } = await d.t.ok('pqr.recognizeSilencio', { pqrId: reclamo.id, effects: 'Se acepta la revisión pedida.' }, d.coord);
    expect(pqr).toMatchObject({ state: 'respondida', silencio: 'reconocido' });
    expect(pqr.silencioPositivo).toMatchObject({ occurredOn: '2026-02-03', recognizeBy: '2026-02-05', recognizedOn: '2026-02-03' });
  });
});

/** a valid filing for the raw calls (without the helper's defaults merged in) */
async function filing() {
  return { ...DEFAULT_FILING, type: 'reclamo' as const, causalId: Number((await d.t.app.db('sui_causales').where({ code: '120' }).first('id')).id) };
}
