/**
 * Outgoing e-mail through a real SMTP server (Postfix on loopback with STARTTLS and AUTH, set up by
 * .ci/smtp-setup.sh): the message read back from the server's maildir — subject, body, the
 * attachment's bytes equal to the PDF logged —, the Ley 1581 refusals that write and send nothing,
 * and a wrong password said in Spanish in the log and sent once the password is fixed (by "Reintentar"
 * and by the scheduler's queue).
 *
 * Without VENTANILLA_TEST_SMTP this file is skipped with the reason, except in CI (CI set), where it
 * fails: .ci/run starts the server and exports the variables.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt } from '../../shared/contract';
import { sendDue } from '../../electron/core/modules/mail/queue';
import { sendCollectionReminder } from '../../electron/core/modules/mail/collections';
import { recordContact } from '../../electron/core/modules/collections/contacts';
import type { Person } from '../../electron/core/modules/collections/scope';
import { sendSurveyReminders } from '../../electron/core/modules/surveys/reminders';
import { SYSTEM_ACTOR } from '../../electron/core/db/audit';
import { zonedInstant } from '../../shared/contactRules';
import { debtor } from '../helpers/collections';
import type { AppError } from '../../electron/core/errors';
import type { Result } from '../../shared/result';
import { COMPANY, createInitializedBackOffice, loginAs } from '../helpers/backoffice';
import { accountWithInvoices, createCoordinator, openCashierDesk, payCash, type CashierDesk } from '../helpers/cashier';
import { mailsTo, SMTP_SKIP_REASON, TEST_SMTP, waitForMail, type TestSmtp } from '../helpers/mail';
import { pdfTextFlat } from '../helpers/pdf';
import { answerAndApprove, filePqr } from '../helpers/pqr';
import { expectRefusal } from '../helpers/refusal';

if (!TEST_SMTP && !process.env.CI) console.warn(`mail-smtp: se omite: ${SMTP_SKIP_REASON}`);

describe.skipIf(!TEST_SMTP && !process.env.CI)('outgoing e-mail through a real SMTP server', () => {
  let t: Awaited<ReturnType<typeof createInitializedBackOffice>>;
  let smtp: TestSmtp;
  let desk: CashierDesk;
  let coordinator: string;
  let accountId: number;
  let accountNumber: string;
  let receipt: Receipt;
  let certificate: { id: number; label: string; verificationCode: string };
  // one address per run: the maildir keeps the messages of earlier runs
  const run = crypto.randomBytes(4).toString('hex');
  const customer = `titular-${run}@cliente.test`;
  const collectionsOnly = `cobro-${run}@cliente.test`;
  const surveysOk = `encuestas-${run}@cliente.test`;
  let surveyId: number;

  const settings = () => ({
    host: smtp.host,
    port: smtp.port,
    security: 'starttls' as const,
    username: smtp.username,
    password: smtp.password,
    fromAddress: 'oficina@acueducto.test',
    fromName: COMPANY.name,
    caPem: smtp.caPem,
  });
  const messageCount = async () => Number((await t.app.db('mail_messages').count<{ n: number }[]>({ n: '*' }))[0].n);

  beforeAll(async () => {
    if (!TEST_SMTP) throw new Error(`CI sin servidor de correo: ${SMTP_SKIP_REASON}`);
    smtp = TEST_SMTP;
    t = await createInitializedBackOffice();
    coordinator = (await createCoordinator(t)).token;
    desk = await openCashierDesk(t);
    accountNumber = `7${parseInt(run, 16) % 1_000_000}`.padEnd(7, '0');
    ({ accountId } = await accountWithInvoices(t, accountNumber, [30_000], { holderName: 'MORALES PEÑA ROSA ELENA' }));
    receipt = await payCash(t, desk.token, accountId, 30_000);
    const issued = await t.ok('pazYSalvo.issue', { accountId }, desk.token);
    certificate = issued.certificate;
    const on = '2026-11-02';
    await t.ok(
      'collections.saveContactPoint',
      { accountId, kind: 'correo', value: customer, relation: 'titular', source: 'escrito', authorisation: { on, via: 'escrito', purposes: ['informacion_servicio', 'notificaciones'], channels: ['correo'] } },
      coordinator,
    );
    await t.ok(
      'collections.saveContactPoint',
      { accountId, kind: 'correo', value: collectionsOnly, relation: 'titular', source: 'escrito', authorisation: { on, via: 'escrito', purposes: ['cobranza'], channels: ['correo'] } },
      coordinator,
    );
    await t.ok('mail.saveSettings', settings(), t.adminToken);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('keeps the password sealed: never in the database, the audit or the settings screen', async () => {
    const view = await t.ok('mail.getSettings', {}, t.adminToken);
    expect(view).toMatchObject({ configured: true, host: smtp.host, port: smtp.port, security: 'starttls', username: smtp.username, hasPassword: true, passwordProblem: '' });
    expect(JSON.stringify(view)).not.toContain(smtp.password);
    const row: { password_sealed: string } = await t.app.db('mail_settings').first('password_sealed');
    expect(row.password_sealed).not.toContain(smtp.password);
    expect(row.password_sealed).not.toContain(Buffer.from(smtp.password).toString('base64'));
    expect(Object.keys(JSON.parse(row.password_sealed) as object)).toEqual(['archivo']);
    const audits: { after_json: string }[] = await t.app.db('audit_log').where({ action: 'mail.settings' }).select('after_json');
    expect(audits).toHaveLength(1);
    expect(audits[0].after_json).not.toContain(smtp.password);
  });

  it('sends the test message from the settings screen and logs the server answer', async () => {
    const to = `admin-${run}@empresa.test`;
    const sent = await t.ok('mail.sendTest', { to }, t.adminToken);
    expect(sent).toMatchObject({ to, purpose: 'prueba', state: 'enviado', attempts: 1, lastError: '' });
    expect(sent.serverResponse).toMatch(/^250 /);
    const mail = await waitForMail(smtp, to, `Mensaje de prueba de Ventanilla — ${COMPANY.name}`);
    expect(mail.text).toContain('Si lo recibió, el servidor de correo está bien configurado.');
    expect(mail.attachments).toHaveLength(0);
  });

  it('sends the paz y salvo to an authorised address: subject, body and the PDF bytes as logged', async () => {
    const sent = await t.ok('mail.sendPazYSalvo', { certificateId: certificate.id, to: customer }, desk.token);
    expect(sent).toMatchObject({ to: customer, purpose: 'paz_y_salvo', state: 'enviado', documentLabel: certificate.label, accountNumber, createdBy: 'Usuario cajero' });
    expect(sent.tries).toHaveLength(1);
    expect(sent.tries[0]).toMatchObject({ ok: true, error: '' });
    expect(sent.sentAt).not.toBeNull();

    const mail = await waitForMail(smtp, customer, `Paz y salvo ${certificate.label} de la cuenta ${accountNumber}`);
    expect(mail.headers.from).toContain('oficina@acueducto.test');
    expect(mail.text).toContain('Señor(a) MORALES PEÑA ROSA ELENA:');
    expect(mail.text).toContain(`Código de verificación: ${certificate.verificationCode}.`);
    expect(mail.attachments).toHaveLength(1);
    const [pdf] = mail.attachments;
    expect(pdf.fileName).toBe(`paz-y-salvo-${certificate.label}.pdf`);
    expect(pdf.contentType).toMatch(/^application\/pdf/);
    const logged: { attachment_base64: string; attachment_sha256: string } = await t.app.db('mail_messages').where({ id: sent.id }).first('attachment_base64', 'attachment_sha256');
    expect(pdf.content.equals(Buffer.from(logged.attachment_base64, 'base64'))).toBe(true);
    expect(crypto.createHash('sha256').update(pdf.content).digest('hex')).toBe(logged.attachment_sha256);
    const text = pdfTextFlat(pdf.content).replace(/\s+/g, ' ');
    expect(text).toContain(certificate.label);
    expect(text).toContain('MORALES PEÑA ROSA ELENA');
  });

  it('sends the receipt as a COPIA, counted like every copy', async () => {
    const sent = await t.ok('mail.sendReceipt', { paymentId: receipt.paymentId, to: customer }, desk.token);
    expect(sent).toMatchObject({ purpose: 'recibo', state: 'enviado', documentLabel: receipt.receiptLabel });
    const mail = await waitForMail(smtp, customer, `Recibo de pago ${receipt.receiptLabel} de la cuenta ${accountNumber}`);
    expect(mail.attachments.map((a) => a.fileName)).toEqual([`recibo-${receipt.receiptLabel}-copia.pdf`]);
    const text = pdfTextFlat(mail.attachments[0].content);
    expect(text).toContain('COPIA');
    expect(text).toContain(receipt.receiptLabel);
    const payment: { copies_printed: number | string } = await t.app.db('payments').where({ id: receipt.paymentId }).first('copies_printed');
    expect(Number(payment.copies_printed)).toBe(1);
  });

  it('refuses an address without the holder authorisation for the purpose (Ley 1581), writing and sending nothing', async () => {
    const before = await messageCount();
    await expectRefusal(
      t.call('mail.sendPazYSalvo', { certificateId: certificate.id, to: collectionsOnly }, desk.token),
      'RULE',
      `La cuenta ${accountNumber} no tiene autorización del titular para enviar información del servicio a ${collectionsOnly} (Ley 1581 de 2012): ` +
        'El titular no autorizó el correo para información del servicio (autorizó: cobranza). Registre la autorización en los datos de contacto de la cuenta.',
    );
    const stranger = `otro-${run}@cliente.test`;
    await expectRefusal(
      t.call('mail.sendReceipt', { paymentId: receipt.paymentId, to: stranger }, desk.token),
      'RULE',
      `El correo ${stranger} no está registrado en la cuenta ${accountNumber}: solo se envía a los correos de la cuenta con autorización del titular para información del servicio (Ley 1581 de 2012).`,
    );
    expect(await messageCount()).toBe(before);
    await new Promise((r) => setTimeout(r, 500));
    expect(mailsTo(smtp, collectionsOnly)).toHaveLength(0);
    expect(mailsTo(smtp, stranger)).toHaveLength(0);
  });

  it('sends the recorded electronic notification of a PQR to its address and records the sending in the PQR history', async () => {
    const petitioner = `peticionario-${run}@cliente.test`;
    const { pqr: filed } = await filePqr(t, coordinator, { type: 'reclamo', petitioner: { email: petitioner, acceptsElectronicNotification: true } });
    const approved = await answerAndApprove(t, filed.id, 'accede', { clerk: coordinator, coordinator });
    const today = approved.pqr.answer!.answerDate!;
    const { pqr: sentStep } = await t.ok('pqr.notify', { pqrId: filed.id, step: 'electronica', date: today }, coordinator);
    const notification = sentStep.notifications.find((n) => n.step === 'electronica')!;

    const before = await messageCount();
    await expectRefusal(
      t.call('mail.sendPqrNotification', { notificationId: notification.id, to: customer }, coordinator),
      'RULE',
      `La notificación electrónica se registró para ${petitioner}: el correo va a esa dirección (Ley 1437, art. 56).`,
    );
    expect(await messageCount()).toBe(before);

    const sent = await t.ok('mail.sendPqrNotification', { notificationId: notification.id, to: petitioner }, coordinator);
    expect(sent).toMatchObject({ purpose: 'pqr', state: 'enviado', documentLabel: filed.radicado, to: petitioner });
    const mail = await waitForMail(smtp, petitioner, `Notificación electrónica de la decisión sobre su PQR ${filed.radicado}`);
    expect(mail.text).toContain('La notificación se surte cuando usted accede a este mensaje y a su anexo.');
    expect(mail.attachments.map((a) => a.fileName)).toEqual([`notificacion-electronica-${filed.radicado}.pdf`]);
    expect(pdfTextFlat(mail.attachments[0].content).replace(/\s+/g, ' ')).toContain(filed.radicado);
    // the sending is in the PQR's history; the notification itself stays pending until the certified access
    const pqr = await t.ok('pqr.get', { pqrId: filed.id }, coordinator);
    expect(pqr.history.at(-1)).toMatchObject({ action: 'notificacion_enviada' });
    expect(pqr.history.at(-1)?.text).toMatch(new RegExp(`^Correo de la notificación electrónica entregado al servidor de correo para ${petitioner.replace(/[.]/g, '\\.')} \\(respuesta: 250 `));
    expect(pqr.notifiedDate).toBeNull();
  });

  it('invites to a survey only an address authorised for surveys, with the questions in the message', async () => {
    const survey = await t.ok(
      'surveys.create',
      { name: 'Satisfacción con la atención', use: 'campana', questions: [{ kind: 'escala', text: '¿Qué tan satisfecho está con el servicio?', indicator: 'nsu' }, { kind: 'si_no', text: '¿Le resolvimos lo que necesitaba?', indicator: 'csat' }] },
      t.adminToken,
    );
    const before = await messageCount();
    await expectRefusal(
      t.call('mail.sendSurveyInvitation', { surveyId: survey.id, accountId, to: customer }, coordinator),
      'RULE',
      `La cuenta ${accountNumber} no tiene autorización del titular para enviar encuestas a ${customer} (Ley 1581 de 2012): ` +
        'El titular no autorizó el correo para encuestas (autorizó: información del servicio, notificaciones). Registre la autorización en los datos de contacto de la cuenta.',
    );
    expect(await messageCount()).toBe(before);
    surveyId = survey.id;
    await t.ok(
      'collections.saveContactPoint',
      { accountId, kind: 'correo', value: surveysOk, relation: 'titular', source: 'escrito', authorisation: { on: '2026-11-02', via: 'escrito', purposes: ['encuestas'], channels: ['correo'] } },
      coordinator,
    );
    const sent = await t.ok('mail.sendSurveyInvitation', { surveyId: survey.id, accountId, to: surveysOk }, coordinator);
    expect(sent).toMatchObject({ purpose: 'encuesta', state: 'enviado', documentLabel: 'Satisfacción con la atención' });
    const mail = await waitForMail(smtp, surveysOk, `Encuesta de ${COMPANY.name}: Satisfacción con la atención`);
    expect(mail.text).toContain('1. ¿Qué tan satisfecho está con el servicio? (de 0 a 10)\n2. ¿Le resolvimos lo que necesitaba? (sí o no)');
    expect(mail.attachments).toHaveLength(0);
  });

  it('reminds an unanswered e-mailed invitation once after the setting\'s days, never twice, only while the address stays authorised', async () => {
    const invalid = await expectRefusal(t.call('surveys.saveSettings', { reminderDays: 0 }, t.adminToken), 'VALIDATION', 'Datos inválidos en «reminderDays»: Al menos 1 día');
    expect(invalid.fields?.reminderDays).toBe('Al menos 1 día');
    expect(await t.ok('surveys.saveSettings', { reminderDays: 3 }, t.adminToken)).toEqual({ reminderDays: 3 });
    const subject = `Recordatorio: Encuesta de ${COMPANY.name}: Satisfacción con la atención`;
    // today: the invitation is not 3 days old yet
    expect(await t.ok('surveys.sendReminders', { surveyId }, coordinator)).toEqual({ queued: 0, sent: 0, withoutConsent: 0 });
    const later = new Date(Date.now() + 3 * 86_400_000 + 60_000);
    expect(await sendSurveyReminders(t.app, SYSTEM_ACTOR, null, null, later)).toEqual({ queued: 1, sent: 1, withoutConsent: 0 });
    const mail = await waitForMail(smtp, surveysOk, subject);
    expect(mail.text).toContain('Este es el único recordatorio que le enviaremos.');
    expect(mail.text).toContain('1. ¿Qué tan satisfecho está con el servicio? (de 0 a 10)');
    // a second run, and a run days after: nothing more
    expect(await sendSurveyReminders(t.app, SYSTEM_ACTOR, null, null, later)).toEqual({ queued: 0, sent: 0, withoutConsent: 0 });
    expect(await sendSurveyReminders(t.app, SYSTEM_ACTOR, surveyId, null, new Date(later.getTime() + 10 * 86_400_000))).toEqual({ queued: 0, sent: 0, withoutConsent: 0 });
    await new Promise((r) => setTimeout(r, 500));
    expect(mailsTo(smtp, surveysOk).filter((m) => m.subject === subject)).toHaveLength(1);
    const sample = await t.ok('surveys.sample', { surveyId }, t.adminToken);
    expect(sample).toEqual([]); // no sample drawn: the invitation went to an account outside any sample

    // a second survey invited to the same address, whose holder then withdraws the authorisation: no reminder
    const other = await t.ok('surveys.create', { name: 'Encuesta de seguimiento', use: 'campana', questions: [{ kind: 'escala', text: '¿Cómo califica la atención?', indicator: 'nsu' }] }, t.adminToken);
    await t.ok('mail.sendSurveyInvitation', { surveyId: other.id, accountId, to: surveysOk }, coordinator);
    await t.ok('collections.saveContactPoint', { accountId, kind: 'correo', value: surveysOk, relation: 'titular', source: 'escrito', active: true }, coordinator);
    const before = await messageCount();
    expect(await sendSurveyReminders(t.app, SYSTEM_ACTOR, other.id, null, later)).toEqual({ queued: 0, sent: 0, withoutConsent: 1 });
    expect(await messageCount()).toBe(before);
  });

  describe('the gestor\'s payment reminder by e-mail, within the contact rules (Ley 2300 de 2023)', () => {
    let debtorId: number;
    let gestorPerson: Person;
    const collectionsMail = `pagos-${run}@cliente.test`;
    const LAW = ' (Ley 2300 de 2023 («dejen de fregar»), art. 3)';
    // Tuesday 10 November 2026 (no holiday in Colombia; Monday 16 November is one, Independencia de Cartagena moved)
    const bogota = (local: string) => new Date(zonedInstant(local.slice(0, 10), local.slice(11, 16), 'America/Bogota'));
    /** a service called directly (to fix the instant the rules judge) answers as the handler would */
    const asResult = <T,>(p: Promise<T>): Promise<Result<T>> => p.then((data) => ({ ok: true as const, data }), (e: AppError) => ({ ok: false as const, error: { code: e.code, message: e.message, fields: e.fields } }));
    const phoneId = async () => Number((await t.app.db('collection_contact_points').where({ account_id: debtorId, kind: 'telefono' }).first('id')).id);
    const contactsOf = async () => Number((await t.app.db('collection_contacts').where({ account_id: debtorId }).count<{ n: number }[]>({ n: '*' }))[0].n);

    beforeAll(async () => {
      debtorId = (await debtor(t, `8${parseInt(run, 16) % 1_000_000}`.padEnd(7, '0'), [{ due: '2026-10-20', total: 85_400 }], { holderName: 'CASTRO DÍAZ LUIS' })).accountId;
      const on = '2026-11-02';
      await t.ok('collections.saveContactPoint', { accountId: debtorId, kind: 'correo', value: collectionsMail, relation: 'titular', source: 'escrito', authorisation: { on, via: 'escrito', purposes: ['cobranza'], channels: ['correo'] } }, coordinator);
      await t.ok('collections.saveContactPoint', { accountId: debtorId, kind: 'correo', value: customer, relation: 'titular', source: 'escrito', authorisation: { on, via: 'escrito', purposes: ['informacion_servicio'], channels: ['correo'] } }, coordinator);
      await t.ok('collections.saveContactPoint', { accountId: debtorId, kind: 'telefono', value: '3107770001', relation: 'titular', source: 'escrito', authorisation: { on, via: 'escrito', purposes: ['cobranza'], channels: ['llamada'] } }, coordinator);
      const user: { id: number; full_name: string; office_id: number; username: string } = await t.app.db('users').where({ role: 'coordinador' }).first('id', 'full_name', 'office_id', 'username');
      gestorPerson = { actor: { userId: Number(user.id), name: user.username, officeId: Number(user.office_id) }, userId: Number(user.id), fullName: user.full_name, role: 'coordinador', officeId: Number(user.office_id) };
    });

    it('refuses, in Spanish and writing nothing, an address not authorised for collections, a Sunday, the night, a holiday, and a second contact after a direct one', async () => {
      const messages = await messageCount();
      const contacts = await contactsOf();
      const refusals: [string, string, string][] = [
        [
          customer,
          '2026-11-10 10:00',
          `La cuenta ${(await t.app.db('accounts').where({ id: debtorId }).first('number')).number} no tiene autorización del titular para enviar cobranza a ${customer} (Ley 1581 de 2012): El titular no autorizó el correo para cobranza (autorizó: información del servicio). Registre la autorización en los datos de contacto de la cuenta.`,
        ],
        [collectionsMail, '2026-11-08 10:00', `No se envía el correo de cobro: Los domingos no se contacta a los deudores. Se puede contactar de lunes a viernes de 7:00 a 19:00 y los sábados de 8:00 a 15:00, nunca en festivos${LAW}.`],
        [collectionsMail, '2026-11-10 19:01', `No se envía el correo de cobro: Fuera del horario de contacto: el martes se puede contactar de 7:00 a 19:00 y la hora es 19:01${LAW}.`],
        [collectionsMail, '2026-11-16 10:00', `No se envía el correo de cobro: El 16/11/2026 es festivo (Independencia de Cartagena): ese día no se contacta a los deudores${LAW}.`],
      ];
      for (const [to, when, message] of refusals) await expectRefusal(asResult(sendCollectionReminder(t.app, gestorPerson, { accountId: debtorId, to }, bogota(when))), 'RULE', message);
      // a direct call at 9:00: no other contact that day, and no other channel that week
      await recordContact(t.app.db, gestorPerson, { idempotencyKey: `llamada-${run}`, accountId: debtorId, channel: 'llamada', direction: 'saliente', contactPointId: await phoneId(), outcome: 'contacto_efectivo', notes: 'Dice que paga el viernes' }, bogota('2026-11-10 09:00'));
      await expectRefusal(
        asResult(sendCollectionReminder(t.app, gestorPerson, { accountId: debtorId, to: collectionsMail }, bogota('2026-11-10 10:00'))),
        'RULE',
        `No se envía el correo de cobro: Hoy ya hubo un contacto directo con el deudor (a las 9:00, por llamada): se permite un contacto directo al día${LAW}.`,
      );
      await expectRefusal(
        asResult(sendCollectionReminder(t.app, gestorPerson, { accountId: debtorId, to: collectionsMail }, bogota('2026-11-12 10:00'))),
        'RULE',
        `No se envía el correo de cobro: El 10/11/2026 hubo un contacto directo por llamada: en la misma semana no se usan otros canales (esta vez, correo electrónico)${LAW}.`,
      );
      expect(await messageCount()).toBe(messages);
      expect(await contactsOf()).toBe(contacts + 1); // the call only
      await new Promise((r) => setTimeout(r, 300));
      expect(mailsTo(smtp, collectionsMail)).toHaveLength(0);
      expect(mailsTo(smtp, customer).filter((m) => m.subject.startsWith('Recordatorio de pago'))).toHaveLength(0);
    });

    it('sends within the rules to the address authorised for collections, and records it as a contact of the account', async () => {
      // Tuesday 17 November, 10:00: a new week, no contact that day
      const sent = await sendCollectionReminder(t.app, gestorPerson, { accountId: debtorId, to: collectionsMail }, bogota('2026-11-17 10:00'));
      expect(sent).toMatchObject({ to: collectionsMail, purpose: 'cobranza', state: 'enviado', accountId: debtorId });
      const number = String((await t.app.db('accounts').where({ id: debtorId }).first('number')).number);
      const mail = await waitForMail(smtp, collectionsMail, `Recordatorio de pago de la cuenta ${number}`);
      // 85.400 due 20 October 2026
      expect(mail.text).toContain(`Señor(a) CASTRO DÍAZ LUIS:\n\nLe recordamos que la cuenta ${number} tiene un saldo vencido de $ 85.400, vencida desde el 20/10/2026.`);
      const contact: { channel: string; direction: string; outcome: string; effective: unknown; address: string; at: string; business_date: string } = await t.app.db('collection_contacts').where({ id: sent.contactId }).first();
      expect(contact).toMatchObject({ channel: 'correo', direction: 'saliente', outcome: 'correo_enviado', address: collectionsMail, business_date: '2026-11-17', at: bogota('2026-11-17 10:00').toISOString() });
      expect(Boolean(contact.effective)).toBe(false);
      const audit = await t.app.db('audit_log').where({ action: 'collections.contact.record', entity_id: String(sent.contactId) }).first('after_json');
      expect(JSON.parse(audit.after_json as string)).toMatchObject({ channel: 'correo', outcome: 'correo_enviado', mailMessageId: sent.id });
    });

    it('answers a gestor who does not work the account as if it did not exist, writing nothing', async () => {
      const gestor = await loginAs(t, 'gestor');
      const before = await messageCount();
      await expectRefusal(t.call('mail.sendCollectionReminder', { accountId: debtorId, to: collectionsMail }, gestor), 'NOT_FOUND', 'Esa cuenta no está en sus campañas.');
      expect(await messageCount()).toBe(before);
    });
  });

  it('says a wrong password in Spanish in the log, and sends after the password is fixed (Reintentar and the queue)', async () => {
    await t.ok('mail.saveSettings', { ...settings(), password: 'clave-errada' }, t.adminToken);
    const first = await t.ok('mail.sendPazYSalvo', { certificateId: certificate.id, to: customer }, desk.token);
    const second = await t.ok('mail.sendReceipt', { paymentId: receipt.paymentId, to: customer }, desk.token);
    for (const failed of [first, second]) {
      expect(failed).toMatchObject({ state: 'pendiente', attempts: 1, sentAt: null });
      expect(failed.lastError).toMatch(/^El servidor de correo rechazó el usuario o la clave \(respuesta 535\): revise el usuario y la clave en Administración › Correo\. Próximo intento: .* \(en 1 min\)\.$/);
      expect(failed.tries).toHaveLength(1);
      expect(failed.tries[0].ok).toBe(false);
      expect(failed.tries[0].serverResponse).toMatch(/535/);
    }
    // nothing is due yet: the queue leaves them for their next attempt
    expect(await sendDue(t.app, new Date())).toEqual({ sent: 0, failed: 0 });

    await t.ok('mail.saveSettings', settings(), t.adminToken);
    const retried = await t.ok('mail.retry', { mailMessageId: first.id }, desk.token);
    expect(retried).toMatchObject({ state: 'enviado', attempts: 2, lastError: '' });
    expect(retried.tries.map((x) => x.ok)).toEqual([false, true]);
    // the scheduler's look two minutes later sends the other one
    expect(await sendDue(t.app, new Date(Date.now() + 2 * 60_000))).toEqual({ sent: 1, failed: 0 });
    const [queued] = await t.ok('mail.log', { accountId, limit: 1 }, desk.token);
    expect(queued).toMatchObject({ id: second.id, state: 'enviado', attempts: 2 });

    const subject = `Paz y salvo ${certificate.label} de la cuenta ${accountNumber}`;
    const deadline = Date.now() + 10_000;
    while (mailsTo(smtp, customer).filter((m) => m.subject === subject).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // the first sending (earlier test) and this one: never the failed try
    expect(mailsTo(smtp, customer).filter((m) => m.subject === subject)).toHaveLength(2);
  });
});
