/**
 * The contract of issue 19: satisfaction surveys (NSU, NPS, CSAT).
 * (Registered ahead of the work so that the module's handlers join the table without touching the index.)
 */

export const surveysSchemas = {};

export type SurveysOutputs = Record<never, never>;
