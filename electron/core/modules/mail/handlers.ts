import type { HandlerTable } from '../../context';
import { callerScope } from '../../officeScope';
import { personOf, workerOf } from '../collections/scope';
import { sendCollectionReminder } from './collections';
import { listMessages, retryMessage } from './queue';
import { recipientsOf, sendPazYSalvo, sendPqrNotification, sendReceipt, sendSurveyInvitation, sendTestMessage } from './send';
import { getMailSettings, saveMailSettings } from './settings';

const SENDERS = ['cajero', 'auxiliar', 'coordinador', 'administrador'] as const;

/** The handlers of issue 19: outgoing e-mail (SMTP settings, sending, the log). */
export const mailHandlers: Pick<HandlerTable, 'mail.getSettings' | 'mail.saveSettings' | 'mail.sendTest' | 'mail.recipients' | 'mail.sendPazYSalvo' | 'mail.sendReceipt' | 'mail.sendPqrNotification' | 'mail.sendSurveyInvitation' | 'mail.sendCollectionReminder' | 'mail.log' | 'mail.retry'> = {
  'mail.getSettings': { access: ['administrador'], run: (_input, { app }) => getMailSettings(app) },
  'mail.saveSettings': { access: ['administrador'], run: (input, { app, actor }) => saveMailSettings(app, actor, input) },
  'mail.sendTest': { access: ['administrador'], run: ({ to }, { app, actor }) => sendTestMessage(app, actor, to) },
  /** accounts are the company's: any sender may see which of an account's e-mails may receive a paper */
  'mail.recipients': { access: SENDERS, run: ({ accountId, purpose }, { app }) => recipientsOf(app.db, accountId, purpose) },
  'mail.sendPazYSalvo': { access: SENDERS, run: ({ certificateId, to }, ctx) => sendPazYSalvo(ctx, certificateId, to) },
  'mail.sendReceipt': { access: SENDERS, run: ({ paymentId, to }, ctx) => sendReceipt(ctx, paymentId, to) },
  'mail.sendPqrNotification': { access: ['auxiliar', 'coordinador', 'administrador'], run: ({ notificationId, to }, ctx) => sendPqrNotification(ctx, notificationId, to) },
  /** the campaign's people: the telecobro desk and the coordination */
  'mail.sendSurveyInvitation': { access: ['gestor', 'coordinador', 'administrador'], run: ({ surveyId, accountId, to }, ctx) => sendSurveyInvitation(ctx, surveyId, accountId, to) },
  /** the collections desk: a gestor for the accounts of their campaigns, the coordination for their office's */
  'mail.sendCollectionReminder': { access: ['gestor', 'coordinador', 'administrador'], run: (input, ctx) => sendCollectionReminder(ctx.app, personOf(workerOf(ctx)), input) },
  'mail.log': { access: SENDERS, run: (input, ctx) => listMessages(ctx.app.db, callerScope(ctx), input) },
  'mail.retry': { access: SENDERS, run: ({ mailMessageId }, ctx) => retryMessage(ctx.app, callerScope(ctx), mailMessageId) },
};
