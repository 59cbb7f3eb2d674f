/**
 * The contract of issue 15, cartera y telecobro: the portfolio by age, campaigns and queues, the gestor's desk, contacts, payment commitments, contact rules, reports and commissions.
 * (Registered ahead of the work so that the module's handlers join the table without touching the index.)
 */

export const collectionsSchemas = {};

export type CollectionsOutputs = Record<never, never>;
