/** one valid input per handler of this area (see ../handler-samples.ts): mail.* (correo saliente) */
import type { HandlerSamples } from '../handler-samples';

const MISSING = 999;

export const mailSamples: HandlerSamples = {
  'mail.getSettings': {},
  // port 9 on loopback refuses at once: a matrix call that sends never waits on a network
  'mail.saveSettings': { host: '127.0.0.1', port: 9, security: 'starttls', username: 'ventanilla', password: 'muestra', fromAddress: 'oficina@empresa.test', fromName: 'Empresa de muestra', caPem: '' },
  'mail.sendTest': { to: 'prueba@empresa.test' },
  'mail.recipients': { accountId: MISSING, purpose: 'paz_y_salvo' },
  'mail.sendPazYSalvo': { certificateId: MISSING, to: 'cliente@empresa.test' },
  'mail.sendReceipt': { paymentId: MISSING, to: 'cliente@empresa.test' },
  'mail.sendPqrNotification': { notificationId: MISSING, to: 'cliente@empresa.test' },
  'mail.sendSurveyInvitation': { surveyId: MISSING, accountId: MISSING, to: 'cliente@empresa.test' },
  'mail.sendCollectionReminder': { accountId: MISSING, to: 'cliente@empresa.test' },
  'mail.log': {},
  'mail.retry': { mailMessageId: MISSING },
};
