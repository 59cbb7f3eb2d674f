/**
 * The contract of issue 18, intercambio con el sistema comercial: the day's payments and acts exported for the billing system.
 * (Registered ahead of the work so that the module's handlers join the table without touching the index.)
 */

export const exchangeSchemas = {};

export type ExchangeOutputs = Record<never, never>;
