/**
 * The gestor's desk on a real database: the queue (callbacks first, then by age and debt), contacts
 * recorded with the rules enforced (outgoing) and always allowed (incoming), callbacks, commitment
 * limits, contact data with the Ley 1581 authorisation, hand-offs to the legal stage (seen in the
 * notices' candidates with the reason) and to the field team, and the reclamo that becomes a PQR.
 * Monday 9 March 2026, 10:00 in Bogotá (tests/helpers/collections.ts).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OFFICE, createUserReady, loginAs } from '../helpers/backoffice';
import { filePqr } from '../helpers/pqr';
import { MONDAY, at, call, collectionCounts, debtor, key, launch, refusal, telecobroOffice, type Telecobro } from '../helpers/collections';

let w: Telecobro;
const ids: Record<string, number> = {};

beforeAll(async () => {
  w = await telecobroOffice();
  // all for Ana (one gestor): priority = age bucket, then debt
  ids.old = (await debtor(w, '300001', [{ due: '2025-10-20', total: 150_000 }], { phone: '3106000001' })).accountId; // 140 days
  ids.big = (await debtor(w, '300002', [{ due: '2026-01-20', total: 400_000 }], { phone: '3106000002' })).accountId; // 48 days, 400.000
  ids.small = (await debtor(w, '300003', [{ due: '2026-01-20', total: 50_000 }], { phone: '3106000003', email: 'pagador@correo.com.co' })).accountId; // 48 days, 50.000
  ids.fresh = (await debtor(w, '300004', [{ due: '2026-02-25', total: 70_000 }], { phone: '3106000004' })).accountId; // 12 days
  await launch(w, {}, [w.gestorAId], 'Escritorio');
});
afterAll(async () => {
  await w.close();
  vi.useRealTimers();
});

describe('the queue and the desk', () => {
  it('gives the oldest debt first, then the largest of the same age', async () => {
    const summary = await w.ok('collections.queue', {}, w.gestorA);
    expect(summary).toMatchObject({ pending: 4, callbacksDue: 0, brokenCommitments: 0 });
    const next = await w.ok('collections.next', {}, w.gestorA);
    expect(next).toMatchObject({ accountNumber: '300001', why: 'prioridad', daysPastDue: 140, bucket: 'd91_180', debt: 150_000 });
  });

  it('shows the account: debt by invoice, phones with their authorisation, payment channels, outcomes and rules', async () => {
    const desk = await w.ok('collections.desk', { accountId: ids.small }, w.gestorA);
    expect(desk.invoices.map((i) => [i.number, i.balance, i.daysPastDue])).toEqual([['300003-1', 50_000, 48]]);
    expect(desk.contactPoints.map((p) => [p.kind, p.value, p.authorised, p.channels])).toEqual([
      ['telefono', '3106000003', true, ['llamada', 'sms', 'whatsapp']],
      ['correo', 'pagador@correo.com.co', true, ['correo']],
    ]);
    expect(desk.paymentChannelsText).toMatch(/^Puede pagar en nuestras oficinas/);
    expect(desk.outcomes.map((o) => o.label)).toEqual([
      'Contacto efectivo',
      'No contesta',
      'Ocupado',
      'Número errado',
      'Buzón de voz',
      'Habló con un tercero',
      'Compromiso de pago',
      'Acuerdo de pago',
      'Ya pagó',
      'Reclamo',
      'Se niega a pagar',
      'Predio desocupado',
      'Fallecido',
    ]);
    expect(desk.rulesText).toBe('Se puede contactar de lunes a viernes de 7:00 a 19:00 y los sábados de 8:00 a 15:00, nunca en festivos.');
    expect(desk.commitmentMaxDate).toBe('2026-03-24'); // 9 March + 15 days of the default policy
  });

  it('records a no-answer with a callback for later today; the callback comes first when due', async () => {
    const r = await call(w, w.gestorA, ids.old, 'no_contesta', { callback: { date: MONDAY, time: '16:30', forAnyone: false } });
    expect(r.contact).toMatchObject({ outcome: 'no_contesta', outcomeLabel: 'No contesta', effective: false, direction: 'saliente', channel: 'llamada', address: '3106000001' });
    expect(r.callbackAt).toBe('2026-03-09T21:30:00.000Z');
    // meanwhile the queue goes on by priority: 400.000 before 50.000 (same age)
    expect((await w.ok('collections.next', {}, w.gestorA))?.accountNumber).toBe('300002');
    at(`${MONDAY} 16:31`);
    const next = await w.ok('collections.next', {}, w.gestorA);
    expect(next).toMatchObject({ accountNumber: '300001', why: 'callback', callbackAt: '2026-03-09T21:30:00.000Z', callbackNote: 'Llamada: no_contesta' });
    expect((await w.ok('collections.queue', {}, w.gestorA)).callbacksDue).toBe(1);
    // the second call (the first was not a direct contact: the day is still open) ends the callback
    await call(w, w.gestorA, ids.old, 'buzon_de_voz');
    expect((await w.ok('collections.queue', {}, w.gestorA)).callbacksDue).toBe(0);
    at(`${MONDAY} 10:00`);
  });

  it('a double click records once', async () => {
    const idempotencyKey = key();
    const input = { idempotencyKey, accountId: ids.fresh, channel: 'llamada' as const, direction: 'saliente' as const, address: '3106000004', outcome: 'ocupado', notes: '' };
    const first = await w.ok('collections.recordContact', input, w.gestorA);
    const again = await w.ok('collections.recordContact', input, w.gestorA);
    expect(again).toMatchObject({ repeated: true, contact: { id: first.contact.id } });
    const [row] = await w.app.db('collection_contacts').where({ account_id: ids.fresh }).count<{ n: number | string }[]>({ n: '*' });
    expect(Number(row.n)).toBe(1);
  });
});

describe('the contact rules, enforced', () => {
  it('refuses a second contact on the same day after a direct one, naming the rule, and writes nothing', async () => {
    await call(w, w.gestorA, ids.big, 'contacto_efectivo');
    const before = await collectionCounts(w);
    const r = await w.call(
      'collections.recordContact',
      { idempotencyKey: key(), accountId: ids.big, channel: 'llamada', direction: 'saliente', address: '3106000002', outcome: 'no_contesta', notes: '' },
      w.gestorA,
    );
    expect(refusal(r)).toEqual({
      code: 'RULE',
      message:
        'No se puede registrar el contacto saliente: Hoy ya hubo un contacto directo con el deudor (a las 10:00, por llamada): se permite un contacto directo al día (Ley 2300 de 2023 («dejen de fregar»), art. 3).',
    });
    expect(await collectionCounts(w)).toEqual(before);
    // the desk asks before the call starts
    expect(await w.ok('collections.checkContact', { accountId: ids.big, channel: 'llamada', direction: 'saliente', address: '3106000002' }, w.gestorA)).toMatchObject({ allowed: false, rule: 'diario' });
    // the debtor calling in is always taken
    const incoming = await w.ok('collections.recordContact', { idempotencyKey: key(), accountId: ids.big, channel: 'llamada', direction: 'entrante', outcome: 'contacto_efectivo', notes: 'Llamó a preguntar el saldo' }, w.gestorA);
    expect(incoming.contact.direction).toBe('entrante');
  });

  it('refuses another channel the same week after a direct contact', async () => {
    at('2026-03-11 09:00'); // Wednesday
    const r = await w.call('collections.recordContact', { idempotencyKey: key(), accountId: ids.big, channel: 'whatsapp', direction: 'saliente', address: '3106000002', outcome: 'no_contesta', notes: '' }, w.gestorA);
    expect(refusal(r)).toMatchObject({ code: 'RULE', message: expect.stringContaining('El 09/03/2026 hubo un contacto directo por llamada: en la misma semana no se usan otros canales (esta vez, WhatsApp)') as unknown });
    at(`${MONDAY} 10:00`);
  });

  it('refuses outgoing contacts on Sunday, at 19:05 and on a holiday; refuses a callback on a holiday', async () => {
    const attempt = () => w.call('collections.recordContact', { idempotencyKey: key(), accountId: ids.small, channel: 'llamada', direction: 'saliente', address: '3106000003', outcome: 'no_contesta', notes: '' }, w.gestorA);
    at('2026-03-08 11:00');
    expect(refusal(await attempt())).toMatchObject({ code: 'RULE', message: expect.stringContaining('Los domingos no se contacta a los deudores') as unknown });
    at('2026-03-09 19:05');
    expect(refusal(await attempt())).toMatchObject({ code: 'RULE', message: expect.stringContaining('el lunes se puede contactar de 7:00 a 19:00 y la hora es 19:05') as unknown });
    at('2026-03-23 10:00');
    expect(refusal(await attempt())).toMatchObject({ code: 'RULE', message: expect.stringContaining('El 23/03/2026 es festivo (San José)') as unknown });
    at(`${MONDAY} 10:00`);
    const before = await collectionCounts(w);
    const holiday = await w.call(
      'collections.recordContact',
      { idempotencyKey: key(), accountId: ids.small, channel: 'llamada', direction: 'saliente', address: '3106000003', outcome: 'no_contesta', notes: '', callback: { date: '2026-03-23', time: '10:00', forAnyone: true } },
      w.gestorA,
    );
    expect(refusal(holiday)).toEqual({
      code: 'RULE',
      message: 'La rellamada no puede quedar para esa hora: El 23/03/2026 es festivo (San José): ese día no se contacta a los deudores (Ley 2300 de 2023 («dejen de fregar»), art. 3).',
    });
    expect(await collectionCounts(w)).toEqual(before);
  });

  it('refuses a channel without authorisation and a reference’s phone', async () => {
    const settings = await w.ok('collections.settings', {}, w.adminToken);
    await w.ok('collections.savePolicy', { ...settings.policy, contractDataAuthorised: false }, w.adminToken);
    const check = await w.ok('collections.checkContact', { accountId: ids.small, channel: 'llamada', direction: 'saliente', address: '3106000003' }, w.gestorA);
    expect(check).toMatchObject({ allowed: false, rule: 'canal_no_autorizado', message: expect.stringContaining('No hay autorización registrada para contactar por llamada') as unknown });
    await w.ok('collections.savePolicy', { ...settings.policy, contractDataAuthorised: true }, w.adminToken);
    const reference = await w.ok(
      'collections.saveContactPoint',
      { accountId: ids.small, kind: 'telefono', value: '(311) 555-0003', relation: 'referencia', holderName: 'Hermana', source: 'llamada', authorisation: { on: MONDAY, via: 'llamada_grabada', purposes: ['cobranza'], channels: ['llamada'] } },
      w.gestorA,
    );
    expect(reference).toMatchObject({ value: '3115550003', relation: 'referencia', authorised: true, status: 'Autorizado el 09/03/2026 por llamada grabada: cobranza' });
    const r = await w.call('collections.checkContact', { accountId: ids.small, channel: 'llamada', direction: 'saliente', contactPointId: reference.id ?? 0 }, w.gestorA);
    expect(r.ok && r.data).toEqual({ allowed: false, rule: 'solo_deudor', message: 'Ese dato es de una referencia: solo se puede contactar al deudor (Ley 2300 de 2023 («dejen de fregar»), art. 3).' });
  });
});

describe('commitments and callbacks: limits', () => {
  it('refuses a commitment in the past, beyond the policy limit, or above the debt; nothing is written', async () => {
    const before = await collectionCounts(w);
    const attempt = (commitment: { amount: number; date: string }) =>
      w.call(
        'collections.recordContact',
        { idempotencyKey: key(), accountId: ids.fresh, channel: 'llamada', direction: 'entrante', outcome: 'compromiso_de_pago', notes: '', commitment },
        w.gestorA,
      );
    expect(refusal(await attempt({ amount: 30_000, date: '2026-03-06' }))).toEqual({ code: 'VALIDATION', message: 'La fecha del compromiso (06/03/2026) ya pasó: debe ser hoy o después.' });
    expect(refusal(await attempt({ amount: 30_000, date: '2026-03-25' }))).toEqual({ code: 'VALIDATION', message: 'La fecha del compromiso no puede pasar del 24/03/2026 (15 días según la política de cobranza).' });
    expect(refusal(await attempt({ amount: 90_000, date: '2026-03-13' }))).toEqual({ code: 'VALIDATION', message: 'El compromiso ($ 90.000) es mayor que la deuda ($ 70.000).' });
    const noCommitment = await w.call('collections.recordContact', { idempotencyKey: key(), accountId: ids.fresh, channel: 'llamada', direction: 'entrante', outcome: 'compromiso_de_pago', notes: '' }, w.gestorA);
    expect(refusal(noCommitment)).toEqual({ code: 'VALIDATION', message: 'El resultado «Compromiso de pago» necesita el valor y la fecha del compromiso.' });
    expect(await collectionCounts(w)).toEqual(before);
  });

  it('refuses a phone with letters and an e-mail channel on a phone, in Spanish', async () => {
    const before = await collectionCounts(w);
    const r = await w.call('collections.saveContactPoint', { accountId: ids.fresh, kind: 'telefono', value: '310-ABC-1234', relation: 'titular', source: 'llamada' }, w.gestorA);
    expect(refusal(r)).toEqual({ code: 'VALIDATION', message: 'Datos inválidos en «value»: El teléfono solo lleva números (y +, espacios, paréntesis o guiones)' });
    const wrong = await w.call(
      'collections.saveContactPoint',
      { accountId: ids.fresh, kind: 'telefono', value: '3107770000', relation: 'titular', source: 'llamada', authorisation: { on: MONDAY, via: 'llamada_grabada', purposes: ['cobranza'], channels: ['correo'] } },
      w.gestorA,
    );
    expect(refusal(wrong)).toEqual({ code: 'VALIDATION', message: 'Datos inválidos en «authorisation.channels»: Un teléfono se autoriza para llamadas, SMS o WhatsApp, no para correo' });
    expect(await collectionCounts(w)).toEqual(before);
  });

  it('records a commitment: the account waits (not in the queue) and shows it', async () => {
    const r = await w.ok(
      'collections.recordContact',
      { idempotencyKey: key(), accountId: ids.fresh, channel: 'llamada', direction: 'entrante', outcome: 'compromiso_de_pago', notes: 'Paga el viernes', commitment: { amount: 70_000, date: '2026-03-13' } },
      w.gestorA,
    );
    expect(r.commitment).toMatchObject({ amount: 70_000, date: '2026-03-13', windowEnd: '2026-03-15', state: 'pendiente', madeOn: MONDAY, gestor: 'Usuario gestor' });
    const account = await w.ok('collections.ofAccount', { accountId: ids.fresh }, w.adminToken);
    expect(account.commitments.map((c) => [c.amount, c.state])).toEqual([[70_000, 'pendiente']]);
    expect(account.contacts.map((c) => c.outcomeLabel)).toEqual(['Compromiso de pago', 'Ocupado']);
  });
});

describe('hand-offs and the reclamo', () => {
  it('hands the case to the legal stage: it appears in the notices’ prejurídico candidates with the reason', async () => {
    const before = await w.ok('notices.preview', { kind: 'prejuridico', fromCollections: true }, w.coordinator);
    expect(before.candidates).toEqual([]);
    const h = await w.ok('collections.handToLegal', { accountId: ids.small, stage: 'prejuridico', reason: 'Dice que no pagará nunca' }, w.gestorA);
    const twice = await w.ok('collections.handToLegal', { accountId: ids.small, stage: 'prejuridico', reason: 'Dice que no pagará nunca' }, w.gestorA);
    expect(twice.id).toBe(h.id);
    const preview = await w.ok('notices.preview', { kind: 'prejuridico', fromCollections: true }, w.coordinator);
    expect(preview.candidates.map((c) => [c.accountNumber, c.eligible, c.reason])).toEqual([['300003', true, `Remitida por cobranza (Usuario gestor, ${'09/03/2026'}): Dice que no pagará nunca`]]);
    // without the filter it is among the others, eligible with the same reason (48 days: the policy alone would wait for 60)
    const all = await w.ok('notices.preview', { kind: 'prejuridico' }, w.coordinator);
    expect(all.candidates.find((c) => c.accountNumber === '300003')).toMatchObject({ eligible: true, reason: expect.stringContaining('Remitida por cobranza') as unknown });
    expect(all.candidates.find((c) => c.accountNumber === '300002')).toMatchObject({ eligible: false });
    // once its letter is generated the hand-off is attended
    const generated = await w.ok('notices.generate', { kind: 'prejuridico', accountIds: [ids.small] }, w.coordinator);
    expect(generated.batch.count).toBe(1);
    const after = await w.ok('collections.ofAccount', { accountId: ids.small }, w.coordinator);
    expect(after.handoffs.map((x) => [x.whatLabel, x.state])).toEqual([['Cobro prejurídico', 'atendida']]);
  });

  it('hands a case to the field team: the coordinator’s list and its CSV', async () => {
    await w.ok('collections.handToField', { accountId: ids.old, purpose: 'verificar_predio', reason: '=Parece desocupada' }, w.gestorA);
    const list = await w.ok('collections.fieldList', { state: 'pendiente' }, w.coordinator);
    expect(list.map((x) => [x.accountNumber, x.whatLabel, x.by])).toEqual([['300001', 'Verificar el predio (desocupado, fallecido, cambio de titular)', 'Usuario gestor']]);
    const csv = Buffer.from((await w.ok('collections.fieldFile', {}, w.coordinator)).base64, 'base64').toString('utf8');
    // a cell that starts like a formula is defused
    expect(csv.split('\r\n')[1]).toContain(";'=Parece desocupada;");
    const closed = await w.ok('collections.closeField', { handoffId: list[0].id, note: 'Visitado: vive una familia' }, w.coordinator);
    expect(closed.state).toBe('atendida');
    expect(refusal(await w.call('collections.fieldList', {}, w.gestorA))).toEqual({ code: 'FORBIDDEN', message: 'Su rol no permite esta operación.' });
  });

  it('a reclamo fills the PQR filing with the account and the call’s text, and the PQR links back', async () => {
    const r = await w.ok(
      'collections.recordContact',
      { idempotencyKey: key(), accountId: ids.old, channel: 'llamada', direction: 'entrante', outcome: 'reclamo', notes: 'Dice que la lectura del medidor está mal desde octubre.' },
      w.gestorA,
    );
    const draft = await w.ok('collections.complaintDraft', { contactId: r.contact.id }, w.gestorA);
    expect(draft).toEqual({
      contactId: r.contact.id,
      accountId: ids.old,
      subject: 'Reclamo recibido en una llamada de cobro',
      text: 'Reclamo recibido por teléfono en la gestión de cobro del 09/03/2026 a las 10:00.\n\nDice que la lectura del medidor está mal desde octubre.',
    });
    // the gestor files it (channel teléfono), as the PQR screen does with the draft
    const filed = await filePqr(w, w.gestorA, { type: 'reclamo', channel: 'telefono', accountId: draft.accountId, subject: draft.subject, text: draft.text });
    const linked = await w.ok('collections.linkPqr', { contactId: r.contact.id, pqrId: filed.pqr.id }, w.gestorA);
    expect(linked.pqrRadicado).toBe(filed.pqr.radicado);
    expect(filed.pqr.channel).toBe('telefono');
    const desk = await w.ok('collections.desk', { accountId: ids.old }, w.gestorA);
    expect(desk.pqrs.map((p) => p.radicado)).toEqual([filed.pqr.radicado]);
    // Beto cannot see Ana's contact
    expect(refusal(await w.call('collections.complaintDraft', { contactId: r.contact.id }, w.gestorB))).toEqual({ code: 'NOT_FOUND', message: 'El contacto no existe' });
  });

  it('a callback for anyone goes to one gestor at a time', async () => {
    const carlos = await loginAs(w, 'gestor', 'gestor.carlos');
    const carlosId = Number((await w.app.db('users').where({ username: 'gestor.carlos' }).first('id')).id);
    const extra = (await debtor(w, '300009', [{ due: '2026-01-20', total: 90_000 }], { phone: '3106000009' })).accountId;
    await launch(w, { minDebt: 90_000 }, [carlosId, w.gestorAId], 'Compartida');
    const owner = Number((await w.app.db('collection_assignments').where({ account_id: extra, active: true }).first('gestor_id')).gestor_id);
    const ownerToken = owner === carlosId ? carlos : w.gestorA;
    const otherToken = owner === carlosId ? w.gestorA : carlos;
    await call(w, ownerToken, extra, 'ocupado', { callback: { date: MONDAY, time: '15:00', forAnyone: true } });
    at(`${MONDAY} 15:05`);
    const first = await w.ok('collections.next', {}, otherToken);
    expect(first).toMatchObject({ accountNumber: '300009', why: 'callback' });
    const second = await w.ok('collections.next', {}, ownerToken);
    expect(second?.accountNumber).not.toBe('300009');
    at(`${MONDAY} 10:00`);
  });
});

describe('another office on the same account', () => {
  it('sees only its own office’s PQRs, contacts and hand-offs of the account; an administrator sees every office’s and links any', async () => {
    const office = await w.ok('offices.create', { ...OFFICE, code: 'TEN', name: 'Oficina Tenza', city: 'Tenza', cityDane: '15798' }, w.adminToken);
    const other = await createUserReady(w, { fullName: 'Coordinador Tenza', username: 'coord.tenza', officeId: office.id, role: 'coordinador', password: 'clave-de-prueba' });
    const cashier = await createUserReady(w, { fullName: 'Cajero Tenza', username: 'cajero.tenza', officeId: office.id, role: 'cajero', password: 'clave-de-prueba' });
    const admin = await createUserReady(w, { fullName: 'Administradora Tenza', username: 'admin.tenza', officeId: office.id, role: 'administrador', password: 'clave-de-prueba' });
    // an account in no campaign: this office's coordinator takes a call, hands it to the field team, the customer files a PQR here
    const account = (await debtor(w, '300020', [{ due: '2026-01-20', total: 60_000 }], { phone: '3106000020' })).accountId;
    const here = await w.ok(
      'collections.recordContact',
      { idempotencyKey: key(), accountId: account, channel: 'llamada', direction: 'entrante', outcome: 'reclamo', notes: 'Reclama por la lectura de enero.' },
      w.coordinator,
    );
    await w.ok('collections.handToField', { accountId: account, purpose: 'verificar_predio', reason: 'Revisar el medidor', contactId: here.contact.id }, w.coordinator);
    const pqr = await filePqr(w, w.coordinator, { type: 'reclamo', channel: 'telefono', accountId: account, subject: 'Lectura de enero', text: 'Reclama por la lectura de enero.' });

    // the other office works the same account (the company's) but sees none of this office's records on it
    const desk = await w.ok('collections.desk', { accountId: account }, other);
    expect([desk.accountNumber, desk.pqrs, desk.contacts, desk.handoffs, desk.commitments]).toEqual(['300020', [], [], [], []]);
    expect(await w.ok('collections.ofAccount', { accountId: account }, cashier)).toEqual({ contacts: [], commitments: [], handoffs: [] });
    // nor links a contact of its own to this office's PQR: it does not exist for it, and nothing is written
    const theirs = await w.ok(
      'collections.recordContact',
      { idempotencyKey: key(), accountId: account, channel: 'llamada', direction: 'entrante', outcome: 'reclamo', notes: 'Llama otra vez.' },
      other,
    );
    const before = await collectionCounts(w);
    expect(refusal(await w.call('collections.linkPqr', { contactId: theirs.contact.id, pqrId: pqr.pqr.id }, other))).toEqual({ code: 'NOT_FOUND', message: 'La PQR no existe' });
    expect(await collectionCounts(w)).toEqual(before);
    expect((await w.ok('collections.desk', { accountId: account }, other)).contacts.map((c) => c.id)).toEqual([theirs.contact.id]);

    // an administrator (of the other office) works for the whole company: sees both offices' records and links this office's contact
    const all = await w.ok('collections.desk', { accountId: account }, admin);
    expect(all.pqrs.map((p) => p.radicado)).toEqual([pqr.pqr.radicado]);
    expect(all.contacts.map((c) => c.id).sort((a, b) => a - b)).toEqual([here.contact.id, theirs.contact.id]);
    expect(all.handoffs).toHaveLength(1);
    const linked = await w.ok('collections.linkPqr', { contactId: here.contact.id, pqrId: pqr.pqr.id }, admin);
    expect(linked.pqrRadicado).toBe(pqr.pqr.radicado);
  });
});
