/** one valid input per handler of this area (see ../handler-samples.ts): PQR answers, notification, recursos, SSPD, correspondence */
import type { HandlerSamples } from '../handler-samples';

const MISSING = 999;

export const pqrAnswersSamples: HandlerSamples = {
  'pqr.answerTemplates': { pqrId: MISSING },
  'pqr.draftAnswer': { pqrId: MISSING, decision: 'no_accede', decisionText: 'La lectura del medidor fue verificada en visita técnica.' },
  'pqr.answerPreviewPdf': { pqrId: MISSING },
  'pqr.approveAnswer': { pqrId: MISSING },
  'pqr.returnAnswer': { pqrId: MISSING, reason: 'Falta citar la visita técnica' },
  'pqr.answerLetterPdf': { pqrId: MISSING },
  'pqr.recordAnswerSent': { pqrId: MISSING, sentOn: '2026-11-20', means: 'correo_certificado', guide: 'RN123456789CO' },
  'pqr.notify': { pqrId: MISSING, step: 'personal', date: '2026-11-20', personName: 'Ana Lucía Gómez', personIdNumber: '52123456', email: '', guide: '' },
  'pqr.notificationPdf': { notificationId: MISSING },
  'pqr.sendToSspd': { pqrId: MISSING, sentOn: '2026-11-20', note: 'Expediente completo, 12 folios' },
  'pqr.recordSspdDecision': { pqrId: MISSING, outcome: 'confirma', resolutionNumber: 'SSPD-20268000012345', resolutionDate: '2026-12-01', note: 'Notificada por correo' },
  'correspondence.create': {
    kind: 'salida',
    recipientName: 'Alcaldía Municipal de Garagoa',
    recipientAddress: 'Carrera 9 # 9-38, Garagoa',
    subject: 'Informe de cortes programados',
    text: 'Informamos los cortes programados del servicio de acueducto para la próxima semana.',
  },
  'correspondence.list': { kind: 'salida', text: 'alcaldia' },
  'correspondence.get': { correspondenceId: MISSING },
  'correspondence.templates': { kind: 'interna' },
  'correspondence.recordDelivery': { correspondenceId: MISSING, carrier: '4-72', guide: 'RN123456789CO', sentOn: '2026-11-20' },
  'correspondence.letterPdf': { correspondenceId: MISSING },
  'correspondence.annul': { correspondenceId: MISSING, reason: 'Radicado por error' },
};
