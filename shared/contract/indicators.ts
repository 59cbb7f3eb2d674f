/**
 * The contract of issue 19: indicators and the informe de gestión comercial.
 * (Registered ahead of the work so that the module's handlers join the table without touching the index.)
 */

export const indicatorsSchemas = {};

export type IndicatorsOutputs = Record<never, never>;
