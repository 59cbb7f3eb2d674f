/**
 * The contract of issue 19: outgoing e-mail (SMTP settings, sending, the log).
 * The password goes in (saveSettings) and never comes out: getSettings says only whether there is one.
 */
import { z } from 'zod';
import { email, id, requiredText, shortText } from './common';

export const MAIL_SECURITIES = ['starttls', 'tls', 'ninguna'] as const;
export type MailSecurity = (typeof MAIL_SECURITIES)[number];
export const MAIL_SECURITY_LABELS: Record<MailSecurity, string> = {
  starttls: 'STARTTLS (puerto 587)',
  tls: 'TLS directo (puerto 465)',
  ninguna: 'Sin cifrado (solo una red interna)',
};

/** why a message is sent: which Ley 1581 authorisation it needs */
export const MAIL_PURPOSES = ['prueba', 'paz_y_salvo', 'recibo', 'pqr', 'encuesta', 'cobranza'] as const;
export type MailPurpose = (typeof MAIL_PURPOSES)[number];
export const MAIL_PURPOSE_LABELS: Record<MailPurpose, string> = {
  prueba: 'Mensaje de prueba',
  paz_y_salvo: 'Paz y salvo',
  recibo: 'Recibo de pago',
  pqr: 'Notificación de PQR',
  encuesta: 'Invitación a encuesta',
  cobranza: 'Recordatorio de pago (cobranza)',
};

export const MAIL_STATES = ['pendiente', 'enviando', 'enviado', 'fallido'] as const;
export type MailState = (typeof MAIL_STATES)[number];

const requiredEmail = email.refine((v) => v !== '', { message: 'Obligatorio' });

export const mailSchemas = {
  /** the company's SMTP settings, without the password (administrator) */
  'mail.getSettings': z.strictObject({}),
  /** saves them; `password` absent keeps the saved one, '' removes it */
  'mail.saveSettings': z.strictObject({
    host: requiredText(200).regex(/^[A-Za-z0-9.-]+$|^\[?[0-9a-fA-F:.]+\]?$/, { message: 'Servidor inválido (un nombre como smtp.empresa.com.co o una dirección IP)' }),
    port: z.number().int().min(1).max(65535),
    security: z.enum(MAIL_SECURITIES),
    username: shortText(200),
    password: z.string().max(200).optional(),
    fromAddress: requiredEmail,
    fromName: shortText(120),
    caPem: z
      .string()
      .trim()
      .max(20000)
      .refine((v) => v === '' || /-----BEGIN CERTIFICATE-----/.test(v), { message: 'Pegue el certificado en formato PEM (-----BEGIN CERTIFICATE-----)' }),
  }),
  /** a test message to any address, sent at once and logged (administrator) */
  'mail.sendTest': z.strictObject({ to: requiredEmail }),
  /** the account's e-mails and whether each may receive this purpose (Ley 1581 de 2012) */
  'mail.recipients': z.strictObject({ accountId: id, purpose: z.enum(MAIL_PURPOSES) }),
  /** queue a paper for the customer and try to send it at once (the same PDF the office prints) */
  'mail.sendPazYSalvo': z.strictObject({ certificateId: id, to: requiredEmail }),
  'mail.sendReceipt': z.strictObject({ paymentId: id, to: requiredEmail }),
  /** the PQR's recorded electronic notification, to the address it was recorded for */
  'mail.sendPqrNotification': z.strictObject({ notificationId: id, to: requiredEmail }),
  /** the invitation to a satisfaction survey, its questions in the message (answers by reply, recorded by the office) */
  'mail.sendSurveyInvitation': z.strictObject({ surveyId: id, accountId: id, to: requiredEmail }),
  /**
   * the gestor's payment reminder by e-mail: only to an address the holder authorised for collections
   * (Ley 1581 de 2012) and only within the contact rules (Ley 2300 de 2023: days, hours, frequency);
   * recorded as a contact of the account
   */
  'mail.sendCollectionReminder': z.strictObject({ accountId: id, to: requiredEmail }),
  /** the log, newest first */
  'mail.log': z.strictObject({ accountId: id.optional(), state: z.enum(MAIL_STATES).optional(), limit: z.number().int().min(1).max(500).optional() }),
  /** tries a pending or failed message again now (after fixing the settings) */
  'mail.retry': z.strictObject({ mailMessageId: id }),
};

export interface MailSettingsView {
  configured: boolean;
  host: string;
  port: number;
  security: MailSecurity;
  username: string;
  hasPassword: boolean;
  /** Spanish: where the password is kept ("el almacén de claves de Windows del usuario ana") */
  passwordKeptIn: string;
  /** Spanish: the saved password cannot be opened on this computer ('' when it can) */
  passwordProblem: string;
  fromAddress: string;
  fromName: string;
  caPem: string;
  updatedAt: string | null;
}

export interface MailRecipient {
  address: string;
  holderName: string;
  /** may receive this purpose */
  allowed: boolean;
  /** Spanish: the authorisation, or why not */
  reason: string;
}

export interface MailAttempt {
  at: string;
  ok: boolean;
  error: string;
  serverResponse: string;
}

export interface MailMessage {
  id: number;
  officeId: number | null;
  accountId: number | null;
  accountNumber: string;
  to: string;
  purpose: MailPurpose;
  documentKind: string;
  documentId: number | null;
  documentLabel: string;
  subject: string;
  attachmentName: string;
  state: MailState;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string;
  serverResponse: string;
  sentAt: string | null;
  createdBy: string;
  createdAt: string;
  tries: MailAttempt[];
}

export interface MailOutputs {
  'mail.getSettings': MailSettingsView;
  'mail.saveSettings': MailSettingsView;
  'mail.sendTest': MailMessage;
  'mail.recipients': MailRecipient[];
  'mail.sendPazYSalvo': MailMessage;
  'mail.sendReceipt': MailMessage;
  'mail.sendPqrNotification': MailMessage;
  'mail.sendSurveyInvitation': MailMessage;
  'mail.sendCollectionReminder': MailMessage & { contactId: number };
  'mail.log': MailMessage[];
  'mail.retry': MailMessage;
}
