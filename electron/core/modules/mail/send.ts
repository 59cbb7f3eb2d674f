/**
 * Sending a paper to a customer: who may receive it (Ley 1581 de 2012: only an e-mail whose holder
 * authorised that purpose; a PQR notification only to the petitioner who accepted electronic
 * notification, Ley 1437 art. 56, at the address of the recorded sending), the message with the same
 * PDF the office prints, queued and tried at once (queue.ts).
 *
 * Purposes and the authorisation each needs (the account's contact data, collections module):
 *   paz y salvo, recibo → 'informacion_servicio'; encuesta → 'encuestas'; pqr → 'notificaciones';
 *   cobranza → 'cobranza' (and the contact rules: collections.ts).
 */
import type { Knex } from 'knex';
import type { MailMessage, MailPurpose, MailRecipient, Purpose } from '../../../../shared/contract';
import { formatDate } from '../../../../shared/dates';
import type { BackOffice, HandlerContext } from '../../context';
import type { Actor } from '../../db/audit';
import { AppError, notFound, rule } from '../../errors';
import { callerScope, inScope, type OfficeScope } from '../../officeScope';
import { businessToday } from '../accounts/service';
import { receiptPdfFile, buildReceipt } from '../cashier/receipts';
import { contactPoints } from '../collections/queries';
import { getPolicy } from '../collections/settings';
import { notificationFile } from '../pqr/notifications';
import { getPqrDetail } from '../pqr/queries';
import { addEvent } from '../pqr/service';
import { getPazYSalvo, pazYSalvoFile } from '../pazysalvo/service';
import { getCompany } from '../setup/service';
import { getSurvey } from '../surveys/service';
import { attempt, enqueue, getMessage, onSent, type NewMessage } from './queue';
import { smtpSettings } from './settings';

export const CONSENT_PURPOSE: Record<Exclude<MailPurpose, 'prueba'>, Purpose> = {
  paz_y_salvo: 'informacion_servicio',
  recibo: 'informacion_servicio',
  encuesta: 'encuestas',
  pqr: 'notificaciones',
  cobranza: 'cobranza',
};
const PURPOSE_WORDS: Record<Purpose, string> = {
  informacion_servicio: 'información del servicio',
  encuestas: 'encuestas',
  notificaciones: 'notificaciones',
  cobranza: 'cobranza',
};

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** the account's e-mails and whether each may receive `purpose` */
export async function recipientsOf(db: Knex, accountId: number, purpose: MailPurpose): Promise<MailRecipient[]> {
  const points = (await contactPoints(db, accountId, await getPolicy(db))).filter((p) => p.kind === 'correo');
  const needed = purpose === 'prueba' ? null : CONSENT_PURPOSE[purpose];
  return points.map((p) => {
    let reason = p.status;
    let allowed = true;
    if (!p.active) allowed = false;
    else if (!p.authorised) allowed = false;
    else if (needed && (!p.purposes.includes(needed) || !p.channels.includes('correo'))) {
      allowed = false;
      reason = `El titular no autorizó el correo para ${PURPOSE_WORDS[needed]} (autorizó: ${p.purposes.map((x) => PURPOSE_WORDS[x]).join(', ') || 'nada'}).`;
    }
    return { address: p.value, holderName: p.holderName, allowed, reason };
  });
}

/** refuses (RULE, nothing written) unless `to` is an e-mail of the account authorised for the purpose */
export async function requireConsent(db: Knex, accountId: number, accountNumber: string, purpose: Exclude<MailPurpose, 'prueba'>, to: string): Promise<void> {
  const recipient = (await recipientsOf(db, accountId, purpose)).find((r) => same(r.address, to));
  const words = PURPOSE_WORDS[CONSENT_PURPOSE[purpose]];
  if (!recipient)
    throw rule(`El correo ${to} no está registrado en la cuenta ${accountNumber}: solo se envía a los correos de la cuenta con autorización del titular para ${words} (Ley 1581 de 2012).`);
  if (!recipient.allowed)
    throw rule(`La cuenta ${accountNumber} no tiene autorización del titular para enviar ${words} a ${recipient.address} (Ley 1581 de 2012): ${recipient.reason} Registre la autorización en los datos de contacto de la cuenta.`);
}

export function signature(companyName: string, officeName: string): string {
  return `\n\nCordialmente,\n${companyName}${officeName ? `\n${officeName}` : ''}\n\nEste mensaje se envió a esta dirección con su autorización (Ley 1581 de 2012). Si no desea recibir más correos, responda a este mensaje o acérquese a la oficina.`;
}

/**
 * The paz y salvo certifies an account of the company: like its reprint (pazYSalvo.pdf), any office
 * sends it; the message carries the office that issued it.
 */
async function pazYSalvoMessage(app: BackOffice, certificateId: number, to: string): Promise<NewMessage> {
  const db = app.db;
  const row: { office_id: number } | undefined = await db('paz_y_salvos').where({ id: certificateId }).first('office_id');
  if (!row) throw notFound('El certificado de paz y salvo');
  const c = await getPazYSalvo(db, certificateId);
  await requireConsent(db, c.account.id, c.account.number, 'paz_y_salvo', to);
  await smtpSettings(app);
  const file = await pazYSalvoFile(db, certificateId);
  return {
    officeId: Number(row.office_id),
    accountId: c.account.id,
    to,
    purpose: 'paz_y_salvo',
    documentKind: 'paz_y_salvo',
    documentId: certificateId,
    documentLabel: c.label,
    subject: `Paz y salvo ${c.label} de la cuenta ${c.account.number}`,
    body:
      `Señor(a) ${c.account.holderName}:\n\nAdjuntamos el certificado de paz y salvo No. ${c.label} de la cuenta ${c.account.number}, ` +
      `expedido el ${formatDate(c.businessDate)} y vigente hasta el ${formatDate(c.validUntil)}. Código de verificación: ${c.verificationCode}.` +
      signature(c.company.name, c.office.name),
    attachment: { fileName: file.fileName, content: Buffer.from(file.base64, 'base64') },
  };
}

async function receiptMessage(app: BackOffice, actor: Actor, scope: OfficeScope, paymentId: number, to: string): Promise<NewMessage> {
  const db = app.db;
  const row: { office_id: number } | undefined = await db('payments').where({ id: paymentId }).first('office_id');
  if (!row || !inScope(scope, row.office_id)) throw notFound('El recibo');
  const receipt = await buildReceipt(db, paymentId);
  await requireConsent(db, receipt.account.id, receipt.account.number, 'recibo', to);
  await smtpSettings(app);
  // the paper sent is a copy of the receipt, counted and audited as every copy
  const file = await receiptPdfFile(db, actor, { paymentId, copy: true });
  const voided = receipt.status === 'anulado' ? ' Este recibo fue ANULADO.' : '';
  return {
    officeId: Number(row.office_id),
    accountId: receipt.account.id,
    to,
    purpose: 'recibo',
    documentKind: 'recibo',
    documentId: paymentId,
    documentLabel: receipt.receiptLabel,
    subject: `Recibo de pago ${receipt.receiptLabel} de la cuenta ${receipt.account.number}`,
    body: `Señor(a) ${receipt.account.holderName}:\n\nAdjuntamos la copia del recibo de pago ${receipt.receiptLabel} de la cuenta ${receipt.account.number} (${receipt.postedAtText}).${voided}` + signature(receipt.company.name, receipt.office.name),
    attachment: { fileName: file.fileName, content: Buffer.from(file.base64, 'base64') },
  };
}

async function pqrNotificationMessage(app: BackOffice, scope: OfficeScope, notificationId: number, to: string): Promise<NewMessage> {
  const db = app.db;
  const n: { pqr_id: number; step: string; email: string } | undefined = await db('pqr_notifications').where({ id: notificationId }).first('pqr_id', 'step', 'email');
  const pqrRow: { office_id: number } | undefined = n ? await db('pqrs').where({ id: n.pqr_id }).first('office_id') : undefined;
  if (!n || !pqrRow || !inScope(scope, pqrRow.office_id)) throw notFound('La notificación');
  const pqr = await getPqrDetail(db, Number(n.pqr_id), await businessToday(db));
  if (n.step !== 'electronica') throw rule('Por correo solo se envía la notificación electrónica: registre primero su envío en la PQR (paso «notificación electrónica»).');
  if (!pqr.petitioner.acceptsElectronicNotification) throw rule('El peticionario no aceptó la notificación electrónica (Ley 1437, art. 56): notifique en forma personal o por aviso.');
  if (!same(n.email, to)) throw rule(`La notificación electrónica se registró para ${n.email}: el correo va a esa dirección (Ley 1437, art. 56).`);
  await smtpSettings(app);
  const file = await notificationFile(db, pqr, notificationId);
  const company = await getCompany(db);
  return {
    officeId: Number(pqrRow.office_id),
    accountId: pqr.accountId,
    to: n.email,
    purpose: 'pqr',
    documentKind: 'pqr_notificacion',
    documentId: notificationId,
    documentLabel: pqr.radicado,
    subject: `Notificación electrónica de la decisión sobre su PQR ${pqr.radicado}`,
    body:
      `Señor(a) ${pqr.petitioner.name}:\n\nAdjuntamos la notificación electrónica de la decisión sobre su solicitud radicada con el número ${pqr.radicado}, ` +
      `que usted autorizó recibir por este medio (Ley 1437 de 2011, art. 56). La notificación se surte cuando usted accede a este mensaje y a su anexo.` +
      signature(company.name, `Oficina ${pqr.officeCode}`),
    attachment: { fileName: file.fileName, content: Buffer.from(file.base64, 'base64') },
  };
}

/** the PQR's history records that the server took the notification's e-mail */
onSent('pqr_notificacion', async (trx, m) => {
  const n: { pqr_id: number } | undefined = await trx('pqr_notifications').where({ id: m.documentId }).first('pqr_id');
  if (!n) return;
  await addEvent(
    trx,
    Number(n.pqr_id),
    { userId: null, role: 'administrador', officeId: null, actor: { userId: null, name: 'sistema', officeId: null }, fullName: 'Correo saliente' },
    'notificacion_enviada',
    `Correo de la notificación electrónica entregado al servidor de correo para ${m.to} (respuesta: ${m.response}).`,
    { mailMessageId: m.id },
  );
});

/** queues the message and tries it at once; the log entry as it stands after that try */
export async function queueAndTry(ctx: HandlerContext, message: NewMessage): Promise<MailMessage> {
  const id = await enqueue(ctx.app.db, ctx.actor, message);
  await attempt(ctx.app, id);
  return getMessage(ctx.app.db, callerScope(ctx), id);
}

/*
 * Each send checks, in this order, before writing anything: the record (another office's: "no
 * existe"), the customer's authorisation, the settings (not configured, or a password this computer
 * cannot open); then it makes the paper and queues it.
 */
export async function sendPazYSalvo(ctx: HandlerContext, certificateId: number, to: string): Promise<MailMessage> {
  return queueAndTry(ctx, await pazYSalvoMessage(ctx.app, certificateId, to));
}

export async function sendReceipt(ctx: HandlerContext, paymentId: number, to: string): Promise<MailMessage> {
  return queueAndTry(ctx, await receiptMessage(ctx.app, ctx.actor, callerScope(ctx), paymentId, to));
}

export async function sendPqrNotification(ctx: HandlerContext, notificationId: number, to: string): Promise<MailMessage> {
  return queueAndTry(ctx, await pqrNotificationMessage(ctx.app, callerScope(ctx), notificationId, to));
}

export async function sendSurveyInvitation(ctx: HandlerContext, surveyId: number, accountId: number, to: string): Promise<MailMessage> {
  const db = ctx.app.db;
  const survey = await getSurvey(db, surveyId);
  if (survey.state !== 'activa') throw rule('La encuesta está cerrada: no se invita a responderla.');
  const account: { id: number; number: string; holder_name: string } | undefined = await db('accounts').where({ id: accountId }).first('id', 'number', 'holder_name');
  if (!account) throw notFound('La cuenta');
  await requireConsent(db, account.id, account.number, 'encuesta', to);
  await smtpSettings(ctx.app);
  const company = await getCompany(db);
  const lines = survey.questions.map((q, i) => {
    const how = q.kind === 'escala' ? ' (de 0 a 10)' : q.kind === 'si_no' ? ' (sí o no)' : q.kind === 'opcion' ? ` (${q.options.join(' / ')})` : '';
    return `${i + 1}. ${q.text}${how}`;
  });
  return queueAndTry(ctx, {
    officeId: ctx.session?.user.officeId ?? null,
    accountId: account.id,
    to,
    purpose: 'encuesta',
    documentKind: 'encuesta',
    documentId: survey.id,
    documentLabel: survey.name,
    subject: `Encuesta de ${company.name}: ${survey.name}`,
    body:
      `Señor(a) ${account.holder_name}:\n\nQueremos saber cómo lo atendemos. Le agradecemos responder estas preguntas sobre la cuenta ${account.number}, ` +
      `respondiendo a este correo con el número de cada pregunta y su respuesta:\n\n${lines.join('\n')}\n\nSu respuesta es voluntaria y se usa solo para mejorar el servicio.` +
      signature(company.name, ''),
    attachment: null,
  });
}

/** the administrator's test message: to any address, sent at once, logged */
export async function sendTestMessage(app: BackOffice, actor: Actor, to: string): Promise<MailMessage> {
  const company = await getCompany(app.db).catch(() => {
    throw new AppError('RULE', 'Primero configure la empresa.');
  });
  await smtpSettings(app);
  const id = await enqueue(app.db, actor, {
    officeId: null,
    accountId: null,
    to,
    purpose: 'prueba',
    documentKind: '',
    documentId: null,
    documentLabel: '',
    subject: `Mensaje de prueba de Ventanilla — ${company.name}`,
    body: `Este es un mensaje de prueba del correo saliente de ${company.name}, enviado por ${actor.name} desde Administración › Correo.\n\nSi lo recibió, el servidor de correo está bien configurado.`,
    attachment: null,
  });
  await attempt(app, id);
  return getMessage(app.db, null, id);
}
