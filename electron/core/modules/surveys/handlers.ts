import type { HandlerTable } from '../../context';
import { sessionOf } from '../../context';
import { callerScope } from '../../officeScope';
import { answerSurvey, createSurvey, drawSample, getSurvey, listSurveys, planSample, surveyReport } from './service';

const EVERYONE = ['cajero', 'auxiliar', 'gestor', 'coordinador', 'administrador'] as const;
const COORDINATION = ['coordinador', 'administrador'] as const;

/** The handlers of issue 19: satisfaction surveys (NSU, NPS, CSAT). */
export const surveysHandlers: Pick<HandlerTable, 'surveys.list' | 'surveys.get' | 'surveys.create' | 'surveys.planSample' | 'surveys.drawSample' | 'surveys.answer' | 'surveys.report'> = {
  /** the definitions are the company's: whoever records answers reads them */
  'surveys.list': { access: EVERYONE, run: (_input, { app }) => listSurveys(app.db) },
  'surveys.get': { access: EVERYONE, run: ({ surveyId }, { app }) => getSurvey(app.db, surveyId) },
  'surveys.create': { access: ['administrador'], run: (input, { app, actor }) => createSurvey(app.db, actor, input) },
  'surveys.planSample': { access: ['administrador'], run: ({ marginBp, confidence }, { app }) => planSample(app.db, marginBp, confidence) },
  'surveys.drawSample': { access: ['administrador'], run: (input, { app, actor }) => drawSample(app.db, actor, input) },
  /** recorded for the office of who asks (the telecobro desk, the counter) */
  'surveys.answer': { access: EVERYONE, run: (input, ctx) => answerSurvey(ctx.app.db, ctx.actor, callerScope(ctx), sessionOf(ctx).user.officeId, input) },
  'surveys.report': { access: COORDINATION, run: ({ surveyId }, ctx) => surveyReport(ctx.app.db, callerScope(ctx), surveyId) },
};
