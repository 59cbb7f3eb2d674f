/**
 * The contract of issue 16, acuerdos de pago: simulation, approval, the acta, activation at the till, installments and the monitor.
 * (Registered ahead of the work so that the module's handlers join the table without touching the index.)
 */

export const agreementsSchemas = {};

export type AgreementsOutputs = Record<never, never>;
