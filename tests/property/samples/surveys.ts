/** one valid input per handler of this area (see ../handler-samples.ts): surveys.* (encuestas de satisfacción) */
import type { HandlerSamples } from '../handler-samples';

const MISSING = 999;

export const surveysSamples: HandlerSamples = {
  'surveys.list': {},
  'surveys.get': { surveyId: MISSING },
  'surveys.create': { name: 'Satisfacción después de la PQR', use: 'pqr_cerrada', questions: [{ kind: 'escala', text: '¿Qué tan satisfecho quedó con la respuesta?', options: [], indicator: 'csat' }] },
  'surveys.planSample': { marginBp: 500, confidence: 95 },
  'surveys.drawSample': { surveyId: MISSING, marginBp: 500, confidence: 95 },
  'surveys.answer': { surveyId: MISSING, channel: 'telefono', answers: [{ questionId: MISSING, score: 9 }] },
  'surveys.report': { surveyId: MISSING },
  'surveys.sample': { surveyId: MISSING },
  'surveys.getSettings': {},
  'surveys.saveSettings': { reminderDays: 7 },
  'surveys.sendReminders': { surveyId: MISSING },
  'surveys.reportPdf': { surveyId: MISSING },
};
