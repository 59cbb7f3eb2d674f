import type { HandlerTable } from '../../context';
import { sessionOf } from '../../context';
import { callerScope } from '../../officeScope';
import { getSurveySettings, saveSurveySettings, sendSurveyReminders } from './reminders';
import { issueSurveyReport } from './reports';
import { answerSurvey, createSurvey, drawSample, getSurvey, listSurveys, planSample, surveyReport, surveySample } from './service';

const EVERYONE = ['cajero', 'auxiliar', 'gestor', 'coordinador', 'administrador'] as const;
const COORDINATION = ['coordinador', 'administrador'] as const;

/** The handlers of issue 19: satisfaction surveys (NSU, NPS, CSAT). */
export const surveysHandlers: Pick<
  HandlerTable,
  | 'surveys.list'
  | 'surveys.get'
  | 'surveys.create'
  | 'surveys.planSample'
  | 'surveys.drawSample'
  | 'surveys.answer'
  | 'surveys.report'
  | 'surveys.sample'
  | 'surveys.getSettings'
  | 'surveys.saveSettings'
  | 'surveys.sendReminders'
  | 'surveys.reportPdf'
> = {
  /** the definitions are the company's: whoever records answers reads them */
  'surveys.list': { access: EVERYONE, run: (_input, { app }) => listSurveys(app.db) },
  'surveys.get': { access: EVERYONE, run: ({ surveyId }, { app }) => getSurvey(app.db, surveyId) },
  'surveys.create': { access: ['administrador'], run: (input, { app, actor }) => createSurvey(app.db, actor, input) },
  'surveys.planSample': { access: ['administrador'], run: ({ marginBp, confidence }, { app }) => planSample(app.db, marginBp, confidence) },
  'surveys.drawSample': { access: ['administrador'], run: (input, { app, actor }) => drawSample(app.db, actor, input) },
  /** recorded for the office of who asks (the telecobro desk, the counter) */
  'surveys.answer': { access: EVERYONE, run: (input, ctx) => answerSurvey(ctx.app.db, ctx.actor, callerScope(ctx), sessionOf(ctx).user.officeId, input) },
  'surveys.report': { access: COORDINATION, run: ({ surveyId }, ctx) => surveyReport(ctx.app.db, callerScope(ctx), surveyId) },
  /** the sample, with who answered and who was invited: a coordinator sees their office's part */
  'surveys.sample': { access: COORDINATION, run: ({ surveyId }, ctx) => surveySample(ctx.app.db, callerScope(ctx), surveyId) },
  'surveys.getSettings': { access: COORDINATION, run: (_input, { app }) => getSurveySettings(app.db) },
  'surveys.saveSettings': { access: ['administrador'], run: (input, { app, actor }) => saveSurveySettings(app.db, actor, input) },
  /** a coordinator reminds their office's invitations; the administrator every office's */
  'surveys.sendReminders': {
    access: COORDINATION,
    run: async ({ surveyId }, ctx) => {
      await getSurvey(ctx.app.db, surveyId);
      return sendSurveyReminders(ctx.app, ctx.actor, surveyId, callerScope(ctx));
    },
  },
  'surveys.reportPdf': { access: COORDINATION, run: ({ surveyId }, ctx) => issueSurveyReport(ctx, surveyId) },
};
