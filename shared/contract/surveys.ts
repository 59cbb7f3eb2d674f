/**
 * The contract of issue 19: satisfaction surveys (NSU, NPS, CSAT). The arithmetic and its sources are
 * in shared/surveyMath.ts.
 */
import { z } from 'zod';
import { id, requiredText, shortText } from './common';
import type { DocumentFile } from './cashier';

export const SURVEY_USES = ['pqr_cerrada', 'atencion_caja', 'campana'] as const;
export type SurveyUse = (typeof SURVEY_USES)[number];
export const SURVEY_USE_LABELS: Record<SurveyUse, string> = {
  pqr_cerrada: 'Después de cerrar una PQR (CSAT)',
  atencion_caja: 'Después de una atención en la ventanilla',
  campana: 'Campaña (NSU semestral, NPS)',
};
export const QUESTION_KINDS = ['escala', 'si_no', 'opcion', 'texto'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const INDICATORS = ['', 'nps', 'nsu', 'csat'] as const;
export type Indicator = (typeof INDICATORS)[number];
export const RESPONSE_CHANNELS = ['telefono', 'ventanilla', 'correo'] as const;
export type ResponseChannel = (typeof RESPONSE_CHANNELS)[number];

const question = z
  .strictObject({
    kind: z.enum(QUESTION_KINDS),
    text: requiredText(300),
    options: z.array(requiredText(120)).max(12).optional().default([]),
    indicator: z.enum(INDICATORS).optional().default(''),
  })
  .refine((q) => q.kind !== 'opcion' || q.options.length >= 2, { message: 'Una pregunta de opción necesita al menos dos opciones', path: ['options'] })
  .refine((q) => q.indicator === '' || (q.indicator === 'csat' ? q.kind === 'escala' || q.kind === 'si_no' : q.kind === 'escala'), {
    message: 'El NPS y el NSU se calculan con una pregunta de 0 a 10; el CSAT con una de 0 a 10 o de sí/no',
    path: ['indicator'],
  });

const answer = z.strictObject({
  questionId: id,
  score: z.number().int().min(0, { message: 'De 0 a 10' }).max(10, { message: 'De 0 a 10' }).optional(),
  yes: z.boolean().optional(),
  choice: shortText(120).optional(),
  text: shortText(2000).optional(),
});

export const surveysSchemas = {
  'surveys.list': z.strictObject({}),
  'surveys.get': z.strictObject({ surveyId: id }),
  /** a new survey with its questions (administrator) */
  'surveys.create': z.strictObject({ name: requiredText(120), use: z.enum(SURVEY_USES), questions: z.array(question).min(1, { message: 'Agregue al menos una pregunta' }).max(30) }),
  /** the sample size for a margin of error over the active accounts, by stratum (no draw) */
  'surveys.planSample': z.strictObject({ marginBp: z.number().int().min(100, { message: 'Mínimo 1 %' }).max(2000, { message: 'Máximo 20 %' }), confidence: z.union([z.literal(90), z.literal(95), z.literal(99)]) }),
  /** draws a campaign's stratified sample (office × use × estrato) once */
  'surveys.drawSample': z.strictObject({ surveyId: id, marginBp: z.number().int().min(100).max(2000), confidence: z.union([z.literal(90), z.literal(95), z.literal(99)]) }),
  /** the answers given by phone, at the counter or by e-mail, recorded by the person who asks */
  'surveys.answer': z.strictObject({ surveyId: id, accountId: id.optional(), pqrId: id.optional(), channel: z.enum(RESPONSE_CHANNELS), answers: z.array(answer).min(1).max(30) }),
  'surveys.report': z.strictObject({ surveyId: id }),
  /** a campaign's sample: who was drawn, who answered, who was invited and reminded by e-mail */
  'surveys.sample': z.strictObject({ surveyId: id }),
  /** the reminder's setting: days after an e-mailed invitation without an answer (administrator) */
  'surveys.getSettings': z.strictObject({}),
  'surveys.saveSettings': z.strictObject({ reminderDays: z.number({ message: 'Escriba un número de días' }).int({ message: 'Un número entero de días' }).min(1, { message: 'Al menos 1 día' }).max(60, { message: 'Hasta 60 días' }) }),
  /** one reminder, never two, to each e-mailed invitation of the survey not answered after the setting's days */
  'surveys.sendReminders': z.strictObject({ surveyId: id }),
  /** the report as a numbered PDF, kept (a coordinator: their office) */
  'surveys.reportPdf': z.strictObject({ surveyId: id }),
};

export interface SurveySettings {
  reminderDays: number;
}

export interface SampleRow {
  accountId: number;
  accountNumber: string;
  holderName: string;
  officeName: string;
  use: string;
  estrato: number | null;
  answeredAt: string | null;
  channel: ResponseChannel | null;
  invitedAt: string | null;
  remindedAt: string | null;
}

export interface ReminderRun {
  /** reminders queued (each tried at once) */
  queued: number;
  sent: number;
  /** invitations due whose address lost its authorisation for surveys: no reminder */
  withoutConsent: number;
}


export interface SurveyQuestion {
  id: number;
  position: number;
  kind: QuestionKind;
  text: string;
  options: string[];
  indicator: Indicator;
}

export interface Survey {
  id: number;
  name: string;
  use: SurveyUse;
  state: 'activa' | 'cerrada';
  questions: SurveyQuestion[];
  sampleSize: number;
  responses: number;
  createdAt: string;
}

export interface StratumPlan {
  officeId: number | null;
  officeName: string;
  use: string;
  estrato: number | null;
  population: number;
  sample: number;
}

export interface SamplePlan {
  population: number;
  sampleSize: number;
  marginBp: number;
  confidence: 90 | 95 | 99;
  strata: StratumPlan[];
}

export interface IndicatorSet {
  responses: number;
  nps: number | null;
  nsu: number | null;
  csat: number | null;
}

export interface SurveyReport extends IndicatorSet {
  surveyId: number;
  sampleSize: number;
  /** % of the sample that answered; null without a sample */
  responseRate: number | null;
  byOffice: (IndicatorSet & { officeId: number; officeName: string })[];
  byEstrato: (IndicatorSet & { estrato: number | null })[];
  /** the draw's margin (basis points) and confidence, and the margin achieved with the answers received (null without a draw) */
  plannedMarginBp: number | null;
  confidence: 90 | 95 | 99 | null;
  achievedMarginBp: number | null;
  population: number | null;
}

export interface SurveysOutputs {
  'surveys.list': Survey[];
  'surveys.get': Survey;
  'surveys.create': Survey;
  'surveys.planSample': SamplePlan;
  'surveys.drawSample': SamplePlan;
  'surveys.answer': { responseId: number };
  'surveys.report': SurveyReport;
  'surveys.sample': SampleRow[];
  'surveys.getSettings': SurveySettings;
  'surveys.saveSettings': SurveySettings;
  'surveys.sendReminders': ReminderRun;
  'surveys.reportPdf': DocumentFile & { number: string };
}
